// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// The packets that crossed the links, in order, as a capture tool lists them, each with what
// the receiving host's transport layer did with it; below, the inspector on the one selected.
Rectangle {
    id: panel

    required property LabSession session

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Packets")

    Connections {
        target: panel.session

        function onSessionChanged() {
            packetList.currentIndex = -1
        }

        function onSelectedPacketChanged() {
            packetList.currentIndex = panel.session.selectedPacket
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        Label {
            text: qsTr("Packets (%1)").arg(panel.session.packets.count)
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.bold: true
        }

        Label {
            Layout.fillWidth: true
            visible: panel.session.notes.length > 0
            text: panel.session.notes
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }

        ListView {
            id: packetList

            Layout.fillWidth: true
            // the whole panel until a packet is chosen, then a third of it above the inspector
            Layout.fillHeight: panel.session.selectedPacket < 0
            Layout.preferredHeight: panel.height * 0.3
            Layout.minimumHeight: 120
            clip: true
            focus: true
            currentIndex: -1
            keyNavigationEnabled: true
            model: panel.session.packets
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Packet list")

            onCurrentIndexChanged: {
                if (packetList.currentIndex !== panel.session.selectedPacket)
                    panel.session.selectPacket(packetList.currentIndex)
            }

            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: packetRow

                required property int index
                required property int number
                required property string time
                required property string summary
                required property string outcome

                width: packetList.width
                highlighted: packetList.currentIndex === packetRow.index
                Accessible.name: packetRow.summary + ". " + packetRow.outcome
                onClicked: packetList.currentIndex = packetRow.index

                contentItem: ColumnLayout {
                    spacing: 0

                    Label {
                        Layout.fillWidth: true
                        text: "#%1  %2  %3".arg(packetRow.number).arg(packetRow.time).arg(packetRow.summary)
                        color: Theme.text
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontLabel
                        font.bold: packetRow.highlighted
                        elide: Text.ElideRight
                    }

                    Label {
                        Layout.fillWidth: true
                        visible: packetRow.outcome.length > 0
                        text: "   " + packetRow.outcome
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontLabel
                        elide: Text.ElideRight
                    }
                }
            }
        }

        Label {
            Layout.fillWidth: true
            visible: panel.session.selectedPacket < 0 && panel.session.packets.count > 0
            text: qsTr("Choose a packet to see its layers, its fields and its bytes.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontLabel
            wrapMode: Text.Wrap
        }

        PacketInspectorView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: panel.session.selectedPacket >= 0
            inspector: panel.session.inspector
        }
    }
}
