// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Shapes
import PortLab

// One envelope on the stage: what it is ("SYN", "DATA", "ICMP port unreachable") and its ports
// ("51234 → 80") written on it. The protocols differ by shape and by the word on the stamp,
// not only by colour:
//   TCP   an envelope with its flap, solid outline
//   UDP   an envelope with its flap, dashed outline
//   ICMP  a postcard with cut corners and no flap
// Each layer it is wrapped in adds an outline around it (transport envelope, IP envelope,
// Ethernet frame), so the same envelope looks different on each floor. Delivered, bounced
// dropped and forwarded envelopes carry a mark (✓ ↩ ✗ →) and the note that says why.
//
// The properties are the roles of the stage's envelope model (its "layer" is stackLayer here);
// `target` is where the envelope should be (its centre), in its parent's coordinates divided by
// renderScale: the stage's own units, in which the envelope keeps its place while the view
// zooms. When its place changes it moves there in `stepDuration` ms, or with
// Theme.reducedMotion fades out and in at the new place; when only the target moves (a
// building dragged), it follows at once.
TexturePicture {
    id: root

    property string key
    property int envelopeId: -1
    property string label
    property string protocol: "tcp"     // "tcp", "udp", "icmp"
    property int fromHost: -1
    property int toHost: -1
    property int atHost: -1
    property int place: StageEnvelopeModel.Stack
    property int stackLayer: StageEnvelopeModel.Application   // the model's "layer" role (Item has a layer of its own)
    property bool goingDown: true
    property int socketId: -1
    property string note
    property string summary
    property int sourcePort: 0
    property int destinationPort: 0

    property point target
    property bool targetKnown: true
    property int stepDuration: Theme.stepDuration
    // How much larger than its own size the envelope appears on screen (the stage's zoom): the
    // envelope's parent is not scaled (see TexturePicture.naturalSize) but places it at its
    // target, and draws it, this much larger.
    property real renderScale: 1

    // outlines around the letter: one per layer below Application that has wrapped it
    readonly property int wraps: Math.max(0, Math.min(3, stackLayer))
    readonly property string placeKey: place + "/" + atHost + "/" + stackLayer + "/" + socketId + "/" + fromHost + "/" + toHost
    readonly property bool isTcp: protocol === "tcp"
    readonly property bool isUdp: protocol === "udp"
    readonly property bool isIcmp: protocol === "icmp"
    readonly property color ink: isTcp ? Theme.envelopeTcp : isUdp ? Theme.envelopeUdp : Theme.envelopeIcmp
    readonly property string portsText: sourcePort > 0 || destinationPort > 0
                                        ? sourcePort + " → " + destinationPort : ""
    readonly property string mark: place === StageEnvelopeModel.Door ? "✓" : place === StageEnvelopeModel.Bounced ? "↩"
                                 : place === StageEnvelopeModel.Dropped ? "✗" : place === StageEnvelopeModel.Forwarded ? "→" : ""
    readonly property color markColor: place === StageEnvelopeModel.Door || place === StageEnvelopeModel.Forwarded ? Theme.accepted
                                     : place === StageEnvelopeModel.Bounced ? Theme.bounced : Theme.dropped
    readonly property string placeText: place === StageEnvelopeModel.Wire ? qsTr("on the wire")
                                      : place === StageEnvelopeModel.Door ? qsTr("delivered at its door")
                                      : place === StageEnvelopeModel.Bounced ? qsTr("bounced")
                                      : place === StageEnvelopeModel.Dropped ? qsTr("dropped")
                                      : place === StageEnvelopeModel.Forwarded ? qsTr("forwarded to another host")
                                      : stackLayer === StageEnvelopeModel.Application ? qsTr("at the Application layer")
                                      : stackLayer === StageEnvelopeModel.Transport ? qsTr("at the Transport layer")
                                      : stackLayer === StageEnvelopeModel.Network ? qsTr("at the Network layer")
                                      : qsTr("at the Link layer")

    // where it is now (its centre, in the units of `target`): set by the movement, not bound.
    // The item's x and y are its centre in its parent's coordinates (its Translate puts its top
    // left corner half its size up and left).
    property real centerX
    property real centerY
    readonly property bool moving: movement.running || fadeMove.running
    property bool shown: false
    property bool moveWanted: false

    // what is drawn on the envelope: its wrappings, outline, flap, stamp and texts
    readonly property Item drawing: drawingItem

    readonly property int wrapGap: 6
    // its size before renderScale
    readonly property real unitWidth: bodyWidth + 2 * wrapGap * wraps
    readonly property real unitHeight: bodyHeight + 2 * wrapGap * wraps
    readonly property real bodyWidth: Math.max(150, labelText.implicitWidth + stamp.width + 3 * Theme.spacingSmall + 8,
                                               portsLabel.implicitWidth + 2 * Theme.spacing)
    readonly property real bodyHeight: flapDepth + labelText.implicitHeight
                                       + (portsText.length > 0 ? portsLabel.implicitHeight : 0) + Theme.spacing
    readonly property real flapDepth: isIcmp ? stamp.height + Theme.spacingSmall : 26

    function jumpToTarget() {
        root.centerX = root.target.x
        root.centerY = root.target.y
    }

    function settle() {
        if (!root.targetKnown)
            return
        if (!root.shown) {
            root.centerX = root.target.x
            root.centerY = root.target.y
            root.shown = true
            root.moveWanted = false
            appear.restart()
            return
        }
        if (root.moveWanted) {
            root.moveWanted = false
            movement.stop()
            fadeMove.stop()
            appear.stop()
            if (Theme.reducedMotion) {
                fadeMove.restart()
            } else {
                root.opacity = 1
                moveX.to = root.target.x
                moveY.to = root.target.y
                movement.restart()
            }
            return
        }
        if (movement.running) {
            // The place moved while the envelope was on its way (a building grew a door):
            // carry on towards where the place is now.
            if (moveX.to !== root.target.x || moveY.to !== root.target.y) {
                movement.stop()
                moveX.to = root.target.x
                moveY.to = root.target.y
                movement.restart()
            }
            return
        }
        if (!fadeMove.running) {
            root.centerX = root.target.x
            root.centerY = root.target.y
        }
    }

    objectName: "envelope:" + key
    x: centerX * renderScale
    y: centerY * renderScale
    width: unitWidth * renderScale
    height: unitHeight * renderScale
    transform: Translate {
        x: -root.width / 2
        y: -root.height / 2
    }
    opacity: 0
    // Drawn once into a texture (envelopeTexture) and then moved as one picture: an envelope is
    // a dozen items (wrappings, outline, flap, stamp, texts) that would otherwise be painted every
    // frame. What is drawn (`drawing`) is no child of the envelope, so that moving the envelope
    // moves one picture rather than the dozen items too, hidden, as an Item.layer would.
    source: envelopeTexture
    naturalSize: true   // the texture is drawn at the size the envelope appears: copied, not scaled or filtered
    smooth: false

    Accessible.role: Accessible.Graphic
    //: an envelope on the stage: %1 what it is ("SYN" or a summary), %2 where it is, %3 why (may be empty)
    Accessible.name: qsTr("Envelope %1, %2").arg(summary.length > 0 ? summary : label + " " + portsText).arg(placeText)
                     + (note.length > 0 ? ". " + note : "")

    onPlaceKeyChanged: {
        root.moveWanted = true
        settleTimer.restart()
    }
    onTargetChanged: settleTimer.restart()
    onTargetKnownChanged: settleTimer.restart()
    Component.onCompleted: settleTimer.restart()

    // One settling per turn of the event loop, once the place and the target have both changed.
    Timer {
        id: settleTimer

        interval: 0
        onTriggered: root.settle()
    }

    NumberAnimation {
        id: appear

        target: root
        property: "opacity"
        from: 0
        to: 1
        duration: 2 * Theme.fadeDuration
    }

    ParallelAnimation {
        id: movement

        onFinished: root.settle()

        NumberAnimation {
            id: moveX

            target: root
            property: "centerX"
            duration: root.stepDuration
            easing.type: Easing.InOutQuad
        }
        NumberAnimation {
            id: moveY

            target: root
            property: "centerY"
            duration: root.stepDuration
            easing.type: Easing.InOutQuad
        }
    }

    // Reduced motion: out where it was, in where it is.
    SequentialAnimation {
        id: fadeMove

        onFinished: root.settle()

        NumberAnimation {
            target: root
            property: "opacity"
            to: 0
            duration: Theme.fadeDuration
        }
        ScriptAction {
            script: root.jumpToTarget()
        }
        NumberAnimation {
            target: root
            property: "opacity"
            to: 1
            duration: Theme.fadeDuration
        }
    }

    ShaderEffectSource {
        id: envelopeTexture

        visible: false   // the envelope shows it
        // At the size it appears on screen, so that drawing it copies pixels rather than scales them.
        // Qt.size gives a QSizeF, which the QSize property takes (qmllint 6.4 says it cannot)
        // qmllint disable type
        textureSize: Qt.size(Math.max(1, Math.ceil(root.width)), Math.max(1, Math.ceil(root.height)))
        // qmllint enable type
        textureMirroring: ShaderEffectSource.NoMirroring
        sourceItem: Item {
            id: drawingItem

            width: root.unitWidth
            height: root.unitHeight

            // the wrappings, outermost first: frame, IP envelope, transport envelope
            Repeater {
                model: root.wraps

                delegate: Rectangle {
                    required property int index

                    objectName: "wrap"
                    x: index * root.wrapGap
                    y: index * root.wrapGap
                    width: root.unitWidth - 2 * x
                    height: root.unitHeight - 2 * y
                    color: Theme.envelopePaper
                    border.color: root.ink
                    border.width: 2
                    radius: 3
                }
            }

            // the letter itself: envelope or postcard
            Item {
                id: body

                objectName: "envelopeBody"
                x: root.wraps * root.wrapGap
                y: root.wraps * root.wrapGap
                width: root.bodyWidth
                height: root.bodyHeight

                Shape {
                    anchors.fill: parent

                    ShapePath {
                        id: outline

                        readonly property real c: root.isIcmp ? 12 : 0    // the postcard's cut corners

                        objectName: "outline"
                        fillColor: Theme.envelopePaper
                        strokeColor: root.ink
                        strokeWidth: Theme.borderWidth + 1
                        strokeStyle: root.isUdp ? ShapePath.DashLine : ShapePath.SolidLine
                        dashPattern: [3, 2]
                        joinStyle: ShapePath.MiterJoin
                        startX: 1 + outline.c
                        startY: 1

                        PathLine { x: body.width - 1 - outline.c; y: 1 }
                        PathLine { x: body.width - 1; y: 1 + outline.c }
                        PathLine { x: body.width - 1; y: body.height - 1 - outline.c }
                        PathLine { x: body.width - 1 - outline.c; y: body.height - 1 }
                        PathLine { x: 1 + outline.c; y: body.height - 1 }
                        PathLine { x: 1; y: body.height - 1 - outline.c }
                        PathLine { x: 1; y: 1 + outline.c }
                        PathLine { x: 1 + outline.c; y: 1 }
                    }
                    // the flap (envelopes only)
                    ShapePath {
                        fillColor: "transparent"
                        strokeColor: root.isIcmp ? "transparent" : root.ink
                        strokeWidth: Theme.borderWidth
                        strokeStyle: root.isUdp ? ShapePath.DashLine : ShapePath.SolidLine
                        dashPattern: [3, 2]
                        startX: 1
                        startY: 1

                        PathLine { x: body.width / 2; y: root.flapDepth }
                        PathLine { x: body.width - 1; y: 1 }
                    }
                }

                // the stamp: which protocol carries it, in words
                Rectangle {
                    id: stamp

                    objectName: "stamp"
                    x: body.width - width - Theme.spacingSmall
                    y: Theme.spacingSmall
                    implicitWidth: stampText.implicitWidth + Theme.spacingSmall * 2
                    implicitHeight: stampText.implicitHeight
                    width: implicitWidth
                    height: implicitHeight
                    color: root.ink
                    radius: 2

                    Text {
                        id: stampText

                        anchors.centerIn: parent
                        text: root.protocol.toUpperCase()
                        color: Theme.envelopePaper
                        font.pixelSize: Theme.fontLabel
                        font.bold: true
                    }
                }

                Text {
                    id: labelText

                    objectName: "envelopeLabel"
                    anchors.horizontalCenter: parent.horizontalCenter
                    y: root.flapDepth
                    text: root.label
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                }
                Text {
                    id: portsLabel

                    objectName: "envelopePorts"
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.top: labelText.bottom
                    visible: root.portsText.length > 0
                    text: root.portsText
                    color: Theme.text
                    font.pixelSize: Theme.fontLabel
                    font.family: Theme.monoFamily
                }
            }

        }
    }

    // The mark and the note reach past the envelope's edges, where its picture ends: they are
    // items of their own, shown only while the envelope ends its way, drawn at its scale.
    // Hidden when neither is shown, so that an envelope on its way moves no empty item too.
    Item {
        visible: root.mark.length > 0 || root.note.length > 0
        width: root.unitWidth
        height: root.unitHeight
        scale: root.renderScale
        transformOrigin: Item.TopLeft

        // delivered ✓, bounced ↩, dropped ✗, forwarded →
        Rectangle {
            id: markBadge

            objectName: "mark"
            visible: root.mark.length > 0
            x: -width / 3
            y: -height / 3
            width: markText.implicitHeight + 6
            height: width
            radius: width / 2
            color: root.markColor
            border.color: Theme.envelopePaper
            border.width: 2

            Text {
                id: markText

                objectName: "markText"
                anchors.centerIn: parent
                text: root.mark
                color: Theme.envelopePaper
                font.pixelSize: Theme.fontBody
                font.bold: true
            }
        }

        // why: the note under the envelope
        Rectangle {
            objectName: "noteBox"
            visible: root.note.length > 0
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: parent.bottom
            anchors.topMargin: Theme.spacingSmall
            width: Math.min(noteText.implicitWidth, 320) + 2 * Theme.spacingSmall
            height: noteText.height + Theme.spacingSmall
            color: Theme.panel
            border.color: root.mark.length > 0 ? root.markColor : Theme.panelBorder
            border.width: Theme.borderWidth
            radius: Theme.radius

            Text {
                id: noteText

                objectName: "noteText"
                x: Theme.spacingSmall
                y: Theme.spacingSmall / 2
                width: Math.min(implicitWidth, 320)
                text: (root.mark.length > 0 ? root.mark + " " : "") + root.note
                color: Theme.text
                font.pixelSize: Theme.fontLabel
                wrapMode: Text.Wrap
            }
        }
    }
}
