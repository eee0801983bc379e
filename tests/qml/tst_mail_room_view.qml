// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The mail room shows the kernel's lookup as the model describes it: the envelope's address,
// each socket-table row with its verdict, the chosen one marked, and what happens when none
// takes the envelope. The lookups below are shaped like the model's.
TestCase {
    id: testCase

    name: "MailRoomView"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: viewComponent

        MailRoomView {
            width: 500
            height: 560
        }
    }

    // A SYN from the laptop to the server's port 80, taken by nginx's wildcard listener.
    readonly property var synToListener: ({
        host: 1, hostName: "server", protocol: "tcp",
        envelope: "TCP SYN 192.168.1.10:51234 → 93.184.216.34:80",
        source: "192.168.1.10:51234", destination: "93.184.216.34:80",
        rows: [
            {socketId: 3, description: "redis (pid 900) tcp 127.0.0.1:80", local: "127.0.0.1:80", remote: "",
             state: "LISTEN", match: "wrong address", matchText: "bound to 127.0.0.1, the envelope is for 93.184.216.34",
             score: -1, chosen: false},
            {socketId: 4, description: "nginx (pid 1000) tcp 0.0.0.0:80", local: "0.0.0.0:80", remote: "",
             state: "LISTEN", match: "wildcard listener", matchText: "listens on port 80 on every address",
             score: 1, chosen: true}
        ],
        chosenSocket: 4, outcome: "delivered",
        reason: "nginx's listening socket takes the SYN: a new connection begins.", consequence: ""
    })

    // Data on an established connection: the four-tuple row wins over the listener.
    readonly property var dataToConnection: ({
        host: 1, hostName: "server", protocol: "tcp",
        envelope: "TCP DATA 192.168.1.10:51234 → 93.184.216.34:80 \"GET / HTTP/1.1\"",
        source: "192.168.1.10:51234", destination: "93.184.216.34:80",
        rows: [
            {socketId: 7, description: "nginx (pid 1000) tcp 93.184.216.34:80 ↔ 192.168.1.11:40000",
             local: "93.184.216.34:80", remote: "192.168.1.11:40000", state: "ESTAB", match: "wrong peer",
             matchText: "its connection is with 192.168.1.11:40000", score: -1, chosen: false},
            {socketId: 8, description: "nginx (pid 1000) tcp 93.184.216.34:80 ↔ 192.168.1.10:51234",
             local: "93.184.216.34:80", remote: "192.168.1.10:51234", state: "ESTAB", match: "four-tuple",
             matchText: "this exact connection", score: 4, chosen: true},
            {socketId: 4, description: "nginx (pid 1000) tcp 0.0.0.0:80", local: "0.0.0.0:80", remote: "",
             state: "LISTEN", match: "outscored", matchText: "a listener; the connection's own socket matches exactly",
             score: 1, chosen: false}
        ],
        chosenSocket: 8, outcome: "delivered",
        reason: "The connection's socket takes the data; nginx reads it with recv().", consequence: ""
    })

    // A UDP datagram to a port no socket is bound to.
    readonly property var udpToClosedPort: ({
        host: 1, hostName: "server", protocol: "udp",
        envelope: "UDP 192.168.1.10:40000 → 93.184.216.34:53 (12 bytes)",
        source: "192.168.1.10:40000", destination: "93.184.216.34:53",
        rows: [
            {socketId: 5, description: "named (pid 1200) udp 127.0.0.1:53", local: "127.0.0.1:53", remote: "",
             state: "UNCONN", match: "wrong address", matchText: "bound to 127.0.0.1 only", score: -1, chosen: false}
        ],
        chosenSocket: -1, outcome: "rejected",
        reason: "No UDP socket takes port 53 on 93.184.216.34.", consequence: "ICMP port unreachable"
    })

    // A SYN to a port nothing listens on.
    readonly property var synToClosedPort: ({
        host: 1, hostName: "server", protocol: "tcp",
        envelope: "TCP SYN 192.168.1.10:51235 → 93.184.216.34:8080",
        source: "192.168.1.10:51235", destination: "93.184.216.34:8080",
        rows: [],
        chosenSocket: -1, outcome: "rejected",
        reason: "No socket listens on TCP port 8080.", consequence: "RST"
    })

    readonly property var droppedByFirewall: ({
        host: 1, hostName: "server", protocol: "tcp",
        envelope: "TCP SYN 192.168.1.10:51236 → 93.184.216.34:23",
        source: "192.168.1.10:51236", destination: "93.184.216.34:23",
        rows: [],
        chosenSocket: -1, outcome: "dropped",
        reason: "The firewall drops TCP to port 23 before the mail room sees it; the sender hears nothing.",
        consequence: ""
    })

    function cleanup() {
        Theme.look = Theme.Light
        Theme.reducedMotion = false
    }

    // Shown at once (stepDuration 0), so the assertions see the final picture.
    function makeView(mailRoom, duration) {
        const view = createTemporaryObject(viewComponent, testCase,
                                           {mailRoom: mailRoom, stepDuration: duration === undefined ? 0 : duration})
        verify(view)
        return view
    }

    function child(parent, name) {
        const item = findChild(parent, name)
        verify(item, "no item named " + name)
        return item
    }

    function settle(view) {
        const rows = view.rows.length
        for (let i = 0; i < rows; ++i)
            tryCompare(child(view, "row" + i), "opacity", 1)
        tryCompare(child(view, "banner"), "opacity", 1)
    }

    function test_empty_shows_a_hint() {
        const view = makeView({})
        verify(child(view, "hint").visible)
        verify(child(view, "hint").text.indexOf("Step to an envelope") >= 0)
        verify(!child(view, "banner").visible, "no banner without a lookup")
        view.mailRoom = synToListener
        verify(!child(view, "hint").visible)
        verify(child(view, "banner").visible)
    }

    function test_syn_taken_by_wildcard_listener() {
        const view = makeView(synToListener)
        settle(view)
        compare(child(view, "title").text, "Mail room of server")
        compare(child(view, "destinationLabel").text, "→ 93.184.216.34:80")
        compare(child(view, "sourceLabel").text, "from 192.168.1.10:51234")
        compare(child(view, "sourceLabel").font.pixelSize, Theme.fontTitle, "TCP's source is part of the key")
        compare(child(view, "protocolTag").text, "TCP")
        const wrong = child(view, "row0")
        const chosen = child(view, "row1")
        compare(child(wrong, "sign").text, "✗")
        verify(child(wrong, "description").font.strikeout, "a row that cannot take it is struck through")
        compare(child(wrong, "reason").text, "✗ wrong address: bound to 127.0.0.1, the envelope is for 93.184.216.34")
        compare(child(chosen, "sign").text, "✓")
        verify(!child(chosen, "description").font.strikeout)
        compare(child(chosen, "reason").text, "✓ chosen: wildcard listener — listens on port 80 on every address")
        compare(chosen.border.width, Theme.borderWidthStrong)
        verify(wrong.border.width < chosen.border.width)
        compare(child(view, "bannerTitle").text, "✓ Delivered")
        compare(child(view, "bannerReason").text, synToListener.reason)
        grabImage(view).save("/tmp/portlab-mailroom-syn.png")
    }

    function test_four_tuple_wins_over_listener() {
        const view = makeView(dataToConnection)
        settle(view)
        const peer = child(view, "row0")
        const connection = child(view, "row1")
        const listener = child(view, "row2")
        compare(child(connection, "reason").text, "✓ chosen: four-tuple — this exact connection")
        compare(connection.border.width, Theme.borderWidthStrong)
        compare(child(peer, "sign").text, "✗")
        verify(child(peer, "description").font.strikeout)
        // the listener could have taken it: not struck through, but not chosen, and says why
        compare(child(listener, "sign").text, "○")
        verify(!child(listener, "description").font.strikeout)
        verify(child(listener, "reason").text.indexOf("outscored") >= 0)
        verify(connection.Accessible.name.indexOf("Chosen") === 0, connection.Accessible.name)
        Theme.look = Theme.Dark
        grabImage(view).save("/tmp/portlab-mailroom-data-dark.png")
    }

    function test_udp_to_closed_port_gets_icmp() {
        const view = makeView(udpToClosedPort)
        settle(view)
        compare(child(view, "protocolTag").text, "UDP")
        compare(child(view, "sourceLabel").font.pixelSize, Theme.fontLabel, "UDP is looked up by destination")
        verify(child(view, "lookupKey").text.indexOf("UDP looks at the destination") === 0)
        compare(child(child(view, "row0"), "sign").text, "✗")
        compare(child(view, "bannerTitle").text, "↩ ICMP port unreachable goes back to the sender")
        compare(child(view, "bannerReason").text, "No UDP socket takes port 53 on 93.184.216.34.")
        grabImage(view).save("/tmp/portlab-mailroom-udp.png")
    }

    function test_tcp_to_closed_port_gets_rst() {
        const view = makeView(synToClosedPort)
        settle(view)
        compare(child(view, "rowList").count, 0)
        compare(child(view, "bannerTitle").text, "↩ The kernel answers with RST")
        compare(child(view, "bannerReason").text, "No socket listens on TCP port 8080.")
        compare(child(view, "banner").border.color, Theme.bounced)
        Theme.look = Theme.Projector
        grabImage(view).save("/tmp/portlab-mailroom-rst-projector.png")
    }

    function test_dropped_says_why() {
        const view = makeView(droppedByFirewall)
        settle(view)
        compare(child(view, "bannerTitle").text, "✗ Dropped")
        verify(child(view, "bannerReason").text.indexOf("firewall") >= 0)
        compare(child(view, "banner").border.color, Theme.dropped)
    }

    function test_rows_appear_in_lookup_order() {
        const view = makeView(dataToConnection, 1200)
        const first = child(view, "row0")
        const last = child(view, "row2")
        // the last row waits its turn, slid aside, while the first is already coming
        compare(last.opacity, 0)
        verify(last.slide < 0)
        compare(child(view, "banner").opacity, 0, "the answer comes after the search")
        tryVerify(() => first.opacity > 0, 1000)
        verify(last.opacity === 0, "row 3 still hidden when row 1 shows")
        tryCompare(last, "opacity", 1, 3000)
        compare(last.slide, 0)
        tryCompare(child(view, "banner"), "opacity", 1, 3000)
    }

    function test_reduced_motion_fades_without_stagger() {
        Theme.reducedMotion = true
        const view = makeView(dataToConnection, 1200)
        const last = child(view, "row2")
        compare(last.delay, 0)
        compare(last.slide, 0, "no movement")
        tryCompare(last, "opacity", 1, 1000)
        tryCompare(child(view, "banner"), "opacity", 1, 1000)
    }

    function test_new_lookup_replays() {
        const view = makeView(synToListener)
        settle(view)
        view.mailRoom = synToClosedPort
        compare(child(view, "bannerTitle").text, "↩ The kernel answers with RST")
        tryCompare(child(view, "banner"), "opacity", 1)
        view.mailRoom = {}
        verify(child(view, "hint").visible)
    }
}
