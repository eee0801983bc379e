// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The timeline bar shows what its owner says and only asks for changes: each button, the
// scrubber and the speed buttons emit their signal, and the labels follow the properties.
TestCase {
    id: testCase

    name: "TimelineBar"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: barComponent

        TimelineBar {
            width: 1100
        }
    }

    Component {
        id: spyComponent

        SignalSpy {}
    }

    function cleanup() {
        Theme.look = Theme.Light
    }

    function makeBar(properties) {
        const bar = createTemporaryObject(barComponent, testCase, properties)
        verify(bar)
        waitForRendering(bar)
        return bar
    }

    function spyOn(target, signalName) {
        return createTemporaryObject(spyComponent, testCase, {target: target, signalName: signalName})
    }

    function child(bar, name) {
        const item = findChild(bar, name)
        verify(item, "no item named " + name)
        return item
    }

    function test_labels_follow_the_properties() {
        const bar = makeBar({stepCount: 80, currentStep: 11, timeText: "0.001000s",
                             caption: "laptop sends SYN to server:80"})
        compare(child(bar, "stepLabel").text, "Step 12 of 80")
        compare(child(bar, "timeLabel").text, "t = 0.001000s")
        compare(child(bar, "captionLabel").text, "laptop sends SYN to server:80")
        bar.currentStep = -1
        compare(child(bar, "stepLabel").text, "Before step 1 of 80")
        bar.stepCount = 0
        compare(child(bar, "stepLabel").text, "No steps")
        verify(!child(bar, "playButton").enabled, "nothing to play")
        verify(!child(bar, "scrubber").enabled)
    }

    function test_buttons_emit_their_signals() {
        const bar = makeBar({stepCount: 80, currentStep: 40})
        const cases = [["toStartButton", "toStartRequested"], ["stepBackButton", "stepBackRequested"],
                       ["playButton", "playToggled"], ["stepForwardButton", "stepForwardRequested"],
                       ["toEndButton", "toEndRequested"]]
        const spies = cases.map(c => spyOn(bar, c[1]))
        for (let i = 0; i < cases.length; ++i) {
            mouseClick(child(bar, cases[i][0]))
            for (let j = 0; j < cases.length; ++j)
                compare(spies[j].count, j <= i ? 1 : 0, cases[i][0] + " → " + cases[j][1])
        }
        // it asked; it did not change anything itself
        compare(bar.currentStep, 40)
        verify(!bar.playing)
    }

    function test_play_button_names_what_it_does() {
        const bar = makeBar({stepCount: 10, currentStep: 2})
        const play = child(bar, "playButton")
        compare(play.text, "▶ Play")
        compare(play.Accessible.name, "Play")
        compare(play.tip, "Play (Space)")
        bar.playing = true
        compare(play.text, "❚❚ Pause")
        compare(play.Accessible.name, "Pause")
        compare(child(bar, "stepBackButton").tip, "Step back (←)")
        compare(child(bar, "toEndButton").tip, "To end (End)")
        verify(play.height >= Theme.controlHeight)
    }

    function test_ends_disable_the_way_past_them() {
        const bar = makeBar({stepCount: 5, currentStep: -1})
        verify(!child(bar, "toStartButton").enabled)
        verify(!child(bar, "stepBackButton").enabled)
        verify(child(bar, "stepForwardButton").enabled)
        bar.currentStep = 4
        verify(child(bar, "stepBackButton").enabled)
        verify(!child(bar, "stepForwardButton").enabled)
        verify(!child(bar, "toEndButton").enabled)
        const spy = spyOn(bar, "stepForwardRequested")
        mouseClick(child(bar, "stepForwardButton"))
        compare(spy.count, 0)
    }

    function test_speed_buttons_show_and_request_the_speed() {
        const bar = makeBar({stepCount: 10, currentStep: 0, speed: 0.5})
        verify(child(bar, "speedButton0.5").selected)
        verify(!child(bar, "speedButton1").selected)
        compare(child(bar, "speedButton0.5").Accessible.name, "Speed 0.5×, current")
        const spy = spyOn(bar, "speedRequested")
        mouseClick(child(bar, "speedButton2"))
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 2.0)
        verify(child(bar, "speedButton0.5").selected, "the owner changes the speed, not the bar")
        bar.speed = 2.0
        verify(child(bar, "speedButton2").selected)
        verify(!child(bar, "speedButton0.5").selected)
    }

    function test_scrubber_drag_requests_a_jump() {
        const bar = makeBar({stepCount: 11, currentStep: -1})
        const scrubber = child(bar, "scrubber")
        const spy = spyOn(bar, "jumpRequested")
        const handle = scrubber.handle
        const y = handle.y + handle.height / 2
        // from the left end (before step 1) to the right end (step 11)
        mouseDrag(scrubber, handle.x + handle.width / 2, y, scrubber.width, 0)
        verify(spy.count > 0, "dragging asks for jumps")
        compare(spy.signalArguments[spy.count - 1][0], 10)
        // a click in the middle of the track jumps there: steps -1..10, the middle is 4 or 5
        spy.clear()
        bar.currentStep = -1
        mouseClick(scrubber, scrubber.leftPadding + scrubber.availableWidth / 2, y)
        verify(spy.count > 0)
        const step = spy.signalArguments[spy.count - 1][0]
        verify(step === 4 || step === 5, "middle step " + step)
    }

    function test_scrubber_follows_the_current_step() {
        const bar = makeBar({stepCount: 11, currentStep: 0})
        const scrubber = child(bar, "scrubber")
        compare(scrubber.value, 0)
        bar.currentStep = 7
        compare(scrubber.value, 7)
    }

    function test_tab_reaches_buttons_with_a_focus_ring() {
        const bar = makeBar({stepCount: 10, currentStep: 3})
        const toStart = child(bar, "toStartButton")
        toStart.forceActiveFocus(Qt.TabFocusReason)
        verify(toStart.activeFocus)
        verify(findChild(toStart.background, "focusRing").visible)
        keyClick(Qt.Key_Tab)
        const back = child(bar, "stepBackButton")
        verify(back.activeFocus, "Tab moves to Step back")
        verify(findChild(back.background, "focusRing").visible)
        verify(!findChild(toStart.background, "focusRing").visible)
    }

    function test_screenshots() {
        const bar = makeBar({stepCount: 80, currentStep: 11, timeText: "0.001000s", speed: 1.0,
                             caption: "laptop's chrome sends SYN from 192.168.1.10:51234 to 93.184.216.34:80"})
        grabImage(bar).save("/tmp/portlab-timeline-light.png")
        Theme.look = Theme.Projector
        bar.playing = true
        waitForRendering(bar)
        grabImage(bar).save("/tmp/portlab-timeline-projector.png")
        Theme.look = Theme.Dark
        waitForRendering(bar)
        grabImage(bar).save("/tmp/portlab-timeline-dark.png")
        verify(bar.height > 0)
    }
}
