import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// The department's queue, most urgent first, and the case opened beside it, with a filter by
// text (case number or service item) and by state. Keys: ↑↓ choose, Enter opens, F5 refreshes,
// Esc closes the case, Ctrl+F goes to the filter.
Rectangle {
    id: root
    objectName: "queuePage"
    color: Theme.background

    readonly property var review: DeskSession.review

    Shortcut {
        sequence: "F5"
        onActivated: root.review.refresh()
    }
    Shortcut {
        sequence: "Esc"
        enabled: root.review.caseOpen
        onActivated: { root.review.closeCase(); list.forceActiveFocus() }
    }
    Shortcut {
        sequence: "Ctrl+F"
        onActivated: filterField.forceActiveFocus()
    }
    Component.onCompleted: list.forceActiveFocus()

    // The top bar: the page's name, the count, when the list was fetched.
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
                text: qsTr("Review queue")
                font.pixelSize: DeskStyle.headline
                font.bold: true
                anchors.verticalCenter: parent.verticalCenter
            }
            DText {
                objectName: "queueCount"
                anchors.verticalCenter: parent.verticalCenter
                // The hub sends the queue a page at a time: "N of M" while pages remain.
                text: root.review.moreToLoad
                      ? (root.review.queue.count === root.review.queue.totalCount
                         ? qsTr("%1 of %n case(s) loaded", "", root.review.queueTotal).arg(root.review.queue.totalCount)
                         : qsTr("%1 shown · %2 of %n case(s) loaded", "", root.review.queueTotal)
                               .arg(root.review.queue.count).arg(root.review.queue.totalCount))
                    : root.review.queue.count === root.review.queue.totalCount
                      ? qsTr("%n case(s)", "", root.review.queue.count)
                      : qsTr("%1 of %n case(s) shown", "", root.review.queue.totalCount).arg(root.review.queue.count)
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
        }
        Row {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.space.m
            Rectangle {
                objectName: "reviewWaitingPill"
                visible: root.review.waitingToSend > 0
                anchors.verticalCenter: parent.verticalCenter
                width: waitingText.implicitWidth + 2 * Theme.space.m
                height: waitingText.implicitHeight + Theme.space.s * 2
                radius: Theme.radius.pill
                color: Theme.warningSoft
                DText {
                    id: waitingText
                    objectName: "reviewWaiting"
                    anchors.centerIn: parent
                    wrapMode: Text.NoWrap
                    font.bold: true
                    color: Theme.warning
                    text: qsTr("%n decision(s) waiting to send", "", root.review.waitingToSend)
                }
            }
            Rectangle {
                objectName: "hubStatus"
                anchors.verticalCenter: parent.verticalCenter
                width: status.implicitWidth + 2 * Theme.space.m
                height: status.implicitHeight + Theme.space.s * 2
                radius: Theme.radius.pill
                color: root.review.unreachable ? Theme.warningSoft : Theme.secondarySoft
                DText {
                    id: status
                    objectName: "refreshedText"
                    anchors.centerIn: parent
                    wrapMode: Text.NoWrap
                    font.bold: root.review.unreachable
                    color: root.review.unreachable ? Theme.warning : Theme.secondary
                    text: root.review.loading ? qsTr("Asking the county hub…")
                        : root.review.unreachable
                          ? (root.review.lastRefreshed !== ""
                             ? qsTr("County hub unreachable · list as of %1").arg(root.review.lastRefreshed)
                             : qsTr("County hub unreachable · no list fetched yet"))
                        : qsTr("Refreshed %1").arg(root.review.lastRefreshed)
                }
            }
            DeskButton {
                objectName: "refreshButton"
                kind: "quiet"
                text: qsTr("Refresh")
                shortcutText: "F5"
                onClicked: root.review.refresh()
            }
        }
    }

    // The filter: what the reviewer types (case number, item name or id) and the state buttons.
    Row {
        id: filterBar
        objectName: "queueFilterBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topBar.bottom
        anchors.leftMargin: Theme.space.l
        anchors.topMargin: Theme.space.m
        spacing: Theme.space.m

        DeskField {
            id: filterField
            objectName: "queueFilter"
            width: 420
            label: qsTr("Filter the queue")
            placeholderText: qsTr("Case number or service item  (Ctrl+F)")
            text: root.review.queue.filterText
            onTextEdited: root.review.queue.setFilter(text, root.review.queue.stateFilter)
            Keys.onDownPressed: list.forceActiveFocus()
            Keys.onEscapePressed: {
                text = ""
                root.review.queue.setFilter("", root.review.queue.stateFilter)
                list.forceActiveFocus()
            }
        }
        Repeater {
            model: [
                { key: "all", label: qsTr("All") },
                { key: "waiting", label: qsTr("Waiting for a decision") },
                { key: "soon", label: qsTr("Due within 2 days") },
                { key: "overdue", label: qsTr("Overdue") },
                { key: "paused", label: qsTr("Paused") }
            ]
            delegate: DeskButton {
                required property var modelData
                objectName: "stateFilter-" + modelData.key
                anchors.verticalCenter: parent.verticalCenter
                kind: root.review.queue.stateFilter === modelData.key ? "primary" : "quiet"
                text: modelData.label
                Accessible.checked: root.review.queue.stateFilter === modelData.key
                onClicked: root.review.queue.setFilter(root.review.queue.filterText, modelData.key)
            }
        }
    }

    Banner {
        id: banner
        objectName: "reviewBanner"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: filterBar.bottom
        anchors.margins: Theme.space.l
        text: root.review.message
        isError: root.review.messageIsError
        onDismissed: root.review.clearMessage()
    }

    // The list.
    Rectangle {
        id: listCard
        anchors.left: parent.left
        anchors.top: banner.visible ? banner.bottom : filterBar.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        width: root.review.caseOpen ? 780 : parent.width - 2 * Theme.space.l
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider
        clip: true

        readonly property bool wide: !root.review.caseOpen

        // Column header.
        Rectangle {
            id: header
            width: parent.width
            height: DeskStyle.rowHeight
            color: Theme.surfaceMuted
            radius: Theme.radius.medium
            Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: Theme.radius.medium; color: Theme.surfaceMuted }
            Row {
                anchors.fill: parent
                anchors.leftMargin: Theme.space.l
                spacing: Theme.space.m
                DText { width: listCard.wide ? 420 : 220; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Service item"); font.bold: true; color: Theme.muted }
                DText { visible: listCard.wide; width: 300; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Case"); font.bold: true; color: Theme.muted }
                DText { width: listCard.wide ? 180 : 130; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Received"); font.bold: true; color: Theme.muted }
                DText { width: listCard.wide ? 230 : 160; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Promised"); font.bold: true; color: Theme.muted }
                DText { width: listCard.wide ? 230 : 160; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Statutory"); font.bold: true; color: Theme.muted }
                DText { visible: listCard.wide; anchors.verticalCenter: parent.verticalCenter; text: qsTr("State"); font.bold: true; color: Theme.muted }
            }
        }

        ListView {
            id: list
            objectName: "queueList"
            anchors.top: header.bottom
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            clip: true
            model: root.review.queue
            keyNavigationEnabled: true
            onCountChanged: {
                if (count > 0 && (currentIndex < 0 || currentIndex >= count))
                    currentIndex = 0
            }
            highlightMoveDuration: 0
            activeFocusOnTab: true
            Keys.onReturnPressed: root.review.openCase(root.review.queue.caseIdAt(currentIndex))
            Keys.onEnterPressed: root.review.openCase(root.review.queue.caseIdAt(currentIndex))
            ScrollBar.vertical: ScrollBar {}
            // Rows beyond the view are not made ahead on the side: filters reset the model, and
            // Qt 6.4 warns when a reset meets a row half made. Pages are inserted: the list keeps
            // its place and its current row.
            cacheBuffer: 0

            // The next page is asked for as the list nears its end, and at once while what the
            // filter shows does not fill the list.
            function fetchIfNearEnd() {
                if (root.review.moreToLoad && !root.review.loadingMore && root.review.queue.totalCount > 0
                        && contentY + height >= contentHeight - 10 * (DeskStyle.rowHeight + 8))
                    root.review.fetchMore()
            }
            onContentYChanged: fetchIfNearEnd()
            onHeightChanged: Qt.callLater(fetchIfNearEnd)
            // A filter changed resets the model, a page merged in adds rows: the list asks again.
            Connections {
                target: root.review.queue
                function onModelReset() { Qt.callLater(list.fetchIfNearEnd) }
                function onRowsInserted() { Qt.callLater(list.fetchIfNearEnd) }
            }
            Connections {
                target: root.review
                function onPagesChanged() { Qt.callLater(list.fetchIfNearEnd) }
            }

            footer: Item {
                width: list.width
                height: root.review.moreToLoad && list.count > 0 ? DeskStyle.rowHeight + 8 : 0
                DText {
                    objectName: "queueMoreLine"
                    anchors.centerIn: parent
                    visible: parent.height > 0
                    text: root.review.loadingMore ? qsTr("Loading more cases from the county hub…")
                        : root.review.unreachable ? qsTr("More cases are on the county hub, which cannot be reached now.")
                        : qsTr("More cases load as you scroll.")
                    color: Theme.muted
                }
            }

            delegate: Rectangle {
                id: row
                required property int index
                required property string caseId
                required property string itemName
                required property string received
                required property string promised
                required property string statutory
                required property string urgency
                required property string promisedUrgency
                required property string statutoryUrgency
                required property string stateLabel
                required property string procedure
                readonly property bool opened: root.review.caseId === caseId
                objectName: "queueRow-" + caseId
                width: ListView.view.width
                height: DeskStyle.rowHeight + (procedure !== "" ? 28 : 8)
                color: opened ? Theme.primarySoft
                     : ListView.isCurrentItem && list.activeFocus ? Theme.surfaceMuted
                     : rowArea.containsMouse ? "#f5f8fb" : Theme.surface
                Accessible.role: Accessible.ListItem
                Accessible.name: itemName + ", " + promised
                Rectangle {
                    width: 4; height: parent.height
                    color: row.urgency === "overdue" ? Theme.error : row.urgency === "soon" ? Theme.warning : "transparent"
                }
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
                Row {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.space.l
                    spacing: Theme.space.m
                    Column {
                        width: listCard.wide ? 420 : 220
                        anchors.verticalCenter: parent.verticalCenter
                        DText {
                            width: parent.width
                            text: row.itemName
                            elide: Text.ElideRight
                            wrapMode: Text.NoWrap
                            font.pixelSize: DeskStyle.subtitle
                            font.bold: true
                        }
                        // In a special procedure: its kind and expected end, paused.
                        DText {
                            objectName: "procedure-" + row.caseId
                            visible: row.procedure !== ""
                            width: parent.width
                            text: row.procedure
                            elide: Text.ElideRight
                            wrapMode: Text.NoWrap
                            font.pixelSize: DeskStyle.small
                            color: Theme.muted
                        }
                    }
                    DText {
                        visible: listCard.wide
                        width: 300
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.caseId
                        elide: Text.ElideMiddle
                        wrapMode: Text.NoWrap
                        color: Theme.muted
                        font.family: "monospace"
                        font.pixelSize: DeskStyle.small
                    }
                    DText {
                        width: listCard.wide ? 180 : 130
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.received
                        wrapMode: Text.NoWrap
                        elide: Text.ElideRight
                    }
                    Item {
                        width: listCard.wide ? 230 : 160
                        height: parent.height
                        ClockChip { anchors.verticalCenter: parent.verticalCenter; text: row.promised; urgency: row.promisedUrgency }
                    }
                    Item {
                        width: listCard.wide ? 230 : 160
                        height: parent.height
                        ClockChip { anchors.verticalCenter: parent.verticalCenter; text: row.statutory; urgency: row.statutoryUrgency }
                    }
                    DText {
                        visible: listCard.wide
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.stateLabel
                        color: Theme.muted
                    }
                }
                MouseArea {
                    id: rowArea
                    anchors.fill: parent
                    hoverEnabled: true
                    onClicked: {
                        list.currentIndex = row.index
                        list.forceActiveFocus()
                        root.review.openCase(row.caseId)
                    }
                }
            }

            DText {
                anchors.centerIn: parent
                visible: list.count === 0
                text: root.review.loading ? qsTr("Asking the county hub…")
                    : root.review.unreachable ? qsTr("The queue comes from the county hub, which cannot be reached now. Press F5 to try again.")
                    : root.review.queue.totalCount > 0 ? qsTr("No case matches the filter.")
                    : qsTr("No cases wait for your department.")
                font.pixelSize: DeskStyle.subtitle
                color: Theme.muted
            }
        }
    }

    CasePanel {
        id: casePanel
        objectName: "casePanel"
        visible: root.review.caseOpen
        anchors.left: listCard.right
        anchors.right: parent.right
        anchors.top: listCard.top
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        anchors.leftMargin: Theme.space.m
        anchors.topMargin: 0
    }
}
