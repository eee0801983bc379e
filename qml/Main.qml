// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import PortLab

// PortLab's window. The scene to show comes from C++ (runAppWindow), as a SceneModel.
Window {
    id: root

    required property SceneModel scene

    width: 1280
    height: 720
    minimumWidth: 640
    minimumHeight: 480
    visible: true
    title: qsTr("PortLab")
    color: Theme.background

    SceneView {
        anchors.fill: parent
        scene: root.scene
    }
}
