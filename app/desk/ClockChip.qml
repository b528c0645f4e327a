import QtQuick
import OneWindow.Ui

// Working days left on one clock, coloured by urgency: amber when due within 2 working days,
// red when overdue, grey while paused.
Rectangle {
    id: root

    property string text: ""
    property string urgency: "ok"

    implicitWidth: label.implicitWidth + 2 * Theme.space.s
    implicitHeight: label.implicitHeight + Theme.space.xs * 2
    radius: Theme.radius.small
    color: urgency === "overdue" ? Theme.errorBackground
         : urgency === "soon" ? Theme.warningSoft
         : urgency === "paused" ? Theme.surfaceMuted : "transparent"
    DText {
        id: label
        anchors.centerIn: parent
        text: root.text
        wrapMode: Text.NoWrap
        font.bold: root.urgency === "overdue" || root.urgency === "soon"
        color: root.urgency === "overdue" ? Theme.error
             : root.urgency === "soon" ? Theme.warning
             : root.urgency === "paused" ? Theme.muted : Theme.text
    }
}
