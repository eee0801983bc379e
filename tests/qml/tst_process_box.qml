// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A process as an office: its name, its pid and user, and one door per socket with a port, in
// descriptor order, the step's socket highlighted.
TestCase {
    id: testCase

    name: "ProcessBox"
    width: 320
    height: 400
    visible: true
    when: windowShown

    Component {
        id: office

        ProcessBox {
            width: 300
        }
    }

    function doorsOf(item) {
        let found = []
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (child.objectName === "door" && child.visible)
                found.push(child)
            found = found.concat(doorsOf(child))
        }
        return found
    }

    function socket(id, protocol, port, state, kind, remote) {
        return {id: id, fd: id + 2, protocol: protocol, port: port, local: "0.0.0.0:" + port, remote: remote,
                state: state, kind: kind, options: [], acceptQueue: 0, receiveQueueBytes: 0, description: ""}
    }

    function test_one_door_per_socket_in_order() {
        const box = createTemporaryObject(office, testCase, {name: "nginx", detail: "pid 1000 · user root", sockets: [
            socket(1, "tcp", 80, "LISTEN", SceneModel.Listening, ""),
            socket(4, "tcp", 80, "ESTAB", SceneModel.Connected, "192.168.1.10:51234"),
        ]})
        waitForRendering(box)
        const doors = doorsOf(box)
        compare(doors.length, 2)
        compare(doors[0].label, "tcp 80")
        compare(doors[0].kind, SceneModel.Listening)
        compare(doors[1].kind, SceneModel.Connected)
        verify(doors[0].y < doors[1].y, "descriptor order, top to bottom")
        verify(doors.every(d => !d.highlighted))
        compare(box.objectName, "process:nginx")
        verify(box.implicitHeight > doors[1].y + doors[1].height, "the office holds its doors")
    }

    function test_step_socket_is_highlighted() {
        const box = createTemporaryObject(office, testCase, {name: "chrome", focusSocket: 7, sockets: [
            socket(6, "tcp", 51234, "ESTAB", SceneModel.Connected, "93.184.216.34:80"),
            socket(7, "tcp", 51236, "SYN-SENT", SceneModel.Connected, "93.184.216.34:80"),
        ]})
        const doors = doorsOf(box)
        compare(doors.map(d => d.highlighted), [false, true])
    }

    function test_a_process_without_ports_has_no_door() {
        const box = createTemporaryObject(office, testCase, {name: "apache", sockets: []})
        compare(doorsOf(box).length, 0)
        verify(box.implicitHeight > 0)
    }
}
