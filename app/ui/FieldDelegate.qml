import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui

// One entry of the form model: a group header, a row header of a repeatable group, a field, or
// the button that adds a row. The control for a field is chosen by its type.
Item {
    id: root

    required property int index
    required property string kind
    required property string fieldId
    required property string groupId
    required property int row
    required property string type
    required property string label
    required property string help
    required property bool mandatory
    required property bool shown
    required property var value
    required property string displayValue
    required property string error
    required property var options
    required property int maxLength

    property FormController controller
    property bool kiosk: true

    readonly property bool sensitive: type === "idNumber" || type === "bankCard" || type === "mobile"
    readonly property string valueText: value === undefined || value === null ? "" : String(value)

    objectName: kind === "field" ? "field:" + fieldId + (row >= 0 ? "#" + row : "") : kind + ":" + groupId
    visible: shown
    implicitHeight: shown && body.item ? body.item.implicitHeight : 0
    height: implicitHeight

    // Only the part this entry needs is created: forms have dozens of entries.
    Loader {
        id: body
        width: parent.width
        sourceComponent: {
            switch (root.kind) {
            case "header": return root.kiosk ? null : headerPart
            case "row": return rowPart
            case "addRow": return addRowPart
            default: return fieldPart
            }
        }
    }

    // Group header (the kiosk shows the group title at the top of the page instead).
    Component {
        id: headerPart
        ColumnLayout {
            spacing: 2
            Label {
                Layout.fillWidth: true
                Layout.topMargin: 10
                text: root.label
                font.family: Theme.fontFamily
                font.pixelSize: Theme.labelSize(root.kiosk) + 2
                font.bold: true
                color: Theme.primary
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: 1
                color: Theme.border
            }
        }
    }

    // Row header of a repeatable group, with its remove button.
    Component {
        id: rowPart
        RowLayout {
            Label {
                Layout.fillWidth: true
                text: root.label
                font.family: Theme.fontFamily
                font.pixelSize: Theme.labelSize(root.kiosk)
                font.bold: true
                color: Theme.text
            }
            Button {
                Accessible.name: text
                text: qsTr("Remove")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                implicitHeight: Theme.controlHeight(root.kiosk)
                implicitWidth: Math.max(implicitContentWidth + leftPadding + rightPadding, root.kiosk ? 200 : 0)
                onClicked: root.controller.removeRow(root.groupId, root.row)
            }
        }
    }

    Component {
        id: addRowPart
        Item {
            implicitHeight: addButton.implicitHeight
            Button {
                Accessible.name: text
                id: addButton
                text: "+ " + root.label
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                implicitHeight: Theme.controlHeight(root.kiosk)
                onClicked: root.controller.addRow(root.groupId)
            }
        }
    }

    // A field: label, control, help, problem.
    Component {
        id: fieldPart
        GridLayout {
            columns: root.kiosk ? 1 : 2
            columnSpacing: 12
            rowSpacing: root.kiosk ? 8 : 2

            Label {
                Layout.preferredWidth: root.kiosk ? -1 : 220
                Layout.fillWidth: root.kiosk
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: root.kiosk ? 0 : 6
                text: root.label + (root.mandatory ? " <font color=\"" + Theme.accent + "\">*</font>" : "")
                textFormat: Text.StyledText
                wrapMode: Text.Wrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.labelSize(root.kiosk)
                color: Theme.text
            }

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Loader {
                    Layout.fillWidth: true
                    sourceComponent: {
                        switch (root.type) {
                        case "multiline": return multilineControl
                        case "choice": return choiceControl
                        case "multiChoice": return choiceControl
                        case "yesNo": return yesNoControl
                        case "region": return regionControl
                        case "attachment": return attachmentControl
                        case "signature": return signatureControl
                        default: return textControl
                        }
                    }
                }
                Label {
                    visible: root.help !== ""
                    Layout.fillWidth: true
                    text: root.help
                    wrapMode: Text.Wrap
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize(root.kiosk) - (root.kiosk ? 4 : 2)
                    color: Theme.muted
                }
                Label {
                    objectName: "error"
                    visible: root.error !== ""
                    Layout.fillWidth: true
                    text: root.error
                    wrapMode: Text.Wrap
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize(root.kiosk)
                    font.bold: true
                    color: Theme.error
                }
            }
        }
    }

    Component {
        id: textControl
        TextField {
            id: textField
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            implicitHeight: Theme.controlHeight(root.kiosk)
            // At the kiosk: room around the text, and the frame says where typing goes and what is wrong.
            leftPadding: root.kiosk ? Theme.space.l : 8
            rightPadding: root.kiosk ? Theme.space.l : 8
            background: FieldFrame {
                kiosk: root.kiosk
                focused: textField.activeFocus
                wrong: root.error !== ""
            }
            maximumLength: root.maxLength > 0 ? root.maxLength : 32767
            Accessible.name: root.label
            placeholderText: {
                switch (root.type) {
                case "date": return qsTr("YYYY-MM-DD, e.g. 1949-10-01")
                case "idNumber": return qsTr("18 characters")
                case "mobile": return qsTr("11 digits")
                case "money": return qsTr("Yuan")
                default: return ""
                }
            }
            inputMethodHints: {
                switch (root.type) {
                case "number": case "money": return Qt.ImhFormattedNumbersOnly
                case "mobile": case "bankCard": return Qt.ImhDigitsOnly
                case "idNumber": case "uscc": return Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                case "date": return Qt.ImhDate
                default: return Qt.ImhNone
                }
            }
            // Sensitive numbers are shown masked unless being edited.
            Component.onCompleted: text = root.sensitive ? root.displayValue : root.valueText
            onActiveFocusChanged: {
                if (root.sensitive)
                    text = activeFocus ? root.valueText : root.displayValue
                if (!activeFocus)
                    root.controller.markTouched(root.index)
            }
            onTextEdited: root.controller.setValue(root.index, text)
        }
    }

    Component {
        id: multilineControl
        TextArea {
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            wrapMode: TextEdit.Wrap
            implicitHeight: Math.max(Theme.controlHeight(root.kiosk) * 2, contentHeight + 20)
            leftPadding: root.kiosk ? Theme.space.l : 8
            rightPadding: root.kiosk ? Theme.space.l : 8
            background: FieldFrame {
                kiosk: root.kiosk
                focused: parent.activeFocus
                wrong: root.error !== ""
            }
            Component.onCompleted: text = root.valueText
            onTextChanged: if (activeFocus) root.controller.setValue(root.index, text)
            onActiveFocusChanged: if (!activeFocus) root.controller.markTouched(root.index)
        }
    }

    Component {
        id: choiceControl
        ChoiceField {
            kiosk: root.kiosk
            multiple: root.type === "multiChoice"
            options: root.options
            value: root.value
            onPicked: function(newValue) {
                root.controller.setValue(root.index, newValue)
                root.controller.markTouched(root.index)
            }
        }
    }

    Component {
        id: yesNoControl
        ChoiceField {
            kiosk: root.kiosk
            options: [{ "value": true, "label": qsTr("Yes") }, { "value": false, "label": qsTr("No") }]
            value: root.value
            onPicked: function(newValue) {
                root.controller.setValue(root.index, newValue)
                root.controller.markTouched(root.index)
            }
        }
    }

    Component {
        id: regionControl
        RegionField {
            kiosk: root.kiosk
            code: root.valueText
            onPicked: function(newCode) {
                root.controller.setValue(root.index, newCode)
                root.controller.markTouched(root.index)
            }
        }
    }

    // At the kiosk an attachment is a picture taken with the kiosk's camera: take, take again,
    // remove. Elsewhere the shell answers with a capture, a scan or a file.
    Component {
        id: attachmentControl
        Flow {
            id: attachmentFlow
            readonly property bool given: root.displayValue !== ""
            spacing: 12
            Button {
                Accessible.name: text
                objectName: "attach:" + root.fieldId
                text: root.kiosk ? (attachmentFlow.given ? qsTr("Take again") : qsTr("Take a picture"))
                                 : qsTr("Take a photo or scan")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                implicitHeight: Theme.controlHeight(root.kiosk)
                highlighted: root.kiosk && !attachmentFlow.given
                implicitWidth: Math.max(implicitContentWidth + leftPadding + rightPadding, root.kiosk ? 280 : 0)
                onClicked: root.controller.requestAttachment(root.index)
            }
            Button {
                Accessible.name: text
                objectName: "removeAttachment:" + root.fieldId
                visible: root.kiosk && attachmentFlow.given
                text: qsTr("Remove")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                implicitHeight: Theme.controlHeight(root.kiosk)
                implicitWidth: Math.max(implicitContentWidth + leftPadding + rightPadding, root.kiosk ? 200 : 0)
                onClicked: root.controller.removeAttachment(root.index)
            }
            Label {
                objectName: "attachmentState:" + root.fieldId
                height: Theme.controlHeight(root.kiosk)
                verticalAlignment: Text.AlignVCenter
                text: attachmentFlow.given ? root.displayValue
                                   : root.kiosk ? qsTr("No picture yet") : qsTr("No file yet")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                font.bold: root.kiosk && attachmentFlow.given
                color: root.kiosk && attachmentFlow.given ? Theme.success : Theme.muted
            }
        }
    }

    Component {
        id: signatureControl
        SignaturePad {
            kiosk: root.kiosk
            hasSignature: root.valueText !== ""
            onAccepted: function(strokes) {
                root.controller.setValue(root.index, strokes)
                root.controller.markTouched(root.index)
            }
            onCleared: root.controller.setValue(root.index, "")
        }
    }
}
