import QtQuick
import OneWindow.Ui

// Text in the kiosk's typeface, body size, wrapping: the default for every line on screen.
Text {
    font.family: Theme.fontFamily
    font.pixelSize: Theme.typeScale.body
    color: Theme.text
    wrapMode: Text.Wrap
    // Set, not implicit, so that a mirrored (right-to-left) layout aligns every line to the right
    // even where the words themselves run left to right (numbers, names in Latin letters).
    horizontalAlignment: Text.AlignLeft
    lineHeight: 1.15
}
