import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui

// Renders any catalog item's form. Kiosk: one question group per page with large targets and
// step buttons. Desk: every group on one dense, scrollable page.
Item {
    id: root

    required property FormController controller
    // The form's own Back between pages; off where the screen around it has one that steps the
    // pages too (the kiosk's navigation bar), so that no screen shows two Back buttons.
    property bool showBack: true
    // Something the screen around adds beside Next (the kiosk's "continue at the window" in
    // landscape, where a row of its own would cut the form's height).
    property Component sideAction: null
    readonly property bool kiosk: controller.kiosk
    readonly property bool lastPage: controller.currentPage + 1 >= controller.pageCount

    signal completed()

    Rectangle {
        anchors.fill: parent
        color: Theme.background
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: root.kiosk ? 32 : 12
        spacing: Theme.spacing(root.kiosk)

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: root.controller.itemName
                font.family: Theme.fontFamily
                font.pixelSize: Theme.titleSize(root.kiosk)
                font.bold: true
                // The item's name is a heading, not a warning: the brand's dark blue, as on every kiosk screen.
                color: Theme.primaryDark
                elide: Text.ElideRight
            }
            Label {
                visible: root.kiosk && root.controller.pageCount > 0
                text: qsTr("Step %1 of %2").arg(root.controller.currentPage + 1).arg(root.controller.pageCount)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                color: Theme.muted
            }
        }

        Label {
            visible: root.kiosk && text !== ""
            Layout.fillWidth: true
            text: root.controller.pageTitle
            font.family: Theme.fontFamily
            font.pixelSize: Theme.labelSize(root.kiosk) + 4
            font.bold: true
            color: Theme.text
        }

        Label {
            visible: root.controller.loadError !== ""
            Layout.fillWidth: true
            text: root.controller.loadError
            wrapMode: Text.Wrap
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize(root.kiosk)
            color: Theme.error
        }

        ScrollView {
            id: scroller
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: availableWidth
            // At the kiosk a form longer than the screen says so: the bar stays while there is more.
            ScrollBar.vertical.policy: root.kiosk && contentHeight > availableHeight ? ScrollBar.AlwaysOn
                                                                                     : ScrollBar.AsNeeded
            ScrollBar.vertical.width: root.kiosk ? 16 : 10

            Column {
                id: fields
                // Clear of the scroll bar when it stays on screen.
                width: scroller.availableWidth - (scroller.ScrollBar.vertical.policy === ScrollBar.AlwaysOn
                                                  ? scroller.ScrollBar.vertical.width + 8 : 0)
                spacing: Theme.spacing(root.kiosk)

                Repeater {
                    model: root.controller
                    delegate: FieldDelegate {
                        width: fields.width
                        controller: root.controller
                        kiosk: root.kiosk
                    }
                }
            }
        }

        Rectangle {
            visible: root.controller.showErrors && root.controller.problemCount > 0
            Layout.fillWidth: true
            implicitHeight: problemText.implicitHeight + 16
            color: Theme.errorBackground
            radius: 4
            Label {
                id: problemText
                anchors.fill: parent
                anchors.margins: 8
                text: qsTr("Some answers need attention; they are marked in red.")
                wrapMode: Text.Wrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                color: Theme.error
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing(root.kiosk)
            Button {
                Accessible.name: text
                visible: root.showBack && root.kiosk && root.controller.currentPage > 0
                text: qsTr("Back")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                implicitHeight: Theme.controlHeight(root.kiosk)
                implicitWidth: Math.max(220, implicitContentWidth + leftPadding + rightPadding)
                onClicked: root.controller.back()
            }
            Item { Layout.fillWidth: true }
            Loader {
                active: root.sideAction !== null
                visible: active
                sourceComponent: root.sideAction
            }
            Button {
                id: nextButton
                Accessible.name: text
                objectName: "nextButton"
                text: root.kiosk ? (root.lastPage ? qsTr("Review and submit") : qsTr("Next")) : qsTr("Check the form")
                highlighted: true
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize(root.kiosk)
                font.bold: true
                // The way forward, filled in the brand's colour as every screen's main action.
                background: Rectangle {
                    radius: root.kiosk ? Theme.radius.medium : 3
                    color: nextButton.down ? Theme.primaryDark : Theme.primary
                    border.width: nextButton.visualFocus ? 3 : 0
                    border.color: Theme.text
                }
                contentItem: Label {
                    text: nextButton.text
                    font: nextButton.font
                    color: Theme.textOnPrimary
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                implicitHeight: Theme.controlHeight(root.kiosk)
                implicitWidth: Math.max(root.kiosk ? 320 : 140, implicitContentWidth + leftPadding + rightPadding)
                onClicked: {
                    const done = root.kiosk ? root.controller.next() : root.controller.validateAll()
                    if (done)
                        root.completed()
                }
            }
        }
    }
}
