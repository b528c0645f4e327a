import QtQuick
import OneWindow.Ui

// A message across the page: an error (red) or a confirmation (teal), closed with Esc or ×.
Rectangle {
    id: root

    property string text: ""
    property bool isError: false
    signal dismissed()

    visible: text !== ""
    implicitHeight: visible ? row.implicitHeight + 2 * Theme.space.m : 0
    radius: Theme.radius.small
    color: isError ? Theme.errorBackground : Theme.secondarySoft
    border.width: 1
    border.color: isError ? Theme.error : Theme.secondary

    Row {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.space.m
        spacing: Theme.space.m
        DText {
            objectName: "bannerText"
            width: parent.width - close.width - Theme.space.m
            text: root.text
            font.pixelSize: DeskStyle.subtitle
            color: root.isError ? Theme.error : Theme.secondary
        }
        DText {
            id: close
            text: "×"
            font.pixelSize: DeskStyle.title
            color: Theme.muted
            Accessible.role: Accessible.Button
            Accessible.name: qsTr("Close the message")
            MouseArea { anchors.fill: parent; anchors.margins: -8; onClicked: root.dismissed() }
        }
    }
}
