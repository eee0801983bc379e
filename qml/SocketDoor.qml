// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Shapes
import PortLab

// A socket as a door in its office's wall, labelled "tcp 80" with its state as ss prints it.
// Each kind has its own outline, so the kinds differ by shape and by label, not by colour:
//   listening      a pill with a heavy border           LISTEN, and the address it waits on
//   connected      a rectangle with a thin solid border  ESTAB, and "to" the other end
//   unconnected    a rectangle with a dashed border      UNCONN, and its bound address
//   closing        a rectangle with a dotted border      TIME-WAIT etc., and the other end
// The socket the current step is about is highlighted: a thick outline and a ▶ marker beside it.
// The socket in the way of a failed bind or listen (it holds the port) gets a double outline in
// the problem colour and a "⚠ in the way" line inside it: a shape and words, not a colour alone.
Item {
    id: root

    required property var socket    // a SceneModel socket map
    property bool highlighted: false
    property bool inTheWay: false

    readonly property string label: socket.protocol + " " + socket.port
    readonly property string stateText: socket.state
    readonly property string remote: socket.remote
    readonly property int port: socket.port
    readonly property int kind: socket.kind
    readonly property bool hasRemote: remote.length > 0

    readonly property color ink: kind === SceneModel.Listening ? Theme.doorListening
                               : kind === SceneModel.Connected ? Theme.doorConnected
                               : kind === SceneModel.Unconnected ? Theme.doorUnconnected
                               : Theme.doorClosing
    readonly property color fill: kind === SceneModel.Listening ? Theme.doorListeningFill
                                : kind === SceneModel.Connected ? Theme.doorConnectedFill
                                : kind === SceneModel.Unconnected ? Theme.doorUnconnectedFill
                                : Theme.doorClosingFill
    readonly property bool outlined: kind === SceneModel.Unconnected || kind === SceneModel.Closing
    readonly property real inset: kind === SceneModel.Listening ? height / 4 : Theme.spacing

    objectName: "door"
    implicitHeight: content.implicitHeight + 2 * Theme.spacingSmall + 2 * Theme.borderWidthStrong

    Accessible.role: Accessible.StaticText
    //: a socket: %1 like "tcp 80", %2 its state like LISTEN
    Accessible.name: (hasRemote ? qsTr("%1, %2, connected to %3").arg(label).arg(stateText).arg(remote)
                                : qsTr("%1, %2, on %3").arg(label).arg(stateText).arg(socket.local))
                     + (highlighted ? qsTr(", this step") : "")
                     + (inTheWay ? qsTr(", holds the port the call wanted") : "")

    Rectangle {
        anchors.fill: parent
        visible: !root.outlined
        color: root.fill
        border.color: root.ink
        border.width: root.kind === SceneModel.Listening ? Theme.borderWidthStrong : Theme.borderWidth
        radius: root.kind === SceneModel.Listening ? height / 2 : 2
    }

    Shape {
        anchors.fill: parent
        visible: root.outlined

        ShapePath {
            fillColor: root.fill
            strokeColor: root.ink
            strokeWidth: Theme.borderWidth
            strokeStyle: ShapePath.DashLine
            dashPattern: root.kind === SceneModel.Closing ? [1, 2] : [4, 3]
            startX: 1
            startY: 1

            PathLine { x: root.width - 1; y: 1 }
            PathLine { x: root.width - 1; y: root.height - 1 }
            PathLine { x: 1; y: root.height - 1 }
            PathLine { x: 1; y: 1 }
        }
    }

    Column {
        id: content

        x: root.inset
        y: Theme.spacingSmall + Theme.borderWidthStrong
        width: root.width - 2 * root.inset
        spacing: 2

        Item {
            width: parent.width
            implicitHeight: Math.max(labelText.implicitHeight, badge.implicitHeight)

            Text {
                id: labelText

                objectName: "doorLabel"
                anchors.verticalCenter: parent.verticalCenter
                text: root.label
                color: Theme.text
                font.pixelSize: Theme.fontBody
                font.family: Theme.monoFamily
                font.bold: true
            }

            // the state, as a label framed in the door's colour
            Rectangle {
                id: badge

                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                implicitWidth: stateLabel.implicitWidth + 2 * Theme.spacingSmall
                implicitHeight: stateLabel.implicitHeight + 2
                color: Theme.building
                border.color: root.ink
                border.width: 1
                radius: 2

                Text {
                    id: stateLabel

                    objectName: "doorState"
                    anchors.centerIn: parent
                    text: root.stateText
                    color: root.ink
                    font.pixelSize: Theme.fontLabel
                    font.bold: true
                }
            }
        }

        Text {
            objectName: "doorEnd"
            width: parent.width
            //: a connected socket's other end, e.g. "to 93.184.216.34:80"
            text: root.hasRemote ? qsTr("to %1").arg(root.remote) : root.socket.local
            color: Theme.text
            font.pixelSize: Theme.fontLabel
            font.family: Theme.monoFamily
            wrapMode: Text.WrapAnywhere
        }

        Rectangle {
            objectName: "doorInTheWayTag"
            visible: root.inTheWay
            width: Math.min(parent.width, inTheWayLabel.implicitWidth + 2 * Theme.spacingSmall)
            height: inTheWayLabel.implicitHeight + 2
            color: Theme.problemFill
            border.color: Theme.problemBorder
            border.width: 1
            radius: 2

            Text {
                id: inTheWayLabel

                anchors.centerIn: parent
                width: Math.min(implicitWidth, parent.width - 2)
                //: marks the socket that holds the port a failed bind() or listen() wanted
                text: qsTr("⚠ in the way")
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontLabel
                font.bold: true
            }
        }

        // Options decide what bind() may do, so they are shown where a port was bound.
        Text {
            width: parent.width
            visible: !root.hasRemote && root.socket.options.length > 0
            text: root.socket.options.join(" ")
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.WrapAnywhere
        }
    }

    // the highlight: a thick outline around the door and a marker pointing at it
    Rectangle {
        objectName: "doorHighlight"
        anchors.fill: parent
        anchors.margins: -Theme.borderWidthStrong - 1
        visible: root.highlighted
        color: "transparent"
        border.color: Theme.selectionBorder
        border.width: Theme.borderWidthStrong
        radius: Theme.radius
    }
    Text {
        objectName: "doorMarker"
        anchors.right: parent.left
        anchors.rightMargin: Theme.borderWidthStrong
        anchors.verticalCenter: parent.verticalCenter
        visible: root.highlighted
        text: "▶"
        color: Theme.selectionBorder
        font.pixelSize: Theme.fontLabel
        font.bold: true
        Accessible.ignored: true
    }

    // in the way: a double outline and a tag that says so
    Rectangle {
        objectName: "doorInTheWay"
        anchors.fill: parent
        anchors.margins: -Theme.borderWidthStrong - 1
        visible: root.inTheWay
        color: "transparent"
        border.color: Theme.problemBorder
        border.width: Theme.borderWidth
        radius: Theme.radius

        Rectangle {
            anchors.fill: parent
            anchors.margins: Theme.borderWidth + 1
            color: "transparent"
            border.color: Theme.problemBorder
            border.width: Theme.borderWidth
            radius: Theme.radius
        }
    }
}
