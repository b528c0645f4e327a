import QtQuick
import OneWindow.Ui

// One card of horizontal bars: a title and, per entry ({label, count, fraction}), its name, a bar
// as long as its share of the largest and its count. Drawn with the theme's tokens only.
Rectangle {
    id: root

    property string title: ""
    property var entries: []
    property color barColor: Theme.primary
    property string emptyText: qsTr("Nothing in this period.")

    radius: Theme.radius.medium
    color: Theme.surface
    border.width: 1
    border.color: Theme.divider
    clip: true

    DText {
        id: heading
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.space.l
        text: root.title
        font.pixelSize: DeskStyle.title
        font.bold: true
        wrapMode: Text.NoWrap
        elide: Text.ElideRight
    }

    Column {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: heading.bottom
        anchors.margins: Theme.space.l
        spacing: Theme.space.s

        Repeater {
            model: root.entries
            delegate: Item {
                id: bar
                required property var modelData
                width: parent.width
                height: DeskStyle.controlHeight
                Accessible.role: Accessible.StaticText
                Accessible.name: modelData.label + ": " + modelData.count

                DText {
                    id: name
                    width: Math.round(parent.width * 0.38)
                    anchors.verticalCenter: parent.verticalCenter
                    text: bar.modelData.label
                    wrapMode: Text.NoWrap
                    elide: Text.ElideRight
                }
                Rectangle {
                    id: track
                    anchors.left: name.right
                    anchors.leftMargin: Theme.space.m
                    anchors.right: count.left
                    anchors.rightMargin: Theme.space.m
                    anchors.verticalCenter: parent.verticalCenter
                    height: Math.round(DeskStyle.controlHeight * 0.55)
                    radius: Theme.radius.small
                    color: Theme.surfaceMuted
                    Rectangle {
                        width: Math.max(radius * 2, track.width * bar.modelData.fraction)
                        height: parent.height
                        radius: parent.radius
                        color: root.barColor
                    }
                }
                DText {
                    id: count
                    width: 64
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    horizontalAlignment: Text.AlignRight
                    text: bar.modelData.count
                    font.bold: true
                    wrapMode: Text.NoWrap
                }
            }
        }
    }

    DText {
        anchors.centerIn: parent
        visible: root.entries.length === 0
        text: root.emptyText
        color: Theme.muted
    }
}
