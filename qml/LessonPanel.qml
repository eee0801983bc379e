// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The lesson beside the stage: the step's title and where it is in the lesson, its narration
// (the lesson's Markdown), and what the step asks of the student — a prediction locked in before
// the stage plays, a quiz, a goal the app checks after every statement typed on the "Try it"
// line. Back and Next move through the steps (the stage rebuilds each one, so Back shows it as
// it was). Everything shown comes from the LessonSession; this view keeps no lesson state.
Rectangle {
    id: panel

    required property LessonSession lessons
    // The stage's stack (StagePlayer.stack): shown when the step's camera names a layer and the
    // stack is the camera host's.
    property var stack: ({})
    property int stepDuration: Theme.stepDuration

    signal libraryRequested()
    signal presentRequested()

    readonly property var prediction: panel.lessons.prediction
    readonly property bool hasPrediction: panel.prediction.prompt !== undefined
    readonly property var predictionChoices: panel.hasPrediction ? panel.prediction.choices : []
    readonly property bool locked: panel.hasPrediction && panel.prediction.locked === true
    readonly property int chosen: panel.hasPrediction ? panel.prediction.chosen : -1
    readonly property var quiz: panel.lessons.quiz
    readonly property var goal: panel.lessons.goal
    readonly property bool hasGoal: panel.goal.task !== undefined
    readonly property bool goalMet: panel.hasGoal && panel.goal.met === true
    // What is not true yet, each reason once.
    readonly property var unmetReasons: {
        const reasons = []
        const unmet = panel.hasGoal && panel.goal.unmet ? panel.goal.unmet : []
        for (let i = 0; i < unmet.length; ++i) {
            if (reasons.indexOf(String(unmet[i])) < 0)
                reasons.push(String(unmet[i]))
        }
        return reasons
    }
    readonly property var typed: panel.lessons.typed
    readonly property bool lastStep: panel.lessons.currentStep >= panel.lessons.stepCount - 1

    // The stack of the camera's host as an envelope last passed through it in this step.
    property var cameraStack: ({})

    // What the step asks that is not done yet (the prediction, then the goal), and whether it
    // is below what the panel shows: the narration can fill a small screen.
    readonly property Item askCard: panel.hasPrediction && !panel.locked ? predictionCard
                                  : panel.hasGoal && !panel.goalMet ? goalCard : null
    readonly property bool askBelow: panel.askCard !== null
                                     && panel.askCard.y + content.y + Theme.controlHeight > flick.contentY + flick.height

    // Scrolls to what the step asks, and puts the keyboard on its first control.
    function showAsk() {
        if (!panel.askCard)
            return
        const maxY = Math.max(0, flick.contentHeight - flick.height)
        flick.contentY = Math.min(maxY, panel.askCard.y + content.y - Theme.spacing)
        const first = panel.askCard === predictionCard ? predictionChoiceRepeater.itemAt(0) : solutionButton as Item
        if (first)
            first.forceActiveFocus(Qt.TabFocusReason)
    }

    // The keyboard's place when the lesson opens: Next, so that Enter or Space moves on.
    function focusStart() {
        nextButton.forceActiveFocus(Qt.TabFocusReason)
    }

    // Where Up and Down on the "Try it" line are in this step's statements (-1: a new one).
    property int historyIndex: -1

    // A link in the narration: another lesson (a .md file beside this one) opens in the player,
    // anything else in the desktop's own viewer.
    function openLink(link: string) {
        const absolute = /^[a-z][a-z0-9+.-]*:/i.test(link)
        let url = link
        if (!absolute) {
            const base = String(panel.lessons.baseUrl)
            url = base.endsWith("/") ? base + link : base + "/" + link
        }
        if (/\.md(#.*)?$/.test(link) && (!absolute || url.startsWith("file:") || url.startsWith("qrc:")))
            panel.lessons.openLessonFile(url.replace(/#.*$/, ""))
        else
            Qt.openUrlExternally(url)
    }

    function tryStatement() {
        const text = tryField.text.trim()
        if (text.length === 0)
            return
        const ok = panel.lessons.tryStatement(text)
        panel.historyIndex = -1
        if (ok)
            tryField.clear()
        else
            tryField.selectAll()   // to correct it, or type over it
    }

    // Up and Down on the "Try it" line: the statements typed in this step, newest first.
    function recall(delta: int) {
        const n = panel.typed.length
        if (n === 0)
            return
        let index = panel.historyIndex < 0 ? (delta < 0 ? n - 1 : -1) : panel.historyIndex + delta
        if (index >= n) {
            panel.historyIndex = -1
            tryField.clear()
            return
        }
        index = Math.max(0, index)
        panel.historyIndex = index
        tryField.text = String(panel.typed[index].statement)
        tryField.cursorPosition = tryField.text.length
    }

    // Keeps the control that has the keyboard's focus in view when Tab moves it into the
    // scrolled part.
    function ensureVisible(item: Item) {
        if (!item || flick.height <= 0)
            return
        let ancestor = item.parent
        while (ancestor && ancestor !== content)
            ancestor = ancestor.parent
        if (!ancestor)
            return
        const top = item.mapToItem(flick.contentItem, 0, 0).y
        const bottom = top + item.height
        const maxY = Math.max(0, flick.contentHeight - flick.height)
        if (top < flick.contentY)
            flick.contentY = Math.max(0, top - Theme.spacing)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(maxY, bottom - flick.height + Theme.spacing)
    }

    readonly property Item focusedItem: panel.Window.activeFocusItem
    onFocusedItemChanged: panel.ensureVisible(panel.focusedItem)

    onStackChanged: {
        if (panel.stack && panel.stack.hostName !== undefined && panel.stack.hostName === panel.lessons.cameraHost)
            panel.cameraStack = panel.stack
    }

    Connections {
        target: panel.lessons

        function onStepChanged() {
            flick.contentY = 0
            panel.historyIndex = -1
            panel.cameraStack = ({})
            tryField.clear()
        }
    }

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    Accessible.role: Accessible.Pane
    //: the lesson panel: %1 is the lesson's title
    Accessible.name: qsTr("Lesson: %1").arg(panel.lessons.lessonTitle)

    // A button of the panel: large enough to hit, its key in the tooltip, a focus ring.
    component PanelButton: Button {
        id: button

        property string tip

        implicitHeight: Theme.controlHeight
        font.pixelSize: Theme.fontBody
        focusPolicy: Qt.StrongFocus
        activeFocusOnTab: true
        Accessible.name: button.text
        Accessible.description: button.tip
        ToolTip.visible: button.tip.length > 0 && (button.hovered || button.visualFocus)
        ToolTip.delay: 500
        ToolTip.text: button.tip
    }

    // A card around one thing the step asks: the prediction, a quiz question, the goal.
    component Card: Rectangle {
        default property alias cardContent: cardColumn.data
        property bool strong: false

        Layout.fillWidth: true
        implicitHeight: cardColumn.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.building
        border.color: strong ? Theme.accepted : Theme.panelBorder
        border.width: strong ? Theme.borderWidthStrong : Theme.borderWidth

        ColumnLayout {
            id: cardColumn

            anchors.fill: parent
            anchors.margins: Theme.spacing
            spacing: Theme.spacingSmall
        }
    }

    component Heading: Label {
        Layout.fillWidth: true
        color: Theme.text
        font.pixelSize: Theme.fontBody
        font.bold: true
        font.capitalization: Font.AllUppercase
        font.letterSpacing: 1
        wrapMode: Text.Wrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    // Markdown of the lesson's.
    component Prose: Text {
        property string markdown

        Layout.fillWidth: true
        text: LessonText.readable(markdown)
        textFormat: Text.MarkdownText
        baseUrl: panel.lessons.baseUrl
        color: Theme.text
        font.pixelSize: Theme.fontBody
        wrapMode: Text.Wrap
        Accessible.role: Accessible.StaticText
        Accessible.name: LessonText.plain(markdown)
        onLinkActivated: link => panel.openLink(link)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 1
        spacing: 0

        // --- where we are: the lesson, the step -------------------------------------------
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: header.implicitHeight + 2 * Theme.spacing
            color: Theme.building

            ColumnLayout {
                id: header

                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Theme.spacingSmall

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing

                    PanelButton {
                        objectName: "libraryButton"
                        //: back to the list of lessons, or to the gallery of experiments
                        text: panel.lessons.experiment ? qsTr("☰ Experiments") : qsTr("☰ Lessons")
                        tip: panel.lessons.experiment ? qsTr("Leave this experiment for the gallery (Ctrl+G)")
                                                      : qsTr("Leave this lesson for the list of lessons (Ctrl+L); your progress is kept")
                        Accessible.name: panel.lessons.experiment ? qsTr("Experiments: leave this experiment for the gallery")
                                                                  : qsTr("Lessons: leave this lesson for the list")
                        onClicked: panel.libraryRequested()
                    }

                    PanelButton {
                        objectName: "runAgainButton"
                        visible: panel.lessons.experiment
                        text: qsTr("↻ Run again")
                        tip: qsTr("The same experiment from the start, with a new prediction")
                        Accessible.name: qsTr("Run the experiment again")
                        onClicked: panel.lessons.runExperiment(panel.lessons.lessonId)
                    }

                    Label {
                        objectName: "lessonTitle"
                        Layout.fillWidth: true
                        text: panel.lessons.lessonTitle
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        elide: Text.ElideRight
                    }

                    Label {
                        objectName: "stepCounter"
                        //: where the lesson is: "Step 3 of 6"
                        text: qsTr("Step %1 of %2").arg(panel.lessons.currentStep + 1).arg(panel.lessons.stepCount)
                        color: Theme.text
                        font.pixelSize: Theme.fontLabel
                        font.bold: true
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }
                }

                Label {
                    objectName: "stepTitle"
                    Layout.fillWidth: true
                    text: panel.lessons.stepTitle
                    color: Theme.text
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    wrapMode: Text.Wrap
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
            }

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.panelBorder
            }
        }

        // --- the step: narration, then what it asks -----------------------------------------
        Flickable {
            id: flick

            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: content.implicitHeight + 2 * Theme.spacing
            boundsBehavior: Flickable.StopAtBounds

            ScrollBar.vertical: ScrollBar {
                id: scrollBar
            }

            ColumnLayout {
                id: content

                x: Theme.spacing
                y: Theme.spacing
                width: flick.width - 2 * Theme.spacing - (scrollBar.visible ? scrollBar.width : 0)
                spacing: Theme.spacing

                Prose {
                    id: narration

                    objectName: "narration"
                    markdown: panel.lessons.narration
                    lineHeight: 1.15

                    HoverHandler {
                        cursorShape: narration.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.ArrowCursor
                    }
                }

                // what the stage is framing
                Label {
                    objectName: "cameraLine"
                    Layout.fillWidth: true
                    visible: panel.lessons.cameraHost.length > 0
                    text: panel.lessons.cameraLayer.length > 0
                          //: the stage's camera: %1 a host, %2 a layer ("transport")
                          ? qsTr("▣ The stage shows %1, its %2 layer").arg(panel.lessons.cameraHost).arg(panel.lessons.cameraLayer)
                          //: the stage's camera: %1 a host
                          : qsTr("▣ The stage shows %1").arg(panel.lessons.cameraHost)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontLabel
                    wrapMode: Text.Wrap
                }

                // --- the prediction ---------------------------------------------------------
                Card {
                    id: predictionCard

                    objectName: "predictionCard"
                    visible: panel.hasPrediction
                    strong: panel.locked

                    Heading {
                        text: panel.locked ? qsTr("Your prediction") : qsTr("Predict")
                    }

                    Prose {
                        objectName: "predictionPrompt"
                        markdown: panel.hasPrediction ? panel.prediction.prompt : ""
                        font.pixelSize: Theme.fontTitle
                    }

                    // (by count, so a choice keeps its item, and the keyboard's focus, as the
                    // prediction changes; in a Column, since Qt 6.4's layouts can crash when a
                    // Repeater in one replaces its items while the window is resized)
                    Column {
                        id: predictionChoiceColumn

                        Layout.fillWidth: true
                        spacing: Theme.spacingSmall

                        Repeater {
                            id: predictionChoiceRepeater

                            model: panel.predictionChoices.length

                            delegate: ChoiceButton {
                                required property int index

                                objectName: "predictionChoice"
                                width: predictionChoiceColumn.width
                                number: index + 1
                                choiceText: index < panel.predictionChoices.length ? String(panel.predictionChoices[index]) : ""
                                chosen: index === panel.chosen
                                revealed: panel.locked
                                isAnswer: panel.locked && index === panel.prediction.answer
                                enabled: !panel.locked
                                onClicked: panel.lessons.choose(index)
                            }
                        }
                    }

                    RowLayout {
                        Layout.fillWidth: true
                        visible: !panel.locked
                        spacing: Theme.spacing

                        PanelButton {
                            objectName: "lockIn"
                            text: qsTr("Lock in")
                            enabled: panel.chosen >= 0
                            font.bold: true
                            tip: panel.chosen >= 0 ? qsTr("Lock in your prediction; then the stage plays what happens")
                                                   : qsTr("Choose an answer first")
                            Accessible.name: qsTr("Lock in your prediction")
                            onClicked: panel.lessons.lockPrediction()
                        }

                        Label {
                            objectName: "waitingLine"
                            Layout.fillWidth: true
                            visible: panel.lessons.awaitingPrediction
                            text: panel.chosen >= 0 ? qsTr("The stage waits until you lock in.")
                                                    : qsTr("Choose what you think happens; the stage waits until you lock in.")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontLabel
                            wrapMode: Text.Wrap
                        }
                    }

                    Prose {
                        objectName: "explanation"
                        visible: panel.locked
                        markdown: panel.locked ? qsTr("**Why:** %1").arg(panel.prediction.explanation) : ""
                    }
                }

                // --- the quiz ---------------------------------------------------------------
                Column {
                    id: quizColumn

                    Layout.fillWidth: true
                    spacing: Theme.spacing

                    Repeater {
                        model: panel.quiz.length

                        delegate: Card {
                            id: quizCard

                            required property int index

                            readonly property var modelData: quizCard.index < panel.quiz.length ? panel.quiz[quizCard.index] : ({})
                            readonly property var choices: quizCard.modelData.choices ?? []
                            readonly property bool answered: quizCard.modelData.answer >= 0

                            objectName: "quizCard"
                            width: quizColumn.width
                            strong: quizCard.answered && quizCard.modelData.correct === true

                            Heading {
                                text: panel.quiz.length > 1
                                      //: a quiz question: "Question 1 of 3"
                                      ? qsTr("Question %1 of %2").arg(quizCard.index + 1).arg(panel.quiz.length)
                                      : qsTr("Question")
                            }

                            Prose {
                                markdown: String(quizCard.modelData.prompt ?? "")
                            }

                            Column {
                                id: quizChoiceColumn

                                Layout.fillWidth: true
                                spacing: Theme.spacingSmall

                                Repeater {
                                    model: quizCard.choices.length

                                    delegate: ChoiceButton {
                                        required property int index

                                        objectName: "quizChoice"
                                        width: quizChoiceColumn.width
                                        number: index + 1
                                        choiceText: index < quizCard.choices.length ? String(quizCard.choices[index]) : ""
                                        chosen: index === quizCard.modelData.chosen
                                        revealed: quizCard.answered
                                        isAnswer: quizCard.answered && index === quizCard.modelData.answer
                                        enabled: !quizCard.answered
                                        onClicked: panel.lessons.answerQuiz(quizCard.index, index)
                                    }
                                }
                            }

                            Label {
                                objectName: "quizVerdict"
                                Layout.fillWidth: true
                                visible: quizCard.answered
                                text: quizCard.modelData.correct === true ? qsTr("✓ Right") : qsTr("✗ Not quite")
                                color: quizCard.modelData.correct === true ? Theme.accepted : Theme.problemBorder
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                            }

                            Prose {
                                visible: quizCard.answered
                                markdown: quizCard.answered ? String(quizCard.modelData.explanation) : ""
                            }
                        }
                    }
                }

                // --- the goal ---------------------------------------------------------------
                Card {
                    id: goalCard

                    objectName: "goalCard"
                    visible: panel.hasGoal
                    strong: panel.goalMet

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing

                        Heading {
                            text: qsTr("Your task")
                        }

                        Label {
                            objectName: "goalStatus"
                            text: panel.goalMet ? qsTr("✓ Done") : qsTr("○ Not yet")
                            color: panel.goalMet ? Theme.accepted : Theme.textMuted
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            Accessible.role: Accessible.StaticText
                            Accessible.name: panel.goalMet ? qsTr("Task done") : qsTr("Task not done yet")
                        }
                    }

                    Prose {
                        objectName: "goalTask"
                        markdown: panel.hasGoal ? String(panel.goal.task) : ""
                    }

                    Column {
                        id: unmetColumn

                        Layout.fillWidth: true
                        spacing: Theme.spacingSmall

                        Repeater {
                            model: panel.hasGoal && !panel.goalMet ? panel.unmetReasons : []

                            delegate: Label {
                                required property var modelData

                                objectName: "unmet"
                                width: unmetColumn.width
                                text: "· " + String(modelData)
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontLabel
                                wrapMode: Text.Wrap
                            }
                        }
                    }

                    Prose {
                        objectName: "goalHint"
                        visible: panel.hasGoal && panel.goal.hintShown === true && !panel.goalMet
                        markdown: panel.hasGoal && panel.goal.hintShown === true ? qsTr("**Hint:** %1").arg(panel.goal.hint) : ""
                    }

                    PanelButton {
                        id: solutionButton

                        objectName: "showSolution"
                        visible: !panel.goalMet
                        text: qsTr("Show solution")
                        tip: qsTr("Run the lesson's own statements for this task, as if you had typed them")
                        Accessible.name: qsTr("Show the solution: run it on the stage")
                        onClicked: panel.lessons.showSolution()
                    }
                }

                // --- try it: a statement of the scenario language, run in the step's world ----
                ColumnLayout {
                    objectName: "tryIt"
                    Layout.fillWidth: true
                    spacing: Theme.spacingSmall

                    Heading {
                        text: qsTr("Try it")
                    }

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingSmall

                        TextField {
                            id: tryField

                            objectName: "tryField"
                            Layout.fillWidth: true
                            implicitHeight: Theme.controlHeight
                            font.pixelSize: Theme.fontBody
                            font.family: Theme.monoFamily
                            color: Theme.text
                            placeholderText: qsTr("a statement, e.g. web: s = socket tcp")
                            placeholderTextColor: Theme.textMuted
                            activeFocusOnTab: true
                            selectByMouse: true
                            Accessible.name: qsTr("Try a statement on the stage")
                            Accessible.description: qsTr("Enter runs it; Up and Down recall the statements typed in this step")
                            onAccepted: panel.tryStatement()
                            Keys.onUpPressed: panel.recall(-1)
                            Keys.onDownPressed: panel.recall(1)

                            background: Rectangle {
                                color: Theme.building
                                radius: Theme.radius
                                border.color: tryField.activeFocus ? Theme.focusRing : Theme.panelBorder
                                border.width: tryField.activeFocus ? 3 : Theme.borderWidth
                            }
                        }

                        PanelButton {
                            objectName: "runButton"
                            text: qsTr("Run")
                            enabled: tryField.text.trim().length > 0
                            tip: qsTr("Run the statement (Enter)")
                            Accessible.name: qsTr("Run the statement")
                            onClicked: panel.tryStatement()
                        }
                    }

                    // what was typed in this step, and what each one did
                    Column {
                        id: typedColumn

                        Layout.fillWidth: true
                        spacing: Theme.spacingSmall

                        Repeater {
                            model: panel.typed.length

                            delegate: ColumnLayout {
                                id: entry

                                required property int index

                                readonly property var modelData: panel.typed[entry.index] ?? ({})

                                readonly property bool ok: entry.modelData.ok === true

                                objectName: "typedEntry"
                                width: typedColumn.width
                                spacing: 2

                                Label {
                                    objectName: "typedStatement"
                                    Layout.fillWidth: true
                                    text: "› " + String(entry.modelData.statement)
                                    color: Theme.text
                                    font.pixelSize: Theme.fontBody
                                    font.family: Theme.monoFamily
                                    wrapMode: Text.WrapAnywhere
                                }

                                Label {
                                    objectName: "typedResult"
                                    Layout.fillWidth: true
                                    Layout.leftMargin: Theme.spacing
                                    visible: text.length > 2
                                    text: (entry.ok ? "✓ " : "✗ ") + String(entry.modelData.message ?? "")
                                    color: entry.ok ? Theme.text : Theme.problemBorder
                                    font.pixelSize: Theme.fontLabel
                                    font.bold: !entry.ok
                                    wrapMode: Text.Wrap
                                }

                                // what a tool printed (ss), as a terminal shows it, scrolled sideways
                                Flickable {
                                    Layout.fillWidth: true
                                    Layout.leftMargin: Theme.spacing
                                    visible: output.text.length > 0
                                    implicitHeight: output.implicitHeight + (outputBar.visible ? outputBar.height : 0)
                                    contentWidth: output.implicitWidth
                                    contentHeight: output.implicitHeight
                                    clip: true
                                    flickableDirection: Flickable.HorizontalFlick
                                    boundsBehavior: Flickable.StopAtBounds

                                    ScrollBar.horizontal: ScrollBar {
                                        id: outputBar
                                    }

                                    Label {
                                        id: output

                                        text: String(entry.modelData.output ?? "")
                                        color: Theme.text
                                        font.pixelSize: Theme.fontLabel
                                        font.family: Theme.monoFamily
                                    }
                                }
                            }
                        }
                    }
                }

                // --- inside the camera's host: its stack as an envelope last passed through
                // it in this step (last, so that it moves nothing above when it appears)
                Heading {
                    visible: cameraStackView.visible
                    //: over a host's stack in the lesson panel: %1 a host
                    text: qsTr("Inside %1").arg(panel.lessons.cameraHost)
                }

                HostStackView {
                    id: cameraStackView

                    objectName: "cameraStack"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 380
                    visible: panel.lessons.cameraLayer.length > 0 && panel.cameraStack.layers !== undefined
                    stack: panel.cameraStack
                    stepDuration: panel.stepDuration
                }
            }
        }

        // --- Back, Next, Present ------------------------------------------------------------
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: nav.implicitHeight + 2 * Theme.spacing
            color: Theme.building

            Rectangle {
                width: parent.width
                height: 1
                color: Theme.panelBorder
            }

            RowLayout {
                id: nav

                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Theme.spacing

                PanelButton {
                    objectName: "backButton"
                    text: qsTr("◀ Back")
                    enabled: panel.lessons.currentStep > 0
                    tip: qsTr("The step before, as it was (Page Up)")
                    Accessible.name: qsTr("Back: the step before")
                    onClicked: panel.lessons.back()
                }

                PanelButton {
                    id: nextButton

                    objectName: "nextButton"
                    text: panel.lastStep ? qsTr("Finish ✓") : qsTr("Next ▶")
                    font.bold: true
                    tip: panel.lastStep ? (panel.lessons.experiment ? qsTr("The experiment is done: back to the gallery")
                                                                    : qsTr("The lesson is done: back to the list of lessons"))
                                        : qsTr("The next step (Page Down)")
                    Accessible.name: panel.lastStep ? qsTr("Finish the lesson") : qsTr("Next step")
                    onClicked: panel.lastStep ? panel.libraryRequested() : panel.lessons.next()
                }

                // what the step asks, when it is further down than the panel shows
                PanelButton {
                    objectName: "jumpButton"
                    visible: panel.askBelow
                    text: panel.askCard === predictionCard ? qsTr("↓ Predict") : qsTr("↓ Your task")
                    tip: qsTr("Scroll down to what this step asks of you")
                    Accessible.name: panel.askCard === predictionCard ? qsTr("Go down to the prediction")
                                                                      : qsTr("Go down to your task")
                    onClicked: panel.showAsk()
                }

                Item {
                    Layout.fillWidth: true
                }

                PanelButton {
                    objectName: "presentButton"
                    text: qsTr("Present")
                    tip: qsTr("Presenter mode: the stage full screen for a class, a clicker moves the steps (F5; Esc leaves)")
                    Accessible.name: qsTr("Present: the stage full screen for a class")
                    onClicked: panel.presentRequested()
                }
            }
        }
    }
}
