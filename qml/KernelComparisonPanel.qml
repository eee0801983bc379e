// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// "Run on this computer's kernel": the scenario shown, run again on real sockets in network
// namespaces, each statement's answer from the model beside the kernel's. A difference is
// marked with ✗, the word DIFFER and a coloured band, never by colour alone.
Rectangle {
    id: panel

    required property LabSession session
    readonly property KernelComparison comparison: panel.session.kernelComparison

    signal closeRequested()

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Model and kernel compared")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                text: qsTr("Model and this computer's kernel")
                color: Theme.text
                font.pixelSize: Theme.fontTitle
                font.bold: true
                elide: Text.ElideRight
            }

            Button {
                text: panel.comparison.running ? qsTr("Stop") : qsTr("Run again")
                enabled: panel.comparison.unavailableReason.length === 0 && panel.session.canRunOnKernel
                onClicked: panel.comparison.running ? panel.comparison.stop() : panel.session.runOnKernel()
            }

            Button {
                text: qsTr("Packets")
                Accessible.description: qsTr("Back to the packets and the inspector")
                onClicked: panel.closeRequested()
            }
        }

        Label {
            Layout.fillWidth: true
            visible: panel.comparison.unavailableReason.length > 0
            text: "⚠ " + panel.comparison.unavailableReason
            color: Theme.problemBorder
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }

        Label {
            Layout.fillWidth: true
            visible: panel.session.personalityNote.length > 0
            text: panel.session.personalityNote
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }

        Label {
            Layout.fillWidth: true
            text: panel.comparison.status.length > 0
                  ? panel.comparison.status
                  : qsTr("%1 agree, %2 differ").arg(panel.comparison.agreeing).arg(panel.comparison.differing)
            color: panel.comparison.differing > 0 ? Theme.problemBorder : Theme.text
            font.pixelSize: Theme.fontBody
            font.bold: true
            wrapMode: Text.Wrap
        }

        ListView {
            id: rows

            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: panel.comparison
            spacing: 2
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Statements compared")

            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row

                required property int line
                required property string statement
                required property string model
                required property string kernel
                required property string verdict
                required property string why

                readonly property bool differs: row.verdict === "differ"

                width: rows.width
                implicitHeight: rowLayout.implicitHeight + 2 * Theme.spacingSmall
                color: row.differs ? Theme.problemFill : "transparent"
                border.color: row.differs ? Theme.problemBorder : Theme.officeBorder
                border.width: row.differs ? Theme.borderWidth : 1
                Accessible.name: qsTr("Line %1, %2: model %3, kernel %4, %5").arg(row.line).arg(row.statement)
                                 .arg(row.model).arg(row.kernel).arg(row.verdict)

                ColumnLayout {
                    id: rowLayout

                    anchors.fill: parent
                    anchors.margins: Theme.spacingSmall
                    spacing: 0

                    RowLayout {
                        Layout.fillWidth: true

                        Label {
                            Layout.fillWidth: true
                            text: "%1  %2".arg(row.line).arg(row.statement)
                            color: Theme.text
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontLabel
                            elide: Text.ElideRight
                        }

                        Label {
                            text: row.differs ? qsTr("✗ DIFFER") : row.verdict === "agree" ? qsTr("✓ agree") : qsTr("– not compared")
                            color: row.differs ? Theme.problemBorder : Theme.text
                            font.pixelSize: Theme.fontLabel
                            font.bold: true
                        }
                    }

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("model:  %1").arg(row.model)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        elide: Text.ElideRight
                    }

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("kernel: %1").arg(row.kernel)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        elide: Text.ElideRight
                    }

                    Label {
                        Layout.fillWidth: true
                        visible: row.why.length > 0
                        text: row.why
                        color: row.differs ? Theme.problemBorder : Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
