import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// Several lines of text (an opinion, a reason, what is missing) in the desk's style.
ScrollView {
    id: root

    property alias text: area.text
    property alias placeholderText: area.placeholderText
    property string label: ""
    property alias area: area

    implicitHeight: 96
    clip: true
    background: Rectangle {
        radius: Theme.radius.small
        color: Theme.surface
        border.width: area.activeFocus ? 2 : 1
        border.color: area.activeFocus ? Theme.primary : Theme.border
    }
    TextArea {
        id: area
        font.family: DeskStyle.fontFamily
        font.pixelSize: DeskStyle.body
        color: Theme.text
        placeholderTextColor: Theme.muted
        wrapMode: TextArea.Wrap
        selectByMouse: true
        Accessible.name: root.label
        background: null
        // Tab moves on; it does not type a tab into the opinion.
        Keys.onTabPressed: (event) => { nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason) }
    }
}
