// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// bench_stage's yardstick: nothing but one plain rectangle per envelope, each the size of the
// stage's envelope and going back and forth between the two places that envelope went,
// taking a step's time each way with EnvelopeItem's easing (so it is as fast at the same
// moments), for as long as the benchmark runs.
Item {
    id: root

    // one per rectangle: {fromX, fromY, toX, toY, width, height}, in the scene's coordinates
    required property var paths
    required property int stepDuration

    width: 1280
    height: 720

    Repeater {
        model: root.paths

        delegate: Rectangle {
            id: box

            required property var modelData

            x: modelData.fromX
            y: modelData.fromY
            width: modelData.width
            height: modelData.height
            color: "#005a8e"

            SequentialAnimation {
                running: true
                loops: Animation.Infinite

                ParallelAnimation {
                    NumberAnimation { target: box; property: "x"; to: box.modelData.toX; duration: root.stepDuration; easing.type: Easing.InOutQuad }
                    NumberAnimation { target: box; property: "y"; to: box.modelData.toY; duration: root.stepDuration; easing.type: Easing.InOutQuad }
                }
                ParallelAnimation {
                    NumberAnimation { target: box; property: "x"; to: box.modelData.fromX; duration: root.stepDuration; easing.type: Easing.InOutQuad }
                    NumberAnimation { target: box; property: "y"; to: box.modelData.fromY; duration: root.stepDuration; easing.type: Easing.InOutQuad }
                }
            }
        }
    }
}
