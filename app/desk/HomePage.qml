import QtQuick
import OneWindow.Ui
import OneWindow.Desk

// The overview: who is signed in, what their roles let them do here, and the keys.
Rectangle {
    id: root
    objectName: "homePage"
    color: Theme.background

    Column {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        DText {
            text: qsTr("Good day, %1").arg(DeskSession.operatorName)
            font.pixelSize: 30
            font.bold: true
        }
        DText {
            text: DeskSession.department !== "" ? qsTr("%1 · %2").arg(DeskSession.roleLabel).arg(DeskSession.departmentName)
                                                : DeskSession.roleLabel
            color: Theme.muted
            font.pixelSize: DeskStyle.subtitle
        }
        Banner {
            width: Math.min(parent.width, 1200)
            text: DeskSession.message
            isError: DeskSession.offline
            onDismissed: DeskSession.clearMessage()
        }

        Flow {
            width: parent.width
            spacing: Theme.space.l
            Repeater {
                model: DeskSession.pages
                delegate: Rectangle {
                    id: tile
                    required property var modelData
                    visible: modelData.key !== "home"
                    width: 360
                    height: 140
                    radius: Theme.radius.medium
                    color: tileArea.containsMouse ? Theme.primarySoft : Theme.surface
                    border.width: 1
                    border.color: Theme.divider
                    Column {
                        anchors.fill: parent
                        anchors.margins: Theme.space.l
                        spacing: Theme.space.s
                        DText {
                            text: tile.modelData.title
                            font.pixelSize: DeskStyle.title
                            font.bold: true
                            color: Theme.primary
                        }
                        DText {
                            width: parent.width
                            text: tile.modelData.key === "queue"
                                  ? qsTr("Your department's cases, most urgent first, with the promised and statutory clocks.")
                                  : tile.modelData.key === "accept"
                                    ? qsTr("Identify the citizen, fill the form, check each material, accept or refuse.")
                                    : ""
                            color: Theme.muted
                        }
                        DText {
                            text: qsTr("Key: %1").arg(tile.modelData.shortcut)
                            font.pixelSize: DeskStyle.small
                            color: Theme.muted
                        }
                    }
                    MouseArea {
                        id: tileArea
                        anchors.fill: parent
                        hoverEnabled: true
                        onClicked: DeskSession.page = tile.modelData.key
                    }
                }
            }
        }

        DText {
            width: Math.min(parent.width, 1200)
            visible: DeskSession.pages.length <= 1
            text: qsTr("This desk has no work for your role yet. Your sign-in and what you do are recorded.")
            font.pixelSize: DeskStyle.subtitle
            color: Theme.muted
        }

        Rectangle {
            width: 560
            height: keys.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: Theme.surface
            border.width: 1
            border.color: Theme.divider
            Column {
                id: keys
                anchors.fill: parent
                anchors.margins: Theme.space.l
                spacing: Theme.space.s
                DText { text: qsTr("Keyboard"); font.bold: true; font.pixelSize: DeskStyle.subtitle }
                Repeater {
                    model: [
                        ["F1", qsTr("Overview")],
                        ["F2", qsTr("Review queue")],
                        ["F3", qsTr("Accept an application")],
                        ["F6", qsTr("Corrections")],
                        ["Ctrl+Enter", qsTr("Accept (受理)")],
                        ["F5", qsTr("Refresh the queue")],
                        ["↑ ↓  Enter", qsTr("Choose a case and open it")],
                        ["Esc", qsTr("Close the case")],
                        ["Ctrl+L", qsTr("Sign out")]
                    ]
                    delegate: Row {
                        required property var modelData
                        spacing: Theme.space.m
                        DText { width: 140; text: modelData[0]; font.bold: true; color: Theme.primary }
                        DText { text: modelData[1] }
                    }
                }
            }
        }
    }
}
