import QtQuick
import QtQuick.Templates as T
import OneWindow.Ui
import OneWindow.Kiosk

// The band across the top of every screen: who runs this kiosk, and the language switch.
Rectangle {
    id: root

    property bool compact: false

    // Elder mode's larger type makes the band taller where it needs to be.
    implicitHeight: Math.max(compact ? 112 : 136, brand.implicitHeight + 2 * Theme.space.s)
    color: Theme.primaryDark

    Row {
        id: brand
        anchors.left: parent.left
        anchors.leftMargin: Theme.space.xxl
        // As far as the buttons: on a narrow screen the station's name is cut short, not covered.
        anchors.right: actions.left
        anchors.rightMargin: Theme.space.l
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.space.l

        // The product's mark: a window with a path through it.
        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 72
            height: 72
            radius: Theme.radius.medium
            color: Theme.textOnPrimary
            KText {
                anchors.centerIn: parent
                text: qsTr("OW", "the product's mark, one or two characters")
                font.pixelSize: 36
                font.bold: true
                color: Theme.primaryDark
                wrapMode: Text.NoWrap
            }
        }
        Column {
            anchors.verticalCenter: parent.verticalCenter
            width: brand.width - 72 - brand.spacing
            // Too narrow for a readable name (elder type beside the buttons in portrait): the
            // mark alone, rather than "一…".
            visible: width >= 4 * Theme.typeScale.title
            spacing: Theme.space.xs
            KText {
                width: parent.width
                // Smaller rather than cut short, down to the label size; then cut short.
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.typeScale.label
                elide: Text.ElideRight
                text: qsTr("OneWindow")
                font.pixelSize: Theme.typeScale.title
                font.bold: true
                color: Theme.textOnPrimary
                wrapMode: Text.NoWrap
            }
            KText {
                // Never under the buttons (elder mode's larger type, a long translation): the
                // column ends where they begin.
                width: parent.width
                // The station's full name where the band has room (landscape), its short name in
                // portrait, where the buttons leave it half the width.
                text: root.compact ? qsTr("24-hour self-service government station")
                                   : qsTr("24h self-service")
                elide: Text.ElideRight
                font.pixelSize: Theme.typeScale.label
                color: Theme.textOnPrimary
                opacity: 0.9
                wrapMode: Text.NoWrap
            }
        }
    }

    // 再听一遍 (the screen's question, and an error shown, read aloud again) and 呼叫帮办员, on every screen.
    Row {
        id: actions
        anchors.right: switcher.left
        anchors.rightMargin: Theme.space.l
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.space.m

        BarButton {
            objectName: "readAgainButton"
            iconName: "speaker"
            text: qsTr("Read again")
            Accessible.description: qsTr("Read this screen's question aloud again")
            onClicked: Voice.readAgain()
        }
        BarButton {
            objectName: "callHelperButton"
            iconName: "helper"
            text: qsTr("Call a helper")
            Accessible.description: qsTr("Ask the village helper to come to this kiosk")
            onClicked: HelpCall.call()
        }
    }

    // A button on the dark band: an icon and a short word, outlined in white.
    component BarButton: T.AbstractButton {
        id: barButton
        property string iconName
        Accessible.name: text
        implicitWidth: Math.max(Theme.touchTarget + 8, contentItem.implicitWidth)
        implicitHeight: Theme.touchTarget + 8
        // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
        focusPolicy: Theme.keypad.focusPolicy
        Keys.onReturnPressed: clicked()
        Keys.onEnterPressed: clicked()
        background: Rectangle {
            FocusRing { control: barButton; onDark: true }
            radius: Theme.radius.medium
            color: barButton.pressed ? Theme.primary : "transparent"
            border.color: Theme.textOnPrimary
            border.width: 2
        }
        // The icon over a short word: narrow enough for a portrait screen's band.
        contentItem: Item {
            implicitWidth: Math.max(icon.width, word.implicitWidth) + 2 * Theme.space.m
            implicitHeight: icon.height + word.implicitHeight
            Column {
                anchors.centerIn: parent
                Icon {
                    id: icon
                    anchors.horizontalCenter: parent.horizontalCenter
                    name: barButton.iconName
                    light: true
                    size: 36
                }
                KText {
                    id: word
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: barButton.text
                    font.pixelSize: Theme.typeScale.label
                    color: Theme.textOnPrimary
                    wrapMode: Text.NoWrap
                    lineHeight: 1.0
                }
            }
        }
    }

    // 中文 | English: each name in its own language, so anyone finds theirs.
    Rectangle {
        id: switcher
        objectName: "languageSwitch"
        anchors.right: parent.right
        anchors.rightMargin: Theme.space.xxl
        anchors.verticalCenter: parent.verticalCenter
        height: Theme.touchTarget + 8
        width: choices.implicitWidth + 8
        radius: height / 2
        color: "transparent"
        border.color: Theme.textOnPrimary
        border.width: 2

        Row {
            id: choices
            anchors.centerIn: parent
            spacing: 0
            Repeater {
                model: [
                    { lang: "zh_CN", label: qsTr("中文", "the name of Chinese in Chinese, never translated") },
                    { lang: "en", label: qsTr("English", "the name of English in English, never translated") }
                ]
                delegate: T.AbstractButton {
                    id: choice
                    required property var modelData
                    readonly property bool current: KioskSession.language === modelData.lang
                    objectName: "language:" + modelData.lang
                    text: modelData.label
                    Accessible.name: text
                    Accessible.description: qsTr("Show the kiosk in this language")
                    implicitWidth: Math.max(150, label.implicitWidth + 2 * Theme.space.l)
                    implicitHeight: Theme.touchTarget
                    // A keypad's Tab reaches it, a tap leaves focus alone; Space, Return, Enter press it.
                    focusPolicy: Theme.keypad.focusPolicy
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    onClicked: KioskSession.language = modelData.lang
                    background: Rectangle {
                        FocusRing { control: choice; onDark: true }
                        radius: height / 2
                        color: choice.current ? Theme.textOnPrimary : "transparent"
                    }
                    contentItem: Item {
                        Row {
                            anchors.centerIn: parent
                            spacing: Theme.space.s
                            Icon {
                                anchors.verticalCenter: parent.verticalCenter
                                visible: choice.current
                                name: "language"
                                size: 30
                            }
                            KText {
                                id: label
                                anchors.verticalCenter: parent.verticalCenter
                                text: choice.modelData.label
                                font.pixelSize: Theme.typeScale.label
                                font.bold: choice.current
                                color: choice.current ? Theme.primaryDark : Theme.textOnPrimary
                                wrapMode: Text.NoWrap
                            }
                        }
                    }
                }
            }
        }
    }
}
