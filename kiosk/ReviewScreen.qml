import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// Every answer once more before anything is sent, masked as the form shows it.
Item {
    id: root

    required property bool portrait

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        KText {
            Layout.fillWidth: true
            text: qsTr("Please check your answers")
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.primaryDark
        }
        KText {
            Layout.fillWidth: true
            text: qsTr("To change something, tap Back.")
            color: Theme.muted
        }

        ListView {
            id: list
            objectName: "reviewList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.space.s
            model: KioskSession.reviewRows
            ScrollBar.vertical: ScrollBar { width: 16; policy: ScrollBar.AsNeeded }
            section.property: "group"
            section.delegate: KText {
                required property string section
                width: list.width
                topPadding: Theme.space.l
                bottomPadding: Theme.space.s
                text: section
                font.pixelSize: Theme.typeScale.title
                font.bold: true
                color: Theme.accent
            }
            delegate: Rectangle {
                required property var modelData
                width: list.width - 24
                implicitHeight: rowLayout.implicitHeight + 2 * Theme.space.m
                radius: Theme.radius.small
                color: Theme.surface
                GridLayout {
                    id: rowLayout
                    anchors.fill: parent
                    anchors.margins: Theme.space.m
                    columns: root.portrait ? 1 : 2
                    columnSpacing: Theme.space.l
                    rowSpacing: Theme.space.xs
                    KText {
                        Layout.preferredWidth: root.portrait ? -1 : 520
                        Layout.fillWidth: root.portrait
                        text: modelData.label
                        color: Theme.muted
                    }
                    KText {
                        Layout.fillWidth: true
                        text: modelData.value
                        font.pixelSize: Theme.typeScale.subtitle
                        font.bold: true
                    }
                }
            }
        }

        BigButton {
            objectName: "reviewConfirmButton"
            Layout.fillWidth: true
            iconName: "check"
            text: qsTr("These are right")
            onClicked: KioskSession.openConsent()
        }
        ContinueAtWindowButton {
            Layout.alignment: Qt.AlignHCenter
        }
    }
}
