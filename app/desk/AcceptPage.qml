import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// The window clerk's acceptance (一窗受理) on one screen: the applicant and the item on the left,
// the catalog's form in the middle, the materials checklist and the decision on the right.
// Keys: Ctrl+Return accepts, Ctrl+N starts over for the next citizen.
Rectangle {
    id: root
    objectName: "acceptPage"
    color: Theme.background

    readonly property var desk: DeskSession.window
    readonly property CardReaderControl reader: DeskSession.window.cardReader
    readonly property var receipts: [
        { key: "unchecked", title: qsTr("Not checked yet") },
        { key: "paper", title: qsTr("Paper original seen") },
        { key: "eLicence", title: qsTr("E-licence reused (免证办)") },
        { key: "scan", title: qsTr("Scan attached") },
        { key: "missing", title: qsTr("Missing, accepted (容缺)") },
        { key: "pledge", title: qsTr("Pledge instead (告知承诺)") }
    ]

    Shortcut { sequence: "Ctrl+Return"; onActivated: root.desk.accept() }
    Shortcut { sequence: "Ctrl+N"; onActivated: { root.desk.clear(); idField.forceActiveFocus() } }
    Component.onCompleted: idField.forceActiveFocus()
    // A citizen's code read by the scanner gun: its ID number as if typed, then the name.
    Connections {
        target: root.desk
        function onIdNumberScanned(number) {
            idField.text = number
            nameField.forceActiveFocus()
        }
    }

    Rectangle {
        id: topBar
        anchors.left: parent.left
        anchors.right: parent.right
        height: DeskStyle.topBarHeight + 8
        color: Theme.surface
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
        DText {
            anchors.left: parent.left
            anchors.leftMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Accept an application")
            font.pixelSize: DeskStyle.headline
            font.bold: true
        }
        // The papers of the case just accepted did not print (no printer, out of paper): the
        // case is kept; they are printed again from it.
        DeskButton {
            objectName: "reprintButton"
            anchors.right: nextButton.left
            anchors.rightMargin: Theme.space.m
            anchors.verticalCenter: parent.verticalCenter
            visible: root.desk.printFailed && root.desk.lastCaseNumber !== ""
            text: qsTr("Print again (重新打印)")
            onClicked: root.desk.reprint(root.desk.lastCaseNumber)
        }
        // The citizen rates the case just accepted on the 评价器 (RaterWindow).
        DeskButton {
            objectName: "rateAcceptedButton"
            anchors.right: nextButton.left
            anchors.rightMargin: Theme.space.m
            anchors.verticalCenter: parent.verticalCenter
            visible: !root.desk.printFailed && root.desk.lastCaseNumber !== ""
            kind: "quiet"
            text: qsTr("Ask for a rating")
            onClicked: DeskSession.rater.start(root.desk.lastCaseNumber)
        }
        DeskButton {
            id: nextButton
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            kind: "quiet"
            text: qsTr("Next citizen")
            shortcutText: "Ctrl+N"
            onClicked: { root.desk.clear(); idField.forceActiveFocus() }
        }
    }

    Banner {
        id: banner
        objectName: "acceptBanner"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topBar.bottom
        anchors.margins: Theme.space.l
        text: root.desk.message
        isError: root.desk.messageIsError
        onDismissed: root.desk.clearMessage()
    }

    // Left: the applicant and the item.
    Rectangle {
        id: left
        anchors.left: parent.left
        anchors.top: banner.visible ? banner.bottom : topBar.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        width: 380
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider

        Column {
            id: applicant
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.space.l
            spacing: Theme.space.s
            DText { text: qsTr("Applicant"); font.bold: true; font.pixelSize: DeskStyle.title }
            // The citizen's ID card on the window's reader fills the number and the name; a
            // reader missing, unplugged or a card misread is said here, and typing still works.
            Rectangle {
                id: readerBox
                objectName: "cardReaderBox"
                visible: !root.desk.identified && root.reader.state !== "none"
                width: parent.width
                height: readerColumn.implicitHeight + 2 * Theme.space.s
                radius: Theme.radius.small
                color: root.reader.message !== "" ? Theme.errorBackground : Theme.surfaceMuted
                Column {
                    id: readerColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: Theme.space.s
                    spacing: Theme.space.s
                    DText {
                        objectName: "cardReaderStatus"
                        width: parent.width
                        wrapMode: Text.Wrap
                        color: root.reader.message !== "" ? Theme.error : Theme.text
                        text: root.reader.message !== "" ? root.reader.message
                              : root.reader.waitingForDemoCard ? qsTr("Reading the ID card…")
                              : qsTr("Place the applicant's ID card on the reader, or type the number and the name below.")
                    }
                    DeskButton {
                        objectName: "tapDemoCard"
                        visible: root.reader.simulated
                        kind: "quiet"
                        text: qsTr("Tap a demo card (demonstration)")
                        enabled: !root.reader.waitingForDemoCard && root.reader.state === "ready"
                        onClicked: root.reader.tapDemoCard()
                    }
                }
            }
            DText { text: qsTr("Resident ID number"); color: Theme.muted; visible: !root.desk.identified }
            DeskField {
                id: idField
                objectName: "applicantId"
                visible: !root.desk.identified
                width: parent.width
                label: qsTr("Resident ID number")
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                maximumLength: 18
                KeyNavigation.tab: nameField
                onAccepted: nameField.forceActiveFocus()
            }
            DText { text: qsTr("Name as on the ID card"); color: Theme.muted; visible: !root.desk.identified }
            DeskField {
                id: nameField
                objectName: "applicantName"
                visible: !root.desk.identified
                width: parent.width
                label: qsTr("Name")
                onAccepted: identifyButton.clicked()
            }
            DeskButton {
                id: identifyButton
                objectName: "identifyButton"
                visible: !root.desk.identified
                text: qsTr("Identify")
                shortcutText: "Enter"
                onClicked: {
                    if (root.desk.identify(idField.text, nameField.text)) {
                        idField.text = ""
                        nameField.text = ""
                        itemFilter.forceActiveFocus()
                    }
                }
            }
            DText {
                objectName: "applicantShown"
                visible: root.desk.identified
                text: root.desk.applicantName + "  " + root.desk.applicantMasked
                font.pixelSize: DeskStyle.subtitle
                font.bold: true
            }
            DText {
                objectName: "applicantByCard"
                visible: root.desk.identifiedByCard
                text: qsTr("Read from the ID card")
                color: Theme.muted
            }
            // Or continue a visit a citizen began at a village kiosk: the pickup slip's code,
            // typed, or scanned into the field (the scanner gun types the QR's code and Enter).
            DText {
                objectName: "takenDraftShown"
                visible: root.desk.takenDraft !== ""
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("Continued from kiosk application %1").arg(root.desk.takenDraft)
                color: Theme.muted
            }
            Rectangle { width: parent.width; height: 1; color: Theme.divider; visible: pickupRow.visible }
            DText {
                visible: pickupRow.visible
                text: qsTr("Pickup code from a kiosk")
                color: Theme.muted
            }
            Row {
                id: pickupRow
                visible: !root.desk.identified && root.desk.takenDraft === ""
                width: parent.width
                spacing: Theme.space.s
                DeskField {
                    id: pickupField
                    objectName: "pickupCode"
                    width: parent.width - takeOverButton.width - parent.spacing
                    label: qsTr("Pickup code from a kiosk")
                    placeholderText: qsTr("ABCD-EFGH, or scan the slip")
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                    enabled: !root.desk.takingOver
                    onAccepted: takeOverButton.clicked()
                }
                DeskButton {
                    id: takeOverButton
                    objectName: "takeOverButton"
                    kind: "quiet"
                    text: root.desk.takingOver ? qsTr("Fetching…") : qsTr("Take over")
                    enabled: !root.desk.takingOver && pickupField.text.trim() !== ""
                    onClicked: root.desk.takeOver(pickupField.text)
                }
            }
            Connections {
                target: root.desk
                function onApplicantChanged() {
                    if (root.desk.takenDraft !== "")
                        pickupField.text = ""
                }
            }
            Rectangle { width: parent.width; height: 1; color: Theme.divider }
            DText { text: qsTr("Service item"); font.bold: true; font.pixelSize: DeskStyle.title }
            DeskField {
                id: itemFilter
                objectName: "itemFilter"
                width: parent.width
                label: qsTr("Find a service item")
                placeholderText: qsTr("Find a service item")
            }
        }
        ListView {
            id: items
            objectName: "itemList"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: applicant.bottom
            anchors.bottom: parent.bottom
            anchors.margins: Theme.space.s
            clip: true
            model: CatalogService.items("window").filter(i => !i.suspended && (itemFilter.text === "" || i.name.indexOf(itemFilter.text) >= 0))
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: itemRow
                required property var modelData
                objectName: "item-" + modelData.id
                width: ListView.view.width
                height: 52
                radius: Theme.radius.small
                color: root.desk.itemId === modelData.id ? Theme.primarySoft : (itemArea.containsMouse ? "#f5f8fb" : "transparent")
                Column {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.leftMargin: Theme.space.m
                    DText { width: parent.width; text: itemRow.modelData.name; font.bold: true; elide: Text.ElideRight; wrapMode: Text.NoWrap }
                    DText { width: parent.width; text: itemRow.modelData.department; font.pixelSize: DeskStyle.small; color: Theme.muted; elide: Text.ElideRight; wrapMode: Text.NoWrap }
                }
                MouseArea {
                    id: itemArea
                    anchors.fill: parent
                    hoverEnabled: true
                    onClicked: root.desk.chooseItem(itemRow.modelData.id)
                }
            }
        }
    }

    // Right: the materials and the decision.
    Rectangle {
        id: right
        anchors.right: parent.right
        anchors.top: left.top
        anchors.bottom: parent.bottom
        anchors.rightMargin: Theme.space.l
        anchors.bottomMargin: Theme.space.l
        width: 560
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider

        DText {
            id: materialsTitle
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.margins: Theme.space.l
            text: qsTr("Materials")
            font.bold: true
            font.pixelSize: DeskStyle.title
        }
        ListView {
            id: checklist
            objectName: "checklist"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: materialsTitle.bottom
            anchors.bottom: decision.top
            anchors.margins: Theme.space.l
            clip: true
            spacing: Theme.space.s
            model: root.desk.materials
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: materialRow
                required property int index
                required property string name
                required property bool required
                required property string receipt
                required property string licence
                required property string scan
                required property string dueDate
                required property bool pledgeSigned
                required property string problem
                objectName: "material-" + index
                width: ListView.view.width
                height: materialColumn.implicitHeight + 2 * Theme.space.s
                radius: Theme.radius.small
                color: problem !== "" ? Theme.errorBackground : Theme.surfaceMuted
                Column {
                    id: materialColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: Theme.space.s
                    spacing: Theme.space.xs
                    DText {
                        width: parent.width
                        text: materialRow.name + (materialRow.required ? "" : qsTr(" (optional)"))
                        font.bold: materialRow.required
                    }
                    DeskComboBox {
                        objectName: "receipt-" + materialRow.index
                        width: parent.width
                        model: root.receipts
                        textRole: "title"
                        valueRole: "key"
                        currentIndex: root.receipts.findIndex(r => r.key === materialRow.receipt)
                        onActivated: root.desk.materials.setReceipt(materialRow.index, currentValue)
                        Accessible.name: materialRow.name
                    }
                    DeskField {
                        visible: materialRow.receipt === "eLicence"
                        width: parent.width
                        label: qsTr("E-licence number")
                        placeholderText: qsTr("E-licence number")
                        text: materialRow.licence
                        onEditingFinished: root.desk.materials.setLicenceNumber(materialRow.index, text)
                    }
                    DeskField {
                        visible: materialRow.receipt === "scan"
                        width: parent.width
                        label: qsTr("Scan file")
                        placeholderText: materialRow.scan !== "" ? materialRow.scan : qsTr("Path of the scan (PNG, JPEG or PDF)")
                        onAccepted: {
                            const problem = root.desk.materials.attachScan(materialRow.index, text)
                            if (problem === "")
                                text = ""
                            else
                                root.desk.clearMessage(), scanProblem.text = problem
                        }
                    }
                    DText { id: scanProblem; visible: text !== "" && materialRow.receipt === "scan"; color: Theme.error; font.pixelSize: DeskStyle.small }
                    Row {
                        visible: materialRow.receipt === "missing"
                        spacing: Theme.space.s
                        DText { text: qsTr("Brought by"); anchors.verticalCenter: parent.verticalCenter }
                        DeskField {
                            width: 150
                            label: qsTr("Brought by")
                            placeholderText: "2026-01-31"
                            text: materialRow.dueDate
                            onEditingFinished: root.desk.materials.setDueDate(materialRow.index, text)
                        }
                    }
                    CheckBox {
                        visible: materialRow.receipt === "missing" || materialRow.receipt === "pledge"
                        text: qsTr("The applicant signed the pledge")
                        font.family: DeskStyle.fontFamily
                        font.pixelSize: DeskStyle.body
                        checked: materialRow.pledgeSigned
                        onToggled: root.desk.materials.setPledgeSigned(materialRow.index, checked)
                    }
                    DText {
                        visible: materialRow.problem !== ""
                        width: parent.width
                        text: materialRow.problem
                        color: Theme.error
                        font.pixelSize: DeskStyle.small
                    }
                }
            }
            DText {
                anchors.centerIn: parent
                visible: checklist.count === 0
                text: qsTr("Choose a service item: its materials are listed here.")
                color: Theme.muted
            }
        }

        Column {
            id: decision
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.space.l
            spacing: Theme.space.s
            Rectangle { width: parent.width; height: 1; color: Theme.divider }
            DeskButton {
                objectName: "acceptButton"
                width: parent.width
                implicitHeight: 44
                text: qsTr("Accept (受理)")
                shortcutText: "Ctrl+Enter"
                onClicked: root.desk.accept()
            }
            DeskTextArea {
                id: refuseReason
                objectName: "refuseReason"
                width: parent.width
                implicitHeight: 56
                label: qsTr("Reason for not accepting")
                placeholderText: qsTr("Reason for not accepting (written on the refusal notice)")
            }
            DeskButton {
                objectName: "refuseButton"
                kind: "danger"
                text: qsTr("Do not accept (不予受理)")
                onClicked: {
                    if (root.desk.refuse(refuseReason.text))
                        refuseReason.text = ""
                }
            }
        }
    }

    // Middle: the form.
    Rectangle {
        anchors.left: left.right
        anchors.right: right.left
        anchors.top: left.top
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        anchors.topMargin: 0
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider
        clip: true
        Loader {
            id: formLoader
            objectName: "formLoader"
            anchors.fill: parent
            anchors.margins: Theme.space.s
            active: root.desk.itemId !== ""
            sourceComponent: FormView { controller: root.desk.form }
            // Answers set from C++ (the identity) are shown by making the view anew.
            readonly property int generation: root.desk.formGeneration
            onGenerationChanged: {
                if (root.desk.itemId === "")
                    return
                active = false
                active = Qt.binding(() => root.desk.itemId !== "")
            }
        }
        DText {
            anchors.centerIn: parent
            visible: root.desk.itemId === ""
            text: qsTr("Identify the applicant and choose the service item.")
            color: Theme.muted
            font.pixelSize: DeskStyle.subtitle
        }
    }
}
