import QtQuick
import OneWindow.Ui
import OneWindow.Desk

// Who is signed in, the pages their roles allow (from the permission matrix, through
// DeskSession), and signing out.
Rectangle {
    id: root
    objectName: "sidebar"
    color: DeskStyle.sidebar

    Column {
        id: head
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.space.l
        spacing: Theme.space.xs
        DText {
            text: qsTr("OneWindow")
            font.pixelSize: DeskStyle.headline
            font.bold: true
            color: DeskStyle.sidebarText
        }
        DText {
            text: qsTr("Service hall desk")
            font.pixelSize: DeskStyle.small
            color: DeskStyle.sidebarMuted
        }
        Item { width: 1; height: Theme.space.l }
        DText {
            objectName: "operatorName"
            width: parent.width
            text: DeskSession.operatorName
            font.pixelSize: DeskStyle.subtitle
            font.bold: true
            color: DeskStyle.sidebarText
        }
        DText {
            width: parent.width
            text: DeskSession.roleLabel
            font.pixelSize: DeskStyle.small
            color: DeskStyle.sidebarMuted
        }
        DText {
            width: parent.width
            visible: DeskSession.department !== ""
            text: DeskSession.departmentName
            font.pixelSize: DeskStyle.small
            color: DeskStyle.sidebarMuted
        }
        DText {
            width: parent.width
            visible: DeskSession.offline
            text: qsTr("Signed in on this desk only (hub unreachable)")
            font.pixelSize: DeskStyle.small
            color: Theme.warningSoft
        }
    }

    Column {
        id: nav
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: head.bottom
        anchors.topMargin: Theme.space.xl
        Repeater {
            model: DeskSession.pages
            delegate: Rectangle {
                id: entry
                required property var modelData
                readonly property bool current: DeskSession.page === modelData.key
                objectName: "nav-" + modelData.key
                width: nav.width
                height: DeskStyle.rowHeight + 4
                color: current ? DeskStyle.sidebarSelected : (area.containsMouse ? "#14579c" : "transparent")
                Accessible.role: Accessible.PageTab
                Accessible.name: modelData.title
                Rectangle {
                    visible: entry.current
                    width: 4
                    height: parent.height
                    color: Theme.textOnPrimary
                }
                DText {
                    anchors.left: parent.left
                    anchors.leftMargin: Theme.space.l
                    anchors.verticalCenter: parent.verticalCenter
                    text: entry.modelData.title
                    font.pixelSize: DeskStyle.subtitle
                    font.bold: entry.current
                    color: DeskStyle.sidebarText
                }
                DText {
                    anchors.right: parent.right
                    anchors.rightMargin: Theme.space.l
                    anchors.verticalCenter: parent.verticalCenter
                    text: entry.modelData.shortcut
                    font.pixelSize: DeskStyle.small
                    color: DeskStyle.sidebarMuted
                }
                MouseArea {
                    id: area
                    anchors.fill: parent
                    hoverEnabled: true
                    onClicked: DeskSession.page = entry.modelData.key
                }
            }
        }
    }

    Rectangle {
        objectName: "signOut"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: DeskStyle.rowHeight + 12
        color: signOutArea.containsMouse ? "#14579c" : "transparent"
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Sign out")
        Rectangle { width: parent.width; height: 1; color: "#2a6bb0" }
        DText {
            anchors.left: parent.left
            anchors.leftMargin: Theme.space.l
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Sign out")
            font.pixelSize: DeskStyle.subtitle
            color: DeskStyle.sidebarText
        }
        DText {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.l
            anchors.verticalCenter: parent.verticalCenter
            text: "Ctrl+L"
            font.pixelSize: DeskStyle.small
            color: DeskStyle.sidebarMuted
        }
        MouseArea {
            id: signOutArea
            anchors.fill: parent
            hoverEnabled: true
            onClicked: DeskSession.signOut()
        }
    }
}
