import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The item's application form, page by page, from the catalog renderer; the controller
// belongs to the session (prefilled from the identity, emptied by the wipe). A field that asks
// for a file (the applicant's photo, a signed authorisation) is a picture taken with the
// kiosk's camera, as for the materials: the camera view opens over the form, and a camera that
// fails is reported under it.
Item {
    id: root

    required property bool portrait

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "formPictureProblem"
            visible: KioskSession.materials.problem !== ""
            Layout.fillWidth: true
            Layout.leftMargin: Theme.space.xxl
            Layout.rightMargin: Theme.space.xxl
            Layout.topMargin: Theme.space.l
            implicitHeight: problemText.implicitHeight + 2 * Theme.space.l
            radius: Theme.radius.medium
            color: Theme.errorBackground
            KText {
                id: problemText
                anchors.fill: parent
                anchors.margins: Theme.space.l
                text: KioskSession.materials.problem
                color: Theme.error
                font.pixelSize: Theme.typeScale.subtitle
            }
        }

        FormView {
            objectName: "formView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            controller: KioskSession.form
            // The navigation bar's Back steps back through the form's pages (KioskSession::back).
            showBack: false
            sideAction: root.portrait ? null : continueBeside
            onCompleted: KioskSession.reviewForm()
        }
        Component {
            id: continueBeside
            ContinueAtWindowButton {}
        }
        ContinueAtWindowButton {
            visible: root.portrait
            Layout.alignment: Qt.AlignRight
            Layout.rightMargin: Theme.space.xxl
            Layout.bottomMargin: Theme.space.m
        }
    }

    // The real camera's view, over the form, only while a picture is taken.
    Connections {
        target: KioskSession
        function onPictureRequested(ref, label) {
            camera.setSource("CameraCapture.qml", {
                materialId: ref,
                materialName: label,
                instruction: qsTr("Face the camera, or hold the paper in front of it, then tap the button.")
            })
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
