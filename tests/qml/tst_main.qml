// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The window as a teacher drives it: the example on the stage, the keys of a keyboard or a
// clicker moving the timeline, and the side panel following the step (a statement's result,
// a layer wrapping, the mail room's lookup); every control reachable with Tab and named.
TestCase {
    id: testCase

    name: "MainWindow"
    width: 1280
    height: 720
    visible: true   // TestCase hides itself; the window under test must really be shown
    when: windowShown

    Component {
        id: mainWindow

        Main {}
    }

    // Lives as long as the test case, so it outlives any window that shows it.
    LabSession {
        id: session

        Component.onCompleted: session.showExample()
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

    function stepWith(parts) {
        const step = session.player.findStep(parts)
        verify(step >= 0, "a step with " + parts.join(", "))
        return step
    }

    function openWindow() {
        const window = createTemporaryObject(mainWindow, testCase, {session: session})
        verify(window, "Main")
        window.requestActivate()
        tryVerify(() => window.active, 2000, "the window is active and takes keys")
        waitForRendering(window.contentItem)
        return window
    }

    function init() {
        session.showExample()
        Theme.look = Theme.Light
        Theme.reducedMotion = false
    }

    function test_opens_on_the_example_at_its_end() {
        const window = openWindow()
        compare(window.title, "PortLab — example.portlab")
        compare(session.player.currentStep, session.player.stepCount - 1)
        compare(session.scene.count, 2)
        verify(session.packets.count > 0, "the example's connections put packets on the wire")
        const timeline = findOne(window.contentItem, "timeline")
        compare(timeline.stepCount, session.player.stepCount)
    }

    function test_keys_drive_the_timeline() {
        const window = openWindow()
        keyClick(Qt.Key_Home)
        compare(session.player.currentStep, -1)
        keyClick(Qt.Key_Right)
        keyClick(Qt.Key_Right)
        compare(session.player.currentStep, 1)
        keyClick(Qt.Key_PageDown)       // a clicker's "next"
        compare(session.player.currentStep, 2)
        keyClick(Qt.Key_Left)
        keyClick(Qt.Key_PageUp)         // a clicker's "previous"
        compare(session.player.currentStep, 0)
        keyClick(Qt.Key_End)
        compare(session.player.currentStep, session.player.stepCount - 1)

        compare(session.player.speed, 1)
        keyClick(Qt.Key_Plus)
        compare(session.player.speed, 2)
        keyClick(Qt.Key_Minus)
        keyClick(Qt.Key_Minus)
        compare(session.player.speed, 0.5)
        keyClick(Qt.Key_Equal)
        compare(session.player.speed, 1)

        keyClick(Qt.Key_Home)
        keyClick(Qt.Key_Space)
        verify(session.player.playing)
        tryVerify(() => session.player.currentStep >= 1, 3000, "playing moves the stage on")
        keyClick(Qt.Key_Space)
        verify(!session.player.playing)

        keyClick(Qt.Key_F11)
        compare(window.visibility, Window.FullScreen)
        keyClick(Qt.Key_F11)
        verify(window.visibility !== Window.FullScreen)
    }

    function test_bind_failure_shows_its_errno() {
        const window = openWindow()
        session.player.jumpTo(stepWith(["apache: bind", "EADDRINUSE"]))
        waitForRendering(window.contentItem)
        compare(findOne(window.contentItem, "errno").text, "EADDRINUSE")
        verify(findOne(window.contentItem, "message").text.indexOf("nginx") >= 0)
        compare(findOne(window.contentItem, "statement").text, "apache: bind web 0.0.0.0:80")
    }

    function test_now_panel_follows_the_step() {
        const window = openWindow()
        const now = findOne(window.contentItem, "nowPanel")
        session.player.jumpTo(stepWith(["laptop link layer writes", "PSH"]))
        verify(now.showsStack && !now.showsMailRoom)
        session.player.jumpTo(stepWith(["server delivers", "PSH", "nginx.a1"]))
        verify(now.showsMailRoom)
        session.player.jumpTo(stepWith(["nginx: a1 = accept"]))
        verify(!now.showsMailRoom && !now.showsStack)
    }

    // Choosing a packet in the list moves the stage to the moment it leaves its sender, and
    // stepping to that moment selects it in the list for the inspector.
    function test_packets_and_steps_follow_each_other() {
        openWindow()
        session.selectPacket(0)
        const sent = session.player.currentStep
        verify(session.player.caption.indexOf(" sends ") > 0, session.player.caption)
        session.player.toStart()
        session.player.jumpTo(sent)
        compare(session.selectedPacket, 0)
        session.player.jumpTo(stepWith(["sends", "PSH"]))
        verify(session.selectedPacket > 0)
        // any step about that envelope shows it, and the stage stays where it is
        const dataPacket = session.selectedPacket
        session.selectPacket(0)
        verify(session.selectedPacket !== dataPacket)
        const delivered = stepWith(["server delivers", "PSH"])
        session.player.jumpTo(delivered)
        compare(session.selectedPacket, dataPacket)
        compare(session.player.currentStep, delivered)
    }

    function test_looks_switch_and_keep_text_large() {
        const window = openWindow()
        for (const look of [Theme.Light, Theme.Dark, Theme.Projector]) {
            Theme.look = look
            waitForRendering(window.contentItem)
            const texts = findAll(window.contentItem, child => child instanceof Text && child.text.length > 0)
            verify(texts.length > 30)
            for (const text of texts)
                verify(text.font.pixelSize >= 16, "'" + text.text + "' is " + text.font.pixelSize + " px in look " + look)
        }
        compare(Theme.lookName, "Projector")
    }

    // Tab walks through every control, and each one says what it is to a screen reader.
    function test_every_control_is_reachable_and_named() {
        const window = openWindow()
        session.player.jumpTo(10)   // in the middle, where every timeline button is enabled
        const reached = []
        let item = window.activeFocusItem
        for (let i = 0; i < 80; ++i) {
            keyClick(Qt.Key_Tab)
            item = window.activeFocusItem
            if (!item || reached.indexOf(item) >= 0)
                break
            reached.push(item)
            const name = item.Accessible.name
            verify(name !== undefined && String(name).length > 0, "a focusable " + item + " has an accessible name")
        }
        const names = reached.map(i => String(i.Accessible.name))
        for (const wanted of ["Open scenario…", "Open capture…", "Play", "Step forward", "Step back"])
            verify(names.some(n => n.indexOf(wanted) === 0), wanted + " is reachable by Tab: " + names.join(" | "))
    }

    // A run longer than the stage records is cut, and the window says so.
    function test_long_scenario_says_it_was_cut() {
        const window = openWindow()
        let source = "host a 10.0.0.1\nhost b 10.0.0.2\nprocess s on b user root\ns: l = socket tcp\ns: bind l 0.0.0.0:80\ns: listen l 4096\n"
                     + "process c on a user alice\n"
        for (let i = 0; i < 200; ++i)
            source += "c: x" + i + " = socket tcp\nc: connect x" + i + " 10.0.0.2:80\n"
        verify(session.showScenario(source, "long.portlab"))
        verify(session.player.truncated)
        waitForRendering(window.contentItem)
        const error = findOne(window.contentItem, "errorText")
        verify(error.text.indexOf("first " + session.player.stepCount + " steps") >= 0, error.text)
        // a whole run clears the notice
        session.showExample()
        compare(session.errorText, "")
    }

    function test_bad_scenario_says_where_and_keeps_the_stage() {
        const window = openWindow()
        const steps = session.player.stepCount
        verify(!session.showScenario("host a 10.0.0.1\nbind twice\n", "broken.portlab"))
        waitForRendering(window.contentItem)
        const error = findOne(window.contentItem, "errorText")
        verify(error.text.indexOf("broken.portlab:2:") >= 0, error.text)
        compare(session.player.stepCount, steps)
        compare(session.title, "example.portlab")
    }
}
