import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk
import OneWindow.Print

// The visit stops here and continues at the service window: the signed pickup code as a QR, the
// short code printed big for typing, until when it is valid, what to bring, and the slip to print.
// Nothing personal is shown or printed beyond the item's name. When printing fails the code stays
// on screen to photograph or write down.
Item {
    id: root

    required property bool portrait
    readonly property var pickup: KioskSession.pickup
    readonly property string pickupCode: pickup.pickupCode || ""

    Component.onCompleted: PrintService.reset()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: root.portrait ? Theme.space.xxl : Theme.space.xl
        spacing: root.portrait ? Theme.space.l : Theme.space.m

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
                objectName: "pickupTitle"
                Layout.fillWidth: true
                text: qsTr("Saved: continue at the service window")
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

            Rectangle {
                Layout.alignment: root.portrait ? Qt.AlignHCenter : Qt.AlignTop
                implicitWidth: root.portrait ? 420 : 380
                implicitHeight: implicitWidth
                radius: Theme.radius.medium
                color: "white"
                border.color: Theme.divider
                CodeView {
                    objectName: "pickupCode"
                    anchors.fill: parent
                    anchors.margins: Theme.space.m
                    text: root.pickupCode
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: Theme.space.m
                KText {
                    Layout.fillWidth: true
                    horizontalAlignment: root.portrait ? Text.AlignHCenter : Text.AlignLeft
                    text: qsTr("Pickup code")
                    color: Theme.muted
                    font.pixelSize: Theme.typeScale.subtitle
                }
                KText {
                    objectName: "pickupShortCode"
                    Layout.fillWidth: true
                    horizontalAlignment: root.portrait ? Text.AlignHCenter : Text.AlignLeft
                    text: root.pickup.shortCode || ""
                    font.pixelSize: root.portrait ? 88 : 72
                    font.bold: true
                    font.letterSpacing: 6
                    font.family: "DejaVu Sans Mono"
                    wrapMode: Text.NoWrap
                    color: Theme.primaryDark
                }
                KText {
                    objectName: "pickupItem"
                    Layout.fillWidth: true
                    horizontalAlignment: root.portrait ? Text.AlignHCenter : Text.AlignLeft
                    text: root.pickup.item || ""
                    font.pixelSize: Theme.typeScale.subtitle
                    font.bold: true
                }
                KText {
                    objectName: "pickupValidUntil"
                    Layout.fillWidth: true
                    horizontalAlignment: root.portrait ? Text.AlignHCenter : Text.AlignLeft
                    text: root.pickup.validUntil
                          ? qsTr("Valid until %1").arg(Qt.formatDateTime(root.pickup.validUntil, "yyyy-MM-dd HH:mm"))
                          : ""
                    font.pixelSize: Theme.typeScale.subtitle
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: bring.implicitHeight + 2 * Theme.space.l
                    radius: Theme.radius.medium
                    color: Theme.primarySoft
                    ColumnLayout {
                        id: bring
                        anchors.fill: parent
                        anchors.margins: Theme.space.l
                        spacing: Theme.space.s
                        KText {
                            Layout.fillWidth: true
                            text: qsTr("What to bring to the window")
                            font.pixelSize: Theme.typeScale.title
                            font.bold: true
                        }
                        KText {
                            objectName: "pickupBring"
                            Layout.fillWidth: true
                            text: qsTr("This code (the printed slip or a photograph of it), your ID card, and the original materials the service asks for. Go to the county hall's service window or the village service point before the date above; after it the saved answers are deleted and must be filled in again.")
                        }
                    }
                }
            }
        }

        Item { Layout.fillHeight: true }

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
                      + qsTr("Your pickup code stays on this screen: you can photograph it or write down the short code, or print it again.")
            }
        }

        KText {
            objectName: "printDone"
            visible: PrintService.state === PrintService.Done
            Layout.fillWidth: true
            text: PrintService.message
            color: Theme.success
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.space.l
            BigButton {
                objectName: "printSlipButton"
                Layout.fillWidth: true
                kind: "quiet"
                text: PrintService.state === PrintService.Failed ? qsTr("Print again") : qsTr("Print slip")
                enabled: PrintService.state !== PrintService.Printing
                onClicked: PrintService.printPickupSlip(root.pickup)
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
