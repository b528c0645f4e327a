import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// A list to choose from in the desk's look: framed like DeskField, with the product's chevron.
ComboBox {
    id: root

    implicitHeight: DeskStyle.controlHeight + 4
    font.family: DeskStyle.fontFamily
    font.pixelSize: DeskStyle.body
    leftPadding: Theme.space.m
    rightPadding: 20 + 2 * Theme.space.s

    background: Rectangle {
        radius: Theme.radius.small
        color: Theme.surface
        border.width: root.visualFocus || root.down ? 2 : 1
        border.color: root.visualFocus || root.down ? Theme.primary : Theme.border
    }
    indicator: Image {
        x: root.width - width - Theme.space.s
        y: (root.height - height) / 2
        width: 20
        height: 20
        source: Icons.source("chevron", false)
        sourceSize: Qt.size(width, height)
        rotation: 90 // the list opens downwards
    }
}
