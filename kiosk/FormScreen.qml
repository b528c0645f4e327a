import QtQuick
import OneWindow.Ui
import OneWindow.Kiosk

// The item's application form, page by page, from the catalog renderer; the controller
// belongs to the session (prefilled from the identity, emptied by the wipe).
Item {
    id: root

    required property bool portrait

    FormView {
        objectName: "formView"
        anchors.fill: parent
        controller: KioskSession.form
        onCompleted: KioskSession.reviewForm()
    }
}
