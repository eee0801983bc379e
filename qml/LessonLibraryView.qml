// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import PortLab

// The lessons to choose from: one card each, with its title, how long it takes, what it is
// about, how far the student got ("3 of 6 steps · 1 of 2 goals", and "✓ Completed" in words),
// and what to take first. Choosing a card opens the lesson where the student left it.
// The gallery shows the experiments the same way; choosing one runs it afresh.
Rectangle {
    id: view

    required property LessonSession lessons
    // Experiments rather than lessons.
    property bool gallery: false
    readonly property var cardModel: view.gallery ? view.lessons.experiments : view.lessons.library

    function choose(id: string) {
        if (view.gallery)
            view.lessons.runExperiment(id)
        else
            view.lessons.openLesson(id)
    }

    signal closeRequested()   // back to the lab, without a lesson

    // Cards side by side when there is room for two of a readable width.
    readonly property int columns: Math.max(1, Math.floor((flick.width - Theme.spacingLarge) / 520))
    readonly property real cardWidth: (flick.width - 2 * Theme.spacingLarge - (view.columns - 1) * Theme.spacing) / view.columns

    function progressText(stepsVisited: int, stepCount: int, goalsMet: int, goalCount: int): string {
        //: a lesson's progress: steps seen of all steps
        const steps = qsTr("%1 of %2 steps").arg(stepsVisited).arg(stepCount)
        if (goalCount <= 0)
            return steps
        //: a lesson's progress: tasks done of all tasks
        return steps + " · " + qsTr("%1 of %2 goals").arg(goalsMet).arg(goalCount)
    }

    // Keeps the card the keyboard is on in view.
    function ensureVisible(item: Item) {
        if (!item || flick.height <= 0)
            return
        let ancestor = item.parent
        while (ancestor && ancestor !== cards)
            ancestor = ancestor.parent
        if (!ancestor)
            return
        const top = item.mapToItem(flick.contentItem, 0, 0).y
        const bottom = top + item.height
        const maxY = Math.max(0, flick.contentHeight - flick.height)
        if (top < flick.contentY)
            flick.contentY = Math.max(0, top - Theme.spacing)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(maxY, bottom - flick.height + Theme.spacing)
    }

    // The keyboard starts on the first lesson, the list at its top.
    function focusFirst() {
        const first = cardRepeater.itemAt(0)
        if (first)
            first.forceActiveFocus(Qt.TabFocusReason)
        else
            closeButton.forceActiveFocus(Qt.TabFocusReason)
        flick.contentY = 0
    }

    readonly property Item focusedItem: view.Window.activeFocusItem
    onFocusedItemChanged: view.ensureVisible(view.focusedItem)

    color: Theme.background
    Accessible.role: Accessible.Pane
    Accessible.name: view.gallery ? qsTr("Experiments") : qsTr("Lessons")

    FileDialog {
        id: openLessonDialog

        title: qsTr("Open a lesson")
        nameFilters: [qsTr("PortLab lessons (*.md)"), qsTr("All files (*)")]
        onAccepted: view.lessons.openLessonFile(openLessonDialog.selectedFile)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: header.implicitHeight + 2 * Theme.spacing
            color: Theme.panel

            RowLayout {
                id: header

                anchors.fill: parent
                anchors.leftMargin: Theme.spacingLarge
                anchors.rightMargin: Theme.spacingLarge
                anchors.topMargin: Theme.spacing
                anchors.bottomMargin: Theme.spacing
                spacing: Theme.spacing

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2

                    TabBar {
                        id: kindTabs

                        objectName: "libraryKind"
                        spacing: Theme.spacingSmall
                        currentIndex: view.gallery ? 1 : 0
                        onCurrentIndexChanged: view.gallery = kindTabs.currentIndex === 1

                        TabButton {
                            objectName: "libraryTitle"
                            leftPadding: Theme.spacing
                            rightPadding: Theme.spacing
                            text: qsTr("Lessons")
                            width: implicitWidth
                            font.pixelSize: Theme.fontHeading
                            font.bold: !view.gallery
                            activeFocusOnTab: true
                            Accessible.name: qsTr("Lessons (Ctrl+L)")
                        }
                        TabButton {
                            objectName: "galleryTitle"
                            leftPadding: Theme.spacing
                            rightPadding: Theme.spacing
                            text: qsTr("Experiments")
                            width: implicitWidth
                            font.pixelSize: Theme.fontHeading
                            font.bold: view.gallery
                            activeFocusOnTab: true
                            Accessible.name: qsTr("Experiments (Ctrl+G)")
                        }
                    }

                    Label {
                        objectName: "librarySubtitle"
                        Layout.fillWidth: true
                        text: view.gallery ? qsTr("One click sets up a scene and asks what you think will happen; then it runs, and explains.")
                                           : qsTr("Each lesson plays on the stage, step by step, and opens where you left it.")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        wrapMode: Text.Wrap
                    }
                }

                Button {
                    id: openFileButton

                    objectName: "openLessonFile"
                    text: qsTr("Open lesson file…")
                    implicitHeight: Theme.controlHeight
                    font.pixelSize: Theme.fontBody
                    activeFocusOnTab: true
                    Accessible.name: qsTr("Open a lesson file")
                    Accessible.description: qsTr("A lesson from anywhere, such as one you wrote")
                    ToolTip.visible: openFileButton.hovered || openFileButton.visualFocus
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("Open a lesson from a .md file, such as one you wrote")
                    onClicked: openLessonDialog.open()
                }

                Button {
                    id: closeButton

                    objectName: "closeLibrary"
                    text: qsTr("Back to the lab")
                    implicitHeight: Theme.controlHeight
                    font.pixelSize: Theme.fontBody
                    activeFocusOnTab: true
                    Accessible.name: qsTr("Back to the lab (Escape)")
                    ToolTip.visible: closeButton.hovered || closeButton.visualFocus
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("Close the list of lessons (Esc)")
                    onClicked: view.closeRequested()
                }
            }

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.panelBorder
            }
        }

        Label {
            objectName: "noLessons"
            Layout.fillWidth: true
            Layout.margins: Theme.spacingLarge
            visible: view.cardModel.count === 0
            text: view.gallery ? qsTr("No experiments were found in %1.").arg(view.lessons.experimentsFolder)
                               : qsTr("No lessons were found in %1.").arg(view.lessons.lessonsFolder)
            color: Theme.text
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
        }

        Flickable {
            id: flick

            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: cards.implicitHeight + 2 * Theme.spacingLarge
            boundsBehavior: Flickable.StopAtBounds

            ScrollBar.vertical: ScrollBar {}

            Flow {
                id: cards

                x: Theme.spacingLarge
                y: Theme.spacingLarge
                width: flick.width - 2 * Theme.spacingLarge
                spacing: Theme.spacing

                Repeater {
                    id: cardRepeater

                    model: view.cardModel

                    delegate: AbstractButton {
                        id: card

                        required property int index
                        required property string lessonId
                        required property string title
                        required property string summary
                        required property int minutes
                        required property int stepCount
                        required property int stepsVisited
                        required property int goalCount
                        required property int goalsMet
                        required property bool completed
                        required property string prerequisites

                        readonly property string progress: view.progressText(card.stepsVisited, card.stepCount, card.goalsMet, card.goalCount)

                        objectName: "lessonCard"
                        width: view.cardWidth
                        implicitHeight: card.implicitContentHeight + card.topPadding + card.bottomPadding
                        padding: Theme.spacing
                        focusPolicy: Qt.StrongFocus
                        activeFocusOnTab: true
                        Accessible.role: Accessible.Button
                        //: a lesson in the list: title, minutes, progress, and whether it is completed
                        Accessible.name: qsTr("%1, %2 minutes, %3").arg(card.title).arg(card.minutes).arg(card.progress)
                                         + (card.completed ? ", " + qsTr("completed") : "")
                        Accessible.description: card.summary
                        onClicked: view.choose(card.lessonId)
                        Keys.onReturnPressed: view.choose(card.lessonId)
                        Keys.onEnterPressed: view.choose(card.lessonId)

                        background: Rectangle {
                            radius: Theme.radius
                            color: card.down ? Theme.office : Theme.building
                            border.color: card.completed ? Theme.accepted : Theme.panelBorder
                            border.width: card.completed ? Theme.borderWidthStrong : Theme.borderWidth

                            Rectangle {
                                anchors.fill: parent
                                anchors.margins: -4
                                radius: Theme.radius + 4
                                color: "transparent"
                                border.color: Theme.focusRing
                                border.width: 3
                                visible: card.visualFocus || card.hovered
                                opacity: card.visualFocus ? 1 : 0.5
                            }
                        }

                        contentItem: ColumnLayout {
                            spacing: Theme.spacingSmall

                            RowLayout {
                                Layout.fillWidth: true
                                spacing: Theme.spacing

                                Label {
                                    objectName: "lessonTitle"
                                    Layout.fillWidth: true
                                    text: card.title
                                    color: Theme.text
                                    font.pixelSize: Theme.fontTitle
                                    font.bold: true
                                    wrapMode: Text.Wrap
                                }

                                Label {
                                    objectName: "lessonMinutes"
                                    Layout.alignment: Qt.AlignTop
                                    //: how long a lesson takes
                                    text: qsTr("%1 min").arg(card.minutes)
                                    color: Theme.textMuted
                                    font.pixelSize: Theme.fontLabel
                                }
                            }

                            Label {
                                Layout.fillWidth: true
                                text: card.summary
                                color: Theme.text
                                font.pixelSize: Theme.fontBody
                                wrapMode: Text.Wrap
                            }

                            RowLayout {
                                Layout.fillWidth: true
                                spacing: Theme.spacing

                                // how far: a bar, and the same in words
                                Rectangle {
                                    Layout.preferredWidth: 120
                                    implicitHeight: 10
                                    radius: 5
                                    color: Theme.office
                                    border.color: Theme.panelBorder
                                    border.width: 1

                                    Rectangle {
                                        width: card.stepCount > 0 ? parent.width * Math.min(1, card.stepsVisited / card.stepCount) : 0
                                        height: parent.height
                                        radius: 5
                                        color: Theme.accepted
                                    }
                                }

                                Label {
                                    objectName: "lessonProgress"
                                    Layout.fillWidth: true
                                    text: card.progress
                                    color: Theme.textMuted
                                    font.pixelSize: Theme.fontLabel
                                    wrapMode: Text.Wrap
                                }

                                Label {
                                    objectName: "lessonCompleted"
                                    visible: card.completed
                                    text: qsTr("✓ Completed")
                                    color: Theme.accepted
                                    font.pixelSize: Theme.fontLabel
                                    font.bold: true
                                }
                            }

                            Label {
                                objectName: "lessonPrerequisites"
                                Layout.fillWidth: true
                                visible: card.prerequisites.length > 0
                                //: the lessons to take before this one
                                text: qsTr("Take first: %1").arg(card.prerequisites)
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontLabel
                                font.italic: true
                                wrapMode: Text.Wrap
                            }
                        }
                    }
                }
            }
        }
    }
}
