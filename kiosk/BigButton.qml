import QtQuick
import QtQuick.Templates as T
import OneWindow.Ui

// A large touch button: filled ("primary", "secondary") or outlined ("quiet"), with an icon.
T.AbstractButton {
    id: root

    property string kind: "primary"
    property string iconName: ""
    property int textSize: Theme.typeScale.subtitle
    readonly property bool filled: kind !== "quiet"
    readonly property color fill: kind === "secondary" ? Theme.secondary : Theme.primary

    implicitHeight: Theme.touchTargetLarge
    implicitWidth: Math.max(260, content.implicitWidth + 2 * Theme.space.xl)
    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
    focusPolicy: Theme.keypad.focusPolicy
    Accessible.name: text
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    background: Rectangle {
        FocusRing { control: root }
        radius: Theme.radius.medium
        color: !root.enabled ? Theme.divider
             : root.filled ? (root.down ? Qt.darker(root.fill, 1.2) : root.fill)
             : (root.down ? Theme.primarySoft : Theme.surface)
        border.width: root.filled ? 0 : 2
        border.color: Theme.primary
    }

    contentItem: Item {
        implicitWidth: content.implicitWidth
        implicitHeight: content.implicitHeight
        Row {
            id: content
            anchors.centerIn: parent
            spacing: Theme.space.m
            Icon {
                visible: root.iconName !== ""
                anchors.verticalCenter: parent.verticalCenter
                name: root.iconName
                light: root.filled && root.enabled
                size: Math.round(root.textSize * 1.3)
            }
            KText {
                anchors.verticalCenter: parent.verticalCenter
                text: root.text
                wrapMode: Text.NoWrap
                font.pixelSize: root.textSize
                font.bold: true
                color: !root.enabled ? Theme.muted : root.filled ? Theme.textOnPrimary : Theme.primary
            }
        }
    }
}
