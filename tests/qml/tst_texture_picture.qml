// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A TexturePicture shows what a ShaderEffectSource drew, the right way up, at its own place
// and size, and again whenever the source changes; at its natural size, at the texture's own
// size in the window's pixels.
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

    // the same drawing, drawn into 30 × 30 pixels
    ShaderEffectSource {
        id: smallTexture

        visible: false
        sourceItem: drawing
        // Qt.size gives a QSizeF, which the QSize property takes (qmllint 6.4 says it cannot)
        // qmllint disable type
        textureSize: Qt.size(30, 30)
        // qmllint enable type
        textureMirroring: ShaderEffectSource.NoMirroring
    }

    TexturePicture {
        id: smallPicture

        x: 150
        y: 55
        width: 40
        height: 40
        source: smallTexture
        smooth: false
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

    function test_natural_size_is_pixel_for_pixel() {
        // stretched over its 40 × 40
        smallPicture.naturalSize = false
        tryVerify(() => Qt.colorEqual(colorAt(155, 90), "blue"), 2000, "stretched: 40 pixels high")
        verify(Qt.colorEqual(colorAt(155, 70), "red"), "stretched: the upper half is 20 pixels high")
        verify(Qt.colorEqual(colorAt(188, 60), "red"), "stretched: 40 pixels wide")
        // pixel for pixel: the texture's 30 × 30 pixels from the picture's top left corner
        smallPicture.naturalSize = true
        tryVerify(() => !Qt.colorEqual(colorAt(155, 90), "blue"), 2000, "30 pixels high")
        verify(Qt.colorEqual(colorAt(155, 83), "blue"), "down to its 30th row")
        verify(Qt.colorEqual(colorAt(155, 71), "blue"), "the lower half starts 15 pixels down")
        verify(Qt.colorEqual(colorAt(178, 60), "red"), "30 pixels wide")
        verify(!Qt.colorEqual(colorAt(182, 60), "red"), "and no wider")
        smallPicture.naturalSize = false
        tryVerify(() => Qt.colorEqual(colorAt(155, 90), "blue"), 2000, "stretched again")
    }
}
