// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The console in the window, driven by the keyboard alone: Ctrl+` opens it on the prompt,
// typing and Enter run a statement on the stage, Tab completes, Up and Down recall, an error is
// shown with its errno and the socket in the way is marked on the stage; the stage's own keys
// stay quiet while the console is typed in.
TestCase {
    id: testCase

    name: "ConsolePanel"
    width: 1280
    height: 720
    visible: true   // TestCase hides itself; the window under test must really be shown
    when: windowShown

    Component {
        id: mainWindow

        Main {}
    }

    LabSession {
        id: session
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

    function findOne(item, objectName) {
        const found = findAll(item, child => child.objectName === objectName)
        compare(found.length, 1, "exactly one visible item named " + objectName)
        return found[0]
    }

    // The transcript's lines in view, top to bottom.
    function printedLines(window) {
        return findAll(window.contentItem, child => child.objectName === "consoleLine").sort((a, b) => a.y - b.y)
    }

    function type(text) {
        for (const c of text)
            keyClick(c)
    }

    function openConsole() {
        const window = createTemporaryObject(mainWindow, testCase, {session: session})
        verify(window, "Main")
        window.requestActivate()
        tryVerify(() => window.active, 2000, "the window is active and takes keys")
        keyClick(Qt.Key_QuoteLeft, Qt.ControlModifier)
        const input = findOne(window.contentItem, "consoleInput")
        tryVerify(() => input.activeFocus, 2000, "Ctrl+` puts the keyboard in the console")
        return window
    }

    function init() {
        verify(session.showScenario("host laptop 192.168.1.10\n"
                                    + "host server 93.184.216.34\n"
                                    + "process nginx on server user root\n"
                                    + "nginx: s = socket tcp\n"
                                    + "nginx: bind s 0.0.0.0:8080\n"
                                    + "nginx: listen s\n"
                                    + "process app on server\n"
                                    + "process chrome on laptop user alice\n", "scene.portlab"))
    }

    function test_typing_runs_a_statement_on_the_stage() {
        const window = openConsole()
        const input = findOne(window.contentItem, "consoleInput")
        const steps = session.player.stepCount
        session.player.playing = false
        const speed = session.player.speed
        // The stage's single keys type into the console instead.
        type("chrome: c = socket tcp +-")
        verify(!session.player.playing, "Space typed a blank, not play")
        compare(session.player.speed, speed)
        compare(input.text, "chrome: c = socket tcp +-")
        keyClick(Qt.Key_Backspace)
        keyClick(Qt.Key_Backspace)
        keyClick(Qt.Key_Backspace)
        keyClick(Qt.Key_Return)
        compare(input.text, "")
        compare(window.consoleSession.typedCount, 1)
        verify(session.player.stepCount > steps)
        const texts = printedLines(window).map(line => line.text)
        verify(texts.indexOf("> chrome: c = socket tcp") >= 0, texts.join(" | "))
        verify(texts.some(t => t.indexOf("ok: a new tcp socket") === 0), texts.join(" | "))

        // Ctrl+Z in the console takes it back; Ctrl+` leaves, and the stage has its keys again.
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        compare(window.consoleSession.typedCount, 0)
        compare(session.player.stepCount, steps)
        keyClick(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
        compare(window.consoleSession.typedCount, 1)
        keyClick(Qt.Key_QuoteLeft, Qt.ControlModifier)
        compare(findAll(window.contentItem, child => child.objectName === "consolePanel").length, 0)
        session.player.playing = false
        keyClick(Qt.Key_Home)
        compare(session.player.currentStep, -1)
    }

    Component {
        id: pasteTarget

        TextEdit {}
    }

    // What the clipboard holds, read as a paste would: QML has no clipboard of its own.
    function clipboardText() {
        const edit = createTemporaryObject(pasteTarget, testCase)
        edit.paste()
        return edit.text
    }

    function setClipboardText(text) {
        const edit = createTemporaryObject(pasteTarget, testCase, {text: text})
        edit.selectAll()
        edit.copy()
    }

    function test_copy_puts_the_transcript_on_the_clipboard() {
        const window = openConsole()
        type("ss server -tln")
        keyClick(Qt.Key_Return)
        const transcript = window.consoleSession.transcript.text()
        verify(transcript.indexOf("> ss server -tln\n") >= 0, transcript)
        verify(transcript.indexOf("0.0.0.0:8080") > 0, transcript)

        setClipboardText("something else")
        compare(clipboardText(), "something else")
        keyClick(Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
        compare(clipboardText(), transcript)

        setClipboardText("something else")
        const copy = findOne(window.contentItem, "consoleCopy")
        verify(copy.enabled)
        mouseClick(copy)
        compare(clipboardText(), transcript)
    }

    function test_tab_completes_and_lists_candidates() {
        const window = openConsole()
        const input = findOne(window.contentItem, "consoleInput")
        type("chr")
        keyClick(Qt.Key_Tab)
        compare(input.text, "chrome: ")
        verify(input.activeFocus, "Tab completes rather than moving the focus")
        type("c")
        keyClick(Qt.Key_Tab)
        compare(input.text, "chrome: c")
        const candidates = findOne(window.contentItem, "consoleCandidates")
        verify(candidates.text.indexOf("close") >= 0 && candidates.text.indexOf("connect") >= 0, candidates.text)
        type("on")
        compare(findAll(window.contentItem, child => child.objectName === "consoleCandidates").length, 0)
        keyClick(Qt.Key_Tab)
        compare(input.text, "chrome: connect ")
    }

    function test_up_and_down_walk_the_history() {
        const window = openConsole()
        const input = findOne(window.contentItem, "consoleInput")
        type("ss server -tln")
        keyClick(Qt.Key_Return)
        type("ss laptop")
        keyClick(Qt.Key_Return)
        type("half")
        keyClick(Qt.Key_Up)
        compare(input.text, "ss laptop")
        keyClick(Qt.Key_Up)
        compare(input.text, "ss server -tln")
        keyClick(Qt.Key_Down)
        compare(input.text, "ss laptop")
        keyClick(Qt.Key_Down)
        compare(input.text, "half")
    }

    function test_an_error_shows_its_errno_and_the_socket_in_the_way() {
        const window = openConsole()
        type("app: t = socket tcp")
        keyClick(Qt.Key_Return)
        type("app: bind t 0.0.0.0:8080")
        keyClick(Qt.Key_Return)
        session.player.playing = false
        session.player.toEnd()
        waitForRendering(window.contentItem)
        const lines = printedLines(window)
        const error = lines.filter(line => line.text.indexOf("EADDRINUSE (Address already in use): nginx (pid 1000) is listening on tcp 0.0.0.0:8080") === 0)
        compare(error.length, 1, lines.map(line => line.text).join(" | "))
        compare(error[0].kind, ConsoleTranscript.Error)
        // marked by a sign in the margin, not by colour alone
        compare(findAll(error[0], child => child.objectName === "consoleMarker")[0].children[0].text, "✗")
        const inTheWay = lines.filter(line => line.kind === ConsoleTranscript.Culprit)
        compare(inTheWay.length, 1)
        verify(inTheWay[0].text.indexOf("nginx (pid 1000) tcp 0.0.0.0:8080") >= 0, inTheWay[0].text)

        // the stage marks nginx's door, and only it
        compare(session.player.conflictSocket, window.consoleSession.culprit)
        const marked = findAll(window.contentItem, child => child.objectName === "doorInTheWay")
        compare(marked.length, 1)
        compare(marked[0].parent.socket.local, "0.0.0.0:8080")
        verify(String(marked[0].parent.Accessible.name).indexOf("holds the port") >= 0)
    }

    function test_a_statement_that_does_not_parse_points_at_its_column() {
        const window = openConsole()
        type("nginx: listen s 99999999")
        keyClick(Qt.Key_Return)
        const texts = window.consoleSession.transcript.text().split("\n")
        const at = texts.indexOf("> nginx: listen s 99999999")
        verify(at >= 0, texts.join(" | "))
        compare(texts[at + 1].indexOf("^"), texts[at].indexOf("99999999"))
        verify(texts[at + 2].indexOf("console:9:17: error: ") === 0, texts[at + 2])
        compare(window.consoleSession.typedCount, 0)
    }
}
