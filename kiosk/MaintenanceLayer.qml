import QtQuick
import OneWindow.Ui
import OneWindow.Kiosk

// Over the whole shell: the out-of-service screen, the maintenance screen, the admin PIN keypad
// and the gesture's two invisible corners (hold the top-left 3 s, then tap the top-right
// within 2 s). The shell behind is hidden while any of the screens is up.
Item {
    id: root

    readonly property bool portrait: height >= width

    // Each screen is loaded by its file name when it is needed: not created at start, where it
    // would only wait hidden, and not even compiled into the start (an inline component would be).
    Loader {
        anchors.fill: parent
        active: MaintenanceController.outOfService && !MaintenanceController.open
        source: "OutOfServiceScreen.qml"
    }

    Loader {
        id: maintenance
        anchors.fill: parent
        readonly property bool wanted: MaintenanceController.open
        function follow() {
            if (wanted)
                setSource("MaintenanceScreen.qml", { portrait: root.portrait })
            else
                source = ""
        }
        onWantedChanged: follow()
        Component.onCompleted: follow()
    }
    Binding {
        target: maintenance.item
        property: "portrait"
        value: root.portrait
        when: maintenance.item !== null
    }

    Loader {
        anchors.fill: parent
        active: MaintenanceController.pinOpen
        source: "MaintenancePinPad.qml"
    }

    MouseArea {
        objectName: "maintenanceHoldCorner"
        Accessible.ignored: true // a staff gesture, hidden on purpose
        width: 120
        height: 120
        enabled: !MaintenanceController.open && !MaintenanceController.pinOpen
        pressAndHoldInterval: MaintenanceController.holdMs
        onPressAndHold: MaintenanceController.cornerHeld()
    }

    MouseArea {
        objectName: "maintenanceTapCorner"
        LayoutMirroring.enabled: false // the staff gesture is the same corners in every language
        Accessible.ignored: true
        anchors.right: parent.right
        width: 120
        height: 120
        enabled: MaintenanceController.gestureArmed
        onClicked: MaintenanceController.cornerTapped()
    }
}
