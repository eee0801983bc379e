// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQml
import QtTest
import PortLab

// The lesson beside the stage, taken as a student takes it: Next and Back (which shows a step
// as it was), a prediction locked in and revealed, a quiz answered, a goal met by the lesson's
// own solution, statements typed on the "Try it" line with their results, and every control
// reachable by Tab and named. The lessons are the curriculum built into the app, chosen by
// what their steps hold rather than by title.
TestCase {
    id: testCase

    name: "LessonPanel"
    width: 560
    height: 900
    visible: true
    when: windowShown

    LabSession {
        id: session
    }

    Component {
        id: lessonSession

        LessonSession {
            lab: session
        }
    }

    Component {
        id: panelComponent

        LessonPanel {
            width: testCase.width
            height: testCase.height
        }
    }

    // The library's lesson ids, in its order.
    property var lessonIds: []

    Component {
        id: idCollector

        Instantiator {
            delegate: QtObject {
                required property int index
                required property string lessonId

                Component.onCompleted: testCase.lessonIds[index] = lessonId
            }
        }
    }

    function freshLessons() {
        const folder = "/tmp/portlab-qml-tests/lesson-panel-" + Date.now() + "-" + Math.floor(Math.random() * 1e9)
        const lessons = lessonSession.createObject(testCase, {progressFolder: folder}) as LessonSession
        verify(lessons, "LessonSession")
        testCase.sessions.push(lessons)
        verify(lessons.library.count > 0, "the built-in curriculum has lessons")
        testCase.lessonIds = []
        createTemporaryObject(idCollector, testCase, {model: lessons.library})
        compare(testCase.lessonIds.length, lessons.library.count)
        return lessons
    }

    function makePanel(lessons) {
        const panel = createTemporaryObject(panelComponent, testCase, {lessons: lessons}) as LessonPanel
        verify(panel, "LessonPanel")
        testCase.shownPanel = panel
        return panel
    }

    // Opens the first lesson with a step for which `accept()` holds, at that step.
    function openStepWhere(lessons, accept, what) {
        for (const id of testCase.lessonIds) {
            verify(lessons.openLesson(id), id)
            for (let step = 0; step < lessons.stepCount; ++step) {
                lessons.goToStep(step)
                if (accept())
                    return
            }
        }
        fail("no lesson has a step with " + what)
    }

    function findAll(item, accept) {
        let found = []
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (!child.visible)
                continue
            if (accept(child))
                found.push(child)
            found = found.concat(findAll(child, accept))
        }
        return found
    }

    function named(item, objectName) {
        return findAll(item, child => child.objectName === objectName)
    }

    function findOne(item, objectName) {
        const found = named(item, objectName)
        compare(found.length, 1, "exactly one visible item named " + objectName)
        return found[0]
    }

    // Clicks the middle of an item of the panel, scrolled into view first.
    function clickOn(item) {
        verify(item.enabled, item.objectName + " is enabled")
        waitForRendering(testCase.shownPanel)   // laid out, so that its place is known
        testCase.shownPanel.ensureVisible(item)
        waitForRendering(testCase.shownPanel)
        mouseClick(item)
    }

    // Types text into whatever has the focus, a key at a time.
    function typeText(text) {
        for (const character of text)
            keyClick(character)
    }

    property LessonPanel shownPanel: null
    // The sessions live to the end, so that no panel outlives the session it shows.
    property var sessions: []

    function cleanupTestCase() {
        for (const lessons of testCase.sessions)
            lessons.destroy()
    }

    function cleanup() {
        Theme.look = Theme.Light
    }

    function test_next_and_back_move_the_steps_and_back_restores() {
        const lessons = freshLessons()
        verify(lessons.openLesson(testCase.lessonIds[0]))
        const panel = makePanel(lessons)
        compare(lessons.currentStep, 0)
        compare(findOne(panel, "stepCounter").text, "Step 1 of " + lessons.stepCount)
        compare(findOne(panel, "stepTitle").text, lessons.stepTitle)
        verify(!findOne(panel, "backButton").enabled, "no step before the first")
        const firstTitle = lessons.stepTitle
        session.player.toEnd()      // the step as it ends, once its scenario has played
        const firstSteps = session.player.stepCount
        const firstHosts = session.scene.count
        verify(firstHosts > 0)

        clickOn(findOne(panel, "nextButton"))
        compare(lessons.currentStep, 1)
        compare(findOne(panel, "stepCounter").text, "Step 2 of " + lessons.stepCount)
        verify(lessons.stepTitle !== firstTitle)
        compare(findOne(panel, "stepTitle").text, lessons.stepTitle)
        verify(findOne(panel, "narration").text.length > 0)

        clickOn(findOne(panel, "backButton"))
        compare(lessons.currentStep, 0)
        compare(findOne(panel, "stepTitle").text, firstTitle)
        compare(session.player.stepCount, firstSteps, "the first step's world, as it was")
        compare(session.player.currentStep, firstSteps - 1, "shown as it ends")
        compare(session.scene.count, firstHosts)

        // the last step's Next finishes the lesson
        const spy = createTemporaryObject(signalSpyComponent, testCase, {target: panel, signalName: "libraryRequested"})
        lessons.goToStep(lessons.stepCount - 1)
        const next = findOne(panel, "nextButton")
        compare(next.text, "Finish ✓")
        clickOn(next)
        compare(spy.count, 1)
    }

    Component {
        id: signalSpyComponent

        SignalSpy {}
    }

    function test_prediction_locks_in_and_reveals() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.prediction.prompt !== undefined, "a prediction")
        const panel = makePanel(lessons)
        waitForRendering(panel)
        verify(lessons.awaitingPrediction, "the stage waits for the prediction")
        const card = findOne(panel, "predictionCard")
        const lock = findOne(card, "lockIn")
        verify(!lock.enabled, "nothing to lock in before a choice")
        verify(findOne(card, "waitingLine").text.length > 0)
        const choices = named(card, "predictionChoice")
        compare(choices.length, lessons.prediction.choices.length)
        compare(choices[0].number, 1)

        clickOn(choices[1])
        compare(lessons.prediction.chosen, 1)
        verify(choices[1].chosen && !choices[0].chosen)
        compare(findOne(choices[1], "verdict").text, "● Your choice")
        clickOn(choices[0])     // a change of mind, before locking
        compare(lessons.prediction.chosen, 0)
        verify(choices[0].chosen && !choices[1].chosen, "one choice at a time")
        grabImage(panel).save("/tmp/lesson-panel-prediction.png")

        clickOn(lock)
        verify(lessons.prediction.locked)
        verify(!lessons.awaitingPrediction, "the step's scenario plays once locked in")
        const answer = lessons.prediction.answer
        verify(answer >= 0)
        // the chosen and the right choice, marked in words
        const revealed = named(card, "predictionChoice")
        for (let i = 0; i < revealed.length; ++i) {
            verify(revealed[i].revealed)
            verify(!revealed[i].enabled, "a locked prediction cannot change")
        }
        compare(findOne(revealed[answer], "verdict").text, answer === 0 ? "✓ Your choice: right" : "✓ Right answer")
        if (answer !== 0)
            compare(findOne(revealed[0], "verdict").text, "✗ Your choice: not right")
        verify(String(revealed[answer].Accessible.name).indexOf("✓") > 0, "the answer is named as such to a screen reader")
        const explanation = findOne(card, "explanation")
        verify(explanation.markdown.indexOf(lessons.prediction.explanation) > 0)
        compare(named(card, "lockIn").length, 0, "Lock in is gone")
        waitForRendering(panel)
        grabImage(panel).save("/tmp/lesson-panel-prediction-locked.png")
    }

    function test_quiz_answers_show_right_or_not() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.quiz.length > 0 && !lessons.awaitingPrediction, "a quiz")
        const panel = makePanel(lessons)
        const cards = named(panel, "quizCard")
        compare(cards.length, lessons.quiz.length)
        const choices = named(cards[0], "quizChoice")
        clickOn(choices[choices.length - 1])
        const question = lessons.quiz[0]
        compare(question.chosen, choices.length - 1)
        verify(question.answer >= 0)
        const verdict = findOne(cards[0], "quizVerdict")
        compare(verdict.text, question.correct ? "✓ Right" : "✗ Not quite")
        compare(findOne(named(cards[0], "quizChoice")[question.answer], "verdict").text.indexOf("✓"), 0)
    }

    function test_goal_ticks_when_the_solution_is_shown() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.goal.task !== undefined, "a goal")
        if (lessons.awaitingPrediction) {
            lessons.choose(0)
            lessons.lockPrediction()
        }
        const panel = makePanel(lessons)
        const card = findOne(panel, "goalCard")
        verify(!lessons.goal.met)
        compare(findOne(card, "goalStatus").text, "○ Not yet")
        verify(findOne(card, "goalTask").text.length > 0)
        verify(named(card, "unmet").length > 0, "what is not true yet")
        compare(named(card, "goalHint").length, 0, "no hint before an attempt")

        clickOn(findOne(card, "showSolution"))
        verify(lessons.goal.met)
        compare(findOne(card, "goalStatus").text, "✓ Done")
        compare(card.border.color, Theme.accepted)
        compare(named(card, "unmet").length, 0)
        compare(named(card, "showSolution").length, 0)
        // the solution's statements are in the log, as if typed
        const solution = String(lessons.goal.solution).split("\n")
        const typed = named(panel, "typedStatement").map(t => t.text)
        compare(typed.length, solution.length)
        compare(typed[0], "› " + solution[0])
        waitForRendering(panel)
        grabImage(panel).save("/tmp/lesson-panel-goal-met.png")
    }

    function test_typed_statements_appear_in_the_log() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.goal.task !== undefined && !lessons.awaitingPrediction, "a goal to try")
        const panel = makePanel(lessons)
        const field = findOne(panel, "tryField")
        field.forceActiveFocus()

        // a statement that does not parse: refused, said why, kept to correct; the hint shows
        typeText("this is not a statement")
        keyClick(Qt.Key_Return)
        let entries = named(panel, "typedEntry")
        compare(entries.length, 1)
        compare(findOne(entries[0], "typedStatement").text, "› this is not a statement")
        const refused = findOne(entries[0], "typedResult").text
        verify(refused.indexOf("✗ ") === 0 && refused.length > 3, refused)
        compare(field.text, "this is not a statement", "kept to correct it")
        verify(lessons.goal.hintShown)
        verify(findOne(panel, "goalHint").text.indexOf("Hint") >= 0)

        // the solution's first statement, typed: it runs
        field.clear()
        const first = String(lessons.goal.solution).split("\n")[0]
        typeText(first)
        keyClick(Qt.Key_Enter)
        entries = named(panel, "typedEntry")
        compare(entries.length, 2)
        compare(findOne(entries[1], "typedStatement").text, "› " + first)
        compare(lessons.typed[1].statement, first)
        compare(field.text, "", "a statement that ran leaves the line empty")

        // Up and Down recall this step's statements
        keyClick(Qt.Key_Up)
        compare(field.text, first)
        keyClick(Qt.Key_Up)
        compare(field.text, "this is not a statement")
        keyClick(Qt.Key_Down)
        compare(field.text, first)
        keyClick(Qt.Key_Down)
        compare(field.text, "")

        // a new step starts with an empty log
        if (lessons.currentStep > 0) {
            lessons.back()
            compare(named(panel, "typedEntry").length, 0)
        }
    }

    // On a small screen the narration can fill the panel: a button says that the step asks
    // something further down, and takes the keyboard there.
    function test_what_the_step_asks_is_never_out_of_reach() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.prediction.prompt !== undefined && lessons.narration.length > 400, "a long prediction step")
        const panel = makePanel(lessons)
        panel.height = 420
        waitForRendering(panel)
        verify(panel.askBelow, "the prediction is below what the panel shows")
        const jump = findOne(panel, "jumpButton")
        compare(jump.text, "↓ Predict")
        mouseClick(jump)
        waitForRendering(panel)
        verify(!panel.askBelow)
        compare(named(panel, "jumpButton").length, 0)
        compare(testCase.Window.activeFocusItem, named(panel, "predictionChoice")[0], "the keyboard is on the first choice")
        keyClick(Qt.Key_Space)
        compare(lessons.prediction.chosen, 0)
    }

    function test_text_stays_large_in_every_look() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.prediction.prompt !== undefined, "a prediction")
        const panel = makePanel(lessons)
        for (const look of [Theme.Light, Theme.Dark, Theme.Projector]) {
            Theme.look = look
            waitForRendering(panel)
            const texts = findAll(panel, child => child instanceof Text && child.text.length > 0)
            verify(texts.length > 8)
            for (const text of texts)
                verify(text.font.pixelSize >= 16, "'" + text.text + "' is " + text.font.pixelSize + " px")
        }
    }

    // Tab reaches every control of the panel, and each says what it is to a screen reader.
    function test_every_control_is_reachable_and_named() {
        const lessons = freshLessons()
        openStepWhere(lessons, () => lessons.prediction.prompt !== undefined && lessons.currentStep > 0, "a prediction")
        const panel = makePanel(lessons)
        findOne(panel, "libraryButton").forceActiveFocus(Qt.TabFocusReason)
        const reached = [testCase.Window.activeFocusItem]
        for (let i = 0; i < 40; ++i) {
            keyClick(Qt.Key_Tab)
            const item = testCase.Window.activeFocusItem
            if (!item || reached.indexOf(item) >= 0)
                break
            reached.push(item)
        }
        const names = reached.map(item => String(item.Accessible.name))
        for (let i = 0; i < reached.length; ++i)
            verify(names[i].length > 0 && names[i] !== "undefined", "a focusable " + reached[i] + " has an accessible name")
        const choices = lessons.prediction.choices.length
        for (const wanted of ["Lessons", "Choice 1", "Choice " + choices, "Try a statement", "Back", "Next step", "Present"])
            verify(names.some(n => n.indexOf(wanted) === 0), wanted + " is reachable by Tab: " + names.join(" | "))

        // the keyboard alone chooses and locks in (Space on a choice, Enter on Lock in)
        const first = reached[names.findIndex(n => n.indexOf("Choice 1") === 0)]
        first.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Space)
        compare(lessons.prediction.chosen, 0)
        const lock = findOne(panel, "lockIn")
        lock.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Space)
        verify(lessons.prediction.locked)
    }
}
