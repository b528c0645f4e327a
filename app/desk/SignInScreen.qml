import QtQuick
import OneWindow.Ui
import OneWindow.Desk

// Signing in: user name and password, Enter signs in. Hub accounts are checked by the county
// hub (and cached for offline sign-in); when the hub cannot be reached, the desk's cache decides.
Rectangle {
    id: root
    objectName: "signInScreen"
    color: Theme.background

    onVisibleChanged: {
        if (visible) {
            password.text = ""
            user.forceActiveFocus()
        }
    }
    Component.onCompleted: user.forceActiveFocus()

    function submit() {
        DeskSession.signIn(user.text, password.text)
        password.text = ""
    }

    Rectangle {
        id: brand
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        width: parent.width * 0.42
        color: Theme.primaryDark

        Column {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: 96
            spacing: Theme.space.l
            DText {
                text: qsTr("OneWindow")
                font.pixelSize: 56
                font.bold: true
                color: Theme.textOnPrimary
            }
            DText {
                width: parent.width
                text: qsTr("One window accepts every department's applications; departments decide in the back "
                           + "office; the same window hands out the result.")
                font.pixelSize: DeskStyle.title
                lineHeight: 1.3
                color: DeskStyle.sidebarMuted
            }
        }
    }

    Rectangle {
        id: card
        anchors.centerIn: undefined
        anchors.verticalCenter: parent.verticalCenter
        x: brand.width + (parent.width - brand.width - width) / 2
        width: 520
        height: form.implicitHeight + 2 * Theme.space.xxl
        radius: Theme.radius.medium
        color: Theme.surface
        border.width: 1
        border.color: Theme.divider

        Column {
            id: form
            anchors.fill: parent
            anchors.margins: Theme.space.xxl
            spacing: Theme.space.m

            DText {
                text: qsTr("Sign in")
                font.pixelSize: 30
                font.bold: true
            }
            DText {
                width: parent.width
                text: DeskSession.hasHub ? qsTr("Use your service hall account. Department reviewers sign in with "
                                                 + "their county hub account.")
                                         : qsTr("Use your service hall account. This desk has no county hub: only "
                                                + "accounts kept on this desk sign in.")
                color: Theme.muted
            }
            Item { width: 1; height: Theme.space.s }
            DText { text: qsTr("User name"); font.bold: true }
            DeskField {
                id: user
                objectName: "signInUser"
                width: parent.width
                label: qsTr("User name")
                enabled: !DeskSession.busy
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                KeyNavigation.tab: password
                onAccepted: password.forceActiveFocus()
            }
            DText { text: qsTr("Password"); font.bold: true }
            DeskField {
                id: password
                objectName: "signInPassword"
                width: parent.width
                label: qsTr("Password")
                enabled: !DeskSession.busy
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                KeyNavigation.tab: button
                onAccepted: root.submit()
            }
            DText {
                objectName: "signInMessage"
                width: parent.width
                visible: text !== ""
                text: DeskSession.message
                color: Theme.error
                font.pixelSize: DeskStyle.subtitle
            }
            DeskButton {
                id: button
                objectName: "signInButton"
                width: parent.width
                implicitHeight: 44
                text: DeskSession.busy ? qsTr("Signing in…") : qsTr("Sign in")
                shortcutText: "Enter"
                enabled: !DeskSession.busy
                onClicked: root.submit()
            }
            DText {
                width: parent.width
                text: qsTr("After 5 wrong passwords the account is locked for 15 minutes. An unattended desk signs "
                           + "out by itself.")
                font.pixelSize: DeskStyle.small
                color: Theme.muted
            }
        }
    }
}
