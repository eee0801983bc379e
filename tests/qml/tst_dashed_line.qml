// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A DashedLine: dashes and gaps of the lengths it is given, as tall as the item, whole dashes
// only, drawn again when its colour changes.
TestCase {
    id: testCase

    name: "DashedLine"
    width: 200
    height: 40
    visible: true
    when: windowShown

    Rectangle {
        anchors.fill: parent
        color: "white"
    }

    DashedLine {
        id: line

        x: 10
        y: 10
        width: 90      // three dashes of 20 and their gaps of 7, then 9 of a fourth
        height: 4
        dashLength: 20
        gapLength: 7
        color: "black"
    }

    function colorAt(x, y) {
        return grabImage(testCase).pixel(x, y)
    }

    function test_dashes_and_gaps() {
        tryVerify(() => Qt.colorEqual(colorAt(12, 11), "black"), 2000, "the first dash")
        verify(Qt.colorEqual(colorAt(29, 13), "black"), "the first dash is 20 long and 4 high")
        verify(Qt.colorEqual(colorAt(12, 15), "white"), "no higher than the item")
        verify(Qt.colorEqual(colorAt(33, 11), "white"), "a gap after it")
        verify(Qt.colorEqual(colorAt(38, 11), "black"), "the second dash starts after 7")
        verify(Qt.colorEqual(colorAt(70, 11), "black"), "the third dash")
        verify(Qt.colorEqual(colorAt(87, 11), "white"), "the gap after the third")
        verify(Qt.colorEqual(colorAt(95, 11), "white"), "no fourth dash: it would not fit whole")
    }

    function test_drawn_again_in_a_new_colour() {
        tryVerify(() => Qt.colorEqual(colorAt(12, 11), "black"), 2000)
        line.color = "red"
        tryVerify(() => Qt.colorEqual(colorAt(12, 11), "red"), 2000)
        line.color = "black"
        tryVerify(() => Qt.colorEqual(colorAt(12, 11), "black"), 2000)
    }
}
