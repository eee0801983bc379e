// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import PortLab

// The stage's scenery: the streets, one under each row of the grid, the trunk that joins them
// (the one link), and every host as a building standing on its street, with its cable. The
// stage has it twice: one in the window, which the pointer, the keyboard and accessibility
// use but which draws nothing while the picture is shown (UndrawnItems), and the picture of
// it (`pictureOf` the first), which is no item of the window and is drawn into the texture
// the stage shows; see NetworkView.
Item {
    id: scenery

    // The scenery this one is the picture of: all it shows, and where its buildings stand (they
    // are dragged there), come from that one. Null for the one in the window.
    property Scenery pictureOf: null

    property var hosts: pictureOf ? pictureOf.hosts : null     // a SceneModel: one building per row
    property var grid: pictureOf ? pictureOf.grid : ({tops: [], heights: [], streets: [], streetRights: [], bottom: 0})   // NetworkView.grid
    property int trunkX: pictureOf ? pictureOf.trunkX : 0
    property int streetWidth: pictureOf ? pictureOf.streetWidth : 12
    property var placed: pictureOf ? pictureOf.placed : ({})    // host row → {x, y}: where the viewer dragged it
    property int focusHost: pictureOf ? pictureOf.focusHost : -1
    property int focusSocket: pictureOf ? pictureOf.focusSocket : -1
    property int conflictSocket: pictureOf ? pictureOf.conflictSocket : -1
    property int selectedHost: pictureOf ? pictureOf.selectedHost : -1
    // host row → the building's place in the grid (NetworkView.slotPlaces)
    property var slotPlaces: pictureOf ? pictureOf.slotPlaces : []

    readonly property int buildingCount: buildings.count

    signal buildingsChanged()   // a building was added or removed
    signal hostClicked(int index)
    signal contextMenuRequested(var target, point scenePosition)
    signal connectDragged(int pid, point scenePosition)
    signal buildingDragStarted()
    signal buildingPlaced(int index, point position)

    function buildingAt(index: int): HostBuilding {
        return index >= 0 && index < buildings.count ? buildings.itemAt(index) as HostBuilding : null
    }

    // The nearest point of the streets and the trunk to (x, y).
    function streetPoint(x: real, y: real): point {
        const streets = scenery.grid.streets
        if (streets.length === 0)
            return Qt.point(x, y)
        let best = Qt.point(scenery.trunkX, Math.min(Math.max(y, streets[0]), streets[streets.length - 1]))
        let bestDistance = Math.abs(x - best.x) + Math.abs(y - best.y)
        for (let r = 0; r < streets.length; ++r) {
            const candidate = Qt.point(Math.min(Math.max(x, scenery.trunkX), scenery.grid.streetRights[r]), streets[r])
            const distance = Math.abs(x - candidate.x) + Math.abs(y - candidate.y)
            if (distance < bestDistance) {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    // opaque, so the picture is copied rather than blended
    Rectangle {
        anchors.fill: parent
        color: Theme.background
    }

    // the streets, one under each row, and the trunk joining them: the one link
    Rectangle {
        objectName: "trunk"
        visible: scenery.grid.streets.length > 1
        x: scenery.trunkX - scenery.streetWidth / 2
        y: scenery.grid.streets.length > 0 ? scenery.grid.streets[0] - scenery.streetWidth / 2 : 0
        width: scenery.streetWidth
        height: scenery.grid.streets.length > 0
                ? scenery.grid.streets[scenery.grid.streets.length - 1] - scenery.grid.streets[0] + scenery.streetWidth : 0
        color: Theme.wire
        radius: scenery.streetWidth / 2
    }
    Repeater {
        model: scenery.grid.streets.length

        delegate: Rectangle {
            required property int index

            objectName: "street"
            x: scenery.trunkX - scenery.streetWidth / 2
            y: scenery.grid.streets[index] - scenery.streetWidth / 2
            width: scenery.grid.streetRights[index] - x
            height: scenery.streetWidth
            color: Theme.wire
            radius: scenery.streetWidth / 2
            Accessible.role: Accessible.Graphic
            Accessible.name: qsTr("The link: one Ethernet segment all hosts share")

            // a dashed centre line: it is a street
            DashedLine {
                objectName: "streetLine"
                anchors.verticalCenter: parent.verticalCenter
                x: scenery.streetWidth
                width: parent.width - 2 * scenery.streetWidth
                height: 2
                dashLength: 20
                gapLength: 14
                color: Theme.background
            }
            Text {
                x: scenery.streetWidth
                y: scenery.streetWidth + Theme.spacingSmall
                visible: parent.index === 0
                //: under the street that joins the buildings
                text: qsTr("Link: one Ethernet segment all hosts share")
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                font.italic: true
            }
        }
    }

    Repeater {
        id: buildings

        model: scenery.hosts
        onItemAdded: scenery.buildingsChanged()
        onItemRemoved: scenery.buildingsChanged()

        delegate: HostBuilding {
            id: building

            required property var model
            required property int index

            readonly property var remembered: scenery.placed[index]
            readonly property point street: scenery.streetPoint(x + linkTap.x, y + linkTap.y)

            name: model.name
            addresses: model.addresses
            personality: model.personality
            processes: model.processes
            kernelSockets: model.kernelSockets
            hostIndex: index
            focused: index === scenery.focusHost
            selected: index === scenery.selectedHost
            focusSocket: scenery.focusHost < 0 || index === scenery.focusHost ? scenery.focusSocket : -1
            conflictSocket: scenery.conflictSocket

            // where the viewer put it, or its slot; a picture's buildings stand where their twins do
            readonly property HostBuilding twin: scenery.pictureOf ? scenery.pictureOf.buildingAt(index) : null
            readonly property point slot: index < scenery.slotPlaces.length ? scenery.slotPlaces[index] : Qt.point(0, 0)

            x: twin ? twin.x : remembered ? remembered.x : slot.x
            y: twin ? twin.y : remembered ? remembered.y : slot.y
            z: dragHandler.active ? 2 : 1

            activeFocusOnTab: true
            Accessible.role: Accessible.Button
            Accessible.onPressAction: scenery.hostClicked(building.index)
            Keys.onReturnPressed: scenery.hostClicked(building.index)
            Keys.onSpacePressed: scenery.hostClicked(building.index)
            // the menu key, or Shift+F10, opens the building's menu as a right click would
            Keys.onPressed: event => {
                if (event.key === Qt.Key_Menu || (event.key === Qt.Key_F10 && (event.modifiers & Qt.ShiftModifier))) {
                    const position = building.mapToItem(null, building.width / 2, Theme.spacingLarge)
                    scenery.contextMenuRequested({kind: "host", host: building.name, index: building.index}, Qt.point(position.x, position.y))
                    event.accepted = true
                }
            }
            onConnectDragged: (pid, scenePosition) => scenery.connectDragged(pid, scenePosition)

            // the cable from the Link floor down to the street: a rotated bar rather than a
            // Shape, which the software renderer does not clip to the view
            Rectangle {
                readonly property real dx: building.street.x - building.x - building.linkTap.x
                readonly property real dy: building.street.y - building.y - building.linkTap.y

                objectName: "cable"
                z: -1
                x: building.linkTap.x - width / 2
                y: building.linkTap.y
                width: 6
                height: Math.sqrt(dx * dx + dy * dy)
                radius: 3
                color: Theme.wire
                transformOrigin: Item.Top
                rotation: -Math.atan2(dx, dy) * 180 / Math.PI
            }
            // the socket in the wall where the cable comes out
            Rectangle {
                x: building.linkTap.x - width / 2
                y: building.linkTap.y - height / 2
                width: 18
                height: 12
                color: Theme.wire
                radius: 2
            }

            TapHandler {
                onTapped: {
                    building.forceActiveFocus()
                    scenery.hostClicked(building.index)
                }
            }
            DragHandler {
                id: dragHandler

                target: building
                onActiveChanged: {
                    if (active)
                        scenery.buildingDragStarted()
                    else
                        scenery.buildingPlaced(building.index, Qt.point(building.x, building.y))
                }
            }
            // (the keyboard's focus ring is NetworkView's, drawn over the scenery's picture)
        }
    }
}
