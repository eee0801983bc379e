// SPDX-License-Identifier: GPL-3.0-or-later
pragma Singleton
import QtQuick

// Colours, type sizes and spacing for every view. Sizes are pixels chosen to be read from the
// back of a room on a 1280×720 projector: no text smaller than fontLabel. Colours come from
// the Okabe–Ito palette, which colour-blind viewers can tell apart, darkened so that they keep
// their contrast on a washed-out projector; no state is told by colour alone.
QtObject {
    // --- colours -------------------------------------------------------------------------
    readonly property color background: "#f2efe8"
    readonly property color text: "#161616"
    readonly property color textMuted: "#3f4a52"

    // a host: a building, its address on a dark front
    readonly property color building: "#ffffff"
    readonly property color buildingBorder: "#22303a"
    readonly property color buildingFront: "#22303a"
    readonly property color buildingFrontText: "#ffffff"
    readonly property color buildingFrontMuted: "#d3dde4"

    // a process: an office inside it
    readonly property color office: "#e8eef2"
    readonly property color officeBorder: "#5a6a76"

    // a socket: a door, drawn differently for each kind (shape and label carry the meaning)
    readonly property color doorListening: "#005a8e"        // blue
    readonly property color doorListeningFill: "#dcecf7"
    readonly property color doorConnected: "#00664d"        // bluish green
    readonly property color doorConnectedFill: "#dcf2ea"
    readonly property color doorUnconnected: "#9a4a00"      // orange
    readonly property color doorUnconnectedFill: "#fbecd9"
    readonly property color doorClosing: "#5c5c5c"          // grey
    readonly property color doorClosingFill: "#ececec"

    // panels beside the scene: packets and the inspector
    readonly property color panel: "#ffffff"
    readonly property color panelBorder: "#5a6a76"
    readonly property color selectionFill: "#ffe08a"        // yellow, with a thick outline
    readonly property color selectionBorder: "#7a5200"
    readonly property color problemFill: "#fbe3e3"
    readonly property color problemBorder: "#a3001b"        // vermilion, always with a ⚠ sign

    // --- type ----------------------------------------------------------------------------
    readonly property int fontLabel: 16        // secondary lines: pid, user, remote ends
    readonly property int fontBody: 18         // door labels
    readonly property int fontTitle: 22        // process names
    readonly property int fontAddress: 26      // a host's addresses, on its front
    readonly property int fontHeading: 32      // a host's name
    readonly property string monoFamily: "DejaVu Sans Mono"   // addresses and ports line up

    // --- spacing -------------------------------------------------------------------------
    readonly property int spacingSmall: 6
    readonly property int spacing: 12
    readonly property int spacingLarge: 24
    readonly property int radius: 6
    readonly property int borderWidth: 2
    readonly property int borderWidthStrong: 4

    // --- sizes ---------------------------------------------------------------------------
    readonly property int officeMinimumWidth: 270
    readonly property int buildingMinimumWidth: 560
}
