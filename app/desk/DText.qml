import QtQuick
import OneWindow.Ui

// Text in the desk's type and colours.
Text {
    color: Theme.text
    font.family: DeskStyle.fontFamily
    font.pixelSize: DeskStyle.body
    wrapMode: Text.Wrap
    textFormat: Text.PlainText
}
