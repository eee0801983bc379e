// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// A host as a building: its name and addresses large on the front, its processes as offices
// inside. The required properties are the roles of SceneModel.
Rectangle {
    id: root

    required property string name
    required property var addresses        // list of strings
    required property string personality
    required property var processes        // SceneModel process maps
    required property var kernelSockets    // SceneModel socket maps no process holds

    // as many offices side by side as fit at their minimum width
    readonly property int officeColumns: Math.max(1, Math.floor((width - Theme.spacing)
                                                                / (Theme.officeMinimumWidth + Theme.spacing)))

    objectName: "host:" + name
    implicitHeight: layout.implicitHeight + Theme.spacing
    color: Theme.building
    border.color: Theme.buildingBorder
    border.width: Theme.borderWidthStrong
    radius: Theme.radius

    Accessible.role: Accessible.Grouping
    //: %1 is a host's name, %2 its addresses
    Accessible.name: qsTr("Host %1, address %2").arg(root.name).arg(root.addresses.join(", "))

    Column {
        id: layout

        width: parent.width
        spacing: Theme.spacing

        // the front of the building
        Rectangle {
            width: parent.width
            implicitHeight: front.implicitHeight + 2 * Theme.spacing
            color: Theme.buildingFront
            radius: Theme.radius

            Column {
                id: front

                x: Theme.spacing + Theme.spacingSmall
                y: Theme.spacing
                width: parent.width - 2 * x
                spacing: Theme.spacingSmall

                Item {
                    width: parent.width
                    implicitHeight: Math.max(hostName.implicitHeight, personalityLabel.implicitHeight)

                    Text {
                        id: hostName

                        objectName: "hostName"
                        width: parent.width - personalityLabel.width - Theme.spacing
                        text: root.name
                        color: Theme.buildingFrontText
                        font.pixelSize: Theme.fontHeading
                        font.bold: true
                        wrapMode: Text.WrapAnywhere
                    }
                    Text {
                        id: personalityLabel

                        anchors.right: parent.right
                        anchors.baseline: hostName.baseline
                        text: root.personality
                        color: Theme.buildingFrontMuted
                        font.pixelSize: Theme.fontLabel
                    }
                }
                Text {
                    objectName: "hostAddresses"
                    width: parent.width
                    text: root.addresses.join("  ")
                    color: Theme.buildingFrontText
                    font.pixelSize: Theme.fontAddress
                    font.family: Theme.monoFamily
                    wrapMode: Text.WrapAnywhere
                }
            }
        }

        // the offices
        ColumnFlow {
            x: Theme.spacing
            width: parent.width - 2 * Theme.spacing
            columns: root.officeColumns
            spacing: Theme.spacing

            Repeater {
                model: root.processes

                delegate: ProcessBox {
                    required property var modelData

                    name: modelData.name
                    //: under a process's name: its process id and the user it runs as
                    detail: qsTr("pid %1 · user %2").arg(modelData.pid).arg(modelData.user)
                    sockets: modelData.sockets
                    //: %1 process name, %2 pid, %3 user
                    Accessible.name: qsTr("Process %1, pid %2, user %3").arg(modelData.name).arg(modelData.pid)
                                                                        .arg(modelData.user)
                }
            }

            // Sockets that outlived their process (TIME-WAIT) or wait to be accepted.
            ProcessBox {
                visible: root.kernelSockets.length > 0
                name: qsTr("kernel")
                detail: qsTr("held by no process")
                sockets: root.kernelSockets
                Accessible.name: qsTr("Sockets held by the kernel, no process")
            }
        }
    }
}
