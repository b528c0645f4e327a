import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// The hall supervisor's follow-ups of bad ratings (差评整改与回访), from the county hub: open ones
// first, most urgent first, each with its 15-working-day clock (red when overdue); the one chosen
// beside them with the form for the outcome (整改情况) and the 回访, or what was recorded. F5 reads
// the list again.
Rectangle {
    id: root
    objectName: "followUpsPage"
    color: Theme.background

    readonly property FollowUpDesk desk: DeskSession.followUps
    property string chosenId: ""
    // The chosen follow-up, read again whenever the list changes (it moves once closed).
    readonly property var row: root.chosenId !== "" && root.desk.openCount >= 0 && !root.desk.busy
                               ? root.desk.details(root.chosenId) : undefined
    property string method: "phone"

    function clockText(days, urgency) {
        if (urgency === "done")
            return qsTr("Done")
        if (days < 0)
            return qsTr("Overdue by %n working day(s)", "", -days)
        return qsTr("%n working day(s) left", "", days)
    }

    Shortcut { sequence: "F5"; onActivated: root.desk.refresh() }
    Component.onCompleted: root.desk.refresh()

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
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Rating follow-ups")
                font.pixelSize: DeskStyle.headline
                font.bold: true
            }
            DText {
                objectName: "followUpCount"
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("%n open", "", root.desk.openCount)
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
        }
        DeskButton {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            kind: "quiet"
            text: qsTr("Refresh")
            shortcutText: "F5"
            enabled: !root.desk.busy
            onClicked: root.desk.refresh()
        }
    }

    Banner {
        id: banner
        objectName: "followUpBanner"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topBar.bottom
        anchors.margins: Theme.space.l
        text: root.desk.message
        isError: root.desk.messageIsError
        onDismissed: root.desk.clearMessage()
    }

    Rectangle {
        id: listCard
        anchors.left: parent.left
        anchors.top: banner.visible ? banner.bottom : topBar.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        width: Math.min(760, parent.width * 0.55)
        radius: Theme.radius.medium
        color: Theme.surface
        border.color: Theme.divider

        DText {
            anchors.centerIn: parent
            visible: list.count === 0
            text: root.desk.busy ? qsTr("Reading the follow-ups…") : qsTr("No follow-ups: no bad ratings so far.")
            color: Theme.muted
        }

        ListView {
            id: list
            objectName: "followUpList"
            anchors.fill: parent
            anchors.margins: 1
            clip: true
            model: root.desk.model
            delegate: Rectangle {
                id: line
                required property string followUpId
                required property string caseNumber
                required property string level
                required property string comment
                required property string ratedOn
                required property string dueDate
                required property int daysLeft
                required property string urgency
                required property bool closed
                required property string outcome
                required property string revisit
                objectName: "followUp_" + caseNumber
                width: ListView.view.width
                height: lineColumn.implicitHeight + 2 * Theme.space.m
                color: root.chosenId === followUpId ? Theme.primarySoft : Theme.surface
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
                Column {
                    id: lineColumn
                    anchors.left: parent.left
                    anchors.right: chip.left
                    anchors.margins: Theme.space.l
                    anchors.verticalCenter: parent.verticalCenter
                    spacing: Theme.space.xs
                    DText {
                        width: parent.width
                        text: line.caseNumber + "  ·  " + line.level
                        font.bold: true
                        color: line.closed ? Theme.muted : Theme.text
                    }
                    DText {
                        width: parent.width
                        text: qsTr("Rated %1 · due %2").arg(line.ratedOn).arg(line.dueDate)
                        font.pixelSize: DeskStyle.small
                        color: Theme.muted
                    }
                    DText {
                        width: parent.width
                        visible: line.comment !== ""
                        text: "“" + line.comment + "”"
                        font.pixelSize: DeskStyle.small
                        elide: Text.ElideRight
                        maximumLineCount: 1
                    }
                }
                ClockChip {
                    id: chip
                    objectName: "followUpClock"
                    anchors.right: parent.right
                    anchors.rightMargin: Theme.space.l
                    anchors.verticalCenter: parent.verticalCenter
                    urgency: line.urgency === "done" ? "paused" : line.urgency
                    text: root.clockText(line.daysLeft, line.urgency)
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: root.chosenId = line.followUpId
                }
            }
        }
    }

    // The chosen follow-up: the form while open, what was recorded once closed.
    Rectangle {
        id: detail
        objectName: "followUpDetail"
        anchors.left: listCard.right
        anchors.right: parent.right
        anchors.top: listCard.top
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        anchors.leftMargin: 0
        anchors.topMargin: 0
        radius: Theme.radius.medium
        color: Theme.surface
        border.color: Theme.divider

        DText {
            anchors.centerIn: parent
            visible: !root.row
            text: qsTr("Choose a follow-up on the left.")
            color: Theme.muted
        }

        Column {
            anchors.fill: parent
            anchors.margins: Theme.space.l
            spacing: Theme.space.m
            visible: !!root.row

            DText {
                width: parent.width
                text: root.row ? qsTr("Case %1").arg(root.row.caseNumber) : ""
                font.pixelSize: DeskStyle.title
                font.bold: true
            }
            DText {
                width: parent.width
                text: root.row ? root.row.level + (root.row.comment !== "" ? " · “" + root.row.comment + "”" : "") : ""
                color: Theme.muted
            }

            // Closed: what was recorded.
            Column {
                width: parent.width
                spacing: Theme.space.s
                visible: !!root.row && root.row.closed
                DText { text: qsTr("Outcome"); font.bold: true }
                DText { objectName: "recordedOutcome"; width: parent.width; text: root.row ? root.row.outcome : "" }
                DText { text: qsTr("Return visit"); font.bold: true }
                DText { width: parent.width; text: root.row ? root.row.revisit : "" }
            }

            // Open: the form.
            Column {
                width: parent.width
                spacing: Theme.space.m
                visible: !!root.row && !root.row.closed
                DText { text: qsTr("What was put right (整改情况)"); font.bold: true }
                DeskTextArea {
                    id: outcomeField
                    objectName: "outcomeField"
                    width: parent.width
                    height: 120
                    label: qsTr("What was put right (整改情况)")
                }
                DText { text: qsTr("Day of the return visit"); font.bold: true }
                Row {
                    spacing: Theme.space.m
                    DeskField {
                        id: dateField
                        objectName: "revisitDateField"
                        width: 200
                        label: qsTr("Day of the return visit")
                        placeholderText: "2026-10-20"
                    }
                    DeskButton {
                        objectName: "methodPhone"
                        anchors.bottom: dateField.bottom
                        kind: root.method === "phone" ? "primary" : "quiet"
                        text: qsTr("By phone")
                        onClicked: root.method = "phone"
                    }
                    DeskButton {
                        objectName: "methodVisit"
                        anchors.bottom: dateField.bottom
                        kind: root.method === "visit" ? "primary" : "quiet"
                        text: qsTr("In person")
                        onClicked: root.method = "visit"
                    }
                }
                DText { text: qsTr("What the citizen said at the return visit"); font.bold: true }
                DeskField {
                    id: resultField
                    objectName: "revisitResultField"
                    width: parent.width
                    label: qsTr("What the citizen said at the return visit")
                }
                DeskButton {
                    objectName: "recordFollowUp"
                    text: qsTr("Record the follow-up")
                    enabled: !root.desk.busy
                    onClicked: {
                        if (root.desk.close(root.row.followUpId, outcomeField.text, dateField.text, root.method,
                                            resultField.text)) {
                            outcomeField.text = ""
                            dateField.text = ""
                            resultField.text = ""
                        }
                    }
                }
            }
        }
    }
}
