import QtQuick
import QtQuick.Layouts
import QtMultimedia
import OneWindow.Ui
import OneWindow.Kiosk

// Taking one picture of a material with the kiosk's camera (a document camera 高拍仪 is a
// camera too): the live view, a large shutter button, cancel. The still goes to MaterialsStep,
// which checks and keeps it; a camera that fails or is unplugged is reported there, and the
// pictures already taken stay. Loaded only when a picture is asked for.
Rectangle {
    id: root

    required property string materialId
    required property string materialName
    // What the citizen does before tapping the button.
    property string instruction: qsTr("Lay the paper flat under the camera, then tap the button.")
    signal done()

    color: Theme.scrim

    MediaDevices { id: devices }

    CaptureSession {
        camera: Camera {
            id: camera
            active: true
            cameraDevice: devices.defaultVideoInput
            onErrorOccurred: (error, errorString) => {
                KioskSession.materials.cameraLost(errorString)
                root.done()
            }
        }
        imageCapture: ImageCapture {
            id: still
            onImageCaptured: (requestId, preview) => {
                KioskSession.materials.acceptImage(root.materialId, preview)
                root.done()
            }
            onErrorOccurred: (requestId, error, message) => {
                KioskSession.materials.cameraLost(message)
                root.done()
            }
        }
        videoOutput: view
    }

    // Unplugged while the view is up.
    Connections {
        target: devices
        function onVideoInputsChanged() {
            if (devices.videoInputs.length === 0) {
                KioskSession.materials.cameraLost("camera unplugged during capture")
                root.done()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.space.xxl
        spacing: Theme.space.l

        KText {
            Layout.fillWidth: true
            text: qsTr("Picture of: %1").arg(root.materialName)
            font.pixelSize: Theme.typeScale.headline
            font.bold: true
            color: Theme.textOnPrimary
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            radius: Theme.radius.medium
            color: "black"
            VideoOutput {
                id: view
                anchors.fill: parent
                anchors.margins: Theme.space.s
                fillMode: VideoOutput.PreserveAspectFit
            }
        }
        KText {
            Layout.fillWidth: true
            text: root.instruction
            color: Theme.textOnPrimary
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.space.xl
            BigButton {
                kind: "quiet"
                iconName: "back"
                text: qsTr("Cancel")
                onClicked: root.done()
            }
            BigButton {
                objectName: "shutterButton"
                Layout.fillWidth: true
                iconName: "camera"
                enabled: still.readyForCapture
                text: qsTr("Take the picture")
                onClicked: still.capture()
            }
        }
    }
}
