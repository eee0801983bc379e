// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The host's stack as the model describes one moment: the units nested (the frame outermost),
// each header a strip with its values on its own floor, the acting layer marked, and the
// wrapping or unwrapping animated (or faded, with reduced motion).
TestCase {
    id: testCase

    name: "HostStackView"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: viewComponent

        HostStackView {
            width: 500
            height: 560
        }
    }

    // The four layers of the laptop's SYN to the server's port 80; `down` is how far the
    // envelope has been wrapped (3: the frame exists), or, going up, how far it is still wrapped.
    function synLayers(wrappedDownTo) {
        return [
            {layer: 0, name: "Application", unit: "data", header: "", size: 0,
             fields: [{name: "Data", value: "(none: a SYN carries no data)"}], wrapped: true},
            {layer: 1, name: "Transport", unit: "TCP segment", header: "TCP header", size: 40,
             fields: [{name: "Source port", value: "51234"}, {name: "Destination port", value: "80"},
                      {name: "Flags", value: "SYN"}], wrapped: wrappedDownTo >= 1},
            {layer: 2, name: "Network", unit: "IPv4 packet", header: "IPv4 header", size: 60,
             fields: [{name: "Source address", value: "192.168.1.10"},
                      {name: "Destination address", value: "93.184.216.34"}, {name: "TTL", value: "64"}],
             wrapped: wrappedDownTo >= 2},
            {layer: 3, name: "Link", unit: "Ethernet frame", header: "Ethernet header", size: 74,
             fields: [{name: "Source MAC", value: "02:00:00:00:00:01"},
                      {name: "Destination MAC", value: "02:00:00:00:00:02"}], wrapped: wrappedDownTo >= 3}
        ]
    }

    function synAt(layer, goingDown, wrappedDownTo) {
        return {host: 0, hostName: "laptop", label: "SYN", goingDown: goingDown, layer: layer,
                layers: synLayers(wrappedDownTo)}
    }

    function cleanup() {
        Theme.look = Theme.Light
        Theme.reducedMotion = false
    }

    function makeView(stack, duration) {
        const view = createTemporaryObject(viewComponent, testCase,
                                           {stack: stack, stepDuration: duration === undefined ? 0 : duration})
        verify(view)
        return view
    }

    function child(parent, name) {
        const item = findChild(parent, name)
        verify(item, "no item named " + name)
        return item
    }

    function settle(view) {
        for (let layer = 0; layer < 4; ++layer) {
            const unit = findChild(view, "unit" + layer)
            if (unit && unit.acting)
                tryVerify(() => !unit.animating)
        }
    }

    function fieldValues(unit) {
        const values = []
        const strip = child(unit, "strip")
        const walk = item => {
            for (let i = 0; i < item.children.length; ++i) {
                const c = item.children[i]
                if (c.objectName === "fieldValue")
                    values.push(c.text)
                walk(c)
            }
        }
        walk(strip)
        return values
    }

    function test_empty_shows_a_hint() {
        const view = makeView({})
        verify(child(view, "hint").visible)
        verify(child(view, "hint").text.indexOf("Step to an envelope to see it wrapped layer by layer") >= 0)
        view.stack = synAt(1, true, 1)
        verify(!child(view, "hint").visible)
    }

    function test_transport_writes_the_ports() {
        const view = makeView(synAt(1, true, 1))
        settle(view)
        compare(child(view, "title").text, "laptop · SYN")
        compare(child(view, "direction").text, "↓ wrapping")
        compare(child(view, "sentence").text, "Transport writes the ports: 51234 → 80")
        // the acting floor: outlined and marked, and only that one
        for (let layer = 0; layer < 4; ++layer) {
            const band = child(view, "band" + layer)
            compare(child(band, "nowMarker").visible, layer === 1, "now marker on band " + layer)
            compare(band.border.width, layer === 1 ? Theme.borderWidthStrong : 1)
        }
        compare(child(child(view, "band1"), "layerName").text, "Transport")
        // the segment exists and shows its header's values; the packet and frame do not yet
        const segment = child(view, "unit1")
        compare(segment.opacity, 1)
        compare(child(segment, "headerName").text, "TCP header")
        compare(fieldValues(segment), ["51234", "80", "SYN"])
        verify(!child(view, "unit2").visible, "no IP packet before Network wraps it")
        verify(!child(view, "unit3").visible)
        verify(child(view, "unit0").visible, "the data is there")
        grabImage(view).save("/tmp/portlab-stack-transport.png")
    }

    function test_units_are_nested_frame_outermost() {
        const view = makeView(synAt(3, true, 3))
        settle(view)
        compare(child(view, "sentence").text, "Link writes the MAC addresses: 02:00:00:00:00:01 → 02:00:00:00:00:02")
        for (let layer = 0; layer < 3; ++layer) {
            const inner = child(view, "unit" + layer)
            const outer = child(view, "unit" + (layer + 1))
            verify(inner.visible && outer.visible)
            verify(inner.x > outer.x && inner.x + inner.width < outer.x + outer.width, "unit " + layer + " inside horizontally")
            verify(inner.y > outer.y && inner.y + inner.height < outer.y + outer.height, "unit " + layer + " inside vertically")
            // each header strip on its own floor
            const strip = child(outer, "strip")
            const band = child(view, "band" + (layer + 1))
            const top = strip.mapToItem(band, 0, 0).y
            verify(top >= 0 && top + strip.height <= band.height + 1, "header of layer " + (layer + 1) + " on its floor")
        }
        compare(fieldValues(child(view, "unit3")), ["02:00:00:00:00:01", "02:00:00:00:00:02"])
        compare(fieldValues(child(view, "unit2")), ["192.168.1.10", "93.184.216.34", "64"])
        grabImage(view).save("/tmp/portlab-stack-frame.png")
        Theme.look = Theme.Projector
        grabImage(view).save("/tmp/portlab-stack-frame-projector.png")
    }

    function test_going_up_network_removes_its_header() {
        // on the server: the frame already opened by Link, Network opening the packet now
        const view = makeView(synAt(2, false, 1))
        settle(view)
        compare(child(view, "direction").text, "↑ unwrapping")
        compare(child(view, "sentence").text, "Network reads and removes the IPv4 header")
        const packet = child(view, "unit2")
        compare(packet.spread, 1, "the opened packet is set aside")
        verify(packet.visible && packet.opacity < 0.5, "and shown as a ghost, not vanished")
        compare(child(packet, "headerName").text, "IPv4 header — opened")
        compare(child(child(view, "unit1"), "headerName").text, "TCP header")
        verify(!child(view, "unit3").visible, "the frame was opened before")
        compare(child(view, "unit1").opacity, 1)
        verify(child(child(view, "band2"), "nowMarker").visible)
        Theme.look = Theme.Dark
        grabImage(view).save("/tmp/portlab-stack-up-dark.png")
    }

    function test_wrapping_animates_closing_around() {
        const view = makeView(synAt(2, true, 2), 1000)
        const packet = child(view, "unit2")
        const segment = child(view, "unit1")
        // the new envelope starts open, outside the segment, and closes around it
        verify(packet.spread > 0.5, "starts open: " + packet.spread)
        const openWidth = packet.width
        verify(packet.x >= 0, "open as far as the drawing goes, not past its edge")
        verify(packet.opacity < 0.5)
        compare(segment.spread, 0, "the inner one stays put")
        grabImage(view).save("/tmp/portlab-stack-wrapping-start.png")
        tryCompare(packet, "spread", 0, 3000)
        tryCompare(packet, "opacity", 1, 3000)
        verify(packet.width < openWidth, "it closed around the segment")
        verify(packet.x < segment.x)
    }

    function test_reduced_motion_fades_in_place() {
        Theme.reducedMotion = true
        const view = makeView(synAt(2, true, 2), 1000)
        const packet = child(view, "unit2")
        compare(packet.spread, 0, "no movement")
        verify(packet.opacity < 1)
        tryCompare(packet, "opacity", 1, 2000)
        compare(packet.spread, 0)
    }

    function test_application_layer_sentences() {
        const view = makeView(synAt(0, true, 0))
        compare(child(view, "sentence").text, "Application hands its data to Transport: “(none: a SYN carries no data)”")
        view.stack = {host: 1, hostName: "server", label: "DATA", goingDown: false, layer: 0,
                      layers: [{layer: 0, name: "Application", unit: "data", header: "", size: 14,
                                fields: [{name: "Data", value: "GET / HTTP/1.1"}], wrapped: true}]}
        compare(child(view, "sentence").text, "Application receives the data: “GET / HTTP/1.1”")
        compare(fieldValues(child(view, "unit0")), ["GET / HTTP/1.1"])
        view.stack = {}
        verify(child(view, "hint").visible)
    }
}
