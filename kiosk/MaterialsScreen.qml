import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The materials the chosen service needs: for each, take a picture (camera, or on demonstration
// kiosks the demo pictures), scan its e-licence code (免证办, which replaces it), or leave out an
// optional one. MaterialsStep decides what is given and what is missing.
Item {
    id: root

    required property bool portrait
    readonly property MaterialsStep step: KioskSession.materials
    readonly property var missingRows: step.rows.filter(r => r.state === "missing")
    // Elder mode: one material at a time, the first not given yet (the review follows by itself
    // once the last is given); the whole list when every one is given, to take one again.
    readonly property bool oneAtATime: KioskSession.elder && missingRows.length > 0

    // The real camera's view, over the screen, only while a picture is taken.
    function openCamera(id, name) {
        camera.setSource("CameraCapture.qml", { materialId: id, materialName: name })
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        KText {
            objectName: "materialsTitle"
            Layout.fillWidth: true
            text: qsTr("Materials for your application")
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.primaryDark
        }
        KText {
            Layout.fillWidth: true
            text: root.step.demoCamera
                  ? qsTr("Demonstration: “Take a picture” uses sample pictures instead of the camera.")
                  : qsTr("Hold each paper flat under the camera and tap “Take a picture”. With an electronic licence code, scan the code instead: no paper is needed.")
            color: root.step.demoCamera ? Theme.warning : Theme.muted
        }
        KText {
            objectName: "materialsLeft"
            visible: root.oneAtATime
            Layout.fillWidth: true
            text: qsTr("Still to give: %1").arg(root.missingRows.length)
            font.pixelSize: Theme.typeScale.subtitle
            font.bold: true
        }

        ListView {
            id: list
            objectName: "materialsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.space.m
            model: root.oneAtATime ? [root.missingRows[0]] : root.step.rows
            ScrollBar.vertical: ScrollBar { width: 16; policy: ScrollBar.AsNeeded }
            delegate: Rectangle {
                id: card
                required property var modelData
                readonly property string state_: modelData.state
                readonly property bool given: state_ === "captured" || state_ === "eLicence" || state_ === "cardRead"
                                              || state_ === "formPicture"
                objectName: "material:" + modelData.id
                width: list.width - 24
                implicitHeight: cardLayout.implicitHeight + 2 * Theme.space.l
                radius: Theme.radius.medium
                color: Theme.surface
                border.width: given ? 3 : 2
                border.color: given ? Theme.secondary : Theme.divider

                GridLayout {
                    id: cardLayout
                    anchors.fill: parent
                    anchors.margins: Theme.space.l
                    columns: root.portrait ? 1 : 2
                    columnSpacing: Theme.space.xl
                    rowSpacing: Theme.space.m

                    RowLayout {
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                        spacing: Theme.space.l
                        Rectangle {
                            Layout.alignment: Qt.AlignTop
                            implicitWidth: 80
                            implicitHeight: 80
                            radius: Theme.radius.medium
                            color: card.given ? Theme.secondarySoft : Theme.primarySoft
                            Icon {
                                anchors.centerIn: parent
                                size: 48
                                name: card.given ? "check" : card.modelData.eLicence ? "qrcode" : "camera"
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: Theme.space.xs
                            RowLayout {
                                Layout.fillWidth: true
                                spacing: Theme.space.m
                                KText {
                                    Layout.fillWidth: true
                                    text: card.modelData.name
                                    font.pixelSize: Theme.typeScale.subtitle
                                    font.bold: true
                                }
                                Rectangle {
                                    Layout.alignment: Qt.AlignTop
                                    implicitWidth: tag.implicitWidth + 2 * Theme.space.m
                                    implicitHeight: tag.implicitHeight + Theme.space.s
                                    radius: Theme.radius.small
                                    color: card.modelData.required ? Theme.errorBackground : Theme.surfaceMuted
                                    KText {
                                        id: tag
                                        anchors.centerIn: parent
                                        text: card.modelData.required ? qsTr("Required") : qsTr("Optional")
                                        font.pixelSize: Theme.typeScale.small
                                        font.bold: true
                                        wrapMode: Text.NoWrap
                                        color: card.modelData.required ? Theme.accent : Theme.muted
                                    }
                                }
                            }
                            KText {
                                objectName: "materialState:" + card.modelData.id
                                Layout.fillWidth: true
                                text: card.state_ === "captured" ? qsTr("Picture taken")
                                    : card.state_ === "eLicence" ? qsTr("E-licence used, no paper needed (issued by %1)").arg(card.modelData.issuer)
                                    : card.state_ === "cardRead" ? qsTr("Read from your ID card at this kiosk: no paper needed")
                                    : card.state_ === "formPicture" ? qsTr("Picture taken on the form at this kiosk: no paper needed")
                                    : card.state_ === "skipped" ? qsTr("Not given")
                                    : card.modelData.eLicence ? qsTr("Take a picture, or scan its e-licence code")
                                    : qsTr("Take a picture")
                                color: card.given ? Theme.secondary : Theme.muted
                                font.bold: card.given
                            }
                        }
                    }

                    // The actions, large and apart, on the right in landscape.
                    Flow {
                        Layout.fillWidth: root.portrait
                        Layout.preferredWidth: root.portrait ? -1 : 520
                        Layout.alignment: Qt.AlignTop | Qt.AlignRight
                        layoutDirection: root.portrait ? Qt.LeftToRight : Qt.RightToLeft
                        spacing: Theme.space.m
                        visible: card.state_ !== "cardRead" && card.state_ !== "formPicture"
                        BigButton {
                            objectName: "capture:" + card.modelData.id
                            visible: root.step.canCapture
                            kind: card.given ? "quiet" : "primary"
                            iconName: "camera"
                            implicitHeight: Theme.touchTarget + 8
                            textSize: Theme.typeScale.body
                            text: card.state_ === "captured" ? qsTr("Take again") : qsTr("Take a picture")
                            onClicked: root.step.demoCamera ? root.step.capture(card.modelData.id)
                                                            : root.openCamera(card.modelData.id, card.modelData.name)
                        }
                        BigButton {
                            objectName: "skip:" + card.modelData.id
                            visible: !card.modelData.required && card.state_ === "missing"
                            kind: "quiet"
                            implicitHeight: Theme.touchTarget + 8
                            textSize: Theme.typeScale.body
                            text: qsTr("Leave out")
                            onClicked: root.step.skip(card.modelData.id)
                        }
                        BigButton {
                            objectName: "remove:" + card.modelData.id
                            visible: card.state_ === "eLicence" || card.state_ === "skipped"
                            kind: "quiet"
                            implicitHeight: Theme.touchTarget + 8
                            textSize: Theme.typeScale.body
                            text: qsTr("Undo")
                            onClicked: root.step.remove(card.modelData.id)
                        }
                    }
                }
            }
        }

        Rectangle {
            objectName: "materialsProblem"
            visible: root.step.problem !== ""
            Layout.fillWidth: true
            implicitHeight: problemText.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: Theme.errorBackground
            KText {
                id: problemText
                anchors.fill: parent
                anchors.margins: Theme.space.l
                text: root.step.problem
                color: Theme.error
                font.pixelSize: Theme.typeScale.subtitle
            }
        }

        BigButton {
            objectName: "materialsContinueButton"
            // One material at a time: its own buttons lead on, unless no picture can be taken.
            visible: !root.oneAtATime || !root.step.canCapture
            Layout.fillWidth: true
            iconName: "check"
            text: qsTr("Continue")
            onClicked: KioskSession.confirmMaterials()
        }
    }

    Loader {
        id: camera
        anchors.fill: parent
        z: 10
        Connections {
            target: camera.item
            ignoreUnknownSignals: true
            function onDone() { camera.source = "" }
        }
    }
}
