import QtQuick
import OneWindow.Ui
import OneWindow.Desk

// Sign-in until an operator is signed in; then the sidebar of the pages their roles allow and
// the page chosen. Keyboard: F1 overview, F2 review queue, F3 accept, F4 issue, F6 corrections,
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
                           : DeskSession.page === "followups" ? followUpsPage : homePage
        }
    }

    Component { id: homePage; HomePage {} }
    Component { id: queuePage; QueuePage {} }
    Component { id: acceptPage; AcceptPage {} }
    Component { id: issuePage; IssuePage {} }
    Component { id: correctionPage; CorrectionPage {} }
    Component { id: followUpsPage; FollowUpsPage {} }

    Shortcut {
        sequence: "F1"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "home"
    }
    Shortcut {
        sequence: "F2"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "queue"
    }
    Shortcut {
        sequence: "F3"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "accept"
    }
    Shortcut {
        sequence: "F4"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "issue"
    }
    Shortcut {
        sequence: "F6"
        enabled: DeskSession.signedIn
        onActivated: DeskSession.page = "correct"
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
