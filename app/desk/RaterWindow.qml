import QtQuick
import QtQuick.Window
import OneWindow.Ui
import OneWindow.Desk

// The hall's 评价器 (RaterScreen): the citizen's side of the window, on the second monitor. Idle,
// it invites a rating; once the clerk starts one it shows the case number only (no personal
// data), the five levels as large buttons and the four aspects scored 1 to 5; then thanks the
// citizen and clears itself.
Window {
    id: root
    objectName: "raterWindow"
    title: qsTr("Rate our service")
    color: Theme.background
    width: 1280
    height: 800

    readonly property RaterScreen rater: DeskSession.rater

    // Idle: an invitation, nothing of any visit.
    Column {
        objectName: "raterIdle"
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.space.xxl
        spacing: Theme.space.l
        visible: root.rater.phase === "idle"
        DText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Rate our service")
            font.pixelSize: Theme.typeScale.display
            font.bold: true
            color: Theme.primaryDark
        }
        DText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("After your business is done, the clerk will ask you to rate it here.")
            font.pixelSize: Theme.typeScale.title
            color: Theme.muted
        }
    }

    // Rating: the case number, five levels, four aspects.
    Item {
        anchors.fill: parent
        anchors.margins: Theme.space.xl
        visible: root.rater.phase === "rate"

        Column {
            id: head
            width: parent.width
            spacing: Theme.space.s
            DText {
                width: parent.width
                text: qsTr("How satisfied are you with this service?")
                font.pixelSize: Theme.typeScale.headline
                font.bold: true
            }
            DText {
                objectName: "raterCase"
                width: parent.width
                text: qsTr("Application %1").arg(root.rater.caseNumber)
                font.pixelSize: Theme.typeScale.subtitle
                color: Theme.muted
            }
        }

        Row {
            id: levels
            anchors.top: head.bottom
            anchors.topMargin: Theme.space.l
            width: parent.width
            spacing: Theme.space.m
            Repeater {
                model: root.rater.levels
                delegate: Rectangle {
                    id: levelButton
                    required property var modelData
                    readonly property bool chosen: root.rater.level === modelData.key
                    objectName: "raterLevel_" + modelData.key
                    width: (levels.width - 4 * levels.spacing) / 5
                    height: Theme.touchTargetLarge + Theme.space.l
                    radius: Theme.radius.medium
                    color: chosen ? (modelData.bad ? Theme.accent : Theme.primary) : Theme.surface
                    border.width: 2
                    border.color: chosen ? "transparent" : (modelData.bad ? Theme.accent : Theme.primary)
                    Accessible.role: Accessible.Button
                    Accessible.name: modelData.label
                    DText {
                        anchors.fill: parent
                        anchors.margins: Theme.space.s
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        text: levelButton.modelData.label
                        font.pixelSize: Theme.typeScale.title
                        font.bold: true
                        color: levelButton.chosen ? Theme.textOnPrimary
                             : levelButton.modelData.bad ? Theme.accent : Theme.primary
                    }
                    MouseArea {
                        anchors.fill: parent
                        onClicked: root.rater.chooseLevel(levelButton.modelData.key)
                    }
                }
            }
        }

        Column {
            id: aspects
            anchors.top: levels.bottom
            anchors.topMargin: Theme.space.xl
            width: parent.width
            spacing: Theme.space.m
            Repeater {
                model: root.rater.aspects
                delegate: Row {
                    id: aspectRow
                    required property var modelData
                    spacing: Theme.space.m
                    DText {
                        width: aspects.width * 0.3
                        height: Theme.touchTarget
                        verticalAlignment: Text.AlignVCenter
                        text: aspectRow.modelData.label
                        font.pixelSize: Theme.typeScale.subtitle
                    }
                    Repeater {
                        model: 5
                        delegate: Rectangle {
                            id: scoreButton
                            required property int index
                            readonly property int score: index + 1
                            readonly property bool lit: aspectRow.modelData.score >= score
                            objectName: "raterScore_" + aspectRow.modelData.key + "_" + score
                            width: Theme.touchTarget * 1.4
                            height: Theme.touchTarget
                            radius: Theme.radius.small
                            color: lit ? Theme.secondary : Theme.surface
                            border.width: 2
                            border.color: Theme.secondary
                            Accessible.role: Accessible.Button
                            Accessible.name: aspectRow.modelData.label + " " + score
                            DText {
                                anchors.centerIn: parent
                                text: scoreButton.score
                                font.pixelSize: Theme.typeScale.title
                                font.bold: true
                                color: scoreButton.lit ? Theme.textOnSecondary : Theme.secondary
                            }
                            MouseArea {
                                anchors.fill: parent
                                onClicked: root.rater.setScore(aspectRow.modelData.key, scoreButton.score)
                            }
                        }
                    }
                }
            }
            DText {
                width: parent.width
                text: qsTr("1 is the lowest, 5 the highest.")
                font.pixelSize: Theme.typeScale.label
                color: Theme.muted
            }
        }

        DText {
            anchors.bottom: submit.top
            anchors.bottomMargin: Theme.space.s
            width: parent.width
            visible: text !== ""
            text: root.rater.message
            font.pixelSize: Theme.typeScale.body
            color: Theme.error
        }

        Rectangle {
            id: submit
            objectName: "raterSubmit"
            anchors.bottom: parent.bottom
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.max(parent.width / 3, submitLabel.implicitWidth + 2 * Theme.space.xl)
            height: Theme.touchTargetLarge
            radius: Theme.radius.medium
            color: root.rater.complete ? Theme.primary : Theme.divider
            Accessible.role: Accessible.Button
            Accessible.name: submitLabel.text
            DText {
                id: submitLabel
                anchors.centerIn: parent
                text: qsTr("Submit my rating")
                font.pixelSize: Theme.typeScale.title
                font.bold: true
                color: root.rater.complete ? Theme.textOnPrimary : Theme.muted
            }
            MouseArea {
                anchors.fill: parent
                onClicked: root.rater.submit()
            }
        }
    }

    // Thanks, then the screen clears itself.
    Column {
        objectName: "raterThanks"
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.space.xxl
        spacing: Theme.space.l
        visible: root.rater.phase === "thanks"
        DText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Thank you for your rating!")
            font.pixelSize: Theme.typeScale.display
            font.bold: true
            color: Theme.secondary
        }
        DText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Your opinion helps the hall serve you better.")
            font.pixelSize: Theme.typeScale.title
            color: Theme.muted
        }
    }
}
