// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick

// A process as an office: its name, one line of detail, and a door for each of its sockets.
Rectangle {
    id: root

    required property string name
    property int pid: -1        // -1: the kernel's sockets, held by no process
    property string detail
    property var sockets: []    // SceneModel socket maps
    property int focusSocket: -1   // the id of the socket to highlight, -1 for none
    property int conflictSocket: -1   // the id of the socket to mark as in the way, -1 for none

    // The connect handle let go at a point of the window: the stage connects there if it is a door.
    signal connectDragged(int pid, point scenePosition)

    objectName: "process:" + name
    implicitHeight: layout.implicitHeight + 2 * Theme.spacing
    color: Theme.office
    border.color: Theme.officeBorder
    border.width: Theme.borderWidth
    radius: Theme.radius

    Accessible.role: Accessible.Grouping
    Accessible.name: root.name

    Column {
        id: layout

        x: Theme.spacing
        y: Theme.spacing
        width: parent.width - 2 * Theme.spacing
        spacing: Theme.spacingSmall

        Text {
            width: parent.width - (connectHandle.visible ? connectHandle.width + Theme.spacingSmall : 0)
            text: root.name
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.bold: true
            wrapMode: Text.WrapAnywhere
        }
        Text {
            width: parent.width
            visible: text.length > 0
            text: root.detail
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }
        Repeater {
            model: root.sockets

            delegate: SocketDoor {
                required property var modelData

                width: layout.width
                socket: modelData
                highlighted: root.focusSocket >= 0 && modelData.id === root.focusSocket
                inTheWay: root.conflictSocket >= 0 && modelData.id === root.conflictSocket
            }
        }
    }

    // Drag this onto a door to connect to it (TCP) or send it a datagram (UDP).
    Rectangle {
        id: connectHandle

        objectName: "connectHandle"
        visible: root.pid >= 0
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.spacingSmall
        width: handleLabel.implicitWidth + Theme.spacing
        height: handleLabel.implicitHeight + Theme.spacingSmall
        radius: height / 2
        color: connectDrag.active ? Theme.selectionFill : Theme.building
        border.color: Theme.officeBorder
        border.width: Theme.borderWidth
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Connect %1 to a door: drag onto the door").arg(root.name)

        Text {
            id: handleLabel

            anchors.centerIn: parent
            //: a handle on a process: drag it onto a door to connect there
            text: qsTr("⇢ connect")
            color: Theme.text
            font.pixelSize: Theme.fontLabel
        }

        DragHandler {
            id: connectDrag

            property point lastScenePosition

            target: null
            // the building's own drag (moving it) must not take this one over
            grabPermissions: PointerHandler.CanTakeOverFromAnything
            onCentroidChanged: {
                if (active)
                    lastScenePosition = centroid.scenePosition
            }
            onActiveChanged: {
                if (!active)
                    root.connectDragged(root.pid, lastScenePosition)
            }
        }

        // what is being dragged, under the pointer: drawn in the window even where the stage
        // shows a picture of the building (UndrawnItems), which is not dragged
        Rectangle {
            readonly property bool drawnInWindow: true

            objectName: "connectDragLabel"
            visible: connectDrag.active
            x: connectDrag.centroid.position.x + 8
            y: connectDrag.centroid.position.y + 8
            width: dragLabel.implicitWidth + Theme.spacing
            height: dragLabel.implicitHeight + Theme.spacingSmall
            radius: Theme.radius
            color: Theme.selectionFill
            border.color: Theme.selectionBorder
            border.width: Theme.borderWidth

            Text {
                id: dragLabel

                anchors.centerIn: parent
                //: dragged from a process towards a door
                text: qsTr("%1 → drop on a door").arg(root.name)
                color: Theme.selectionText
                font.pixelSize: Theme.fontLabel
            }
        }
    }
}
