// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The console: a terminal where the scenario language is typed and answered at once, the stage
// playing each statement as it runs. What it printed scrolls above the prompt: each line typed,
// then what `portlab run` prints for it. Errors are marked in the margin by a framed ✗ (the
// socket in the way by ⚠), not by colour alone; a caret points at the column of a statement
// that does not parse. Keys in the line: Enter runs it, Tab completes the word before the
// cursor (several candidates are listed under the line), Up and Down walk the history,
// Ctrl+Z and Ctrl+Shift+Z undo and redo the last statement typed, Ctrl+Shift+C copies the
// transcript (Ctrl+C stays the line's own copy, of its selection).
FocusScope {
    id: panel

    required property ConsoleSession consoleSession
    // what Tab found when more than one word fits, listed under the line until the next key
    property var candidates: []

    signal closeRequested()
    signal saveRequested()

    // The prompt takes the keyboard.
    function focusInput() {
        input.forceActiveFocus()
    }

    function runLine() {
        const text = input.text
        panel.candidates = []
        input.text = ""
        panel.consoleSession.run(text)
    }

    function completeLine() {
        const result = panel.consoleSession.complete(input.text, input.cursorPosition)
        input.text = result.line
        input.cursorPosition = result.cursor
        panel.candidates = result.candidates
    }

    // the margin's sign for each kind of line
    function marker(kind: int): string {
        return kind === ConsoleTranscript.Error ? "✗"
             : kind === ConsoleTranscript.Culprit ? "⚠"
             : kind === ConsoleTranscript.Hint ? "→"
             : ""
    }

    function kindName(kind: int): string {
        return kind === ConsoleTranscript.Input ? qsTr("typed")
             : kind === ConsoleTranscript.Error ? qsTr("error")
             : kind === ConsoleTranscript.Caret ? qsTr("error position")
             : kind === ConsoleTranscript.Hint ? qsTr("hint")
             : kind === ConsoleTranscript.Culprit ? qsTr("in the way")
             : kind === ConsoleTranscript.Note ? qsTr("note")
             : qsTr("output")
    }

    implicitHeight: 240
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Console")

    component HeaderButton: Button {
        id: headerButton

        property string tip

        implicitHeight: Math.round(Theme.controlHeight * 0.8)
        font.pixelSize: Theme.fontLabel
        activeFocusOnTab: true
        focusPolicy: Qt.StrongFocus
        Accessible.name: headerButton.text
        Accessible.description: headerButton.tip
        ToolTip.visible: headerButton.hovered || headerButton.visualFocus
        ToolTip.delay: 500
        ToolTip.text: headerButton.tip
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.panel
        border.color: Theme.panelBorder
        border.width: 1
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 1
        spacing: 0

        // the header: what the scene is, and what can be done with it
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: header.implicitHeight + Theme.spacingSmall
            color: Theme.buildingFront

            RowLayout {
                id: header

                anchors.fill: parent
                anchors.leftMargin: Theme.spacing
                anchors.rightMargin: Theme.spacingSmall
                spacing: Theme.spacingSmall

                Label {
                    objectName: "consoleTitle"
                    Layout.fillWidth: true
                    //: the console's header: the scene, and how many statements were typed into it
                    text: qsTr("Console — %1").arg(panel.consoleSession.title)
                          + (panel.consoleSession.typedCount > 0 ? qsTr(", %n typed", "", panel.consoleSession.typedCount) : "")
                    color: Theme.buildingFrontText
                    font.pixelSize: Theme.fontLabel
                    font.bold: true
                    elide: Text.ElideMiddle
                }
                HeaderButton {
                    objectName: "consoleUndo"
                    text: qsTr("↶ Undo")
                    enabled: panel.consoleSession.canUndo
                    tip: qsTr("Take back the last statement typed, and play the scene again without it (Ctrl+Z)")
                    onClicked: panel.consoleSession.undo()
                }
                HeaderButton {
                    objectName: "consoleRedo"
                    text: qsTr("↷ Redo")
                    enabled: panel.consoleSession.canRedo
                    tip: qsTr("Put back the statement taken back last (Ctrl+Shift+Z)")
                    onClicked: panel.consoleSession.redo()
                }
                HeaderButton {
                    text: qsTr("Save scene…")
                    tip: qsTr("Save the scene's statements as a .portlab scenario, which opens again to the same world (Ctrl+S)")
                    onClicked: panel.saveRequested()
                }
                HeaderButton {
                    objectName: "consoleCopy"
                    text: qsTr("Copy")
                    enabled: panel.consoleSession.transcript.count > 0
                    tip: qsTr("Copy everything the console printed, as plain text (Ctrl+Shift+C)")
                    onClicked: panel.consoleSession.transcript.copyToClipboard()
                }
                HeaderButton {
                    text: qsTr("Clear")
                    tip: qsTr("Clear what the console printed; the scene stays as it is")
                    onClicked: panel.consoleSession.transcript.clear()
                }
                HeaderButton {
                    text: qsTr("Hide")
                    tip: qsTr("Hide the console (Ctrl+`)")
                    Accessible.name: qsTr("Hide the console")
                    onClicked: panel.closeRequested()
                }
            }
        }

        ListView {
            id: transcript

            objectName: "consoleTranscript"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.leftMargin: Theme.spacingSmall
            clip: true
            model: panel.consoleSession.transcript
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: qsTr("What the console printed")
            ScrollBar.vertical: ScrollBar {}
            onCountChanged: transcript.positionViewAtEnd()

            delegate: Row {
                id: line

                required property int kind
                required property string text

                objectName: "consoleLine"
                width: ListView.view.width
                spacing: Theme.spacingSmall
                Accessible.role: Accessible.StaticText
                Accessible.name: panel.kindName(line.kind) + ": " + line.text

                // the margin: a framed sign for an error or the socket in the way
                Rectangle {
                    objectName: "consoleMarker"
                    width: Math.round(Theme.fontLabel * 1.5)
                    height: lineText.implicitHeight
                    color: line.kind === ConsoleTranscript.Error || line.kind === ConsoleTranscript.Culprit ? Theme.problemFill : "transparent"
                    border.color: Theme.problemBorder
                    border.width: line.kind === ConsoleTranscript.Error || line.kind === ConsoleTranscript.Culprit ? 1 : 0
                    radius: 2

                    Text {
                        anchors.centerIn: parent
                        text: panel.marker(line.kind)
                        color: Theme.text
                        font.pixelSize: Theme.fontLabel
                        font.bold: true
                    }
                }
                Text {
                    id: lineText

                    width: line.width - x
                    text: line.text
                    color: line.kind === ConsoleTranscript.Note || line.kind === ConsoleTranscript.Hint ? Theme.textMuted : Theme.text
                    font.pixelSize: Theme.fontLabel
                    font.family: Theme.monoFamily
                    font.bold: line.kind === ConsoleTranscript.Input || line.kind === ConsoleTranscript.Caret
                    wrapMode: line.kind === ConsoleTranscript.Caret ? Text.NoWrap : Text.WrapAtWordBoundaryOrAnywhere
                    textFormat: Text.PlainText
                }
            }
        }

        // several words fit: they are listed under the line, as a shell lists them
        Text {
            objectName: "consoleCandidates"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingSmall + Math.round(Theme.fontLabel * 1.5) + Theme.spacingSmall
            visible: panel.candidates.length > 0
            text: panel.candidates.join("   ")
            color: Theme.text
            font.pixelSize: Theme.fontLabel
            font.family: Theme.monoFamily
            wrapMode: Text.Wrap
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Completions: %1").arg(panel.candidates.join(", "))
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacingSmall
            spacing: 0

            Text {
                Layout.leftMargin: Math.round(Theme.fontLabel * 1.5) + Theme.spacingSmall
                text: panel.consoleSession.prompt
                color: Theme.text
                font.pixelSize: Theme.fontLabel
                font.family: Theme.monoFamily
                font.bold: true
                Accessible.ignored: true
            }

            TextField {
                id: input

                objectName: "consoleInput"
                Layout.fillWidth: true
                font.pixelSize: Theme.fontLabel
                font.family: Theme.monoFamily
                font.bold: true
                color: Theme.text
                leftPadding: 0
                placeholderText: qsTr("a statement, e.g. ss server -tlnp; Tab completes, Up recalls")
                placeholderTextColor: Theme.textMuted
                focus: true
                activeFocusOnTab: true
                selectByMouse: true
                Accessible.name: qsTr("Console input: a statement of the scenario language")
                Accessible.description: qsTr("Enter runs it on the stage; Tab completes; Up and Down walk the history; Ctrl+Z undoes the last statement")
                onAccepted: panel.runLine()
                onTextEdited: panel.candidates = []
                Keys.onTabPressed: event => {
                    panel.completeLine()
                    event.accepted = true
                }
                Keys.onUpPressed: input.text = panel.consoleSession.historyBack(input.text)
                Keys.onDownPressed: input.text = panel.consoleSession.historyForward(input.text)
                Keys.onPressed: event => {
                    if (event.key === Qt.Key_Z && (event.modifiers & Qt.ControlModifier)) {
                        if (event.modifiers & Qt.ShiftModifier)
                            panel.consoleSession.redo()
                        else
                            panel.consoleSession.undo()
                        event.accepted = true
                    } else if (event.key === Qt.Key_C && (event.modifiers & Qt.ControlModifier) && (event.modifiers & Qt.ShiftModifier)) {
                        panel.consoleSession.transcript.copyToClipboard()
                        event.accepted = true
                    } else if (event.key === Qt.Key_Escape && panel.candidates.length > 0) {
                        panel.candidates = []
                        event.accepted = true
                    }
                }

                background: Rectangle {
                    color: "transparent"
                    border.color: input.activeFocus ? Theme.focusRing : "transparent"
                    border.width: 2
                    radius: 2
                }
            }
        }
    }
}
