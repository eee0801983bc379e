// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import QtQuick.Shapes
import QtCharts
import PortLab

// PortLab's charts at the player's current step, one at a time, chosen with the selector: the
// port space of a host, the ephemeral ports the kernel chose, connections per listener, TCP
// sockets by state over the steps, and a scan's result per port. PortCharts (C++) computes
// and fills the series; this only lays out the chart, its heading and its controls. A chart
// is made afresh when the choice changes, so each has only its own axes.
Rectangle {
    id: view

    required property StagePlayer player
    // PortCharts.PortSpace, ChosenPorts, Listeners, States or Scan
    property alias mode: charts.mode
    readonly property alias charts: charts
    readonly property var chartView: chartHolder.count > 0 ? chartHolder.itemAt(0) : null

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    implicitWidth: 500
    implicitHeight: 560
    Accessible.role: Accessible.Chart
    Accessible.name: charts.title
    Accessible.description: charts.summary

    // Writes the chart as a PNG; imageSaved(path, ok) follows.
    function saveImage(file: string) {
        charts.saveImage(file)
    }

    PortCharts {
        id: charts

        player: view.player
        host: view.player.tableHost
        active: view.visible
        chartView: view.chartView
        colors: Theme.chartColors
        textColor: Theme.text
        gridColor: Theme.chartGrid
        fontPixelSize: Theme.fontLabel
    }

    // The focus ring of a control of this panel.
    component FocusRing: Rectangle {
        id: ring

        required property bool shown

        anchors.fill: parent
        anchors.margins: -3
        radius: Theme.radius
        color: "transparent"
        border.color: Theme.focusRing
        border.width: 3
        visible: ring.shown
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingSmall

            ComboBox {
                id: modeBox

                objectName: "chartChooser"
                Layout.fillWidth: true
                implicitHeight: Theme.controlHeight
                font.pixelSize: Theme.fontLabel
                textRole: "text"
                valueRole: "mode"
                model: [
                    { text: qsTr("Port space"), mode: PortCharts.PortSpace },
                    { text: qsTr("Ports chosen"), mode: PortCharts.ChosenPorts },
                    { text: qsTr("Per listener"), mode: PortCharts.Listeners },
                    { text: qsTr("States over time"), mode: PortCharts.States },
                    { text: qsTr("Scan results"), mode: PortCharts.Scan }
                ]
                currentIndex: charts.mode
                activeFocusOnTab: true
                palette.button: Theme.building
                palette.buttonText: Theme.text
                palette.base: Theme.building
                palette.text: Theme.text
                palette.window: Theme.panel
                palette.windowText: Theme.text
                palette.highlight: Theme.selectionFill
                palette.highlightedText: Theme.selectionText
                Accessible.role: Accessible.ComboBox
                Accessible.name: qsTr("Chart shown")
                onActivated: index => charts.mode = modeBox.valueAt(index)

                FocusRing {
                    shown: modeBox.visualFocus
                }
            }

            ComboBox {
                id: hostBox

                objectName: "chartHost"
                visible: charts.mode === PortCharts.PortSpace
                Layout.preferredWidth: Math.max(7 * Theme.fontLabel, implicitWidth)
                implicitHeight: Theme.controlHeight
                font.pixelSize: Theme.fontLabel
                model: view.player.hostNames
                currentIndex: view.player.tableHost
                activeFocusOnTab: true
                palette.button: Theme.building
                palette.buttonText: Theme.text
                palette.base: Theme.building
                palette.text: Theme.text
                palette.window: Theme.panel
                palette.windowText: Theme.text
                palette.highlight: Theme.selectionFill
                palette.highlightedText: Theme.selectionText
                Accessible.role: Accessible.ComboBox
                Accessible.name: qsTr("Host whose ports are shown")
                onActivated: index => view.player.selectedHost = index

                FocusRing {
                    shown: hostBox.visualFocus
                }
            }

            Button {
                id: exportButton

                objectName: "chartExport"
                text: qsTr("PNG…")
                implicitHeight: Theme.controlHeight
                font.pixelSize: Theme.fontLabel
                activeFocusOnTab: true
                Accessible.name: qsTr("Export the chart as a PNG image")
                ToolTip.visible: exportButton.hovered || exportButton.visualFocus
                ToolTip.delay: 500
                ToolTip.text: qsTr("Save this chart as a PNG image")
                onClicked: exportDialog.open()
            }
        }

        Label {
            objectName: "chartTitle"
            Layout.fillWidth: true
            text: charts.title
            color: Theme.text
            font.pixelSize: Theme.fontBody
            font.bold: true
            elide: Text.ElideRight
        }

        Label {
            objectName: "chartNote"
            Layout.fillWidth: true
            visible: charts.note.length > 0
            text: charts.note
            color: Theme.text
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
            background: Rectangle {
                color: Theme.problemFill
                border.color: Theme.problemBorder
                border.width: 1
            }
            padding: 4
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            // One chart per choice: made afresh when the choice changes.
            Repeater {
                id: chartHolder

                model: [charts.mode]

                delegate: ChartView {
                    objectName: "chartView"
                    width: chartHolder.parent ? chartHolder.parent.width : 0
                    height: chartHolder.parent ? chartHolder.parent.height : 0
                    antialiasing: true
                    animationOptions: ChartView.NoAnimation
                    backgroundColor: Theme.panel
                    plotAreaColor: Theme.panel
                    backgroundRoundness: 0
                    dropShadowEnabled: false
                    margins.top: 4
                    margins.bottom: 4
                    margins.left: 4
                    margins.right: 4
                    // the key is drawn below, where long names can wrap
                    legend.visible: false
                }
            }

            Label {
                objectName: "chartEmpty"
                anchors.centerIn: parent
                width: parent.width * 0.8
                visible: charts.emptyText.length > 0
                text: charts.emptyText
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
        }

        // The key: each series' mark, fill or line, and its name.
        Flow {
            id: key

            objectName: "chartLegend"
            Layout.fillWidth: true
            spacing: Theme.spacing

            Repeater {
                model: charts.legend

                delegate: Row {
                    id: entry

                    required property var modelData
                    readonly property bool isLine: entry.modelData.symbol.length === 0

                    spacing: Theme.spacingSmall

                    Item {
                        width: 2 * Theme.fontLabel
                        height: entryText.height

                        Text {
                            anchors.centerIn: parent
                            visible: !entry.isLine
                            text: entry.modelData.symbol
                            color: entry.modelData.color
                            font.pixelSize: Theme.fontBody
                        }

                        Shape {
                            anchors.fill: parent
                            visible: entry.isLine

                            ShapePath {
                                strokeColor: entry.modelData.color
                                strokeWidth: 3
                                fillColor: "transparent"
                                strokeStyle: entry.modelData.dashes.length > 0 ? ShapePath.DashLine : ShapePath.SolidLine
                                dashPattern: entry.modelData.dashes
                                startX: 0
                                startY: entryText.height / 2

                                PathLine {
                                    x: 2 * Theme.fontLabel
                                    y: entryText.height / 2
                                }
                            }
                        }
                    }

                    Label {
                        id: entryText

                        width: Math.min(entryText.implicitWidth, key.width - 2 * Theme.fontLabel - Theme.spacingSmall)
                        text: entry.modelData.text
                        color: Theme.text
                        font.pixelSize: Theme.fontLabel
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }

    FileDialog {
        id: exportDialog

        title: qsTr("Export the chart as a PNG image")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "png"
        nameFilters: [qsTr("PNG images (*.png)")]
        onAccepted: charts.saveImage(exportDialog.selectedFile)
    }
}
