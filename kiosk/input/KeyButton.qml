import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// One key of the on-screen keyboard. Never takes focus: the field keeps it while keys are tapped.
AbstractButton {
    id: root

    // What a screen reader says; the label when empty.
    property string spokenName: ""
    property int textSize: Theme.typeScale.title
    property bool accent: false
    property bool selected: false

    implicitWidth: Theme.touchTarget
    implicitHeight: Theme.touchTarget
    focusPolicy: Qt.NoFocus
    autoRepeat: false

    Accessible.role: Accessible.Button
    Accessible.name: spokenName !== "" ? spokenName : text

    background: Rectangle {
        radius: Theme.radius.small
        color: !root.enabled ? Theme.divider
             : root.accent ? (root.down ? Theme.primaryDark : Theme.primary)
             : root.selected ? Theme.primarySoft
             : root.down ? Theme.surfaceMuted : Theme.surface
        border.width: root.accent ? 0 : 1
        border.color: root.selected ? Theme.primary : Theme.border
    }

    contentItem: Text {
        text: root.text
        font.family: Theme.fontFamily
        font.pixelSize: root.textSize
        font.bold: root.accent || root.selected
        color: !root.enabled ? Theme.muted : root.accent ? Theme.textOnPrimary : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
}
