import QtQuick
import QtQuick.Window
import OneWindow.Desk

// The desk's window: 1920×1080, full screen at the service window; --windowed (and --demo) show
// the same layout scaled into a window.
Window {
    id: window

    required property bool windowed
    readonly property int designWidth: 1920
    readonly property int designHeight: 1080

    width: windowed ? designWidth * 3 / 4 : designWidth
    height: windowed ? designHeight * 3 / 4 : designHeight
    visible: true
    title: qsTr("OneWindow desk")
    color: "black"

    Component.onCompleted: {
        if (!windowed)
            showFullScreen()
    }

    DeskShell {
        width: window.designWidth
        height: window.designHeight
        transformOrigin: Item.TopLeft
        scale: Math.min(window.width / window.designWidth, window.height / window.designHeight)
    }
}
