import QtQuick
import QtQuick.Templates as T
import OneWindow.Ui

// One of the home screen's large choices: an icon in a well, a title and one line saying what
// it is for. `emphasis` fills the tile with the primary or the secondary colour.
T.AbstractButton {
    id: root

    property string iconName
    property string subtitle
    property string emphasis: ""    // "", "primary", "secondary"
    property bool wide: false       // icon beside the text, for a tile across the whole grid
    readonly property bool filled: emphasis !== ""
    readonly property color fill: emphasis === "secondary" ? Theme.secondary : Theme.primary

    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
    focusPolicy: Theme.keypad.focusPolicy
    Accessible.name: text
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    // As wide as Qt Quick Controls' own button would be (the templates alone are imported, so
    // that the home screen starts without the Controls style's modules).
    implicitWidth: Math.max(implicitBackgroundWidth + leftInset + rightInset,
                            implicitContentWidth + leftPadding + rightPadding)
    // As tall as its text needs (elder mode's larger type, a title on two lines).
    implicitHeight: wide ? Math.max(Theme.touchTargetLarge, titleText.implicitHeight + Theme.space.s + subtitleText.implicitHeight)
                           + 2 * Theme.space.l
                         : Math.max(320, well.height + Theme.space.l + titleText.implicitHeight + Theme.space.s
                                         + subtitleText.implicitHeight + 2 * Theme.space.xl)
    Accessible.description: subtitle

    background: Rectangle {
        FocusRing { control: root }
        radius: Theme.radius.large
        color: root.filled ? (root.down ? Qt.darker(root.fill, 1.2) : root.fill)
                           : (root.down ? Theme.surfaceMuted : Theme.surface)
        border.width: root.filled ? 0 : 2
        border.color: Theme.divider
    }

    contentItem: Item {
        // Side by side when the tile is wide (the elder-mode switch; every tile in elder mode's
        // landscape), else stacked.
        Grid {
            id: layout
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.space.xl
            columns: root.wide ? 2 : 1
            columnSpacing: Theme.space.xl
            rowSpacing: Theme.space.l
            verticalItemAlignment: Grid.AlignVCenter

            Rectangle {
                id: well
                width: root.wide || Theme.elder ? 104 : 120
                height: width
                radius: width / 2
                color: root.filled ? Qt.rgba(1, 1, 1, 0.18) : Theme.primarySoft
                Icon {
                    anchors.centerIn: parent
                    name: root.iconName
                    light: root.filled
                    size: root.wide ? 60 : 68
                }
            }
            Column {
                width: root.wide ? layout.width - well.width - layout.columnSpacing : layout.width
                spacing: Theme.space.s
                KText {
                    id: titleText
                    width: parent.width
                    text: root.text
                    font.pixelSize: Theme.typeScale.headline
                    font.bold: true
                    color: root.filled ? Theme.textOnPrimary : Theme.text
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                KText {
                    id: subtitleText
                    width: parent.width
                    text: root.subtitle
                    font.pixelSize: Theme.typeScale.label
                    color: root.filled ? Theme.textOnPrimary : Theme.muted
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
            }
        }
    }
}
