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

    ComboBox {
        Accessible.name: displayText
        Layout.fillWidth: true
        model: CatalogService.regionChildren("")
        textRole: "name"
        valueRole: "code"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize(root.kiosk)
        implicitHeight: Theme.controlHeight(root.kiosk)
        currentIndex: indexOfValue(root.chosenProvince)
        displayText: currentIndex < 0 ? qsTr("Province") : currentText
        onActivated: {
            root.chosenProvince = currentValue
            root.chosenCity = ""
        }
    }
    ComboBox {
        Accessible.name: displayText
        Layout.fillWidth: true
        model: root.chosenProvince !== "" ? CatalogService.regionChildren(root.chosenProvince) : []
        textRole: "name"
        valueRole: "code"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize(root.kiosk)
        implicitHeight: Theme.controlHeight(root.kiosk)
        currentIndex: indexOfValue(root.chosenCity)
        displayText: currentIndex < 0 ? qsTr("City") : currentText
        onActivated: {
            root.chosenCity = currentValue
            if (model[currentIndex].pickable)
                root.picked(currentValue)
        }
    }
    ComboBox {
        Accessible.name: displayText
        Layout.fillWidth: true
        model: root.chosenCity !== "" ? CatalogService.regionChildren(root.chosenCity) : []
        textRole: "name"
        valueRole: "code"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize(root.kiosk)
        implicitHeight: Theme.controlHeight(root.kiosk)
        currentIndex: indexOfValue(root.code)
        displayText: currentIndex < 0 ? qsTr("County or district") : currentText
        onActivated: root.picked(currentValue)
    }
}
