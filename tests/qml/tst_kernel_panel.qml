// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// "Run on this computer's kernel" on the example scenario: the same statements run on real
// sockets in network namespaces, and the panel shows both answers. Needs root and network
// namespaces, as the conformance suite does; without them the test fails and says why.
TestCase {
    id: testCase

    name: "KernelPanel"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: mainWindow

        Main {}
    }

    // Lives as long as the test case, so it outlives any window that shows it.
    LabSession {
        id: session

        Component.onCompleted: session.showExample()
    }

    function test_example_agrees_with_the_kernel() {
        const window = createTemporaryObject(mainWindow, testCase, {session: session})
        verify(window)
        verify(session.canRunOnKernel)
        compare(session.personalityNote, "")             // the example's hosts are Linux
        const comparison = session.kernelComparison
        if (comparison.unavailableReason.length > 0)
            fail("needs root and network namespaces: " + comparison.unavailableReason)
        window.compareWithKernel()
        verify(window.showingComparison)
        tryVerify(function() { return !comparison.running }, 90000, "the kernel run finishes")
        verify(comparison.agreeing > 10, comparison.status)
        compare(comparison.differing, 0)
        waitForRendering(window.contentItem)
        // Kept for a person to look at; the assertions above are the test.
        grabImage(window.contentItem).save("/tmp/portlab-kernel-panel.png")
    }

    function test_a_capture_cannot_be_run_on_the_kernel() {
        const other = createTemporaryObject(mainWindow, testCase, {session: session})
        verify(other)
        verify(session.openCapture(Qt.resolvedUrl("../data/captures/lo_ethernet.pcap")), session.errorText)
        verify(!session.canRunOnKernel, "a capture has no scenario to run")
        verify(!other.showingComparison)
        session.showExample()
    }
}
