// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// UndrawnItems: while active, a tree of items draws nothing (items added later included) but
// still takes the pointer; an item marked drawnInWindow draws, with what is inside it; made
// inactive, everything draws again.
TestCase {
    id: testCase

    name: "UndrawnItems"
    width: 200
    height: 100
    visible: true
    when: windowShown

    Rectangle {
        anchors.fill: parent
        color: "white"
    }

    Item {
        id: tree

        width: 200
        height: 100

        Rectangle {
            id: box

            x: 10
            y: 10
            width: 40
            height: 40
            color: "red"

            Text {
                text: "■■■"
                color: "blue"
                font.pixelSize: 20
            }
            TapHandler {
                id: tap
            }
        }
        Rectangle {
            readonly property bool drawnInWindow: true

            x: 60
            y: 10
            width: 40
            height: 40
            color: "green"

            Rectangle {
                x: 10
                y: 10
                width: 20
                height: 20
                color: "yellow"
            }
        }
    }

    UndrawnItems {
        id: undrawn

        root: tree
    }

    Component {
        id: lateBox

        Rectangle {
            x: 110
            y: 10
            width: 40
            height: 40
            color: "red"
        }
    }

    function colorAt(x, y) {
        return grabImage(testCase).pixel(x, y)
    }

    function cleanup() {
        undrawn.active = true
    }

    function test_draws_nothing_but_takes_the_pointer() {
        tryVerify(() => Qt.colorEqual(colorAt(40, 40), "white"), 2000, "the box is not drawn")
        verify(Qt.colorEqual(colorAt(15, 10 + 12), "white"), "nor the text in it")
        verify(box.visible)
        compare(undrawn.undrawnCount, 2)
        const before = tap.tapCount
        mouseClick(box, 20, 20)
        tryVerify(() => tap.tapCount > before, 2000, "a click on it still reaches it")
    }

    function test_drawn_in_window_keeps_drawing() {
        tryVerify(() => Qt.colorEqual(colorAt(62, 12), "green"), 2000)
        verify(Qt.colorEqual(colorAt(80, 30), "yellow"), "with what is inside it")
    }

    function test_items_added_later() {
        const late = createTemporaryObject(lateBox, tree)
        verify(late)
        tryCompare(undrawn, "undrawnCount", 3)
        verify(Qt.colorEqual(colorAt(130, 30), "white"), "an item added later is not drawn either")
    }

    function test_inactive_draws_again() {
        tryVerify(() => Qt.colorEqual(colorAt(40, 40), "white"), 2000)
        undrawn.active = false
        compare(undrawn.undrawnCount, 0)
        tryVerify(() => Qt.colorEqual(colorAt(40, 40), "red"), 2000, "the box is drawn again")
        undrawn.active = true
        tryVerify(() => Qt.colorEqual(colorAt(40, 40), "white"), 2000, "and not again")
    }
}
