// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import PortLab

// PortLab's window: the stage (hosts as buildings, their floors, doors and the envelopes under
// way) beside the panels that explain the current step (a layer wrapping, the mail room's
// lookup, a statement's result), the step list, the packets with the inspector, and a host's
// socket table; the timeline below drives them all. What it shows comes from C++ as a
// LabSession: the example scenario, a scenario file, or a capture file replayed.
Window {
    id: root

    required property LabSession session
    readonly property StagePlayer player: root.session.player
    property bool showingComparison: false

    // The side panel's tabs, in order.
    enum Panel { Now, Steps, Packets, Sockets }

    width: 1280
    height: 720
    minimumWidth: 800
    minimumHeight: 560
    visible: true
    title: root.session.title.length > 0 ? qsTr("PortLab — %1").arg(root.session.title) : qsTr("PortLab")
    color: Theme.background

    function compareWithKernel() {
        root.showingComparison = true
        root.session.runOnKernel()
    }

    // Theme.Light, Theme.Dark or Theme.Projector (for C++: the screenshot tests).
    function setLook(look: int) {
        Theme.look = look
    }

    function toggleFullScreen() {
        root.visibility = root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen
    }

    Binding {
        target: root.player
        property: "baseStepDuration"
        value: Theme.stepDuration
    }

    // --- keys: a clicker or a keyboard drives the timeline --------------------------------

    Shortcut {
        sequence: "Space"
        onActivated: root.player.togglePlaying()
    }
    Shortcut {
        sequences: ["Right", "PgDown"]
        onActivated: root.player.stepForward()
    }
    Shortcut {
        sequences: ["Left", "PgUp"]
        onActivated: root.player.stepBack()
    }
    Shortcut {
        sequence: "Home"
        onActivated: root.player.toStart()
    }
    Shortcut {
        sequence: "End"
        onActivated: root.player.toEnd()
    }
    Shortcut {
        sequences: ["+", "=", "Ctrl++"]
        onActivated: root.player.faster()
    }
    Shortcut {
        sequences: ["-", "Ctrl+-"]
        onActivated: root.player.slower()
    }
    Shortcut {
        sequence: "F11"
        onActivated: root.toggleFullScreen()
    }
    Shortcut {
        sequence: "Ctrl+O"
        onActivated: openScenarioDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+Shift+O"
        onActivated: openCaptureDialog.open()
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
    Connections {
        target: root.session

        function onSessionChanged() {
            if (!root.session.canRunOnKernel)
                root.showingComparison = false
        }
    }

    FileDialog {
        id: openScenarioDialog

        title: qsTr("Open a scenario")
        nameFilters: [qsTr("PortLab scenarios (*.portlab)"), qsTr("All files (*)")]
        onAccepted: root.session.openScenario(openScenarioDialog.selectedFile)
    }

    FileDialog {
        id: openCaptureDialog

        title: qsTr("Open a packet capture")
        nameFilters: [qsTr("Packet captures (*.pcap *.pcapng *.cap)"), qsTr("All files (*)")]
        onAccepted: root.session.openCapture(openCaptureDialog.selectedFile)
    }

    FileDialog {
        id: exportDialog

        title: qsTr("Export the packets as a capture")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "pcap"
        nameFilters: [qsTr("pcap captures (*.pcap)")]
        onAccepted: root.session.exportCapture(exportDialog.selectedFile)
    }

    component ToolbarButton: Button {
        id: toolbarButton

        property string tip

        font.pixelSize: Theme.fontLabel
        activeFocusOnTab: true
        Accessible.name: toolbarButton.text
        Accessible.description: toolbarButton.tip
        ToolTip.visible: toolbarButton.hovered || toolbarButton.visualFocus
        ToolTip.delay: 500
        ToolTip.text: toolbarButton.tip
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
                spacing: Theme.spacingSmall

                Label {
                    Layout.fillWidth: true
                    text: root.session.title
                    color: Theme.buildingFrontText
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    elide: Text.ElideMiddle
                }

                ToolbarButton {
                    text: qsTr("Open scenario…")
                    tip: qsTr("Open a .portlab scenario and play it on the stage (Ctrl+O)")
                    onClicked: openScenarioDialog.open()
                }

                ToolbarButton {
                    text: qsTr("Open capture…")
                    tip: qsTr("Open a pcap or pcapng file and replay its packets through the hosts they imply (Ctrl+Shift+O)")
                    onClicked: openCaptureDialog.open()
                }

                ToolbarButton {
                    text: qsTr("Export capture…")
                    enabled: root.session.canExport
                    tip: qsTr("Save every packet that crossed a link as a pcap file for Wireshark (Ctrl+E)")
                    onClicked: exportDialog.open()
                }

                ToolbarButton {
                    text: qsTr("Run on this kernel")
                    enabled: root.session.canRunOnKernel
                    tip: qsTr("Run the same scenario on real sockets of this computer's Linux kernel and show both answers side by side (Ctrl+K)")
                    onClicked: root.compareWithKernel()
                }

                ToolbarButton {
                    id: viewButton

                    text: qsTr("View ▾")
                    tip: qsTr("Light, dark or projector look; reduced motion; full screen (F11)")
                    onClicked: viewMenu.open()

                    Menu {
                        id: viewMenu

                        y: viewButton.height

                        MenuItem {
                            text: qsTr("Light")
                            checkable: true
                            checked: Theme.look === Theme.Light
                            onTriggered: Theme.look = Theme.Light
                        }
                        MenuItem {
                            text: qsTr("Dark")
                            checkable: true
                            checked: Theme.look === Theme.Dark
                            onTriggered: Theme.look = Theme.Dark
                        }
                        MenuItem {
                            text: qsTr("Projector (high contrast)")
                            checkable: true
                            checked: Theme.look === Theme.Projector
                            onTriggered: Theme.look = Theme.Projector
                        }
                        MenuSeparator {}
                        MenuItem {
                            text: qsTr("Reduced motion")
                            checkable: true
                            checked: Theme.reducedMotion
                            onTriggered: Theme.reducedMotion = !Theme.reducedMotion
                        }
                        MenuItem {
                            text: qsTr("Full screen (F11)")
                            checkable: true
                            checked: root.visibility === Window.FullScreen
                            onTriggered: root.toggleFullScreen()
                        }
                    }
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
                    objectName: "errorText"
                    Layout.fillWidth: true
                    text: "⚠ " + root.session.errorText
                    color: Theme.text
                    font.pixelSize: Theme.fontLabel
                    font.family: Theme.monoFamily
                    wrapMode: Text.Wrap
                }

                Button {
                    text: qsTr("Dismiss")
                    activeFocusOnTab: true
                    Accessible.name: qsTr("Dismiss the error")
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

            NetworkView {
                id: stage

                objectName: "stage"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumWidth: 360
                hosts: root.player.hosts
                envelopes: root.player.envelopes
                focusHost: root.player.focusHost
                focusSocket: root.player.focusSocket
                selectedHost: root.player.selectedHost
                stepDuration: root.player.stepDuration
                // The camera follows the steps from the start, so the text stays readable.
                autoFit: false
                follow: true
                cameraHost: root.player.cameraHost
                onHostClicked: index => {
                    root.player.selectedHost = index
                    sidePanel.currentIndex = Main.Panel.Sockets
                }
            }

            StackLayout {
                Layout.fillHeight: true
                Layout.preferredWidth: Math.max(420, root.width * 0.4)
                Layout.maximumWidth: Math.max(420, root.width * 0.45)
                currentIndex: root.showingComparison ? 1 : 0

                ColumnLayout {
                    spacing: 0

                    TabBar {
                        id: tabs

                        Layout.fillWidth: true
                        currentIndex: sidePanel.currentIndex
                        onCurrentIndexChanged: sidePanel.currentIndex = tabs.currentIndex

                        Repeater {
                            model: [qsTr("Now"), qsTr("Steps"), qsTr("Packets"), qsTr("Sockets")]

                            delegate: TabButton {
                                required property string modelData
                                required property int index

                                text: modelData
                                font.pixelSize: Theme.fontLabel
                                font.bold: tabs.currentIndex === index
                                activeFocusOnTab: true
                                //: a tab of the side panel, with the key that shows it
                                Accessible.name: qsTr("%1 panel (Alt+%2)").arg(modelData).arg(index + 1)
                            }
                        }
                    }

                    StackLayout {
                        id: sidePanel

                        objectName: "sidePanel"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        currentIndex: Main.Panel.Now

                        // Now: what the current step shows in detail.
                        Item {
                            objectName: "nowPanel"
                            readonly property bool showsMailRoom: Object.keys(root.player.mailRoom).length > 0
                            readonly property bool showsStack: !showsMailRoom && Object.keys(root.player.stack).length > 0

                            MailRoomView {
                                anchors.fill: parent
                                visible: parent.showsMailRoom
                                mailRoom: root.player.mailRoom
                                stepDuration: root.player.stepDuration
                            }
                            HostStackView {
                                anchors.fill: parent
                                visible: parent.showsStack
                                stack: root.player.stack
                                stepDuration: root.player.stepDuration
                            }
                            StepCard {
                                anchors.fill: parent
                                visible: !parent.showsMailRoom && !parent.showsStack
                                step: root.player.step
                            }
                        }

                        StepListView {
                            model: root.player.filteredSteps
                            hostNames: root.player.hostNames
                            currentStep: root.player.currentStep
                            onStepChosen: step => root.player.jumpTo(step)
                        }

                        PacketPanel {
                            session: root.session
                        }

                        SocketTableView {
                            model: root.player.socketTable
                            hostNames: root.player.hostNames
                            selectedHost: root.player.tableHost
                            highlightSocket: root.player.focusSocket
                            onHostChosen: index => root.player.selectedHost = index
                        }
                    }
                }

                KernelComparisonPanel {
                    session: root.session
                    onCloseRequested: root.showingComparison = false
                }
            }
        }

        TimelineBar {
            objectName: "timeline"
            Layout.fillWidth: true
            stepCount: root.player.stepCount
            currentStep: root.player.currentStep
            playing: root.player.playing
            speed: root.player.speed
            timeText: root.player.timeText
            caption: root.player.caption
            onPlayToggled: root.player.togglePlaying()
            onStepForwardRequested: root.player.stepForward()
            onStepBackRequested: root.player.stepBack()
            onToStartRequested: root.player.toStart()
            onToEndRequested: root.player.toEnd()
            onJumpRequested: step => root.player.jumpTo(step)
            onSpeedRequested: speed => root.player.speed = speed
        }
    }

    Shortcut {
        sequence: "Alt+1"
        onActivated: sidePanel.currentIndex = Main.Panel.Now
    }
    Shortcut {
        sequence: "Alt+2"
        onActivated: sidePanel.currentIndex = Main.Panel.Steps
    }
    Shortcut {
        sequence: "Alt+3"
        onActivated: sidePanel.currentIndex = Main.Panel.Packets
    }
    Shortcut {
        sequence: "Alt+4"
        onActivated: sidePanel.currentIndex = Main.Panel.Sockets
    }
}
