// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The main view with the built-in example scene: hosts, processes and sockets as the model
// has them, drawn legibly at 1280×720.
TestCase {
    id: testCase

    name: "MainView"
    width: 1280
    height: 720
    visible: true   // TestCase hides itself; the views under test must really be shown
    when: windowShown

    Component {
        id: exampleScene

        ExampleSceneModel {}
    }

    Component {
        id: sceneView

        SceneView {
            width: 1280
            height: 720
        }
    }

    Component {
        id: mainWindow

        Main {}
    }

    // --- helpers -----------------------------------------------------------------------------

    function createView() {
        const scene = createTemporaryObject(exampleScene, testCase)
        verify(scene, "ExampleSceneModel")
        const view = createTemporaryObject(sceneView, testCase, {scene: scene})
        verify(view, "SceneView")
        waitForRendering(view)
        return view
    }

    // Every visible item under `item` for which `accept` holds, depth first.
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

    function doorsOf(item) {
        return findAll(item, child => child.objectName === "door")
    }

    function hostCard(view, name) {
        return findOne(view, "host:" + name)
    }

    function office(view, host, process) {
        return findOne(hostCard(view, host), "process:" + process)
    }

    // What a door says on screen, read from its texts rather than its properties.
    function shownOn(door) {
        return {
            label: findOne(door, "doorLabel").text,
            state: findOne(door, "doorState").text,
            end: findOne(door, "doorEnd").text,
        }
    }

    // --- tests -------------------------------------------------------------------------------

    function test_hosts_show_name_and_address_data() {
        return [
            {tag: "laptop", host: "laptop", address: "192.168.1.10"},
            {tag: "server", host: "server", address: "93.184.216.34"},
        ]
    }

    function test_hosts_show_name_and_address(data) {
        const card = hostCard(createView(), data.host)
        compare(findOne(card, "hostName").text, data.host)
        compare(findOne(card, "hostAddresses").text, data.address)
        verify(card.Accessible.name.indexOf(data.host) >= 0, card.Accessible.name)
        verify(card.Accessible.name.indexOf(data.address) >= 0, card.Accessible.name)
    }

    function test_offices_belong_to_their_hosts() {
        const view = createView()
        const names = card => findAll(card, child => child.objectName.startsWith("process:"))
                                  .map(box => box.name)
        compare(names(hostCard(view, "server")), ["nginx", "named", "sshd", "apache"])
        compare(names(hostCard(view, "laptop")), ["chrome", "firefox"])
    }

    function test_nginx_listens_on_tcp_80() {
        const listeners = doorsOf(office(createView(), "server", "nginx"))
            .filter(door => door.kind === SceneModel.Listening)
        compare(listeners.length, 1)
        compare(shownOn(listeners[0]), {label: "tcp 80", state: "LISTEN", end: "0.0.0.0:80"})
    }

    function test_named_has_an_unconnected_udp_door() {
        const doors = doorsOf(office(createView(), "server", "named"))
        compare(doors.length, 1)
        compare(doors[0].kind, SceneModel.Unconnected)
        compare(shownOn(doors[0]), {label: "udp 53", state: "UNCONN", end: "0.0.0.0:53"})
    }

    function test_apache_has_no_door() {
        compare(doorsOf(office(createView(), "server", "apache")).length, 0)
    }

    function test_chrome_has_two_connections_from_different_ports() {
        const doors = doorsOf(office(createView(), "laptop", "chrome"))
        compare(doors.length, 2)
        for (const door of doors) {
            compare(door.kind, SceneModel.Connected)
            const shown = shownOn(door)
            compare(shown.state, "ESTAB")
            compare(shown.end, "to 93.184.216.34:80")
            compare(shown.label, "tcp " + door.port)
            verify(door.port >= 32768 && door.port <= 60999, "ephemeral port " + door.port)
        }
        verify(doors[0].port !== doors[1].port, "two local ports, both " + doors[0].port)
    }

    // An accepted connection keeps the server's port: nginx's three are all "tcp 80".
    function test_accepted_connections_keep_port_80() {
        const view = createView()
        const clientPorts = doorsOf(hostCard(view, "laptop")).map(door => door.port).sort()
        const accepted = doorsOf(office(view, "server", "nginx"))
            .filter(door => door.kind === SceneModel.Connected)
        compare(accepted.length, 3)
        for (const door of accepted) {
            compare(shownOn(door).label, "tcp 80")
            compare(shownOn(door).state, "ESTAB")
        }
        const remotePorts = accepted.map(door => Number(door.remote.split(":")[1])).sort()
        compare(remotePorts, clientPorts)
    }

    function test_kinds_differ_by_shape_and_label() {
        const view = createView()
        const listening = doorsOf(office(view, "server", "sshd"))[0]
        const connected = doorsOf(office(view, "laptop", "firefox"))[0]
        const unconnected = doorsOf(office(view, "server", "named"))[0]
        const states = new Set()
        const outlines = new Set()
        for (const door of [listening, connected, unconnected]) {
            states.add(shownOn(door).state)
            outlines.add(door.outlined + "/" + door.inset)   // dashed or solid; pill or box
        }
        compare(states.size, 3)
        compare(outlines.size, 3)
    }

    // Legible from the back of a room, and nothing cut off or overlapping at 1280×720.
    function test_text_is_large_and_inside_its_box() {
        const view = createView()
        const texts = findAll(view, child => child instanceof Text)
        verify(texts.length > 20)
        for (const text of texts)
            verify(text.font.pixelSize >= 16, "'" + text.text + "' is " + text.font.pixelSize + " px")

        for (const door of doorsOf(view)) {
            for (const text of findAll(door, child => child instanceof Text)) {
                const at = text.mapToItem(door, 0, 0)
                verify(at.x >= 0 && at.x + text.contentWidth <= door.width + 0.5,
                       "'" + text.text + "' fits across its door")
                verify(at.y >= 0 && at.y + text.contentHeight <= door.height + 0.5,
                       "'" + text.text + "' fits in its door's height")
            }
            const label = findOne(door, "doorLabel")
            const state = findOne(door, "doorState")
            verify(label.mapToItem(door, label.contentWidth, 0).x < state.parent.mapToItem(door, 0, 0).x,
                   "'" + label.text + "' and '" + state.text + "' do not overlap")
        }
    }

    function test_both_hosts_fit_side_by_side() {
        const view = createView()
        const laptop = hostCard(view, "laptop")
        const server = hostCard(view, "server")
        compare(laptop.y, server.y)
        verify(laptop.x + laptop.width <= server.x, "the laptop is left of the server")
        verify(server.x + server.width <= view.width, "the server is inside the window")
    }

    // What is wrong with the layout: boxes outside their building, overlapping, or a building
    // that does not fit in the window (a teacher at a projector should not have to scroll).
    function layoutProblems(view) {
        const problems = []
        const rect = (item, to) => {
            const at = item.mapToItem(to, 0, 0)
            return {name: item.objectName, x: at.x, y: at.y, right: at.x + item.width, bottom: at.y + item.height}
        }
        for (const host of ["laptop", "server"]) {
            const card = hostCard(view, host)
            const outer = rect(card, view)
            if (outer.x < 0 || outer.y < 0 || outer.right > view.width || outer.bottom > view.height)
                problems.push(host + " does not fit in 1280×720: " + JSON.stringify(outer))
            const boxes = findAll(card, child => child.objectName.startsWith("process:")).map(box => rect(box, card))
            for (let i = 0; i < boxes.length; ++i) {
                const a = boxes[i]
                if (a.x < 0 || a.y < 0 || a.right > card.width || a.bottom > card.height)
                    problems.push(a.name + " sticks out of " + host)
                for (let j = i + 1; j < boxes.length; ++j) {
                    const b = boxes[j]
                    if (a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom)
                        problems.push(a.name + " overlaps " + b.name)
                }
            }
        }
        return problems
    }

    function test_offices_do_not_overlap_and_everything_fits() {
        const view = createView()
        for (let i = 0; i < 40 && layoutProblems(view).length > 0; ++i)
            wait(50)   // the offices are placed once their heights are known
        compare(layoutProblems(view), [])
    }

    // Lives as long as the test case, so it outlives any window that shows it.
    LabSession {
        id: exampleSession

        Component.onCompleted: exampleSession.showExample()
    }

    function test_window_shows_the_example_and_its_packets() {
        const window = createTemporaryObject(mainWindow, testCase, {session: exampleSession})
        verify(window, "Main")
        compare(window.title, "PortLab — example.portlab")
        verify(exampleSession.canExport, "a simulation's packets can be exported")
        verify(exampleSession.packets.count > 0, "the example's connections put packets on the wire")
        compare(exampleSession.scene.count, 2)
    }
}
