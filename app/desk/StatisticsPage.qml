import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// The hall supervisor's statistics (大厅运行统计), counted by the county hub over every device:
// today or this month; headline tiles; cases by item, department and channel and ratings by
// level as bars; the most overdue case numbers; Export CSV into the desk's exports folder.
// Keys: F5 reads the figures again, Ctrl+E exports.
Rectangle {
    id: root
    objectName: "statisticsPage"
    color: Theme.background

    readonly property var stats: DeskSession.statistics

    Shortcut { sequence: "F5"; onActivated: root.stats.refresh() }
    Shortcut { sequence: "Ctrl+E"; onActivated: root.stats.exportCsv() }

    function toneColor(tone) {
        return tone === "good" ? Theme.success
             : tone === "warning" ? Theme.warning
             : tone === "bad" ? Theme.error : Theme.text
    }
    function toneFill(tone) {
        return tone === "warning" ? Theme.warningSoft
             : tone === "bad" ? Theme.errorBackground : Theme.surface
    }

    Rectangle {
        id: topBar
        anchors.left: parent.left
        anchors.right: parent.right
        height: DeskStyle.topBarHeight + 8
        color: Theme.surface
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
        Row {
            anchors.left: parent.left
            anchors.leftMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.space.l
            DText {
                text: qsTr("Hall statistics")
                font.pixelSize: DeskStyle.headline
                font.bold: true
                wrapMode: Text.NoWrap
                anchors.verticalCenter: parent.verticalCenter
            }
            DText {
                objectName: "statisticsRange"
                anchors.verticalCenter: parent.verticalCenter
                text: root.stats.loading ? qsTr("Counting at the county hub…")
                                         : root.stats.rangeLabel !== ""
                                           ? qsTr("%1 · all devices of the county").arg(root.stats.rangeLabel) : ""
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
                wrapMode: Text.NoWrap
            }
        }
        Row {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.space.m
            DeskButton {
                objectName: "periodToday"
                text: qsTr("Today")
                kind: root.stats.period === "today" ? "primary" : "quiet"
                onClicked: root.stats.period = "today"
            }
            DeskButton {
                objectName: "periodMonth"
                text: qsTr("This month")
                kind: root.stats.period === "month" ? "primary" : "quiet"
                onClicked: root.stats.period = "month"
            }
            Item { width: Theme.space.l; height: 1 }
            DeskButton {
                objectName: "refreshStatistics"
                text: qsTr("Refresh")
                shortcutText: "F5"
                kind: "quiet"
                enabled: !root.stats.loading
                onClicked: root.stats.refresh()
            }
            DeskButton {
                objectName: "exportStatistics"
                text: qsTr("Export CSV")
                shortcutText: "Ctrl+E"
                enabled: root.stats.loaded
                onClicked: root.stats.exportCsv()
            }
        }
    }

    Banner {
        id: banner
        objectName: "statisticsBanner"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topBar.bottom
        anchors.margins: Theme.space.l
        text: root.stats.message
        isError: root.stats.messageIsError
        onDismissed: root.stats.clearMessage()
    }

    Row {
        id: tiles
        objectName: "statisticsTiles"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: banner.visible ? banner.bottom : topBar.bottom
        anchors.margins: Theme.space.l
        spacing: Theme.space.m
        readonly property int tileWidth: (width - spacing * 5) / 6
        Repeater {
            model: root.stats.tiles
            delegate: Rectangle {
                id: tile
                required property var modelData
                objectName: "tile-" + modelData.key
                width: tiles.tileWidth
                height: 132
                radius: Theme.radius.medium
                color: root.toneFill(modelData.tone)
                border.width: 1
                border.color: modelData.tone === "bad" ? Theme.error
                            : modelData.tone === "warning" ? Theme.warning : Theme.divider
                Accessible.role: Accessible.StaticText
                Accessible.name: modelData.label + ": " + modelData.value
                Column {
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    spacing: Theme.space.xs
                    DText {
                        width: parent.width
                        text: tile.modelData.label
                        color: Theme.muted
                        wrapMode: Text.NoWrap
                        elide: Text.ElideRight
                    }
                    DText {
                        objectName: "tileValue-" + tile.modelData.key
                        width: parent.width
                        text: tile.modelData.value
                        font.pixelSize: 40
                        font.bold: true
                        color: root.toneColor(tile.modelData.tone)
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: parent.width
                        text: tile.modelData.note
                        font.pixelSize: DeskStyle.small
                        color: Theme.muted
                        wrapMode: Text.NoWrap
                        elide: Text.ElideRight
                    }
                }
            }
        }
    }

    Item {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: tiles.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l

        readonly property int listWidth: 480
        readonly property int gap: Theme.space.m
        readonly property int cardWidth: (width - listWidth - 2 * gap) / 2
        readonly property int cardHeight: (height - gap) / 2

        StatBars {
            objectName: "barsByItem"
            x: 0; y: 0
            width: body.cardWidth; height: body.cardHeight
            title: qsTr("Cases by service item")
            entries: root.stats.byItem.slice(0, 8)
        }
        StatBars {
            objectName: "barsByDepartment"
            x: body.cardWidth + body.gap; y: 0
            width: body.cardWidth; height: body.cardHeight
            title: qsTr("Cases by department")
            entries: root.stats.byDepartment.slice(0, 8)
            barColor: Theme.primaryDark
        }
        StatBars {
            objectName: "barsByChannel"
            x: 0; y: body.cardHeight + body.gap
            width: body.cardWidth; height: body.cardHeight
            title: qsTr("Cases by channel")
            entries: root.stats.byChannel
            barColor: Theme.secondary
        }
        StatBars {
            objectName: "barsRatings"
            x: body.cardWidth + body.gap; y: body.cardHeight + body.gap
            width: body.cardWidth; height: body.cardHeight
            title: qsTr("Ratings by level")
            entries: root.stats.ratings
            barColor: Theme.warning
            emptyText: qsTr("No rating in this period.")
        }

        Rectangle {
            objectName: "overdueCard"
            x: 2 * (body.cardWidth + body.gap)
            width: body.listWidth
            height: body.height
            radius: Theme.radius.medium
            color: Theme.surface
            border.width: 1
            border.color: Theme.divider
            clip: true
            DText {
                id: overdueTitle
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.margins: Theme.space.l
                text: qsTr("Most overdue cases")
                font.pixelSize: DeskStyle.title
                font.bold: true
            }
            Rectangle {
                id: overdueHeader
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: overdueTitle.bottom
                anchors.topMargin: Theme.space.m
                height: DeskStyle.rowHeight
                color: Theme.surfaceMuted
                Row {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.space.l
                    spacing: Theme.space.m
                    DText { width: 160; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Case"); font.bold: true; color: Theme.muted; wrapMode: Text.NoWrap; elide: Text.ElideRight }
                    DText { width: 100; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Due"); font.bold: true; color: Theme.muted; wrapMode: Text.NoWrap; elide: Text.ElideRight }
                    DText { width: parent.width - 260 - 2 * parent.spacing - Theme.space.l; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Overdue"); font.bold: true; color: Theme.muted; wrapMode: Text.NoWrap; elide: Text.ElideRight }
                }
            }
            ListView {
                id: overdueList
                objectName: "overdueList"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: overdueHeader.bottom
                anchors.bottom: parent.bottom
                clip: true
                model: root.stats.overdueCases
                ScrollBar.vertical: ScrollBar {}
                delegate: Rectangle {
                    id: overdueRow
                    required property var modelData
                    width: ListView.view.width
                    height: DeskStyle.rowHeight
                    color: Theme.surface
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
                    Row {
                        anchors.fill: parent
                        anchors.leftMargin: Theme.space.l
                        spacing: Theme.space.m
                        DText { width: 160; anchors.verticalCenter: parent.verticalCenter; text: overdueRow.modelData.caseId; font.family: "monospace"; font.pixelSize: DeskStyle.small; wrapMode: Text.NoWrap; elide: Text.ElideRight }
                        DText { width: 100; anchors.verticalCenter: parent.verticalCenter; text: overdueRow.modelData.dueDate; wrapMode: Text.NoWrap }
                        DText {
                            width: parent.width - 260 - 2 * parent.spacing - Theme.space.l
                            anchors.verticalCenter: parent.verticalCenter
                            elide: Text.ElideRight
                            text: qsTr("%n working day(s)", "", overdueRow.modelData.daysOverdue)
                            color: Theme.error
                            font.bold: true
                            wrapMode: Text.NoWrap
                        }
                    }
                }
                DText {
                    anchors.centerIn: parent
                    width: parent.width - 2 * Theme.space.l
                    horizontalAlignment: Text.AlignHCenter
                    visible: overdueList.count === 0
                    text: root.stats.loaded ? qsTr("No case in review is overdue.") : ""
                    color: Theme.muted
                }
            }
        }
    }
}
