pragma Singleton
import QtQuick

// Colours and sizes. The kiosk is for people who may see and tap poorly: large type, large
// targets, strong contrast. The desk is dense for a clerk's hundred cases a day.
QtObject {
    readonly property color background: "#f3f5f7"
    readonly property color surface: "#ffffff"
    readonly property color text: "#1b1f24"
    readonly property color muted: "#57606a"
    readonly property color accent: "#b3261e"     // government red for headings and the required mark
    readonly property color primary: "#0b5cad"
    readonly property color error: "#b00020"
    readonly property color errorBackground: "#fdecee"
    readonly property color border: "#c7ccd1"
    readonly property string fontFamily: "WenQuanYi Micro Hei"

    function bodySize(kiosk) { return kiosk ? 26 : 14 }
    function labelSize(kiosk) { return kiosk ? 28 : 14 }
    function titleSize(kiosk) { return kiosk ? 36 : 18 }
    function controlHeight(kiosk) { return kiosk ? 72 : 30 }
    function spacing(kiosk) { return kiosk ? 20 : 6 }
}
