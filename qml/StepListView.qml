// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The timeline's steps as a capture tool lists packets: No., Time, From, To, Protocol, Ports,
// Summary. A failed statement is marked ⚠, a bounced or dropped envelope ✗ (with a tinted
// band, never the colour alone); the current step ▶ with a thick outline, kept in view.
// Filters above write to the filter object (the proxy model, unless told otherwise); choosing
// a row (click, or Enter on it) asks the owner to go to that step.
Rectangle {
    id: view

    // the steps: roles stepIndex, time, from, to, protocol, ports, summary, kind, isPacket, ok
    property var model: null
    // where the filters write protocol (""=all), host (""=all) and packetsOnly
    property var filter: view.model
    property var hostNames: []
    property int currentStep: -1
    // what the protocol filter writes for All, TCP, UDP, ICMP
    readonly property var protocolValues: ["", "tcp", "udp", "icmp"]

    // whether a filter hides some steps
    readonly property bool filtering: !!view.filter && (String(view.filter.protocol || "").length > 0
                                                        || String(view.filter.host || "").length > 0
                                                        || view.filter.packetsOnly === true)

    signal stepChosen(int stepIndex)

    // The row showing a step, or -1 (the proxy answers; a plain list model is searched).
    function rowForStep(step: int): int {
        if (!view.model || step < 0)
            return -1
        if (typeof view.model.rowForStep === "function")
            return view.model.rowForStep(step)
        if (typeof view.model.get === "function") {
            for (let i = 0; i < view.model.count; ++i) {
                if (view.model.get(i).stepIndex === step)
                    return i
            }
        }
        return -1
    }

    function hostChoices(): var {
        const choices = [qsTr("All hosts")]
        for (let i = 0; i < view.hostNames.length; ++i)
            choices.push(view.hostNames[i])
        return choices
    }

    function showCurrent() {
        const row = view.rowForStep(view.currentStep)
        if (row >= 0) {
            list.currentIndex = row
            list.positionViewAtIndex(row, ListView.Contain)
        }
    }

    onCurrentStepChanged: view.showCurrent()
    Component.onCompleted: view.showCurrent()

    // after the list has its new rows
    Timer {
        id: showCurrentLater

        interval: 0
        onTriggered: view.showCurrent()
    }

    Connections {
        target: view.model
        ignoreUnknownSignals: true

        function onModelReset() {
            showCurrentLater.restart()
        }

        function onRowsInserted() {
            showCurrentLater.restart()
        }

        function onRowsRemoved() {
            showCurrentLater.restart()
        }

        function onCountChanged() {
            showCurrentLater.restart()
        }
    }

    // Column widths, in ems of the label size. A wide panel has one line per step with all
    // seven columns; a narrow one (the side panel) two lines: No. Time From To Protocol, then
    // Ports and the Summary, which may take two lines there.
    readonly property real em: Theme.fontLabel
    readonly property real cellSpacing: Theme.spacingSmall
    readonly property real markWidth: 2 * view.em
    readonly property real numberWidth: 2.8 * view.em
    readonly property real timeWidth: 5.6 * view.em
    readonly property real protocolWidth: 5.2 * view.em
    readonly property real portsWidth: 6.4 * view.em
    readonly property real rowWidth: list.width
    readonly property real usable: view.rowWidth - 2 * Theme.spacingSmall
    readonly property bool wide: view.usable >= view.markWidth + view.numberWidth + view.timeWidth + view.protocolWidth
                                                + view.portsWidth + 2 * 6 * view.em + 16 * view.em + 6 * view.cellSpacing
    readonly property real hostWidth: view.wide
                                      ? 6 * view.em
                                      : (view.usable - view.markWidth - view.numberWidth - view.timeWidth
                                         - view.protocolWidth - 5 * view.cellSpacing) / 2
    // the second line starts under Time
    readonly property real indent: view.markWidth + view.numberWidth + 2 * view.cellSpacing
    readonly property real summaryWidth: view.wide
                                         ? view.usable - view.markWidth - view.numberWidth - view.timeWidth
                                           - 2 * view.hostWidth - view.protocolWidth - view.portsWidth - 7 * view.cellSpacing
                                         : view.usable - view.indent - view.portsWidth - view.cellSpacing

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    implicitWidth: 500
    implicitHeight: 560
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Steps")

    component CellText: Text {
        font.pixelSize: Theme.fontLabel
        elide: Text.ElideRight
    }

    component HeaderText: Text {
        color: Theme.buildingFrontText
        font.pixelSize: Theme.fontLabel
        font.bold: true
        elide: Text.ElideRight
    }

    // A combo box in the theme's colours, reachable by Tab, with a focus ring.
    component FilterBox: ComboBox {
        id: box

        implicitHeight: Theme.controlHeight
        font.pixelSize: Theme.fontLabel
        activeFocusOnTab: true
        palette.button: Theme.building
        palette.buttonText: Theme.text
        palette.base: Theme.building
        palette.text: Theme.text
        palette.window: Theme.panel
        palette.windowText: Theme.text
        palette.highlight: Theme.selectionFill
        palette.highlightedText: Theme.selectionText

        Rectangle {
            objectName: "focusRing"
            anchors.fill: parent
            anchors.margins: -3
            radius: Theme.radius
            color: "transparent"
            border.color: Theme.focusRing
            border.width: 3
            visible: box.visualFocus
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacing

            FilterBox {
                id: protocolBox

                objectName: "protocolFilter"
                width: 9 * view.em
                model: [qsTr("All protocols"), qsTr("TCP"), qsTr("UDP"), qsTr("ICMP")]
                currentIndex: Math.max(0, view.protocolValues.indexOf(view.filter ? String(view.filter.protocol) : ""))
                Accessible.name: qsTr("Protocol filter")
                onActivated: index => {
                    if (view.filter)
                        view.filter.protocol = view.protocolValues[index]
                }
            }

            FilterBox {
                id: hostBox

                objectName: "hostFilter"
                width: 9 * view.em
                model: view.hostChoices()
                currentIndex: view.filter && view.filter.host ? Math.max(0, view.hostNames.indexOf(view.filter.host) + 1) : 0
                Accessible.name: qsTr("Host filter")
                onActivated: index => {
                    if (view.filter)
                        view.filter.host = index === 0 ? "" : view.hostNames[index - 1]
                }
            }

            CheckBox {
                id: packetsOnlyBox

                objectName: "packetsOnlyFilter"
                height: Theme.controlHeight
                text: qsTr("Packets only")
                font.pixelSize: Theme.fontLabel
                checked: view.filter ? view.filter.packetsOnly === true : false
                activeFocusOnTab: true
                palette.windowText: Theme.text
                palette.base: Theme.building
                palette.text: Theme.text
                palette.button: Theme.building
                palette.buttonText: Theme.text
                Accessible.role: Accessible.CheckBox
                Accessible.name: qsTr("Packets only")
                onToggled: {
                    if (view.filter)
                        view.filter.packetsOnly = packetsOnlyBox.checked
                }

                Rectangle {
                    anchors.fill: parent
                    anchors.margins: -3
                    radius: Theme.radius
                    color: "transparent"
                    border.color: Theme.focusRing
                    border.width: 3
                    visible: packetsOnlyBox.visualFocus
                }
            }
        }

        // the column names, above the list (Qt 6.4's ListView cannot create its header in a
        // file with bound components: "Component is not ready")
        Item {
            Layout.fillWidth: true
            implicitHeight: headerRow.height

            Rectangle {
                id: headerRow

                objectName: "headerRow"
                width: view.rowWidth
                height: headerColumn.implicitHeight + 2 * 4
                color: Theme.buildingFront
                Accessible.role: Accessible.Row
                Accessible.name: qsTr("Columns")

                Column {
                    id: headerColumn

                    x: Theme.spacingSmall
                    y: 4

                    Row {
                        spacing: view.cellSpacing

                        Item {
                            width: view.markWidth
                            height: 1
                        }

                        HeaderText {
                            objectName: "headerNumber"
                            width: view.numberWidth
                            text: qsTr("No.")
                        }

                        HeaderText {
                            objectName: "headerTime"
                            width: view.timeWidth
                            text: qsTr("Time")
                        }

                        HeaderText {
                            objectName: "headerFrom"
                            width: view.hostWidth
                            text: qsTr("From")
                        }

                        HeaderText {
                            objectName: "headerTo"
                            width: view.hostWidth
                            text: qsTr("To")
                        }

                        HeaderText {
                            objectName: "headerProtocol"
                            width: view.protocolWidth
                            text: qsTr("Protocol")
                        }

                        HeaderText {
                            objectName: "headerPorts"
                            visible: view.wide
                            width: view.portsWidth
                            text: qsTr("Ports")
                        }

                        HeaderText {
                            objectName: "headerSummary"
                            visible: view.wide
                            width: view.summaryWidth
                            text: qsTr("Summary")
                        }
                    }

                    Row {
                        visible: !view.wide
                        spacing: view.cellSpacing

                        Item {
                            width: view.indent - view.cellSpacing
                            height: 1
                        }

                        HeaderText {
                            objectName: "headerPortsBelow"
                            width: view.portsWidth
                            text: qsTr("Ports")
                        }

                        HeaderText {
                            objectName: "headerSummaryBelow"
                            width: view.summaryWidth
                            text: qsTr("Summary")
                        }
                    }
                }
            }
        }

        ListView {
            id: list

            objectName: "stepList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: view.model
            currentIndex: -1
            focus: true
            activeFocusOnTab: true
            keyNavigationEnabled: true
            highlightFollowsCurrentItem: false
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Step list")

            ScrollBar.vertical: ScrollBar {}

            Keys.onReturnPressed: list.chooseCurrent()
            Keys.onEnterPressed: list.chooseCurrent()

            // the step of the row the keyboard is on (its delegate says)
            property int cursorStep: -1

            function chooseCurrent() {
                if (list.currentItem && list.cursorStep >= 0)
                    view.stepChosen(list.cursorStep)
            }

            delegate: Rectangle {
                id: row

                required property int index
                required property int stepIndex
                required property string time
                required property string from
                required property string to
                required property string protocol
                required property string ports
                required property string summary
                required property string kind
                required property bool isPacket
                required property bool ok

                readonly property bool current: row.stepIndex === view.currentStep
                readonly property bool keyboardCursor: row.ListView.isCurrentItem && list.activeFocus
                readonly property bool cursorHere: row.ListView.isCurrentItem
                // a failed statement ⚠, a bounced or dropped envelope ✗
                readonly property string sign: row.ok ? "" : row.isPacket ? "✗" : "⚠"
                readonly property color textColor: row.current ? Theme.selectionText : Theme.text

                objectName: "stepRow" + row.stepIndex
                width: view.rowWidth
                height: rowColumn.implicitHeight + 2 * 4
                color: row.current ? Theme.selectionFill : !row.ok ? Theme.problemFill
                     : row.index % 2 === 1 ? Theme.office : Theme.panel
                border.color: row.current ? Theme.selectionBorder : !row.ok ? Theme.problemBorder : "transparent"
                border.width: row.current ? Theme.borderWidthStrong : !row.ok ? 1 : 0
                Accessible.role: Accessible.Row
                Accessible.name: (row.current ? qsTr("Current step. ") : "") + (row.ok ? "" : row.isPacket ? qsTr("Bounced or dropped. ") : qsTr("Failed. "))
                                 + qsTr("Step %1, %2, from %3 to %4, %5 %6: %7").arg(row.stepIndex + 1).arg(row.time).arg(row.from)
                                   .arg(row.to).arg(row.protocol).arg(row.ports).arg(row.summary)

                onCursorHereChanged: {
                    if (row.cursorHere)
                        list.cursorStep = row.stepIndex
                }
                Component.onCompleted: {
                    if (row.cursorHere)
                        list.cursorStep = row.stepIndex
                }

                // the keyboard's place in the list
                Rectangle {
                    objectName: "focusRing"
                    anchors.fill: parent
                    // inside the current step's outline, so both show
                    anchors.margins: Theme.borderWidthStrong + 1
                    color: "transparent"
                    border.color: Theme.focusRing
                    border.width: 3
                    visible: row.keyboardCursor
                }

                MouseArea {
                    anchors.fill: parent
                    onClicked: {
                        list.currentIndex = row.index
                        view.stepChosen(row.stepIndex)
                    }
                }

                Column {
                    id: rowColumn

                    x: Theme.spacingSmall
                    y: 4

                    Row {
                        spacing: view.cellSpacing

                        CellText {
                            objectName: "mark"
                            width: view.markWidth
                            text: (row.current ? "▶" : "") + row.sign
                            color: !row.ok && !row.current ? Theme.problemBorder : row.textColor
                            font.bold: true
                            elide: Text.ElideNone
                        }

                        CellText {
                            objectName: "number"
                            width: view.numberWidth
                            text: String(row.stepIndex + 1)
                            color: row.textColor
                            font.bold: row.current
                        }

                        CellText {
                            width: view.timeWidth
                            text: row.time
                            color: row.textColor
                            font.family: Theme.monoFamily
                        }

                        CellText {
                            width: view.hostWidth
                            text: row.from
                            color: row.textColor
                        }

                        CellText {
                            width: view.hostWidth
                            text: row.to
                            color: row.textColor
                        }

                        CellText {
                            width: view.protocolWidth
                            text: row.protocol
                            color: row.textColor
                            font.bold: true
                        }

                        CellText {
                            visible: view.wide
                            width: view.portsWidth
                            text: row.ports
                            color: row.textColor
                            font.family: Theme.monoFamily
                        }

                        CellText {
                            objectName: "summaryWide"
                            visible: view.wide
                            width: view.summaryWidth
                            text: row.summary
                            color: row.textColor
                            font.bold: row.current
                        }
                    }

                    Row {
                        visible: !view.wide
                        spacing: view.cellSpacing

                        Item {
                            width: view.indent - view.cellSpacing
                            height: 1
                        }

                        CellText {
                            width: view.portsWidth
                            text: row.ports
                            color: row.textColor
                            font.family: Theme.monoFamily
                        }

                        CellText {
                            objectName: "summary"
                            width: view.summaryWidth
                            text: row.summary
                            color: row.textColor
                            font.bold: row.current
                            wrapMode: Text.Wrap
                            maximumLineCount: 2
                        }
                    }
                }
            }

            Label {
                objectName: "emptyHint"
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.spacingLarge
                visible: list.count === 0
                text: view.filtering ? qsTr("No step matches the filters.")
                      : qsTr("No steps yet: run a scenario to fill the timeline.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}
