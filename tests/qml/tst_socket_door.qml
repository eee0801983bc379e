// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A socket as a door: its label, and the highlight for the socket the current step is about.
TestCase {
    id: testCase

    name: "SocketDoor"
    width: 400
    height: 200
    visible: true
    when: windowShown

    Component {
        id: doorComponent

        SocketDoor {
            x: 40
            y: 40
            width: 260
        }
    }

    function listening() {
        return {id: 7, fd: 3, protocol: "tcp", port: 80, local: "0.0.0.0:80", remote: "", state: "LISTEN",
                kind: SceneModel.Listening, options: [], acceptQueue: 0, receiveQueueBytes: 0, description: ""}
    }

    function findNamed(item, objectName) {
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (child.objectName === objectName)
                return child
            const found = findNamed(child, objectName)
            if (found)
                return found
        }
        return null
    }

    function test_plain_door_has_no_highlight() {
        const door = createTemporaryObject(doorComponent, testCase, {socket: listening()})
        compare(findNamed(door, "doorLabel").text, "tcp 80")
        verify(!findNamed(door, "doorHighlight").visible)
        verify(!findNamed(door, "doorMarker").visible)
        compare(door.Accessible.name.indexOf("this step"), -1)
    }

    function test_highlighted_door_has_outline_marker_and_name() {
        const door = createTemporaryObject(doorComponent, testCase, {socket: listening(), highlighted: true})
        const outline = findNamed(door, "doorHighlight")
        verify(outline.visible)
        verify(outline.border.width >= Theme.borderWidthStrong)
        verify(outline.width > door.width, "the outline goes round the door")
        const marker = findNamed(door, "doorMarker")
        verify(marker.visible)
        verify(marker.mapToItem(door, 0, 0).x + marker.width <= 0, "the marker is beside the door, not on it")
        verify(door.Accessible.name.indexOf("this step") >= 0, door.Accessible.name)
    }
}
