import QtQuick
import OneWindow.Ui
import OneWindow.Input

// The keypad of a typed field: digits, with X for an ID number's check digit or a decimal point
// for amounts. Which key may be typed now is the controller's decision (KeypadRules); a key it
// refuses is greyed out.
Column {
    id: root

    required property PinyinController controller
    property real availableWidth: 1000
    // Whether a key leads back to the letters (not for ID number, phone and number fields).
    property bool canLeave: true

    readonly property int gap: Theme.space.s
    readonly property int keyWidth: Math.max(Theme.touchTarget, Math.min(240, Math.floor((availableWidth - 2 * gap) / 3)))
    readonly property int keyHeight: Theme.touchTargetLarge
    // The key beside 0: X or the decimal point, when the field has one.
    readonly property string extraKey: {
        const keys = controller.keypadKeys
        for (let i = 0; i < keys.length; ++i) {
            if (keys[i] < "0" || keys[i] > "9")
                return keys[i]
        }
        return ""
    }

    function spokenKey(key) {
        if (key === "X")
            return qsTr("X (check digit)")
        if (key === ".")
            return qsTr("Decimal point")
        return key
    }

    objectName: "keypad"
    spacing: gap

    // How far the number is: "11 of 18 digits" for an ID number, "7 of 11 digits" for a phone.
    Text {
        objectName: "keypadProgress"
        visible: root.controller.maxLength > 0
        width: parent.width
        height: Theme.typeScale.title + Theme.space.m
        verticalAlignment: Text.AlignVCenter
        font.family: Theme.fontFamily
        font.pixelSize: Theme.typeScale.body
        color: Theme.muted
        text: qsTr("%1 of %2 characters").arg(root.controller.fieldText.length).arg(root.controller.maxLength)
    }

    Grid {
        columns: 3
        spacing: root.gap
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", root.extraKey, "0", "⌫"]
            Item {
                id: cell
                required property string modelData
                width: root.keyWidth
                height: root.keyHeight
                KeyButton {
                    anchors.fill: parent
                    visible: cell.modelData !== "" && cell.modelData !== "⌫"
                    objectName: "key:" + cell.modelData
                    text: cell.modelData
                    spokenName: root.spokenKey(cell.modelData)
                    textSize: Theme.typeScale.headline
                    // Re-evaluated whenever the field's text changes.
                    enabled: root.controller.fieldText.length >= 0 && root.controller.accepts(cell.modelData)
                    onClicked: root.controller.typeKey(cell.modelData)
                }
                KeyButton {
                    anchors.fill: parent
                    visible: cell.modelData === "⌫"
                    objectName: "key:backspace"
                    text: qsTr("Delete")
                    textSize: Theme.typeScale.subtitle
                    onClicked: root.controller.backspace()
                }
            }
        }
    }

    Row {
        spacing: root.gap
        KeyButton {
            visible: root.canLeave
            objectName: "key:pinyin"
            width: root.keyWidth
            height: root.keyHeight
            text: root.controller.available ? qsTr("Pinyin") : "ABC"
            spokenName: root.controller.available ? qsTr("Pinyin input") : qsTr("English letters")
            textSize: Theme.typeScale.subtitle
            onClicked: root.controller.mode = PinyinController.Pinyin
        }
        KeyButton {
            objectName: "key:enter"
            width: root.canLeave ? 2 * root.keyWidth + root.gap : 3 * root.keyWidth + 2 * root.gap
            height: root.keyHeight
            accent: true
            text: qsTr("Enter")
            textSize: Theme.typeScale.subtitle
            onClicked: root.controller.enter()
        }
    }
}
