import QtQuick
import QtQuick.Controls
import QtMultimedia
import OneWindow.Scan

// The camera view of 扫码办: the live picture, a guide frame to hold the code in, and what
// happened in words and colour (searching, move closer, read, not accepted, not ours, no
// camera). The CameraScanner is created and configured in C++; this view only shows it.
Item {
    id: root

    required property CameraScanner scanner
    property bool kiosk: true

    readonly property color feedbackColour: {
        switch (root.scanner.status) {
        case CameraScanner.Found: return "#1b7f3b"
        case CameraScanner.Rejected: return "#b00020"
        case CameraScanner.NotRecognised: return "#b35c00"
        case CameraScanner.MoveCloser: return "#8a6d00"
        case CameraScanner.NoCamera: return "#57606a"
        default: return "#1b1f24"
        }
    }

    Rectangle {
        anchors.fill: parent
        color: "black"
    }

    VideoOutput {
        id: video
        anchors.fill: parent
        fillMode: VideoOutput.PreserveAspectCrop
    }

    Component.onCompleted: root.scanner.videoOutput = video

    // Guide frame: a square in the middle with heavy corners, coloured by the feedback.
    Item {
        id: guide
        objectName: "guideFrame"
        anchors.centerIn: parent
        width: Math.min(root.width, root.height) * 0.62
        height: width

        Rectangle {
            anchors.fill: parent
            color: "transparent"
            radius: 16
            border.width: 3
            border.color: Qt.rgba(1, 1, 1, 0.55)
        }
        Repeater {
            model: 4
            delegate: Item {
                required property int index
                width: guide.width * 0.22
                height: width
                x: index % 2 === 0 ? 0 : guide.width - width
                y: index < 2 ? 0 : guide.height - height
                Rectangle {
                    width: parent.width
                    height: 10
                    y: index < 2 ? 0 : parent.height - height
                    color: root.scanner.status === CameraScanner.Searching || root.scanner.status === CameraScanner.Idle
                           ? "white" : root.feedbackColour
                }
                Rectangle {
                    width: 10
                    height: parent.height
                    x: index % 2 === 0 ? 0 : parent.width - width
                    color: root.scanner.status === CameraScanner.Searching || root.scanner.status === CameraScanner.Idle
                           ? "white" : root.feedbackColour
                }
            }
        }
    }

    Label {
        anchors.bottom: guide.top
        anchors.bottomMargin: 24
        anchors.horizontalCenter: parent.horizontalCenter
        width: parent.width - 48
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("Hold the code or the ID card inside the frame")
        color: "white"
        font.family: "WenQuanYi Micro Hei"
        font.pixelSize: root.kiosk ? 32 : 16
        style: Text.Outline
        styleColor: "black"
    }

    Rectangle {
        objectName: "feedback"
        visible: feedbackText.text !== ""
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 24
        height: feedbackText.implicitHeight + 40
        radius: 12
        color: root.feedbackColour

        Label {
            id: feedbackText
            anchors.fill: parent
            anchors.margins: 20
            verticalAlignment: Text.AlignVCenter
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: root.scanner.statusText
            color: "white"
            font.family: "WenQuanYi Micro Hei"
            font.pixelSize: root.kiosk ? 30 : 15
            font.bold: true
        }
    }
}
