import QtQuick
import OneWindow.Ui

// The ring around the item a hardware keypad's Tab has reached: drawn just outside the item's
// background (make it the background's child), only for keyboard focus, never for a tap.
Rectangle {
    // The control whose focus it shows.
    required property Item control
    // On the dark top band the ring is light.
    property bool onDark: false

    anchors.fill: parent
    anchors.margins: -(Theme.focusRingWidth + 2)
    radius: (parent && parent.radius !== undefined ? parent.radius : 0) + Theme.focusRingWidth + 2
    color: "transparent"
    border.width: Theme.focusRingWidth
    border.color: onDark ? Theme.textOnPrimary : Theme.focusRing
    visible: control.visualFocus
}
