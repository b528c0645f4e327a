import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui

// A signature captured with a finger or a stylus. The strokes (normalised to 0..1) are handed
// to the form as the field's value; the shell stores them encrypted with the case.
ColumnLayout {
    id: root

    property bool kiosk: true
    property bool hasSignature: false
    property var strokes: []

    signal accepted(string strokes)
    signal cleared()

    spacing: 6

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: root.kiosk ? 220 : 90
        color: Theme.surface
        border.color: Theme.border
        radius: 4

        Label {
            anchors.centerIn: parent
            visible: !root.hasSignature && root.strokes.length === 0
            text: qsTr("Sign here with your finger")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            color: Theme.muted
        }

        Canvas {
            id: canvas
            anchors.fill: parent
            onPaint: {
                const ctx = getContext("2d")
                ctx.clearRect(0, 0, width, height)
                ctx.lineWidth = root.kiosk ? 4 : 2
                ctx.strokeStyle = Theme.text
                const all = root.strokes.concat(pad.current.length > 1 ? [pad.current] : [])
                for (const stroke of all) {
                    ctx.beginPath()
                    stroke.forEach((p, i) => i === 0 ? ctx.moveTo(p.x * width, p.y * height)
                                                     : ctx.lineTo(p.x * width, p.y * height))
                    ctx.stroke()
                }
            }
        }

        MouseArea {
            id: pad
            anchors.fill: parent
            Accessible.role: Accessible.Canvas
            Accessible.name: qsTr("Signature: sign here with your finger")
            property var current: []
            onPressed: mouse => { current = [{ "x": mouse.x / width, "y": mouse.y / height }] }
            onPositionChanged: mouse => {
                current.push({ "x": mouse.x / width, "y": mouse.y / height })
                canvas.requestPaint()
            }
            onReleased: {
                if (current.length > 1) {
                    root.strokes = root.strokes.concat([current])
                    canvas.requestPaint()
                    root.accepted(JSON.stringify(root.strokes.map(s => s.map(p => [p.x.toFixed(3), p.y.toFixed(3)]))))
                }
                current = []
            }
        }
    }

    RowLayout {
        Label {
            Layout.fillWidth: true
            text: root.hasSignature ? qsTr("Signed") : ""
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            color: Theme.primary
        }
        Button {
            Accessible.name: text
            text: qsTr("Clear")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            implicitHeight: Theme.controlHeight(root.kiosk)
            // Never narrower than it is tall at the kiosk: a finger's target.
            implicitWidth: Math.max(root.kiosk ? Theme.touchTarget : 0, implicitContentWidth + leftPadding + rightPadding)
            onClicked: {
                root.strokes = []
                canvas.requestPaint()
                root.cleared()
            }
        }
    }
}
