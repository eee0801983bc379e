// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtTest
import PortLab

// The list of lessons: every lesson of the built-in curriculum as a card (title, minutes,
// summary, progress in words, completed in words, what to take first), opened with a click or
// from the keyboard; and in the window, Ctrl+L shows it and choosing a lesson puts its
// narration beside the stage.
TestCase {
    id: testCase

    name: "LessonLibraryView"
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
        id: libraryComponent

        LessonLibraryView {
            width: testCase.width
            height: testCase.height
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

    function cleanupTestCase() {
        for (const lessons of testCase.sessions)
            lessons.destroy()
    }

    function freshLessons(): LessonSession {
        const folder = "/tmp/portlab-qml-tests/library-" + Date.now() + "-" + Math.floor(Math.random() * 1e9)
        const lessons = lessonSession.createObject(testCase, {progressFolder: folder}) as LessonSession
        verify(lessons, "LessonSession")
        testCase.sessions.push(lessons)
        verify(lessons.library.count > 0, "the built-in curriculum has lessons")
        // (a lesson that does not read is `portlab check`'s to report, in the model's tests)
        lessons.clearProblems()
        return lessons
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

    function init() {
        Theme.look = Theme.Light
    }

    function test_lists_every_lesson_with_its_progress() {
        const lessons = freshLessons()
        const view = createTemporaryObject(libraryComponent, testCase, {lessons: lessons})
        waitForRendering(view)
        const cards = named(view, "lessonCard")
        compare(cards.length, lessons.library.count)
        let withPrerequisites = 0
        for (const card of cards) {
            verify(card.title.length > 0)
            compare(findOne(card, "lessonTitle").text, card.title)
            compare(findOne(card, "lessonMinutes").text, card.minutes + " min")
            verify(card.minutes >= 5 && card.minutes <= 15, card.title + ": " + card.minutes)
            const progress = findOne(card, "lessonProgress").text
            verify(progress.indexOf("0 of " + card.stepCount + " steps") === 0, progress)
            if (card.goalCount > 0)
                verify(progress.indexOf(" · 0 of " + card.goalCount + " goals") > 0, progress)
            compare(named(card, "lessonCompleted").length, 0, "nothing completed yet")
            if (card.prerequisites.length > 0) {
                ++withPrerequisites
                compare(findOne(card, "lessonPrerequisites").text, "Take first: " + card.prerequisites)
            }
        }
        verify(withPrerequisites > 0, "the curriculum builds on itself")
        grabImage(view).save("/tmp/lesson-library.png")
    }

    function test_a_click_opens_the_lesson() {
        const lessons = freshLessons()
        const view = createTemporaryObject(libraryComponent, testCase, {lessons: lessons})
        waitForRendering(view)
        const card = named(view, "lessonCard")[0]
        mouseClick(card)
        verify(lessons.open)
        compare(lessons.lessonId, card.lessonId)
        compare(lessons.lessonTitle, card.title)
        compare(lessons.currentStep, 0)
        verify(session.player.stepCount > 0, "the first step is on the stage")
        tryVerify(() => session.scene.count > 0, 5000, "its hosts appear as it plays")
    }

    // Progress is shown in words, and a completed lesson says so (not by colour alone).
    function test_progress_and_completion_are_shown() {
        const lessons = freshLessons()
        const view = createTemporaryObject(libraryComponent, testCase, {lessons: lessons})
        const card = named(view, "lessonCard")[0]
        verify(lessons.openLesson(card.lessonId))
        lessons.next()
        compare(findOne(card, "lessonProgress").text.indexOf("2 of " + card.stepCount + " steps"), 0)
        while (lessons.currentStep < lessons.stepCount - 1)   // every step seen
            lessons.next()
        lessons.closeLesson()
        waitForRendering(view)
        verify(card.completed)
        compare(findOne(card, "lessonCompleted").text, "✓ Completed")
        verify(String(card.Accessible.name).indexOf("completed") > 0, card.Accessible.name)
        grabImage(view).save("/tmp/lesson-library-progress.png")
    }

    function test_keyboard_opens_a_lesson() {
        const lessons = freshLessons()
        const view = createTemporaryObject(libraryComponent, testCase, {lessons: lessons}) as LessonLibraryView
        view.focusFirst()
        const cards = named(view, "lessonCard")
        compare(testCase.Window.activeFocusItem, cards[0])
        keyClick(Qt.Key_Tab)
        compare(testCase.Window.activeFocusItem, cards[1])
        keyClick(Qt.Key_Return)
        verify(lessons.open)
        compare(lessons.lessonId, cards[1].lessonId)
        lessons.closeLesson()
        cards[2].forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Space)
        compare(lessons.lessonId, cards[2].lessonId)
    }

    function test_every_control_is_reachable_and_named() {
        const lessons = freshLessons()
        const view = createTemporaryObject(libraryComponent, testCase, {lessons: lessons})
        const closeSpy = createTemporaryObject(signalSpy, testCase, {target: view, signalName: "closeRequested"})
        findOne(view, "openLessonFile").forceActiveFocus(Qt.TabFocusReason)
        const reached = [testCase.Window.activeFocusItem]
        for (let i = 0; i < 60; ++i) {
            keyClick(Qt.Key_Tab)
            const item = testCase.Window.activeFocusItem
            if (!item || reached.indexOf(item) >= 0)
                break
            reached.push(item)
        }
        const names = reached.map(item => String(item.Accessible.name))
        for (let i = 0; i < reached.length; ++i)
            verify(names[i].length > 0 && names[i] !== "undefined", "a focusable " + reached[i] + " has an accessible name")
        compare(reached.filter(item => item.objectName === "lessonCard").length, lessons.library.count, "every lesson: " + names.join(" | "))
        const close = reached.find(item => item.objectName === "closeLibrary")
        verify(close, "Back to the lab is reachable")
        close.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Space)
        compare(closeSpy.count, 1)
    }

    // In the window: Ctrl+L shows the lessons, Esc hides them; choosing one shows its narration
    // as the side panel's first tab, and the lesson's problems show in a banner.
    function test_window_shows_the_library_and_the_lesson() {
        const lessons = freshLessons()
        const window = createTemporaryObject(mainWindow, testCase, {session: session, lessons: lessons})
        verify(window, "Main")
        window.requestActivate()
        tryVerify(() => window.active, 2000, "the window is active and takes keys")
        compare(findOne(window.contentItem, "lessonsButton").text, "Lessons")

        keyClick(Qt.Key_L, Qt.ControlModifier)
        const library = findOne(window.contentItem, "library")
        compare(named(window.contentItem, "stage").length, 0, "the list takes the stage's place")
        keyClick(Qt.Key_Escape)
        compare(named(window.contentItem, "library").length, 0)
        verify(named(window.contentItem, "stage").length > 0, "the stage is back")

        keyClick(Qt.Key_L, Qt.ControlModifier)
        verify(named(findOne(window.contentItem, "library"), "lessonCard")[0].activeFocus, "the keyboard starts on the first lesson")
        keyClick(Qt.Key_Return)
        verify(lessons.open)
        compare(named(window.contentItem, "library").length, 0)
        const panel = findOne(window.contentItem, "lessonPanel")
        compare(findOne(panel, "stepTitle").text, lessons.stepTitle)
        tryCompare(window, "activeFocusItem", findOne(panel, "nextButton"), 1000, "the keyboard goes to the lesson")
        compare(findOne(window.contentItem, "tab:Lesson").Accessible.name, "Lesson panel (Alt+L)")
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/lesson-window.png")

        // a clicker's keys move the lesson's steps; the arrows still step the timeline
        keyClick(Qt.Key_PageDown)
        compare(lessons.currentStep, 1)
        keyClick(Qt.Key_PageUp)
        compare(lessons.currentStep, 0)
        session.player.toEnd()
        const end = session.player.currentStep
        keyClick(Qt.Key_Left)
        compare(session.player.currentStep, end - 1)
        compare(lessons.currentStep, 0)

        // the other tabs are still there
        keyClick(Qt.Key_4, Qt.AltModifier)
        compare(named(window.contentItem, "lessonPanel").length, 0)
        keyClick(Qt.Key_L, Qt.AltModifier)
        findOne(window.contentItem, "lessonPanel")

        // a problem with the lessons shows in a banner, until dismissed
        verify(!lessons.openLesson("no-such-lesson"))
        verify(findOne(window.contentItem, "lessonProblems").text.indexOf("no-such-lesson") > 0)
        lessons.clearProblems()
        compare(named(window.contentItem, "lessonProblems").length, 0)

        // Lessons: back to the list, the progress kept
        mouseClick(findOne(panel, "libraryButton"))
        verify(!lessons.open)
        findOne(window.contentItem, "library")
        keyClick(Qt.Key_Escape)
        compare(named(window.contentItem, "lessonPanel").length, 0)
        findOne(window.contentItem, "tab:Now")
    }

    // The gallery: the experiments as cards; one click sets up the scene and asks the question,
    // with the scene already on the stage; "Run again" asks afresh.
    function test_the_gallery_runs_an_experiment_in_one_click() {
        const lessons = freshLessons()
        const view = createTemporaryObject(libraryComponent, testCase, {lessons: lessons}) as LessonLibraryView
        mouseClick(findOne(view, "galleryTitle"))
        verify(view.gallery)
        waitForRendering(view)
        const cards = named(view, "lessonCard")
        verify(cards.length >= 10, "the gallery has " + cards.length + " experiments")
        compare(cards.length, lessons.experiments.count)
        grabImage(view).save("/tmp/experiments-gallery.png")

        const card = cards.find(c => c.lessonId === "bind-twice")
        verify(card, "bind twice is in the gallery")
        mouseClick(card)
        verify(lessons.open)
        verify(lessons.experiment)
        compare(lessons.lessonId, "bind-twice")
        verify(lessons.awaitingPrediction, "the experiment asks for a prediction first")
        verify(session.scene.count > 0, "the scene is on the stage at once")
        verify(!session.player.playing, "the scene stands still while the question is asked")
        lessons.choose(1)
        lessons.lockPrediction()
        verify(!lessons.awaitingPrediction)
        verify(session.player.playing, "then it runs")
        verify(String(lessons.prediction.explanation).indexOf("EADDRINUSE") >= 0, lessons.prediction.explanation)

        mouseClick(findOne(view, "libraryTitle"))
        verify(!view.gallery)
        compare(named(view, "lessonCard").length, lessons.library.count)
    }

    function test_window_opens_the_gallery_with_ctrl_g() {
        const lessons = freshLessons()
        const window = createTemporaryObject(mainWindow, testCase, {session: session, lessons: lessons})
        verify(window, "Main")
        window.requestActivate()
        tryVerify(() => window.active, 2000, "the window is active and takes keys")
        keyClick(Qt.Key_G, Qt.ControlModifier)
        const library = findOne(window.contentItem, "library") as LessonLibraryView
        verify(library.gallery)
        keyClick(Qt.Key_Return)   // the keyboard starts on the first experiment
        verify(lessons.open)
        verify(lessons.experiment)
        const panel = findOne(window.contentItem, "lessonPanel")
        compare(findOne(panel, "libraryButton").text, "☰ Experiments")
        findOne(panel, "runAgainButton")
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/experiment-window.png")
        lessons.choose(0)
        lessons.lockPrediction()
        mouseClick(findOne(panel, "runAgainButton"))
        verify(lessons.awaitingPrediction, "run again asks afresh")
        mouseClick(findOne(panel, "libraryButton"))
        verify(!lessons.open)
        verify((findOne(window.contentItem, "library") as LessonLibraryView).gallery, "back to the gallery, not the lessons")
    }
}
