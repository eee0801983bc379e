// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The stage played from the first step to the last, checked against the model's trace at every
// step: each envelope the trace has under way is drawn, at the place the trace says (in a
// host's stack at its layer, on the wire, at the door it was handed to, bounced or dropped), and
// reached it by moving there; every door the recorded world has is drawn, and no other; the
// step's socket is the highlighted door. Then the same steps backwards show the same.
TestCase {
    id: testCase

    name: "StagePlaythrough"
    width: 1000
    height: 700
    visible: true
    when: windowShown

    StagePlayer {
        id: player
    }

    NetworkView {
        id: view

        width: 1000
        height: 700
        hosts: player.hosts
        envelopes: player.envelopes
        focusHost: player.focusHost
        focusSocket: player.focusSocket
        stepDuration: 30
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

    function envelopeItems() {
        return findAll(view.stage, child => child.objectName.startsWith("envelope:"))
    }

    // Every socket of the recorded world at this step, as the hosts model has it.
    function socketsInModel() {
        let ids = []
        for (let row = 0; row < player.hosts.count; ++row) {
            const index = player.hosts.index(row, 0)
            for (const process of player.hosts.data(index, SceneModel.ProcessesRole))
                ids = ids.concat(process.sockets.map(s => s.id))
            ids = ids.concat(player.hosts.data(index, SceneModel.KernelSocketsRole).map(s => s.id))
        }
        return ids.sort((a, b) => a - b)
    }

    function checkStep(step, travelled) {
        // the doors: exactly the recorded world's sockets
        const doors = findAll(view.stage, child => child.objectName === "door")
        compare(doors.map(d => d.socket.id).sort((a, b) => a - b), socketsInModel(), "doors at step " + step)
        const highlighted = doors.filter(d => d.highlighted)
        if (player.focusSocket >= 0 && socketsInModel().indexOf(player.focusSocket) >= 0) {
            compare(highlighted.length, 1, "the step's socket is highlighted at step " + step)
            compare(highlighted[0].socket.id, player.focusSocket)
        } else {
            compare(highlighted.length, 0, "no door highlighted at step " + step)
        }

        // the envelopes: one item per envelope under way, each where the trace puts it
        const rows = player.envelopes
        tryVerify(() => envelopeItems().length === rows.count, 2000,
                  "step " + step + ": " + rows.count + " envelope(s) drawn, not " + envelopeItems().length)
        for (let i = 0; i < rows.count; ++i) {
            const index = rows.index(i, 0)
            const key = rows.data(index, StageEnvelopeModel.KeyRole)
            const item = envelopeItems().find(e => e.key === key)
            verify(item, "step " + step + ": envelope " + key + " is drawn")
            compare(item.place, rows.data(index, StageEnvelopeModel.PlaceRole))
            compare(item.stackLayer, rows.data(index, StageEnvelopeModel.LayerRole))
            compare(item.atHost, rows.data(index, StageEnvelopeModel.AtHostRole))
            // where the view puts that place now (a building may still be laying itself out)
            const wanted = () => view.envelopePoint(item.place, item.atHost, item.stackLayer, item.socketId, item.fromHost, item.toHost)
            verify(wanted() !== null, "step " + step + ": the view knows where " + key + " goes")
            tryVerify(() => !item.moving && Math.abs(item.centerX - wanted().x) < 1 && Math.abs(item.centerY - wanted().y) < 1, 2000,
                      "step " + step + ": " + key + " reaches its place")
            if (item.place === StageEnvelopeModel.Door) {
                const door = view.buildingAt(item.atHost).doorOf(item.socketId)
                verify(door, "step " + step + ": the door of socket " + item.socketId + " exists")
            }
            // A new place is shown by moving there, or, where the envelope stays put (it
            // bounces or drops where it was read), by its mark.
            if (travelled[key] !== undefined && travelled[key].place !== item.place) {
                if (item.place === StageEnvelopeModel.Bounced || item.place === StageEnvelopeModel.Dropped)
                    verify(item.mark.length > 0 && item.note.length > 0, "step " + step + ": " + key + " shows why it goes no further")
                else
                    verify(travelled[key].x !== item.centerX || travelled[key].y !== item.centerY,
                           "step " + step + ": " + key + " moved from one place to the next")
            }
            travelled[key] = {place: item.place, x: item.centerX, y: item.centerY}
        }
    }

    function test_design_scenario_plays_as_the_trace_says() {
        verify(player.load(designScenario, "design.portlab"))
        const steps = player.stepCount
        verify(steps > 50)
        const travelled = {}
        const seen = []
        for (let step = 0; step < steps; ++step) {
            player.jumpTo(step)
            checkStep(step, travelled)
            seen.push(JSON.stringify(envelopeItems().map(e => [e.key, e.place, e.stackLayer]).sort()))
        }
        // SYN, SYN-ACK, ACK; the data and its ACK; each side's FIN and its ACK
        compare(Object.keys(travelled).length, 9, "every envelope of the conversation travelled")
        // backwards: the same envelopes at the same places
        for (let step = steps - 1; step >= 0; --step) {
            player.jumpTo(step)
            checkStep(step, {})
            compare(JSON.stringify(envelopeItems().map(e => [e.key, e.place, e.stackLayer]).sort()), seen[step],
                    "step " + step + " going back")
        }
    }

    // A datagram to a closed port and a segment to a closed port: both bounce where they
    // arrived, and the answer (ICMP, RST) goes back.
    function test_bounces_are_shown_where_they_happen() {
        verify(player.load("host client 10.0.0.2\nhost server 10.0.0.1\nprocess dig on client user alice\n"
                           + "dig: q = socket udp\ndig: sendto q 10.0.0.1:53 \"query\"\n"
                           + "process curl on client user alice\ncurl: c = socket tcp\ncurl: connect c 10.0.0.1:80\n",
                           "closed.portlab"))
        let bounced = 0
        const travelled = {}
        for (let step = 0; step < player.stepCount; ++step) {
            player.jumpTo(step)
            checkStep(step, travelled)
            bounced += envelopeItems().filter(e => e.place === StageEnvelopeModel.Bounced).length
        }
        compare(bounced, 2, "the datagram and the SYN bounce, each at its own step")
    }

    // Zoomed far into a large network the streets and buildings are drawn directly rather than
    // as one picture of hundreds of megabytes; fitted, they are one picture again. Either way
    // the stage keeps playing.
    function test_large_network_zoomed_in_draws_directly() {
        let source = ""
        for (let i = 1; i <= 12; ++i)
            source += "host h" + i + " 10.0.0." + i + "\nprocess p" + i + " on h" + i + " user root\n"
                      + "p" + i + ": s = socket tcp\np" + i + ": bind s 0.0.0.0:80\np" + i + ": listen s\n"
        source += "process c on h1 user root\nc: x = socket tcp\nc: connect x 10.0.0.12:80\n"
        verify(player.load(source, "twelve.portlab"))
        player.toEnd()
        view.fitToView()
        const stage = view.stage
        verify(stage.sceneryPictured, "fitted: one picture")
        while (view.zoom < view.maximumZoom)
            view.zoomIn()
        verify(!stage.sceneryPictured, "at " + view.zoom + "×: drawn directly")
        const travelled = {}
        for (let step = player.stepCount - 30; step < player.stepCount; ++step) {
            player.jumpTo(step)
            checkStep(step, travelled)
        }
        view.fitToView()
        verify(stage.sceneryPictured)
    }

    readonly property string designScenario: "host laptop 192.168.1.10\nhost server 93.184.216.34\n"
        + "process nginx on server user root\nprocess chrome on laptop user alice\n"
        + "nginx: s = socket tcp\nnginx: setsockopt s SO_REUSEADDR 1\nnginx: bind s 0.0.0.0:80\nnginx: listen s\n"
        + "process apache on server user root\napache: t = socket tcp\napache: bind t 0.0.0.0:80\nexpect error EADDRINUSE\n"
        + "chrome: c = socket tcp\nchrome: connect c 93.184.216.34:80\nexpect c port 32768-60999\n"
        + "nginx: a = accept s\nexpect nginx.a local 93.184.216.34:80\n"
        + "chrome: send c \"GET / HTTP/1.1\"\nnginx: recv a\nchrome: close c\nnginx: close a\n"
}
