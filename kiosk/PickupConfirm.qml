import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// Asked before a visit stops for the service window: what happens to the answers, and what the
// citizen gets. The session decides; this shows the question and its refusal, if any.
Rectangle {
    id: root

    visible: KioskSession.pickupConfirming
    color: Theme.scrim

    MouseArea {
        objectName: "scrim"
        anchors.fill: parent
        Accessible.ignored: true // nothing to a screen reader: it only swallows taps
    }

    Rectangle {
        objectName: "pickupConfirm"
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

            KText {
                Layout.fillWidth: true
                text: qsTr("Continue at the service window?")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: Theme.primaryDark
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("Your answers and the materials you have photographed so far are saved on this kiosk, encrypted. You get a pickup code: show it at the service window, and the staff continue your application from where you stopped. The code is valid for %n day(s).", "", KioskSession.pickupValidDays)
                font.pixelSize: Theme.typeScale.body
            }
            Rectangle {
                objectName: "pickupError"
                visible: KioskSession.pickupError !== ""
                Layout.fillWidth: true
                implicitHeight: errorText.implicitHeight + 2 * Theme.space.l
                radius: Theme.radius.medium
                color: Theme.errorBackground
                KText {
                    id: errorText
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    color: Theme.error
                    text: KioskSession.pickupError
                }
            }
            BigButton {
                objectName: "pickupConfirmButton"
                Layout.fillWidth: true
                iconName: "check"
                text: qsTr("Save and get a pickup code")
                enabled: KioskSession.pickupAvailable
                onClicked: KioskSession.continueAtWindow()
            }
            BigButton {
                objectName: "pickupCancelButton"
                Layout.fillWidth: true
                kind: "quiet"
                text: qsTr("Keep filling in here")
                onClicked: KioskSession.cancelContinueAtWindow()
            }
        }
    }
}
