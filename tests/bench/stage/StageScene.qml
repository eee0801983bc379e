// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import PortLab

// bench_stage's stage: the window's NetworkView alone, at the projector size the views are
// drawn for, showing the benchmark's hosts and the envelopes it keeps moving.
Item {
    id: root

    required property var hosts         // a SceneModel
    required property var envelopes     // a StageEnvelopeModel
    required property int stepDuration  // ms of animation time per step

    width: 1280
    height: 720

    NetworkView {
        objectName: "networkView"
        anchors.fill: parent
        hosts: root.hosts
        envelopes: root.envelopes
        focusHost: -1
        focusSocket: -1
        selectedHost: -1
        stepDuration: root.stepDuration
    }
}
