// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import PortLab

// A host as a building on the stage. Its sign on top gives the host's name and addresses large;
// below it four floors, one per layer of the host's stack, top to bottom, each with its name:
//   Application  the processes as offices, each socket a door in an office's wall
//   Transport    the mail room, where the port on an envelope is read
//   Network      IP: the host's addresses
//   Link         Ethernet: the host's MAC address, and the cable to the network's street
// Envelopes travel floor to floor: floorCenter() and doorPoint() tell where, in the building's
// coordinates. Sockets that no process holds any more (TIME-WAIT, not yet accepted) wait in a
// "kernel" office.
Item {
    id: root

    // a SceneModel row
    property string name
    property var addresses: []        // list of strings
    property string personality
    property var processes: []        // SceneModel process maps
    property var kernelSockets: []    // SceneModel socket maps no process holds
    property int hostIndex: -1        // the host's row, which gives its MAC address

    property bool focused: false      // the host the current step is about
    property bool selected: false     // the host the viewer chose
    property int focusSocket: -1      // the socket the current step is about, -1 for none
    property int conflictSocket: -1   // the socket in the way of a failed bind or listen, -1 for none

    // the layers' names, top to bottom, by StageEnvelopeModel's Layer
    readonly property var layerNames: [qsTr("Application"), qsTr("Transport"), qsTr("Network"), qsTr("Link")]

    // The model's rule (encapsulation.cpp, macAddressOf): 02:50:4c and the host's row plus one
    // in the last three bytes.
    readonly property string macAddress: {
        if (hostIndex < 0)
            return "—"
        const n = hostIndex + 1
        const bytes = [0x02, 0x50, 0x4c, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
        return bytes.map(b => (b < 16 ? "0" : "") + b.toString(16)).join(":")
    }
    readonly property string addressText: listText(addresses, "  ")

    // the room on each floor's right where envelopes stop (wide enough for one)
    readonly property int slotWidth: 210
    // Where the cable leaves the building for the street, in the building's coordinates.
    readonly property point linkTap: Qt.point(width / 2, height)

    signal laidOut()    // the offices moved: doorPoint() may answer otherwise now
    signal connectDragged(int pid, point scenePosition)   // a process's connect handle let go there

    // A list (JS array, or a QStringList from C++) as one string.
    function listText(list, separator) {
        let text = ""
        const n = list ? list.length : 0
        for (let i = 0; i < n; ++i)
            text += (i > 0 ? separator : "") + list[i]
        return text
    }

    function floorItem(layer) {
        return layer === StageEnvelopeModel.Application ? applicationFloor
             : layer === StageEnvelopeModel.Transport ? transportFloor
             : layer === StageEnvelopeModel.Network ? networkFloor
             : linkFloor
    }

    // The point where an envelope stops on a floor: the middle of the room right of its sign.
    function floorCenter(layer) {
        const floor = root.floorItem(layer)
        const sign = floor.sign
        return Qt.point(body.x + floor.x + sign.x + sign.width - root.slotWidth / 2,
                        body.y + floor.y + sign.y + sign.height / 2)
    }

    // The door of a socket (every door, kernel office included), or null.
    function doorOf(socketId) {
        const search = item => {
            for (let i = 0; i < item.children.length; ++i) {
                const child = item.children[i]
                if (child.objectName === "door" && child.socket && child.socket.id === socketId)
                    return child
                const found = search(child)
                if (found)
                    return found
            }
            return null
        }
        return socketId >= 0 ? search(offices) : null
    }

    // The middle of the door of a socket, or of the mail room when it has none.
    function doorPoint(socketId) {
        const door = root.doorOf(socketId)
        if (!door || !door.visible)
            return root.floorCenter(StageEnvelopeModel.Transport)
        // At the door's right end, so that an envelope handed to the socket leaves the door's
        // label readable. Added up by hand so that a binding calling this follows every move.
        let x = door.x + door.width
        let y = door.y + door.height / 2
        for (let item = door.parent; item && item !== root; item = item.parent) {
            x += item.x
            y += item.y
        }
        return Qt.point(x, y)
    }

    implicitWidth: Math.round(Theme.buildingMinimumWidth * Theme.typeScale)   // larger type, wider walls
    implicitHeight: body.implicitHeight + 2 * Theme.borderWidthStrong
    width: implicitWidth
    height: implicitHeight
    objectName: "building:" + name

    Accessible.role: Accessible.Grouping
    //: %1 is a host's name, %2 its addresses, %3 its MAC address
    Accessible.name: qsTr("Host %1, address %2, MAC %3").arg(root.name).arg(root.listText(root.addresses, ", "))
                                                        .arg(root.macAddress)
                     + (root.focused ? qsTr(", this step") : "") + (root.selected ? qsTr(", selected") : "")

    // A floor: its sign at the bottom (the layer's name, what it does, and on the right the room
    // where an envelope stops), and above it whatever the floor holds (the offices).
    component Floor: Rectangle {
        id: floor

        required property int floorLayer
        required property string title
        required property string detail
        required property real slotWidth
        property bool monoDetail: false
        property Item content: null
        readonly property alias sign: floorSign

        objectName: "floor:" + floorLayer
        implicitHeight: (content ? content.implicitHeight + Theme.spacing : 0) + floorSign.implicitHeight
        Accessible.role: Accessible.Grouping
        //: a floor of a host's building: %1 is the layer's name, like Transport
        Accessible.name: qsTr("%1 layer").arg(floor.title) + ": " + floor.detail

        // the floor line above
        Rectangle {
            width: parent.width
            height: Theme.borderWidth
            color: Theme.floorBorder
        }

        Item {
            id: floorSign

            y: floor.height - height
            width: floor.width
            implicitHeight: Math.max(signText.implicitHeight, 64) + 2 * Theme.spacingSmall

            Column {
                id: signText

                x: Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                width: floorSign.width - floor.slotWidth - 2 * Theme.spacing
                spacing: 2

                Text {
                    id: floorName

                    objectName: "floorName"
                    width: parent.width
                    text: floor.title
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    elide: Text.ElideRight
                }
                Text {
                    objectName: "floorDetail"
                    width: parent.width
                    text: floor.detail
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontLabel
                    font.family: floor.monoDetail ? Theme.monoFamily : floorName.font.family
                    wrapMode: Text.WrapAnywhere
                }
            }
        }
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.building
        radius: Theme.radius
    }

    Column {
        id: body

        x: Theme.borderWidthStrong
        y: Theme.borderWidthStrong
        width: root.width - 2 * x

        // the sign on the front: the host's name and addresses, large
        Rectangle {
            id: front

            width: parent.width
            implicitHeight: frontText.implicitHeight + 2 * Theme.spacing
            color: Theme.buildingFront

            Column {
                id: frontText

                x: Theme.spacing + Theme.spacingSmall
                y: Theme.spacing
                width: parent.width - 2 * x
                spacing: 2

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
                        elide: Text.ElideRight
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
                    text: root.addressText
                    color: Theme.buildingFrontText
                    font.pixelSize: Theme.fontAddress
                    font.family: Theme.monoFamily
                    wrapMode: Text.WrapAnywhere
                }
            }
        }

        Floor {
            id: applicationFloor

            width: body.width
            floorLayer: StageEnvelopeModel.Application
            color: Theme.floorApplication
            slotWidth: root.slotWidth
            title: root.layerNames[StageEnvelopeModel.Application]
            detail: qsTr("programs; each socket a door")
            content: offices

            // the offices, two side by side
            ColumnFlow {
                id: offices

                x: Theme.spacing
                y: Theme.spacing
                width: parent.width - 2 * Theme.spacing
                columns: 2
                spacing: Theme.spacing
                onImplicitHeightChanged: root.laidOut()

                Repeater {
                    model: root.processes

                    delegate: ProcessBox {
                        required property var modelData

                        name: modelData.name
                        pid: modelData.pid
                        onConnectDragged: (pid, scenePosition) => root.connectDragged(pid, scenePosition)
                        //: under a process's name: its process id and the user it runs as
                        detail: qsTr("pid %1 · %2").arg(modelData.pid).arg(modelData.user)
                        sockets: modelData.sockets
                        focusSocket: root.focusSocket
                        conflictSocket: root.conflictSocket
                        //: %1 process name, %2 pid, %3 user
                        Accessible.name: qsTr("Process %1, pid %2, user %3").arg(modelData.name).arg(modelData.pid)
                                                                            .arg(modelData.user)
                    }
                }

                // Sockets that outlived their process (TIME-WAIT) or wait to be accepted.
                ProcessBox {
                    visible: root.kernelSockets && root.kernelSockets.length > 0
                    name: qsTr("kernel")
                    detail: qsTr("held by no process")
                    sockets: root.kernelSockets
                    focusSocket: root.focusSocket
                    conflictSocket: root.conflictSocket
                    Accessible.name: qsTr("Sockets held by the kernel, no process")
                }
            }
        }
        Floor {
            id: transportFloor

            width: body.width
            floorLayer: StageEnvelopeModel.Transport
            color: Theme.floorTransport
            slotWidth: root.slotWidth
            title: root.layerNames[StageEnvelopeModel.Transport]
            detail: qsTr("mail room: reads the port")
        }
        Floor {
            id: networkFloor

            width: body.width
            floorLayer: StageEnvelopeModel.Network
            color: Theme.floorNetwork
            slotWidth: root.slotWidth
            title: root.layerNames[StageEnvelopeModel.Network]
            //: the Network floor's detail: %1 is the host's addresses
            detail: qsTr("IP %1").arg(root.listText(root.addresses, "\n"))
            monoDetail: true
        }
        Floor {
            id: linkFloor

            width: body.width
            floorLayer: StageEnvelopeModel.Link
            color: Theme.floorLink
            slotWidth: root.slotWidth
            title: root.layerNames[StageEnvelopeModel.Link]
            //: the Link floor's detail: %1 is the host's MAC address
            detail: qsTr("Ethernet MAC %1").arg(root.macAddress)
            monoDetail: true
        }
    }

    // the walls
    Rectangle {
        anchors.fill: parent
        color: "transparent"
        border.color: Theme.buildingBorder
        border.width: Theme.borderWidthStrong
        radius: Theme.radius
    }

    // Selected by the viewer: an outline in the focus colour and a "selected" tag.
    Rectangle {
        objectName: "selectionOutline"
        anchors.fill: parent
        anchors.margins: -Theme.borderWidthStrong - 2
        visible: root.selected
        color: "transparent"
        border.color: Theme.focusRing
        border.width: Theme.borderWidthStrong
        radius: Theme.radius + 2
    }
    // The host of this step: a thick outline and a tag above the roof.
    Rectangle {
        objectName: "focusOutline"
        anchors.fill: parent
        anchors.margins: -2 * Theme.borderWidthStrong - 4
        visible: root.focused
        color: "transparent"
        border.color: Theme.selectionBorder
        border.width: 2 * Theme.borderWidthStrong
        radius: Theme.radius + 4
    }

    Row {
        anchors.bottom: parent.top
        anchors.bottomMargin: 2 * Theme.borderWidthStrong + 8
        x: 0
        spacing: Theme.spacingSmall

        Rectangle {
            objectName: "focusTag"
            visible: root.focused
            implicitWidth: focusText.implicitWidth + 2 * Theme.spacing
            implicitHeight: focusText.implicitHeight + Theme.spacingSmall
            color: Theme.selectionFill
            border.color: Theme.selectionBorder
            border.width: Theme.borderWidthStrong
            radius: Theme.radius

            Text {
                id: focusText

                anchors.centerIn: parent
                //: the tag above the host the current step is about
                text: qsTr("▼ this step")
                color: Theme.selectionText
                font.pixelSize: Theme.fontTitle
                font.bold: true
            }
        }
        Rectangle {
            objectName: "selectedTag"
            visible: root.selected
            implicitWidth: selectedText.implicitWidth + 2 * Theme.spacing
            implicitHeight: selectedText.implicitHeight + Theme.spacingSmall
            color: Theme.panel
            border.color: Theme.focusRing
            border.width: Theme.borderWidth
            radius: Theme.radius

            Text {
                id: selectedText

                anchors.centerIn: parent
                //: the tag above the host the viewer clicked
                text: qsTr("selected")
                color: Theme.text
                font.pixelSize: Theme.fontTitle
            }
        }
    }
}
