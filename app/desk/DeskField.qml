import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// A one-line text field in the desk's dense style.
TextField {
    id: root

    property string label: ""

    implicitHeight: DeskStyle.controlHeight + 4
    font.family: DeskStyle.fontFamily
    font.pixelSize: DeskStyle.subtitle
    color: Theme.text
    placeholderTextColor: Theme.muted
    selectByMouse: true
    leftPadding: Theme.space.m
    Accessible.name: label
    background: Rectangle {
        radius: Theme.radius.small
        color: Theme.surface
        border.width: root.activeFocus ? 2 : 1
        border.color: root.activeFocus ? Theme.primary : Theme.border
    }
}
