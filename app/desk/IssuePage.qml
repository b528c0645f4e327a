import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// Handing results over at the window (统一窗口出件): the decided cases of this desk, oldest first,
// and the one chosen beside them, collected in person (who, with the ID number checked and kept
// masked) or mailed (the tracking number). What the county hub has not taken yet is counted in
// the top bar. Keys: ↑↓ choose, Ctrl+Return issues, F5 reads the list again.
Rectangle {
    id: root
    objectName: "issuePage"
    color: Theme.background

    readonly property var desk: DeskSession.window
    property string chosen: ""
    property bool byMail: false
    property string lastIssued: "" // the case just handed over, for its rating (评价器)
    readonly property var chosenRow: {
        for (const r of root.desk.toIssue)
            if (r.number === root.chosen)
                return r
        return null
    }

    function issue() {
        if (!root.chosenRow)
            return
        const done = root.byMail ? root.desk.issueByMail(root.chosen, trackingField.text)
                                 : root.desk.issueInPerson(root.chosen, nameField.text, idField.text)
        if (done) {
            root.lastIssued = root.chosen
            nameField.text = ""
            idField.text = ""
            trackingField.text = ""
            root.chosen = ""
            list.forceActiveFocus()
        }
    }

    Shortcut { sequence: "Ctrl+Return"; onActivated: root.issue() }
    Shortcut { sequence: "F5"; onActivated: root.desk.refreshToIssue() }
    Component.onCompleted: { root.desk.refreshToIssue(); list.forceActiveFocus() }

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
                text: qsTr("Issue results")
                font.pixelSize: DeskStyle.headline
                font.bold: true
                anchors.verticalCenter: parent.verticalCenter
            }
            DText {
                objectName: "issueCount"
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("%n case(s) to hand over", "", root.desk.toIssue.length)
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
        }
        // The citizen rates the case just handed over on the 评价器 (RaterWindow).
        DeskButton {
            id: rateButton
            objectName: "rateIssuedButton"
            anchors.right: waitingChip.left
            anchors.rightMargin: Theme.space.m
            anchors.verticalCenter: parent.verticalCenter
            visible: root.lastIssued !== ""
            kind: "quiet"
            text: qsTr("Ask for a rating")
            onClicked: DeskSession.rater.start(root.lastIssued)
        }
        Rectangle {
            id: waitingChip
            objectName: "waitingToSend"
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            width: waitingText.implicitWidth + 2 * Theme.space.m
            height: waitingText.implicitHeight + 2 * Theme.space.s
            radius: Theme.radius.pill
            color: root.desk.waitingToSend > 0 ? Theme.warningSoft : Theme.secondarySoft
            DText {
                id: waitingText
                anchors.centerIn: parent
                wrapMode: Text.NoWrap
                font.bold: root.desk.waitingToSend > 0
                color: root.desk.waitingToSend > 0 ? Theme.warning : Theme.secondary
                text: root.desk.waitingToSend > 0
                      ? qsTr("%n waiting to send to the county hub", "", root.desk.waitingToSend)
                      : qsTr("Everything sent to the county hub")
            }
        }
    }

    Banner {
        id: banner
        objectName: "issueBanner"
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
        width: 900
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider
        clip: true

        Rectangle {
            id: header
            width: parent.width
            height: DeskStyle.rowHeight
            color: Theme.surfaceMuted
            radius: Theme.radius.medium
            Row {
                anchors.fill: parent
                anchors.leftMargin: Theme.space.l
                spacing: Theme.space.m
                DText { width: 300; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Service item"); font.bold: true; color: Theme.muted }
                DText { width: 250; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Case"); font.bold: true; color: Theme.muted }
                DText { width: 120; anchors.verticalCenter: parent.verticalCenter; text: qsTr("Decision"); font.bold: true; color: Theme.muted }
                DText { anchors.verticalCenter: parent.verticalCenter; text: qsTr("Decided"); font.bold: true; color: Theme.muted }
            }
        }

        ListView {
            id: list
            objectName: "issueList"
            anchors.top: header.bottom
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            clip: true
            model: root.desk.toIssue
            keyNavigationEnabled: true
            highlightMoveDuration: 0
            activeFocusOnTab: true
            onCurrentIndexChanged: if (currentIndex >= 0 && currentIndex < count) root.chosen = root.desk.toIssue[currentIndex].number
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: row
                required property int index
                required property var modelData
                objectName: "issueRow-" + modelData.number
                width: ListView.view.width
                height: DeskStyle.rowHeight + 8
                color: root.chosen === modelData.number ? Theme.primarySoft
                     : rowArea.containsMouse ? "#f5f8fb" : Theme.surface
                Accessible.role: Accessible.ListItem
                Accessible.name: modelData.itemName + ", " + modelData.decision
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
                Row {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.space.l
                    spacing: Theme.space.m
                    DText { width: 300; anchors.verticalCenter: parent.verticalCenter; text: row.modelData.itemName; font.bold: true; elide: Text.ElideRight; wrapMode: Text.NoWrap }
                    DText { width: 250; anchors.verticalCenter: parent.verticalCenter; text: row.modelData.number; color: Theme.muted; font.family: "monospace"; font.pixelSize: DeskStyle.small; wrapMode: Text.NoWrap }
                    Item {
                        width: 120
                        height: parent.height
                        Rectangle {
                            anchors.verticalCenter: parent.verticalCenter
                            width: decisionText.implicitWidth + 2 * Theme.space.s
                            height: decisionText.implicitHeight + Theme.space.xs * 2
                            radius: Theme.radius.small
                            color: row.modelData.approved ? Theme.secondarySoft : Theme.errorBackground
                            DText {
                                id: decisionText
                                anchors.centerIn: parent
                                text: row.modelData.decision
                                wrapMode: Text.NoWrap
                                color: row.modelData.approved ? Theme.secondary : Theme.error
                            }
                        }
                    }
                    DText { anchors.verticalCenter: parent.verticalCenter; text: row.modelData.decidedAt; wrapMode: Text.NoWrap }
                }
                MouseArea {
                    id: rowArea
                    anchors.fill: parent
                    hoverEnabled: true
                    onClicked: { list.currentIndex = row.index; root.chosen = row.modelData.number }
                }
            }
            DText {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No decided case waits to be handed over.")
                font.pixelSize: DeskStyle.subtitle
                color: Theme.muted
            }
        }
    }

    // The case chosen and how its result goes to the citizen.
    Rectangle {
        id: panel
        objectName: "issuePanel"
        anchors.left: listCard.right
        anchors.right: parent.right
        anchors.top: listCard.top
        anchors.leftMargin: Theme.space.m
        anchors.rightMargin: Theme.space.l
        height: form.implicitHeight + 2 * Theme.space.xl
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider

        Column {
            id: form
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.space.xl
            spacing: Theme.space.m

            DText {
                width: parent.width
                visible: !root.chosenRow
                text: qsTr("Choose a case on the left to hand its result over.")
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
            DText {
                width: parent.width
                visible: !!root.chosenRow
                text: root.chosenRow ? root.chosenRow.itemName : ""
                font.pixelSize: DeskStyle.title
                font.bold: true
            }
            DText {
                width: parent.width
                visible: !!root.chosenRow
                text: root.chosenRow ? qsTr("%1 · %2 · applicant %3").arg(root.chosenRow.number).arg(root.chosenRow.decision).arg(root.chosenRow.applicant) : ""
                color: Theme.muted
            }
            Row {
                visible: !!root.chosenRow
                spacing: Theme.space.m
                DeskButton {
                    objectName: "issueInPersonMode"
                    kind: root.byMail ? "quiet" : "primary"
                    text: qsTr("Collected in person")
                    onClicked: root.byMail = false
                }
                DeskButton {
                    objectName: "issueByMailMode"
                    kind: root.byMail ? "primary" : "quiet"
                    text: qsTr("Mailed")
                    onClicked: root.byMail = true
                }
            }
            // The case's acceptance notice and materials receipt, printed again from the store
            // (a printer that failed at acceptance, or a citizen who lost them).
            DeskButton {
                objectName: "reprintPapers"
                visible: !!root.chosenRow
                kind: "quiet"
                text: qsTr("Print the acceptance papers again")
                onClicked: root.desk.reprint(root.chosenRow.number)
            }
            DText {
                visible: !!root.chosenRow && !root.byMail
                text: qsTr("Who collects the result")
                font.bold: true
                color: Theme.muted
            }
            DeskField {
                id: nameField
                objectName: "collectorName"
                width: parent.width
                visible: !!root.chosenRow && !root.byMail
                label: qsTr("Who collects the result")
                placeholderText: qsTr("Name of the applicant or the agent")
            }
            DText {
                visible: !!root.chosenRow && !root.byMail
                text: qsTr("Their ID number")
                font.bold: true
                color: Theme.muted
            }
            DeskField {
                id: idField
                objectName: "collectorId"
                width: parent.width
                visible: !!root.chosenRow && !root.byMail
                label: qsTr("Their ID number")
                placeholderText: qsTr("ID number (kept masked in the case's history)")
                maximumLength: 18
            }
            DText {
                visible: !!root.chosenRow && root.byMail
                text: qsTr("Tracking number")
                font.bold: true
                color: Theme.muted
            }
            DeskField {
                id: trackingField
                objectName: "trackingNumber"
                width: parent.width
                visible: !!root.chosenRow && root.byMail
                label: qsTr("Tracking number")
                placeholderText: qsTr("Tracking number of the mailing")
            }
            DeskButton {
                objectName: "issueButton"
                visible: !!root.chosenRow
                text: qsTr("Issue")
                shortcutText: "Ctrl+Return"
                onClicked: root.issue()
            }
        }
    }

    // The cases of this desk in a special procedure (特别程序) at the department: not decided yet,
    // their clocks paused. The kind and the expected end only; the reason is the reviewers'.
    Rectangle {
        id: specialCard
        objectName: "specialProcedures"
        visible: root.desk.inSpecialProcedure.length > 0
        anchors.left: panel.left
        anchors.right: panel.right
        anchors.top: panel.bottom
        anchors.topMargin: Theme.space.m
        height: specialColumn.implicitHeight + 2 * Theme.space.xl
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider

        Column {
            id: specialColumn
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.space.xl
            spacing: Theme.space.m
            DText {
                text: qsTr("In a special procedure (%n)", "", root.desk.inSpecialProcedure.length)
                font.pixelSize: DeskStyle.subtitle
                font.bold: true
            }
            Repeater {
                model: root.desk.inSpecialProcedure
                delegate: Column {
                    id: special
                    required property var modelData
                    objectName: "specialRow-" + modelData.number
                    width: specialColumn.width
                    spacing: Theme.space.xs
                    Accessible.role: Accessible.ListItem
                    Accessible.name: modelData.itemName + ", " + modelData.procedure
                    DText {
                        width: parent.width
                        text: special.modelData.itemName + "  ·  " + special.modelData.number
                        font.bold: true
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        objectName: "specialProcedure-" + special.modelData.number
                        width: parent.width
                        text: special.modelData.procedure
                    }
                    DText {
                        objectName: "specialClock-" + special.modelData.number
                        width: parent.width
                        text: special.modelData.clock
                        color: Theme.warning
                    }
                }
            }
        }
    }
}
