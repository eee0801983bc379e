// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The current step when it is no envelope's: a statement with its line number and what it
// returned (✓ and its result, or ✗ with the errno large and the kernel's reason), or a change
// inside a host (a port chosen, a state changed, a connection queued) in a sentence.
Rectangle {
    id: card

    // StagePlayer's step map: kind, line, statement, ok, errno, message, finished, output,
    // caption (empty: none)
    property var step: ({})

    readonly property bool empty: card.step.kind === undefined
    readonly property bool isStatement: card.step.kind === "call" || card.step.kind === "return"
    readonly property bool failed: !card.empty && card.step.ok === false
    readonly property bool hasErrno: !card.empty && (card.step.errno ?? "").length > 0
    // A call that goes on with events has no result yet: only its return step has one.
    readonly property bool waiting: card.step.kind === "call" && card.step.finished === false

    color: Theme.panel
    border.color: card.failed ? Theme.problemBorder : Theme.panelBorder
    border.width: card.failed ? Theme.borderWidthStrong : 1
    radius: Theme.radius
    implicitHeight: column.implicitHeight + 2 * Theme.spacingLarge
    Accessible.role: Accessible.StaticText
    Accessible.name: card.empty ? hint.text : card.step.caption

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.margins: Theme.spacingLarge
        spacing: Theme.spacing

        Label {
            id: hint

            Layout.fillWidth: true
            visible: card.empty
            text: qsTr("Press Space to play the scenario, or → to go one step at a time.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
        }

        // the statement, as the scenario file has it
        Label {
            objectName: "statementLine"
            Layout.fillWidth: true
            visible: card.isStatement
            //: a scenario statement and the line it is on
            text: qsTr("line %1").arg(card.step.line ?? 0)
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
        }

        Label {
            objectName: "statement"
            Layout.fillWidth: true
            visible: card.isStatement
            text: card.step.statement ?? ""
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.family: Theme.monoFamily
            font.bold: true
            wrapMode: Text.WrapAnywhere
        }

        // the result: a sign and the errno, large, then the reason in words
        RowLayout {
            Layout.fillWidth: true
            visible: !card.empty && (card.isStatement ? !card.waiting : true)
            spacing: Theme.spacing

            Label {
                objectName: "resultSign"
                Layout.alignment: Qt.AlignTop
                text: card.failed ? "✗" : card.isStatement ? "✓" : "•"
                color: card.failed ? Theme.problemBorder : card.isStatement ? Theme.accepted : Theme.textMuted
                font.pixelSize: Theme.fontHeading
                font.bold: true
            }

            ColumnLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingSmall

                Label {
                    objectName: "errno"
                    visible: card.hasErrno
                    text: card.step.errno ?? ""
                    color: Theme.problemBorder
                    font.pixelSize: Theme.fontHeading
                    font.family: Theme.monoFamily
                    font.bold: true
                }

                Label {
                    objectName: "message"
                    Layout.fillWidth: true
                    text: card.isStatement ? (card.step.message ?? "") : (card.step.caption ?? "")
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    wrapMode: Text.Wrap
                }
            }
        }

        // what a tool printed (ss's table), as a terminal shows it
        Label {
            objectName: "output"
            Layout.fillWidth: true
            visible: text.length > 0
            text: card.step.output ?? ""
            color: Theme.text
            font.pixelSize: Theme.fontLabel
            font.family: Theme.monoFamily
            wrapMode: Text.NoWrap
            elide: Text.ElideRight
        }

        Label {
            objectName: "waiting"
            Layout.fillWidth: true
            visible: card.waiting
            text: qsTr("The call starts; step on to watch what it puts on the network.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
        }

        Item {
            Layout.fillHeight: true
        }
    }
}
