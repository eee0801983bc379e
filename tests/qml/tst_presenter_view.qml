// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtTest
import PortLab

// Presenter mode with a keyboard (or a clicker) as the only input: Page Down / Page Up and the
// arrows and Space move the lesson's steps, B and . blank the screen, the digits count the
// class's votes on a prediction, 0 clears them, Enter locks the prediction in, N shows the
// notes, Esc leaves. With a second screen, the presenter's console opens there. In the window,
// F5 enters presenter mode, full screen, and Esc leaves it.
TestCase {
    id: testCase

    name: "PresenterView"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    LabSession {
        id: session

        Component.onCompleted: session.showExample()
    }

    Component {
        id: lessonSession

        LessonSession {
            lab: session
        }
    }

    Component {
        id: presenterComponent

        PresenterView {
            width: testCase.width
            height: testCase.height
            player: session.player
            screenCount: 1
        }
    }

    Component {
        id: mainWindow

        Main {}
    }

    Component {
        id: signalSpy

        SignalSpy {}
    }

    // The sessions live to the end, so that no view outlives the session it shows.
    property var sessions: []
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

    function cleanupTestCase() {
        for (const lessons of testCase.sessions)
            lessons.destroy()
    }

    function freshLessons() {
        const folder = "/tmp/portlab-qml-tests/presenter-" + Date.now() + "-" + Math.floor(Math.random() * 1e9)
        const lessons = lessonSession.createObject(testCase, {progressFolder: folder}) as LessonSession
        verify(lessons, "LessonSession")
        testCase.sessions.push(lessons)
        testCase.lessonIds = []
        createTemporaryObject(idCollector, testCase, {model: lessons.library})
        verify(testCase.lessonIds.length > 0)
        return lessons
    }

    // The first lesson with a prediction somewhere after its first step, opened just before it.
    function openBeforeAPrediction(lessons) {
        for (const id of testCase.lessonIds) {
            verify(lessons.openLesson(id), id)
            for (let step = 1; step < lessons.stepCount; ++step) {
                lessons.goToStep(step)
                if (lessons.prediction.prompt !== undefined && lessons.prediction.choices.length >= 3) {
                    lessons.goToStep(step - 1)
                    return step
                }
            }
        }
        fail("no lesson has a prediction with three choices after its first step")
        return -1
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

    function makePresenter(lessons, properties): PresenterView {
        const view = createTemporaryObject(presenterComponent, testCase, Object.assign({lessons: lessons}, properties ?? {})) as PresenterView
        verify(view, "PresenterView")
        view.forceActiveFocus()
        return view
    }

    function init() {
        Theme.look = Theme.Light
    }

    function test_clicker_keys_move_the_steps() {
        const lessons = freshLessons()
        verify(lessons.openLesson(testCase.lessonIds[0]))
        const view = makePresenter(lessons)
        compare(findOne(view, "presenterTitle").text, lessons.stepTitle)
        compare(findOne(view, "presenterCounter").text, "1 / " + lessons.stepCount)
        keyClick(Qt.Key_PageDown)
        compare(lessons.currentStep, 1)
        compare(findOne(view, "presenterTitle").text, lessons.stepTitle)
        keyClick(Qt.Key_Right)
        compare(lessons.currentStep, 2)
        keyClick(Qt.Key_Space)
        compare(lessons.currentStep, 3)
        keyClick(Qt.Key_PageUp)
        compare(lessons.currentStep, 2)
        keyClick(Qt.Key_Left)
        compare(lessons.currentStep, 1)
    }

    function test_blank_screen_and_back() {
        const lessons = freshLessons()
        verify(lessons.openLesson(testCase.lessonIds[0]))
        const view = makePresenter(lessons)
        compare(named(view, "blankScreen").length, 0)
        keyClick(Qt.Key_B)
        verify(view.blanked)
        findOne(view, "blankScreen")
        grabImage(view).save("/tmp/presenter-blank.png")
        keyClick(Qt.Key_B)
        verify(!view.blanked)
        keyClick(Qt.Key_Period)
        verify(view.blanked)
        // while blank, a step key brings the picture back and does not move on
        keyClick(Qt.Key_PageDown)
        verify(!view.blanked)
        compare(lessons.currentStep, 0)
        keyClick(Qt.Key_Period)
        keyClick(Qt.Key_Escape)
        verify(!view.blanked, "Esc brings it back before it leaves")
    }

    function test_class_votes_and_lock_in() {
        const lessons = freshLessons()
        const predictStep = openBeforeAPrediction(lessons)
        const view = makePresenter(lessons)
        keyClick(Qt.Key_PageDown)
        compare(lessons.currentStep, predictStep)
        verify(lessons.awaitingPrediction)
        const choices = named(view, "presenterChoice")
        compare(choices.length, view.choices.length)
        verify(findOne(view, "presenterQuestion").text.length > 0)

        keyClick(Qt.Key_1)
        keyClick(Qt.Key_3)
        keyClick(Qt.Key_3)
        keyClick(Qt.Key_9)        // no such choice: nothing
        compare(lessons.tally.length, choices.length)
        compare(lessons.tally[0], 1)
        compare(lessons.tally[2], 2)
        compare(findOne(choices[2], "tallyCount").text, "2")
        compare(findOne(view, "presenterVotes").text, "3 votes")
        keyClick(Qt.Key_0)
        compare(lessons.tally[2], 0)
        compare(findOne(view, "presenterVotes").text, "0 votes")

        keyClick(Qt.Key_2)
        keyClick(Qt.Key_2)
        keyClick(Qt.Key_1)
        waitForRendering(view)
        grabImage(view).save("/tmp/presenter-votes.png")
        keyClick(Qt.Key_Return)     // locks in the class's most voted choice
        verify(lessons.prediction.locked)
        compare(lessons.prediction.chosen, 1)
        verify(!lessons.awaitingPrediction)
        const answer = lessons.prediction.answer
        verify(String(named(view, "presenterChoice")[answer].Accessible.name).indexOf("the right answer") > 0)
        verify(findOne(view, "presenterExplanation").text.length > 0)
        waitForRendering(view)
        grabImage(view).save("/tmp/presenter-locked.png")
    }

    function test_notes_and_leaving() {
        const lessons = freshLessons()
        verify(lessons.openLesson(testCase.lessonIds[0]))
        const view = makePresenter(lessons)
        const exitSpy = createTemporaryObject(signalSpy, testCase, {target: view, signalName: "exitRequested"})
        compare(named(view, "notesOverlay").length, 0, "with one screen the notes stay hidden")
        compare(view.consoleWindow, null)
        keyClick(Qt.Key_N)
        const notes = findOne(view, "notesOverlay")
        if (lessons.notes.length > 0)
            verify(findOne(notes, "notesText").text.length > 0)
        keyClick(Qt.Key_N)
        compare(named(view, "notesOverlay").length, 0)
        keyClick(Qt.Key_Escape)
        compare(exitSpy.count, 1)
    }

    function test_second_screen_gets_the_console() {
        const lessons = freshLessons()
        verify(lessons.openLesson(testCase.lessonIds[0]))
        lessons.next()
        const view = makePresenter(lessons, {screenCount: 2})
        const console = view.consoleWindow
        verify(console, "the presenter console")
        tryVerify(() => console.visible)
        compare(findOne(console.contentItem, "consoleNow").text,
                "Now (2 of " + lessons.stepCount + "): " + lessons.stepTitle)
        verify(findOne(console.contentItem, "consoleNext").text.indexOf("Next: ") === 0)
        verify(findOne(console.contentItem, "consoleNarration").text.length > 0)
        compare(named(view, "notesOverlay").length, 0, "the notes are on the console, not the class's screen")
        if (lessons.notes.length > 0)
            verify(findOne(console.contentItem, "consoleNotes").text.length > 0)
        // the keys work while the console has the focus too
        console.requestActivate()
        keyClick(Qt.Key_PageDown)
        compare(lessons.currentStep, 2)
        verify(findOne(console.contentItem, "consoleNow").text.indexOf("Now (3 of") === 0)
        waitForRendering(console.contentItem)
        grabImage(console.contentItem).save("/tmp/presenter-console.png")
    }

    function test_every_control_is_named() {
        const lessons = freshLessons()
        verify(lessons.openLesson(testCase.lessonIds[0]))
        lessons.next()
        const view = makePresenter(lessons)
        named(view, "presenterExit")[0].forceActiveFocus(Qt.TabFocusReason)
        const reached = [testCase.Window.activeFocusItem]
        for (let i = 0; i < 20; ++i) {
            keyClick(Qt.Key_Tab)
            const item = testCase.Window.activeFocusItem
            if (!item || reached.indexOf(item) >= 0)
                break
            reached.push(item)
        }
        verify(reached.length >= 5, reached.length)
        for (const item of reached)
            verify(String(item.Accessible.name).length > 0, "a focusable " + item + " has an accessible name")
        for (const text of findAll(view, child => child instanceof Text && child.text.length > 0))
            verify(text.font.pixelSize >= 16, "'" + text.text + "' is " + text.font.pixelSize + " px")
    }

    // The window: F5 presents full screen, the clicker drives the lesson, Esc comes back.
    function test_window_presents_with_the_keyboard_alone() {
        const lessons = freshLessons()
        const window = createTemporaryObject(mainWindow, testCase, {session: session, lessons: lessons})
        verify(window, "Main")
        window.requestActivate()
        tryVerify(() => window.active, 2000, "the window is active and takes keys")
        keyClick(Qt.Key_F5)
        compare(named(window.contentItem, "presenter").length, 0, "no presenter mode without a lesson")

        keyClick(Qt.Key_L, Qt.ControlModifier)
        keyClick(Qt.Key_Return)         // the first lesson
        verify(lessons.open)
        keyClick(Qt.Key_F5)
        const presenter = findOne(window.contentItem, "presenter")
        compare(window.visibility, Window.FullScreen)
        compare(named(window.contentItem, "timeline").length, 0, "only the stage and the caption")
        const timelineStep = session.player.currentStep
        keyClick(Qt.Key_Right)
        compare(lessons.currentStep, 1)
        keyClick(Qt.Key_Space)
        compare(lessons.currentStep, 2)
        keyClick(Qt.Key_Left)
        compare(lessons.currentStep, 1)
        keyClick(Qt.Key_PageDown)
        compare(lessons.currentStep, 2)
        keyClick(Qt.Key_B)
        verify(presenter.blanked)
        keyClick(Qt.Key_B)
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/presenter-window.png")

        keyClick(Qt.Key_Escape)
        compare(named(window.contentItem, "presenter").length, 0)
        verify(window.visibility !== Window.FullScreen)
        findOne(window.contentItem, "lessonPanel")
        // the timeline's keys are the timeline's again
        session.player.toEnd()
        keyClick(Qt.Key_Left)
        compare(session.player.currentStep, session.player.stepCount - 2)
        compare(lessons.currentStep, 2)
        void timelineStep
    }
}
