// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// A host opened into its four layers, Application at the top, Link at the bottom, with the
// envelope as the model says it is at this moment: the data, inside a transport envelope
// (ports), inside an IP envelope (addresses), inside an Ethernet frame (MAC addresses). Each
// unit is drawn as a box around the one it carries, its header a labelled strip in its own
// layer's band. The layer acting now is outlined and marked "← now", with a sentence; going
// down, its new envelope closes around the inner one, going up, it opens and is set aside.
Rectangle {
    id: view

    // The stack at this moment, as the model describes it; {} when there is nothing to show.
    //   host, hostName, label ("SYN", "DATA"...), goingDown, layer (acting now: 0 Application,
    //   1 Transport, 2 Network, 3 Link), layers: [{layer, name, unit, header,
    //   fields: [{name, value}], size, wrapped}] (Application first)
    property var stack: ({})
    // how long wrapping or unwrapping one envelope takes, in ms
    property int stepDuration: Theme.stepDuration

    readonly property bool hasStack: view.stack !== null && view.stack !== undefined
                                     && view.stack.layers !== undefined && view.stack.layers.length > 0
    readonly property var layers: view.hasStack ? view.stack.layers : []
    readonly property int actingLayer: view.hasStack && view.stack.layer !== undefined ? view.stack.layer : -1
    readonly property bool goingDown: view.hasStack && view.stack.goingDown === true

    // The description of one layer (by its number), or null.
    function layerEntry(layer: int): var {
        for (let i = 0; i < view.layers.length; ++i) {
            if (view.layers[i].layer === layer)
                return view.layers[i]
        }
        return null
    }

    // The value of the first field whose name starts with the given word ("Source"...), or "".
    function fieldStarting(entry: var, word: string): string {
        if (!entry || !entry.fields)
            return ""
        for (let i = 0; i < entry.fields.length; ++i) {
            if (String(entry.fields[i].name).toLowerCase().indexOf(word) === 0)
                return String(entry.fields[i].value)
        }
        return ""
    }

    // What the acting layer does, in a sentence made of what the model wrote in its header.
    readonly property string sentence: {
        if (!view.hasStack)
            return ""
        if (view.stack.sentence !== undefined)          // the model's own words, when it gives them
            return String(view.stack.sentence)
        const entry = view.layerEntry(view.actingLayer)
        if (!entry)
            return ""
        const name = String(entry.name)
        if (view.actingLayer === 0) {
            const data = entry.fields && entry.fields.length > 0 ? String(entry.fields[0].value) : ""
            return view.goingDown ? qsTr("%1 hands its data to Transport: “%2”").arg(name).arg(data)
                                  : qsTr("%1 receives the data: “%2”").arg(name).arg(data)
        }
        if (!view.goingDown)
            return qsTr("%1 reads and removes the %2").arg(name).arg(entry.header)
        const source = view.fieldStarting(entry, "source")
        const destination = view.fieldStarting(entry, "destination")
        const what = view.actingLayer === 1 ? qsTr("ports") : view.actingLayer === 2 ? qsTr("addresses")
                                                                                      : qsTr("MAC addresses")
        if (source.length === 0 || destination.length === 0)
            return qsTr("%1 writes the %2").arg(name).arg(entry.header)
        return qsTr("%1 writes the %2: %3 → %4").arg(name).arg(what).arg(source).arg(destination)
    }

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    implicitWidth: 500
    implicitHeight: 560
    Accessible.role: Accessible.Pane
    Accessible.name: view.hasStack ? qsTr("Stack of %1: %2").arg(view.stack.hostName).arg(view.sentence)
                                   : qsTr("Host stack")

    Label {
        objectName: "hint"
        anchors.fill: parent
        anchors.margins: Theme.spacingLarge
        visible: !view.hasStack
        text: qsTr("A host's four layers: Application, Transport, Network, Link.\n\nStep to an envelope to see it wrapped layer by layer.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontBody
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall
        visible: view.hasStack

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "title"
                Layout.fillWidth: true
                text: view.hasStack ? qsTr("%1 · %2").arg(view.stack.hostName).arg(view.stack.label) : ""
                color: Theme.text
                font.pixelSize: Theme.fontTitle
                font.bold: true
                elide: Text.ElideRight
            }

            // the direction, as an arrow and a word
            Rectangle {
                implicitWidth: directionLabel.implicitWidth + 2 * Theme.spacingSmall
                implicitHeight: directionLabel.implicitHeight + 4
                radius: Theme.radius
                color: Theme.building
                border.color: Theme.buildingBorder
                border.width: Theme.borderWidth

                Label {
                    id: directionLabel

                    objectName: "direction"
                    anchors.centerIn: parent
                    text: view.goingDown ? qsTr("↓ wrapping") : qsTr("↑ unwrapping")
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    Accessible.role: Accessible.StaticText
                    Accessible.name: view.goingDown ? qsTr("Going down the stack: wrapping")
                                                    : qsTr("Going up the stack: unwrapping")
                }
            }
        }

        Label {
            objectName: "sentence"
            Layout.fillWidth: true
            text: view.sentence
            color: Theme.text
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        // The four floors, and the envelope drawn across them. Each floor is as tall as its
        // writing needs, and the height left over is shared; when the panel is too short for
        // all four, the floors scroll and the acting one is kept in sight.
        Flickable {
            id: stage

            readonly property real labelWidth: Math.round(Theme.fontLabel * 8)
            readonly property real drawWidth: stage.width - stage.labelWidth - Theme.spacingSmall
                                              - (stageScroll.visible ? stageScroll.width : 0)
            // what each floor's header strip (0-3) and label (4-7) needs, reported by them
            property var needs: [0, 0, 0, 0, 0, 0, 0, 0]
            readonly property var bandHeights: {
                const needed = [0, 1, 2, 3].map(k => Math.max(stage.needs[k], stage.needs[4 + k]))
                const total = needed.reduce((a, b) => a + b, 0)
                const extra = Math.max(0, (stage.height - total) / 4)
                return needed.map(h => h + extra)
            }
            readonly property var bandTops: [0, stage.bandHeights[0], stage.bandHeights[0] + stage.bandHeights[1],
                                             stage.bandHeights[0] + stage.bandHeights[1] + stage.bandHeights[2]]
            // how far each envelope stands inside the one around it
            readonly property real inset: 12
            readonly property real insetTop: 8

            function report(slot: int, need: real) {
                if (stage.needs[slot] === need)
                    return
                const copy = stage.needs.slice()
                copy[slot] = need
                stage.needs = copy
            }

            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: stage.width
            contentHeight: stage.bandTops[3] + stage.bandHeights[3]
            boundsBehavior: Flickable.StopAtBounds
            // an envelope opening moves aside, but stays inside the panel
            clip: true

            // keep the acting floor in sight when the floors scroll
            function showActing() {
                if (view.actingLayer < 0 || stage.contentHeight <= stage.height)
                    return
                const layer = view.actingLayer
                const top = stage.bandTops[layer] - (stage.height - stage.bandHeights[layer]) / 2
                stage.contentY = Math.max(0, Math.min(top, stage.contentHeight - stage.height))
            }

            onContentHeightChanged: stage.showActing()
            onHeightChanged: stage.showActing()

            Connections {
                target: view

                function onActingLayerChanged() {
                    stage.showActing()
                }
            }

            ScrollBar.vertical: ScrollBar {
                id: stageScroll

                policy: stage.contentHeight > stage.height + 1 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            Repeater {
                model: 4

                Rectangle {
                    id: band

                    required property int index

                    readonly property var entry: view.layerEntry(band.index)
                    readonly property bool now: band.index === view.actingLayer

                    objectName: "band" + band.index
                    x: 0
                    y: stage.bandTops[band.index]
                    width: stage.width
                    height: stage.bandHeights[band.index]
                    z: band.now ? 1 : 0
                    color: [Theme.floorApplication, Theme.floorTransport, Theme.floorNetwork, Theme.floorLink][band.index]
                    border.color: band.now ? Theme.selectionBorder : Theme.floorBorder
                    border.width: band.now ? Theme.borderWidthStrong : 1
                    Accessible.role: Accessible.Grouping
                    Accessible.name: band.entry ? qsTr("%1 layer, %2%3").arg(band.entry.name).arg(band.entry.unit)
                                                  .arg(band.now ? qsTr(", acting now") : "")
                                                : ""

                    // the floor's name, what it handles, and the marker of the present
                    Column {
                        id: labelColumn

                        x: stage.drawWidth + Theme.spacingSmall
                        width: stage.labelWidth - Theme.spacingSmall
                        anchors.verticalCenter: parent.verticalCenter
                        spacing: 0

                        onImplicitHeightChanged: stage.report(4 + band.index, labelColumn.implicitHeight + 8)
                        Component.onCompleted: stage.report(4 + band.index, labelColumn.implicitHeight + 8)

                        Label {
                            objectName: "nowMarker"
                            width: parent.width
                            visible: band.now
                            text: qsTr("← now")
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                        }

                        Label {
                            objectName: "layerName"
                            width: parent.width
                            text: band.entry ? band.entry.name : ""
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: Theme.fontLabel
                        }

                        Label {
                            objectName: "unitName"
                            width: parent.width
                            text: band.entry ? band.entry.unit : ""
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontLabel
                            elide: Text.ElideRight
                        }

                        Label {
                            width: parent.width
                            visible: band.entry !== null && band.entry.size !== undefined && band.entry.wrapped === true
                            text: band.entry ? qsTr("%1 bytes").arg(band.entry.size) : ""
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontLabel
                        }
                    }
                }
            }

            // The envelopes, outermost first: each a box from the top of the stack down to its
            // own floor, its header a strip on that floor.
            Repeater {
                model: view.layers

                Item {
                    id: unit

                    required property var modelData
                    required property int index

                    readonly property int layerNumber: unit.modelData.layer
                    readonly property int depth: 3 - unit.layerNumber       // 0 for the frame, 3 for the data
                    readonly property bool wrapped: unit.modelData.wrapped === true
                    readonly property bool acting: unit.layerNumber === view.actingLayer
                    readonly property real baseX: unit.depth * stage.inset
                    readonly property real baseY: unit.depth * stage.insetTop + 3
                    // 0: closed around what it carries; 1: open and set aside
                    property real spread: 0
                    readonly property real openDistance: stage.inset * 1.5
                    readonly property bool animating: motion.running
                    // going up, the acting layer's envelope opened: shown set aside, faint, and said
                    readonly property bool opened: unit.acting && !view.goingDown && !unit.wrapped

                    objectName: "unit" + unit.layerNumber
                    // set aside as far as the drawing goes, never past its edges (the frame,
                    // outermost, has no room beside it)
                    readonly property real openLeft: Math.max(0, unit.baseX - unit.spread * unit.openDistance)
                    readonly property real openRight: Math.min(stage.drawWidth, stage.drawWidth - unit.baseX + unit.spread * unit.openDistance)

                    x: unit.openLeft
                    y: unit.baseY - unit.spread * stage.insetTop
                    width: unit.openRight - unit.openLeft
                    height: stage.bandTops[unit.layerNumber] + stage.bandHeights[unit.layerNumber] - 4 - unit.baseY
                            + unit.spread * stage.insetTop
                    z: 2 + unit.layerNumber
                    opacity: unit.wrapped ? 1 : 0
                    visible: unit.opacity > 0
                    Accessible.role: Accessible.Grouping
                    Accessible.name: qsTr("%1, %2 bytes%3").arg(unit.modelData.unit).arg(unit.modelData.size)
                                     .arg(unit.modelData.header ? ", " + unit.modelData.header : "")

                    // Wrapping: the new envelope comes in from outside and closes around the
                    // inner one. Unwrapping: it opens, moves aside and fades to a ghost.
                    function play() {
                        motion.stop()
                        if (!unit.acting) {
                            unit.spread = 0
                            unit.opacity = unit.wrapped ? 1 : 0
                            return
                        }
                        const opening = unit.opened
                        motion.fromSpread = Theme.reducedMotion ? 0 : opening ? 0 : view.goingDown ? 1 : 0
                        motion.toSpread = Theme.reducedMotion ? 0 : opening ? 1 : 0
                        motion.fromOpacity = opening ? 1 : view.goingDown ? 0 : 1
                        motion.toOpacity = opening ? 0.3 : 1
                        unit.spread = motion.fromSpread
                        unit.opacity = motion.fromOpacity
                        motion.start()
                    }

                    // a new moment is a new model for the Repeater: each unit starts afresh
                    Component.onCompleted: unit.play()

                    ParallelAnimation {
                        id: motion

                        property real fromSpread: 0
                        property real toSpread: 0
                        property real fromOpacity: 1
                        property real toOpacity: 1

                        NumberAnimation {
                            target: unit
                            property: "spread"
                            from: motion.fromSpread
                            to: motion.toSpread
                            duration: Theme.reducedMotion ? 0 : view.stepDuration
                            easing.type: Easing.InOutCubic
                        }
                        NumberAnimation {
                            target: unit
                            property: "opacity"
                            from: motion.fromOpacity
                            to: motion.toOpacity
                            duration: Theme.reducedMotion ? Math.min(Theme.fadeDuration * 2, view.stepDuration)
                                                          : view.stepDuration
                        }
                    }

                    // the envelope itself
                    Rectangle {
                        objectName: "outline"
                        anchors.fill: parent
                        radius: Theme.radius
                        color: "transparent"
                        border.color: unit.acting ? Theme.selectionBorder : Theme.buildingBorder
                        border.width: unit.acting ? Theme.borderWidthStrong : Theme.borderWidth
                    }

                    // its header (or, for the data, the data itself), on its own floor
                    Rectangle {
                        id: strip

                        objectName: "strip"
                        x: Theme.borderWidthStrong
                        width: parent.width - 2 * Theme.borderWidthStrong
                        y: unit.layerNumber === 0 ? Theme.borderWidthStrong
                                            : stage.bandTops[unit.layerNumber] + 4 - unit.y
                        height: parent.height - strip.y - Theme.borderWidthStrong
                        radius: Theme.radius - 2
                        color: Theme.envelopePaper
                        border.color: Theme.buildingBorder
                        border.width: 1
                        clip: true

                        // the header's name, then its values, packed in lines
                        Flow {
                            id: stripFlow

                            anchors.fill: parent
                            anchors.margins: 4
                            spacing: 2

                            // the strip's writing, and above it (for the data) the envelopes' tops
                            readonly property real need: stripFlow.implicitHeight + 8 + 2 * Theme.borderWidthStrong + 8
                                                         + (unit.layerNumber === 0 ? unit.baseY : 0)
                            onNeedChanged: stage.report(unit.layerNumber, stripFlow.need)
                            Component.onCompleted: stage.report(unit.layerNumber, stripFlow.need)

                            Text {
                                objectName: "headerName"
                                rightPadding: Theme.spacing
                                text: (unit.modelData.header ? unit.modelData.header : unit.modelData.unit)
                                      + (unit.opened ? qsTr(" — opened") : "")
                                color: Theme.text
                                font.pixelSize: Theme.fontLabel
                                font.bold: true
                            }

                            Repeater {
                                model: unit.modelData.fields ? unit.modelData.fields : []

                                // name and value side by side, or the value under its
                                // name when both do not fit: a value is never broken
                                Grid {
                                    id: field

                                    required property var modelData

                                    objectName: "field"
                                    columns: fieldName.implicitWidth + 4 + fieldValue.implicitWidth + Theme.spacing
                                             <= stripFlow.width ? 2 : 1
                                    // stacked, it takes the whole line, so no other field sits beside it
                                    width: field.columns === 1 ? stripFlow.width : implicitWidth
                                    columnSpacing: 4
                                    rightPadding: Theme.spacing
                                    Accessible.role: Accessible.StaticText
                                    Accessible.name: field.modelData.name + " " + field.modelData.value

                                    Text {
                                        id: fieldName

                                        text: field.modelData.name
                                        color: Theme.textMuted
                                        font.pixelSize: Theme.fontLabel
                                    }

                                    Text {
                                        id: fieldValue

                                        objectName: "fieldValue"
                                        // only a value longer than the strip (the data) wraps
                                        width: Math.min(implicitWidth, stripFlow.width - Theme.spacing)
                                        text: field.modelData.value
                                        color: Theme.text
                                        font.family: Theme.monoFamily
                                        font.pixelSize: Theme.fontLabel
                                        font.bold: true
                                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
