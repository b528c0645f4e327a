pragma Singleton
import QtQuick
import OneWindow.Ui

// The desk's dense measures for clerks who work at it all day on a 1920×1080 screen, at arm's
// length with a keyboard and mouse. Colours, spacing and radii are the product's Theme tokens;
// only the type sizes and row heights are the desk's own.
QtObject {
    readonly property int headline: 26
    readonly property int title: 20
    readonly property int subtitle: 17
    readonly property int body: 15
    readonly property int small: 13
    readonly property int rowHeight: 44
    readonly property int controlHeight: 36
    readonly property int sidebarWidth: 248
    readonly property int topBarHeight: 56
    readonly property color sidebar: Theme.primaryDark
    readonly property color sidebarText: Theme.textOnPrimary
    readonly property color sidebarMuted: "#c9d8ea"  // 7.9:1 on the sidebar
    readonly property color sidebarSelected: "#1d66b3"
    readonly property string fontFamily: Theme.fontFamily
}
