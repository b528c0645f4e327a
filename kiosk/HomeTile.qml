import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// One of the home screen's large choices: an icon in a well, a title and one line saying what
// it is for. `emphasis` fills the tile with the primary or the secondary colour.
AbstractButton {
    id: root

    property string iconName
    property string subtitle
    property string emphasis: ""    // "", "primary", "secondary"
    readonly property bool filled: emphasis !== ""
    readonly property color fill: emphasis === "secondary" ? Theme.secondary : Theme.primary

    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
    focusPolicy: Qt.TabFocus
    Accessible.name: text
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    implicitHeight: 320
    Accessible.description: subtitle

    background: Rectangle {
        FocusRing { control: root }
        radius: Theme.radius.large
        color: root.filled ? (root.down ? Qt.darker(root.fill, 1.2) : root.fill)
                           : (root.down ? Theme.surfaceMuted : Theme.surface)
        border.width: root.filled ? 0 : 2
        border.color: Theme.divider
    }

    contentItem: Item {
        Column {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.space.xl
            spacing: Theme.space.l

            Rectangle {
                width: 120
                height: 120
                radius: 60
                color: root.filled ? Qt.rgba(1, 1, 1, 0.18) : Theme.primarySoft
                Icon {
                    anchors.centerIn: parent
                    name: root.iconName
                    light: root.filled
                    size: 68
                }
            }
            KText {
                width: parent.width
                text: root.text
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: root.filled ? Theme.textOnPrimary : Theme.text
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            KText {
                width: parent.width
                text: root.subtitle
                font.pixelSize: Theme.typeScale.label
                color: root.filled ? Theme.textOnPrimary : Theme.muted
                maximumLineCount: 2
                elide: Text.ElideRight
            }
        }
    }
}
