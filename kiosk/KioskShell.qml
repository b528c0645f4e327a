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
    // Elder mode's larger type, targets and stronger colours: every token of the theme follows it.
    Binding {
        target: Theme
        property: "elder"
        value: KioskSession.elder
    }
    // A right-to-left language (its translation sets the application's layout direction) mirrors
    // every screen: rows, anchors, grids and text alignment follow the reading direction.
    LayoutMirroring.enabled: Theme.direction.rightToLeft
    LayoutMirroring.childrenInherit: true

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

        // Each screen is loaded by its file name when it is first shown, so that starting the
        // kiosk loads and creates the home screen alone, not every screen of a visit.
        Loader {
            id: page
            objectName: "screen:" + root.screen
            Layout.fillWidth: true
            Layout.fillHeight: true
            readonly property string file: ({
                choose: "ChooseItemScreen.qml",
                guide: "GuideScreen.qml",
                comingSoon: "ComingSoonScreen.qml",
                identify: "IdentifyScreen.qml",
                form: "FormScreen.qml",
                materials: "MaterialsScreen.qml",
                review: "ReviewScreen.qml",
                consent: "ConsentScreen.qml",
                receipt: "ReceiptScreen.qml",
                progress: "ProgressScreen.qml",
                pickup: "PickupScreen.qml",
                rating: "RatingScreen.qml"
            })[root.screen] ?? "HomeScreen.qml"
            onFileChanged: setSource(file, { portrait: root.portrait })
            Component.onCompleted: setSource(file, { portrait: root.portrait })
        }
        Binding {
            target: page.item
            property: "portrait"
            value: root.portrait
            when: page.item !== null
        }

        // Back and home, on every screen but home (created when first needed, not at start).
        Loader {
            active: KioskSession.canGoBack && root.screen !== "receipt" && root.screen !== "pickup"
            visible: active
            Layout.fillWidth: true
            sourceComponent: navigationBar
        }
    }

    Component {
        id: navigationBar
        Rectangle {
            objectName: "navigationBar"
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

    Loader {
        anchors.fill: parent
        active: KioskSession.pickupConfirming
        source: "PickupConfirm.qml"
    }

    // 呼叫帮办员, over any screen (created when first needed).
    Loader {
        anchors.fill: parent
        active: HelpCall.shown
        source: "HelpOverlay.qml"
    }

    // The camera watch: from the first visit that reaches the identify, form or materials screen
    // on (by file name: the shell itself does not import Qt Multimedia).
    Loader {
        id: cameraWatch
        objectName: "cameraWatch"
        property bool needed: false
        active: needed
        source: "CameraWatch.qml"
        Connections {
            target: KioskSession
            function onScreenChanged() {
                if (["identify", "form", "materials"].includes(KioskSession.screen))
                    cameraWatch.needed = true
            }
        }
    }

    // Created when the countdown starts, not at start.
    Loader {
        anchors.fill: parent
        active: KioskSession.idle.warning
        source: "IdleCountdown.qml"
    }

    MaintenanceLayer {
        anchors.fill: parent
    }
}
