import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// A desk button: "primary" (filled), "danger" (filled red) or "quiet" (outlined), with its
// keyboard shortcut shown beside the label.
AbstractButton {
    id: root

    property string kind: "primary"
    property string shortcutText: ""
    readonly property bool filled: kind !== "quiet"
    readonly property color fill: kind === "danger" ? Theme.error : Theme.primary

    implicitHeight: DeskStyle.controlHeight
    implicitWidth: content.implicitWidth + 2 * Theme.space.l
    focusPolicy: Qt.StrongFocus
    Accessible.name: text
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    background: Rectangle {
        radius: Theme.radius.small
        color: !root.enabled ? Theme.divider
             : root.filled ? (root.down ? Qt.darker(root.fill, 1.2) : root.fill)
             : (root.down || root.hovered ? Theme.primarySoft : Theme.surface)
        border.width: root.filled ? 0 : 1
        border.color: root.kind === "quiet" ? Theme.primary : "transparent"
        Rectangle {
            anchors.fill: parent
            anchors.margins: -3
            radius: Theme.radius.small + 3
            color: "transparent"
            border.width: 2
            border.color: Theme.focusRing
            visible: root.activeFocus
        }
    }

    contentItem: Item {
        implicitWidth: content.implicitWidth
        implicitHeight: content.implicitHeight
        Row {
            id: content
            anchors.centerIn: parent
            spacing: Theme.space.s
            DText {
                text: root.text
                wrapMode: Text.NoWrap
                font.bold: true
                color: !root.enabled ? Theme.muted : root.filled ? Theme.textOnPrimary : Theme.primary
            }
            DText {
                visible: root.shortcutText !== ""
                anchors.verticalCenter: parent.verticalCenter
                text: root.shortcutText
                wrapMode: Text.NoWrap
                font.pixelSize: DeskStyle.small
                color: !root.enabled ? Theme.muted : root.filled ? "#dbe8f6" : Theme.muted
            }
        }
    }
}
