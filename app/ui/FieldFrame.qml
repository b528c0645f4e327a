import QtQuick
import OneWindow.Ui

// The frame of a typed field or a list: white, outlined, in the brand's colour while it has the
// focus and in the error colour while its answer is wrong. At the kiosk it is rounded and heavier.
Rectangle {
    property bool kiosk: true
    property bool focused: false
    property bool wrong: false

    radius: kiosk ? Theme.radius.medium : 2
    color: Theme.surface
    border.width: kiosk ? (focused || wrong ? 3 : 2) : (focused ? 2 : 1)
    border.color: wrong ? Theme.error : focused ? Theme.primary : Theme.border
}
