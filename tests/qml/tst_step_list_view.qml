// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The step list: its columns and header, problem rows marked with a sign, the current step
// outlined with ▶ and kept in view, a row chosen by click or Enter, and the filters writing
// their values to the filter object (standing in here for the proxy model).
TestCase {
    id: testCase

    name: "StepListView"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: viewComponent

        StepListView {
            width: 500
            height: 560
            hostNames: ["laptop", "server"]
        }
    }

    Component {
        id: filterComponent

        QtObject {
            property string protocol: ""
            property string host: ""
            property bool packetsOnly: false
        }
    }

    Component {
        id: modelComponent

        ListModel {}
    }

    Component {
        id: spyComponent

        SignalSpy {}
    }

    function cleanup() {
        Theme.look = Theme.Light
    }

    // A short session: nginx serves port 80, apache fails to bind it, the laptop connects,
    // and a datagram to a closed port bounces.
    function fillSteps(model) {
        const rows = [
            {time: "0.000000s", from: "server", to: "", protocol: "TCP", ports: "80", kind: "statement",
             isPacket: false, ok: true, summary: "nginx: bind s 0.0.0.0:80"},
            {time: "0.000000s", from: "server", to: "", protocol: "TCP", ports: "80", kind: "statement",
             isPacket: false, ok: false, summary: "apache: bind t 0.0.0.0:80 → EADDRINUSE"},
            {time: "0.001000s", from: "laptop", to: "server", protocol: "TCP", ports: "51234 → 80", kind: "packet",
             isPacket: true, ok: true, summary: "SYN"},
            {time: "0.002000s", from: "server", to: "laptop", protocol: "TCP", ports: "80 → 51234", kind: "packet",
             isPacket: true, ok: true, summary: "SYN-ACK"},
            {time: "0.003000s", from: "laptop", to: "server", protocol: "TCP", ports: "51234 → 80", kind: "packet",
             isPacket: true, ok: true, summary: "ACK"},
            {time: "0.004000s", from: "laptop", to: "server", protocol: "UDP", ports: "40000 → 53", kind: "packet",
             isPacket: true, ok: false, summary: "UDP to a closed port: ICMP port unreachable"},
            {time: "0.005000s", from: "server", to: "laptop", protocol: "ICMP", ports: "", kind: "packet",
             isPacket: true, ok: true, summary: "ICMP port unreachable"}
        ]
        for (let i = 0; i < rows.length; ++i)
            model.append(Object.assign({stepIndex: i}, rows[i]))
    }

    function makeView(properties) {
        const model = createTemporaryObject(modelComponent, testCase)
        fillSteps(model)
        const filter = createTemporaryObject(filterComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase,
                                           Object.assign({model: model, filter: filter}, properties || {}))
        verify(view)
        waitForItemPolished(child(view, "stepList"))
        return view
    }

    function child(parent, name) {
        const item = findChild(parent, name)
        verify(item, "no item named " + name)
        return item
    }

    function test_header_names_the_columns() {
        const view = makeView()
        compare(child(view, "headerNumber").text, "No.")
        compare(child(view, "headerTime").text, "Time")
        compare(child(view, "headerFrom").text, "From")
        compare(child(view, "headerTo").text, "To")
        compare(child(view, "headerProtocol").text, "Protocol")
        compare(child(view, "headerPorts").text, "Ports")
        // a 500-pixel panel has the summary on a line of its own, under its own heading
        verify(!view.wide)
        verify(!child(view, "headerSummary").visible)
        verify(child(view, "headerSummaryBelow").visible)
        verify(child(view, "headerPortsBelow").visible)
        verify(!child(view, "headerPorts").visible)
        for (const name of ["headerNumber", "headerTime", "headerFrom", "headerTo", "headerProtocol"])
            verify(!child(view, name).truncated, name + " is shown whole")
        compare(child(view, "headerSummaryBelow").text, "Summary")
        const syn = child(view, "stepRow2")
        compare(child(syn, "number").text, "3")
        compare(child(syn, "summary").text, "SYN")
    }

    function test_problems_are_marked_with_a_sign() {
        const view = makeView()
        compare(child(child(view, "stepRow1"), "mark").text, "⚠", "a failed statement")
        compare(child(child(view, "stepRow5"), "mark").text, "✗", "a bounced envelope")
        compare(child(child(view, "stepRow2"), "mark").text, "", "a good one has no sign")
        verify(child(view, "stepRow1").Accessible.name.indexOf("Failed.") === 0)
    }

    function test_current_step_is_highlighted() {
        const view = makeView({currentStep: 3})
        const current = child(view, "stepRow3")
        verify(current.current)
        compare(child(current, "mark").text, "▶")
        compare(current.border.width, Theme.borderWidthStrong)
        const other = child(view, "stepRow2")
        verify(!other.current)
        compare(child(other, "mark").text, "")
        verify(other.border.width < current.border.width)
        // a problem row that is current keeps its sign
        view.currentStep = 1
        compare(child(child(view, "stepRow1"), "mark").text, "▶⚠")
        compare(child(child(view, "stepRow3"), "mark").text, "")
        grabImage(view).save("/tmp/portlab-steps-light.png")
        Theme.look = Theme.Projector
        grabImage(view).save("/tmp/portlab-steps-projector.png")
        Theme.look = Theme.Dark
        grabImage(view).save("/tmp/portlab-steps-dark.png")
    }

    function test_click_and_enter_choose_a_step() {
        const view = makeView({currentStep: 0})
        const spy = createTemporaryObject(spyComponent, testCase, {target: view, signalName: "stepChosen"})
        mouseClick(child(view, "stepRow4"))
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 4)
        compare(view.currentStep, 0, "the owner moves the timeline, not the list")
        const list = child(view, "stepList")
        list.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Return)
        compare(spy.count, 2)
        compare(spy.signalArguments[1][0], 5)
        verify(child(child(view, "stepRow5"), "focusRing").visible, "the keyboard's row has a focus ring")
    }

    function test_filters_write_the_filter_object() {
        const view = makeView()
        const filter = view.filter
        const protocolBox = child(view, "protocolFilter")
        protocolBox.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Down)                       // All → TCP
        keyClick(Qt.Key_Down)                       // TCP → UDP
        compare(filter.protocol, "udp")
        keyClick(Qt.Key_Up)
        compare(filter.protocol, "tcp")
        const hostBox = child(view, "hostFilter")
        compare(hostBox.count, 3)
        hostBox.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        compare(filter.host, "server")
        keyClick(Qt.Key_Home)
        compare(filter.host, "", "All hosts")
        mouseClick(child(view, "packetsOnlyFilter"))
        compare(filter.packetsOnly, true)
        mouseClick(child(view, "packetsOnlyFilter"))
        compare(filter.packetsOnly, false)
        // and they show what the filter holds
        filter.protocol = "icmp"
        compare(protocolBox.currentIndex, 3)
        filter.packetsOnly = true
        verify(child(view, "packetsOnlyFilter").checked)
    }

    function test_filter_defaults_to_the_model() {
        const model = createTemporaryObject(modelComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, {model: model})
        verify(view.filter === model)
    }

    function test_current_row_is_scrolled_into_view() {
        const model = createTemporaryObject(modelComponent, testCase)
        for (let i = 0; i < 80; ++i)
            model.append({stepIndex: i, time: (i / 1000).toFixed(6) + "s", from: "laptop", to: "server",
                          protocol: "TCP", ports: "51234 → 80", kind: "packet", isPacket: true, ok: true,
                          summary: "DATA " + i})
        const view = createTemporaryObject(viewComponent, testCase, {model: model, currentStep: 70})
        const list = child(view, "stepList")
        tryVerify(() => findChild(view, "stepRow70") !== null)
        const row = child(view, "stepRow70")
        const top = row.mapToItem(list, 0, 0).y
        verify(top >= 0 && top + row.height <= list.height, "row 71 visible at " + top)
        view.currentStep = 2
        tryVerify(() => findChild(view, "stepRow2") !== null)
        const first = child(view, "stepRow2")
        const y = first.mapToItem(list, 0, 0).y
        verify(y >= 0 && y + first.height <= list.height, "row 3 visible at " + y)
    }

    function test_empty_shows_a_hint() {
        const model = createTemporaryObject(modelComponent, testCase)
        const filter = createTemporaryObject(filterComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, {model: model, filter: filter})
        verify(child(view, "emptyHint").visible)
        verify(child(view, "emptyHint").text.indexOf("No steps yet") === 0)
        filter.protocol = "udp"
        verify(child(view, "emptyHint").text.indexOf("No step matches the filters") === 0)
        model.append({stepIndex: 0, time: "0.000000s", from: "laptop", to: "server", protocol: "UDP",
                      ports: "40000 → 53", kind: "packet", isPacket: true, ok: true, summary: "DNS query"})
        tryVerify(() => !child(view, "emptyHint").visible, 1000, "a step hides the hint")
    }

    function test_wide_panel_puts_summary_in_a_column() {
        const view = makeView({width: 1100})
        verify(view.wide)
        verify(child(view, "headerSummary").visible)
        compare(child(view, "headerSummary").text, "Summary")
        verify(!child(view, "headerSummaryBelow").visible)
        compare(child(child(view, "stepRow2"), "summaryWide").text, "SYN")
        grabImage(view).save("/tmp/portlab-steps-wide.png")
    }
}
