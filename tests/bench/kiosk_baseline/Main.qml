import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Window

// One window of the kiosk's windowed portrait size with one line of text: nothing else.
Window {
    width: 540
    height: 960
    visible: true
    title: "kiosk baseline"

    ColumnLayout {
        anchors.fill: parent
        Text {
            Layout.alignment: Qt.AlignCenter
            text: "欢迎"
            font.pixelSize: 48
        }
    }
}
