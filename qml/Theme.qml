// SPDX-License-Identifier: GPL-3.0-or-later
pragma Singleton
import QtQuick

// Colours, type sizes, spacing and motion for every view, in three looks: light, dark, and a
// high-contrast projector theme for a washed-out screen at the back of a room. Sizes are pixels
// chosen to be read from there on a 1280×720 projector: no text is smaller than fontLabel.
// Colours come from the Okabe–Ito palette, which colour-blind viewers can tell apart, darkened
// (light) or lightened (dark) to keep their contrast; no state is told by colour alone — every
// view adds a shape, a label or a pattern.
QtObject {
    id: theme

    enum Look { Light, Dark, Projector }

    // What the viewer chose; the window's View menu sets these.
    property int look: Theme.Light
    // Replace movement with fades and jumps (for viewers whom motion bothers, or a slow machine).
    property bool reducedMotion: false

    readonly property bool dark: look === Theme.Dark
    readonly property bool projector: look === Theme.Projector
    readonly property string lookName: dark ? qsTr("Dark") : projector ? qsTr("Projector") : qsTr("Light")

    function pick(light: color, darkColor: color, projectorColor: color): color {
        return theme.dark ? darkColor : theme.projector ? projectorColor : light
    }

    // --- colours -------------------------------------------------------------------------
    readonly property color background: pick("#f2efe8", "#15191d", "#ffffff")
    readonly property color text: pick("#161616", "#eef1f3", "#000000")
    readonly property color textMuted: pick("#3f4a52", "#b9c4cc", "#1a1a1a")

    // a host: a building, its address on a dark front
    readonly property color building: pick("#ffffff", "#222a31", "#ffffff")
    readonly property color buildingBorder: pick("#22303a", "#8fa3b3", "#000000")
    readonly property color buildingFront: pick("#22303a", "#33414c", "#000000")
    readonly property color buildingFrontText: pick("#ffffff", "#ffffff", "#ffffff")
    readonly property color buildingFrontMuted: pick("#d3dde4", "#c9d4dc", "#ffffff")

    // a host's floors, one per layer of its stack, top to bottom
    readonly property color floorApplication: pick("#f6f3ea", "#262d33", "#ffffff")
    readonly property color floorTransport: pick("#eaf1f6", "#1f2a33", "#ffffff")
    readonly property color floorNetwork: pick("#f1ecf5", "#2a2433", "#ffffff")
    readonly property color floorLink: pick("#ebf0e9", "#232b24", "#ffffff")
    readonly property color floorBorder: pick("#8a98a3", "#5d6e7a", "#000000")

    // a process: an office inside it
    readonly property color office: pick("#e8eef2", "#2c363e", "#ffffff")
    readonly property color officeBorder: pick("#5a6a76", "#8fa3b3", "#000000")

    // a socket: a door, drawn differently for each kind (shape and label carry the meaning)
    readonly property color doorListening: pick("#005a8e", "#6cc1f0", "#003f66")          // blue
    readonly property color doorListeningFill: pick("#dcecf7", "#143246", "#ffffff")
    readonly property color doorConnected: pick("#00664d", "#4fd1a8", "#004433")          // bluish green
    readonly property color doorConnectedFill: pick("#dcf2ea", "#123a2f", "#ffffff")
    readonly property color doorUnconnected: pick("#9a4a00", "#f0a85a", "#6b3300")        // orange
    readonly property color doorUnconnectedFill: pick("#fbecd9", "#3d2a14", "#ffffff")
    readonly property color doorClosing: pick("#5c5c5c", "#b5b5b5", "#333333")            // grey
    readonly property color doorClosingFill: pick("#ececec", "#303030", "#ffffff")

    // envelopes, by what carries them (each also has its own label and outline)
    readonly property color envelopeTcp: pick("#005a8e", "#6cc1f0", "#003f66")
    readonly property color envelopeUdp: pick("#9a4a00", "#f0a85a", "#6b3300")
    readonly property color envelopeIcmp: pick("#a3001b", "#ff8a8a", "#7a0014")
    readonly property color envelopePaper: pick("#fffdf6", "#2f3a42", "#ffffff")
    readonly property color wire: pick("#5a6a76", "#8fa3b3", "#000000")

    // outcomes: accepted, bounced (RST, ICMP), dropped; each also with a sign: ✓ ↩ ✗
    readonly property color accepted: pick("#00664d", "#4fd1a8", "#004433")
    readonly property color bounced: pick("#9a4a00", "#f0a85a", "#6b3300")
    readonly property color dropped: pick("#a3001b", "#ff8a8a", "#7a0014")

    // panels beside the scene: packets and the inspector
    readonly property color panel: pick("#ffffff", "#1e252b", "#ffffff")
    readonly property color panelBorder: pick("#5a6a76", "#8fa3b3", "#000000")
    readonly property color selectionFill: pick("#ffe08a", "#6b5310", "#ffd400")       // with a thick outline
    readonly property color selectionBorder: pick("#7a5200", "#ffd66b", "#000000")
    readonly property color selectionText: pick("#161616", "#ffffff", "#000000")
    readonly property color problemFill: pick("#fbe3e3", "#4a1c1c", "#ffffff")
    readonly property color problemBorder: pick("#a3001b", "#ff8a8a", "#7a0014")        // always with a ⚠ sign
    readonly property color focusRing: pick("#0b57d0", "#8ab4ff", "#000000")

    // charts: one colour per series in turn (Okabe–Ito, no yellow on white), and the grid
    readonly property var chartColors: theme.dark ? ["#56b4e9", "#e69f00", "#3fd0a0", "#e89cc6", "#f0e442", "#ff8a5c", "#ffffff"]
                                     : theme.projector ? ["#003f66", "#a33d00", "#00664d", "#8a2f6b", "#7a5200", "#005a8e", "#000000"]
                                     : ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#b07800", "#56b4e9", "#000000"]
    readonly property color chartGrid: pick("#cfd6db", "#3b4650", "#8c8c8c")

    // --- type ----------------------------------------------------------------------------
    // The projector look sets everything a size larger.
    readonly property real typeScale: projector ? 1.15 : 1.0
    readonly property int fontLabel: Math.round(16 * typeScale)     // the minimum: secondary lines
    readonly property int fontBody: Math.round(18 * typeScale)      // door labels, panel text
    readonly property int fontTitle: Math.round(22 * typeScale)     // process names
    readonly property int fontAddress: Math.round(26 * typeScale)   // a host's addresses, on its front
    readonly property int fontHeading: Math.round(32 * typeScale)   // a host's name
    readonly property string monoFamily: "DejaVu Sans Mono"          // addresses and ports line up

    // --- spacing -------------------------------------------------------------------------
    readonly property int spacingSmall: 6
    readonly property int spacing: 12
    readonly property int spacingLarge: 24
    readonly property int radius: 6
    readonly property int borderWidth: projector ? 3 : 2
    readonly property int borderWidthStrong: projector ? 5 : 4

    // --- sizes ---------------------------------------------------------------------------
    readonly property int officeMinimumWidth: 270
    readonly property int buildingMinimumWidth: 560
    readonly property int controlHeight: 44     // buttons a finger or a clicker-holding hand can hit

    // --- motion --------------------------------------------------------------------------
    // How long one step of the timeline takes to animate at 1× speed; divided by the speed.
    readonly property int stepDuration: 900
    // Movement becomes a short fade when reducedMotion is set.
    readonly property int fadeDuration: 150
}
