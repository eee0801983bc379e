// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// A real capture (tests/data/captures, loopback traffic recorded with dumpcap) opened in the
// window: the hosts and processes it implies, its packets listed, and the inspector linking a
// field to its bytes and a byte to its field.
TestCase {
    id: testCase

    name: "CaptureView"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: sessionComponent

        LabSession {}
    }

    Component {
        id: mainWindow

        Main {}
    }

    // Lives as long as the test case, so it outlives any window that shows it.
    LabSession {
        id: windowSession
    }

    function openFixture() {
        const session = createTemporaryObject(sessionComponent, testCase)
        verify(session.openCapture(Qt.resolvedUrl("../data/captures/lo_ethernet.pcap")), session.errorText)
        return session
    }

    function test_capture_becomes_a_scene() {
        const session = openFixture()
        compare(session.title, "lo_ethernet.pcap")
        compare(session.errorText, "")
        compare(session.packets.count, 23)
        compare(session.scene.count, 1)                  // every loopback address is one host
        verify(!session.canExport, "a capture is not exported again")
        verify(session.notes.indexOf("one per port in use") >= 0, session.notes)
    }

    function test_unreadable_file_keeps_the_scene() {
        const session = openFixture()
        verify(!session.openCapture(Qt.resolvedUrl("tst_capture_view.qml")))
        verify(session.errorText.indexOf("magic number") >= 0, session.errorText)
        compare(session.title, "lo_ethernet.pcap")       // what was shown stays
        compare(session.packets.count, 23)
    }

    function test_inspector_links_fields_and_bytes() {
        const session = windowSession
        verify(session.openCapture(Qt.resolvedUrl("../data/captures/lo_ethernet.pcap")), session.errorText)
        const window = createTemporaryObject(mainWindow, testCase, {session: session})
        verify(window)
        compare(window.title, "PortLab — lo_ethernet.pcap")
        session.selectPacket(0)                          // the first SYN
        compare(session.selectedPacket, 0)
        const inspector = session.inspector
        verify(inspector.selectByte(0).valid)            // the frame starts with Ethernet's destination
        verify(inspector.selectedTitle.indexOf("Destination: 00:00:00:00:00:00") === 0, inspector.selectedTitle)
        // The destination port's two bytes, 14 + 20 + 2 into the frame, find their field.
        const field = inspector.selectByte(37)
        verify(field.valid)
        verify(inspector.selectedTitle.indexOf("Destination port") === 0, inspector.selectedTitle)
        compare(inspector.highlightStart, 36)
        compare(inspector.highlightLength, 2)
        verify(inspector.selectedExplanation.indexOf("high byte first") >= 0, inspector.selectedExplanation)
        waitForRendering(window.contentItem)
        // Kept for a person to look at; the assertions above are the test.
        grabImage(window.contentItem).save("/tmp/portlab-capture-view.png")
    }
}
