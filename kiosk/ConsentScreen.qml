import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk
import OneWindow.Print

// The notice before collection (PIPL): what is collected, why, how long it is kept, who sees it
// and the citizen's rights; then the citizen agrees and submits. A store that cannot save says so
// here, and the answers stay.
Item {
    id: root

    required property bool portrait

    // The same points as the printed consent notice (ow_print), in one spelling, in the
    // language on screen.
    readonly property var points: {
        KioskSession.language
        return PrintService.consentPoints(KioskSession.form.itemName)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        KText {
            objectName: "consentTitle"
            Layout.fillWidth: true
            text: qsTr("How your personal information is used")
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.primaryDark
        }

        ScrollView {
            id: scroller
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: availableWidth
            GridLayout {
                width: scroller.availableWidth
                columns: root.portrait ? 1 : 2
                columnSpacing: Theme.space.l
                rowSpacing: Theme.space.l
                Repeater {
                    model: root.points
                    delegate: Rectangle {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.fillHeight: true
                        implicitHeight: point.implicitHeight + 2 * Theme.space.l
                        radius: Theme.radius.medium
                        color: Theme.surface
                        ColumnLayout {
                            id: point
                            anchors.fill: parent
                            anchors.margins: Theme.space.l
                            spacing: Theme.space.s
                            KText {
                                Layout.fillWidth: true
                                text: modelData.title
                                font.pixelSize: Theme.typeScale.title
                                font.bold: true
                                color: Theme.accent
                            }
                            KText {
                                Layout.fillWidth: true
                                Layout.alignment: Qt.AlignTop
                                text: modelData.body
                            }
                            Item { Layout.fillHeight: true }
                        }
                    }
                }
            }
        }

        Rectangle {
            objectName: "submitError"
            visible: KioskSession.submitError !== ""
            Layout.fillWidth: true
            implicitHeight: errorText.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: Theme.errorBackground
            KText {
                id: errorText
                anchors.fill: parent
                anchors.margins: Theme.space.l
                text: KioskSession.submitError
                color: Theme.error
            }
        }

        BigButton {
            objectName: "agreeSubmitButton"
            Layout.fillWidth: true
            iconName: "check"
            text: qsTr("Agree and submit")
            onClicked: KioskSession.agreeAndSubmit()
        }
    }
}
