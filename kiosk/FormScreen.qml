import QtQuick
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// The item's application form, page by page, from the catalog renderer; the controller
// belongs to the session (prefilled from the identity, emptied by the wipe).
Item {
    id: root

    required property bool portrait

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        FormView {
            objectName: "formView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            controller: KioskSession.form
            onCompleted: KioskSession.reviewForm()
        }
        ContinueAtWindowButton {
            Layout.alignment: Qt.AlignRight
            Layout.rightMargin: Theme.space.xxl
            Layout.bottomMargin: Theme.space.m
        }
    }
}
