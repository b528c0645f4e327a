import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// The village helper's board (帮办代办): on the left the cases this helper handles for principals,
// each with the step it is at (委托 → 受理 → 办理 → 送达 → 归档 → 上报 → 回访) and that step's
// working-day clock, and where the helper records 送达, 归档, 上报 or 回访 with a note; on the right
// the kiosks calling for a helper (呼叫帮办员) with the screen and the waiting time. "Act for a
// principal" opens the authorisation (委托书) and the form filled for them.
// Keys: F5 reads the board again.
Rectangle {
    id: root
    objectName: "helperPage"
    color: Theme.background

    readonly property var desk: DeskSession.helper
    property bool acting: false

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
                text: root.acting ? qsTr("Act for a principal") : qsTr("Helper board")
                font.pixelSize: DeskStyle.headline
                font.bold: true
                anchors.verticalCenter: parent.verticalCenter
            }
            DText {
                objectName: "helperCount"
                visible: !root.acting
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("%n case(s) handled for principals", "", root.desk.cases.length)
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
        }
        Row {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.space.m
            DeskButton {
                objectName: "helperRefresh"
                visible: !root.acting
                kind: "quiet"
                text: qsTr("Refresh")
                shortcutText: "F5"
                onClicked: root.desk.refresh()
            }
            DeskButton {
                objectName: "helperActToggle"
                kind: root.acting ? "quiet" : "primary"
                text: root.acting ? qsTr("Back to the board") : qsTr("Act for a principal")
                onClicked: {
                    root.acting = !root.acting
                    if (!root.acting)
                        root.desk.refresh()
                }
            }
        }
    }

    Banner {
        id: banner
        objectName: "helperBanner"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topBar.bottom
        anchors.margins: Theme.space.l
        text: root.desk.message
        isError: root.desk.messageIsError
        onDismissed: root.desk.clearMessage()
    }

    // ------------------------------------------------------------------ the board
    Item {
        id: board
        visible: !root.acting
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: banner.visible ? banner.bottom : topBar.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l

        Rectangle {
            id: casesCard
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.right: helpCard.left
            anchors.rightMargin: Theme.space.l
            radius: Theme.radius.medium
            color: Theme.surface
            border.width: 1
            border.color: Theme.divider
            clip: true

            DText {
                id: casesTitle
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: Theme.space.l
                text: qsTr("My cases for principals")
                font.pixelSize: DeskStyle.title
                font.bold: true
            }
            DText {
                objectName: "helperNoCases"
                visible: root.desk.cases.length === 0
                anchors.left: parent.left
                anchors.top: casesTitle.bottom
                anchors.margins: Theme.space.l
                color: Theme.muted
                text: qsTr("No case yet. Use “Act for a principal” to apply for someone.")
            }
            ListView {
                id: caseList
                objectName: "helperCaseList"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: casesTitle.bottom
                anchors.bottom: parent.bottom
                anchors.topMargin: Theme.space.m
                clip: true
                model: root.desk.cases
                ScrollBar.vertical: ScrollBar {}
                delegate: Rectangle {
                    id: caseRow
                    required property int index
                    required property var modelData
                    objectName: "helperCase-" + modelData.number
                    width: ListView.view.width
                    height: caseColumn.implicitHeight + 2 * Theme.space.m
                    color: Theme.surface
                    Rectangle { anchors.top: parent.top; width: parent.width; height: 1; color: Theme.divider }
                    Column {
                        id: caseColumn
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.leftMargin: Theme.space.l
                        anchors.rightMargin: Theme.space.l
                        spacing: Theme.space.s
                        Row {
                            spacing: Theme.space.l
                            DText { text: caseRow.modelData.number; font.bold: true; font.pixelSize: DeskStyle.subtitle }
                            DText { text: caseRow.modelData.item; font.pixelSize: DeskStyle.subtitle }
                            DText {
                                text: qsTr("Principal %1").arg(caseRow.modelData.principal)
                                color: Theme.muted
                                font.pixelSize: DeskStyle.subtitle
                            }
                        }
                        // The seven steps, the current one marked.
                        Row {
                            spacing: Theme.space.xs
                            Repeater {
                                model: caseRow.modelData.steps
                                delegate: Row {
                                    id: stepItem
                                    required property int index
                                    required property var modelData
                                    spacing: Theme.space.xs
                                    Rectangle {
                                        width: stepText.implicitWidth + 2 * Theme.space.s
                                        height: stepText.implicitHeight + Theme.space.xs * 2
                                        radius: Theme.radius.small
                                        color: stepItem.modelData.current ? Theme.primary
                                             : stepItem.modelData.done ? Theme.secondarySoft : Theme.surfaceMuted
                                        DText {
                                            id: stepText
                                            anchors.centerIn: parent
                                            wrapMode: Text.NoWrap
                                            font.pixelSize: DeskStyle.body
                                            font.bold: stepItem.modelData.current
                                            color: stepItem.modelData.current ? Theme.textOnPrimary
                                                 : stepItem.modelData.done ? Theme.secondary : Theme.muted
                                            text: stepItem.modelData.label
                                        }
                                    }
                                    DText {
                                        visible: stepItem.index < 6
                                        anchors.verticalCenter: parent.verticalCenter
                                        text: "→"
                                        color: Theme.muted
                                    }
                                }
                            }
                        }
                        Row {
                            spacing: Theme.space.m
                            DText {
                                anchors.verticalCenter: parent.verticalCenter
                                text: qsTr("At: %1 · case %2").arg(caseRow.modelData.step).arg(caseRow.modelData.state)
                                font.pixelSize: DeskStyle.body
                            }
                            ClockChip {
                                objectName: "helperClock-" + caseRow.modelData.number
                                visible: caseRow.modelData.clock !== ""
                                anchors.verticalCenter: parent.verticalCenter
                                text: caseRow.modelData.clock
                                urgency: caseRow.modelData.overdue ? "overdue"
                                       : caseRow.modelData.daysLeft <= 1 ? "soon" : "ok"
                            }
                        }
                        Row {
                            visible: caseRow.modelData.byHelper
                            spacing: Theme.space.m
                            DeskField {
                                id: noteField
                                objectName: "helperNote-" + caseRow.modelData.number
                                width: 420
                                label: qsTr("Note")
                                placeholderText: caseRow.modelData.stepKey === "followUp"
                                                 ? qsTr("What the principal said (required)")
                                                 : qsTr("Note (optional)")
                            }
                            DeskButton {
                                objectName: "helperRecord-" + caseRow.modelData.number
                                text: qsTr("Record: %1").arg(caseRow.modelData.step)
                                onClicked: {
                                    if (root.desk.recordStep(caseRow.modelData.number, caseRow.modelData.stepKey,
                                                             noteField.text))
                                        noteField.text = ""
                                }
                            }
                        }
                    }
                }
            }
        }

        Rectangle {
            id: helpCard
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            width: Math.min(560, parent.width * 0.38)
            radius: Theme.radius.medium
            color: Theme.surface
            border.width: 1
            border.color: Theme.divider
            clip: true

            DText {
                id: helpTitle
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: Theme.space.l
                text: qsTr("Kiosks calling for a helper")
                font.pixelSize: DeskStyle.title
                font.bold: true
            }
            DText {
                objectName: "helperHelpStatus"
                visible: root.desk.helpStatus !== ""
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: helpTitle.bottom
                anchors.margins: Theme.space.l
                color: Theme.muted
                text: root.desk.helpStatus
            }
            ListView {
                objectName: "helperHelpList"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: helpTitle.bottom
                anchors.bottom: parent.bottom
                anchors.topMargin: Theme.space.m
                clip: true
                model: root.desk.helpRequests
                ScrollBar.vertical: ScrollBar {}
                delegate: Rectangle {
                    id: helpRow
                    required property var modelData
                    objectName: "helperRequest-" + modelData.id
                    width: ListView.view.width
                    height: helpColumn.implicitHeight + 2 * Theme.space.m
                    color: modelData.onMyWay ? Theme.secondarySoft : Theme.surface
                    Rectangle { anchors.top: parent.top; width: parent.width; height: 1; color: Theme.divider }
                    Column {
                        id: helpColumn
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.leftMargin: Theme.space.l
                        anchors.rightMargin: Theme.space.l
                        spacing: Theme.space.s
                        Row {
                            spacing: Theme.space.m
                            DText {
                                text: qsTr("Kiosk %1").arg(helpRow.modelData.device)
                                font.bold: true
                                font.pixelSize: DeskStyle.subtitle
                            }
                            DText {
                                anchors.verticalCenter: parent.verticalCenter
                                text: helpRow.modelData.screen
                                color: Theme.muted
                            }
                        }
                        Row {
                            spacing: Theme.space.m
                            ClockChip {
                                anchors.verticalCenter: parent.verticalCenter
                                text: helpRow.modelData.waiting
                                urgency: helpRow.modelData.minutes >= 15 ? "soon" : "ok"
                            }
                            DText {
                                visible: helpRow.modelData.onMyWay
                                anchors.verticalCenter: parent.verticalCenter
                                text: qsTr("You are on your way")
                                color: Theme.secondary
                                font.bold: true
                            }
                        }
                        Row {
                            spacing: Theme.space.m
                            DeskButton {
                                objectName: "helperOnMyWay-" + helpRow.modelData.id
                                visible: !helpRow.modelData.onMyWay
                                text: qsTr("I'm on my way")
                                onClicked: root.desk.onMyWay(helpRow.modelData.id)
                            }
                            DeskButton {
                                objectName: "helperClose-" + helpRow.modelData.id
                                kind: "quiet"
                                text: qsTr("Done: close the request")
                                onClicked: root.desk.closeHelpRequest(helpRow.modelData.id)
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ acting for a principal
    Item {
        id: acting
        visible: root.acting
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: banner.visible ? banner.bottom : topBar.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l

        Rectangle {
            id: authCard
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            width: 620
            radius: Theme.radius.medium
            color: Theme.surface
            border.width: 1
            border.color: Theme.divider
            clip: true

            Flickable {
                anchors.fill: parent
                anchors.margins: Theme.space.l
                contentHeight: authColumn.implicitHeight
                clip: true
                ScrollBar.vertical: ScrollBar {}
                Column {
                    id: authColumn
                    width: parent.width - Theme.space.m
                    spacing: Theme.space.m

                    DText { text: qsTr("1. The principal"); font.pixelSize: DeskStyle.title; font.bold: true }
                    Row {
                        spacing: Theme.space.m
                        DeskField { id: principalId; objectName: "helperPrincipalId"; width: 260; label: qsTr("ID number"); placeholderText: qsTr("ID number") }
                        DeskField { id: principalName; objectName: "helperPrincipalName"; width: 160; label: qsTr("Name"); placeholderText: qsTr("Name") }
                        DeskButton {
                            objectName: "helperIdentify"
                            text: qsTr("Identify")
                            onClicked: root.desk.identify(principalId.text, principalName.text)
                        }
                    }
                    DText {
                        visible: root.desk.identified
                        text: qsTr("Principal: %1 %2").arg(root.desk.principalName).arg(root.desk.principalMasked)
                        color: Theme.secondary
                        font.bold: true
                    }

                    DText { text: qsTr("2. The signed authorisation (委托书)"); font.pixelSize: DeskStyle.title; font.bold: true }
                    Row {
                        spacing: Theme.space.m
                        DeskField { id: photoPath; objectName: "helperPhotoPath"; width: 420; label: qsTr("Photo or scan of the paper"); placeholderText: qsTr("Photo or scan of the paper (file)") }
                        DeskButton {
                            objectName: "helperPhotoAttach"
                            kind: "quiet"
                            text: qsTr("Attach")
                            onClicked: photoProblem.text = root.desk.attachPhotoFile(photoPath.text)
                        }
                    }
                    DText {
                        id: photoProblem
                        objectName: "helperPhotoProblem"
                        visible: text !== "" || root.desk.hasPhoto
                        color: text !== "" ? Theme.error : Theme.secondary
                        text: ""
                    }
                    DText { text: qsTr("The principal signs here:"); color: Theme.muted }
                    SignaturePad {
                        objectName: "helperSignature"
                        width: parent.width
                        kiosk: false
                        onAccepted: strokes => root.desk.setSignatureStrokes(strokes)
                    }
                    DText { text: qsTr("Service items the principal entrusts:"); color: Theme.muted }
                    Flow {
                        width: parent.width
                        spacing: Theme.space.s
                        Repeater {
                            model: root.desk.scopeItems
                            delegate: CheckBox {
                                required property var modelData
                                objectName: "helperScope-" + modelData.id
                                text: modelData.name
                                font.family: DeskStyle.fontFamily
                                font.pixelSize: DeskStyle.body
                                checked: modelData.chosen
                                onToggled: root.desk.setScopeItem(modelData.id, checked)
                            }
                        }
                    }
                    Row {
                        spacing: Theme.space.m
                        DeskField { id: validFrom; objectName: "helperValidFrom"; width: 240; label: qsTr("Valid from"); placeholderText: qsTr("Valid from 2026-03-01") }
                        DeskField { id: validTo; objectName: "helperValidTo"; width: 240; label: qsTr("Valid to"); placeholderText: qsTr("Valid to 2026-03-31") }
                    }
                    Row {
                        spacing: Theme.space.m
                        DeskField { id: agentId; objectName: "helperAgentId"; width: 260; label: qsTr("Your ID number"); placeholderText: qsTr("Your ID number (agent)") }
                        DeskField { id: agentPhone; objectName: "helperAgentPhone"; width: 200; label: qsTr("Your mobile"); placeholderText: qsTr("Your mobile") }
                    }
                    DeskButton {
                        objectName: "helperRecordAuthorisation"
                        text: qsTr("Record the authorisation")
                        onClicked: root.desk.recordAuthorisation(agentId.text, agentPhone.text, validFrom.text, validTo.text)
                    }
                    DText {
                        objectName: "helperAuthorisationSummary"
                        visible: root.desk.authorisationSummary !== ""
                        width: parent.width
                        text: root.desk.authorisationSummary
                        color: Theme.secondary
                    }

                    DText { text: qsTr("3. The application"); font.pixelSize: DeskStyle.title; font.bold: true }
                    Row {
                        spacing: Theme.space.m
                        DeskComboBox {
                            id: itemBox
                            objectName: "helperItem"
                            width: 400
                            model: root.desk.scopeItems
                            textRole: "name"
                            valueRole: "id"
                        }
                        DeskButton {
                            objectName: "helperStart"
                            text: qsTr("Fill in")
                            onClicked: root.desk.startApplication(itemBox.currentValue)
                        }
                    }
                }
            }
        }

        Rectangle {
            anchors.left: authCard.right
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.leftMargin: Theme.space.l
            radius: Theme.radius.medium
            color: Theme.surface
            border.width: 1
            border.color: Theme.divider
            clip: true
            DText {
                visible: root.desk.itemId === ""
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.space.xl
                horizontalAlignment: Text.AlignHCenter
                color: Theme.muted
                text: qsTr("Identify the principal, record their authorisation, then choose an item it covers.")
            }
            Loader {
                objectName: "helperFormLoader"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.bottom: submitBar.top
                anchors.margins: Theme.space.s
                active: root.desk.itemId !== ""
                sourceComponent: FormView { controller: root.desk.form }
            }
            Row {
                id: submitBar
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: Theme.space.l
                spacing: Theme.space.m
                height: DeskStyle.controlHeight
                DeskButton {
                    objectName: "helperSubmit"
                    enabled: root.desk.itemId !== ""
                    text: qsTr("Submit for the principal")
                    onClicked: root.desk.submit()
                }
            }
        }
    }
}
