import QtQuick
import QtQuick.Layouts
import OneWindow.Ui

// A titled card of the guide: 办理条件, 申请材料, ... Children go below the title.
Rectangle {
    id: root

    property string title
    property string iconName
    default property alias content: body.data

    implicitHeight: column.implicitHeight + 2 * Theme.space.xl
    radius: Theme.radius.medium
    color: Theme.surface
    border.width: 1
    border.color: Theme.divider

    Column {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.space.xl
        spacing: Theme.space.l

        Row {
            spacing: Theme.space.m
            Icon {
                anchors.verticalCenter: parent.verticalCenter
                visible: root.iconName !== ""
                name: root.iconName
                size: 44
            }
            KText {
                anchors.verticalCenter: parent.verticalCenter
                text: root.title
                font.pixelSize: Theme.typeScale.title
                font.bold: true
                color: Theme.primaryDark
                wrapMode: Text.NoWrap
            }
        }
        Column {
            id: body
            width: parent.width
            spacing: Theme.space.m
        }
    }
}
