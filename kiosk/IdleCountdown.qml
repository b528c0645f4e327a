import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// Shown during the last seconds before an unattended visit ends. The idle watch decides when;
// this only shows it and passes on the answer.
Rectangle {
    id: root

    readonly property IdleWatch idle: KioskSession.idle

    visible: idle.warning
    color: Theme.scrim

    // Taps on the scrim count as activity (the application's filter sees them) and go no further.
    MouseArea {
        objectName: "scrim"
        anchors.fill: parent
        Accessible.ignored: true // nothing to a screen reader: it only swallows taps
    }

    Rectangle {
        objectName: "idleCountdown"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.space.xxl, 900)
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

            Rectangle {
                Layout.alignment: Qt.AlignHCenter
                width: 180
                height: 180
                radius: 90
                color: Theme.warningSoft
                border.width: 6
                border.color: Theme.warning
                KText {
                    objectName: "idleSecondsLeft"
                    anchors.centerIn: parent
                    text: root.idle.secondsLeft
                    font.pixelSize: 80
                    font.bold: true
                    color: Theme.warning
                    wrapMode: Text.NoWrap
                }
            }
            KText {
                objectName: "idleQuestion"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Need more time?")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
            }
            KText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("In %n second(s) this kiosk returns to the start and clears what you entered.", "",
                           root.idle.secondsLeft)
                font.pixelSize: Theme.typeScale.body
                color: Theme.muted
            }
            BigButton {
                objectName: "moreTimeButton"
                Layout.fillWidth: true
                iconName: "clock"
                text: qsTr("Yes, I need more time")
                onClicked: root.idle.activity()
            }
            BigButton {
                objectName: "endVisitButton"
                Layout.fillWidth: true
                kind: "quiet"
                text: qsTr("No, I am done")
                onClicked: KioskSession.finish()
            }
        }
    }
}
