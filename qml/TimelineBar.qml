// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The timeline: play or pause, step back and forward, jump to either end or to any step with
// the scrubber, choose the speed; the step number, the virtual time and a caption of what
// happens now. It shows what its owner (the player) says and asks it for changes through its
// signals; it never changes its own state. The window handles the keys the tooltips name.
Rectangle {
    id: bar

    // how many steps the timeline has, and which one is shown (-1: before the first)
    property int stepCount: 0
    property int currentStep: -1
    property bool playing: false
    property real speed: 1.0
    // the virtual time of the current step, as the model writes it ("0.001000s")
    property string timeText: ""
    // what happens in the current step, in a sentence
    property string caption: ""

    // the speeds offered, slowest first
    readonly property var speeds: [0.25, 0.5, 1.0, 2.0, 4.0]

    readonly property bool atStart: bar.currentStep < 0
    readonly property bool atEnd: bar.stepCount === 0 || bar.currentStep >= bar.stepCount - 1

    signal playToggled()
    signal stepForwardRequested()
    signal stepBackRequested()
    signal toStartRequested()
    signal toEndRequested()
    signal jumpRequested(int step)
    signal speedRequested(real speed)

    function speedText(value: real): string {
        return qsTr("%1×").arg(value)
    }

    implicitWidth: 900
    implicitHeight: column.implicitHeight + 2 * Theme.spacing
    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    Accessible.role: Accessible.ToolBar
    Accessible.name: qsTr("Timeline")

    // A large button with a glyph for its face, a tooltip naming its key, and a focus ring.
    component BarButton: Button {
        id: control

        // the key the window binds to this action, named in the tooltip
        property string keyName: ""
        // what it does, for the tooltip and screen readers
        property string actionName: ""
        property bool selected: false
        // the tooltip: what it does and its key
        readonly property string tip: control.keyName.length > 0
                                      ? qsTr("%1 (%2)").arg(control.actionName).arg(control.keyName)
                                      : control.actionName

        implicitHeight: Theme.controlHeight
        implicitWidth: Math.max(Theme.controlHeight + 8, control.contentItem.implicitWidth + 2 * Theme.spacing)
        focusPolicy: Qt.StrongFocus
        activeFocusOnTab: true
        font.pixelSize: Theme.fontAddress
        font.bold: true
        Accessible.role: Accessible.Button
        Accessible.name: control.actionName
        ToolTip.visible: control.hovered || control.visualFocus
        ToolTip.delay: 500
        ToolTip.text: control.tip

        contentItem: Text {
            text: control.text
            font: control.font
            color: control.selected ? Theme.selectionText : Theme.text
            opacity: control.enabled ? 1.0 : 0.45
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }

        background: Rectangle {
            radius: Theme.radius
            color: control.selected ? Theme.selectionFill
                                    : control.down ? Theme.office : Theme.building
            border.color: control.selected ? Theme.selectionBorder : Theme.panelBorder
            border.width: control.selected ? Theme.borderWidthStrong : Theme.borderWidth
            opacity: control.enabled ? 1.0 : 0.5

            Rectangle {
                objectName: "focusRing"
                anchors.fill: parent
                anchors.margins: -4
                radius: Theme.radius + 4
                color: "transparent"
                border.color: Theme.focusRing
                border.width: 3
                visible: control.visualFocus
            }
        }
    }

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Row {
                spacing: Theme.spacingSmall

                BarButton {
                    objectName: "toStartButton"
                    text: "⇤"
                    actionName: qsTr("To start")
                    keyName: qsTr("Home")
                    enabled: !bar.atStart
                    onClicked: bar.toStartRequested()
                }

                BarButton {
                    objectName: "stepBackButton"
                    text: "◀"
                    actionName: qsTr("Step back")
                    keyName: qsTr("←")
                    enabled: !bar.atStart
                    onClicked: bar.stepBackRequested()
                }

                BarButton {
                    objectName: "playButton"
                    // words as well as the glyph: it is the one button everyone looks for
                    text: bar.playing ? qsTr("❚❚ Pause") : qsTr("▶ Play")
                    actionName: bar.playing ? qsTr("Pause") : qsTr("Play")
                    keyName: qsTr("Space")
                    implicitWidth: Math.max(140, contentItem.implicitWidth + 2 * Theme.spacing)
                    font.pixelSize: Theme.fontTitle
                    enabled: bar.stepCount > 0
                    selected: bar.playing
                    onClicked: bar.playToggled()
                }

                BarButton {
                    objectName: "stepForwardButton"
                    text: "▶"
                    actionName: qsTr("Step forward")
                    keyName: qsTr("→")
                    enabled: !bar.atEnd
                    onClicked: bar.stepForwardRequested()
                }

                BarButton {
                    objectName: "toEndButton"
                    text: "⇥"
                    actionName: qsTr("To end")
                    keyName: qsTr("End")
                    enabled: !bar.atEnd
                    onClicked: bar.toEndRequested()
                }
            }

            Row {
                spacing: Theme.spacingSmall

                Label {
                    height: Theme.controlHeight
                    verticalAlignment: Text.AlignVCenter
                    text: qsTr("Speed")
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                }

                Repeater {
                    model: bar.speeds

                    BarButton {
                        id: speedButton

                        required property real modelData

                        objectName: "speedButton" + speedButton.modelData
                        text: bar.speedText(speedButton.modelData)
                        font.pixelSize: Theme.fontBody
                        font.bold: speedButton.selected
                        actionName: speedButton.selected ? qsTr("Speed %1, current").arg(bar.speedText(speedButton.modelData))
                                                         : qsTr("Speed %1").arg(bar.speedText(speedButton.modelData))
                        keyName: qsTr("+ / −")
                        selected: Math.abs(bar.speed - speedButton.modelData) < 0.001
                        onClicked: bar.speedRequested(speedButton.modelData)
                    }
                }
            }

            Column {
                height: Theme.controlHeight
                Accessible.role: Accessible.StaticText
                Accessible.name: stepLabel.text + ", " + timeLabel.text

                Label {
                    id: stepLabel

                    objectName: "stepLabel"
                    text: bar.stepCount === 0 ? qsTr("No steps")
                        : bar.currentStep < 0 ? qsTr("Before step 1 of %1").arg(bar.stepCount)
                        : qsTr("Step %1 of %2").arg(bar.currentStep + 1).arg(bar.stepCount)
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                }

                Label {
                    id: timeLabel

                    objectName: "timeLabel"
                    text: bar.timeText.length > 0 ? qsTr("t = %1").arg(bar.timeText) : ""
                    color: Theme.textMuted
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontLabel
                }
            }
        }

        Slider {
            id: scrubber

            objectName: "scrubber"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.controlHeight
            // the left end is "before the first step", as To start
            from: -1
            to: Math.max(bar.stepCount - 1, 0)
            stepSize: 1
            snapMode: Slider.SnapAlways
            value: bar.currentStep
            enabled: bar.stepCount > 0
            activeFocusOnTab: true
            Accessible.role: Accessible.Slider
            Accessible.name: qsTr("Step scrubber")
            Accessible.description: qsTr("Drag to jump to any step")
            ToolTip.visible: scrubber.pressed
            ToolTip.text: Math.round(scrubber.value) < 0 ? qsTr("Before step 1")
                                                        : qsTr("Step %1").arg(Math.round(scrubber.value) + 1)

            onMoved: {
                const step = Math.round(scrubber.value)
                if (step !== bar.currentStep)
                    bar.jumpRequested(step)
            }

            background: Rectangle {
                x: scrubber.leftPadding
                y: scrubber.topPadding + (scrubber.availableHeight - height) / 2
                width: scrubber.availableWidth
                height: 10
                radius: 5
                color: Theme.office
                border.color: Theme.panelBorder
                border.width: 1

                Rectangle {
                    width: scrubber.visualPosition * parent.width
                    height: parent.height
                    radius: 5
                    color: Theme.envelopeTcp
                }

                Rectangle {
                    anchors.fill: parent
                    anchors.margins: -Theme.spacingSmall
                    radius: Theme.radius
                    color: "transparent"
                    border.color: Theme.focusRing
                    border.width: 3
                    visible: scrubber.visualFocus
                }
            }

            handle: Rectangle {
                x: scrubber.leftPadding + scrubber.visualPosition * (scrubber.availableWidth - width)
                y: scrubber.topPadding + (scrubber.availableHeight - height) / 2
                width: 28
                height: 28
                radius: 14
                color: scrubber.pressed ? Theme.selectionFill : Theme.building
                border.color: Theme.text
                border.width: Theme.borderWidth
            }
        }

        Label {
            objectName: "captionLabel"
            Layout.fillWidth: true
            text: bar.caption
            visible: bar.caption.length > 0
            color: Theme.text
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            Accessible.role: Accessible.StaticText
            Accessible.name: bar.caption
        }
    }
}
