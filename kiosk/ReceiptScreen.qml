import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk
import OneWindow.Scan

// The application is saved: what was applied for, by whom (masked), its number and date, the
// promised time, the signed receipt code to photograph or print, and what happens next. A kiosk
// not yet enrolled with the county hub keeps the case and says so; nothing here pretends otherwise.
Item {
    id: root

    required property bool portrait
    readonly property var receipt: KioskSession.receipt

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.space.l
            Rectangle {
                width: 96
                height: 96
                radius: 48
                color: Theme.secondarySoft
                Icon { anchors.centerIn: parent; name: "check"; size: 60 }
            }
            KText {
                objectName: "receiptTitle"
                Layout.fillWidth: true
                text: qsTr("Your application is saved")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: Theme.success
            }
        }

        GridLayout {
            Layout.fillWidth: true
            columns: root.portrait ? 1 : 2
            columnSpacing: Theme.space.xxl
            rowSpacing: Theme.space.l

            ColumnLayout {
                objectName: "receiptFacts"
                Layout.fillWidth: true
                spacing: Theme.space.m
                Repeater {
                    model: [
                        { label: qsTr("Applicant"), value: root.receipt.applicant || "" },
                        { label: qsTr("Service"), value: root.receipt.item || "" },
                        { label: qsTr("Case number"), value: root.receipt.number || "" },
                        { label: qsTr("Date"), value: root.receipt.date ? Qt.formatDate(root.receipt.date, "yyyy-MM-dd") : "" },
                        { label: qsTr("Promised time"),
                          value: root.receipt.onTheSpot ? qsTr("On the spot")
                                                        : qsTr("%n working day(s)", "", root.receipt.promisedDays || 0) }
                    ]
                    delegate: RowLayout {
                        required property var modelData
                        required property int index
                        Layout.fillWidth: true
                        spacing: Theme.space.xl
                        KText {
                            Layout.preferredWidth: root.portrait ? 260 : 360
                            Layout.alignment: Qt.AlignTop
                            text: modelData.label
                            color: Theme.muted
                            font.pixelSize: Theme.typeScale.subtitle
                        }
                        KText {
                            objectName: "receiptValue" + index
                            Layout.fillWidth: true
                            text: modelData.value
                            font.pixelSize: Theme.typeScale.subtitle
                            font.bold: true
                        }
                    }
                }
            }

            // The signed receipt code: any kiosk or service window of the county reads it to show
            // where the case stands.
            ColumnLayout {
                objectName: "receiptCodeBlock"
                visible: (root.receipt.receiptCode || "") !== ""
                Layout.alignment: root.portrait ? Qt.AlignHCenter : Qt.AlignTop
                spacing: Theme.space.s
                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    implicitWidth: 340
                    implicitHeight: 340
                    radius: Theme.radius.medium
                    color: "white"
                    border.color: Theme.divider
                    CodeSymbol {
                        objectName: "receiptCode"
                        anchors.fill: parent
                        anchors.margins: Theme.space.m
                        payload: root.receipt.receiptCode || ""
                    }
                }
                KText {
                    Layout.alignment: Qt.AlignHCenter
                    Layout.maximumWidth: 380
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Photograph or print this code. Show it at any kiosk or service window to see how your application is going.")
                    color: Theme.muted
                    font.pixelSize: Theme.typeScale.label
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: next.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: Theme.primarySoft
            ColumnLayout {
                id: next
                anchors.fill: parent
                anchors.margins: Theme.space.l
                spacing: Theme.space.s
                KText {
                    Layout.fillWidth: true
                    text: qsTr("What happens next")
                    font.pixelSize: Theme.typeScale.title
                    font.bold: true
                }
                KText {
                    objectName: "receiptNext"
                    Layout.fillWidth: true
                    text: root.receipt.sealed
                          ? qsTr("Your application is sealed and will be sent to the department as soon as this kiosk is connected; you do not need to wait here. Bring your ID card and the original materials when you collect the result at the county hall's service window.")
                          : qsTr("Your application is stored encrypted on this kiosk. It is not yet sent to the department: sending, and a printed receipt with a signed code, come when this kiosk is connected to the county hub. Please write down the case number, and bring your ID card and the listed materials to the village service point or the county hall's service window.")
                }
            }
        }

        Item { Layout.fillHeight: true }

        BigButton {
            objectName: "finishButton"
            Layout.fillWidth: true
            iconName: "home"
            text: qsTr("Finish")
            onClicked: KioskSession.finish()
        }
    }
}
