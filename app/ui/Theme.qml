pragma Singleton
import QtQuick

// The look of OneWindow as named tokens: colour roles, a type scale, spacing steps, radii and
// touch targets. The kiosk is for people who may see and tap poorly: large type, large
// targets, strong contrast (every text colour below is at least 4.5:1 on the surface it is
// meant for). The desk is dense for a clerk's hundred cases a day.
QtObject {
    // Colour roles. Calm government blue with a teal companion; red only where it means
    // "required" or "wrong".
    readonly property color background: "#f2f5f9"      // the page behind cards
    readonly property color surface: "#ffffff"         // cards, fields, lists
    readonly property color surfaceMuted: "#e8eef5"    // quiet panels, selected rows
    readonly property color text: "#1b1f24"
    readonly property color muted: "#4f5965"           // secondary text, 6.7:1 on surface
    readonly property color primary: "#0b5cad"         // actions and links
    readonly property color primaryDark: "#0a4a8c"     // pressed, header band
    readonly property color primarySoft: "#dbe8f6"     // selected chips, icon wells
    readonly property color textOnPrimary: "#ffffff"
    readonly property color secondary: "#0b7a75"       // teal: progress, helpers, reassurance
    readonly property color secondarySoft: "#d8efed"
    readonly property color textOnSecondary: "#ffffff"
    readonly property color warning: "#8a5300"         // countdowns: amber text, 5.9:1 on white
    readonly property color warningSoft: "#fff1d6"
    readonly property color success: "#1e7a34"
    readonly property color accent: "#b3261e"          // government red for headings and the required mark
    readonly property color error: "#b00020"
    readonly property color errorBackground: "#fdecee"
    readonly property color border: "#c7ccd1"
    readonly property color divider: "#dde3ea"
    readonly property color scrim: "#99101820"         // behind dialogs

    readonly property string fontFamily: "WenQuanYi Micro Hei"

    // Type scale of the kiosk, in pixels at 1080 px across the short side. Chinese needs a
    // larger size than Latin text to read at arm's length: body text is never below 26.
    readonly property QtObject typeScale: QtObject {
        readonly property int display: 64     // the home screen's greeting
        readonly property int headline: 48   // a screen's title
        readonly property int title: 38      // a tile, a section
        readonly property int subtitle: 32   // list rows, big buttons
        readonly property int body: 28
        readonly property int label: 26      // captions under icons, hints
        readonly property int small: 22      // the fine print (never for instructions)
    }

    // Spacing steps: use these, not numbers.
    readonly property QtObject space: QtObject {
        readonly property int xs: 4
        readonly property int s: 8
        readonly property int m: 16
        readonly property int l: 24
        readonly property int xl: 32
        readonly property int xxl: 48
        readonly property int xxxl: 64
    }

    readonly property QtObject radius: QtObject {
        readonly property int small: 8
        readonly property int medium: 16
        readonly property int large: 28
        readonly property int pill: 999
    }

    // The smallest thing a finger must hit on the kiosk, and the size of primary actions.
    readonly property int touchTarget: 72
    readonly property int touchTargetLarge: 96

    // Sizes that differ between the kiosk and the desk (the form renderer uses these).
    function bodySize(kiosk) { return kiosk ? 26 : 14 }
    function labelSize(kiosk) { return kiosk ? 28 : 14 }
    function titleSize(kiosk) { return kiosk ? 36 : 18 }
    function controlHeight(kiosk) { return kiosk ? touchTarget : 30 }
    function spacing(kiosk) { return kiosk ? 20 : 6 }
}
