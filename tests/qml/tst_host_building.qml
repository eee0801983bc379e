// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A host as a building: its sign, its four floors named after the layers, its offices and
// doors, and the points envelopes travel to (floor centres, doors).
TestCase {
    id: testCase

    name: "HostBuilding"
    width: 1280
    height: 900
    visible: true
    when: windowShown

    LabSession {
        id: session

        Component.onCompleted: session.showExample()
    }

    // the example's hosts: 0 laptop, 1 server
    Repeater {
        id: rows

        model: session.scene

        delegate: HostRow {}
    }

    component HostRow: Item {
        required property int index
        required property string name
        required property var addresses
        required property string personality
        required property var processes
        required property var kernelSockets
    }

    Component {
        id: buildingComponent

        HostBuilding {}
    }

    function createBuilding(row, extra) {
        tryVerify(() => rows.count === 2, 2000, "the example has two hosts")
        const data = rows.itemAt(row)
        const properties = {x: 40, y: 60, hostIndex: row}
        for (const role of ["name", "addresses", "personality", "processes", "kernelSockets"])
            properties[role] = data[role]
        for (const key in extra || {})
            properties[key] = extra[key]
        const building = createTemporaryObject(buildingComponent, testCase, properties)
        verify(building, "HostBuilding")
        wait(20)
        wait(50)   // the offices are placed on the next turn of the event loop
        return building
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

    function doorsOf(item) {
        return findAll(item, child => child.objectName === "door")
    }

    function rectIn(item, to) {
        const at = item.mapToItem(to, 0, 0)
        return {x: at.x, y: at.y, right: at.x + item.width, bottom: at.y + item.height}
    }

    function contains(rect, point) {
        return point.x >= rect.x && point.x <= rect.right && point.y >= rect.y && point.y <= rect.bottom
    }

    // --- tests -------------------------------------------------------------------------------

    function test_front_shows_name_and_addresses() {
        const building = createBuilding(1)
        compare(findOne(building, "hostName").text, "server")
        compare(findOne(building, "hostAddresses").text, "93.184.216.34")
        verify(findOne(building, "hostAddresses").font.pixelSize >= Theme.fontAddress)
        verify(building.Accessible.name.indexOf("server") >= 0, building.Accessible.name)
        verify(building.Accessible.name.indexOf("93.184.216.34") >= 0, building.Accessible.name)
    }

    // The four layers, top to bottom, each floor named.
    function test_floors_are_named_top_to_bottom() {
        const building = createBuilding(1)
        const names = []
        let previousBottom = -1
        for (let layer = 0; layer < 4; ++layer) {
            const floor = findOne(building, "floor:" + layer)
            names.push(findOne(floor, "floorName").text)
            const rect = rectIn(floor, building)
            verify(rect.y >= previousBottom - 0.5, "floor " + layer + " is below the one before it")
            previousBottom = rect.bottom
            verify(floor.Accessible.name.length > 0)
        }
        compare(names, ["Application", "Transport", "Network", "Link"])
    }

    function test_floors_show_their_addresses() {
        const building = createBuilding(1)
        compare(findOne(findOne(building, "floor:2"), "floorDetail").text, "IP 93.184.216.34")
        compare(findOne(findOne(building, "floor:3"), "floorDetail").text, "Ethernet MAC 02:50:4c:00:00:02")
        const laptop = createBuilding(0)
        compare(laptop.macAddress, "02:50:4c:00:00:01")
    }

    function test_mac_address_follows_the_models_rule() {
        const building = createBuilding(0, {hostIndex: 299})
        compare(building.macAddress, "02:50:4c:00:01:2c")   // 300 = 0x012c
    }

    function test_offices_and_doors() {
        const building = createBuilding(1)
        const offices = findAll(building, child => child.objectName.startsWith("process:")).map(box => box.name)
        compare(offices, ["nginx", "named", "sshd", "apache"])
        const labels = doorsOf(building).map(door => findOne(door, "doorLabel").text).sort()
        compare(labels, ["tcp 22", "tcp 80", "tcp 80", "tcp 80", "tcp 80", "udp 53"])
        // every office inside the Application floor, none overlapping another
        const floor = rectIn(findOne(building, "floor:0"), building)
        const boxes = findAll(building, child => child.objectName.startsWith("process:")).map(b => rectIn(b, building))
        for (let i = 0; i < boxes.length; ++i) {
            verify(boxes[i].x >= floor.x && boxes[i].right <= floor.right && boxes[i].y >= floor.y
                   && boxes[i].bottom <= floor.bottom, "office " + i + " is on the Application floor")
            for (let j = i + 1; j < boxes.length; ++j) {
                const a = boxes[i], b = boxes[j]
                verify(!(a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom), "offices overlap")
            }
        }
    }

    function test_floor_center_is_on_its_floor() {
        const building = createBuilding(1)
        const seen = new Set()
        for (let layer = 0; layer < 4; ++layer) {
            const point = building.floorCenter(layer)
            verify(contains(rectIn(findOne(building, "floor:" + layer), building), point),
                   "the centre of floor " + layer + " " + JSON.stringify(point) + " is on it")
            seen.add(Math.round(point.y))
        }
        compare(seen.size, 4)
    }

    // An envelope at a door sits on its right end, where it leaves the label readable.
    function test_door_point_is_the_right_end_of_its_door() {
        const building = createBuilding(1)
        const doors = doorsOf(building)
        verify(doors.length >= 5)
        for (const door of doors) {
            const point = building.doorPoint(door.socket.id)
            const rect = rectIn(door, building)
            fuzzyCompare(point.x, rect.right, 0.5)
            fuzzyCompare(point.y, (rect.y + rect.bottom) / 2, 0.5)
        }
        // no such socket: the mail room
        compare(building.doorPoint(123456), building.floorCenter(1))
    }

    function test_focus_socket_highlights_one_door() {
        const plain = createBuilding(1)
        compare(findAll(plain, child => child.objectName === "doorHighlight").length, 0)
        const sshd = doorsOf(plain).filter(door => door.port === 22)[0]
        const building = createBuilding(1, {focusSocket: sshd.socket.id})
        const highlights = findAll(building, child => child.objectName === "doorHighlight")
        compare(highlights.length, 1)
        compare(highlights[0].parent.port, 22)
        verify(highlights[0].border.width >= Theme.borderWidthStrong)
        compare(findAll(building, child => child.objectName === "doorMarker").length, 1)
        verify(highlights[0].parent.Accessible.name.indexOf("this step") >= 0)
    }

    function test_focus_and_selection_show_outline_and_tag() {
        const plain = createBuilding(0)
        compare(findAll(plain, child => child.objectName === "focusTag").length, 0)
        compare(findAll(plain, child => child.objectName === "focusOutline").length, 0)
        const building = createBuilding(0, {focused: true, selected: true})
        verify(findOne(building, "focusOutline").border.width >= 2 * Theme.borderWidthStrong)
        const tagTexts = findAll(findOne(building, "focusTag"), child => child instanceof Text).map(t => t.text)
        compare(tagTexts, ["▼ this step"])
        verify(findOne(building, "selectedTag").visible)
        verify(findOne(building, "selectionOutline").visible)
    }

    function test_kernel_office_holds_sockets_without_process() {
        const building = createBuilding(1, {kernelSockets: [
            {id: 900, fd: -1, protocol: "tcp", port: 80, local: "93.184.216.34:80", remote: "192.168.1.10:40000",
             state: "TIME-WAIT", kind: SceneModel.Closing, options: [], acceptQueue: 0, receiveQueueBytes: 0,
             description: ""}]})
        const kernel = findOne(building, "process:kernel")
        compare(doorsOf(kernel).length, 1)
        compare(findOne(doorsOf(kernel)[0], "doorState").text, "TIME-WAIT")
        const point = building.doorPoint(900)
        const door = rectIn(doorsOf(kernel)[0], building)
        fuzzyCompare(point.x, door.right, 0.5)
        verify(point.y > door.y && point.y < door.bottom)
        // without them, no kernel office
        compare(findAll(createBuilding(1), child => child.objectName === "process:kernel").length, 0)
    }

    function test_text_is_large_enough() {
        const building = createBuilding(1, {focused: true})
        const texts = findAll(building, child => child instanceof Text)
        verify(texts.length > 20)
        for (const text of texts)
            verify(text.font.pixelSize >= Theme.fontLabel, "'" + text.text + "' is " + text.font.pixelSize + " px")
    }

    function test_screenshot() {
        const server = createBuilding(1, {focused: true})
        const laptop = createBuilding(0, {x: 640, selected: true})
        wait(50)
        grabImage(testCase).save("/tmp/hb_example.png")
        verify(server.height > laptop.height, "the server has more offices, so more floors' worth of height")
    }
}
