import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The whole kiosk screen: the top band, the current screen, back/home at the bottom where a
// seated person reaches them, and the idle countdown over everything. Which screen is up is
// KioskSession's decision.
Rectangle {
    id: root

    readonly property bool portrait: height >= width
    readonly property string screen: KioskSession.screen

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        // Out of service or in maintenance: nothing of the citizens' screens can be reached.
        visible: !MaintenanceController.outOfService && !MaintenanceController.open

        TopBar {
            Layout.fillWidth: true
            compact: !root.portrait
        }

        // Demonstration devices say so on every screen, in a strip of its own.
        Rectangle {
            objectName: "demoBadge"
            visible: KioskSession.demo
            Layout.fillWidth: true
            implicitHeight: demoText.implicitHeight + 2 * Theme.space.s
            color: Theme.warningSoft
            KText {
                id: demoText
                anchors.centerIn: parent
                text: qsTr("Demonstration: nothing is sent to any department")
                font.pixelSize: Theme.typeScale.label
                font.bold: true
                color: Theme.warning
                wrapMode: Text.NoWrap
            }
        }

        Loader {
            id: page
            objectName: "screen:" + root.screen
            Layout.fillWidth: true
            Layout.fillHeight: true
            sourceComponent: root.screen === "choose" ? chooseScreen
                           : root.screen === "guide" ? guideScreen
                           : root.screen === "comingSoon" ? comingSoonScreen
                           : root.screen === "identify" ? identifyScreen
                           : root.screen === "form" ? formScreen
                           : root.screen === "materials" ? materialsScreen
                           : root.screen === "review" ? reviewScreen
                           : root.screen === "consent" ? consentScreen
                           : root.screen === "receipt" ? receiptScreen
                           : root.screen === "progress" ? progressScreen
                           : root.screen === "rating" ? ratingScreen
                           : homeScreen
        }

        // Back and home, on every screen but home.
        Rectangle {
            objectName: "navigationBar"
            visible: KioskSession.canGoBack && root.screen !== "receipt"
            Layout.fillWidth: true
            implicitHeight: Theme.touchTargetLarge + 2 * Theme.space.l
            color: Theme.surface
            Rectangle {
                anchors.top: parent.top
                width: parent.width
                height: 1
                color: Theme.divider
            }
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.space.xxl
                anchors.rightMargin: Theme.space.xxl
                spacing: Theme.space.xl
                BigButton {
                    objectName: "backButton"
                    kind: "quiet"
                    iconName: "back"
                    text: qsTr("Back")
                    onClicked: KioskSession.back()
                }
                Item { Layout.fillWidth: true }
                BigButton {
                    objectName: "homeButton"
                    kind: "quiet"
                    iconName: "home"
                    text: qsTr("Home")
                    onClicked: KioskSession.goHome()
                }
            }
        }
    }

    Component { id: homeScreen; HomeScreen { portrait: root.portrait } }
    Component { id: chooseScreen; ChooseItemScreen { portrait: root.portrait } }
    Component { id: guideScreen; GuideScreen { portrait: root.portrait } }
    Component { id: comingSoonScreen; ComingSoonScreen { portrait: root.portrait } }
    Component { id: identifyScreen; IdentifyScreen { portrait: root.portrait } }
    Component { id: formScreen; FormScreen { portrait: root.portrait } }
    Component { id: materialsScreen; MaterialsScreen { portrait: root.portrait } }
    Component { id: reviewScreen; ReviewScreen { portrait: root.portrait } }
    Component { id: consentScreen; ConsentScreen { portrait: root.portrait } }
    Component { id: receiptScreen; ReceiptScreen { portrait: root.portrait } }
    Component { id: progressScreen; ProgressScreen { portrait: root.portrait } }
    Component { id: ratingScreen; RatingScreen { portrait: root.portrait } }

    IdleCountdown {
        anchors.fill: parent
    }

    MaintenanceLayer {
        anchors.fill: parent
    }
}
