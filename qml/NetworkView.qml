// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import PortLab

// The stage's network: every host as a building standing on a street, the street being the
// link (one Ethernet segment all hosts share: a cable from each building's Link floor down to
// it, the streets joined by a trunk on the left), and the envelopes in flight on top.
//
// Buildings stand in rows of a grid that grows a column, then a row, so the layout stays
// square-ish for 1 to 12 hosts while each host keeps its slot as others are added (host 0
// top left, 1 right of it, 2 and 3 below them, 4 and 5 in a third column, ...). Each row has its
// own street under it. A building can be dragged elsewhere; its cable and the envelopes at it
// follow.
//
// Zoom with Ctrl+wheel, a pinch, the + / − / Fit buttons or the keys + − 0; pan by dragging
// empty space, with the wheel (Shift+wheel: sideways) or the arrow keys. The view starts fitted
// and keeps fitting itself to its size until the viewer zooms, pans or moves a building.
Item {
    id: root

    property var hosts                 // a SceneModel: one building per row
    property var envelopes             // a StageEnvelopeModel: one envelope per row
    property int focusHost: -1         // the host the current step is about
    property int focusSocket: -1       // the socket the current step is about
    property int conflictSocket: -1    // the socket in the way of a failed bind or listen
    property int selectedHost: -1      // the host the viewer chose
    property int stepDuration: Theme.stepDuration

    signal hostClicked(int index)
    // A right click (or the menu key on a building): `target` is what is under the pointer,
    // {kind: "door", socket (a SceneModel socket map), host}, {kind: "process", pid, name, host},
    // {kind: "host", host, index} or {kind: "background"}; `position` in this view's coordinates.
    signal contextMenuRequested(var target, point position)
    // A process's connect handle dropped on a door: connect a new socket of it there.
    signal processDroppedOnDoor(int pid, int socketId)

    // What lies under a point of the scene (window coordinates): the innermost door, office or
    // building, as contextMenuRequested describes it. Every item is searched, topmost first,
    // since a building's floors may reach past the items that hold them.
    function itemAt(item: Item, scenePoint: point): Item {
        for (let i = item.children.length - 1; i >= 0; --i) {
            const child = item.children[i]
            if (!child.visible)
                continue
            const found = root.itemAt(child, scenePoint)
            if (found)
                return found
        }
        const wanted = item instanceof SocketDoor || (item instanceof ProcessBox && (item as ProcessBox).pid >= 0) || item instanceof HostBuilding
        if (!wanted)
            return null
        const local = item.mapFromItem(null, scenePoint.x, scenePoint.y)
        return local.x >= 0 && local.y >= 0 && local.x < item.width && local.y < item.height ? item : null
    }

    function targetAt(scenePoint: point): var {
        const found = root.itemAt(stage, scenePoint)
        let host = ""
        for (let item = found; item; item = item.parent) {
            if (item instanceof HostBuilding)
                host = (item as HostBuilding).name
        }
        if (found instanceof SocketDoor)
            return {kind: "door", socket: (found as SocketDoor).socket, host: host}
        if (found instanceof ProcessBox)
            return {kind: "process", pid: (found as ProcessBox).pid, name: (found as ProcessBox).name, host: host}
        if (found instanceof HostBuilding)
            return {kind: "host", host: host, index: (found as HostBuilding).hostIndex}
        return {kind: "background"}
    }

    // Right click anywhere: the menu of what is under the pointer.
    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: (eventPoint, button) => {
            const position = root.mapFromItem(null, eventPoint.scenePosition.x, eventPoint.scenePosition.y)
            root.contextMenuRequested(root.targetAt(eventPoint.scenePosition), Qt.point(position.x, position.y))
        }
    }

    // the view: stage coordinates × zoom + pan = view coordinates
    property real zoom: 1
    property real panX: 0
    property real panY: 0
    readonly property real minimumZoom: 0.1
    readonly property real maximumZoom: 3
    readonly property real zoomStep: 1.25
    property bool autoFit: true        // fit again on resize, until the viewer moves the view
    // The camera: when it follows, it frames what the current step is about — the building of
    // cameraHost while an envelope is inside it or a statement runs there, the whole network
    // (cameraHost -1) while one crosses the wire — so the text on screen stays large enough to
    // read from the back of a room. Zooming or panning by hand stops it; Follow starts it again.
    property bool follow: false
    property int cameraHost: -1
    property bool cameraMoving: false  // zoom and pan animate only while the camera moves them
    // how far the camera zooms in on a host at most (presenter mode lets a big screen show it larger)
    property real followMaximumZoom: 1.0

    // the layout, in stage coordinates
    readonly property int buildingWidth: Math.round(Theme.buildingMinimumWidth * Theme.typeScale)   // as HostBuilding
    readonly property int columnGap: 90
    readonly property int tagSpace: 56          // above each row: the focus tag
    readonly property int cableLength: 64       // from a building's Link floor to its street
    readonly property int streetWidth: 12
    readonly property int streetLabelSpace: 64  // under each street: its label, half an envelope
    readonly property int trunkX: 30
    readonly property int buildingsLeft: 80
    readonly property int margin: 20

    property int buildingsRevision: 0           // buildings added or removed
    property var placed: ({})                   // host row → {x, y}: where the viewer dragged it

    readonly property alias stage: stage
    readonly property int buildingCount: scenery.buildingCount

    // host index → {column, row}: the grid grows a column (as many rows as there are), then
    // a row (as many columns as there are), so a host's slot depends on its index alone.
    function slotOf(index) {
        if (index <= 0)
            return {column: 0, row: 0}
        let columns = 1
        let rows = 1
        let filled = 1
        for (;;) {
            if (columns === rows) {
                if (index < filled + rows)
                    return {column: columns, row: index - filled}
                filled += rows
                ++columns
            } else {
                if (index < filled + columns)
                    return {column: index - filled, row: rows}
                filled += columns
                ++rows
            }
        }
    }

    // The grid's rows: their tops, heights and streets (from the buildings' heights).
    readonly property var grid: {
        void root.buildingsRevision
        const n = scenery.buildingCount
        const heights = []
        const columnsInRow = []
        for (let i = 0; i < n; ++i) {
            const slot = root.slotOf(i)
            const building = scenery.buildingAt(i)
            const h = building ? building.implicitHeight : 0
            while (heights.length <= slot.row) {
                heights.push(0)
                columnsInRow.push(0)
            }
            heights[slot.row] = Math.max(heights[slot.row], h)
            columnsInRow[slot.row] = Math.max(columnsInRow[slot.row], slot.column + 1)
        }
        const tops = []
        const streets = []
        const streetRights = []
        let y = root.margin
        for (let r = 0; r < heights.length; ++r) {
            tops.push(y + root.tagSpace)
            streets.push(y + root.tagSpace + heights[r] + root.cableLength)
            streetRights.push(root.buildingsLeft + columnsInRow[r] * (root.buildingWidth + root.columnGap)
                              - root.columnGap / 2)
            y = streets[r] + root.streetLabelSpace
        }
        return {tops: tops, heights: heights, streets: streets, streetRights: streetRights, bottom: y}
    }

    function slotX(index) {
        return root.buildingsLeft + root.slotOf(index).column * (root.buildingWidth + root.columnGap)
    }

    function slotY(index, height) {
        const row = root.slotOf(index).row
        if (row >= root.grid.tops.length)
            return root.margin + root.tagSpace
        return root.grid.tops[row] + root.grid.heights[row] - height   // standing on its street
    }

    // Each building's slot in the grid, by host row: where it stands unless the viewer moved it.
    readonly property var slotPlaces: {
        const places = []
        for (let i = 0; i < scenery.buildingCount; ++i) {
            const building = scenery.buildingAt(i)
            places.push(Qt.point(root.slotX(i), root.slotY(i, building ? building.implicitHeight : 0)))
        }
        return places
    }

    function buildingAt(index) {
        void root.buildingsRevision
        return scenery.buildingAt(index)
    }

    // Where a host's cable leaves its building, in stage coordinates.
    function tapOf(building) {
        return Qt.point(building.x + building.linkTap.x, building.y + building.linkTap.y)
    }

    // Half way along the link from one host's Link floor to another's: down the first cable,
    // along the streets (by the trunk, when they are different streets), up the second cable.
    function wirePoint(fromHost, toHost) {
        const from = root.buildingAt(fromHost)
        const to = root.buildingAt(toHost)
        if (!from || !to)
            return null
        const a = root.tapOf(from)
        const b = root.tapOf(to)
        const sa = scenery.streetPoint(a.x, a.y)
        const sb = scenery.streetPoint(b.x, b.y)
        const points = [a, sa]
        if (Math.abs(sa.y - sb.y) > 0.5) {
            points.push(Qt.point(root.trunkX, sa.y))
            points.push(Qt.point(root.trunkX, sb.y))
        }
        points.push(sb)
        points.push(b)
        let total = 0
        for (let i = 1; i < points.length; ++i)
            total += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y)
        let left = total / 2
        for (let i = 1; i < points.length; ++i) {
            const length = Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y)
            if (left <= length && length > 0) {
                const t = left / length
                return Qt.point(points[i - 1].x + t * (points[i].x - points[i - 1].x),
                                points[i - 1].y + t * (points[i].y - points[i - 1].y))
            }
            left -= length
        }
        return points[0]
    }

    // Where an envelope goes, in stage coordinates, or null when its host is not (yet) shown.
    function envelopePoint(place, atHost, layer, socketId, fromHost, toHost) {
        if (place === StageEnvelopeModel.Wire)
            return root.wirePoint(fromHost, toHost)
        const building = root.buildingAt(atHost)
        if (!building)
            return null
        let point
        if (place === StageEnvelopeModel.Door)
            point = building.doorPoint(socketId)
        else if (place === StageEnvelopeModel.Stack)
            point = building.floorCenter(layer)
        else if ((place === StageEnvelopeModel.Dropped || place === StageEnvelopeModel.Forwarded) && layer >= StageEnvelopeModel.Network)
            point = building.floorCenter(layer)     // dropped or routed on before the mail room saw it
        else
            point = building.floorCenter(StageEnvelopeModel.Transport)
        return Qt.point(building.x + point.x, building.y + point.y)
    }

    // What the whole network covers, in stage coordinates.
    function contentBounds() {
        let left = root.trunkX - root.margin
        let top = root.grid.tops.length > 0 ? root.grid.tops[0] - root.margin : 0
        let right = left + 1
        let bottom = root.grid.bottom
        for (let i = 0; i < scenery.buildingCount; ++i) {
            const building = scenery.buildingAt(i)
            if (!building)
                continue
            left = Math.min(left, building.x - root.margin)
            top = Math.min(top, building.y - root.margin)
            right = Math.max(right, building.x + building.width + root.margin)
            bottom = Math.max(bottom, building.y + building.height + root.cableLength + root.margin)
        }
        for (const r of root.grid.streetRights)
            right = Math.max(right, r + root.margin)
        return {x: left, y: top, width: right - left, height: bottom - top}
    }

    function clampZoom(value) {
        return Math.min(root.maximumZoom, Math.max(root.minimumZoom, value))
    }

    // Zooms to `value`, keeping the point (x, y) of the view where it is.
    function zoomAt(value, x, y) {
        const z = root.clampZoom(value)
        const stageX = (x - root.panX) / root.zoom
        const stageY = (y - root.panY) / root.zoom
        root.zoom = z
        root.panX = x - stageX * z
        root.panY = y - stageY * z
    }

    function takeManualControl() {
        root.autoFit = false
        root.follow = false
    }

    // Zoom and pan so that `bounds` (stage coordinates) fills the room under the zoom buttons,
    // at most at `maximum`; moving there smoothly when `animate`, at once otherwise.
    function frame(bounds, maximum, animate) {
        if (root.width <= 0 || root.height <= 0 || bounds.width <= 0 || bounds.height <= 0)
            return
        const top = zoomBar.y + zoomBar.height
        const room = Qt.rect(0, top, root.width, root.height - top)
        const z = root.clampZoom(Math.min(room.width / bounds.width, room.height / bounds.height, maximum))
        root.cameraMoving = animate && !Theme.reducedMotion
        root.zoom = z
        root.panX = room.x + (room.width - bounds.width * z) / 2 - bounds.x * z
        root.panY = room.y + (room.height - bounds.height * z) / 2 - bounds.y * z
        if (root.cameraMoving)
            cameraTimer.restart()
    }

    // What the camera frames of host `index`: its building, with a narrow margin, so that its
    // doors are drawn as large as the view allows (its tag and cable may fall outside).
    function hostBounds(index) {
        const building = root.buildingAt(index)
        if (!building)
            return root.contentBounds()
        const edge = Theme.spacingSmall
        // an envelope on the Link floor hangs a little below the building
        const below = root.cableLength / 2
        return {x: building.x - edge, y: building.y - edge, width: building.width + 2 * edge, height: building.height + edge + below}
    }

    function followSteps() {
        root.autoFit = false
        root.follow = true
        root.reframe(true)
    }

    function reframe(animate) {
        if (!root.follow)
            return
        if (root.cameraHost >= 0 && root.cameraHost < scenery.buildingCount)
            root.frame(root.hostBounds(root.cameraHost), root.followMaximumZoom, animate)
        else
            root.frame(root.contentBounds(), 1.25, animate)
    }

    onCameraHostChanged: root.reframe(true)

    function zoomIn() {
        root.takeManualControl()
        root.zoomAt(root.zoom * root.zoomStep, root.width / 2, root.height / 2)
    }

    function zoomOut() {
        root.takeManualControl()
        root.zoomAt(root.zoom / root.zoomStep, root.width / 2, root.height / 2)
    }

    function panBy(dx, dy) {
        root.takeManualControl()
        root.panX += dx
        root.panY += dy
    }

    // The whole network in view, centred; and so it stays while the view is resized.
    function fitToView() {
        root.autoFit = true
        root.follow = false
        if (root.width <= 0 || root.height <= 0)
            return
        const bounds = root.contentBounds()
        // under the zoom buttons (the tags above the first row may go beside them)
        const top = zoomBar.y + zoomBar.height
        const room = Qt.rect(0, top, root.width, root.height - top)
        const z = root.clampZoom(Math.min(room.width / bounds.width, room.height / bounds.height, 1.25))
        root.zoom = z
        root.panX = room.x + (room.width - bounds.width * z) / 2 - bounds.x * z
        root.panY = room.y + (room.height - bounds.height * z) / 2 - bounds.y * z
    }

    function refit() {
        if (root.autoFit || root.follow)
            fitTimer.restart()
    }

    clip: true
    activeFocusOnTab: true
    Accessible.role: Accessible.Pane
    //: the stage's network view; %1 the number of hosts
    Accessible.name: qsTr("Network of %n host(s)", "", scenery.buildingCount)

    onWidthChanged: root.refit()
    onHeightChanged: root.refit()
    onGridChanged: root.refit()

    Keys.onPressed: event => {
        if (event.key === Qt.Key_Plus || event.key === Qt.Key_Equal)
            root.zoomIn()
        else if (event.key === Qt.Key_Minus)
            root.zoomOut()
        else if (event.key === Qt.Key_0)
            root.fitToView()
        else if (event.key === Qt.Key_Left)
            root.panBy(60, 0)
        else if (event.key === Qt.Key_Right)
            root.panBy(-60, 0)
        else if (event.key === Qt.Key_Up)
            root.panBy(0, 60)
        else if (event.key === Qt.Key_Down)
            root.panBy(0, -60)
        else
            return
        event.accepted = true
    }

    Timer {
        id: fitTimer

        interval: 0
        onTriggered: {
            if (root.autoFit)
                root.fitToView()
            else
                root.reframe(false)
        }
    }

    Timer {
        id: cameraTimer

        interval: root.cameraDuration
        onTriggered: root.cameraMoving = false
    }

    readonly property int cameraDuration: Math.max(150, Math.min(700, root.stepDuration * 0.6))

    Behavior on zoom {
        enabled: root.cameraMoving
        NumberAnimation { duration: root.cameraDuration; easing.type: Easing.InOutQuad }
    }
    Behavior on panX {
        enabled: root.cameraMoving
        NumberAnimation { duration: root.cameraDuration; easing.type: Easing.InOutQuad }
    }
    Behavior on panY {
        enabled: root.cameraMoving
        NumberAnimation { duration: root.cameraDuration; easing.type: Easing.InOutQuad }
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.background
    }

    // Empty space: drag to pan; the wheel pans, Ctrl+wheel zooms.
    Item {
        id: background

        anchors.fill: parent

        DragHandler {
            id: panHandler

            property real startX: 0
            property real startY: 0

            target: null
            // Empty space only: a drag that began on a building moves the building, and the view
            // must not pan under it as well.
            grabPermissions: PointerHandler.ApprovesTakeOverByAnything
            onActiveChanged: {
                if (active) {
                    root.takeManualControl()
                    startX = root.panX
                    startY = root.panY
                    root.forceActiveFocus()
                }
            }
            onTranslationChanged: {
                if (active) {
                    root.panX = startX + translation.x
                    root.panY = startY + translation.y
                }
            }
        }

        PinchHandler {
            id: pinch

            property real startZoom: 1

            target: null
            onActiveChanged: {
                if (active) {
                    root.takeManualControl()
                    startZoom = root.zoom
                }
            }
            onActiveScaleChanged: {
                if (active)
                    root.zoomAt(startZoom * activeScale, centroid.position.x, centroid.position.y)
            }
        }

        MouseArea {
            anchors.fill: parent
            acceptedButtons: Qt.NoButton
            onWheel: wheel => {
                if (wheel.modifiers & Qt.ControlModifier) {
                    root.takeManualControl()
                    root.zoomAt(root.zoom * Math.pow(root.zoomStep, wheel.angleDelta.y / 120), wheel.x, wheel.y)
                } else if (wheel.modifiers & Qt.ShiftModifier) {
                    root.panBy(wheel.angleDelta.y / 2, 0)
                } else {
                    root.panBy(wheel.angleDelta.x / 2, wheel.angleDelta.y / 2)
                }
            }
        }
    }

    // The stage, in the view's pixels: the scenery, which is laid out in stage coordinates and
    // scaled by the zoom, and what is drawn at the size it appears (the scenery's picture, the
    // envelopes), which is not scaled, so that painting it copies pixels (TexturePicture).
    Item {
        id: stage

        objectName: "stage"
        x: root.panX
        y: root.panY
        width: scenery.width * root.zoom
        height: scenery.height * root.zoom

        // The streets and the buildings: drawn into one picture (sceneryTexture, shown by
        // sceneryPicture) at the size they appear, so that envelopes moving over them repaint
        // one picture rather than every item beneath. Only while the picture stays a sensible
        // size: zoomed far into a large network it would take hundreds of megabytes, and
        // drawing the items directly is then cheaper.
        readonly property bool sceneryPictured: stage.width * stage.height <= 8e6 && Math.max(stage.width, stage.height) <= 8192

        TexturePicture {
            id: sceneryPicture

            objectName: "sceneryPicture"
            width: stage.width
            height: stage.height
            visible: stage.sceneryPictured
            source: sceneryTexture
            naturalSize: true   // drawn at the size it appears: copied, not scaled or filtered
            smooth: false
        }
        // over the picture: what draws in the window (a connect drag's label) is seen
        Scenery {
            id: scenery

            objectName: "scenery"
            scale: root.zoom
            transformOrigin: Item.TopLeft
            width: root.contentBounds().width
            height: root.grid.bottom
            hosts: root.hosts
            grid: root.grid
            trunkX: root.trunkX
            streetWidth: root.streetWidth
            placed: root.placed
            focusHost: root.focusHost
            focusSocket: root.focusSocket
            conflictSocket: root.conflictSocket
            selectedHost: root.selectedHost
            slotPlaces: root.slotPlaces

            onBuildingsChanged: root.buildingsRevision++
            onHostClicked: index => root.hostClicked(index)
            onContextMenuRequested: (target, scenePosition) => {
                const position = root.mapFromItem(null, scenePosition.x, scenePosition.y)
                root.contextMenuRequested(target, Qt.point(position.x, position.y))
            }
            onConnectDragged: (pid, scenePosition) => {
                const target = root.targetAt(scenePosition)
                if (target.kind === "door")
                    root.processDroppedOnDoor(pid, target.socket.id)
            }
            onBuildingDragStarted: root.takeManualControl()
            onBuildingPlaced: (index, position) => {
                const placed = Object.assign({}, root.placed)
                placed[index] = {x: position.x, y: position.y}
                root.placed = placed
            }
        }
        // While the picture is shown, the scenery in the window draws nothing: the software
        // renderer would otherwise go through its two hundred hidden nodes in every frame.
        UndrawnItems {
            root: scenery
            active: stage.sceneryPictured
        }
        // What the picture shows: the scenery again, in no window, standing where the one in
        // the window stands.
        readonly property Scenery sceneryDrawing: Scenery {
            width: scenery.width
            height: scenery.height
            pictureOf: scenery
            enabled: false
        }

        ShaderEffectSource {
            id: sceneryTexture

            visible: false   // sceneryPicture shows it
            sourceItem: stage.sceneryPictured ? stage.sceneryDrawing : null
            // Qt.size gives a QSizeF, which the QSize property takes (qmllint 6.4 says it cannot)
            // qmllint disable type
            textureSize: Qt.size(Math.max(1, Math.ceil(stage.width)), Math.max(1, Math.ceil(stage.height)))
            // qmllint enable type
            textureMirroring: ShaderEffectSource.NoMirroring
        }
        // The keyboard's focus ring around the building that has the focus: here, since the
        // buildings that take the keyboard draw nothing while the picture is shown, and the
        // picture's buildings never have the focus; in the view's pixels, so that it is as
        // thick at any zoom.
        Rectangle {
            readonly property Item focused: root.Window.activeFocusItem
            readonly property Item building: focused instanceof HostBuilding && focused.parent === scenery ? focused : null
            readonly property int gap: 2

            objectName: "buildingFocusRing"
            visible: building !== null
            x: building ? building.x * root.zoom - gap - border.width : 0
            y: building ? building.y * root.zoom - gap - border.width : 0
            width: building ? building.width * root.zoom + 2 * (gap + border.width) : 0
            height: building ? building.height * root.zoom + 2 * (gap + border.width) : 0
            color: "transparent"
            border.color: Theme.focusRing
            border.width: 3
        }
        Repeater {
            id: envelopeRepeater

            model: root.envelopes

            delegate: EnvelopeItem {
                id: envelope

                required property var model

                readonly property var wanted: root.envelopePoint(place, atHost, stackLayer, socketId, fromHost, toHost)

                key: model.key
                envelopeId: model.envelopeId
                label: model.label
                protocol: model.protocol
                fromHost: model.fromHost
                toHost: model.toHost
                atHost: model.atHost
                place: model.place
                stackLayer: model.layer
                goingDown: model.goingDown
                socketId: model.socketId
                note: model.note
                summary: model.summary
                sourcePort: model.sourcePort
                destinationPort: model.destinationPort

                z: 10
                stepDuration: root.stepDuration
                renderScale: root.zoom
                targetKnown: wanted !== null
                target: wanted !== null ? wanted : Qt.point(0, 0)
            }
        }
    }

    // zoom: − + Fit, and how far in
    Rectangle {
        id: zoomBar

        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.spacingSmall
        width: zoomRow.implicitWidth + 2 * Theme.spacingSmall
        height: zoomRow.implicitHeight + 2 * Theme.spacingSmall
        color: Theme.panel
        border.color: Theme.panelBorder
        border.width: 1
        radius: Theme.radius

        Row {
            id: zoomRow

            x: Theme.spacingSmall
            y: Theme.spacingSmall
            spacing: Theme.spacingSmall

            Button {
                objectName: "zoomOut"
                text: "−"
                font.pixelSize: Theme.fontTitle
                implicitWidth: Theme.controlHeight
                implicitHeight: Theme.controlHeight
                enabled: root.zoom > root.minimumZoom
                Accessible.name: qsTr("Zoom out")
                onClicked: root.zoomOut()
            }
            Text {
                objectName: "zoomLevel"
                anchors.verticalCenter: parent.verticalCenter
                width: zoomMetrics.advanceWidth
                horizontalAlignment: Text.AlignHCenter
                //: the zoom level, e.g. "80 %"
                text: qsTr("%1 %").arg(Math.round(root.zoom * 100))
                color: Theme.text
                font.pixelSize: Theme.fontLabel
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("Zoom %1 percent").arg(Math.round(root.zoom * 100))

                TextMetrics {
                    id: zoomMetrics

                    font.pixelSize: Theme.fontLabel
                    text: "300 %"
                }
            }
            Button {
                objectName: "zoomIn"
                text: "+"
                font.pixelSize: Theme.fontTitle
                implicitWidth: Theme.controlHeight
                implicitHeight: Theme.controlHeight
                enabled: root.zoom < root.maximumZoom
                Accessible.name: qsTr("Zoom in")
                onClicked: root.zoomIn()
            }
            Button {
                objectName: "zoomFit"
                //: zoom so that the whole network is in view
                text: qsTr("Fit")
                font.pixelSize: Theme.fontBody
                implicitHeight: Theme.controlHeight
                Accessible.name: qsTr("Fit the whole network in view")
                onClicked: root.fitToView()
            }
            Button {
                objectName: "zoomFollow"
                //: the camera follows the step: it frames the host the step is about
                text: qsTr("Follow")
                font.pixelSize: Theme.fontBody
                font.bold: root.follow
                implicitHeight: Theme.controlHeight
                checkable: true
                checked: root.follow
                Accessible.name: qsTr("Follow the step: frame the host each step is about")
                onClicked: root.follow ? root.fitToView() : root.followSteps()
            }
        }
    }
}
