import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OneWindow.Ui
import OneWindow.Kiosk

// Choosing a service item: search by name, narrow by department or kind, tap a row. Which
// items match is decided by the chooser; this screen lays them out. Portrait: categories as
// chips above the list; landscape: categories in a column beside it.
Item {
    id: root

    required property bool portrait
    readonly property ItemChooser chooser: KioskSession.chooser

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: root.portrait ? Theme.space.xxl : Theme.space.xxl
        anchors.leftMargin: root.portrait ? Theme.space.xxl : Theme.space.xxxl
        anchors.rightMargin: anchors.leftMargin
        spacing: Theme.space.xl

        // Title and search: stacked in portrait, side by side in landscape to leave the height
        // to the list.
        GridLayout {
            Layout.fillWidth: true
            columns: root.portrait ? 1 : 2
            columnSpacing: Theme.space.xxl
            rowSpacing: Theme.space.xl

            KText {
                Layout.fillWidth: root.portrait
                Layout.preferredWidth: root.portrait ? -1 : 600
                text: qsTr("Choose a service")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
                color: Theme.primaryDark
            }

            // The search box.
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.touchTargetLarge
                radius: Theme.radius.medium
                color: Theme.surface
                border.width: search.activeFocus ? 3 : 2
                border.color: search.activeFocus ? Theme.primary : Theme.border

                Icon {
                    id: searchIcon
                    anchors.left: parent.left
                    anchors.leftMargin: Theme.space.l
                    anchors.verticalCenter: parent.verticalCenter
                    name: "search"
                    size: 44
                }
                TextField {
                    id: search
                    objectName: "searchField"
                    anchors.left: searchIcon.right
                    anchors.right: clearSearch.left
                    anchors.leftMargin: Theme.space.m
                    anchors.verticalCenter: parent.verticalCenter
                    height: parent.height - 8
                    text: root.chooser.query
                    onTextEdited: root.chooser.query = text
                    placeholderText: qsTr("Type a name, e.g. 高龄 (old age)")
                    placeholderTextColor: Theme.muted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.typeScale.subtitle
                    color: Theme.text
                    inputMethodHints: Qt.ImhNoPredictiveText
                    Accessible.name: qsTr("Search for a service")
                    background: null
                }
                AbstractButton {
                    id: clearSearch
                    objectName: "clearSearch"
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    visible: root.chooser.query !== ""
                    width: visible ? 140 : 0
                    height: Theme.touchTarget
                    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
                    focusPolicy: Theme.keypad.focusPolicy
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: root.chooser.query = ""
                    text: qsTr("Clear")
                    Accessible.name: qsTr("Clear the search")
                    contentItem: KText {
                        text: qsTr("Clear")
                        color: Theme.primary
                        font.pixelSize: Theme.typeScale.body
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        wrapMode: Text.NoWrap
                    }
                }
            }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: root.portrait || KioskSession.elder ? 1 : 2
            columnSpacing: Theme.space.xxl
            rowSpacing: Theme.space.l

            // How to group, then the categories: chips that wrap (portrait) or a scrolling
            // column (landscape). Elder mode shows fewer choices at once: the search and a few
            // large rows a page, without the categories.
            ColumnLayout {
                visible: !KioskSession.elder
                Layout.fillWidth: root.portrait
                Layout.preferredWidth: root.portrait ? -1 : 600
                Layout.fillHeight: !root.portrait
                spacing: Theme.space.l

                Row {
                    spacing: Theme.space.m
                    KText {
                        anchors.verticalCenter: parent.verticalCenter
                        text: qsTr("Group by")
                        color: Theme.muted
                        wrapMode: Text.NoWrap
                    }
                    Repeater {
                        model: [
                            { key: "department", label: qsTr("Department") },
                            { key: "kind", label: qsTr("Kind of service") }
                        ]
                        delegate: Chip {
                            required property var modelData
                            objectName: "grouping:" + modelData.key
                            text: modelData.label
                            selected: root.chooser.grouping === modelData.key
                            onClicked: root.chooser.grouping = modelData.key
                        }
                    }
                }

                ScrollView {
                    id: categories
                    Layout.fillWidth: true
                    Layout.fillHeight: !root.portrait
                    Layout.preferredHeight: root.portrait ? categoryFlow.implicitHeight : -1
                    clip: true
                    contentWidth: availableWidth

                    Flow {
                        id: categoryFlow
                        width: categories.availableWidth
                        spacing: Theme.space.m
                        Chip {
                            objectName: "category:"
                            wide: !root.portrait
                            width: root.portrait ? implicitWidth : categoryFlow.width
                            text: qsTr("All")
                            selected: root.chooser.category === ""
                            onClicked: root.chooser.category = ""
                        }
                        Repeater {
                            model: root.chooser.categories
                            delegate: Chip {
                                required property var modelData
                                objectName: "category:" + modelData.key
                                wide: !root.portrait
                                width: root.portrait ? implicitWidth : categoryFlow.width
                                text: modelData.name
                                count: modelData.count
                                selected: root.chooser.category === modelData.key
                                onClicked: root.chooser.category = modelData.key
                            }
                        }
                    }
                }
            }

            // A plain column of rows: at most a few dozen items, and no delegates created behind
            // the scenes that a new search would have to cancel.
            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true

                ScrollView {
                    id: list
                    objectName: "itemList"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.bottom: pager.visible ? pager.top : parent.bottom
                    anchors.bottomMargin: pager.visible ? Theme.space.l : 0
                    clip: true
                    contentWidth: availableWidth

                    // Elder mode in landscape: its few rows a page side by side, all in view.
                    Grid {
                        id: rows
                        readonly property bool twoColumns: KioskSession.elder && !root.portrait
                        width: list.availableWidth
                        columns: twoColumns ? 2 : 1
                        spacing: Theme.space.m
                        Repeater {
                            model: root.chooser
                            delegate: AbstractButton {
                                id: row
                                required property string itemId
                                required property string name
                                required property string department
                                required property int promisedDays
                                required property bool onTheSpot
                                objectName: "item:" + itemId
                                width: rows.twoColumns ? (list.availableWidth - 16 - rows.spacing) / 2
                                                       : list.availableWidth - 16
                                implicitHeight: Math.max(Theme.touchTargetLarge + 40,
                                                         rowText.implicitHeight + 2 * Theme.space.l)
                                // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
                                focusPolicy: Theme.keypad.focusPolicy
                                Keys.onReturnPressed: clicked()
                                Keys.onEnterPressed: clicked()
                                onClicked: KioskSession.chooseItem(itemId)
                                text: name
                                Accessible.name: name
                                Accessible.description: department

                                background: Rectangle {
                                    FocusRing { control: row }
                                    radius: Theme.radius.medium
                                    color: row.down ? Theme.surfaceMuted : Theme.surface
                                    border.width: 1
                                    border.color: Theme.divider
                                }
                                contentItem: Item {
                                    Column {
                                        id: rowText
                                        anchors.left: parent.left
                                        anchors.right: chevron.left
                                        anchors.leftMargin: Theme.space.xl
                                        anchors.rightMargin: Theme.space.m
                                        anchors.verticalCenter: parent.verticalCenter
                                        spacing: Theme.space.s
                                        KText {
                                            width: parent.width
                                            text: row.name
                                            font.pixelSize: Theme.typeScale.subtitle
                                            font.bold: true
                                        }
                                        KText {
                                            width: parent.width
                                            text: row.department + "  ·  "
                                                  + (row.onTheSpot ? qsTr("Done on the spot")
                                                                   : qsTr("Within %n working day(s)", "", row.promisedDays))
                                            font.pixelSize: Theme.typeScale.label
                                            color: Theme.muted
                                        }
                                    }
                                    Icon {
                                        id: chevron
                                        anchors.right: parent.right
                                        anchors.rightMargin: Theme.space.l
                                        anchors.verticalCenter: parent.verticalCenter
                                        name: "chevron"
                                        size: 40
                                    }
                                }
                            }
                        }
                    }
                }

                // Elder mode: a few services at a time, with a button for the next few.
                RowLayout {
                    id: pager
                    objectName: "itemPager"
                    visible: root.chooser.pageSize > 0 && root.chooser.pageCount > 1
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    spacing: Theme.space.l
                    BigButton {
                        objectName: "previousItems"
                        kind: "quiet"
                        iconName: "back"
                        text: qsTr("Previous")
                        enabled: root.chooser.page > 0
                        onClicked: root.chooser.previousPage()
                    }
                    KText {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("%1 of %2").arg(root.chooser.page + 1).arg(root.chooser.pageCount)
                        color: Theme.muted
                    }
                    BigButton {
                        objectName: "moreItems"
                        kind: "quiet"
                        text: qsTr("More")
                        enabled: root.chooser.page + 1 < root.chooser.pageCount
                        onClicked: root.chooser.nextPage()
                    }
                }

                // The catalog is still being loaded and checked (just after the kiosk started).
                Column {
                    objectName: "catalogLoading"
                    visible: root.chooser.loading
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.top: parent.top
                    anchors.topMargin: Theme.space.xxxl
                    width: parent.width - 2 * Theme.space.xxl
                    spacing: Theme.space.m
                    BusyIndicator {
                        anchors.horizontalCenter: parent.horizontalCenter
                        running: root.chooser.loading
                        width: 96
                        height: 96
                    }
                    KText {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("Loading the services…")
                        font.pixelSize: Theme.typeScale.title
                    }
                }

                // Nothing matches: say so, and what to try.
                Column {
                    objectName: "noMatch"
                    visible: root.chooser.count === 0 && !root.chooser.loading
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.top: parent.top
                    anchors.topMargin: Theme.space.xxxl
                    width: parent.width - 2 * Theme.space.xxl
                    spacing: Theme.space.m
                    Icon {
                        anchors.horizontalCenter: parent.horizontalCenter
                        name: "search"
                        size: 96
                        opacity: 0.6
                    }
                    KText {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("No service matches “%1”.").arg(root.chooser.query)
                        font.pixelSize: Theme.typeScale.title
                    }
                    KText {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("Try a shorter word, choose “All”, or call a helper.")
                        color: Theme.muted
                    }
                }
            }
        }
    }
}
