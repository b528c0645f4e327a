import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The guide (办事指南) of one item: what it takes and what happens, then a big "Start".
// Portrait: summary on top, details scroll, Start at the bottom. Landscape: the summary and
// Start on the left, the details scroll on the right.
Item {
    id: root

    required property bool portrait
    readonly property ItemGuide guide: KioskSession.guide

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        anchors.leftMargin: root.portrait ? Theme.space.xxl : Theme.space.xxxl
        anchors.rightMargin: anchors.leftMargin
        columns: root.portrait ? 1 : 2
        columnSpacing: Theme.space.xxl
        rowSpacing: Theme.space.xl

        // The summary: name, department, the three facts people ask first, and Start.
        ColumnLayout {
            Layout.fillWidth: root.portrait
            // Elder mode's larger type: a wider summary, its three facts side by side.
            Layout.preferredWidth: root.portrait ? -1 : Theme.elder ? 960 : 680
            Layout.fillHeight: !root.portrait
            Layout.alignment: Qt.AlignTop
            // Elder mode in landscape: the summary and Start must fit the height.
            readonly property bool tight: Theme.elder && !root.portrait
            spacing: tight ? Theme.space.m : Theme.space.l

            KText {
                objectName: "guideTitle"
                Layout.fillWidth: true
                text: root.guide.name
                font.pixelSize: parent.tight ? Theme.typeScale.title : Theme.typeScale.headline
                font.bold: true
                color: Theme.primaryDark
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("Handled by %1").arg(root.guide.department)
                color: Theme.muted
            }

            GridLayout {
                Layout.fillWidth: true
                columns: root.portrait || Theme.elder ? 3 : 1
                columnSpacing: Theme.space.m
                rowSpacing: Theme.space.m
                Repeater {
                    model: [
                        { icon: "clock", label: qsTr("Time"), value: root.guide.timeLimit },
                        { icon: "check", label: qsTr("Fee"), value: root.guide.fee },
                        { icon: "home", label: qsTr("Visits"), value: root.guide.visits }
                    ]
                    delegate: Rectangle {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.fillHeight: true
                        implicitHeight: fact.implicitHeight + 2 * Theme.space.l
                        Layout.minimumHeight: implicitHeight // never shorter than its words
                        radius: Theme.radius.medium
                        color: Theme.primarySoft
                        Row {
                            id: fact
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            anchors.margins: Theme.space.l
                            spacing: Theme.space.m
                            Icon {
                                anchors.verticalCenter: parent.verticalCenter
                                name: modelData.icon
                                size: 44
                            }
                            Column {
                                width: parent.width - 44 - Theme.space.m
                                spacing: Theme.space.xs
                                KText {
                                    width: parent.width
                                    text: modelData.label
                                    font.pixelSize: Theme.typeScale.label
                                    color: Theme.muted
                                }
                                KText {
                                    width: parent.width
                                    text: modelData.value
                                    font.pixelSize: Theme.elder && !root.portrait ? Theme.typeScale.label
                                                                                  : Theme.typeScale.body
                                    font.bold: true
                                }
                            }
                        }
                    }
                }
            }

            Item { visible: !root.portrait; Layout.fillHeight: true }

            BigButton {
                objectName: "startButton"
                visible: !root.portrait
                Layout.fillWidth: true
                iconName: "apply"
                text: root.guide.canStart ? qsTr("Start") : qsTr("Not available now")
                enabled: root.guide.canStart
                textSize: Theme.typeScale.title
                implicitHeight: 120
                onClicked: KioskSession.startApplication()
            }
        }

        // The details, scrolling.
        ScrollView {
            id: details
            objectName: "guideDetails"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: availableWidth

            Column {
                width: details.availableWidth
                spacing: Theme.space.l

                GuideSection {
                    width: parent.width
                    title: qsTr("Who may apply")
                    iconName: "helper"
                    Repeater {
                        model: root.guide.conditions
                        delegate: Row {
                            required property string modelData
                            width: parent.width
                            spacing: Theme.space.m
                            Rectangle {
                                y: 16
                                width: 10
                                height: 10
                                radius: 5
                                color: Theme.secondary
                            }
                            KText {
                                width: parent.width - 10 - Theme.space.m
                                text: modelData
                            }
                        }
                    }
                }

                GuideSection {
                    width: parent.width
                    title: qsTr("What to bring")
                    iconName: "idcard"
                    Repeater {
                        model: root.guide.materials
                        delegate: Row {
                            required property var modelData
                            width: parent.width
                            spacing: Theme.space.m
                            Rectangle {
                                id: badge
                                width: 132
                                height: 44
                                radius: Theme.radius.small
                                color: modelData.necessity === "required" ? Theme.primary
                                     : modelData.necessity === "conditional" ? Theme.warningSoft : Theme.surfaceMuted
                                KText {
                                    anchors.centerIn: parent
                                    text: modelData.necessity === "required" ? qsTr("Required")
                                        : modelData.necessity === "conditional" ? qsTr("If it applies")
                                        : qsTr("Optional")
                                    font.pixelSize: Theme.typeScale.small
                                    font.bold: true
                                    color: modelData.necessity === "required" ? Theme.textOnPrimary
                                         : modelData.necessity === "conditional" ? Theme.warning : Theme.text
                                    wrapMode: Text.NoWrap
                                }
                            }
                            Column {
                                width: parent.width - badge.width - Theme.space.m
                                spacing: Theme.space.xs
                                KText {
                                    width: parent.width
                                    text: modelData.name
                                    font.bold: true
                                }
                                KText {
                                    width: parent.width
                                    visible: text !== ""
                                    text: modelData.detail
                                    font.pixelSize: Theme.typeScale.label
                                    color: Theme.muted
                                }
                            }
                        }
                    }
                }

                GuideSection {
                    width: parent.width
                    title: qsTr("What happens next")
                    iconName: "progress"
                    Repeater {
                        model: root.guide.steps
                        delegate: Row {
                            required property var modelData
                            required property int index
                            width: parent.width
                            spacing: Theme.space.m
                            Rectangle {
                                width: 48
                                height: 48
                                radius: 24
                                color: Theme.secondary
                                KText {
                                    anchors.centerIn: parent
                                    text: index + 1
                                    color: Theme.textOnSecondary
                                    font.bold: true
                                    wrapMode: Text.NoWrap
                                }
                            }
                            Column {
                                width: parent.width - 48 - Theme.space.m
                                spacing: Theme.space.xs
                                KText {
                                    width: parent.width
                                    text: modelData.limit === "" ? modelData.step
                                          : qsTr("%1 (%2)").arg(modelData.step).arg(modelData.limit)
                                    font.bold: true
                                }
                                KText {
                                    width: parent.width
                                    text: modelData.who
                                    font.pixelSize: Theme.typeScale.label
                                    color: Theme.muted
                                }
                            }
                        }
                    }
                    KText {
                        width: parent.width
                        visible: root.guide.result !== ""
                        text: qsTr("You receive: %1").arg(root.guide.result)
                        color: Theme.secondary
                        font.bold: true
                    }
                }
            }
        }

        BigButton {
            objectName: "startButton"
            visible: root.portrait
            Layout.fillWidth: true
            iconName: "apply"
            text: root.guide.canStart ? qsTr("Start") : qsTr("Not available now")
            enabled: root.guide.canStart
            textSize: Theme.typeScale.title
            implicitHeight: 120
            onClicked: KioskSession.startApplication()
        }
    }
}
