// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import PortLab

// PortLab's window: the scene (hosts, processes, their sockets as doors) beside the packets
// that crossed its links and the inspector on the one selected. What it shows comes from C++
// as a LabSession: the example scenario, or a capture file replayed.
Window {
    id: root

    required property LabSession session
    property bool showingComparison: false

    width: 1280
    height: 720
    minimumWidth: 640
    minimumHeight: 480
    visible: true
    title: root.session.title.length > 0 ? qsTr("PortLab — %1").arg(root.session.title) : qsTr("PortLab")
    color: Theme.background

    Shortcut {
        sequence: "Ctrl+O"
        onActivated: openDialog.open()
    }

    Shortcut {
        sequence: "Ctrl+E"
        enabled: root.session.canExport
        onActivated: exportDialog.open()
    }

    Shortcut {
        sequence: "Ctrl+K"
        enabled: root.session.canRunOnKernel
        onActivated: root.compareWithKernel()
    }

    function compareWithKernel() {
        root.showingComparison = true
        root.session.runOnKernel()
    }

    Connections {
        target: root.session

        function onSessionChanged() {
            if (!root.session.canRunOnKernel)
                root.showingComparison = false
        }
    }

    FileDialog {
        id: openDialog

        title: qsTr("Open a packet capture")
        nameFilters: [qsTr("Packet captures (*.pcap *.pcapng *.cap)"), qsTr("All files (*)")]
        onAccepted: root.session.openCapture(openDialog.selectedFile)
    }

    FileDialog {
        id: exportDialog

        title: qsTr("Export the packets as a capture")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "pcap"
        nameFilters: [qsTr("pcap captures (*.pcap)")]
        onAccepted: root.session.exportCapture(exportDialog.selectedFile)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: toolbar.implicitHeight + 2 * Theme.spacingSmall
            color: Theme.buildingFront

            RowLayout {
                id: toolbar

                anchors.fill: parent
                anchors.leftMargin: Theme.spacing
                anchors.rightMargin: Theme.spacing
                spacing: Theme.spacing

                Label {
                    Layout.fillWidth: true
                    text: root.session.title
                    color: Theme.buildingFrontText
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    elide: Text.ElideMiddle
                }

                Button {
                    text: qsTr("Open capture…")
                    font.pixelSize: Theme.fontBody
                    Accessible.description: qsTr("Open a pcap or pcapng file and replay its packets through the hosts they imply (Ctrl+O)")
                    onClicked: openDialog.open()
                }

                Button {
                    text: qsTr("Run on this computer's kernel")
                    font.pixelSize: Theme.fontBody
                    enabled: root.session.canRunOnKernel
                    Accessible.description: qsTr("Run the same scenario on real sockets of this computer's Linux kernel and show both answers side by side (Ctrl+K)")
                    onClicked: root.compareWithKernel()
                }

                Button {
                    text: qsTr("Export capture…")
                    font.pixelSize: Theme.fontBody
                    enabled: root.session.canExport
                    Accessible.description: qsTr("Save every packet that crossed a link as a pcap file for Wireshark (Ctrl+E)")
                    onClicked: exportDialog.open()
                }
            }
        }

        Rectangle {
            id: errorBanner

            Layout.fillWidth: true
            visible: root.session.errorText.length > 0
            implicitHeight: errorRow.implicitHeight + 2 * Theme.spacingSmall
            color: Theme.problemFill
            border.color: Theme.problemBorder
            border.width: Theme.borderWidth
            Accessible.role: Accessible.AlertMessage
            Accessible.name: root.session.errorText

            RowLayout {
                id: errorRow

                anchors.fill: parent
                anchors.margins: Theme.spacingSmall
                spacing: Theme.spacing

                Label {
                    Layout.fillWidth: true
                    text: "⚠ " + root.session.errorText
                    color: Theme.text
                    font.pixelSize: Theme.fontLabel
                    wrapMode: Text.Wrap
                }

                Button {
                    text: qsTr("Dismiss")
                    onClicked: root.session.clearError()
                }
            }
        }

        // Not a SplitView: Qt 6.4's SplitView hides its items while it is destroyed, which
        // runs the scene's layout handlers on a half-destroyed scene.
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            SceneView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumWidth: 320
                scene: root.session.scene
            }

            StackLayout {
                Layout.fillHeight: true
                Layout.preferredWidth: Math.max(360, root.width * 0.45)
                Layout.maximumWidth: Math.max(360, root.width * 0.5)
                currentIndex: root.showingComparison ? 1 : 0

                PacketPanel {
                    session: root.session
                }

                KernelComparisonPanel {
                    session: root.session
                    onCloseRequested: root.showingComparison = false
                }
            }
        }
    }
}
