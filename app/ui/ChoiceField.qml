import QtQuick
import QtQuick.Controls
import OneWindow.Ui

// Single or multiple choice. Big tappable buttons on the kiosk and for short lists; a drop-down
// for long single-choice lists on the desk.
Item {
    id: root

    property bool kiosk: true
    property bool multiple: false
    property var options: []
    property var value

    signal picked(var newValue)

    function isChosen(optionValue) {
        if (root.multiple)
            return Array.isArray(root.value) && root.value.indexOf(optionValue) >= 0
        return root.value === optionValue
    }

    function toggle(optionValue) {
        if (!root.multiple) {
            root.picked(optionValue)
            return
        }
        const chosen = Array.isArray(root.value) ? root.value.slice() : []
        const at = chosen.indexOf(optionValue)
        if (at >= 0)
            chosen.splice(at, 1)
        else
            chosen.push(optionValue)
        // Keep the options' order.
        root.picked(root.options.map(o => o.value).filter(v => chosen.indexOf(v) >= 0))
    }

    implicitHeight: loader.implicitHeight

    Loader {
        id: loader
        width: parent.width
        sourceComponent: (root.multiple || root.kiosk || root.options.length <= 4) ? buttons : dropDown
    }

    Component {
        id: buttons
        Flow {
            spacing: root.kiosk ? 14 : 6
            Repeater {
                model: root.options
                delegate: Button {
                    id: option
                    Accessible.name: modelData.label
                    required property var modelData
                    readonly property bool chosen: root.isChosen(modelData.value)
                    text: (root.multiple ? (chosen ? "☑ " : "☐ ") : "") + modelData.label
                    highlighted: chosen
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize(root.kiosk)
                    font.bold: root.kiosk && chosen
                    implicitHeight: Theme.controlHeight(root.kiosk)
                    implicitWidth: Math.max(implicitContentWidth + leftPadding + rightPadding, root.kiosk ? 150 : 60)
                    // Elder mode: one answer a row across the page, read top to bottom, tapped anywhere.
                    width: root.kiosk && Theme.elder ? loader.width : implicitWidth
                    leftPadding: root.kiosk ? 28 : 10
                    rightPadding: root.kiosk ? 28 : 10
                    // The answer given is filled in the brand's colour; the others are outlined.
                    background: Rectangle {
                        radius: root.kiosk ? Theme.radius.medium : 3
                        color: option.chosen ? Theme.primary : option.down ? Theme.primarySoft : Theme.surface
                        border.width: option.visualFocus ? 3 : option.chosen ? 0 : (root.kiosk ? 2 : 1)
                        border.color: option.visualFocus ? Theme.text : root.kiosk ? Theme.primary : Theme.border
                    }
                    contentItem: Label {
                        text: option.text
                        font: option.font
                        color: option.chosen ? Theme.textOnPrimary : root.kiosk ? Theme.primary : Theme.text
                        horizontalAlignment: root.kiosk && Theme.elder ? Text.AlignLeft : Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        elide: Text.ElideRight
                    }
                    onClicked: root.toggle(modelData.value)
                }
            }
        }
    }

    Component {
        id: dropDown
        ComboBox {
            Accessible.name: displayText
            model: root.options
            textRole: "label"
            valueRole: "value"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            implicitHeight: Theme.controlHeight(root.kiosk)
            currentIndex: indexOfValue(root.value)
            displayText: currentIndex < 0 ? qsTr("Please choose") : currentText
            onActivated: root.picked(currentValue)
        }
    }
}
