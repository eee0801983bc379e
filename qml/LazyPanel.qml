// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// A panel made the first time it is `shown`, and kept from then on: the window opens without
// waiting for the panels nobody has looked at yet. `content` is made filling the panel.
// (A Repeater of one rather than a Loader: Qt 6.4's Loader cannot make a component declared
// in a file with `pragma ComponentBehavior: Bound`.)
Item {
    id: panel

    required property Component content
    required property bool shown
    property bool made: false

    onShownChanged: {
        if (shown)
            panel.made = true
    }
    Component.onCompleted: {
        if (shown)
            panel.made = true
    }

    Repeater {
        id: maker

        model: panel.made ? 1 : 0
        delegate: panel.content
        onItemAdded: (index, item) => {
            item.anchors.fill = panel
        }
    }
}
