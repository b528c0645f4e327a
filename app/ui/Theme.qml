pragma Singleton
import QtQuick
import OneWindow.Ui

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

    // The type scale of the kiosk, spacing steps and radii (app/ui/ThemeTokens.h: typed, so that
    // the QML compiler compiles the bindings that use them).
    readonly property ThemeTypeScale typeScale: ThemeTypeScale {
        elder: theme.elder
    }

    readonly property ThemeSpace space: ThemeSpace {}

    readonly property ThemeRadius radius: ThemeRadius {}

    // Keypad focus (Theme.keypad.focusPolicy: by Tab, never by a tap) and the reading direction
    // (Theme.direction.rightToLeft), also from app/ui/ThemeTokens.h.
    readonly property ThemeKeypad keypad: ThemeKeypad {}
    readonly property ThemeDirection direction: ThemeDirection {}

    // The smallest thing a finger must hit on the kiosk, and the size of primary actions.
    readonly property int touchTarget: elder ? 96 : 72
    readonly property int touchTargetLarge: elder ? 128 : 96

    // Sizes that differ between the kiosk and the desk (the form renderer uses these); elder mode
    // makes the kiosk's 1.5 times larger.
    function bodySize(kiosk: bool): int { return kiosk ? (elder ? 39 : 26) : 14 }
    function labelSize(kiosk: bool): int { return kiosk ? (elder ? 42 : 28) : 14 }
    function titleSize(kiosk: bool): int { return kiosk ? (elder ? 54 : 36) : 18 }
    function controlHeight(kiosk: bool): int { return kiosk ? touchTarget : 30 }
    function spacing(kiosk: bool): int { return kiosk ? 20 : 6 }
}
