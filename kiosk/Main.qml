import QtQuick
import QtQuick.Window
import OneWindow.Kiosk

// The kiosk's window. Full screen on the device; --windowed shows the same layout scaled into
// a window for development and demonstrations.
Window {
    id: window

    required property bool windowed
    required property string orientation   // "portrait", "landscape" or "auto" (from the screen)

    readonly property bool landscape: orientation === "landscape"
                                      || (orientation === "auto" && Screen.width > Screen.height)
    readonly property int designWidth: landscape ? 1920 : 1080
    readonly property int designHeight: landscape ? 1080 : 1920

    width: windowed ? designWidth / 2 : designWidth
    height: windowed ? designHeight / 2 : designHeight
    visible: true
    title: qsTr("OneWindow self-service")
    color: "black"

    Component.onCompleted: {
        if (!windowed)
            showFullScreen()
    }

    KioskShell {
        width: window.designWidth
        height: window.designHeight
        transformOrigin: Item.TopLeft
        scale: Math.min(window.width / window.designWidth, window.height / window.designHeight)
    }
}
