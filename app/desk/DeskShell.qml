import QtQuick
import OneWindow.Ui
import OneWindow.Desk

// Sign-in until an operator is signed in; then the sidebar of the pages their roles allow and
// the page chosen. Keyboard: each page by its key (see the Repeater below),
// Ctrl+L sign out.
Rectangle {
    id: root
    objectName: "deskShell"
    color: Theme.background

    SignInScreen {
        anchors.fill: parent
        visible: !DeskSession.signedIn
    }

    Item {
        anchors.fill: parent
        visible: DeskSession.signedIn

        Sidebar {
            id: sidebar
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            width: DeskStyle.sidebarWidth
        }

        Loader {
            id: page
            objectName: "pageLoader"
            anchors.left: sidebar.right
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            active: DeskSession.signedIn
            sourceComponent: DeskSession.page === "queue" ? queuePage
                           : DeskSession.page === "accept" ? acceptPage
                           : DeskSession.page === "issue" ? issuePage
                           : DeskSession.page === "correct" ? correctionPage
                           : DeskSession.page === "audit" ? auditPage
                           : DeskSession.page === "helper" ? helperPage
                           : DeskSession.page === "statistics" ? statisticsPage
                           : DeskSession.page === "followups" ? followUpsPage : homePage
        }
    }

    Component { id: homePage; HomePage {} }
    Component { id: queuePage; QueuePage {} }
    Component { id: acceptPage; AcceptPage {} }
    Component { id: issuePage; IssuePage {} }
    Component { id: correctionPage; CorrectionPage {} }
    Component { id: auditPage; AuditPage {} }
    Component { id: helperPage; HelperPage {} }
    Component { id: statisticsPage; StatisticsPage {} }
    Component { id: followUpsPage; FollowUpsPage {} }

    // Each page the operator's roles allow is reached by its key (F1 overview, F2 review queue, F3
    // accept, F4 issue, F6 corrections, F7 the role's own page, F8 follow-ups), as the sidebar
    // lists them.
    Repeater {
        model: DeskSession.pages
        delegate: Item {
            required property var modelData
            Shortcut {
                sequence: modelData.shortcut
                enabled: DeskSession.signedIn
                onActivated: DeskSession.page = modelData.key
            }
        }
    }
    Shortcut {
        sequence: "F7"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "statistics"
    }
    Shortcut {
        sequence: "F7"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "followups"
    }
    Shortcut {
        sequence: "Ctrl+L"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.signOut()
    }
}
