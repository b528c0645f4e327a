import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The maintenance screen, after the gesture and the admin PIN: the kiosk's state (sync, outbox,
// devices, disk, self-test, version) and what staff can do (sync now, export packets to a USB
// drive, back to the citizens' screen, quit to the desktop). Nothing of any citizen shows here.
Rectangle {
    id: root

    objectName: "maintenanceScreen"
    required property bool portrait

    color: Theme.background

    // Whether a voice can speak, asked when the screen opens (this starts the speech engine).
    Component.onCompleted: Voice.check()

    MouseArea {
        objectName: "scrim"
        anchors.fill: parent
        Accessible.ignored: true // nothing to a screen reader: it only swallows taps
        acceptedButtons: Qt.AllButtons
    }

    Rectangle {
        id: band
        width: parent.width
        height: 136
        color: Theme.primaryDark
        KText {
            anchors.left: parent.left
            anchors.leftMargin: Theme.space.xxl
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Maintenance")
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.textOnPrimary
            wrapMode: Text.NoWrap
        }
        KText {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xxl
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Version %1").arg(MaintenanceController.version)
            font.pixelSize: Theme.typeScale.label
            color: Theme.textOnPrimary
            wrapMode: Text.NoWrap
        }
    }

    Flickable {
        anchors.top: band.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.xl
        contentHeight: layout.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: layout
            width: parent.width
            columns: root.portrait ? 1 : 2
            columnSpacing: Theme.space.xl
            rowSpacing: Theme.space.xl

            // The state, one row per check.
            Rectangle {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: root.portrait ? -1 : layout.width * 0.6
                implicitHeight: statusColumn.implicitHeight + 2 * Theme.space.l
                radius: Theme.radius.medium
                color: Theme.surface

                ColumnLayout {
                    id: statusColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: Theme.space.l
                    spacing: Theme.space.m
                    Repeater {
                        model: MaintenanceController.status
                        delegate: RowLayout {
                            required property var modelData
                            objectName: "status:" + modelData.name
                            Layout.fillWidth: true
                            spacing: Theme.space.m
                            Rectangle {
                                Layout.alignment: Qt.AlignTop
                                Layout.topMargin: Theme.space.s
                                width: 20
                                height: 20
                                radius: 10
                                color: modelData.state === "ok" ? Theme.success
                                     : modelData.state === "warning" ? Theme.warning
                                     : modelData.state === "problem" ? Theme.error
                                     : Theme.border
                            }
                            KText {
                                Layout.preferredWidth: root.portrait ? 340 : 360
                                Layout.alignment: Qt.AlignTop
                                text: modelData.label
                                font.pixelSize: Theme.typeScale.label
                                color: Theme.muted
                            }
                            KText {
                                objectName: "statusValue:" + modelData.name
                                Layout.fillWidth: true
                                text: modelData.value
                                font.pixelSize: Theme.typeScale.label
                                font.bold: modelData.state === "problem" || modelData.state === "warning"
                                color: modelData.state === "problem" ? Theme.error : Theme.text
                            }
                        }
                    }
                }
            }

            // What staff can do.
            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: Theme.space.l

                KText {
                    objectName: "maintenanceMessage"
                    visible: text !== ""
                    Layout.fillWidth: true
                    text: MaintenanceController.actionMessage
                    font.bold: true
                    color: Theme.primaryDark
                }
                BigButton {
                    objectName: "syncNowButton"
                    Layout.fillWidth: true
                    text: qsTr("Sync now")
                    enabled: MaintenanceController.canSync
                    onClicked: MaintenanceController.syncNow()
                }
                KText {
                    Layout.fillWidth: true
                    text: qsTr("Export waiting packets to a USB drive:")
                    font.pixelSize: Theme.typeScale.label
                }
                KText {
                    objectName: "noExportTarget"
                    visible: exportTargets.count === 0
                    Layout.fillWidth: true
                    text: qsTr("No USB drive found. Insert one and tap Refresh.")
                    font.pixelSize: Theme.typeScale.label
                    color: Theme.muted
                }
                Repeater {
                    id: exportTargets
                    model: MaintenanceController.exportTargets
                    delegate: BigButton {
                        required property var modelData
                        required property int index
                        objectName: "exportTarget:" + index
                        Layout.fillWidth: true
                        kind: "secondary"
                        textSize: Theme.typeScale.body
                        text: modelData.label
                        onClicked: MaintenanceController.exportTo(modelData.path)
                    }
                }
                // The voice: whether it speaks (and why not), its volume, kept in the kiosk's config.
                KText {
                    objectName: "voiceStatus"
                    Layout.fillWidth: true
                    text: qsTr("Voice: %1").arg(Voice.status)
                    font.pixelSize: Theme.typeScale.label
                    font.bold: !Voice.available
                    color: Voice.available ? Theme.text : Theme.error
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.space.m
                    BigButton {
                        objectName: "volumeDownButton"
                        kind: "secondary"
                        text: qsTr("Quieter")
                        enabled: Voice.volume > 0
                        onClicked: Voice.volumeDown()
                    }
                    KText {
                        objectName: "volumeValue"
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("Volume %1%").arg(Voice.volume)
                        font.pixelSize: Theme.typeScale.label
                        wrapMode: Text.NoWrap
                    }
                    BigButton {
                        objectName: "volumeUpButton"
                        kind: "secondary"
                        text: qsTr("Louder")
                        enabled: Voice.volume < 100
                        onClicked: Voice.volumeUp()
                    }
                }
                BigButton {
                    objectName: "testVoiceButton"
                    Layout.fillWidth: true
                    kind: "quiet"
                    iconName: "speaker"
                    text: qsTr("Test the voice")
                    onClicked: Voice.testSpeech()
                }
                BigButton {
                    objectName: "refreshButton"
                    Layout.fillWidth: true
                    kind: "quiet"
                    text: qsTr("Refresh")
                    onClicked: MaintenanceController.refresh()
                }
                BigButton {
                    objectName: "leaveMaintenanceButton"
                    Layout.fillWidth: true
                    iconName: "home"
                    text: qsTr("Back to the citizens' screen")
                    onClicked: MaintenanceController.leave()
                }
                BigButton {
                    objectName: "quitToDesktopButton"
                    Layout.fillWidth: true
                    kind: "quiet"
                    text: qsTr("Quit to the desktop")
                    onClicked: MaintenanceController.quitToDesktop()
                }
            }
        }
    }
}
