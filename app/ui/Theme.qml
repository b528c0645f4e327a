pragma Singleton
import QtQuick

// The look of OneWindow as named tokens: colour roles, a type scale, spacing steps, radii and
// touch targets. The kiosk is for people who may see and tap poorly: large type, large
// targets, strong contrast (every text colour below is at least 4.5:1 on the surface it is
// meant for, 7:1 in elder mode: tests/kiosk/tst_kioskcontrast measures each pair the kiosk
// uses). The desk is dense for a clerk's hundred cases a day.
QtObject {
    id: theme

    // Elder mode (适老化): type 1.5 times larger, touch targets of at least 96 px, and colours of
    // at least 7:1 contrast (WCAG 2.1 AAA) instead of 4.5:1. Every token below follows it.
    property bool elder: false

    // Colour roles. Calm government blue with a teal companion; red only where it means
    // "required" or "wrong".
    readonly property color background: elder ? "#ffffff" : "#f2f5f9"  // the page behind cards
    readonly property color surface: "#ffffff"         // cards, fields, lists
    readonly property color surfaceMuted: elder ? "#eef2f6" : "#e8eef5"  // quiet panels, selected rows
    readonly property color text: elder ? "#000000" : "#1b1f24"
    readonly property color muted: elder ? "#2b323a" : "#4f5965"  // secondary text, 6.7:1 on surface
    readonly property color primary: elder ? "#083f7a" : "#0b5cad"  // actions and links
    readonly property color primaryDark: elder ? "#06305e" : "#0a4a8c"  // pressed, header band
    readonly property color primarySoft: elder ? "#e3edf8" : "#dbe8f6"  // selected chips, icon wells
    readonly property color textOnPrimary: "#ffffff"
    readonly property color secondary: elder ? "#05524e" : "#0a716c"  // teal: progress, helpers, reassurance
    readonly property color secondarySoft: elder ? "#e4f4f2" : "#d8efed"
    readonly property color textOnSecondary: "#ffffff"
    readonly property color warning: elder ? "#5a3600" : "#8a5300"  // countdowns: amber text, 5.9:1 on white
    readonly property color warningSoft: elder ? "#fff5e0" : "#fff1d6"
    readonly property color success: elder ? "#0f4d22" : "#1e7a34"
    // Government red for headings and the required mark.
    readonly property color accent: elder ? "#8a1812" : "#b3261e"
    readonly property color error: elder ? "#8a0018" : "#b00020"
    readonly property color errorBackground: elder ? "#fdeef0" : "#fdecee"
    readonly property color border: elder ? "#5f6a76" : "#c7ccd1"
    readonly property color divider: elder ? "#aeb6bf" : "#dde3ea"
    readonly property color scrim: "#99101820"         // behind dialogs
    readonly property color focusRing: "#1b1f24"       // the keypad's focus, around the focused item
    readonly property int focusRingWidth: 4

    readonly property string fontFamily: "WenQuanYi Micro Hei"

    // Type scale of the kiosk, in pixels at 1080 px across the short side. Chinese needs a
    // larger size than Latin text to read at arm's length: body text is never below 26.
    readonly property QtObject typeScale: QtObject {
        readonly property int display: theme.elder ? 96 : 64     // the home screen's greeting
        readonly property int headline: theme.elder ? 72 : 48   // a screen's title
        readonly property int title: theme.elder ? 57 : 38      // a tile, a section
        readonly property int subtitle: theme.elder ? 48 : 32   // list rows, big buttons
        readonly property int body: theme.elder ? 42 : 28
        readonly property int label: theme.elder ? 39 : 26      // captions under icons, hints
        readonly property int small: theme.elder ? 33 : 22      // the fine print (never for instructions)
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
    readonly property int touchTarget: elder ? 96 : 72
    readonly property int touchTargetLarge: elder ? 128 : 96

    // Sizes that differ between the kiosk and the desk (the form renderer uses these); elder mode
    // makes the kiosk's 1.5 times larger.
    function bodySize(kiosk) { return kiosk ? (elder ? 39 : 26) : 14 }
    function labelSize(kiosk) { return kiosk ? (elder ? 42 : 28) : 14 }
    function titleSize(kiosk) { return kiosk ? (elder ? 54 : 36) : 18 }
    function controlHeight(kiosk) { return kiosk ? touchTarget : 30 }
    function spacing(kiosk) { return kiosk ? 20 : 6 }
}
