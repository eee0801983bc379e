// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

// The whole scene, plain: every host as a building, side by side while they fit, scrolling
// when they do not.
Item {
    id: root

    property SceneModel scene

    readonly property int columns: Math.max(1, Math.min(root.scene ? root.scene.count : 1,
        Math.floor((width - 2 * Theme.spacingLarge + Theme.spacingLarge)
                   / (Theme.buildingMinimumWidth + Theme.spacingLarge))))
    readonly property real buildingWidth: (width - 2 * Theme.spacingLarge
                                           - (columns - 1) * Theme.spacingLarge) / columns

    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Network scene")

    Flickable {
        id: flickable

        anchors.fill: parent
        contentWidth: width
        contentHeight: buildings.implicitHeight + 2 * Theme.spacingLarge
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ScrollBar.vertical: ScrollBar {}

        Flow {
            id: buildings

            x: Theme.spacingLarge
            y: Theme.spacingLarge
            width: flickable.width - 2 * Theme.spacingLarge
            spacing: Theme.spacingLarge

            Repeater {
                model: root.scene

                delegate: HostCard {
                    width: root.buildingWidth
                }
            }
        }
    }
}
