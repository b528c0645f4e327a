import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The quiet way out of a long form: the answers so far are kept as a draft and a service window
// continues them with a printed pickup code. A kiosk that cannot sign a code (not enrolled) says
// to ask staff instead; it never issues an unsigned code.
BigButton {
    objectName: "continueAtWindowButton"
    kind: "quiet"
    iconName: KioskSession.pickupAvailable ? "qrcode" : ""
    textSize: Theme.typeScale.body
    enabled: KioskSession.pickupAvailable
    text: KioskSession.pickupAvailable ? qsTr("Continue at the service window")
                                       : qsTr("To continue at the service window, please ask staff")
    onClicked: KioskSession.offerContinueAtWindow()
}
