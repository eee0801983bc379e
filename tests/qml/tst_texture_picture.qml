// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A TexturePicture shows what a ShaderEffectSource drew, the right way up, at its own place
// and size, and again whenever the source changes.
TestCase {
    id: testCase

    name: "TexturePicture"
    width: 200
    height: 100
    visible: true
    when: windowShown

    // top half red, bottom half blue: the picture must not come out mirrored
    Item {
        id: drawing

        width: 40
        height: 40

        Rectangle {
            width: 40
            height: 20
            color: "red"
        }
        Rectangle {
            id: lowerHalf

            y: 20
            width: 40
            height: 20
            color: "blue"
        }
    }

    ShaderEffectSource {
        id: texture

        visible: false
        sourceItem: drawing
        hideSource: true
        textureMirroring: ShaderEffectSource.NoMirroring
    }

    TexturePicture {
        id: picture

        x: 100
        y: 10
        width: 40
        height: 40
        source: texture
        smooth: false
    }

    function colorAt(x, y) {
        return grabImage(testCase).pixel(x, y)
    }

    function test_shows_the_source_where_it_stands() {
        tryVerify(() => Qt.colorEqual(colorAt(120, 15), "red"), 2000, "the upper half, above")
        verify(Qt.colorEqual(colorAt(120, 45), "blue"), "the lower half, below")
        verify(!Qt.colorEqual(colorAt(20, 10), "red"), "the source itself is hidden")
        verify(!Qt.colorEqual(colorAt(160, 15), "red"), "nothing beside the picture")
    }

    function test_follows_the_source() {
        tryVerify(() => Qt.colorEqual(colorAt(120, 45), "blue"), 2000)
        lowerHalf.color = "green"
        tryVerify(() => Qt.colorEqual(colorAt(120, 45), "green"), 2000, "drawn again when the source changed")
        lowerHalf.color = "blue"
        tryVerify(() => Qt.colorEqual(colorAt(120, 45), "blue"), 2000)
    }

    function test_nothing_without_a_source() {
        tryVerify(() => Qt.colorEqual(colorAt(120, 15), "red"), 2000)
        picture.source = null
        tryVerify(() => !Qt.colorEqual(colorAt(120, 15), "red"), 2000, "no source, no picture")
        picture.source = texture
        tryVerify(() => Qt.colorEqual(colorAt(120, 15), "red"), 2000)
    }
}
