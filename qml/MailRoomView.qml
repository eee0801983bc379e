// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The transport layer's mail room: the lookup the kernel did when an envelope arrived. The
// envelope's address is written large at the top; below, each row of the socket table the
// kernel considered, in the order it looked, with why it matched or could not; the chosen one
// outlined with a ✓ badge; and when none takes it, a banner that says what happens instead
// (↩ RST, ↩ ICMP port unreachable, ✗ dropped). It shows the model's decision; it decides nothing.
Rectangle {
    id: view

    // The lookup, as the model describes it; {} when the current step has none.
    //   host, hostName, protocol ("tcp"/"udp"/"icmp"), envelope (one line), source, destination,
    //   rows: [{socketId, description, local, remote, state, match, matchText, score, chosen}],
    //   chosenSocket (-1: none), outcome ("delivered"/"rejected"/"dropped"), reason, consequence
    property var mailRoom: ({})
    // how long the rows take to appear, one after another, in ms
    property int stepDuration: Theme.stepDuration

    readonly property bool hasLookup: view.mailRoom !== null && view.mailRoom !== undefined
                                      && view.mailRoom.destination !== undefined
    readonly property var rows: view.hasLookup && view.mailRoom.rows ? view.mailRoom.rows : []
    readonly property string protocol: view.hasLookup ? String(view.mailRoom.protocol) : ""
    readonly property string outcome: view.hasLookup ? String(view.mailRoom.outcome) : ""
    readonly property string consequence: view.hasLookup && view.mailRoom.consequence
                                          ? String(view.mailRoom.consequence) : ""

    // A match code from the model, in words.
    function matchName(match: string): string {
        switch (match) {
        case "four-tuple": return qsTr("four-tuple")
        case "exact listener": return qsTr("exact listener")
        case "wildcard listener": return qsTr("wildcard listener")
        case "connected": return qsTr("connected")
        case "exact address": return qsTr("exact address")
        case "wildcard address": return qsTr("wildcard address")
        case "wrong address": return qsTr("wrong address")
        case "wrong peer": return qsTr("wrong peer")
        case "wrong family": return qsTr("wrong family")
        case "outscored": return qsTr("outscored")
        case "not chosen in group": return qsTr("not chosen in its group")
        case "not looked at": return qsTr("not looked at")
        }
        return match
    }

    function protocolColor(name: string): color {
        return name === "udp" ? Theme.envelopeUdp : name === "icmp" ? Theme.envelopeIcmp : Theme.envelopeTcp
    }

    function consequenceText(what: string): string {
        if (what === "RST")
            return qsTr("The kernel answers with RST")
        if (what === "ICMP port unreachable")
            return qsTr("ICMP port unreachable goes back to the sender")
        return qsTr("%1 goes back to the sender").arg(what)
    }

    readonly property string bannerTitle: view.outcome === "delivered"
                                          ? qsTr("✓ Delivered")
                                          : view.outcome === "dropped" ? qsTr("✗ Dropped")
                                          : view.consequence.length > 0 ? "↩ " + view.consequenceText(view.consequence)
                                          : qsTr("✗ No socket takes it")

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    implicitWidth: 500
    implicitHeight: 560
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Mail room")

    Label {
        objectName: "hint"
        anchors.fill: parent
        anchors.margins: Theme.spacingLarge
        visible: !view.hasLookup
        text: qsTr("The mail room shows how the transport layer chooses a socket for an arriving envelope.\n\nStep to an envelope arriving at a host to see the lookup.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontBody
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall
        visible: view.hasLookup

        Label {
            objectName: "title"
            Layout.fillWidth: true
            text: qsTr("Mail room of %1").arg(view.hasLookup ? view.mailRoom.hostName : "")
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.bold: true
            elide: Text.ElideRight
        }

        // The envelope on the sorting table: where it goes, large, and where it comes from.
        Rectangle {
            objectName: "envelopeCard"
            Layout.fillWidth: true
            implicitHeight: envelopeColumn.implicitHeight + 2 * Theme.spacingSmall
            color: Theme.envelopePaper
            border.color: view.protocolColor(view.protocol)
            border.width: Theme.borderWidthStrong
            radius: Theme.radius
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Envelope %1 to %2 from %3").arg(envelopeLine.text).arg(destinationLabel.text)
                             .arg(sourceLabel.text)

            ColumnLayout {
                id: envelopeColumn

                anchors.fill: parent
                anchors.margins: Theme.spacingSmall
                spacing: 2

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingSmall

                    // the protocol as a word on a tag, not only as the outline's colour
                    Rectangle {
                        implicitWidth: protocolTag.implicitWidth + 2 * Theme.spacingSmall
                        implicitHeight: protocolTag.implicitHeight + 4
                        radius: Theme.radius
                        color: view.protocolColor(view.protocol)

                        Text {
                            id: protocolTag

                            objectName: "protocolTag"
                            anchors.centerIn: parent
                            text: view.protocol.toUpperCase()
                            color: Theme.envelopePaper
                            font.pixelSize: Theme.fontLabel
                            font.bold: true
                        }
                    }

                    Label {
                        id: envelopeLine

                        objectName: "envelopeLine"
                        Layout.fillWidth: true
                        text: view.hasLookup ? view.mailRoom.envelope : ""
                        color: Theme.text
                        font.pixelSize: Theme.fontLabel
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        maximumLineCount: 2
                        elide: Text.ElideRight
                    }
                }

                Label {
                    id: destinationLabel

                    objectName: "destinationLabel"
                    Layout.fillWidth: true
                    text: view.hasLookup ? "→ " + view.mailRoom.destination : ""
                    color: Theme.text
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontAddress
                    font.bold: true
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: Theme.fontBody
                }

                Label {
                    id: sourceLabel

                    objectName: "sourceLabel"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: view.hasLookup && view.mailRoom.source ? qsTr("from %1").arg(view.mailRoom.source) : ""
                    color: Theme.text
                    font.family: Theme.monoFamily
                    // TCP's lookup reads the source too (the four-tuple): as large as the rest
                    font.pixelSize: view.protocol === "tcp" ? Theme.fontTitle : Theme.fontLabel
                    font.bold: view.protocol === "tcp"
                    elide: Text.ElideRight
                }

                Label {
                    objectName: "lookupKey"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: view.protocol === "tcp" ? qsTr("TCP looks for all four: both addresses and both ports.")
                        : view.protocol === "udp" ? qsTr("UDP looks at the destination; a connected socket also at the source.")
                        : ""
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontLabel
                    wrapMode: Text.Wrap
                }
            }
        }

        Label {
            Layout.fillWidth: true
            text: view.rows.length > 0 ? qsTr("Socket table, in the order the kernel looked:")
                                       : qsTr("No socket in the table could take it.")
            color: Theme.text
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }

        ListView {
            id: rowList

            objectName: "rowList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            // as tall as its rows, so the answer sits right below them
            Layout.maximumHeight: Math.max(rowList.contentHeight, 1)
            Layout.minimumHeight: view.rows.length > 0 ? 60 : 0
            visible: view.rows.length > 0
            clip: true
            spacing: Theme.spacingSmall
            model: view.rows
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Sockets considered")

            // always shown when rows are hidden below, so nobody misses them
            ScrollBar.vertical: ScrollBar {
                policy: rowList.contentHeight > rowList.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
            }

            onCountChanged: {
                for (let i = 0; i < view.rows.length; ++i) {
                    if (view.rows[i].chosen) {
                        rowList.positionViewAtIndex(i, ListView.Contain)
                        return
                    }
                }
            }

            delegate: Rectangle {
                id: row

                required property var modelData
                required property int index

                readonly property bool chosen: row.modelData.chosen === true
                // on the port, but the lookup never asked it (a connection's four-tuple matched first)
                readonly property bool skipped: row.modelData.considered === false
                readonly property bool cannot: !row.chosen && !row.skipped && row.modelData.score < 0
                // shown one after another, in the lookup's order
                readonly property int delay: Theme.reducedMotion || view.rows.length === 0
                                             ? 0 : Math.round(view.stepDuration * row.index / (view.rows.length + 1))
                property real slide: Theme.reducedMotion ? 0 : -40

                objectName: "row" + row.index
                width: rowList.width - (rowList.ScrollBar.vertical.visible ? rowList.ScrollBar.vertical.width : 0)
                implicitHeight: rowLayout.implicitHeight + 2 * Theme.spacingSmall
                radius: Theme.radius
                color: row.chosen ? Theme.doorConnectedFill : Theme.building
                border.color: row.chosen ? Theme.accepted : Theme.officeBorder
                border.width: row.chosen ? Theme.borderWidthStrong : 1
                opacity: 0
                transform: Translate { x: row.slide }
                Accessible.role: Accessible.ListItem
                Accessible.name: (row.chosen ? qsTr("Chosen: ") : row.cannot ? qsTr("Cannot take it: ") : qsTr("Not chosen: "))
                                 + row.modelData.description + ". " + view.matchName(row.modelData.match) + ", "
                                 + row.modelData.matchText

                Component.onCompleted: appear.start()

                SequentialAnimation {
                    id: appear

                    PauseAnimation { duration: row.delay }
                    ParallelAnimation {
                        NumberAnimation {
                            target: row
                            property: "opacity"
                            to: 1
                            duration: Theme.reducedMotion ? Theme.fadeDuration
                                                          : Math.max(1, Math.round(view.stepDuration / (view.rows.length + 1)))
                        }
                        NumberAnimation {
                            target: row
                            property: "slide"
                            to: 0
                            duration: Theme.reducedMotion ? 0
                                                          : Math.max(1, Math.round(view.stepDuration / (view.rows.length + 1)))
                            easing.type: Easing.OutCubic
                        }
                    }
                }

                RowLayout {
                    id: rowLayout

                    anchors.fill: parent
                    anchors.margins: Theme.spacingSmall
                    spacing: Theme.spacingSmall

                    // the pigeonhole: its place in the lookup order and its verdict as a sign
                    Column {
                        Layout.alignment: Qt.AlignTop
                        Layout.preferredWidth: 40

                        Text {
                            objectName: "sign"
                            width: 40
                            horizontalAlignment: Text.AlignHCenter
                            text: row.chosen ? "✓" : row.cannot ? "✗" : "○"
                            color: row.chosen ? Theme.accepted : row.cannot ? Theme.dropped : Theme.textMuted
                            font.pixelSize: Theme.fontHeading
                            font.bold: true
                        }

                        Text {
                            width: 40
                            horizontalAlignment: Text.AlignHCenter
                            text: "#" + (row.index + 1)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontLabel
                        }
                    }

                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2

                        Label {
                            objectName: "description"
                            Layout.fillWidth: true
                            text: row.modelData.description
                            color: row.cannot ? Theme.textMuted : Theme.text
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontLabel
                            font.strikeout: row.cannot
                            font.bold: row.chosen
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            maximumLineCount: 3
                        }

                        // why: a badge for the chosen one, a reason for every other
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingSmall

                            Rectangle {
                                Layout.fillWidth: true
                                implicitHeight: reasonLabel.implicitHeight + (row.chosen ? 8 : 0)
                                radius: Theme.radius
                                color: row.chosen ? Theme.accepted : "transparent"

                                Label {
                                    id: reasonLabel

                                    objectName: "reason"
                                    anchors.fill: parent
                                    anchors.leftMargin: row.chosen ? Theme.spacingSmall : 0
                                    anchors.rightMargin: row.chosen ? Theme.spacingSmall : 0
                                    verticalAlignment: Text.AlignVCenter
                                    text: row.chosen
                                          ? qsTr("✓ chosen: %1 — %2").arg(view.matchName(row.modelData.match)).arg(row.modelData.matchText)
                                          : row.cannot
                                            ? qsTr("✗ %1: %2").arg(view.matchName(row.modelData.match)).arg(row.modelData.matchText)
                                            : qsTr("○ %1: %2").arg(view.matchName(row.modelData.match)).arg(row.modelData.matchText)
                                    color: row.chosen ? Theme.doorConnectedFill : Theme.text
                                    font.pixelSize: Theme.fontLabel
                                    font.bold: row.chosen
                                    wrapMode: Text.Wrap
                                }
                            }

                            // the row's state as ss shows it, and how well it matched
                            Label {
                                objectName: "state"
                                Layout.alignment: Qt.AlignBottom
                                text: row.modelData.score >= 0
                                      ? qsTr("%1 · score %2").arg(String(row.modelData.state || "")).arg(row.modelData.score)
                                      : String(row.modelData.state || "")
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontLabel
                            }
                        }
                    }
                }
            }
        }

        // What happened in the end: delivered, or what happens instead, always in words.
        Rectangle {
            id: banner

            objectName: "banner"
            Layout.fillWidth: true
            implicitHeight: bannerColumn.implicitHeight + 2 * Theme.spacingSmall
            radius: Theme.radius
            color: view.outcome === "delivered" ? Theme.doorConnectedFill : Theme.problemFill
            border.color: view.outcome === "delivered" ? Theme.accepted
                        : view.outcome === "dropped" ? Theme.dropped : Theme.bounced
            border.width: Theme.borderWidthStrong
            opacity: 0
            Accessible.role: Accessible.AlertMessage
            Accessible.name: bannerTitleLabel.text + ". " + bannerReason.text

            // after the rows, so the answer comes after the search
            SequentialAnimation {
                id: bannerAppear

                PauseAnimation { duration: Theme.reducedMotion ? 0 : view.stepDuration }
                NumberAnimation {
                    target: banner
                    property: "opacity"
                    to: 1
                    duration: Theme.fadeDuration
                }
            }

            Connections {
                target: view

                function onMailRoomChanged() {
                    bannerAppear.stop()
                    banner.opacity = 0
                    bannerAppear.start()
                }
            }

            Component.onCompleted: bannerAppear.start()

            ColumnLayout {
                id: bannerColumn

                anchors.fill: parent
                anchors.margins: Theme.spacingSmall
                spacing: 2

                Label {
                    id: bannerTitleLabel

                    objectName: "bannerTitle"
                    Layout.fillWidth: true
                    text: view.bannerTitle
                    color: Theme.text
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    wrapMode: Text.Wrap
                }

                Label {
                    id: bannerReason

                    objectName: "bannerReason"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: view.hasLookup && view.mailRoom.reason ? view.mailRoom.reason : ""
                    color: Theme.text
                    font.pixelSize: Theme.fontLabel
                    wrapMode: Text.Wrap
                }
            }
        }

        Item {
            Layout.fillHeight: true
        }
    }
}
