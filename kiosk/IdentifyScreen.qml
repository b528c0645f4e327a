import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// Who is applying: the ID number typed on a large keypad (digits, X only as the last
// character), shown masked as it grows; checked by IdentityEntry as soon as 18 characters are
// in; or read from the ID card on the reader (on demonstration devices a simulated reader with
// demo cards, which says so).
Item {
    id: root

    required property bool portrait
    readonly property IdentityEntry entry: KioskSession.identity

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        columns: root.portrait ? 1 : 2
        columnSpacing: Theme.space.xxxl
        rowSpacing: Theme.space.xl

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: root.portrait ? Theme.space.l : Theme.space.m

            KText {
                objectName: "identifyTitle"
                Layout.fillWidth: true
                text: qsTr("Enter your ID number")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: Theme.primaryDark
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("The 18 characters on your resident ID card. They are shown partly hidden to protect your information.")
                color: Theme.muted
            }

            // The number as typed: masked in the middle, the last keys in clear to check them.
            Rectangle {
                Layout.fillWidth: true
                // Elder mode's larger digits get a taller box.
                implicitHeight: Math.max(root.portrait ? 120 : 100, Theme.typeScale.headline * 1.4 + 2 * Theme.space.l)
                radius: Theme.radius.medium
                color: Theme.surface
                border.width: 3
                border.color: root.entry.problem !== "" ? Theme.error : Theme.primary
                KText {
                    objectName: "idNumberShown"
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.NoWrap
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: Theme.typeScale.body
                    text: root.entry.length > 0 ? root.entry.shown : qsTr("Tap the numbers below")
                    font.pixelSize: root.entry.length > 0 ? Theme.typeScale.headline : Theme.typeScale.subtitle
                    font.letterSpacing: root.entry.length > 0 ? 4 : 0
                    color: root.entry.length > 0 ? Theme.text : Theme.muted
                }
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("%1 of 18 entered").arg(root.entry.length)
                color: Theme.muted
                horizontalAlignment: Text.AlignRight
            }
            Rectangle {
                objectName: "idProblem"
                visible: root.entry.problem !== ""
                Layout.fillWidth: true
                implicitHeight: problemText.implicitHeight + 2 * Theme.space.l
                radius: Theme.radius.medium
                color: Theme.errorBackground
                KText {
                    id: problemText
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    text: root.entry.problem
                    color: Theme.error
                    font.pixelSize: Theme.typeScale.subtitle
                }
            }

            // The card reader: tap the card, or (demonstration) the simulated reader's demo card.
            Rectangle {
                id: cardArea
                objectName: "cardArea"
                readonly property CardReaderControl reader: KioskSession.cardReader
                readonly property bool read: root.entry.fromCard && root.entry.length > 0
                readonly property bool trouble: reader.message !== ""
                visible: reader.state !== "none" || reader.simulated
                Layout.fillWidth: true
                implicitHeight: cardColumn.implicitHeight + 2 * Theme.space.l
                radius: Theme.radius.medium
                color: trouble ? Theme.warningSoft : Theme.secondarySoft
                border.width: read ? 3 : 0
                border.color: Theme.secondary
                ColumnLayout {
                    id: cardColumn
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    spacing: Theme.space.m
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.space.l
                        Rectangle {
                            Layout.alignment: Qt.AlignTop
                            implicitWidth: 88
                            implicitHeight: 88
                            radius: Theme.radius.medium
                            color: Theme.surface
                            Icon { anchors.centerIn: parent; name: cardArea.read ? "check" : "idcard"; size: 56 }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: Theme.space.xs
                            KText {
                                objectName: "cardTitle"
                                Layout.fillWidth: true
                                text: cardArea.read ? qsTr("ID card read: %1").arg(root.entry.nameShown)
                                    : cardArea.reader.waitingForDemoCard ? qsTr("Reading the card…")
                                    : qsTr("Or place your ID card on the reader")
                                font.pixelSize: Theme.typeScale.title
                                font.bold: true
                                color: cardArea.read ? Theme.secondary : Theme.text
                            }
                            KText {
                                objectName: "cardMessage"
                                Layout.fillWidth: true
                                text: cardArea.trouble ? cardArea.reader.message
                                    : cardArea.read ? qsTr("Check the number above: the form opens by itself.")
                                    : cardArea.reader.simulated ? qsTr("Demonstration: the reader is simulated. The demo card is a made-up person.")
                                    : qsTr("Lay the card flat on the reader below the screen and hold it still for a moment.")
                                color: cardArea.trouble ? Theme.warning : Theme.muted
                            }
                        }
                    }
                    BigButton {
                        objectName: "demoCardButton"
                        visible: cardArea.reader.simulated && cardArea.reader.state === "ready"
                        enabled: !cardArea.reader.waitingForDemoCard
                        Layout.fillWidth: true
                        kind: "secondary"
                        iconName: "idcard"
                        text: qsTr("Tap demo card")
                        onClicked: cardArea.reader.tapDemoCard()
                    }
                }
            }

            // Or a code: an ID number barcode from the scanner gun fills the number (main() routes it).
            RowLayout {
                objectName: "scanHint"
                Layout.fillWidth: true
                spacing: Theme.space.m
                Icon { name: "qrcode"; size: 36 }
                KText {
                    Layout.fillWidth: true
                    text: qsTr("Or scan the barcode of your ID number with the scanner.")
                    color: Theme.muted
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.space.l

            GridLayout {
                objectName: "idKeypad"
                // Digits run left to right in every language, as on a phone's keypad.
                LayoutMirroring.enabled: false
                Layout.fillWidth: true
                Layout.preferredHeight: 4 * 120 + 3 * Theme.space.m
                Layout.minimumHeight: 4 * 80 + 3 * Theme.space.m
                Layout.fillHeight: !root.portrait
                Layout.maximumWidth: 760
                Layout.alignment: Qt.AlignHCenter
                columns: 3
                rowSpacing: Theme.space.m
                columnSpacing: Theme.space.m
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "⌫"]
                    delegate: AbstractButton {
                        id: key
                        required property string modelData
                        readonly property bool erase: modelData === "⌫"
                        objectName: erase ? "key:back" : "key:" + modelData
                        // Equal keys whatever their label.
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 100
                        Layout.preferredHeight: 100
                        // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
                        focusPolicy: Theme.keypad.focusPolicy
                        Keys.onReturnPressed: clicked()
                        Keys.onEnterPressed: clicked()
                        enabled: erase ? root.entry.length > 0
                                       : modelData === "X" ? root.entry.length === 17
                                       : !root.entry.complete
                        onClicked: erase ? root.entry.backspace() : root.entry.press(modelData)
                        text: erase ? qsTr("Delete") : modelData
                        Accessible.name: erase ? qsTr("Delete the last character") : modelData
                        background: Rectangle {
                            FocusRing { control: key }
                            radius: Theme.radius.medium
                            color: !key.enabled ? Theme.surfaceMuted : key.down ? Theme.primarySoft : Theme.surface
                            border.width: 2
                            border.color: key.enabled ? Theme.primary : Theme.divider
                        }
                        contentItem: KText {
                            text: key.text
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                            wrapMode: Text.NoWrap
                            font.pixelSize: key.erase ? Theme.typeScale.subtitle : Theme.typeScale.headline
                            font.bold: true
                            color: key.enabled ? Theme.primaryDark : Theme.muted
                        }
                    }
                }
            }

            Item { Layout.fillHeight: true; visible: root.portrait }

            BigButton {
                objectName: "identifyContinueButton"
                Layout.fillWidth: true
                enabled: root.entry.valid
                iconName: "check"
                text: qsTr("Continue")
                onClicked: KioskSession.confirmIdentity()
            }
        }
    }
}
