import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The first screen a citizen sees: four large choices, the elder-mode switch and a word on where
// to find a person.
Item {
    id: root

    required property bool portrait

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: root.portrait ? Theme.space.xxl : Theme.space.xxxl * 2
        anchors.rightMargin: anchors.leftMargin
        // Elder mode's larger type takes the room of the wider margins.
        anchors.topMargin: Theme.elder ? Theme.space.xxl : root.portrait ? Theme.space.xxxl * 2 : Theme.space.xxxl
        anchors.bottomMargin: Theme.space.xxl
        spacing: Theme.elder ? Theme.space.xl : root.portrait ? Theme.space.xxxl : Theme.space.xxl

        // The greeting, and the elder-mode switch beside it (landscape) or under it (portrait),
        // where someone who reads poorly looks first.
        GridLayout {
            Layout.fillWidth: true
            columns: root.portrait ? 1 : 2
            columnSpacing: Theme.space.xxl
            rowSpacing: Theme.space.xl

            Column {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignVCenter
                spacing: Theme.space.m
                KText {
                    width: parent.width
                    objectName: "greeting"
                    text: qsTr("Welcome")
                    font.pixelSize: Theme.typeScale.display
                    font.bold: true
                    color: Theme.primaryDark
                }
                KText {
                    width: parent.width
                    text: qsTr("Tap what you would like to do.")
                    font.pixelSize: Theme.typeScale.title
                    color: Theme.muted
                }
            }
            // 长辈模式: larger type, one question at a time, more time; the end of the visit
            // returns to the kiosk's default.
            HomeTile {
                objectName: "tile:elder"
                Layout.fillWidth: root.portrait
                Layout.preferredWidth: root.portrait ? -1 : 720
                Layout.alignment: Qt.AlignVCenter
                wide: true
                iconName: "elder"
                text: KioskSession.elder ? qsTr("Standard mode") : qsTr("Elder mode")
                subtitle: KioskSession.elder ? qsTr("Back to the usual size and pace")
                                             : qsTr("Larger text, one question at a time, more time")
                onClicked: KioskSession.toggleElder()
            }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: !root.portrait
            // Elder mode in landscape: two by two, each tile's icon beside its text.
            columns: root.portrait || Theme.elder ? 2 : 4
            columnSpacing: Theme.space.xl
            rowSpacing: Theme.space.xl

            HomeTile {
                objectName: "tile:apply"
                Layout.fillWidth: true
                Layout.fillHeight: !root.portrait
                Layout.preferredWidth: 1
                Layout.preferredHeight: root.portrait ? Math.max(Theme.elder ? 380 : 460, implicitHeight) : -1
                wide: Theme.elder && !root.portrait
                emphasis: "primary"
                iconName: "apply"
                text: qsTr("I want to apply")
                subtitle: qsTr("Choose a service and apply here")
                onClicked: KioskSession.openChooser()
            }
            HomeTile {
                objectName: "tile:progress"
                Layout.fillWidth: true
                Layout.fillHeight: !root.portrait
                Layout.preferredWidth: 1
                Layout.preferredHeight: root.portrait ? Math.max(Theme.elder ? 380 : 460, implicitHeight) : -1
                wide: Theme.elder && !root.portrait
                iconName: "progress"
                text: qsTr("Check progress")
                subtitle: qsTr("See where your application is")
                onClicked: KioskSession.openFeature("progress")
            }
            HomeTile {
                objectName: "tile:rating"
                Layout.fillWidth: true
                Layout.fillHeight: !root.portrait
                Layout.preferredWidth: 1
                Layout.preferredHeight: root.portrait ? Math.max(Theme.elder ? 380 : 460, implicitHeight) : -1
                wide: Theme.elder && !root.portrait
                iconName: "rating"
                text: qsTr("Rate the service")
                subtitle: qsTr("Tell us how it went")
                onClicked: KioskSession.openFeature("rating")
            }
            HomeTile {
                objectName: "tile:helper"
                Layout.fillWidth: true
                Layout.fillHeight: !root.portrait
                Layout.preferredWidth: 1
                Layout.preferredHeight: root.portrait ? Math.max(Theme.elder ? 380 : 460, implicitHeight) : -1
                wide: Theme.elder && !root.portrait
                emphasis: "secondary"
                iconName: "helper"
                text: qsTr("Call a helper")
                subtitle: qsTr("A village helper comes to help you")
                onClicked: HelpCall.call()
            }
        }

        Item { Layout.fillHeight: root.portrait; Layout.preferredHeight: 0 }

        // Where to turn when the screen is not for you.
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: hint.implicitHeight + 2 * Theme.space.xl
            radius: Theme.radius.medium
            color: Theme.secondarySoft
            Row {
                anchors.fill: parent
                anchors.margins: Theme.space.xl
                spacing: Theme.space.l
                Icon {
                    anchors.verticalCenter: parent.verticalCenter
                    name: "helper"
                    size: 56
                }
                KText {
                    id: hint
                    anchors.verticalCenter: parent.verticalCenter
                    width: parent.width - 56 - Theme.space.l
                    text: qsTr("Hard to read or to use? Tap “Call a helper” and someone will come to you.")
                    color: Theme.text
                }
            }
        }
    }
}
