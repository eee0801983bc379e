// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import PortLab

// One choice of a question (a prediction or a quiz): a large button with its number and its
// text (Markdown). Before the answer is known it is one of a group the student picks from, the
// picked one filled and marked "● Your choice"; once the answer is known, the right choice is
// marked "✓ Right answer" and a wrong pick "✗ Your choice", in words as well as colour.
AbstractButton {
    id: control

    property int number: 1                  // shown as the key a presenter's class would call out
    property string choiceText              // Markdown
    property bool chosen: false             // the student's pick
    property bool revealed: false           // the answer is known: marks instead of a pick
    property bool isAnswer: false           // this is the answer (meaningful once revealed)

    readonly property string verdict: !control.revealed ? (control.chosen ? qsTr("● Your choice") : "")
                                    : control.isAnswer ? (control.chosen ? qsTr("✓ Your choice: right") : qsTr("✓ Right answer"))
                                    : control.chosen ? qsTr("✗ Your choice: not right") : ""
    readonly property bool marked: control.verdict.length > 0

    implicitWidth: 320
    implicitHeight: Math.max(numberCircle.height, textColumn.implicitHeight) + control.topPadding + control.bottomPadding
    padding: Theme.spacing
    // not checkable: a click asks the owner to choose; `chosen` shows what it decided
    focusPolicy: Qt.StrongFocus
    activeFocusOnTab: true
    Keys.onReturnPressed: control.clicked()
    Keys.onEnterPressed: control.clicked()
    Accessible.role: control.revealed ? Accessible.StaticText : Accessible.RadioButton
    Accessible.checkable: !control.revealed
    Accessible.checked: control.chosen
    //: a choice of a question: its number and its text, then whether it was chosen or right
    Accessible.name: qsTr("Choice %1: %2").arg(control.number).arg(LessonText.plain(control.choiceText))
                     + (control.marked ? " — " + control.verdict : "")

    background: Rectangle {
        radius: Theme.radius
        color: control.revealed ? (control.isAnswer ? Theme.doorConnectedFill : control.chosen ? Theme.problemFill : Theme.building)
             : control.chosen ? Theme.selectionFill
             : control.down ? Theme.office : Theme.building
        border.color: control.revealed ? (control.isAnswer ? Theme.accepted : control.chosen ? Theme.problemBorder : Theme.panelBorder)
                    : control.chosen ? Theme.selectionBorder : Theme.panelBorder
        border.width: control.marked ? Theme.borderWidthStrong : Theme.borderWidth

        Rectangle {
            anchors.fill: parent
            anchors.margins: -4
            radius: Theme.radius + 4
            color: "transparent"
            border.color: Theme.focusRing
            border.width: 3
            visible: control.visualFocus
        }
    }

    // The number, then the text and the verdict under it, laid out by hand: a Text that wraps
    // inside a layout asks for the height of its narrowest moment.
    Rectangle {
        id: numberCircle

        x: control.leftPadding
        y: control.topPadding
        width: Theme.controlHeight - 8
        height: Theme.controlHeight - 8
        radius: width / 2
        color: "transparent"
        border.color: Theme.text
        border.width: Theme.borderWidth

        Text {
            anchors.centerIn: parent
            text: control.number
            color: Theme.text
            font.pixelSize: Theme.fontBody
            font.bold: true
        }
    }

    Column {
        id: textColumn

        x: numberCircle.x + numberCircle.width + Theme.spacing
        y: control.topPadding + Math.max(0, (numberCircle.height - textColumn.implicitHeight) / 2)
        width: Math.max(0, control.width - textColumn.x - control.rightPadding)
        spacing: 2

        Text {
            objectName: "choiceText"
            width: textColumn.width
            text: LessonText.readable(control.choiceText)
            textFormat: Text.MarkdownText
            color: Theme.text
            font.pixelSize: Theme.fontBody
            font.bold: control.chosen
            wrapMode: Text.Wrap
        }

        Text {
            objectName: "verdict"
            width: textColumn.width
            visible: control.marked
            text: control.verdict
            color: control.revealed && !control.isAnswer ? Theme.problemBorder
                 : control.revealed ? Theme.accepted : Theme.selectionText
            font.pixelSize: Theme.fontLabel
            font.bold: true
            wrapMode: Text.Wrap
        }
    }
}
