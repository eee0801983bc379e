// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick

// A process as an office: its name, one line of detail, and a door for each of its sockets.
Rectangle {
    id: root

    required property string name
    property string detail
    property var sockets: []    // SceneModel socket maps
    property int focusSocket: -1   // the id of the socket to highlight, -1 for none
    property int conflictSocket: -1   // the id of the socket to mark as in the way, -1 for none

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
            width: parent.width
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
}
