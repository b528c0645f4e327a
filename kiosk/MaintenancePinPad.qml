import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The admin PIN keypad, over a scrim that takes every touch. Digits show as dots; the
// controller checks the PIN and says what is wrong (tries left, or locked until when).
Rectangle {
    id: root

    objectName: "maintenancePinPad"
    property string entered: ""

    color: Theme.scrim
    onVisibleChanged: entered = ""

    MouseArea {
        objectName: "scrim"
        anchors.fill: parent
        Accessible.ignored: true // nothing to a screen reader: it only swallows taps
        acceptedButtons: Qt.AllButtons
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.space.xl, 760)
        height: card.implicitHeight + 2 * Theme.space.xxl
        radius: Theme.radius.large
        color: Theme.surface

        ColumnLayout {
            id: card
            anchors.fill: parent
            anchors.margins: Theme.space.xxl
            spacing: Theme.space.l

            KText {
                Layout.fillWidth: true
                text: qsTr("Maintenance")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: Theme.primaryDark
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("Enter the admin PIN.")
                color: Theme.muted
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.touchTargetLarge
                radius: Theme.radius.medium
                color: Theme.surfaceMuted
                KText {
                    objectName: "pinDots"
                    anchors.centerIn: parent
                    text: "●".repeat(root.entered.length)
                    font.pixelSize: Theme.typeScale.headline
                    wrapMode: Text.NoWrap
                }
            }
            KText {
                objectName: "pinMessage"
                visible: text !== ""
                Layout.fillWidth: true
                text: MaintenanceController.pinMessage
                color: Theme.error
                font.bold: true
            }
            GridLayout {
                Layout.fillWidth: true
                LayoutMirroring.enabled: false // digits run left to right in every language
                columns: 3
                rowSpacing: Theme.space.m
                columnSpacing: Theme.space.m
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete"]
                    delegate: BigButton {
                        required property string modelData
                        objectName: "pinKey:" + modelData
                        Layout.fillWidth: true
                        implicitWidth: 180
                        kind: modelData.length === 1 ? "primary" : "quiet"
                        text: modelData === "clear" ? qsTr("Clear")
                            : modelData === "delete" ? qsTr("Delete")
                            : modelData
                        enabled: !MaintenanceController.pinLocked
                        onClicked: {
                            if (modelData === "clear")
                                root.entered = ""
                            else if (modelData === "delete")
                                root.entered = root.entered.slice(0, -1)
                            else if (root.entered.length < 12)
                                root.entered += modelData
                        }
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.space.l
                BigButton {
                    objectName: "pinCancel"
                    Layout.fillWidth: true
                    kind: "quiet"
                    text: qsTr("Cancel")
                    onClicked: MaintenanceController.cancelPin()
                }
                BigButton {
                    objectName: "pinOk"
                    Layout.fillWidth: true
                    text: qsTr("OK")
                    enabled: root.entered.length > 0 && !MaintenanceController.pinLocked
                    onClicked: {
                        const pin = root.entered
                        root.entered = ""
                        MaintenanceController.submitPin(pin)
                    }
                }
            }
        }
    }
}
