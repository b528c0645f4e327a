import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui

// Picks a county (GB/T 2260) through province, city and county lists.
RowLayout {
    id: root

    property bool kiosk: true
    property string code: ""

    signal picked(string newCode)

    property string chosenProvince: code.length === 6 ? code.substring(0, 2) + "0000" : ""
    property string chosenCity: code.length === 6 ? code.substring(0, 4) + "00" : ""

    spacing: root.kiosk ? 12 : 6

    // What a list shows comes from the chosen code and the list's own rows, never from the
    // ComboBox's currentIndex: the control resets that index when its model fills in, after a
    // binding on it has run, so a region given before the form appears showed placeholders.
    function rowOf(rows, code) {
        for (let i = 0; i < rows.length; ++i) {
            if (rows[i].code === code)
                return i
        }
        return -1
    }
    function nameIn(rows, code, placeholder) {
        const row = rowOf(rows, code)
        return row < 0 ? placeholder : rows[row].name
    }

    ComboBox {
        Accessible.name: displayText
        Layout.fillWidth: true
        readonly property var rows: CatalogService.regionChildren("")
        model: rows
        textRole: "name"
        valueRole: "code"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize(root.kiosk)
        implicitHeight: Theme.controlHeight(root.kiosk)
        leftPadding: root.kiosk ? Theme.space.l : 8
        background: FieldFrame { kiosk: root.kiosk; focused: parent.visualFocus || parent.down }
        indicator: Image {
            x: parent.width - width - (root.kiosk ? Theme.space.m : 4)
            y: (parent.height - height) / 2
            width: root.kiosk ? 36 : 18
            height: width
            source: Icons.source("chevron", false)
            sourceSize: Qt.size(width, height)
            rotation: 90   // the list opens downwards
        }
        rightPadding: (root.kiosk ? 36 + Theme.space.m : 18 + 4) + 8
        currentIndex: root.rowOf(rows, root.chosenProvince)
        displayText: root.nameIn(rows, root.chosenProvince, qsTr("Province"))
        onActivated: {
            root.chosenProvince = currentValue
            root.chosenCity = ""
        }
    }
    ComboBox {
        Accessible.name: displayText
        Layout.fillWidth: true
        readonly property var rows: root.chosenProvince !== "" ? CatalogService.regionChildren(root.chosenProvince) : []
        model: rows
        textRole: "name"
        valueRole: "code"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize(root.kiosk)
        implicitHeight: Theme.controlHeight(root.kiosk)
        leftPadding: root.kiosk ? Theme.space.l : 8
        background: FieldFrame { kiosk: root.kiosk; focused: parent.visualFocus || parent.down }
        indicator: Image {
            x: parent.width - width - (root.kiosk ? Theme.space.m : 4)
            y: (parent.height - height) / 2
            width: root.kiosk ? 36 : 18
            height: width
            source: Icons.source("chevron", false)
            sourceSize: Qt.size(width, height)
            rotation: 90   // the list opens downwards
        }
        rightPadding: (root.kiosk ? 36 + Theme.space.m : 18 + 4) + 8
        currentIndex: root.rowOf(rows, root.chosenCity)
        displayText: root.nameIn(rows, root.chosenCity, qsTr("City"))
        onActivated: {
            root.chosenCity = currentValue
            if (rows[currentIndex].pickable)
                root.picked(currentValue)
        }
    }
    ComboBox {
        Accessible.name: displayText
        Layout.fillWidth: true
        readonly property var rows: root.chosenCity !== "" ? CatalogService.regionChildren(root.chosenCity) : []
        model: rows
        textRole: "name"
        valueRole: "code"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize(root.kiosk)
        implicitHeight: Theme.controlHeight(root.kiosk)
        leftPadding: root.kiosk ? Theme.space.l : 8
        background: FieldFrame { kiosk: root.kiosk; focused: parent.visualFocus || parent.down }
        indicator: Image {
            x: parent.width - width - (root.kiosk ? Theme.space.m : 4)
            y: (parent.height - height) / 2
            width: root.kiosk ? 36 : 18
            height: width
            source: Icons.source("chevron", false)
            sourceSize: Qt.size(width, height)
            rotation: 90   // the list opens downwards
        }
        rightPadding: (root.kiosk ? 36 + Theme.space.m : 18 + 4) + 8
        currentIndex: root.rowOf(rows, root.code)
        displayText: root.nameIn(rows, root.code, qsTr("County or district"))
        onActivated: root.picked(currentValue)
    }
}
