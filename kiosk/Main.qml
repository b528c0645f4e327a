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
    // On the device: no frame, above everything, and no way out (Alt+F4, the window manager's
    // close) but "Quit to the desktop" on the maintenance screen.
    flags: MaintenanceController.windowFlags(windowed)
    onClosing: (close) => { close.accepted = windowed || MaintenanceController.quitAllowed }

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
