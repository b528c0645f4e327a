import QtQuick
import OneWindow.Ui

// Text in the kiosk's typeface, body size, wrapping: the default for every line on screen.
Text {
    font.family: Theme.fontFamily
    font.pixelSize: Theme.typeScale.body
    color: Theme.text
    wrapMode: Text.Wrap
    lineHeight: 1.15
}
