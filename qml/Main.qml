// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import PortLab

// PortLab's window: the stage (hosts as buildings, their floors, doors and the envelopes under
// way) beside the panels that explain the current step (a layer wrapping, the mail room's
// lookup, a statement's result), the step list, the packets with the inspector, a host's
// socket table, and the charts; the timeline below drives them all. What it shows comes from C++ as a
// LabSession: the example scenario, a scenario file, or a capture file replayed.
// With a LessonSession, the lessons too: their list (Ctrl+L), a lesson's narration as the side
// panel's first tab while its steps drive the stage, and presenter mode (F5) for a class.
// The console (Ctrl+`) under the stage takes the scenario language and plays each statement.
Window {
    id: root

    required property LabSession session
    readonly property StagePlayer player: root.session.player
    property bool showingComparison: false
    // The lessons, when the app offers them (null: the lab alone).
    property LessonSession lessons: null
    readonly property bool lessonOpen: root.lessons !== null && root.lessons.open
    property bool showingLibrary: false
    property bool libraryShowsGallery: false   // the experiments, rather than the lessons
    property bool presenting: false
    property int visibilityBeforePresenting: Window.Windowed
    // The host a lesson's camera frames (-1: the whole network).
    readonly property var hostNames: root.player.hostNames
    readonly property int lessonCameraHost: root.lessonOpen && root.lessons.cameraHost.length > 0
                                            ? root.hostNames.indexOf(root.lessons.cameraHost) : -1
    // Space presses a focused button, as everywhere else; elsewhere it plays and pauses.
    readonly property bool buttonHasFocus: root.activeFocusItem instanceof AbstractButton
    // The stage's keys act while the stage is in view, presenter mode has not taken them, and
    // the console is not being typed in.
    readonly property bool stageKeys: !root.presenting && !root.showingLibrary && !consolePanel.activeFocus
    // The console: what is typed there grows the scene the stage shows.
    readonly property ConsoleSession consoleSession: ConsoleSession {
        lab: root.session
    }
    property bool consoleOpen: false
    // The stage's menus and drags, each run as the statement it stands for, in the console.
    readonly property StageActions stageActions: StageActions {
        console: root.consoleSession
    }
    // What the open menu or dialog is about (NetworkView.contextMenuRequested's target).
    property var menuTarget: ({kind: "background"})

    // Runs a stage action with the console open, so the statement it stands for is seen.
    function act(action: var) {
        root.consoleOpen = true
        action()
    }

    function showStageMenu(target: var, position: point) {
        root.menuTarget = target
        const menu = target.kind === "door" ? doorMenu : target.kind === "process" ? processMenu : target.kind === "host" ? hostMenu : backgroundMenu
        menu.popup(stage, position.x, position.y)
    }

    // The statement a door's menu item runs, shown in the item so that clicking teaches it.
    function doorStatement(call: string): string {
        return root.menuTarget.kind === "door" ? root.stageActions.statementFor(root.menuTarget.socket.id, call) : ""
    }

    // The side panel's pages (Lesson last, though its tab comes first while a lesson is open).
    enum Panel { Now, Steps, Packets, Sockets, Charts, Lesson }

    // The side panel's tabs, in order.
    readonly property var panelTabs: root.lessonOpen
                                     ? [Main.Panel.Lesson, Main.Panel.Now, Main.Panel.Steps, Main.Panel.Packets, Main.Panel.Sockets, Main.Panel.Charts]
                                     : [Main.Panel.Now, Main.Panel.Steps, Main.Panel.Packets, Main.Panel.Sockets, Main.Panel.Charts]

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

    // Ctrl+`: open the console and type; from the console, close it.
    function toggleConsole() {
        if (root.consoleOpen && consolePanel.activeFocus) {
            root.consoleOpen = false
            stage.forceActiveFocus()
        } else {
            root.consoleOpen = true
            consolePanel.focusInput()
        }
    }

    function toggleFullScreen() {
        root.visibility = root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen
    }

    function panelTitle(panel: int): string {
        return panel === Main.Panel.Lesson ? qsTr("Lesson")
             : panel === Main.Panel.Steps ? qsTr("Steps")
             : panel === Main.Panel.Packets ? qsTr("Packets")
             : panel === Main.Panel.Sockets ? qsTr("Sockets")
             : panel === Main.Panel.Charts ? qsTr("Charts")
             : qsTr("Now")
    }

    function panelKey(panel: int): string {
        return panel === Main.Panel.Lesson ? "Alt+L" : "Alt+" + (panel + 1)
    }

    // The lessons, or the gallery of experiments; the same keys again close it.
    function toggleLibrary(gallery: bool) {
        if (root.lessons === null || root.presenting)
            return
        if (root.showingLibrary && root.libraryShowsGallery === gallery) {
            root.showingLibrary = false
            return
        }
        root.libraryShowsGallery = gallery
        root.showingLibrary = true
    }

    // Back to the list the lesson or experiment came from; a lesson's progress is kept.
    function leaveLesson() {
        root.stopPresenting()
        root.lessons.closeLesson()
        root.toggleLibrary(root.libraryShowsGallery)
    }

    // A lesson opened from the list (whose card had the keyboard): the keyboard goes to the lesson.
    function focusLesson() {
        const panel = lessonPanelRepeater.count > 0 ? lessonPanelRepeater.itemAt(0) as LessonPanel : null
        if (panel && (!root.activeFocusItem || root.activeFocusItem === root.contentItem))
            panel.focusStart()
    }

    function present() {
        if (!root.lessonOpen || root.presenting)
            return
        root.visibilityBeforePresenting = root.visibility
        root.showingLibrary = false
        root.presenting = true
        root.visibility = Window.FullScreen
    }

    function stopPresenting() {
        if (!root.presenting)
            return
        root.presenting = false
        const before = root.visibilityBeforePresenting
        root.visibility = before === Window.FullScreen || before === Window.Maximized ? before : Window.Windowed
        focusLessonTimer.restart()
    }

    Binding {
        target: root.player
        property: "baseStepDuration"
        value: Theme.stepDuration
    }

    // --- keys: a clicker or a keyboard drives the timeline --------------------------------

    // While a lesson is open, a clicker's keys (Page Down, Page Up) move its steps and the arrow
    // keys still step the timeline; in presenter mode PresenterView takes them all.
    Shortcut {
        sequence: "Space"
        enabled: root.stageKeys && !root.buttonHasFocus
        onActivated: root.player.togglePlaying()
    }
    Shortcut {
        sequence: "Right"
        enabled: root.stageKeys
        onActivated: root.player.stepForward()
    }
    Shortcut {
        sequence: "PgDown"
        enabled: root.stageKeys
        onActivated: root.lessonOpen ? root.lessons.next() : root.player.stepForward()
    }
    Shortcut {
        sequence: "Left"
        enabled: root.stageKeys
        onActivated: root.player.stepBack()
    }
    Shortcut {
        sequence: "PgUp"
        enabled: root.stageKeys
        onActivated: root.lessonOpen ? root.lessons.back() : root.player.stepBack()
    }
    Shortcut {
        sequence: "Home"
        enabled: root.stageKeys
        onActivated: root.player.toStart()
    }
    Shortcut {
        sequence: "End"
        enabled: root.stageKeys
        onActivated: root.player.toEnd()
    }
    Shortcut {
        sequences: ["+", "=", "Ctrl++"]
        enabled: root.stageKeys
        onActivated: root.player.faster()
    }
    Shortcut {
        sequences: ["-", "Ctrl+-"]
        enabled: root.stageKeys
        onActivated: root.player.slower()
    }
    Shortcut {
        sequence: "F11"
        enabled: !root.presenting
        onActivated: root.toggleFullScreen()
    }
    Shortcut {
        sequence: "Ctrl+O"
        enabled: !root.presenting
        onActivated: openScenarioDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+Shift+O"
        enabled: !root.presenting
        onActivated: openCaptureDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+E"
        enabled: root.session.canExport && !root.presenting
        onActivated: exportDialog.open()
    }
    Shortcut {
        sequences: ["Ctrl+`", "Ctrl+~"]
        enabled: !root.presenting
        onActivated: root.toggleConsole()
    }
    Shortcut {
        sequence: "Ctrl+S"
        enabled: !root.presenting
        onActivated: saveSceneDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+Shift+S"
        onActivated: screenshotDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+Z"
        enabled: root.consoleSession.canUndo && !root.presenting
        onActivated: root.consoleSession.undo()
    }
    Shortcut {
        sequence: "Ctrl+Shift+Z"
        enabled: root.consoleSession.canRedo && !root.presenting
        onActivated: root.consoleSession.redo()
    }
    Shortcut {
        sequence: "Ctrl+K"
        enabled: root.session.canRunOnKernel && !root.presenting
        onActivated: root.compareWithKernel()
    }
    Shortcut {
        sequence: "Ctrl+L"
        enabled: root.lessons !== null && !root.presenting
        onActivated: root.toggleLibrary(false)
    }
    Shortcut {
        sequence: "Ctrl+G"
        enabled: root.lessons !== null && !root.presenting
        onActivated: root.toggleLibrary(true)
    }
    Shortcut {
        sequence: "Esc"
        enabled: root.showingLibrary && !root.presenting
        onActivated: root.showingLibrary = false
    }
    Shortcut {
        sequence: "F5"
        enabled: root.lessonOpen && !root.presenting
        onActivated: root.present()
    }
    // (once the list of lessons, which had the keyboard, is gone)
    Timer {
        id: focusLessonTimer

        interval: 0
        onTriggered: root.focusLesson()
    }
    Connections {
        target: root.lessons

        function onLessonChanged() {
            if (root.lessons.open) {
                root.showingLibrary = false
                root.showingComparison = false
                sidePanel.currentIndex = Main.Panel.Lesson
                focusLessonTimer.restart()
            } else {
                root.stopPresenting()
                sidePanel.currentIndex = Main.Panel.Now
            }
        }

        // Each step frames what its camera names, even after the viewer moved the stage.
        function onStepChanged() {
            if (root.lessons.open)
                stage.followSteps()
        }
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

    Menu {
        id: backgroundMenu

        objectName: "backgroundMenu"
        MenuItem {
            text: qsTr("Add a host")
            onTriggered: root.act(() => root.stageActions.addHost())
        }
    }

    Menu {
        id: hostMenu

        objectName: "hostMenu"
        title: root.menuTarget.host ?? ""
        MenuItem {
            objectName: "addProcess"
            text: qsTr("Add a process (ordinary user)")
            onTriggered: root.act(() => root.stageActions.addProcess(root.menuTarget.host, false))
        }
        MenuItem {
            text: qsTr("Add a process as root")
            onTriggered: root.act(() => root.stageActions.addProcess(root.menuTarget.host, true))
        }
        MenuItem {
            objectName: "showSockets"
            // ss is Linux's: a Windows host has no such command
            visible: hostMenu.visible && root.stageActions.hostSettings(root.menuTarget.host ?? "").os !== "windows"
            height: visible ? implicitHeight : 0
            text: qsTr("Show its sockets (ss -tuanp)")
            onTriggered: root.act(() => root.stageActions.showSockets(root.menuTarget.host))
        }
        MenuItem {
            objectName: "hostSettings"
            text: qsTr("Settings…")
            onTriggered: hostSettingsDialog.open()
        }
        MenuItem {
            objectName: "removeHost"
            text: qsTr("Remove host…")
            onTriggered: {
                removeHostDialog.statements = root.consoleSession.statementsAboutHost(root.menuTarget.host)
                if (removeHostDialog.statements > 0)
                    removeHostDialog.open()
                else
                    root.act(() => root.consoleSession.removeHost(root.menuTarget.host))
            }
        }
    }

    Menu {
        id: processMenu

        objectName: "processMenu"
        MenuItem {
            objectName: "openTcpServer"
            text: qsTr("Open a TCP server on a port…")
            onTriggered: {
                portDialog.protocol = "tcp"
                portDialog.open()
            }
        }
        MenuItem {
            text: qsTr("Open a UDP socket on a port…")
            onTriggered: {
                portDialog.protocol = "udp"
                portDialog.open()
            }
        }
        MenuItem {
            enabled: false
            text: qsTr("To connect: drag ⇢ connect onto a door")
        }
        MenuItem {
            id: endProcessItem

            readonly property string statement: processMenu.visible ? root.stageActions.killStatement(root.menuTarget.pid ?? -1) : ""

            objectName: "endProcess"
            enabled: endProcessItem.statement.length > 0
            //: an office's menu item: what it does, then the statement it runs
            text: qsTr("End process (kill)    %1").arg(endProcessItem.statement)
            onTriggered: root.act(() => root.stageActions.kill(root.menuTarget.pid))
        }
    }

    // A door's menu item: shown in the states where the call makes sense, labelled with the
    // statement it runs.
    // A port is a number, not a quantity: written without the locale's thousands separator.
    component PortSpinBox: SpinBox {
        from: 0
        to: 65535
        editable: true
        textFromValue: (value, locale) => String(value)
        valueFromText: (text, locale) => parseInt(text, 10)
        validator: IntValidator {
            bottom: 0
            top: 65535
        }
    }

    component DoorCallItem: MenuItem {
        id: doorCallItem

        required property string call
        required property string label
        property var states: []        // as ss names them; empty: any state
        property string protocol: ""   // "tcp", "udp", or "" for both

        readonly property var socket: root.menuTarget.kind === "door" ? root.menuTarget.socket : null
        readonly property string statement: doorMenu.visible ? root.doorStatement(doorCallItem.call) : ""

        objectName: "door:" + doorCallItem.call
        visible: doorCallItem.socket !== null && (doorCallItem.states.length === 0 || doorCallItem.states.indexOf(doorCallItem.socket.state) >= 0)
                 && (doorCallItem.protocol === "" || doorCallItem.protocol === doorCallItem.socket.protocol)
        height: doorCallItem.visible ? implicitHeight : 0
        enabled: doorCallItem.statement.length > 0
        //: a door's menu item: what it does, then the statement it runs
        text: doorCallItem.statement.length > 0 ? qsTr("%1    %2").arg(doorCallItem.label).arg(doorCallItem.statement) : doorCallItem.label
        onTriggered: root.act(() => root.stageActions.callOn(doorCallItem.socket.id, doorCallItem.call))
    }

    Menu {
        id: doorMenu

        objectName: "doorMenu"
        DoorCallItem {
            call: "listen"
            label: qsTr("Listen")
            states: ["UNCONN"]
            protocol: "tcp"
        }
        DoorCallItem {
            call: "accept"
            label: qsTr("Accept a connection")
            states: ["LISTEN"]
        }
        DoorCallItem {
            call: "send"
            label: qsTr("Send \"hello\"")
            states: ["ESTAB", "CLOSE-WAIT"]
        }
        DoorCallItem {
            call: "recv"
            label: qsTr("Receive")
            states: ["ESTAB", "CLOSE-WAIT", "UNCONN"]
        }
        DoorCallItem {
            call: "shutdown"
            label: qsTr("Shut down writing (FIN)")
            states: ["ESTAB", "CLOSE-WAIT"]
            protocol: "tcp"
        }
        DoorCallItem {
            call: "close"
            label: qsTr("Close")
        }
    }

    Dialog {
        id: portDialog

        property string protocol: "tcp"

        objectName: "portDialog"
        anchors.centerIn: parent
        modal: true
        title: portDialog.protocol === "tcp" ? qsTr("Open a TCP server") : qsTr("Open a UDP socket")
        standardButtons: Dialog.Ok | Dialog.Cancel
        onOpened: portField.forceActiveFocus()
        onAccepted: root.act(() => root.stageActions.openServer(root.menuTarget.pid, portDialog.protocol, portField.value))

        ColumnLayout {
            spacing: Theme.spacing

            Label {
                text: qsTr("%1 binds every address of its host at this port (0 lets the kernel choose):").arg(root.menuTarget.name ?? "")
                font.pixelSize: Theme.fontBody
            }
            PortSpinBox {
                id: portField

                objectName: "portField"
                from: 0
                to: 65535
                value: 8080
                editable: true
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("Port")
                Keys.onReturnPressed: portDialog.accept()
                Keys.onEnterPressed: portDialog.accept()
            }
        }
    }

    Dialog {
        id: removeHostDialog

        property int statements: 0

        objectName: "removeHostDialog"
        anchors.centerIn: parent
        width: Math.min(root.width * 0.6, 720)
        modal: true
        title: qsTr("Remove host %1").arg(root.menuTarget.host ?? "")
        standardButtons: Dialog.Ok | Dialog.Cancel
        onAccepted: root.act(() => root.consoleSession.removeHost(root.menuTarget.host))

        Label {
            objectName: "removeHostQuestion"
            width: removeHostDialog.availableWidth
            wrapMode: Text.Wrap
            //: the confirmation before removing a host from the scene
            text: (removeHostDialog.statements === 1 ? qsTr("This takes %1 out of the scene with the statement about it.").arg(root.menuTarget.host ?? "")
                                                     : qsTr("This takes %1 out of the scene with the %2 statements about it: its processes, their calls, the tools run on it.")
                                                       .arg(root.menuTarget.host ?? "").arg(removeHostDialog.statements))
                  + " " + qsTr("Statements that only reach its address stay, and now fail as they would without it. Undo (Ctrl+Z) puts everything back.")
            font.pixelSize: Theme.fontBody
        }
    }

    Dialog {
        id: hostSettingsDialog

        // The host as the scene ends; only what is changed here runs.
        property var current: ({})

        objectName: "hostSettingsDialog"
        anchors.centerIn: parent
        modal: true
        title: qsTr("Settings of %1").arg(root.menuTarget.host ?? "")
        standardButtons: Dialog.Ok | Dialog.Cancel
        onAboutToShow: {
            hostSettingsDialog.current = root.stageActions.hostSettings(root.menuTarget.host ?? "")
            osChoice.currentIndex = Math.max(0, osChoice.indexOfValue(hostSettingsDialog.current.os ?? "linux"))
            rangeLow.value = hostSettingsDialog.current.ephemeralLow ?? 32768
            rangeHigh.value = hostSettingsDialog.current.ephemeralHigh ?? 60999
            unprivilegedStart.value = hostSettingsDialog.current.unprivilegedPortStart ?? 1024
            forwarding.checked = hostSettingsDialog.current.forwards ?? false
        }
        onAccepted: root.act(() => {
            const host = root.menuTarget.host
            const current = hostSettingsDialog.current
            if (osChoice.currentValue !== current.os)
                root.consoleSession.setHostOs(host, osChoice.currentValue)
            if (rangeLow.value !== current.ephemeralLow || rangeHigh.value !== current.ephemeralHigh)
                root.stageActions.setEphemeralRange(host, rangeLow.value, rangeHigh.value)
            if (unprivilegedStart.value !== current.unprivilegedPortStart)
                root.stageActions.setUnprivilegedPortStart(host, unprivilegedStart.value)
            if (forwarding.checked !== current.forwards)
                root.stageActions.setForwarding(host, forwarding.checked)
        })

        GridLayout {
            columns: 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacingSmall

            Label {
                Layout.columnSpan: 2
                text: qsTr("The host as the scene ends. A new OS rewrites its declaration and the scene runs again; the ports run as sysctl statements.")
                font.pixelSize: Theme.fontLabel
                wrapMode: Text.Wrap
                Layout.maximumWidth: root.width * 0.6
            }
            Label {
                text: qsTr("Operating system")
                font.pixelSize: Theme.fontBody
            }
            ComboBox {
                id: osChoice

                objectName: "osChoice"
                implicitContentWidthPolicy: ComboBox.WidestText
                textRole: "text"
                valueRole: "value"
                model: [{value: "linux", text: qsTr("Linux")}, {value: "iana", text: qsTr("Linux rules, IANA's dynamic range")},
                    {value: "windows", text: qsTr("Windows")}]
                Accessible.name: qsTr("Operating system")
            }
            Label {
                id: osDeclaration

                readonly property string declaration: hostSettingsDialog.visible
                                                      ? root.consoleSession.declarationWithOs(root.menuTarget.host ?? "", osChoice.currentValue) : ""

                objectName: "osDeclaration"
                Layout.columnSpan: 2
                visible: osDeclaration.declaration.length > 0
                //: how the host's declaration reads once the OS chosen in the settings dialog is applied
                text: qsTr("becomes:    %1").arg(osDeclaration.declaration)
                font.pixelSize: Theme.fontLabel
                font.family: Theme.monoFamily
            }
            // said before OK: the scene has a statement the chosen OS cannot run
            Label {
                id: osProblem

                readonly property string problem: osDeclaration.visible
                                                  ? root.consoleSession.osChangeProblem(root.menuTarget.host ?? "", osChoice.currentValue) : ""

                objectName: "osProblem"
                Layout.columnSpan: 2
                Layout.maximumWidth: osDeclaration.implicitWidth
                visible: osProblem.problem.length > 0
                text: "✗ " + osProblem.problem
                color: Theme.text
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontLabel
                background: Rectangle {
                    color: Theme.problemFill
                    border.color: Theme.problemBorder
                }
            }
            Label {
                text: qsTr("Ephemeral ports from")
                font.pixelSize: Theme.fontBody
            }
            PortSpinBox {
                id: rangeLow

                from: 1
                to: 65535
                value: 32768
                editable: true
                Accessible.name: qsTr("Ephemeral range, first port")
            }
            Label {
                text: qsTr("to")
                font.pixelSize: Theme.fontBody
            }
            PortSpinBox {
                id: rangeHigh

                from: 1
                to: 65535
                value: 60999
                editable: true
                Accessible.name: qsTr("Ephemeral range, last port")
            }
            Label {
                text: qsTr("Privileged below port")
                font.pixelSize: Theme.fontBody
            }
            PortSpinBox {
                id: unprivilegedStart

                from: 0
                to: 65535
                value: 1024
                editable: true
                Accessible.name: qsTr("First port an ordinary user may bind (ip_unprivileged_port_start)")
            }
            CheckBox {
                id: forwarding

                objectName: "forwarding"
                Layout.columnSpan: 2
                text: qsTr("Forwards packets meant for other hosts (ip_forward), as a gateway does")
                font.pixelSize: Theme.fontBody
                Accessible.name: forwarding.text
            }
        }
    }

    FileDialog {
        id: saveSceneDialog

        title: qsTr("Save the scene as a scenario")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "portlab"
        nameFilters: [qsTr("PortLab scenarios (*.portlab)")]
        onAccepted: root.consoleSession.saveScene(saveSceneDialog.selectedFile)
    }

    FileDialog {
        id: screenshotDialog

        title: qsTr("Export a screenshot of the window")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "png"
        nameFilters: [qsTr("PNG images (*.png)")]
        onAccepted: screenshotTimer.restart()
    }
    // (once the dialog has left the window)
    Timer {
        id: screenshotTimer

        interval: 300
        onTriggered: root.session.exportScreenshot(root, screenshotDialog.selectedFile)
    }

    // A problem in words, over the stage until dismissed.
    component ProblemBanner: Rectangle {
        id: banner

        property string message
        property string textName
        property string dismissName

        signal dismissed()

        Layout.fillWidth: true
        visible: banner.message.length > 0
        implicitHeight: bannerRow.implicitHeight + 2 * Theme.spacingSmall
        color: Theme.problemFill
        border.color: Theme.problemBorder
        border.width: Theme.borderWidth
        Accessible.role: Accessible.AlertMessage
        Accessible.name: banner.message

        RowLayout {
            id: bannerRow

            anchors.fill: parent
            anchors.margins: Theme.spacingSmall
            spacing: Theme.spacing

            Label {
                objectName: banner.textName
                Layout.fillWidth: true
                text: "⚠ " + banner.message
                color: Theme.text
                font.pixelSize: Theme.fontLabel
                font.family: Theme.monoFamily
                wrapMode: Text.Wrap
            }

            Button {
                text: qsTr("Dismiss")
                activeFocusOnTab: true
                Accessible.name: banner.dismissName
                onClicked: banner.dismissed()
            }
        }
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
        visible: !root.presenting
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
                    objectName: "lessonsButton"
                    visible: root.lessons !== null
                    text: qsTr("Lessons")
                    tip: qsTr("The lessons: choose one to take, step by step (Ctrl+L)")
                    onClicked: root.toggleLibrary(false)
                }

                ToolbarButton {
                    objectName: "experimentsButton"
                    visible: root.lessons !== null
                    text: qsTr("Experiments")
                    tip: qsTr("The gallery: one-click experiments that ask for your prediction (Ctrl+G)")
                    onClicked: root.toggleLibrary(true)
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
                    objectName: "consoleButton"
                    text: root.consoleOpen ? qsTr("Console ▾") : qsTr("Console ▸")
                    tip: qsTr("Type statements of the scenario language and watch them run on the stage (Ctrl+`)")
                    Accessible.name: root.consoleOpen ? qsTr("Hide the console") : qsTr("Show the console")
                    onClicked: root.toggleConsole()
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
                            text: qsTr("Export screenshot… (Ctrl+Shift+S)")
                            onTriggered: screenshotDialog.open()
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

        ProblemBanner {
            message: root.session.errorText
            textName: "errorText"
            dismissName: qsTr("Dismiss the error")
            onDismissed: root.session.clearError()
        }

        ProblemBanner {
            message: root.lessons !== null ? root.lessons.problems : ""
            textName: "lessonProblems"
            dismissName: qsTr("Dismiss the problems with the lessons")
            onDismissed: root.lessons.clearProblems()
        }

        // Not a SplitView: Qt 6.4's SplitView hides its items while it is destroyed, which
        // runs the scene's layout handlers on a half-destroyed scene.
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !root.showingLibrary
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
                conflictSocket: root.player.conflictSocket
                selectedHost: root.player.selectedHost
                stepDuration: root.player.stepDuration
                // The camera follows the steps from the start, so the text stays readable.
                autoFit: false
                follow: true
                // In a lesson, the camera frames what the step's camera block names.
                cameraHost: root.lessonOpen ? root.lessonCameraHost : root.player.cameraHost
                onHostClicked: index => {
                    root.player.selectedHost = index
                    sidePanel.currentIndex = Main.Panel.Sockets
                }
                onContextMenuRequested: (target, position) => root.showStageMenu(target, position)
                onProcessDroppedOnDoor: (pid, socketId) => root.act(() => root.stageActions.connectTo(pid, socketId))

                // the stage holds still until the student locks a prediction in
                Rectangle {
                    objectName: "awaitingPrediction"
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.margins: Theme.spacingSmall
                    visible: root.lessonOpen && root.lessons.awaitingPrediction
                    width: awaitingLabel.implicitWidth + 2 * Theme.spacing
                    height: awaitingLabel.implicitHeight + Theme.spacing
                    radius: Theme.radius
                    color: Theme.selectionFill
                    border.color: Theme.selectionBorder
                    border.width: Theme.borderWidth

                    Label {
                        id: awaitingLabel

                        anchors.centerIn: parent
                        text: qsTr("❚❚ Waiting for your prediction")
                        color: Theme.selectionText
                        font.pixelSize: Theme.fontBody
                        font.bold: true
                    }
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
                        currentIndex: root.panelTabs.indexOf(sidePanel.currentIndex)
                        onCurrentIndexChanged: {
                            // (while the tabs are being made again, the index is not one of them)
                            if (tabs.count === root.panelTabs.length && tabs.currentIndex >= 0)
                                sidePanel.currentIndex = root.panelTabs[tabs.currentIndex]
                        }

                        Repeater {
                            model: root.panelTabs

                            delegate: TabButton {
                                required property int modelData
                                required property int index

                                objectName: "tab:" + root.panelTitle(modelData)
                                text: root.panelTitle(modelData)
                                font.pixelSize: Theme.fontLabel
                                font.bold: tabs.currentIndex === index
                                activeFocusOnTab: true
                                //: a tab of the side panel, with the key that shows it
                                Accessible.name: qsTr("%1 panel (%2)").arg(root.panelTitle(modelData)).arg(root.panelKey(modelData))
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

                        LazyPanel {
                            shown: sidePanel.currentIndex === Main.Panel.Steps
                            content: StepListView {
                                model: root.player.filteredSteps
                                hostNames: root.player.hostNames
                                currentStep: root.player.currentStep
                                onStepChosen: step => root.player.jumpTo(step)
                            }
                        }

                        LazyPanel {
                            shown: sidePanel.currentIndex === Main.Panel.Packets
                            content: PacketPanel {
                                session: root.session
                            }
                        }

                        LazyPanel {
                            shown: sidePanel.currentIndex === Main.Panel.Sockets
                            content: SocketTableView {
                                model: root.player.socketTable
                                hostNames: root.player.hostNames
                                selectedHost: root.player.tableHost
                                highlightSocket: root.player.focusSocket
                                onHostChosen: index => root.player.selectedHost = index
                            }
                        }

                        LazyPanel {
                            shown: sidePanel.currentIndex === Main.Panel.Charts
                            content: PortChart {
                                objectName: "chartPanel"
                                player: root.player
                            }
                        }

                        // Lesson: the lesson's narration and what the step asks, while one is
                        // open. (A Repeater of one rather than a Loader: Qt 6.4's Loader cannot
                        // make a component of a file with `pragma ComponentBehavior: Bound`.)
                        Item {
                            Repeater {
                                id: lessonPanelRepeater

                                model: root.lessonOpen ? 1 : 0

                                delegate: LessonPanel {
                                    objectName: "lessonPanel"
                                    width: parent ? parent.width : 0
                                    height: parent ? parent.height : 0
                                    lessons: root.lessons
                                    stack: root.player.stack
                                    stepDuration: root.player.stepDuration
                                    onLibraryRequested: root.leaveLesson()
                                    onPresentRequested: root.present()
                                }
                            }
                        }
                    }
                }

                LazyPanel {
                    shown: root.showingComparison
                    content: KernelComparisonPanel {
                        session: root.session
                        onCloseRequested: root.showingComparison = false
                    }
                }
            }
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.showingLibrary && root.lessons !== null

            Repeater {
                model: root.showingLibrary && root.lessons !== null ? 1 : 0

                delegate: LessonLibraryView {
                    objectName: "library"
                    width: parent ? parent.width : 0
                    height: parent ? parent.height : 0
                    lessons: root.lessons
                    gallery: root.libraryShowsGallery
                    onGalleryChanged: root.libraryShowsGallery = gallery
                    onCloseRequested: root.showingLibrary = false
                    Component.onCompleted: focusFirst()
                }
            }
        }

        ConsolePanel {
            id: consolePanel

            objectName: "consolePanel"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(170, root.height * 0.24)
            visible: root.consoleOpen && !root.showingLibrary
            consoleSession: root.consoleSession
            onCloseRequested: root.toggleConsole()
            onSaveRequested: saveSceneDialog.open()
        }

        TimelineBar {
            objectName: "timeline"
            Layout.fillWidth: true
            visible: !root.showingLibrary
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
        sequence: "Alt+L"
        enabled: root.lessonOpen && !root.presenting
        onActivated: sidePanel.currentIndex = Main.Panel.Lesson
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
    Shortcut {
        sequence: "Alt+5"
        onActivated: sidePanel.currentIndex = Main.Panel.Charts
    }

    // Presenter mode: the stage and a caption strip, full screen; its own keys.
    Repeater {
        model: root.presenting && root.lessonOpen ? 1 : 0

        delegate: PresenterView {
            objectName: "presenter"
            width: root.width
            height: root.height
            lessons: root.lessons
            player: root.player
            stepTitles: root.lessons ? root.lessons.stepTitles : []
            onExitRequested: root.stopPresenting()
            Component.onCompleted: forceActiveFocus()
        }
    }
}
