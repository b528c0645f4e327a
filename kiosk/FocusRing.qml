import QtQuick
import QtQuick.Templates as T
import OneWindow.Ui

// The ring around the item a hardware keypad's Tab has reached: drawn just outside the item's
// background (make it the background's child), only for keyboard focus, never for a tap.
// The ring exists only while the control has keyboard focus: a hidden ring would still be
// painted when the scene is first drawn (Qt Quick draws a rectangle's picture whether it is
// shown or not), on every button of the home screen before the kiosk's first frame.
Loader {
    id: ring

    // The control whose focus it shows.
    required property T.AbstractButton control
    // On the dark top band the ring is light.
    property bool onDark: false

    anchors.fill: parent
    anchors.margins: -(Theme.focusRingWidth + 2)
    active: control.visualFocus
    sourceComponent: Rectangle {
        radius: (ring.parent && ring.parent.radius !== undefined ? ring.parent.radius : 0) + Theme.focusRingWidth + 2
        color: "transparent"
        border.width: Theme.focusRingWidth
        border.color: ring.onDark ? Theme.textOnPrimary : Theme.focusRing
    }
}
