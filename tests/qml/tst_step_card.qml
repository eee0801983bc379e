// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The current step when it is no envelope's: a statement and its result (the errno large when
// it failed), a call still under way, or a change inside a host, in a sentence.
TestCase {
    id: testCase

    name: "StepCard"
    width: 520
    height: 400
    visible: true
    when: windowShown

    Component {
        id: card

        StepCard {
            width: 520
            height: 400
        }
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

    function shown(item, objectName) {
        const found = findAll(item, child => child.objectName === objectName)
        return found.length === 1 ? found[0].text : null
    }

    function test_failed_bind_shows_its_errno_large() {
        const view = createTemporaryObject(card, testCase, {step: {
            kind: "call", line: 12, statement: "apache: bind t 0.0.0.0:80", ok: false, errno: "EADDRINUSE", finished: true,
            message: "nginx (pid 1000) is listening on tcp 0.0.0.0:80", caption: "apache: bind t 0.0.0.0:80 → EADDRINUSE"}})
        waitForRendering(view)
        compare(shown(view, "statement"), "apache: bind t 0.0.0.0:80")
        compare(shown(view, "statementLine"), "line 12")
        compare(shown(view, "errno"), "EADDRINUSE")
        compare(shown(view, "resultSign"), "✗")
        verify(shown(view, "message").indexOf("nginx") >= 0)
        const errno = findAll(view, child => child.objectName === "errno")[0]
        const message = findAll(view, child => child.objectName === "message")[0]
        verify(errno.font.pixelSize > message.font.pixelSize, "the errno is the largest thing on the card")
        compare(view.border.color, Theme.problemBorder)
        grabImage(view).save("/tmp/stepcard_failed.png")
    }

    function test_success_shows_a_tick_and_no_errno() {
        const view = createTemporaryObject(card, testCase, {step: {
            kind: "call", line: 8, statement: "nginx: bind s 0.0.0.0:80", ok: true, errno: "", finished: true,
            message: "tcp 0.0.0.0:80 now belongs to nginx (pid 1000)", caption: "…"}})
        compare(shown(view, "resultSign"), "✓")
        compare(shown(view, "errno"), null)
        compare(shown(view, "message"), "tcp 0.0.0.0:80 now belongs to nginx (pid 1000)")
    }

    // A call that puts envelopes on the network has no result until its return step.
    function test_call_under_way_promises_what_follows() {
        const view = createTemporaryObject(card, testCase, {step: {
            kind: "call", line: 15, statement: "chrome: connect c 93.184.216.34:80", ok: true, errno: "", message: "",
            finished: false, caption: "…"}})
        verify(shown(view, "waiting") !== null)
        compare(shown(view, "resultSign"), null)
    }

    // A tool's statement (ss) prints a table and no sentence: it is finished, not waiting.
    function test_tool_output_is_shown_as_printed() {
        const table = "State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\nLISTEN 0      511          0.0.0.0:80         0.0.0.0:*"
        const view = createTemporaryObject(card, testCase, {step: {
            kind: "call", line: 21, statement: "ss server -tanp", ok: true, errno: "", message: "", finished: true,
            output: table, caption: "ss server -tanp"}})
        compare(shown(view, "output"), table)
        compare(shown(view, "waiting"), null)
        compare(findAll(view, child => child.objectName === "output")[0].font.family, Theme.monoFamily)
    }

    function test_event_inside_a_host_is_a_sentence() {
        const view = createTemporaryObject(card, testCase, {step: {
            kind: "port-chosen", line: 15, statement: "chrome: connect c 93.184.216.34:80", ok: true, errno: "",
            message: "", caption: "laptop: the kernel chose tcp port 58084 for connect() to 93.184.216.34:80"}})
        compare(shown(view, "statement"), null)
        compare(shown(view, "message"), "laptop: the kernel chose tcp port 58084 for connect() to 93.184.216.34:80")
    }

    function test_nothing_yet_says_how_to_start() {
        const view = createTemporaryObject(card, testCase, {step: {}})
        verify(view.empty)
        verify(view.Accessible.name.indexOf("Space") >= 0)
        compare(shown(view, "message"), null)
    }
}
