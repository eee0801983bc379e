// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// One envelope on the stage: what is written on it, how the protocols and layers differ by
// shape, its marks, and how it moves (or, with reduced motion, fades) from place to place.
TestCase {
    id: testCase

    name: "EnvelopeItem"
    width: 900
    height: 600
    visible: true
    when: windowShown

    Component {
        id: envelopeComponent

        EnvelopeItem {
            stepDuration: 400
        }
    }

    function cleanup() {
        Theme.reducedMotion = false
        Theme.look = Theme.Light
    }

    // a model row, as the stage's envelope model gives it
    function row(changes) {
        const values = {
            key: "e1", envelopeId: 1, label: "SYN", protocol: "tcp", fromHost: 0, toHost: 1, atHost: 0,
            place: 0, stackLayer: 1, goingDown: true, socketId: -1, note: "", summary: "", sourcePort: 51234,
            destinationPort: 80, target: Qt.point(200, 150),
        }
        for (const key in changes || {})
            values[key] = changes[key]
        return values
    }

    function createEnvelope(changes) {
        const envelope = createTemporaryObject(envelopeComponent, testCase, row(changes))
        verify(envelope, "EnvelopeItem")
        tryVerify(() => envelope.opacity === 1, 2000, "it fades in")
        return envelope
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

    function outlineOf(envelope) {
        const shape = findOne(envelope.drawing, "envelopeBody").children[0]
        for (let i = 0; i < shape.data.length; ++i) {
            if (shape.data[i].objectName === "outline")
                return shape.data[i]
        }
        return null
    }

    // --- tests -------------------------------------------------------------------------------

    function test_label_and_ports_are_written_on_it() {
        const envelope = createEnvelope()
        compare(findOne(envelope.drawing, "envelopeLabel").text, "SYN")
        compare(findOne(envelope.drawing, "envelopePorts").text, "51234 → 80")
        compare(findAll(findOne(envelope.drawing, "stamp"), child => child instanceof Text)[0].text, "TCP")
        for (const text of findAll(envelope.drawing, child => child instanceof Text))
            verify(text.font.pixelSize >= Theme.fontLabel, text.text)
        verify(envelope.Accessible.name.indexOf("SYN") >= 0, envelope.Accessible.name)
    }

    function test_a_long_label_fits_on_it() {
        const envelope = createEnvelope({protocol: "icmp", label: "ICMP port unreachable"})
        const label = findOne(envelope.drawing, "envelopeLabel")
        const body = findOne(envelope.drawing, "envelopeBody")
        const at = label.mapToItem(body, 0, 0)
        verify(at.x >= 0 && at.x + label.contentWidth <= body.width, "the label is inside the card")
        const stamp = findOne(envelope.drawing, "stamp")
        verify(stamp.mapToItem(body, 0, 0).y + stamp.height <= at.y, "the stamp is above the label")
    }

    // TCP, UDP, ICMP: different outlines (solid, dashed, cut corners without a flap) and stamps.
    function test_protocols_differ_by_shape_and_word() {
        const shapes = new Set()
        const stamps = new Set()
        for (const protocol of ["tcp", "udp", "icmp"]) {
            const envelope = createEnvelope({protocol: protocol, key: protocol})
            const outline = outlineOf(envelope)
            shapes.add(outline.strokeStyle + "/" + outline.c)
            stamps.add(findAll(findOne(envelope.drawing, "stamp"), child => child instanceof Text)[0].text)
        }
        compare(shapes.size, 3)
        compare(stamps.size, 3)
    }

    function test_each_layer_adds_an_outline() {
        const sizes = []
        for (let layer = 0; layer < 4; ++layer) {
            const envelope = createEnvelope({stackLayer: layer, key: "l" + layer})
            compare(findAll(envelope.drawing, child => child.objectName === "wrap").length, layer)
            sizes.push(envelope.width)
        }
        for (let i = 1; i < 4; ++i)
            verify(sizes[i] > sizes[i - 1], "wrapped once more, bigger: " + sizes)
    }

    function test_marks_and_notes() {
        const plain = createEnvelope()
        compare(findAll(plain, child => child.objectName === "mark").length, 0)
        compare(findAll(plain, child => child.objectName === "noteBox").length, 0)
        const expected = [
            {place: 2, mark: "✓", note: ""},
            {place: 3, mark: "↩", note: "no socket on port 81: RST"},
            {place: 4, mark: "✗", note: "the firewall drops it"},
            {place: 5, mark: "→", note: "10.0.0.3 is not an address of gateway, which forwards packets"},
        ]
        for (const e of expected) {
            const envelope = createEnvelope({place: e.place, note: e.note, key: "m" + e.place})
            compare(findOne(envelope, "markText").text, e.mark)
            if (e.note.length > 0) {
                compare(findOne(envelope, "noteText").text, e.mark + " " + e.note)
                verify(envelope.Accessible.name.indexOf(e.note) >= 0)
            }
        }
        // The mark sits across the envelope's corner and the note below it, past the edges of
        // the envelope's picture: both are on screen, whole.
        const envelope = createEnvelope({place: 3, note: "no socket on port 81: RST", key: "seen", target: Qt.point(300, 300)})
        const badge = findOne(envelope, "mark")
        const note = findOne(envelope, "noteBox")
        const image = grabImage(testCase)
        const corner = badge.mapToItem(testCase, badge.width / 5, badge.height / 2)   // left of the envelope
        verify(Qt.colorEqual(image.pixel(Math.round(corner.x), Math.round(corner.y)), Theme.bounced),
               "the mark's part outside the envelope is drawn: " + image.pixel(Math.round(corner.x), Math.round(corner.y)))
        const below = note.mapToItem(testCase, note.width / 2, note.height - 2 * Theme.borderWidth)
        verify(below.y > envelope.mapToItem(testCase, 0, envelope.height).y)
        verify(Qt.colorEqual(image.pixel(Math.round(below.x), Math.round(below.y)), Theme.panel),
               "the note under the envelope is drawn: " + image.pixel(Math.round(below.x), Math.round(below.y)))
    }

    function test_it_is_placed_at_its_target() {
        const envelope = createEnvelope({target: Qt.point(300, 200)})
        compare(envelope.centerX, 300)
        compare(envelope.centerY, 200)
        // drawn with its middle there
        const middle = envelope.mapToItem(envelope.parent, envelope.width / 2, envelope.height / 2)
        fuzzyCompare(middle.x, 300, 0.01)
        fuzzyCompare(middle.y, 200, 0.01)
    }

    // A new place: it moves there over stepDuration, through positions in between.
    function test_moves_smoothly_to_a_new_place() {
        const envelope = createEnvelope({target: Qt.point(100, 100)})
        const seen = []
        const record = () => seen.push(envelope.centerX)
        envelope.centerXChanged.connect(record)
        envelope.target = Qt.point(600, 400)
        envelope.place = 1
        envelope.stackLayer = 3
        tryVerify(() => envelope.moving, 500, "it starts moving")
        wait(100)
        verify(envelope.centerX > 100 && envelope.centerX < 600, "half way: " + envelope.centerX)
        tryVerify(() => !envelope.moving, 2000, "it arrives")
        compare(envelope.centerX, 600)
        compare(envelope.centerY, 400)
        verify(seen.filter(x => x > 100 && x < 600).length >= 3, "positions in between: " + seen.length)
        compare(envelope.opacity, 1)
        envelope.centerXChanged.disconnect(record)
    }

    // Reduced motion: no position in between; it fades out, then in at the new place.
    function test_reduced_motion_fades_instead_of_moving() {
        Theme.reducedMotion = true
        const envelope = createEnvelope({target: Qt.point(100, 100)})
        const seen = []
        const record = () => seen.push(envelope.centerX)
        envelope.centerXChanged.connect(record)
        let faded = false
        const watchOpacity = () => { if (envelope.opacity < 0.5) faded = true }
        envelope.opacityChanged.connect(watchOpacity)
        envelope.target = Qt.point(600, 400)
        envelope.place = 1
        tryVerify(() => envelope.centerX === 600 && envelope.opacity === 1 && !envelope.moving, 2000)
        compare(seen, [600])
        verify(faded, "it faded out and in")
        envelope.centerXChanged.disconnect(record)
        envelope.opacityChanged.disconnect(watchOpacity)
    }

    // The same place, its target moved (a building dragged): it follows at once.
    function test_follows_a_moved_target_at_once() {
        const envelope = createEnvelope({target: Qt.point(100, 100)})
        envelope.target = Qt.point(130, 120)
        wait(20)
        verify(!envelope.moving)
        compare(envelope.centerX, 130)
        compare(envelope.centerY, 120)
    }

    function test_screenshot() {
        const items = [
            createEnvelope({key: "a", label: "SYN", stackLayer: 0, target: Qt.point(120, 80)}),
            createEnvelope({key: "b", label: "SYN-ACK", stackLayer: 1, target: Qt.point(340, 80)}),
            createEnvelope({key: "c", label: "DATA", stackLayer: 2, target: Qt.point(580, 80)}),
            createEnvelope({key: "d", label: "SYN", stackLayer: 3, target: Qt.point(800, 80)}),
            createEnvelope({key: "e", label: "UDP", protocol: "udp", stackLayer: 3, sourcePort: 40000,
                            destinationPort: 53, target: Qt.point(120, 260)}),
            createEnvelope({key: "f", label: "ICMP port unreachable", protocol: "icmp", stackLayer: 2,
                            sourcePort: 0, destinationPort: 0, place: 3,
                            note: "no socket on udp 54: the host answers port unreachable",
                            target: Qt.point(400, 260)}),
            createEnvelope({key: "g", label: "DATA", place: 2, stackLayer: 0, target: Qt.point(700, 260)}),
            createEnvelope({key: "h", label: "SYN", place: 4, stackLayer: 2, note: "a firewall drops it",
                            target: Qt.point(700, 460)}),
        ]
        wait(50)
        grabImage(testCase).save("/tmp/env_light.png")
        Theme.look = Theme.Projector
        wait(50)
        grabImage(testCase).save("/tmp/env_projector.png")
        Theme.look = Theme.Dark
        wait(50)
        grabImage(testCase).save("/tmp/env_dark.png")
        for (const item of items)
            compare(item.opacity, 1)
    }
}
