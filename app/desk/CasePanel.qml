import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// One case from the hub: its item, clocks, the form's answers (sensitive numbers masked), the
// materials and attachments, and the decision: approve, deny with the reason, request a
// correction with one complete list of what is missing, or start a special procedure (特别程序:
// kind, reason, expected end; the clocks stand still). Ctrl+1/2/3/4 choose the decision. A case
// in a special procedure shows it and offers to end it (结束特别程序) with a note on the outcome.
Rectangle {
    id: root

    readonly property var review: DeskSession.review
    property string decision: "approve"

    radius: Theme.radius.medium
    color: Theme.surface
    border.width: 1
    border.color: Theme.divider
    clip: true

    Connections {
        target: root.review
        function onCaseChanged() {
            if (root.review.caseOpen && root.review.caseId !== shownCase) {
                // Another case: start with empty fields, or with what was written for a decision
                // the hub refused after it had waited. The same case reloaded keeps what was typed.
                shownCase = root.review.caseId
                const kept = root.review.caseKept
                opinion.text = kept.decision === "approve" ? kept.text : ""
                reason.text = kept.decision === "deny" ? kept.text : ""
                other.text = kept.decision === "correction" ? kept.text : ""
                procedureReason.text = kept.decision === "procedure" ? kept.text : ""
                procedureEnd.text = ""
                procedureKind.currentIndex = 0
                outcome.text = kept.decision === "endProcedure" ? kept.text : ""
                root.decision = kept.decision && kept.decision !== "endProcedure" ? kept.decision : "approve"
            }
        }
    }
    property string shownCase: ""

    Shortcut { sequence: "Ctrl+1"; enabled: root.visible && root.review.caseDecidable; onActivated: root.decision = "approve" }
    Shortcut { sequence: "Ctrl+2"; enabled: root.visible && root.review.caseDecidable; onActivated: root.decision = "deny" }
    Shortcut { sequence: "Ctrl+3"; enabled: root.visible && root.review.caseDecidable; onActivated: root.decision = "correction" }
    Shortcut { sequence: "Ctrl+4"; enabled: root.visible && root.review.caseDecidable; onActivated: root.decision = "procedure" }

    // Head: the item, the case, the clocks.
    Column {
        id: head
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.space.l
        spacing: Theme.space.s
        Row {
            width: parent.width
            spacing: Theme.space.m
            DText {
                objectName: "caseTitle"
                width: parent.width - closeButton.width - Theme.space.m
                text: root.review.caseItemName
                font.pixelSize: DeskStyle.headline
                font.bold: true
            }
            DeskButton {
                id: closeButton
                kind: "quiet"
                text: qsTr("Close")
                shortcutText: "Esc"
                onClicked: root.review.closeCase()
            }
        }
        DText {
            text: qsTr("Case %1 · received %2 · %3").arg(root.review.caseId).arg(root.review.caseReceived)
                                                     .arg(root.review.caseStateLabel)
            color: Theme.muted
        }
        Row {
            spacing: Theme.space.l
            DText { text: qsTr("Promised"); color: Theme.muted; anchors.verticalCenter: parent.verticalCenter }
            ClockChip { text: root.review.casePromised; urgency: root.review.casePromisedUrgency }
            DText { text: qsTr("Statutory"); color: Theme.muted; anchors.verticalCenter: parent.verticalCenter }
            ClockChip { text: root.review.caseStatutory; urgency: root.review.caseStatutoryUrgency }
        }
        Rectangle { width: parent.width; height: 1; color: Theme.divider }
    }

    // Body: the answers and the materials.
    ScrollView {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: head.bottom
        anchors.bottom: decisionBox.top
        anchors.leftMargin: Theme.space.l
        anchors.rightMargin: Theme.space.s
        anchors.topMargin: Theme.space.s
        clip: true
        contentWidth: availableWidth

        Column {
            width: body.availableWidth - Theme.space.m
            spacing: Theme.space.xs

            DText { text: qsTr("Application form"); font.bold: true; font.pixelSize: DeskStyle.title; bottomPadding: Theme.space.s }
            Repeater {
                objectName: "caseFields"
                model: root.review.caseFields
                delegate: Column {
                    id: fieldRow
                    required property var modelData
                    required property int index
                    width: parent.width
                    readonly property bool newGroup: index === 0 || root.review.caseFields[index - 1].group !== modelData.group
                    DText {
                        visible: fieldRow.newGroup && fieldRow.modelData.group !== ""
                        topPadding: fieldRow.index === 0 ? 0 : Theme.space.m
                        bottomPadding: Theme.space.xs
                        text: fieldRow.modelData.group
                        font.bold: true
                        color: Theme.primary
                    }
                    Row {
                        width: parent.width
                        spacing: Theme.space.m
                        DText { width: 300; text: fieldRow.modelData.label; color: Theme.muted }
                        DText { width: parent.width - 300 - Theme.space.m; text: fieldRow.modelData.value }
                    }
                }
            }

            DText {
                topPadding: Theme.space.l
                bottomPadding: Theme.space.s
                text: qsTr("Materials and attachments")
                font.bold: true
                font.pixelSize: DeskStyle.title
            }
            DText {
                visible: root.review.caseAttachments.length === 0
                text: qsTr("None came with the application.")
                color: Theme.muted
            }
            Repeater {
                model: root.review.caseAttachments
                delegate: Row {
                    required property var modelData
                    spacing: Theme.space.m
                    DText { width: 300; text: modelData.name; font.bold: true }
                    DText { text: modelData.detail; color: Theme.muted }
                }
            }
        }
    }

    // The decision.
    Rectangle {
        id: decisionBox
        objectName: "decisionBox"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: root.review.caseDecidable ? decisionColumn.implicitHeight + 2 * Theme.space.l
              : root.review.caseSuspended ? suspendedColumn.implicitHeight + 2 * Theme.space.l
              : notDecidable.implicitHeight + 2 * Theme.space.l
        color: Theme.surfaceMuted
        radius: Theme.radius.medium

        DText {
            id: notDecidable
            visible: !root.review.caseDecidable && !root.review.caseSuspended
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.space.l
            text: qsTr("This case does not wait for a decision now.")
            color: Theme.muted
        }

        Column {
            id: decisionColumn
            visible: root.review.caseDecidable
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.space.l
            spacing: Theme.space.m

            Row {
                spacing: Theme.space.s
                Repeater {
                    model: [
                        { key: "approve", title: qsTr("Approve"), keys: "Ctrl+1" },
                        { key: "deny", title: qsTr("Deny"), keys: "Ctrl+2" },
                        { key: "correction", title: qsTr("Request correction"), keys: "Ctrl+3" },
                        { key: "procedure", title: qsTr("Special procedure"), keys: "Ctrl+4" }
                    ]
                    delegate: DeskButton {
                        required property var modelData
                        objectName: "choose-" + modelData.key
                        kind: root.decision === modelData.key ? "primary" : "quiet"
                        text: modelData.title
                        shortcutText: modelData.keys
                        onClicked: root.decision = modelData.key
                    }
                }
            }

            // Approve: an optional opinion.
            Column {
                visible: root.decision === "approve"
                width: parent.width
                spacing: Theme.space.s
                DText { text: qsTr("Opinion (optional)"); font.bold: true }
                DeskTextArea { id: opinion; objectName: "approveOpinion"; width: parent.width; label: qsTr("Opinion"); implicitHeight: 72 }
                DeskButton {
                    objectName: "approveButton"
                    text: qsTr("Approve the application")
                    enabled: !root.review.deciding
                    onClicked: root.review.approve(opinion.text)
                }
            }

            // Deny: the reason, required.
            Column {
                visible: root.decision === "deny"
                width: parent.width
                spacing: Theme.space.s
                DText { text: qsTr("Reason for the denial (required; the citizen reads it)"); font.bold: true }
                DeskTextArea { id: reason; objectName: "denyReason"; width: parent.width; label: qsTr("Reason"); implicitHeight: 72 }
                DeskButton {
                    objectName: "denyButton"
                    kind: "danger"
                    text: qsTr("Deny the application")
                    enabled: !root.review.deciding
                    onClicked: root.review.deny(reason.text)
                }
            }

            // Correction: one complete list of what is missing.
            Column {
                visible: root.decision === "correction"
                width: parent.width
                spacing: Theme.space.s
                DText {
                    width: parent.width
                    text: qsTr("Everything that is missing, in one request (补齐补正): the clocks stop until the citizen brings it.")
                    font.bold: true
                }
                Flow {
                    width: parent.width
                    spacing: Theme.space.s
                    Repeater {
                        id: materialChecks
                        model: root.review.caseMaterials
                        delegate: CheckBox {
                            required property string modelData
                            objectName: "missing-" + index
                            required property int index
                            text: modelData
                            font.family: DeskStyle.fontFamily
                            font.pixelSize: DeskStyle.body
                        }
                    }
                }
                DeskTextArea {
                    id: other
                    objectName: "missingOther"
                    width: parent.width
                    label: qsTr("Anything else that is missing")
                    placeholderText: qsTr("Anything else that is missing, one per line")
                    implicitHeight: 64
                }
                DeskButton {
                    objectName: "correctionButton"
                    text: qsTr("Request the correction")
                    enabled: !root.review.deciding
                    onClicked: {
                        const missing = []
                        for (let i = 0; i < materialChecks.count; ++i) {
                            const box = materialChecks.itemAt(i)
                            if (box && box.checked)
                                missing.push(box.text)
                        }
                        root.review.requestCorrection(missing, other.text)
                    }
                }
            }

            // Special procedure (特别程序): its kind, the reason and the expected end.
            Column {
                visible: root.decision === "procedure"
                width: parent.width
                spacing: Theme.space.s
                DText {
                    width: parent.width
                    text: qsTr("A hearing, tender, inspection, appraisal or expert review (特别程序): the clocks stand still until you end it.")
                    font.bold: true
                }
                Flow {
                    width: parent.width
                    spacing: Theme.space.s
                    DeskComboBox {
                        id: procedureKind
                        objectName: "procedureKind"
                        width: 240
                        model: root.review.procedureKinds
                        textRole: "label"
                        valueRole: "key"
                        Accessible.name: qsTr("Kind of special procedure")
                    }
                    DeskField {
                        id: procedureEnd
                        objectName: "procedureEnd"
                        width: 160
                        label: qsTr("Expected end")
                        placeholderText: qsTr("yyyy-mm-dd")
                        inputMethodHints: Qt.ImhDate
                        maximumLength: 10
                    }
                    Repeater {
                        model: [15, 30, 60]
                        delegate: DeskButton {
                            required property int modelData
                            objectName: "procedureIn" + modelData
                            kind: "quiet"
                            text: qsTr("+%1 days").arg(modelData)
                            onClicked: procedureEnd.text = root.review.dateInDays(modelData)
                        }
                    }
                }
                DeskTextArea {
                    id: procedureReason
                    objectName: "procedureReason"
                    width: parent.width
                    label: qsTr("Reason")
                    placeholderText: qsTr("Why the case needs it (required, at most %1 characters)").arg(root.review.procedureReasonLimit)
                    implicitHeight: 64
                }
                DeskButton {
                    objectName: "procedureButton"
                    text: qsTr("Start the special procedure")
                    enabled: !root.review.deciding
                    onClicked: root.review.startSpecialProcedure(procedureKind.currentValue, procedureReason.text, procedureEnd.text)
                }
            }
        }

        // In a special procedure: what it is, and its end with a note on the outcome.
        Column {
            id: suspendedColumn
            objectName: "suspendedBox"
            visible: root.review.caseSuspended
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.space.l
            spacing: Theme.space.s

            DText {
                objectName: "procedureSummary"
                width: parent.width
                text: root.review.caseProcedure.kind
                      ? qsTr("Special procedure: %1 · started %2 · expected to end %3").arg(root.review.caseProcedure.kind)
                            .arg(root.review.caseProcedure.started).arg(root.review.caseProcedure.expectedEnd)
                      : qsTr("Special procedure")
                font.bold: true
            }
            DText {
                width: parent.width
                visible: !!root.review.caseProcedure.reason
                text: qsTr("Reason: %1").arg(root.review.caseProcedure.reason)
                color: Theme.muted
            }
            DeskTextArea {
                id: outcome
                objectName: "procedureOutcome"
                width: parent.width
                label: qsTr("Outcome")
                placeholderText: qsTr("A short note on the outcome (required)")
                implicitHeight: 64
            }
            DeskButton {
                objectName: "endProcedureButton"
                text: qsTr("End the special procedure")
                enabled: !root.review.deciding
                onClicked: root.review.endSpecialProcedure(outcome.text)
            }
        }
    }
}
