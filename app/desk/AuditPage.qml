import QtQuick
import QtQuick.Controls
import OneWindow.Ui
import OneWindow.Desk

// The auditor's page (审计员): this desk's audit chain or the county hub's, searched by case
// number, operator, action and dates; the chain verified (intact with the count, or the first
// broken entry named and marked in the list); a signed extract exported. Keys: Enter searches
// from any field, F5 verifies, Ctrl+E exports.
Rectangle {
    id: root
    objectName: "auditPage"
    color: Theme.background

    readonly property var audit: DeskSession.audit

    function runSearch() {
        root.audit.search(caseField.text, operatorField.text, actionField.text, fromField.text, toField.text)
    }

    Shortcut {
        sequence: "F5"
        onActivated: root.audit.verify()
    }
    Shortcut {
        sequence: "Ctrl+E"
        onActivated: root.audit.exportExtract()
    }
    Component.onCompleted: caseField.forceActiveFocus()

    // The top bar: the page's name, which chain is shown, and the choice between the two.
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
                text: qsTr("Audit trail")
                font.pixelSize: DeskStyle.headline
                font.bold: true
                anchors.verticalCenter: parent.verticalCenter
            }
            DText {
                objectName: "auditCount"
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("%n entry(ies) shown", "", root.audit.entries.count)
                color: Theme.muted
                font.pixelSize: DeskStyle.subtitle
            }
        }
        Row {
            anchors.right: parent.right
            anchors.rightMargin: Theme.space.xl
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.space.m
            DText {
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Audit trail of")
                color: Theme.muted
            }
            DeskButton {
                objectName: "sourceDevice"
                kind: root.audit.source === "device" ? "primary" : "quiet"
                text: qsTr("This desk")
                Accessible.checked: root.audit.source === "device"
                onClicked: root.audit.source = "device"
            }
            DeskButton {
                objectName: "sourceHub"
                kind: root.audit.source === "hub" ? "primary" : "quiet"
                enabled: root.audit.hubAvailable
                text: qsTr("County hub")
                Accessible.checked: root.audit.source === "hub"
                onClicked: root.audit.source = "hub"
            }
            Rectangle {
                objectName: "auditHubStatus"
                visible: !root.audit.hubAvailable
                anchors.verticalCenter: parent.verticalCenter
                width: offlineText.implicitWidth + 2 * Theme.space.m
                height: offlineText.implicitHeight + Theme.space.s * 2
                radius: Theme.radius.pill
                color: Theme.warningSoft
                DText {
                    id: offlineText
                    anchors.centerIn: parent
                    wrapMode: Text.NoWrap
                    font.bold: true
                    color: Theme.warning
                    text: qsTr("Not signed in with the county hub · this desk's trail only")
                }
            }
        }
    }

    // The search: what the auditor types; Enter in any field searches.
    Row {
        id: searchBar
        objectName: "auditSearchBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: topBar.bottom
        anchors.leftMargin: Theme.space.l
        anchors.topMargin: Theme.space.m
        spacing: Theme.space.m

        component SearchField: DeskField {
            Keys.onReturnPressed: root.runSearch()
            Keys.onEnterPressed: root.runSearch()
        }
        SearchField {
            id: caseField
            objectName: "auditCase"
            width: 280
            label: qsTr("Case number")
            placeholderText: qsTr("Case number")
        }
        SearchField {
            id: operatorField
            objectName: "auditOperator"
            width: 220
            label: qsTr("Operator")
            placeholderText: qsTr("Operator account")
        }
        SearchField {
            id: actionField
            objectName: "auditAction"
            width: 220
            label: qsTr("Action")
            placeholderText: qsTr("Action, e.g. case_open")
        }
        SearchField {
            id: fromField
            objectName: "auditFrom"
            width: 170
            label: qsTr("From (date)")
            placeholderText: qsTr("From yyyy-mm-dd")
        }
        SearchField {
            id: toField
            objectName: "auditTo"
            width: 170
            label: qsTr("To (date)")
            placeholderText: qsTr("To yyyy-mm-dd")
        }
        DeskButton {
            objectName: "auditSearchButton"
            anchors.verticalCenter: parent.verticalCenter
            text: root.audit.busy ? qsTr("Searching…") : qsTr("Search")
            shortcutText: "Enter"
            enabled: !root.audit.busy
            onClicked: root.runSearch()
        }
    }

    // Verify and export, and what the last verification found.
    Row {
        id: actionBar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: searchBar.bottom
        anchors.leftMargin: Theme.space.l
        anchors.topMargin: Theme.space.m
        spacing: Theme.space.m
        DeskButton {
            objectName: "auditVerifyButton"
            kind: "quiet"
            text: qsTr("Verify chain")
            shortcutText: "F5"
            enabled: !root.audit.busy
            onClicked: root.audit.verify()
        }
        DeskButton {
            objectName: "auditExportButton"
            kind: "quiet"
            text: qsTr("Export signed extract")
            shortcutText: "Ctrl+E"
            enabled: !root.audit.busy
            onClicked: root.audit.exportExtract()
        }
        Rectangle {
            objectName: "chainStatus"
            visible: root.audit.chainState !== ""
            anchors.verticalCenter: parent.verticalCenter
            width: Math.min(chainText.implicitWidth + 2 * Theme.space.m, actionBar.width - 560)
            height: chainText.implicitHeight + Theme.space.s * 2
            radius: Theme.radius.small
            color: root.audit.chainState === "broken" ? Theme.errorBackground : Theme.secondarySoft
            border.width: 1
            border.color: root.audit.chainState === "broken" ? Theme.error : Theme.secondary
            DText {
                id: chainText
                objectName: "chainText"
                anchors.fill: parent
                anchors.leftMargin: Theme.space.m
                anchors.rightMargin: Theme.space.m
                verticalAlignment: Text.AlignVCenter
                elide: Text.ElideRight
                wrapMode: Text.NoWrap
                font.bold: true
                color: root.audit.chainState === "broken" ? Theme.error : Theme.secondary
                text: (root.audit.chainState === "broken" ? "✗ " : "✓ ") + root.audit.chainText
            }
        }
    }

    Banner {
        id: banner
        objectName: "auditBanner"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: actionBar.bottom
        anchors.margins: Theme.space.l
        text: root.audit.message
        isError: root.audit.messageIsError
        onDismissed: root.audit.clearMessage()
    }

    // The results: time, operator, action, target, outcome; the first broken entry marked.
    Rectangle {
        id: listCard
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: banner.visible ? banner.bottom : actionBar.bottom
        anchors.bottom: parent.bottom
        anchors.margins: Theme.space.l
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider
        clip: true

        readonly property var widths: [110, 230, 260, 300, 420, 200]

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
                Repeater {
                    model: [qsTr("Entry"), qsTr("Time"), qsTr("Operator"), qsTr("Action"), qsTr("Target"),
                            qsTr("Outcome")]
                    delegate: DText {
                        required property var modelData
                        required property int index
                        width: listCard.widths[index]
                        anchors.verticalCenter: parent.verticalCenter
                        text: modelData
                        font.bold: true
                        color: Theme.muted
                    }
                }
            }
        }

        ListView {
            id: list
            objectName: "auditList"
            anchors.top: header.bottom
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            clip: true
            model: root.audit.entries
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int index
                required property var seq
                required property string time
                required property string operatorName
                required property string action
                required property string target
                required property string outcome
                required property bool broken
                objectName: "auditRow-" + index
                width: ListView.view.width
                height: DeskStyle.rowHeight
                color: broken ? Theme.errorBackground : (index % 2 ? Theme.background : Theme.surface)
                Rectangle {
                    visible: row.broken
                    width: 4
                    height: parent.height
                    color: Theme.error
                }
                Row {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.space.l
                    spacing: Theme.space.m
                    DText {
                        width: listCard.widths[0]
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.seq > 0 ? "#" + row.seq : qsTr("not sealed")
                        color: row.broken ? Theme.error : Theme.muted
                        font.bold: row.broken
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: listCard.widths[1]
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.time
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: listCard.widths[2]
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.operatorName
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: listCard.widths[3]
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.action
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: listCard.widths[4]
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.target
                        elide: Text.ElideMiddle
                        wrapMode: Text.NoWrap
                    }
                    DText {
                        width: listCard.widths[5]
                        anchors.verticalCenter: parent.verticalCenter
                        text: row.broken ? qsTr("%1 · first broken entry").arg(row.outcome) : row.outcome
                        color: row.broken ? Theme.error : (row.outcome === "ok" ? Theme.text : Theme.warning)
                        font.bold: row.broken || row.outcome !== "ok"
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                }
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
            }
        }

        DText {
            objectName: "auditEmpty"
            visible: list.count === 0
            anchors.centerIn: parent
            text: root.audit.busy ? qsTr("Asking the county hub…")
                                  : qsTr("No entries to show. Type what you look for, or nothing for the newest, and press Search.")
            color: Theme.muted
            font.pixelSize: DeskStyle.subtitle
        }
    }
}
