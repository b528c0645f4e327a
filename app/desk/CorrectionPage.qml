import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// Corrections at the window (补齐补正): the cases of this desk for which a department asked for
// more, oldest request first, each with the reviewer's complete list of what is missing and its
// paused clock; the one chosen beside them, where the clerk attaches what the citizen brought
// (the document camera's scans, checked by their content) and sends the case back to the
// reviewer. What the county hub has not taken yet is counted in the top bar.
// Keys: ↑↓ choose, Ctrl+Return sends back, F5 reads the list again.
Rectangle {
    id: root
    objectName: "correctionPage"
    color: Theme.background

    readonly property var desk: DeskSession.window
    readonly property var chosenRow: {
        for (const r of root.desk.toCorrect)
            if (r.number === root.desk.correctionCase)
                return r
        return null
    }

    function attach() {
        if (!root.chosenRow)
            return
        const material = materialBox.currentValue !== undefined ? materialBox.currentValue : ""
        const problem = root.desk.addCorrectionFile(material, fileField.text)
        fileProblem.text = problem
        if (problem === "")
            fileField.text = ""
    }
    function send() {
        if (!root.chosenRow)
            return
        fileProblem.text = ""
        if (root.desk.sendCorrection())
            list.forceActiveFocus()
    }

    Shortcut { sequence: "Ctrl+Return"; onActivated: root.send() }
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
                text: qsTr("Corrections")
                font.pixelSize: DeskStyle.headline
                font.bold: true
                anchors.verticalCenter: parent.verticalCenter
            }
            DText {
                objectName: "correctionCount"
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("%n case(s) waiting for the citizen's correction", "", root.desk.toCorrect.length)
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
        }
        Rectangle {
            objectName: "correctionWaitingToSend"
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
        objectName: "correctionBanner"
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
        width: 760
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider
        clip: true

        ListView {
            id: list
            objectName: "correctionList"
            anchors.fill: parent
            anchors.margins: 1
            clip: true
            model: root.desk.toCorrect
            keyNavigationEnabled: true
            highlightMoveDuration: 0
            activeFocusOnTab: true
            onCurrentIndexChanged: if (currentIndex >= 0 && currentIndex < count) root.desk.correctionCase = root.desk.toCorrect[currentIndex].number
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: row
                required property int index
                required property var modelData
                objectName: "correctionRow-" + modelData.number
                width: ListView.view.width
                height: rowColumn.implicitHeight + 2 * Theme.space.m
                color: root.desk.correctionCase === modelData.number ? Theme.primarySoft
                     : rowArea.containsMouse ? "#f5f8fb" : Theme.surface
                Accessible.role: Accessible.ListItem
                Accessible.name: modelData.itemName + ", " + modelData.clock
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
                Column {
                    id: rowColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.leftMargin: Theme.space.l
                    anchors.rightMargin: Theme.space.l
                    spacing: Theme.space.xs
                    Row {
                        width: parent.width
                        spacing: Theme.space.m
                        DText { width: parent.width - clockChip.width - Theme.space.m; text: row.modelData.itemName; font.bold: true; elide: Text.ElideRight; wrapMode: Text.NoWrap }
                        ClockChip { id: clockChip; text: row.modelData.clock; urgency: "paused" }
                    }
                    DText {
                        text: qsTr("%1 · applicant %2 · asked %3").arg(row.modelData.number).arg(row.modelData.applicant).arg(row.modelData.askedAt)
                        color: Theme.muted
                        font.pixelSize: DeskStyle.small
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: parent.width
                        text: row.modelData.missing
                        maximumLineCount: 2
                        elide: Text.ElideRight
                    }
                }
                MouseArea {
                    id: rowArea
                    anchors.fill: parent
                    hoverEnabled: true
                    onClicked: { list.currentIndex = row.index; root.desk.correctionCase = row.modelData.number }
                }
            }
            DText {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No case waits for a correction.")
                font.pixelSize: DeskStyle.subtitle
                color: Theme.muted
            }
        }
    }

    // The case chosen: what the reviewer asked for, and what the citizen brought.
    Rectangle {
        id: panel
        objectName: "correctionPanel"
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
                text: qsTr("Choose a case on the left to record what the citizen brought.")
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
                text: root.chosenRow ? qsTr("%1 · applicant %2").arg(root.chosenRow.number).arg(root.chosenRow.applicant) : ""
                color: Theme.muted
            }
            ClockChip {
                visible: !!root.chosenRow
                text: root.chosenRow ? root.chosenRow.clock : ""
                urgency: "paused"
            }
            DText {
                visible: !!root.chosenRow
                text: qsTr("What the reviewer asks for")
                font.bold: true
                color: Theme.muted
            }
            Rectangle {
                visible: !!root.chosenRow
                width: parent.width
                height: missingText.implicitHeight + 2 * Theme.space.m
                radius: Theme.radius.small
                color: Theme.warningSoft
                DText {
                    id: missingText
                    objectName: "correctionMissing"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.margins: Theme.space.m
                    text: root.chosenRow ? (root.chosenRow.missing !== "" ? root.chosenRow.missing : qsTr("The reviewer gave no list.")) : ""
                }
            }
            DText {
                visible: !!root.chosenRow
                text: qsTr("Materials brought")
                font.bold: true
                color: Theme.muted
            }
            Repeater {
                model: root.desk.correctionFiles
                delegate: Row {
                    id: fileRow
                    required property int index
                    required property var modelData
                    objectName: "correctionFile-" + index
                    spacing: Theme.space.m
                    DText {
                        anchors.verticalCenter: parent.verticalCenter
                        text: {
                            const materials = root.chosenRow ? root.chosenRow.materials : []
                            const m = materials.find(x => x.id === fileRow.modelData.material)
                            return (m ? m.name : fileRow.modelData.material) + " · " + fileRow.modelData.kind + " · " + fileRow.modelData.size
                        }
                    }
                    DeskButton {
                        kind: "quiet"
                        text: qsTr("Remove")
                        onClicked: root.desk.removeCorrectionFile(fileRow.index)
                    }
                }
            }
            DText {
                visible: !!root.chosenRow && root.desk.correctionFiles.length === 0
                text: qsTr("Nothing attached yet.")
                color: Theme.muted
            }
            Row {
                visible: !!root.chosenRow
                width: parent.width
                spacing: Theme.space.s
                DeskComboBox {
                    id: materialBox
                    objectName: "correctionMaterial"
                    width: 320
                    model: root.chosenRow ? root.chosenRow.materials : []
                    textRole: "name"
                    valueRole: "id"
                    Accessible.name: qsTr("Material")
                }
                DeskField {
                    id: fileField
                    objectName: "correctionFile"
                    width: parent.width - materialBox.width - attachButton.width - 2 * Theme.space.s
                    label: qsTr("Scan file")
                    placeholderText: qsTr("Path of the scan (PNG, JPEG or PDF)")
                    onAccepted: root.attach()
                }
                DeskButton {
                    id: attachButton
                    objectName: "correctionAttach"
                    kind: "quiet"
                    text: qsTr("Attach")
                    anchors.verticalCenter: parent.verticalCenter
                    onClicked: root.attach()
                }
            }
            DText {
                id: fileProblem
                objectName: "correctionFileProblem"
                visible: text !== "" && !!root.chosenRow
                color: Theme.error
                font.pixelSize: DeskStyle.small
            }
            DeskButton {
                objectName: "correctionSend"
                visible: !!root.chosenRow
                text: qsTr("Send back to the reviewer")
                shortcutText: "Ctrl+Return"
                onClicked: root.send()
            }
        }
    }
}
