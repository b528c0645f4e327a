import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The kiosk cannot serve safely (its crypto self-test failed at start): says so in both
// languages, where to go instead and which kiosk this is. No buttons: only the maintenance
// gesture leads anywhere. Takes every touch so nothing behind it can be reached.
Rectangle {
    id: root

    objectName: "outOfServiceScreen"
    color: Theme.background

    MouseArea {
        objectName: "scrim"
        anchors.fill: parent
        Accessible.ignored: true // nothing to a screen reader: it only swallows taps
        acceptedButtons: Qt.AllButtons
    }

    Rectangle {
        id: band
        width: parent.width
        height: 136
        color: Theme.primaryDark
        KText {
            anchors.left: parent.left
            anchors.leftMargin: Theme.space.xxl
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("OneWindow")
            font.pixelSize: Theme.typeScale.title
            font.bold: true
            color: Theme.textOnPrimary
            wrapMode: Text.NoWrap
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        anchors.verticalCenterOffset: band.height / 2
        width: Math.min(parent.width - 2 * Theme.space.xxxl, 1200)
        spacing: Theme.space.xl

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            width: 200
            height: 200
            radius: 100
            color: Theme.warningSoft
            KText {
                anchors.centerIn: parent
                text: "!"
                font.pixelSize: 120
                font.bold: true
                color: Theme.warning
            }
        }
        // Both languages at once: nobody can switch language on this screen.
        KText {
            objectName: "outOfServiceTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("暂停服务\nOut of service", "both languages at once on purpose: nobody can switch language on this screen")
            font.pixelSize: Theme.typeScale.display
            font.bold: true
            color: Theme.accent
        }
        KText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("本机暂时无法办理业务，您的信息没有被收集。\nThis kiosk cannot take applications right now. Nothing about you has been collected.", "both languages at once on purpose: nobody can switch language on this screen")
            font.pixelSize: Theme.typeScale.subtitle
        }
        KText {
            objectName: "outOfServiceContact"
            visible: MaintenanceController.serviceContact !== ""
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: MaintenanceController.serviceContact
            font.pixelSize: Theme.typeScale.title
            font.bold: true
            color: Theme.primaryDark
        }
        KText {
            visible: MaintenanceController.serviceContact === ""
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("请到乡镇便民服务中心或县政务服务大厅办理。\nPlease go to the township service centre or the county service hall.", "both languages at once on purpose: nobody can switch language on this screen")
            font.pixelSize: Theme.typeScale.subtitle
        }
        KText {
            objectName: "outOfServiceKioskId"
            visible: MaintenanceController.kioskId !== ""
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("终端编号 Kiosk: %1", "both languages at once on purpose: nobody can switch language on this screen").arg(MaintenanceController.kioskId)
            font.pixelSize: Theme.typeScale.label
            color: Theme.muted
        }
    }
}
