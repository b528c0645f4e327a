import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// A choice among a few (a category, a grouping): a rounded label, filled when selected.
AbstractButton {
    id: root

    property bool selected: false
    property int count: -1
    // In a column: the text wraps to a second line instead of being cut.
    property bool wide: false

    implicitHeight: Math.max(Theme.touchTarget, wide ? label.implicitHeight + 2 * Theme.space.s : 0)
    implicitWidth: Math.max(Theme.touchTarget, label.implicitWidth)
    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
    focusPolicy: Theme.keypad.focusPolicy
    Accessible.name: text
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    background: Rectangle {
        FocusRing { control: root }
        radius: Theme.radius.small + 4
        color: root.selected ? Theme.primary : (root.down ? Theme.surfaceMuted : Theme.surface)
        border.width: root.selected ? 0 : 2
        border.color: Theme.border
    }
    contentItem: KText {
        id: label
        text: root.count >= 0 ? root.text + "  " + root.count : root.text
        font.pixelSize: Theme.typeScale.label
        font.bold: root.selected
        color: root.selected ? Theme.textOnPrimary : Theme.text
        verticalAlignment: Text.AlignVCenter
        horizontalAlignment: Text.AlignLeft
        wrapMode: root.wide ? Text.Wrap : Text.NoWrap
        maximumLineCount: root.wide ? 2 : 1
        elide: Text.ElideRight
        leftPadding: Theme.space.l
        rightPadding: Theme.space.l
    }
}
