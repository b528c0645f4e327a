import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The notice before collection (PIPL): what is collected, why, how long it is kept and who
// sees it; then the citizen agrees and submits. A store that cannot save says so here, and the
// answers stay.
Item {
    id: root

    required property bool portrait

    readonly property var points: [
        { title: qsTr("What is collected"),
          body: qsTr("Your name, ID number, phone, address and the answers of this form. Your ID number is sensitive personal information; it is stored encrypted on this kiosk and shown only partly hidden.") },
        { title: qsTr("Why"),
          body: qsTr("Only to handle this application (%1) and to tell you its progress.").arg(KioskSession.form.itemName) },
        { title: qsTr("How long it is kept"),
          body: qsTr("On this kiosk only until the department has received it; the department keeps the case file for the period the law sets for it, then deletes it.") },
        { title: qsTr("Who sees it"),
          body: qsTr("The staff of the department that handles it and the service window; every reading is recorded, and you can ask how your data was used.") }
    ]

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        KText {
            objectName: "consentTitle"
            Layout.fillWidth: true
            text: qsTr("How your personal information is used")
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.primaryDark
        }

        ScrollView {
            id: scroller
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: availableWidth
            GridLayout {
                width: scroller.availableWidth
                columns: root.portrait ? 1 : 2
                columnSpacing: Theme.space.l
                rowSpacing: Theme.space.l
                Repeater {
                    model: root.points
                    delegate: Rectangle {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.fillHeight: true
                        implicitHeight: point.implicitHeight + 2 * Theme.space.l
                        radius: Theme.radius.medium
                        color: Theme.surface
                        ColumnLayout {
                            id: point
                            anchors.fill: parent
                            anchors.margins: Theme.space.l
                            spacing: Theme.space.s
                            KText {
                                Layout.fillWidth: true
                                text: modelData.title
                                font.pixelSize: Theme.typeScale.title
                                font.bold: true
                                color: Theme.accent
                            }
                            KText {
                                Layout.fillWidth: true
                                Layout.alignment: Qt.AlignTop
                                text: modelData.body
                            }
                            Item { Layout.fillHeight: true }
                        }
                    }
                }
            }
        }

        Rectangle {
            objectName: "submitError"
            visible: KioskSession.submitError !== ""
            Layout.fillWidth: true
            implicitHeight: errorText.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: Theme.errorBackground
            KText {
                id: errorText
                anchors.fill: parent
                anchors.margins: Theme.space.l
                text: KioskSession.submitError
                color: Theme.error
            }
        }

        BigButton {
            objectName: "agreeSubmitButton"
            Layout.fillWidth: true
            iconName: "check"
            text: qsTr("Agree and submit")
            onClicked: KioskSession.agreeAndSubmit()
        }
    }
}
