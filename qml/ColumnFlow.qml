// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// Lays its children out in columns of equal width, each in turn going to the column that is
// shortest so far, so that one tall child does not leave a hole beside it. Children keep their
// own height; their width is the column's.
Item {
    id: root

    property int columns: 1
    property real spacing: 0

    readonly property real columnWidth: (width - (columns - 1) * spacing) / Math.max(1, columns)
    property var watched: []    // children whose height and visibility trigger a new layout

    function scheduleLayout() {
        layoutTimer.restart()
    }

    function relayout() {
        const bottoms = []
        for (let c = 0; c < Math.max(1, root.columns); ++c)
            bottoms.push(0)
        for (let i = 0; i < root.children.length; ++i) {
            const child = root.children[i]
            if (child instanceof Repeater || !child.visible)
                continue
            let column = 0
            for (let c = 1; c < bottoms.length; ++c) {
                if (bottoms[c] < bottoms[column])
                    column = c
            }
            child.width = root.columnWidth
            child.x = column * (root.columnWidth + root.spacing)
            child.y = bottoms[column] === 0 ? 0 : bottoms[column] + root.spacing
            bottoms[column] = child.y + child.height
        }
        root.implicitHeight = Math.max(...bottoms)
    }

    function watchChildren() {
        root.watched = root.watched.filter(child => child)   // those destroyed since
        for (let i = 0; i < root.children.length; ++i) {
            const child = root.children[i]
            if (root.watched.indexOf(child) >= 0)
                continue
            root.watched.push(child)
            child.heightChanged.connect(root.scheduleLayout)
            child.visibleChanged.connect(root.scheduleLayout)
        }
        root.scheduleLayout()
    }

    // One layout per turn of the event loop, however many children changed in it.
    Timer {
        id: layoutTimer

        interval: 0
        onTriggered: root.relayout()
    }

    onChildrenChanged: watchChildren()
    onWidthChanged: scheduleLayout()
    onColumnsChanged: scheduleLayout()
    onSpacingChanged: scheduleLayout()
    Component.onCompleted: watchChildren()
    // Children outlive this item by a moment as it is destroyed, and hide then: nothing to lay out.
    Component.onDestruction: {
        for (const child of root.watched) {
            if (!child)
                continue    // destroyed before this item
            child.heightChanged.disconnect(root.scheduleLayout)
            child.visibleChanged.disconnect(root.scheduleLayout)
        }
        root.watched = []
    }
}
