// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The stage's network: buildings laid out without overlap for 1 to 12 hosts, the link under
// them, envelopes at their places and moving between them, zoom, pan, dragging a host, and the
// highlight of the step's host and socket.
TestCase {
    id: testCase

    name: "NetworkView"
    width: 760
    height: 560
    visible: true
    when: windowShown

    Component {
        id: playerComponent

        StagePlayer {}
    }

    Component {
        id: viewComponent

        NetworkView {
            width: 760
            height: 560
            stepDuration: 300
        }
    }

    // envelopes as the stage's envelope model gives them, to put them exactly where a test wants
    ListModel {
        id: envelopeRows
    }

    function cleanup() {
        envelopeRows.clear()
        Theme.reducedMotion = false
        Theme.look = Theme.Light
    }

    // A scenario with `n` hosts, a web server on the first and a client connecting from each
    // of the others.
    function scenario(n) {
        let text = ""
        for (let i = 0; i < n; ++i)
            text += "host h" + i + " 10.0.0." + (i + 1) + "\n"
        text += "process web on h0 user root\nweb: s = socket tcp\nweb: bind s 0.0.0.0:80\nweb: listen s\n"
        for (let i = 1; i < n; ++i)
            text += "process c" + i + " on h" + i + " user u\nc" + i + ": t = socket tcp\nc" + i
                    + ": connect t 10.0.0.1:80\n"
        return text
    }

    // `n` hosts alike: one process with one UDP port each, so every building has the same height.
    function plainScenario(n) {
        let text = ""
        for (let i = 0; i < n; ++i)
            text += "host h" + i + " 10.0.0." + (i + 1) + "\n"
        for (let i = 0; i < n; ++i)
            text += "process p" + i + " on h" + i + " user u\np" + i + ": s = socket udp\np" + i + ": bind s 0.0.0.0:5000\n"
        return text
    }

    function createPlayer(source) {
        const player = createTemporaryObject(playerComponent, testCase)
        verify(player, "StagePlayer")
        if (source === undefined)
            player.loadExample()
        else
            verify(player.load(source, "test.portlab"), player.errorText)
        player.toEnd()   // every host and socket there is
        verify(player.hosts.count > 0)
        return player
    }

    function createView(player, extra) {
        const properties = {hosts: player.hosts, envelopes: player.envelopes}
        for (const key in extra || {})
            properties[key] = extra[key]
        const view = createTemporaryObject(viewComponent, testCase, properties)
        verify(view, "NetworkView")
        tryVerify(() => view.buildingCount === player.hosts.count, 2000)
        waitForLayout(view)
        return view
    }

    // The buildings' offices are placed on the next turn of the event loop; the view fits
    // itself once they are.
    function waitForLayout(view) {
        let last = ""
        for (let i = 0; i < 40; ++i) {
            wait(30)
            const now = JSON.stringify(buildings(view).map(b => [b.x, b.y, b.height])) + view.zoom + view.panX
            if (now === last)
                break
            last = now
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

    function findOne(item, objectName) {
        const found = findAll(item, child => child.objectName === objectName)
        compare(found.length, 1, "exactly one item named " + objectName)
        return found[0]
    }

    function buildings(view) {
        return findAll(view.stage, child => child.objectName.startsWith("building:"))
            .sort((a, b) => a.hostIndex - b.hostIndex)
    }

    function envelopes(view) {
        return findAll(view.stage, child => child.objectName.startsWith("envelope:"))
    }

    // in the view's coordinates
    function rectOf(item, view) {
        const a = item.mapToItem(view, 0, 0)
        const b = item.mapToItem(view, item.width, item.height)
        return {x: a.x, y: a.y, right: b.x, bottom: b.y}
    }

    function overlap(a, b) {
        return a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom
    }

    function envelopeRow(changes) {
        const row = {
            key: "1/1", envelopeId: 1, label: "SYN", protocol: "tcp", fromHost: 0, toHost: 1, atHost: 0,
            place: StageEnvelopeModel.Stack, layer: StageEnvelopeModel.Transport, goingDown: true,
            socketId: -1, note: "", summary: "", sourcePort: 51234, destinationPort: 80,
        }
        for (const key in changes || {})
            row[key] = changes[key]
        return row
    }

    // After its place changed: it starts moving (or fading), then arrives.
    function waitForMove(envelope) {
        tryVerify(() => envelope.moving, 1000, "it starts moving")
        tryVerify(() => !envelope.moving, 3000, "it arrives")
    }

    function stagePointOf(envelope) {
        return Qt.point(envelope.centerX, envelope.centerY)
    }

    // --- layout ------------------------------------------------------------------------------

    function test_example_shows_both_hosts_on_one_street() {
        const view = createView(createPlayer())
        const shown = buildings(view)
        compare(shown.map(b => findOne(b, "hostName").text), ["laptop", "server"])
        compare(findAll(view.stage, child => child.objectName === "street").length, 1)
        verify(shown[0].x + shown[0].width < shown[1].x, "side by side")
        compare(shown[0].y + shown[0].height, shown[1].y + shown[1].height)   // standing on the street
    }

    function test_layout_has_no_overlap_and_fits_data() {
        return [
            {tag: "1 host", hosts: 1, rows: 1},
            {tag: "2 hosts", hosts: 2, rows: 1},
            {tag: "6 hosts", hosts: 6, rows: 2},
            {tag: "12 hosts", hosts: 12, rows: 3},
        ]
    }

    function test_layout_has_no_overlap_and_fits(data) {
        const view = createView(createPlayer(scenario(data.hosts)))
        const shown = buildings(view)
        compare(shown.length, data.hosts)
        compare(findAll(view.stage, child => child.objectName === "street").length, data.rows)
        const rects = shown.map(b => rectOf(b, view))
        for (let i = 0; i < rects.length; ++i) {
            // inside the view: it starts fitted
            verify(rects[i].x >= 0 && rects[i].y >= 0 && rects[i].right <= view.width
                   && rects[i].bottom <= view.height, "host " + i + " is in view: " + JSON.stringify(rects[i]))
            for (let j = i + 1; j < rects.length; ++j)
                verify(!overlap(rects[i], rects[j]), "hosts " + i + " and " + j + " overlap")
        }
        // the streets do not run through any building
        for (const street of findAll(view.stage, child => child.objectName === "street")) {
            for (let i = 0; i < rects.length; ++i)
                verify(!overlap(rectOf(street, view), rects[i]), "a street runs through host " + i)
        }
        // every cable ends on a street
        for (const b of shown) {
            const onStreet = view.grid.streets.some(y => Math.abs(y - b.street.y) < 0.5)
            verify(onStreet, b.name + "'s cable ends on a street")
            verify(b.street.y > b.y + b.height, b.name + " stands above its street")
        }
        grabImage(view).save("/tmp/nv_" + data.hosts + "hosts.png")
        // zoomed in on the first host
        view.zoomAt(1, rects[0].x, rects[0].y)
        view.panX -= rects[0].x - 10
        view.panY -= rects[0].y - 10
        wait(50)
        grabImage(view).save("/tmp/nv_" + data.hosts + "hosts_zoomed.png")
    }

    // A host's slot depends on its index, not on how many hosts there are.
    function test_hosts_keep_their_place_when_others_are_added() {
        const six = buildings(createView(createPlayer(plainScenario(6)))).map(b => [b.x, b.y])
        const twelve = buildings(createView(createPlayer(plainScenario(12)))).map(b => [b.x, b.y])
        compare(twelve.slice(0, 6), six)
        compare(new Set(six.map(p => p.join())).size, 6)
    }

    // --- focus and selection -----------------------------------------------------------------

    function test_focus_host_and_socket_are_highlighted() {
        const player = createPlayer()
        const view = createView(player)
        compare(findAll(view.stage, child => child.objectName === "focusTag").length, 0)
        const server = buildings(view)[1]
        const sshd = findAll(server, child => child.objectName === "door").filter(door => door.port === 22)[0]
        view.focusHost = 1
        view.focusSocket = sshd.socket.id
        wait(50)
        const tags = findAll(view.stage, child => child.objectName === "focusTag")
        compare(tags.length, 1)
        verify(server.focused)
        verify(!buildings(view)[0].focused)
        verify(findOne(server, "focusOutline").border.width >= 2 * Theme.borderWidthStrong)
        const highlighted = findAll(view.stage, child => child.objectName === "doorHighlight")
        compare(highlighted.length, 1)
        compare(highlighted[0].parent, sshd)
        // the tag is in view, above the building
        const tag = rectOf(tags[0], view)
        verify(tag.y >= 0 && tag.bottom <= rectOf(server, view).y,
               JSON.stringify(tag) + " above " + JSON.stringify(rectOf(server, view)))
    }

    function test_clicking_a_building_selects_it() {
        const view = createView(createPlayer())
        const spy = createTemporaryObject(signalSpyComponent, testCase, {target: view, signalName: "hostClicked"})
        const server = buildings(view)[1]
        const front = findOne(server, "hostName")
        mouseClick(front, 10, 10)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 1)
        view.selectedHost = 1
        verify(findOne(server, "selectedTag").visible)
    }

    Component {
        id: signalSpyComponent

        SignalSpy {}
    }

    // --- zoom and pan ------------------------------------------------------------------------

    // The keyboard's focus ring is seen around its building, also while the scenery is drawn
    // as a picture over the buildings that take the keyboard, and at any zoom.
    function test_keyboard_focus_ring_is_drawn() {
        const view = createView(createPlayer())
        const laptop = buildings(view)[0]
        const ring = Qt.lighter(Theme.focusRing, 1)   // the colour's components
        const ringLeftOf = building => {
            const r = rectOf(building, view)
            const image = grabImage(testCase)
            for (let dx = 1; dx <= 6; ++dx) {
                const at = view.mapToItem(testCase, r.x - dx, (r.y + r.bottom) / 2)
                const c = image.pixel(Math.round(at.x), Math.round(at.y))
                if (c !== undefined && Math.abs(c.r - ring.r) + Math.abs(c.g - ring.g) + Math.abs(c.b - ring.b) < 0.1)
                    return true
            }
            return false
        }
        verify(view.stage.sceneryPictured)
        verify(!ringLeftOf(laptop), "no ring before it has the focus")
        laptop.forceActiveFocus()
        tryVerify(() => ringLeftOf(laptop), 2000, "a ring around the focused building")
        const before = rectOf(laptop, view)
        view.zoomAt(view.zoom * 1.25, before.x, before.y)   // its corner stays where it is
        tryVerify(() => ringLeftOf(laptop), 2000, "zoomed in, the ring follows")
        laptop.focus = false
        tryVerify(() => !ringLeftOf(laptop), 2000, "gone with the focus")
    }

    function test_zoom_buttons_change_the_scale() {
        const view = createView(createPlayer())
        const fitted = view.zoom
        verify(fitted > 0.3 && fitted <= 1.25, "fitted zoom " + fitted)
        const server = buildings(view)[1]
        const before = rectOf(server, view)
        mouseClick(findOne(view, "zoomIn"))
        fuzzyCompare(view.zoom, fitted * 1.25, 0.001)
        const after = rectOf(server, view)
        const picture = rectOf(findOne(view, "sceneryPicture"), view)
        const scenery = rectOf(findOne(view, "scenery"), view)
        fuzzyCompare(picture.right, scenery.right, 1)   // the picture covers the scenery, scaled alike
        fuzzyCompare(picture.bottom, scenery.bottom, 1)
        fuzzyCompare(after.right - after.x, (before.right - before.x) * 1.25, 0.5)
        compare(findOne(view, "zoomLevel").text, Math.round(view.zoom * 100) + " %")
        mouseClick(findOne(view, "zoomOut"))
        mouseClick(findOne(view, "zoomOut"))
        fuzzyCompare(view.zoom, fitted / 1.25, 0.001)
        mouseClick(findOne(view, "zoomFit"))
        fuzzyCompare(view.zoom, fitted, 0.001)
    }

    // Ctrl+wheel zooms about the pointer: what is under it stays under it.
    function test_ctrl_wheel_zooms_about_the_pointer() {
        const view = createView(createPlayer())
        const fitted = view.zoom
        const px = 300, py = 250
        const stageX = (px - view.panX) / view.zoom
        const stageY = (py - view.panY) / view.zoom
        mouseWheel(view, px, py, 0, 120, Qt.NoButton, Qt.ControlModifier)
        verify(view.zoom > fitted, "zoomed in: " + view.zoom)
        fuzzyCompare((px - view.panX) / view.zoom, stageX, 0.01)
        fuzzyCompare((py - view.panY) / view.zoom, stageY, 0.01)
        // without Ctrl the wheel pans
        const zoom = view.zoom
        const panY = view.panY
        mouseWheel(view, px, py, 0, -120)
        compare(view.zoom, zoom)
        verify(view.panY < panY, "scrolled down")
    }

    function test_keys_zoom() {
        const view = createView(createPlayer())
        const fitted = view.zoom
        view.forceActiveFocus()
        keyClick(Qt.Key_Plus)
        fuzzyCompare(view.zoom, fitted * 1.25, 0.001)
        keyClick(Qt.Key_0)
        fuzzyCompare(view.zoom, fitted, 0.001)
    }

    function test_dragging_empty_space_pans() {
        const view = createView(createPlayer())
        const zoom = view.zoom
        const x = view.panX, y = view.panY
        // the empty corner below left, under the street's label
        mouseDrag(view, 8, view.height - 8, 120, -60)
        fuzzyCompare(view.panX, x + 120, 1)
        fuzzyCompare(view.panY, y - 60, 1)
        compare(view.zoom, zoom)
        verify(!view.autoFit, "the viewer moved the view: it no longer fits itself")
    }

    function test_starts_fitted_and_refits_on_resize() {
        const view = createView(createPlayer(scenario(6)))
        const zoom = view.zoom
        view.width = 380
        view.height = 280
        tryVerify(() => view.zoom < zoom * 0.6, 1000, "fits the smaller view")
        for (const b of buildings(view)) {
            const r = rectOf(b, view)
            verify(r.x >= 0 && r.right <= view.width && r.y >= 0 && r.bottom <= view.height)
        }
    }

    // --- dragging a host ---------------------------------------------------------------------

    function test_dragging_a_host_moves_it_its_cable_and_its_envelopes() {
        const view = createView(createPlayer(), {envelopes: envelopeRows})
        const laptop = buildings(view)[0]
        envelopeRows.append(envelopeRow({atHost: 0, layer: StageEnvelopeModel.Network}))
        tryVerify(() => envelopes(view).length === 1)
        const envelope = envelopes(view)[0]
        tryVerify(() => envelope.opacity === 1)
        const envelopeBefore = stagePointOf(envelope)
        const x = laptop.x, y = laptop.y
        const streetX = laptop.street.x
        // down (off its street row: its cable must reach over) and to the left
        const front = findOne(laptop, "hostName")
        const pan = Qt.point(view.panX, view.panY)
        mouseDrag(front, 20, 10, -20, 120)
        const moved = Qt.point(laptop.x - x, laptop.y - y)
        // the building moves, not the view under it
        compare(view.panX, pan.x)
        compare(view.panY, pan.y)
        verify(moved.x < -10 / view.zoom && moved.y > 60 / view.zoom, "it moved: " + JSON.stringify(moved))
        // its cable follows: it starts at its Link floor and ends on the street
        const street = laptop.street
        fuzzyCompare(street.x, streetX + moved.x, 0.5)
        fuzzyCompare(street.y, view.grid.streets[0], 0.5)
        // (the cable is a bar rotated about its top, which sits on the Link floor's tap)
        const cable = findOne(laptop, "cable")
        fuzzyCompare(cable.y, laptop.linkTap.y, 0.5)
        const end = cable.mapToItem(laptop, cable.width / 2, cable.height)
        fuzzyCompare(laptop.x + end.x, street.x, 0.5)
        fuzzyCompare(laptop.y + end.y, street.y, 0.5)
        verify(laptop.y + end.y < laptop.y + laptop.height, "the cable goes up to the street now")
        // its envelope follows at once
        tryCompare(envelope, "centerX", envelopeBefore.x + moved.x)
        fuzzyCompare(envelope.centerY, envelopeBefore.y + moved.y, 0.01)
        // it stays where it was put when the model changes
        envelopeRows.setProperty(0, "label", "DATA")
        wait(50)
        compare(laptop.x, x + moved.x)
    }

    // The buildings are drawn from a copy of them (Scenery's pictureOf), which stands where
    // they stand: also while one is being dragged (its DragHandler moves it), before it is let
    // go and its place remembered.
    function test_the_picture_follows_a_building_that_moves() {
        const view = createView(createPlayer())
        const laptop = buildings(view)[0]
        const front = findOne(laptop, "hostName")
        const signColour = () => {
            const onSign = front.mapToItem(testCase, -4, front.height / 2)
            return grabImage(testCase).pixel(Math.round(onSign.x), Math.round(onSign.y))
        }
        tryVerify(() => Qt.colorEqual(signColour(), Theme.buildingFront), 2000, "the sign left of the host's name")
        laptop.y += 150
        tryVerify(() => Qt.colorEqual(signColour(), Theme.buildingFront), 2000, "the picture shows it where it is now")
    }

    // --- envelopes ---------------------------------------------------------------------------

    function test_envelope_goes_to_its_place() {
        const view = createView(createPlayer(), {envelopes: envelopeRows})
        const [laptop, server] = buildings(view)
        envelopeRows.append(envelopeRow({atHost: 0, place: StageEnvelopeModel.Stack, layer: StageEnvelopeModel.Transport}))
        tryVerify(() => envelopes(view).length === 1)
        const envelope = envelopes(view)[0]
        tryVerify(() => envelope.opacity === 1)
        const atTransport = laptop.floorCenter(StageEnvelopeModel.Transport)
        compare(envelope.centerX, laptop.x + atTransport.x)
        compare(envelope.centerY, laptop.y + atTransport.y)
        compare(envelope.wraps, 1)

        // down to the Link floor: it moves, through positions in between
        envelopeRows.setProperty(0, "layer", StageEnvelopeModel.Link)
        tryVerify(() => envelope.moving, 500)
        wait(100)
        const atLink = laptop.floorCenter(StageEnvelopeModel.Link)
        verify(envelope.centerY > laptop.y + atTransport.y && envelope.centerY < laptop.y + atLink.y,
               "half way down: " + envelope.centerY)
        tryVerify(() => !envelope.moving, 2000)
        compare(envelope.centerY, laptop.y + atLink.y)
        compare(envelope.wraps, 3)

        // on the wire: between the two buildings, on the street
        envelopeRows.set(0, {place: StageEnvelopeModel.Wire})
        waitForMove(envelope)
        fuzzyCompare(envelope.centerY, laptop.street.y, 0.01)
        verify(envelope.centerX > laptop.x + laptop.width && envelope.centerX < server.x,
               "between the buildings: " + envelope.centerX)
        const envelopeRect = rectOf(envelope, view)
        verify(!overlap(envelopeRect, rectOf(laptop, view)) && !overlap(envelopeRect, rectOf(server, view)),
               "on the street, clear of both buildings")

        // at the server's door for port 80 (nginx's listener): delivered
        const door = findAll(server, child => child.objectName === "door")
            .filter(d => d.port === 80 && d.kind === SceneModel.Listening)[0]
        envelopeRows.set(0, {place: StageEnvelopeModel.Door, atHost: 1, layer: StageEnvelopeModel.Application,
                             socketId: door.socket.id})
        waitForMove(envelope)
        const doorPoint = server.doorPoint(door.socket.id)
        compare(envelope.centerX, server.x + doorPoint.x)
        compare(envelope.centerY, server.y + doorPoint.y)
        compare(findOne(envelope, "markText").text, "✓")
        // drawn on the door, at the zoom's size, also after zooming in (it is in no scaled item)
        for (const zoomed of [false, true]) {
            if (zoomed)
                mouseClick(findOne(view, "zoomIn"))
            const drawnAt = envelope.mapToItem(view, envelope.width / 2, envelope.height / 2)
            const doorAt = server.mapToItem(view, doorPoint.x, doorPoint.y)
            fuzzyCompare(drawnAt.x, doorAt.x, 0.01)
            fuzzyCompare(drawnAt.y, doorAt.y, 0.01)
            const drawn = rectOf(envelope, view)
            fuzzyCompare(drawn.right - drawn.x, envelope.unitWidth * view.zoom, 0.01)
        }

        // bounced: at the server's mail room, with its note
        envelopeRows.set(0, {place: StageEnvelopeModel.Bounced, layer: StageEnvelopeModel.Transport,
                             socketId: -1, note: "no socket on port 81: RST"})
        waitForMove(envelope)
        compare(envelope.centerY, server.y + server.floorCenter(StageEnvelopeModel.Transport).y)
        compare(findOne(envelope, "markText").text, "↩")
        compare(findOne(envelope, "noteText").text, "↩ no socket on port 81: RST")
    }

    function test_reduced_motion_jumps_instead_of_moving() {
        Theme.reducedMotion = true
        const view = createView(createPlayer(), {envelopes: envelopeRows})
        const [laptop, server] = buildings(view)
        envelopeRows.append(envelopeRow({atHost: 0, layer: StageEnvelopeModel.Link}))
        tryVerify(() => envelopes(view).length === 1)
        const envelope = envelopes(view)[0]
        tryVerify(() => envelope.opacity === 1)
        const seen = []
        const record = () => seen.push(envelope.centerX)
        envelope.centerXChanged.connect(record)
        envelopeRows.set(0, {atHost: 1})
        tryVerify(() => !envelope.moving && envelope.opacity === 1 && seen.length > 0, 2000)
        compare(seen, [server.x + server.floorCenter(StageEnvelopeModel.Link).x])
        envelope.centerXChanged.disconnect(record)
        verify(laptop.x < server.x)
    }

    // The real player: stepping through the example puts envelopes on the stage at real places.
    function test_player_envelopes_are_shown() {
        const player = createPlayer()
        const view = createView(player)
        player.toStart()
        let steps = 0
        while (player.envelopes.count === 0 && steps++ < player.stepCount)
            player.stepForward()
        verify(player.envelopes.count > 0, "the example puts envelopes under way")
        view.focusHost = player.focusHost
        view.focusSocket = player.focusSocket
        tryVerify(() => envelopes(view).length === player.envelopes.count)
        for (const envelope of envelopes(view)) {
            verify(envelope.targetKnown, envelope.key + " has a place")
            tryVerify(() => envelope.opacity === 1)
        }
        wait(50)
        grabImage(view).save("/tmp/nv_player_a.png")
        // a few steps on: envelopes moved
        const before = envelopes(view).map(e => e.key + "@" + e.centerX + "," + e.centerY).join(" ")
        for (let i = 0; i < 3; ++i)
            player.stepForward()
        wait(400)
        const after = envelopes(view).map(e => e.key + "@" + e.centerX + "," + e.centerY).join(" ")
        verify(before !== after, "the envelopes moved: " + before + " / " + after)
        for (let i = 0; i < 6; ++i)
            player.stepForward()
        view.focusHost = player.focusHost
        view.focusSocket = player.focusSocket
        wait(700)
        grabImage(view).save("/tmp/nv_player_b.png")
    }

    // --- looks -------------------------------------------------------------------------------

    function test_screenshots() {
        const view = createView(createPlayer(), {envelopes: envelopeRows, focusHost: 1})
        const server = buildings(view)[1]
        const door = findAll(server, child => child.objectName === "door").filter(d => d.port === 22)[0]
        view.focusSocket = door.socket.id
        envelopeRows.append(envelopeRow({key: "a", place: StageEnvelopeModel.Wire, layer: StageEnvelopeModel.Link}))
        envelopeRows.append(envelopeRow({key: "b", label: "SYN-ACK", atHost: 1, fromHost: 1, toHost: 0,
                                         layer: StageEnvelopeModel.Network, sourcePort: 80, destinationPort: 51234}))
        envelopeRows.append(envelopeRow({key: "c", label: "UDP", protocol: "udp", atHost: 1, sourcePort: 40000,
                                         destinationPort: 54, place: StageEnvelopeModel.Bounced,
                                         note: "no socket on udp 54"}))
        tryVerify(() => envelopes(view).length === 3 && envelopes(view).every(e => e.opacity === 1), 2000)
        wait(50)
        grabImage(view).save("/tmp/nv_2hosts.png")
        Theme.look = Theme.Projector
        waitForLayout(view)
        grabImage(view).save("/tmp/nv_projector.png")
        Theme.look = Theme.Dark
        waitForLayout(view)
        grabImage(view).save("/tmp/nv_dark.png")
        for (const e of envelopes(view))
            verify(e.targetKnown)
    }
}
