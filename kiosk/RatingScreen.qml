import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// 评价: five large buttons, one per level of GB/T 39734, each with a face and its colour, for the
// case just submitted or for a receipt of this kiosk shown under the scanner. After the choice:
// thanks, then the visit ends. One rating per case: a case already rated says so.
Item {
    id: root

    required property bool portrait
    readonly property var step: KioskSession.rating
    readonly property int phase: step.phase
    readonly property var colours: ({
        verySatisfied: Theme.success,
        satisfied: Theme.secondary,
        fairlySatisfied: Theme.primary,
        dissatisfied: Theme.warning,
        veryDissatisfied: Theme.error
    })
    // How much each face smiles: 1 a broad smile, -1 a deep frown.
    readonly property var smiles: ({
        verySatisfied: 1, satisfied: 0.5, fairlySatisfied: 0, dissatisfied: -0.5, veryDissatisfied: -1
    })

    // Thanks, then home: the visit is over.
    Timer {
        running: root.phase === RatingStep.Thanks
        interval: 8000
        onTriggered: KioskSession.finish()
    }

    component Face: Rectangle {
        id: face
        property real smile: 0
        property color ink: "black"
        property int size: 72
        implicitWidth: size
        implicitHeight: size
        radius: size / 2
        color: "white"
        onSmileChanged: mouth.requestPaint()
        onInkChanged: mouth.requestPaint()
        Rectangle { x: face.size * 0.28; y: face.size * 0.3; width: face.size * 0.13; height: width; radius: width / 2; color: face.ink }
        Rectangle { x: face.size * 0.59; y: face.size * 0.3; width: face.size * 0.13; height: width; radius: width / 2; color: face.ink }
        Canvas {
            id: mouth
            anchors.fill: parent
            onPaint: {
                const ctx = getContext("2d");
                ctx.reset();
                const s = face.size;
                const y = s * 0.68 - face.smile * s * 0.06;
                ctx.lineWidth = Math.max(3, s * 0.07);
                ctx.lineCap = "round";
                ctx.strokeStyle = face.ink;
                ctx.beginPath();
                ctx.moveTo(s * 0.28, y);
                ctx.quadraticCurveTo(s * 0.5, y + face.smile * s * 0.24, s * 0.72, y);
                ctx.stroke();
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        KText {
            objectName: "ratingTitle"
            Layout.fillWidth: true
            text: root.phase === RatingStep.Thanks ? qsTr("Thank you for your rating")
                                                   : qsTr("Rate this service")
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: root.phase === RatingStep.Thanks ? Theme.success : Theme.primaryDark
        }
        KText {
            objectName: "ratingCase"
            visible: root.step.caseNumber !== ""
            Layout.fillWidth: true
            text: qsTr("Case number %1").arg(root.step.caseNumber)
            color: Theme.muted
            font.pixelSize: Theme.typeScale.subtitle
        }

        // Scan: how to show the receipt.
        Rectangle {
            objectName: "ratingPrompt"
            visible: root.phase === RatingStep.Scan
            Layout.fillWidth: true
            implicitHeight: prompt.implicitHeight + 2 * Theme.space.xl
            radius: Theme.radius.large
            color: Theme.surface
            border.color: Theme.divider
            ColumnLayout {
                id: prompt
                anchors.fill: parent
                anchors.margins: Theme.space.xl
                spacing: Theme.space.l
                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    implicitWidth: 160
                    implicitHeight: 160
                    radius: 80
                    color: Theme.secondarySoft
                    Icon { anchors.centerIn: parent; name: "qrcode"; size: 96 }
                }
                KText {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Hold the code on your receipt under the scanner below the screen.")
                    font.pixelSize: Theme.typeScale.title
                    font.bold: true
                }
                KText {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Applications made at this kiosk can be rated here. Each application is rated once.")
                    color: Theme.muted
                }
                BigButton {
                    objectName: "rateLastReceiptButton"
                    visible: KioskSession.hasLastReceipt
                    Layout.alignment: Qt.AlignHCenter
                    kind: "quiet"
                    iconName: "qrcode"
                    text: qsTr("Demonstration: rate the last receipt of this kiosk")
                    onClicked: KioskSession.rateLastReceipt()
                }
            }
        }

        // Why a code or a rating was not taken, kindly.
        Rectangle {
            objectName: "ratingMessage"
            visible: root.step.message !== ""
            Layout.fillWidth: true
            implicitHeight: messageText.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: root.phase === RatingStep.Choose ? Theme.warningSoft : Theme.errorBackground
            KText {
                id: messageText
                anchors.fill: parent
                anchors.margins: Theme.space.l
                text: root.step.message
                color: root.phase === RatingStep.Choose ? Theme.warning : Theme.error
                font.pixelSize: Theme.typeScale.subtitle
            }
        }

        KText {
            visible: root.phase === RatingStep.Choose && root.step.message === ""
            Layout.fillWidth: true
            text: qsTr("How satisfied are you with this service? Touch one.")
            font.pixelSize: Theme.typeScale.title
        }

        // Choose: the five levels, best first. Portrait: one under the other; landscape: side by side.
        GridLayout {
            objectName: "ratingLevels"
            visible: root.phase === RatingStep.Choose && root.step.message === ""
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: root.portrait ? 1 : 5
            rowSpacing: Theme.space.m
            columnSpacing: Theme.space.m
            Repeater {
                model: root.step.levels
                delegate: AbstractButton {
                    id: level
                    required property var modelData
                    required property int index
                    readonly property color fill: root.colours[modelData.key] || Theme.primary
                    objectName: "rate:" + modelData.key
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredHeight: root.portrait ? 180 : 320
                    Layout.maximumHeight: root.portrait ? 220 : 640
                    Layout.minimumHeight: Theme.touchTargetLarge
                    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
                    focusPolicy: Theme.keypad.focusPolicy
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: root.step.rate(modelData.key)
                    text: modelData.label
                    Accessible.name: text
                    background: Rectangle {
                        FocusRing { control: level }
                        radius: Theme.radius.medium
                        color: level.down ? Qt.darker(level.fill, 1.25) : level.fill
                    }
                    contentItem: Item {
                        GridLayout {
                            anchors.centerIn: parent
                            width: parent.width - 2 * Theme.space.l
                            columns: root.portrait ? 2 : 1
                            columnSpacing: Theme.space.xl
                            rowSpacing: Theme.space.l
                            Face {
                                Layout.alignment: root.portrait ? Qt.AlignVCenter : Qt.AlignHCenter
                                size: root.portrait ? 104 : 120
                                ink: level.fill
                                smile: root.smiles[level.modelData.key]
                            }
                            KText {
                                Layout.fillWidth: true
                                horizontalAlignment: root.portrait ? Text.AlignLeft : Text.AlignHCenter
                                text: level.text
                                color: Theme.textOnPrimary
                                // Five side by side in landscape: elder mode's headline would not fit.
                                font.pixelSize: Theme.elder && !root.portrait ? Theme.typeScale.title
                                                                              : Theme.typeScale.headline
                                font.bold: true
                            }
                        }
                    }
                }
            }
        }

        // Thanks.
        ColumnLayout {
            visible: root.phase === RatingStep.Thanks
            Layout.fillWidth: true
            spacing: Theme.space.l
            Face {
                Layout.alignment: Qt.AlignHCenter
                size: 200
                color: root.colours[root.step.ratedLevel] || Theme.primary
                ink: "white"
                smile: root.smiles[root.step.ratedLevel] || 0
            }
            KText {
                objectName: "ratingThanks"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Your rating is saved. It helps the county improve its services.")
                font.pixelSize: Theme.typeScale.title
            }
        }

        Item {
            Layout.fillHeight: true
            visible: !(root.phase === RatingStep.Choose && root.step.message === "")
        }

        BigButton {
            objectName: "ratingDoneButton"
            visible: root.phase === RatingStep.Thanks || root.step.message !== ""
            Layout.fillWidth: true
            iconName: "home"
            text: qsTr("Finish")
            onClicked: KioskSession.finish()
        }
    }
}
