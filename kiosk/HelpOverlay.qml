import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// 呼叫帮办员: that the village helper is coming (and how long ago the call went out), or, with the
// county hub out of reach, the helper's phone number. HelpCall decides; this shows it.
Rectangle {
    id: root

    color: Theme.scrim

    MouseArea {
        objectName: "scrim"
        anchors.fill: parent
        Accessible.ignored: true // nothing to a screen reader: it only swallows taps
    }

    Rectangle {
        objectName: "helpOverlay"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.space.xxl, 960)
        implicitHeight: column.implicitHeight + 2 * Theme.space.xxl
        radius: Theme.radius.large
        color: Theme.surface

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.space.xxl
            spacing: Theme.space.xl

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.space.l
                Icon {
                    name: "helper"
                    size: 72
                }
                KText {
                    Layout.fillWidth: true
                    text: qsTr("Call a helper")
                    font.pixelSize: Theme.typeScale.headline
                    font.bold: true
                    color: Theme.primaryDark
                }
            }
            KText {
                objectName: "helpMessage"
                Layout.fillWidth: true
                text: HelpCall.message
                font.pixelSize: Theme.typeScale.body
            }
            KText {
                objectName: "helperPhone"
                visible: HelpCall.phone !== ""
                Layout.fillWidth: true
                text: HelpCall.phone
                font.pixelSize: Theme.typeScale.display
                font.bold: true
                color: Theme.primaryDark
                horizontalAlignment: Text.AlignHCenter
            }
            BigButton {
                objectName: "helpOkButton"
                Layout.fillWidth: true
                iconName: "check"
                text: qsTr("OK")
                onClicked: HelpCall.dismiss()
            }
        }
    }
}
