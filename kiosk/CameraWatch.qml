import QtQuick
import QtMultimedia
import OneWindow.Kiosk

// Tells the materials step whether a camera (a document camera is one) is plugged in, and again
// whenever one comes or goes. Loaded by file name from the first visit that identifies someone,
// so that Qt Multimedia and its audio and video libraries stay out of an idle kiosk.
Item {
    MediaDevices {
        id: devices
        onVideoInputsChanged: KioskSession.materials.setCameraAvailable(videoInputs.length > 0)
        Component.onCompleted: KioskSession.materials.setCameraAvailable(videoInputs.length > 0)
    }
}
