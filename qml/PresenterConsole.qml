// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The presenter's own window, on the screen the class does not see: the step now and the one
// after it, the narration to speak from, the lesson's notes for the presenter, the class's
// votes on a prediction, the time since the presentation began, and the keys. The presenter
// mode's keys work while this window has the focus too.
Window {
    id: console_

    required property LessonSession lessons
    // Titles of the lesson's steps, when known: the next one is named.
    property var stepTitles: []
    // The class's screen is blanked (B).
    property bool blanked: false

    readonly property var prediction: console_.lessons.prediction
    readonly property bool hasPrediction: console_.prediction.prompt !== undefined
    readonly property var tally: console_.lessons.tally
    readonly property int nextStep: console_.lessons.currentStep + 1
    readonly property string nextTitle: console_.nextStep >= console_.lessons.stepCount ? qsTr("— the end of the lesson")
                                      : console_.nextStep < console_.stepTitles.length ? String(console_.stepTitles[console_.nextStep])
                                      //: the next step, when its title is not known: "step 4"
                                      : qsTr("step %1").arg(console_.nextStep + 1)
    property int elapsedSeconds: 0

    function clock(seconds: int): string {
        const minutes = Math.floor(seconds / 60)
        const rest = seconds % 60
        return minutes + ":" + (rest < 10 ? "0" : "") + rest
    }

    title: qsTr("PortLab — presenter console")
    width: 1280
    height: 720
    color: Theme.background
    visible: true

    Timer {
        interval: 1000
        repeat: true
        running: true
        onTriggered: console_.elapsedSeconds++
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingLarge
        spacing: Theme.spacing

        // now, next, and the clock
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingLarge

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2

                Label {
                    objectName: "consoleNow"
                    Layout.fillWidth: true
                    //: the presenter console: the step the class sees, "Now (3 of 8): Title"
                    text: qsTr("Now (%1 of %2): %3").arg(console_.lessons.currentStep + 1).arg(console_.lessons.stepCount)
                          .arg(console_.lessons.stepTitle)
                    color: Theme.text
                    font.pixelSize: Theme.fontHeading
                    font.bold: true
                    wrapMode: Text.Wrap
                }

                Label {
                    objectName: "consoleNext"
                    Layout.fillWidth: true
                    text: qsTr("Next: %1").arg(console_.nextTitle)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontTitle
                    wrapMode: Text.Wrap
                }
            }

            ColumnLayout {
                Layout.alignment: Qt.AlignTop
                spacing: 2

                Label {
                    objectName: "consoleClock"
                    Layout.alignment: Qt.AlignRight
                    text: console_.clock(console_.elapsedSeconds)
                    color: Theme.text
                    font.pixelSize: Theme.fontHeading
                    font.family: Theme.monoFamily
                    Accessible.role: Accessible.StaticText
                    Accessible.name: qsTr("%1 since the start").arg(text)
                }

                Label {
                    Layout.alignment: Qt.AlignRight
                    visible: console_.blanked
                    text: qsTr("■ The class's screen is blank (B)")
                    color: Theme.problemBorder
                    font.pixelSize: Theme.fontLabel
                    font.bold: true
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.panelBorder
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingLarge

            // what the presenter says: the narration
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 5
                contentWidth: availableWidth

                Text {
                    objectName: "consoleNarration"
                    width: parent.width
                    text: LessonText.readable(console_.lessons.narration)
                    textFormat: Text.MarkdownText
                    baseUrl: console_.lessons.baseUrl
                    color: Theme.text
                    font.pixelSize: Theme.fontTitle
                    wrapMode: Text.Wrap
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 4
                spacing: Theme.spacing

                Label {
                    text: qsTr("Notes")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                }

                Rectangle {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    color: Theme.panel
                    border.color: Theme.panelBorder
                    border.width: 1
                    radius: Theme.radius

                    ScrollView {
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        contentWidth: availableWidth

                        Text {
                            objectName: "consoleNotes"
                            width: parent.width
                            text: console_.lessons.notes.length > 0 ? LessonText.readable(console_.lessons.notes) : qsTr("No notes for this step.")
                            textFormat: Text.MarkdownText
                            color: Theme.text
                            font.pixelSize: Theme.fontTitle
                            wrapMode: Text.Wrap
                        }
                    }
                }

                // the class's votes, with the answer once locked in
                ColumnLayout {
                    Layout.fillWidth: true
                    visible: console_.hasPrediction
                    spacing: 2

                    Label {
                        text: console_.prediction.locked === true
                              ? qsTr("Votes (locked in)")
                              : qsTr("Votes: keys 1–%1 add one, 0 clears, Enter locks in").arg(console_.hasPrediction ? console_.prediction.choices.length : 0)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        font.bold: true
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }

                    // (a Column, not the layout: Qt 6.4's layouts can crash when a Repeater in
                    // one replaces its items while the window is resized)
                    Column {
                        id: tallyColumn

                        Layout.fillWidth: true

                        Repeater {
                            model: console_.hasPrediction ? console_.prediction.choices.length : 0

                            delegate: Label {
                                required property int index

                                objectName: "consoleTally"
                                width: tallyColumn.width
                                text: "%1. %2 — %3%4".arg(index + 1).arg(LessonText.plain(console_.prediction.choices[index] ?? ""))
                                      .arg(index < console_.tally.length ? console_.tally[index] : 0)
                                      .arg(index === console_.prediction.answer ? "  ✓" : "")
                                color: Theme.text
                                font.pixelSize: Theme.fontBody
                                elide: Text.ElideRight
                            }
                        }
                    }
                }
            }
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("Page Down / → / Space: next · Page Up / ←: back · B: blank · N: notes on the class's screen · Esc: leave")
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }
    }
}
