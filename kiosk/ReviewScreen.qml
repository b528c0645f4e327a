import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// Every answer once more before anything is sent, masked as the form shows it.
Item {
    id: root

    required property bool portrait

    // Portrait: the answers, then the confirmation under them. Landscape: the answers take the
    // whole height and the confirmation stands beside them, where the list would otherwise be
    // cut to a few rows.
    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        columns: root.portrait ? 1 : 2
        columnSpacing: Theme.space.xxl
        rowSpacing: Theme.space.l

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
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
                // More answers than fit: the bar stays on screen and says so.
                ScrollBar.vertical: ScrollBar {
                    width: 16
                    policy: list.contentHeight > list.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
                }
                section.property: "group"
                section.delegate: KText {
                    required property string section
                    width: list.width
                    topPadding: Theme.space.l
                    bottomPadding: Theme.space.s
                    text: section
                    font.pixelSize: Theme.typeScale.title
                    font.bold: true
                    color: Theme.primaryDark
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
                            Layout.preferredWidth: root.portrait ? -1 : 420
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
        }

        ColumnLayout {
            Layout.fillWidth: root.portrait
            Layout.preferredWidth: root.portrait ? -1 : 520
            Layout.fillHeight: !root.portrait
            spacing: Theme.space.l

            Item {
                visible: !root.portrait
                Layout.fillHeight: true
            }
            BigButton {
                objectName: "reviewConfirmButton"
                Layout.fillWidth: true
                iconName: "check"
                text: qsTr("These are right")
                onClicked: KioskSession.openConsent()
            }
            ContinueAtWindowButton {
                Layout.fillWidth: true
            }
        }
    }
}
