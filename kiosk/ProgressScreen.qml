import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// 查询进度: the citizen holds the receipt's code under the scanner and sees where the case
// stands — each step, the department, when, clocks that are paused — and who used the case's data.
// The answer comes from the county hub and holds no personal data.
Item {
    id: root

    required property bool portrait
    readonly property var lookup: KioskSession.progress
    readonly property var result: lookup.result
    readonly property bool hasResult: result.caseNumber !== undefined

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.space.l

            Item { implicitHeight: Theme.space.l }

            KText {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.space.xxl
                Layout.rightMargin: Theme.space.xxl
                text: qsTr("Check progress")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: Theme.primaryDark
            }

            // Before an answer: how to show the code.
            Rectangle {
                objectName: "progressPrompt"
                visible: !root.hasResult
                Layout.fillWidth: true
                Layout.leftMargin: Theme.space.xxl
                Layout.rightMargin: Theme.space.xxl
                implicitHeight: prompt.implicitHeight + 2 * Theme.space.xl
                radius: Theme.radius.large
                color: Theme.surface
                border.color: Theme.divider
                ColumnLayout {
                    id: prompt
                    anchors.fill: parent
                    anchors.margins: Theme.space.xl
                    spacing: Theme.space.l
                    Rectangle {
                        Layout.alignment: Qt.AlignHCenter
                        implicitWidth: 160
                        implicitHeight: 160
                        radius: 80
                        color: Theme.secondarySoft
                        Icon { anchors.centerIn: parent; name: "qrcode"; size: 96 }
                    }
                    KText {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        text: root.lookup.busy ? qsTr("Asking the county hub…")
                                               : qsTr("Hold the code on your receipt under the scanner below the screen.")
                        font.pixelSize: Theme.typeScale.title
                        font.bold: true
                    }
                    KText {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        visible: !root.lookup.busy
                        text: qsTr("Any receipt from a OneWindow kiosk or service window of this county works here. No personal data is shown.")
                        color: Theme.muted
                    }
                    BigButton {
                        objectName: "lastReceiptButton"
                        visible: KioskSession.hasLastReceipt && !root.lookup.busy
                        Layout.alignment: Qt.AlignHCenter
                        kind: "quiet"
                        iconName: "qrcode"
                        text: qsTr("Demonstration: look up the last receipt of this kiosk")
                        onClicked: KioskSession.lookUpLastReceipt()
                    }
                }
            }

            // What went wrong, kindly; the citizen can show another code at once.
            Rectangle {
                objectName: "progressError"
                visible: root.lookup.error !== ""
                Layout.fillWidth: true
                Layout.leftMargin: Theme.space.xxl
                Layout.rightMargin: Theme.space.xxl
                implicitHeight: errorText.implicitHeight + 2 * Theme.space.l
                radius: Theme.radius.medium
                color: Theme.errorBackground
                KText {
                    id: errorText
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    text: root.lookup.error
                    color: Theme.error
                }
            }

            // The case: what, which number, where it stands now.
            Rectangle {
                objectName: "progressSummary"
                visible: root.hasResult
                Layout.fillWidth: true
                Layout.leftMargin: Theme.space.xxl
                Layout.rightMargin: Theme.space.xxl
                implicitHeight: summary.implicitHeight + 2 * Theme.space.xl
                radius: Theme.radius.large
                color: Theme.primaryDark
                ColumnLayout {
                    id: summary
                    anchors.fill: parent
                    anchors.margins: Theme.space.xl
                    spacing: Theme.space.s
                    KText {
                        Layout.fillWidth: true
                        text: root.result.item || ""
                        font.pixelSize: Theme.typeScale.title
                        font.bold: true
                        color: Theme.textOnPrimary
                    }
                    KText {
                        Layout.fillWidth: true
                        text: qsTr("Case number %1").arg(root.result.caseNumber || "")
                        color: Theme.textOnPrimary
                    }
                    RowLayout {
                        Layout.topMargin: Theme.space.m
                        spacing: Theme.space.m
                        Rectangle {
                            implicitWidth: stateText.implicitWidth + 2 * Theme.space.l
                            implicitHeight: stateText.implicitHeight + 2 * Theme.space.s
                            radius: Theme.radius.pill
                            color: Theme.surface
                            KText {
                                id: stateText
                                objectName: "progressState"
                                anchors.centerIn: parent
                                text: root.result.stateLabel || ""
                                font.pixelSize: Theme.typeScale.subtitle
                                font.bold: true
                                color: Theme.primaryDark
                                wrapMode: Text.NoWrap
                            }
                        }
                        KText {
                            objectName: "progressPaused"
                            visible: root.result.paused === true
                            text: qsTr("The clock is paused until this step is done")
                            color: Theme.textOnPrimary
                            font.pixelSize: Theme.typeScale.label
                        }
                    }
                    KText {
                        Layout.fillWidth: true
                        text: root.result.department || ""
                        color: Theme.textOnPrimary
                        font.pixelSize: Theme.typeScale.label
                    }
                }
            }

            // Each step, newest last, on a line like a route.
            KText {
                visible: root.hasResult
                Layout.leftMargin: Theme.space.xxl
                text: qsTr("Steps")
                font.pixelSize: Theme.typeScale.title
                font.bold: true
                color: Theme.primaryDark
            }
            Repeater {
                objectName: "progressSteps"
                model: root.hasResult ? root.result.steps : []
                delegate: RowLayout {
                    required property var modelData
                    required property int index
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.space.xxl
                    Layout.rightMargin: Theme.space.xxl
                    spacing: Theme.space.l
                    Rectangle {
                        Layout.alignment: Qt.AlignTop
                        implicitWidth: 40
                        implicitHeight: 40
                        radius: 20
                        color: modelData.paused ? Theme.warningSoft : Theme.secondarySoft
                        border.width: 3
                        border.color: modelData.paused ? Theme.warning : Theme.secondary
                        KText {
                            anchors.centerIn: parent
                            text: index + 1
                            font.pixelSize: Theme.typeScale.small
                            font.bold: true
                            wrapMode: Text.NoWrap
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.space.xs
                        KText {
                            Layout.fillWidth: true
                            objectName: "progressStepTitle" + index
                            text: modelData.title
                            font.pixelSize: Theme.typeScale.subtitle
                            font.bold: true
                            color: modelData.paused ? Theme.warning : Theme.text
                        }
                        // A special procedure (特别程序): its expected end.
                        KText {
                            objectName: "progressProcedure" + index
                            visible: !!modelData.procedure
                            Layout.fillWidth: true
                            text: modelData.procedure || ""
                            font.pixelSize: Theme.typeScale.label
                            color: Theme.text
                        }
                        KText {
                            Layout.fillWidth: true
                            text: modelData.department + "  ·  " + modelData.at
                            color: Theme.muted
                            font.pixelSize: Theme.typeScale.label
                        }
                    }
                }
            }

            // Who used the case's data at the county hub (数据使用记录).
            KText {
                visible: root.hasResult
                Layout.leftMargin: Theme.space.xxl
                Layout.topMargin: Theme.space.l
                text: qsTr("Who used your application's data")
                font.pixelSize: Theme.typeScale.title
                font.bold: true
                color: Theme.primaryDark
            }
            Repeater {
                objectName: "progressDataUse"
                model: root.hasResult ? root.result.dataUse : []
                delegate: KText {
                    required property var modelData
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.space.xxl
                    Layout.rightMargin: Theme.space.xxl
                    text: modelData.at + "  " + modelData.who + " " + modelData.what
                    font.pixelSize: Theme.typeScale.label
                }
            }

            Item { implicitHeight: Theme.space.xl }
        }
    }
}
