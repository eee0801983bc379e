// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The whole scene, plain: every host as a building, side by side while they fit, scrolling
// when they do not.
Item {
    id: root

    property SceneModel scene

    // as many buildings side by side as fit at their minimum width
    readonly property int columns: Math.max(1, Math.min(root.scene ? root.scene.count : 1,
        Math.floor((width - Theme.spacingLarge) / (Theme.buildingMinimumWidth + Theme.spacingLarge))))

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

        GridLayout {
            id: buildings

            x: Theme.spacingLarge
            y: Theme.spacingLarge
            width: flickable.width - 2 * Theme.spacingLarge
            columns: root.columns
            columnSpacing: Theme.spacingLarge
            rowSpacing: Theme.spacingLarge

            Repeater {
                model: root.scene

                delegate: HostCard {
                    Layout.fillWidth: true
                    Layout.preferredWidth: Theme.buildingMinimumWidth   // the same for all: equal widths
                    Layout.alignment: Qt.AlignTop
                }
            }
        }
    }
}
