// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml
import PortLab

// Presenter mode: the stage as large as the screen allows, and under it a strip in large type
// with the step's title and, on a step with a prediction, its question, the choices numbered
// for the class to call out and the class's votes as bars. A clicker or the keyboard drives it
// all (nothing needs a mouse):
//   Page Down, →, Space   next step            Page Up, ←   step back
//   1 … 6                 one more vote         0            clear the votes
//   Enter                 lock the prediction in (the class's most chosen, if nobody chose)
//   B or .                blank the screen and back; while blank, any step key brings it back
//   N                     the presenter's notes over the stage (with one screen only: the
//                         class sees them too)
//   Esc                   leave presenter mode
// With a second screen, the presenter console opens there: narration, notes, what comes next.
FocusScope {
    id: root

    required property LessonSession lessons
    required property StagePlayer player
    // How many screens there are; with more than one, the console opens on another.
    // (qmllint 6.4 does not know Qt.application.screens)
    // qmllint disable type
    property int screenCount: Qt.application.screens.length
    // qmllint enable type
    // The keys act only while this is set (presenter mode is on).
    property bool active: true
    property bool blanked: false
    property bool showingNotes: false
    // Titles of the lesson's steps, when the session gives them: the console names what is next.
    property var stepTitles: []

    signal exitRequested()

    readonly property bool consoleShown: root.active && root.screenCount > 1
    readonly property var prediction: root.lessons.prediction
    readonly property bool hasPrediction: root.prediction.prompt !== undefined
    readonly property var choices: root.hasPrediction ? root.prediction.choices : []
    readonly property bool locked: root.hasPrediction && root.prediction.locked === true
    readonly property var tally: root.lessons.tally
    readonly property int votes: {
        let total = 0
        for (let i = 0; i < root.tally.length; ++i)
            total += Number(root.tally[i])
        return total
    }
    readonly property var goal: root.lessons.goal
    readonly property bool hasGoal: root.goal.task !== undefined
    readonly property var hostNames: root.player.hostNames
    readonly property int cameraHost: root.lessons.cameraHost.length > 0 ? root.hostNames.indexOf(root.lessons.cameraHost) : -1
    // In presenter mode the type is larger than the panels' (read from the back of a room).
    readonly property int fontCaption: Math.round(Theme.fontHeading * 1.25)
    readonly property int fontQuestion: Theme.fontHeading
    readonly property int fontChoice: Math.round(Theme.fontTitle * 1.2)

    function voteText(count: int): string {
        return count === 1 ? qsTr("1 vote") : qsTr("%1 votes").arg(count)
    }

    function forward() {
        if (root.blanked)
            root.blanked = false
        else
            root.lessons.next()
    }

    function backward() {
        if (root.blanked)
            root.blanked = false
        else
            root.lessons.back()
    }

    function vote(choice: int) {
        if (root.hasPrediction && !root.locked && choice < root.choices.length)
            root.lessons.vote(choice)
    }

    // Locks the prediction in; when nobody chose in the panel, the class's most voted choice.
    function lock() {
        if (root.blanked) {
            root.blanked = false
            return
        }
        if (!root.hasPrediction || root.locked)
            return
        if (root.prediction.chosen < 0) {
            let best = -1
            for (let i = 0; i < root.tally.length; ++i) {
                if (Number(root.tally[i]) > 0 && (best < 0 || Number(root.tally[i]) > Number(root.tally[best])))
                    best = i
            }
            if (best >= 0)
                root.lessons.choose(best)
        }
        root.lessons.lockPrediction()
    }

    function leave() {
        if (root.blanked)
            root.blanked = false
        else
            root.exitRequested()
    }

    // The screen the console goes on: any but this window's.
    function otherScreen(): var {
        // qmllint disable type
        const screens = Qt.application.screens
        // qmllint enable type
        for (let i = 0; i < screens.length; ++i) {
            if (screens[i].name !== root.Screen.name)
                return screens[i]
        }
        return screens[0]
    }

    focus: true
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Presenter mode: %1, step %2 of %3").arg(root.lessons.stepTitle)
                     .arg(root.lessons.currentStep + 1).arg(root.lessons.stepCount)

    Component.onCompleted: stage.followSteps()

    Connections {
        target: root.lessons

        function onStepChanged() {
            stage.followSteps()
        }
    }

    // --- keys: a clicker, or a keyboard alone --------------------------------------------
    // Application-wide, so they act while the console window has the focus too.
    Shortcut {
        sequences: ["PgDown", "Right", "Space"]
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.forward()
    }
    Shortcut {
        sequences: ["PgUp", "Left"]
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.backward()
    }
    Shortcut {
        sequences: ["B", "."]
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.blanked = !root.blanked
    }
    Shortcut {
        sequences: ["Return", "Enter"]
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.lock()
    }
    Shortcut {
        sequence: "Esc"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.leave()
    }
    Shortcut {
        sequence: "N"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.showingNotes = !root.showingNotes
    }
    Shortcut {
        sequence: "0"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.lessons.clearTally()
    }
    Shortcut {
        sequence: "1"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.vote(0)
    }
    Shortcut {
        sequence: "2"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.vote(1)
    }
    Shortcut {
        sequence: "3"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.vote(2)
    }
    Shortcut {
        sequence: "4"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.vote(3)
    }
    Shortcut {
        sequence: "5"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.vote(4)
    }
    Shortcut {
        sequence: "6"
        context: Qt.ApplicationShortcut
        enabled: root.active
        onActivated: root.vote(5)
    }

    // A small button of the strip, for a presenter with a mouse.
    component StripButton: Button {
        id: button

        property string tip

        implicitHeight: Theme.controlHeight
        implicitWidth: Math.max(Theme.controlHeight, button.implicitContentWidth + 2 * Theme.spacing)
        font.pixelSize: Theme.fontBody
        flat: true
        focusPolicy: Qt.TabFocus
        activeFocusOnTab: true
        Accessible.name: button.tip
        ToolTip.visible: button.hovered || button.visualFocus
        ToolTip.delay: 500
        ToolTip.text: button.tip
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.background
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        NetworkView {
            id: stage

            objectName: "presenterStage"
            Layout.fillWidth: true
            Layout.fillHeight: true
            hosts: root.player.hosts
            envelopes: root.player.envelopes
            focusHost: root.player.focusHost
            focusSocket: root.player.focusSocket
            conflictSocket: root.player.conflictSocket
            selectedHost: root.player.selectedHost
            stepDuration: root.player.stepDuration
            autoFit: false
            follow: true
            // a big screen shows the host larger than the window's stage does (at 1080 lines, 1.5×)
            followMaximumZoom: Math.max(1, Math.min(2, root.height / 720))
            cameraHost: root.cameraHost
            activeFocusOnTab: false
        }

        // --- the caption strip ------------------------------------------------------------
        Rectangle {
            id: strip

            objectName: "captionStrip"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(stripColumn.implicitHeight + 2 * Theme.spacingLarge, root.height * 0.6)
            color: Theme.panel
            clip: true

            Rectangle {
                width: parent.width
                height: Theme.borderWidthStrong
                color: Theme.buildingFront
            }

            ColumnLayout {
                id: stripColumn

                anchors.fill: parent
                anchors.leftMargin: Theme.spacingLarge * 2
                anchors.rightMargin: Theme.spacingLarge * 2
                anchors.topMargin: Theme.spacingLarge
                anchors.bottomMargin: Theme.spacingLarge
                spacing: Theme.spacing

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingLarge

                    Text {
                        objectName: "presenterTitle"
                        Layout.fillWidth: true
                        text: root.lessons.stepTitle
                        color: Theme.text
                        font.pixelSize: root.fontCaption
                        font.bold: true
                        wrapMode: Text.Wrap
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }

                    Text {
                        objectName: "presenterCounter"
                        Layout.alignment: Qt.AlignTop
                        //: where the lesson is, in presenter mode: "3 / 8"
                        text: qsTr("%1 / %2").arg(root.lessons.currentStep + 1).arg(root.lessons.stepCount)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontTitle
                        Accessible.role: Accessible.StaticText
                        Accessible.name: qsTr("Step %1 of %2").arg(root.lessons.currentStep + 1).arg(root.lessons.stepCount)
                    }

                    Row {
                        Layout.alignment: Qt.AlignTop
                        spacing: 2

                        StripButton {
                            objectName: "presenterBack"
                            text: "◀"
                            tip: qsTr("Back a step (Page Up)")
                            enabled: root.lessons.currentStep > 0
                            onClicked: root.backward()
                        }
                        StripButton {
                            objectName: "presenterNext"
                            text: "▶"
                            tip: qsTr("Next step (Page Down)")
                            enabled: root.lessons.currentStep < root.lessons.stepCount - 1
                            onClicked: root.forward()
                        }
                        StripButton {
                            objectName: "presenterNotes"
                            text: qsTr("Notes")
                            tip: qsTr("Show or hide your notes over the stage (N)")
                            onClicked: root.showingNotes = !root.showingNotes
                        }
                        StripButton {
                            objectName: "presenterBlank"
                            text: qsTr("Blank")
                            tip: qsTr("Blank the screen (B)")
                            onClicked: root.blanked = true
                        }
                        StripButton {
                            objectName: "presenterExit"
                            text: "✕"
                            tip: qsTr("Leave presenter mode (Esc)")
                            onClicked: root.exitRequested()
                        }
                    }
                }

                // the prediction: its question, the choices numbered, the votes
                Text {
                    objectName: "presenterQuestion"
                    Layout.fillWidth: true
                    visible: root.hasPrediction
                    text: root.hasPrediction ? LessonText.readable(root.prediction.prompt) : ""
                    textFormat: Text.MarkdownText
                    color: Theme.text
                    font.pixelSize: root.fontQuestion
                    wrapMode: Text.Wrap
                    Accessible.role: Accessible.StaticText
                    Accessible.name: root.hasPrediction ? LessonText.plain(root.prediction.prompt) : ""
                }

                // (a Column, not the layout: Qt 6.4's layouts can crash when a Repeater in one
                // replaces its items while the window is resized)
                Column {
                    id: choiceColumn

                    Layout.fillWidth: true
                    visible: root.hasPrediction
                    spacing: Theme.spacing

                    Repeater {
                        model: root.choices.length

                        delegate: RowLayout {
                            id: choiceRow

                            required property int index

                            readonly property var modelData: root.choices[choiceRow.index] ?? ""

                            readonly property int count: choiceRow.index < root.tally.length ? Number(root.tally[choiceRow.index]) : 0
                            readonly property bool isAnswer: root.locked && choiceRow.index === root.prediction.answer
                            readonly property bool chosen: choiceRow.index === root.prediction.chosen

                            objectName: "presenterChoice"
                            width: choiceColumn.width
                            spacing: Theme.spacing
                            Accessible.role: Accessible.StaticText
                            //: a choice in presenter mode: number, text, votes
                            Accessible.name: qsTr("%1: %2, %3").arg(choiceRow.index + 1)
                                             .arg(LessonText.plain(String(choiceRow.modelData))).arg(root.voteText(choiceRow.count))
                                             + (choiceRow.isAnswer ? ", " + qsTr("the right answer") : "")

                            Rectangle {
                                Layout.alignment: Qt.AlignVCenter
                                implicitWidth: root.fontChoice * 1.6
                                implicitHeight: root.fontChoice * 1.6
                                radius: width / 2
                                color: choiceRow.isAnswer ? Theme.accepted : "transparent"
                                border.color: choiceRow.isAnswer ? Theme.accepted : Theme.text
                                border.width: Theme.borderWidth

                                Text {
                                    anchors.centerIn: parent
                                    text: choiceRow.index + 1
                                    color: choiceRow.isAnswer ? Theme.panel : Theme.text
                                    font.pixelSize: root.fontChoice
                                    font.bold: true
                                }
                            }

                            Text {
                                Layout.fillWidth: true
                                Layout.preferredWidth: strip.width * 0.45
                                text: LessonText.readable(choiceRow.modelData)
                                textFormat: Text.MarkdownText
                                color: Theme.text
                                font.pixelSize: root.fontChoice
                                font.bold: choiceRow.isAnswer
                                wrapMode: Text.Wrap
                            }

                            // the class's votes: a bar and its count
                            Item {
                                Layout.preferredWidth: strip.width * 0.25
                                Layout.fillHeight: true
                                implicitHeight: root.fontChoice * 1.4

                                Rectangle {
                                    objectName: "tallyBar"
                                    anchors.verticalCenter: parent.verticalCenter
                                    width: root.votes > 0 ? Math.max(4, (parent.width - countText.width - Theme.spacing) * choiceRow.count / root.votes) : 0
                                    height: root.fontChoice
                                    color: choiceRow.isAnswer ? Theme.doorConnectedFill : Theme.doorListeningFill
                                    border.color: choiceRow.isAnswer ? Theme.accepted : Theme.doorListening
                                    border.width: Theme.borderWidth
                                }

                                Text {
                                    id: countText

                                    objectName: "tallyCount"
                                    anchors.verticalCenter: parent.verticalCenter
                                    x: (root.votes > 0 ? Math.max(4, (parent.width - width - Theme.spacing) * choiceRow.count / root.votes) : 0) + Theme.spacingSmall
                                    text: choiceRow.count
                                    color: Theme.text
                                    font.pixelSize: root.fontChoice
                                    font.bold: true
                                }
                            }

                            Text {
                                Layout.preferredWidth: strip.width * 0.12
                                text: choiceRow.isAnswer ? qsTr("✓ right") : ""
                                color: Theme.accepted
                                font.pixelSize: root.fontChoice
                                font.bold: true
                            }
                        }
                    }
                }

                Text {
                    objectName: "presenterVotes"
                    Layout.fillWidth: true
                    visible: root.hasPrediction && !root.locked
                    //: presenter mode, under a question: how many have voted so far
                    text: root.voteText(root.votes)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontBody
                }

                Text {
                    objectName: "presenterExplanation"
                    Layout.fillWidth: true
                    visible: root.locked
                    text: root.locked ? LessonText.readable(root.prediction.explanation) : ""
                    textFormat: Text.MarkdownText
                    color: Theme.text
                    font.pixelSize: Theme.fontTitle
                    wrapMode: Text.Wrap
                }

                // the goal's task, when the step has one
                RowLayout {
                    Layout.fillWidth: true
                    visible: root.hasGoal
                    spacing: Theme.spacing

                    Text {
                        objectName: "presenterTask"
                        Layout.fillWidth: true
                        text: root.hasGoal ? qsTr("**Task:** %1").arg(LessonText.readable(root.goal.task)) : ""
                        textFormat: Text.MarkdownText
                        color: Theme.text
                        font.pixelSize: Theme.fontTitle
                        wrapMode: Text.Wrap
                    }

                    Text {
                        Layout.alignment: Qt.AlignTop
                        text: root.hasGoal && root.goal.met === true ? qsTr("✓ Done") : qsTr("○ Not yet")
                        color: root.hasGoal && root.goal.met === true ? Theme.accepted : Theme.textMuted
                        font.pixelSize: Theme.fontTitle
                        font.bold: true
                    }
                }
            }
        }
    }

    // --- the presenter's notes over the stage (N) ------------------------------------------
    Rectangle {
        objectName: "notesOverlay"
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: Theme.spacingLarge
        width: Math.min(parent.width * 0.4, 640)
        height: Math.min(notesColumn.implicitHeight + 2 * Theme.spacingLarge, strip.y - 2 * Theme.spacingLarge)
        visible: root.showingNotes
        color: Theme.panel
        border.color: Theme.panelBorder
        border.width: Theme.borderWidth
        radius: Theme.radius
        clip: true
        Accessible.role: Accessible.Note
        Accessible.name: qsTr("Presenter notes")

        ColumnLayout {
            id: notesColumn

            anchors.fill: parent
            anchors.margins: Theme.spacingLarge
            spacing: Theme.spacing

            Text {
                Layout.fillWidth: true
                text: qsTr("Notes (N hides them)")
                color: Theme.textMuted
                font.pixelSize: Theme.fontLabel
                font.bold: true
            }

            Text {
                objectName: "notesText"
                Layout.fillWidth: true
                text: root.lessons.notes.length > 0 ? LessonText.readable(root.lessons.notes) : qsTr("No notes for this step.")
                textFormat: Text.MarkdownText
                color: Theme.text
                font.pixelSize: Theme.fontTitle
                wrapMode: Text.Wrap
            }
        }
    }

    // A reminder of the keys, for the first few seconds only.
    Rectangle {
        objectName: "keyHint"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.margins: Theme.spacing
        width: hintText.implicitWidth + 2 * Theme.spacing
        height: hintText.implicitHeight + Theme.spacing
        radius: Theme.radius
        color: Theme.buildingFront
        visible: opacity > 0
        opacity: hintTimer.running ? 0.9 : 0

        Behavior on opacity {
            enabled: !Theme.reducedMotion
            NumberAnimation { duration: 600 }
        }

        Text {
            id: hintText

            anchors.centerIn: parent
            text: qsTr("Page Down: next · B: blank · N: notes · Esc: leave")
            color: Theme.buildingFrontText
            font.pixelSize: Theme.fontLabel
        }

        Timer {
            id: hintTimer

            interval: 4000
            running: true
        }
    }

    // --- the screen blanked (B): black, whatever the look ---------------------------------
    Rectangle {
        objectName: "blankScreen"
        anchors.fill: parent
        visible: root.blanked
        color: "black"
        Accessible.role: Accessible.Pane
        Accessible.name: qsTr("Screen blanked: press B to show it again")
    }

    // --- the presenter's console on the other screen ---------------------------------------
    // (an Instantiator of one rather than a Loader: Qt 6.4's Loader cannot make a component of
    // a file with `pragma ComponentBehavior: Bound`)
    Instantiator {
        id: consoleInstantiator

        model: root.consoleShown ? 1 : 0

        delegate: PresenterConsole {
            lessons: root.lessons
            stepTitles: root.stepTitles
            blanked: root.blanked
            screen: root.otherScreen()
            //visibility: Window.FullScreen
        }
    }

    readonly property Window consoleWindow: consoleInstantiator.count > 0 ? consoleInstantiator.objectAt(0) as Window : null
}
