import QtQuick
import OneWindow.Ui
import OneWindow.Input

// The kiosk's own keyboard: Pinyin with a candidate bar, English letters, and the keypads of
// typed fields (digits, ID number, phone). Typed text goes into `target` (a TextInput or
// TextField) directly, without an input method; the target keeps the focus throughout, and its
// hardware key presses reach the same controller.
Rectangle {
    id: root

    // The field to type into, and its catalog type (idNumber, mobile, integer, ...).
    property Item target: null
    property string fieldType: ""
    readonly property alias controller: controller

    readonly property int margin: Theme.space.m
    readonly property int gap: Theme.space.s
    // Ten keys across the narrow side; on a wide screen the keys stay at a comfortable size.
    readonly property int keyWidth: Math.max(Theme.touchTarget,
                                             Math.min(140, Math.floor((width - 2 * margin - 9 * gap) / 10)))
    readonly property int keyHeight: 96
    readonly property int rowWidth: 10 * keyWidth + 9 * gap
    readonly property bool lettersShown: controller.mode === PinyinController.Pinyin
                                         || controller.mode === PinyinController.Letters

    function span(units) { return Math.round(units * keyWidth + (units - 1) * gap) }

    function insert(text) {
        if (!target)
            return
        if (target.selectedText !== undefined && target.selectedText.length > 0)
            target.remove(target.selectionStart, target.selectionEnd)
        target.insert(target.cursorPosition, text)
    }

    function eraseBefore() {
        if (target && target.cursorPosition > 0)
            target.remove(target.cursorPosition - 1, target.cursorPosition)
    }

    objectName: "onScreenKeyboard"
    color: Theme.surfaceMuted
    implicitWidth: rowWidth + 2 * margin
    implicitHeight: column.implicitHeight + 2 * margin

    PinyinController {
        id: controller
        target: root.target
        fieldType: root.fieldType
        fieldText: root.target ? root.target.text : ""
        // Candidates as fit across the bar, at least four.
        pageSize: Math.max(4, Math.min(8, Math.floor(candidateRow.width / 170)))
        onCommit: (text) => root.insert(text)
        onErase: root.eraseBefore()
        onSubmitted: if (root.target) root.target.accepted()
    }

    Column {
        id: column
        anchors.top: parent.top
        anchors.topMargin: root.margin
        anchors.horizontalCenter: parent.horizontalCenter
        width: root.lettersShown ? root.rowWidth : keypad.width
        spacing: root.gap

        // What is being composed: the fixed characters and the letters still to choose; or why
        // Chinese cannot be typed.
        Text {
            objectName: "compositionStrip"
            width: parent.width
            height: Theme.typeScale.title + Theme.space.m
            visible: controller.mode === PinyinController.Pinyin || !controller.available
            verticalAlignment: Text.AlignVCenter
            font.family: Theme.fontFamily
            font.pixelSize: controller.available ? Theme.typeScale.title : Theme.typeScale.body
            color: controller.available ? Theme.primaryDark : Theme.warning
            elide: Text.ElideRight
            text: controller.available ? controller.composing : controller.unavailableReason
        }

        // The candidate bar: one page of candidates between the paging arrows.
        Row {
            objectName: "candidateBar"
            visible: controller.mode === PinyinController.Pinyin
            width: parent.width
            height: root.keyHeight
            spacing: root.gap

            KeyButton {
                objectName: "key:pageUp"
                width: Theme.touchTarget
                height: parent.height
                textSize: Theme.typeScale.headline
                text: "◀"
                spokenName: qsTr("Previous candidates")
                enabled: controller.canPageUp
                onClicked: controller.pageUp()
            }
            Row {
                id: candidateRow
                width: parent.width - 2 * (Theme.touchTarget + root.gap)
                height: parent.height
                spacing: root.gap
                Repeater {
                    model: controller
                    KeyButton {
                        required property int index
                        required property string candidate
                        objectName: "candidate:" + candidate
                        width: (candidateRow.width - (controller.pageSize - 1) * root.gap) / controller.pageSize
                        height: candidateRow.height
                        text: candidate
                        spokenName: qsTr("Candidate %1: %2").arg(index + 1).arg(candidate)
                        textSize: Theme.typeScale.headline
                        contentItem: Text {
                            text: parent.text
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.typeScale.headline
                            minimumPixelSize: Theme.typeScale.small
                            fontSizeMode: Text.HorizontalFit
                            color: Theme.text
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                        }
                        onClicked: controller.choose(index)
                    }
                }
            }
            KeyButton {
                objectName: "key:pageDown"
                width: Theme.touchTarget
                height: parent.height
                textSize: Theme.typeScale.headline
                text: "▶"
                spokenName: qsTr("More candidates")
                enabled: controller.canPageDown
                onClicked: controller.pageDown()
            }
        }

        // The letter keys.
        Repeater {
            model: root.lettersShown ? ["qwertyuiop", "asdfghjkl", "zxcvbnm'"] : []
            Row {
                required property string modelData
                required property int index
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: root.gap
                Repeater {
                    model: modelData.split("")
                    KeyButton {
                        required property string modelData
                        objectName: "key:" + modelData
                        width: root.keyWidth
                        height: root.keyHeight
                        text: controller.mode === PinyinController.Letters ? modelData.toUpperCase() : modelData
                        spokenName: modelData === "'" ? qsTr("Syllable separator") : modelData.toUpperCase()
                        onClicked: controller.typeKey(text)
                    }
                }
                KeyButton {
                    visible: index === 2
                    objectName: "key:backspace"
                    width: root.span(2)
                    height: root.keyHeight
                    text: qsTr("Delete")
                    textSize: Theme.typeScale.subtitle
                    onClicked: controller.backspace()
                }
            }
        }

        // Mode switches, space and enter.
        Row {
            visible: root.lettersShown
            spacing: root.gap
            KeyButton {
                objectName: "key:pinyin"
                width: root.span(1.5)
                height: root.keyHeight
                text: qsTr("Pinyin")
                spokenName: qsTr("Pinyin input")
                textSize: Theme.typeScale.subtitle
                selected: controller.mode === PinyinController.Pinyin
                enabled: controller.available
                onClicked: controller.mode = PinyinController.Pinyin
            }
            KeyButton {
                objectName: "key:letters"
                width: root.span(1.5)
                height: root.keyHeight
                text: "ABC"
                spokenName: qsTr("English letters")
                textSize: Theme.typeScale.subtitle
                selected: controller.mode === PinyinController.Letters
                onClicked: controller.mode = PinyinController.Letters
            }
            KeyButton {
                objectName: "key:digits"
                width: root.span(1.5)
                height: root.keyHeight
                text: "123"
                spokenName: qsTr("Digits")
                textSize: Theme.typeScale.subtitle
                onClicked: controller.mode = PinyinController.Digits
            }
            KeyButton {
                objectName: "key:space"
                width: root.span(3.5) - root.gap
                height: root.keyHeight
                text: qsTr("Space")
                textSize: Theme.typeScale.subtitle
                onClicked: controller.space()
            }
            KeyButton {
                objectName: "key:enter"
                width: root.span(2) + root.gap
                height: root.keyHeight
                accent: true
                text: qsTr("Enter")
                textSize: Theme.typeScale.subtitle
                onClicked: controller.enter()
            }
        }

        Keypad {
            id: keypad
            visible: !root.lettersShown
            anchors.horizontalCenter: parent.horizontalCenter
            controller: controller
            availableWidth: root.width - 2 * root.margin
            // Back to the letters only when the field takes letters.
            canLeave: !controller.keypadOnly
        }
    }
}
