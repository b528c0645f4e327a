import QtQuick
import OneWindow.Ui
import OneWindow.Kiosk

// The quiet way out of a long form: the answers so far are kept as a draft and a service window
// continues them with a printed pickup code. A kiosk that cannot sign a code (not enrolled) says
// in a line of text to ask staff instead, not on a button that does nothing; it never issues an
// unsigned code.
Item {
    implicitWidth: KioskSession.pickupAvailable ? button.implicitWidth : hint.implicitWidth
    implicitHeight: KioskSession.pickupAvailable ? button.implicitHeight : hint.implicitHeight

    BigButton {
        id: button
        objectName: "continueAtWindowButton"
        anchors.fill: parent
        visible: KioskSession.pickupAvailable
        kind: "quiet"
        iconName: "qrcode"
        textSize: Theme.typeScale.body
        text: qsTr("Continue at the service window")
        onClicked: KioskSession.offerContinueAtWindow()
    }

    // On two lines where the row is narrow (beside the review in landscape).
    Item {
        id: hint
        objectName: "continueAtWindowHint"
        anchors.fill: parent
        visible: !KioskSession.pickupAvailable
        // The width of the sentence on one line (a wrapped Text's own implicit width follows its width).
        implicitWidth: hintIcon.width + Theme.space.s + Math.ceil(oneLine.advanceWidth)
        implicitHeight: Math.max(hintIcon.height, hintText.implicitHeight)
        TextMetrics {
            id: oneLine
            font: hintText.font
            text: hintText.text
        }
        Icon {
            id: hintIcon
            anchors.verticalCenter: parent.verticalCenter
            name: "helper"
            size: Math.round(Theme.typeScale.label * 1.4)
        }
        KText {
            id: hintText
            anchors.left: hintIcon.right
            anchors.leftMargin: Theme.space.s
            anchors.verticalCenter: parent.verticalCenter
            anchors.right: parent.right
            text: qsTr("To continue at the service window, please ask staff")
            font.pixelSize: Theme.typeScale.label
            color: Theme.muted
        }
    }
}
