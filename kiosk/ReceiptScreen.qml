import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk
import OneWindow.Print

// The application is saved: what was applied for, by whom (masked), its number and date, the
// promised time, the signed receipt code to photograph or print, and what happens next. A kiosk
// not yet enrolled with the county hub keeps the case and says so; nothing here pretends otherwise.
// When printing fails the receipt stays here, with its signed code to photograph.
Item {
    id: root

    required property bool portrait
    readonly property var receipt: KioskSession.receipt
    readonly property string receiptCode: receipt.receiptCode || ""

    Component.onCompleted: PrintService.reset()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        // Everything above the buttons scrolls when it does not fit (a printing problem in
        // landscape); the buttons stay where the hand is.
        Flickable {
            id: scroller
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: content.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            ColumnLayout {
                id: content
                width: scroller.width
                spacing: Theme.space.l

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.space.l
                    Rectangle {
                        width: 96
                        height: 96
                        radius: 48
                        color: Theme.secondarySoft
                        Icon { anchors.centerIn: parent; name: "check"; size: 60 }
                    }
                    KText {
                        objectName: "receiptTitle"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignVCenter
                        text: qsTr("Your application is saved")
                        font.pixelSize: Theme.typeScale.headline
                        font.bold: true
                        color: Theme.success
                    }
                }

                GridLayout {
                    Layout.fillWidth: true
                    columns: root.portrait ? 1 : 2
                    columnSpacing: Theme.space.xxl
                    rowSpacing: Theme.space.l

                    ColumnLayout {
                        objectName: "receiptFacts"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                        spacing: Theme.space.m
                        Repeater {
                            model: [
                                { label: qsTr("Applicant"), value: root.receipt.applicant || "" },
                                { label: qsTr("Service"), value: root.receipt.item || "" },
                                { label: qsTr("Case number"), value: root.receipt.number || "" },
                                { label: qsTr("Date"), value: root.receipt.date ? Qt.formatDate(root.receipt.date, "yyyy-MM-dd") : "" },
                                { label: qsTr("Promised time"),
                                  value: root.receipt.onTheSpot ? qsTr("On the spot")
                                                                : qsTr("%n working day(s)", "", root.receipt.promisedDays || 0) }
                            ]
                            delegate: RowLayout {
                                required property var modelData
                                required property int index
                                Layout.fillWidth: true
                                spacing: Theme.space.xl
                                KText {
                                    Layout.preferredWidth: root.portrait ? 260 : 360
                                    Layout.alignment: Qt.AlignTop
                                    text: modelData.label
                                    color: Theme.muted
                                    font.pixelSize: Theme.typeScale.subtitle
                                }
                                KText {
                                    objectName: "receiptValue" + index
                                    Layout.fillWidth: true
                                    text: modelData.value
                                    font.pixelSize: Theme.typeScale.subtitle
                                    font.bold: true
                                }
                            }
                        }
                    }

                    // The signed receipt code: any kiosk or service window of the county reads it to show
                    // where the case stands.
                    ColumnLayout {
                        objectName: "receiptCodeBlock"
                        visible: root.receiptCode !== ""
                        Layout.alignment: root.portrait ? Qt.AlignHCenter : Qt.AlignTop
                        spacing: Theme.space.s
                        Rectangle {
                            Layout.alignment: Qt.AlignHCenter
                            implicitWidth: root.portrait ? 300 : 280
                            implicitHeight: implicitWidth
                            radius: Theme.radius.medium
                            color: "white"
                            border.color: Theme.divider
                            CodeView {
                                objectName: "receiptCode"
                                anchors.fill: parent
                                anchors.margins: Theme.space.m
                                text: root.receiptCode
                            }
                        }
                        KText {
                            Layout.alignment: Qt.AlignHCenter
                            Layout.maximumWidth: 380
                            horizontalAlignment: Text.AlignHCenter
                            text: qsTr("Photograph or print this code. Show it at any kiosk or service window to see how your application is going.")
                            color: Theme.muted
                            font.pixelSize: Theme.typeScale.label
                        }
                    }
                }

                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: next.implicitHeight + 2 * Theme.space.l
                    radius: Theme.radius.medium
                    color: Theme.primarySoft
                    ColumnLayout {
                        id: next
                        anchors.fill: parent
                        anchors.margins: Theme.space.l
                        spacing: Theme.space.s
                        KText {
                            Layout.fillWidth: true
                            text: qsTr("What happens next")
                            font.pixelSize: Theme.typeScale.title
                            font.bold: true
                        }
                        KText {
                            objectName: "receiptNext"
                            Layout.fillWidth: true
                            text: root.receipt.sealed
                                  ? qsTr("Your application is sealed and will be sent to the department as soon as this kiosk is connected; you do not need to wait here. Bring your ID card and the original materials when you collect the result at the county hall's service window.")
                                  : qsTr("Your application is stored encrypted on this kiosk. It is not yet sent to the department: sending, and a printed receipt with a signed code, come when this kiosk is connected to the county hub. Please write down the case number, and bring your ID card and the listed materials to the village service point or the county hall's service window.")
                        }
                    }
                }


                Rectangle {
                    objectName: "printProblem"
                    visible: PrintService.state === PrintService.Failed
                    Layout.fillWidth: true
                    implicitHeight: printProblemText.implicitHeight + 2 * Theme.space.l
                    radius: Theme.radius.medium
                    color: Theme.errorBackground
                    KText {
                        id: printProblemText
                        anchors.fill: parent
                        anchors.margins: Theme.space.l
                        color: Theme.error
                        text: PrintService.message + "\n"
                              + (root.receiptCode !== ""
                                 ? qsTr("Your receipt stays on this screen: you can photograph its code, or print it again.")
                                 : qsTr("Your receipt stays on this screen: please write down the case number, or print it again."))
                    }
                }

                KText {
                    objectName: "printDone"
                    visible: PrintService.state === PrintService.Done
                    Layout.fillWidth: true
                    text: PrintService.message
                    color: Theme.success
                }
            }
        }

        // 好差评: the citizen may rate the service now, once for this case. Portrait: above the
        // two buttons; landscape: beside them, so the receipt keeps its height.
        BigButton {
            objectName: "rateButton"
            visible: root.portrait
            Layout.fillWidth: true
            kind: "secondary"
            iconName: "rating"
            text: qsTr("Rate this service")
            onClicked: KioskSession.rateThisCase()
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.space.l
            BigButton {
                objectName: "printReceiptButton"
                Layout.fillWidth: true
                kind: "quiet"
                text: PrintService.state === PrintService.Failed ? qsTr("Print again") : qsTr("Print receipt")
                enabled: PrintService.state !== PrintService.Printing
                onClicked: PrintService.printReceipt(root.receipt)
            }
            BigButton {
                objectName: "rateButton"
                visible: !root.portrait
                Layout.fillWidth: true
                kind: "secondary"
                iconName: "rating"
                text: qsTr("Rate this service")
                onClicked: KioskSession.rateThisCase()
            }
            BigButton {
                objectName: "finishButton"
                Layout.fillWidth: true
                iconName: "home"
                text: qsTr("Finish")
                onClicked: KioskSession.finish()
            }
        }
    }
}
