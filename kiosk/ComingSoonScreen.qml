import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// A part of the visit this kiosk cannot do yet. Says so plainly, says nothing was submitted,
// and says where to go instead: never a pretend success.
Item {
    id: root

    required property bool portrait
    readonly property string feature: KioskSession.pendingFeature

    readonly property var texts: ({
        identify: {
            icon: "idcard",
            title: qsTr("Identify yourself and fill in the form"),
            body: qsTr("Reading your ID card or scanning your code, and filling in the application, are coming to this kiosk soon. Nothing has been submitted.")
        },
        progress: {
            icon: "progress",
            title: qsTr("Check progress"),
            body: qsTr("Checking an application's progress is coming to this kiosk soon.")
        },
        helper: {
            icon: "helper",
            title: qsTr("Call a helper"),
            body: qsTr("Calling a helper from this screen is coming soon.")
        }
    })
    readonly property var current: texts[feature] !== undefined ? texts[feature] : texts.identify

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.space.xxxl, 1100)
        spacing: Theme.space.xl

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            width: 200
            height: 200
            radius: 100
            color: Theme.primarySoft
            Icon {
                anchors.centerIn: parent
                name: root.current.icon
                size: 112
            }
        }
        Rectangle {
            objectName: "comingSoonLabel"
            Layout.alignment: Qt.AlignHCenter
            implicitWidth: badgeText.implicitWidth + 2 * Theme.space.l
            implicitHeight: badgeText.implicitHeight + 2 * Theme.space.s
            radius: height / 2
            color: Theme.warningSoft
            KText {
                id: badgeText
                anchors.centerIn: parent
                text: qsTr("Coming soon")
                font.pixelSize: Theme.typeScale.label
                font.bold: true
                color: Theme.warning
                wrapMode: Text.NoWrap
            }
        }
        KText {
            objectName: "comingSoonTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: root.current.title
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.primaryDark
        }
        KText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: root.current.body
            font.pixelSize: Theme.typeScale.subtitle
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: instead.implicitHeight + 2 * Theme.space.xl
            radius: Theme.radius.medium
            color: Theme.secondarySoft
            KText {
                id: instead
                anchors.fill: parent
                anchors.margins: Theme.space.xl
                text: qsTr("Meanwhile, the village service point or the integrated service window of the county government service hall can help you.")
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}
