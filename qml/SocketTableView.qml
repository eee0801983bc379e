// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// One host's socket table as `ss -tuanp` prints it: Netid, State, Recv-Q, Send-Q, Local
// Address:Port, Peer Address:Port, Process, in a fixed-width font. A wide panel has one line per
// socket as ss has; a narrow one puts the two addresses on a second line and the process on a
// third. The socket the stage
// is talking about is outlined and marked ▶. The host chooser asks the owner to show another.
Rectangle {
    id: view

    // the sockets: roles netid, state, recvQ, sendQ, local, peer, process, socketId
    property var model: null
    property var hostNames: []
    property int selectedHost: -1
    // the socket to point at (its socketId), or -1
    property int highlightSocket: -1

    signal hostChosen(int index)

    readonly property string hostName: view.selectedHost >= 0 && view.selectedHost < view.hostNames.length
                                       ? String(view.hostNames[view.selectedHost]) : ""

    // Column widths in characters of the fixed-width font, as ss lays them out.
    readonly property real charWidth: metrics.averageCharacterWidth
    readonly property real cellSpacing: view.charWidth
    readonly property real markWidth: 2 * view.charWidth
    readonly property real netidWidth: 5 * view.charWidth
    readonly property real stateWidth: 10 * view.charWidth
    readonly property real queueWidth: 6 * view.charWidth
    readonly property real addressWidth: 22 * view.charWidth
    readonly property real usable: table.width - 2 * Theme.spacingSmall
                                   - (table.ScrollBar.vertical.visible ? table.ScrollBar.vertical.width : 0)
    readonly property real lineOneFixed: view.markWidth + view.netidWidth + view.stateWidth + 2 * view.queueWidth
                                         + 5 * view.cellSpacing
    // all seven columns on one line when there is room for them and 18 characters of process
    readonly property bool wide: view.usable >= view.lineOneFixed + 2 * (view.addressWidth + view.cellSpacing)
                                                + 18 * view.charWidth
    readonly property real processWidth: view.usable - view.lineOneFixed - 2 * (view.addressWidth + view.cellSpacing)
    readonly property real narrowAddressWidth: (view.usable - view.markWidth - 2 * view.cellSpacing) / 2

    color: Theme.panel
    border.color: Theme.panelBorder
    border.width: 1
    implicitWidth: 500
    implicitHeight: 560
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Socket table of %1").arg(view.hostName)

    FontMetrics {
        id: metrics

        font.family: Theme.monoFamily
        font.pixelSize: Theme.fontLabel
    }

    component MonoText: Text {
        font.family: Theme.monoFamily
        font.pixelSize: Theme.fontLabel
        elide: Text.ElideRight
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "title"
                Layout.fillWidth: true
                text: view.hostName.length > 0 ? qsTr("ss -tuanp on %1").arg(view.hostName) : qsTr("ss -tuanp")
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                elide: Text.ElideRight
            }

            ComboBox {
                id: hostBox

                objectName: "hostChooser"
                Layout.preferredWidth: Math.max(8 * Theme.fontLabel, implicitWidth)
                implicitHeight: Theme.controlHeight
                model: view.hostNames
                currentIndex: view.selectedHost
                font.pixelSize: Theme.fontLabel
                activeFocusOnTab: true
                palette.button: Theme.building
                palette.buttonText: Theme.text
                palette.base: Theme.building
                palette.text: Theme.text
                palette.window: Theme.panel
                palette.windowText: Theme.text
                palette.highlight: Theme.selectionFill
                palette.highlightedText: Theme.selectionText
                Accessible.role: Accessible.ComboBox
                Accessible.name: qsTr("Host whose sockets are shown")
                onActivated: index => view.hostChosen(index)

                Rectangle {
                    anchors.fill: parent
                    anchors.margins: -3
                    radius: Theme.radius
                    color: "transparent"
                    border.color: Theme.focusRing
                    border.width: 3
                    visible: hostBox.visualFocus
                }
            }
        }

        // the column names, as ss prints them
        Rectangle {
            objectName: "headerRow"
            Layout.fillWidth: true
            implicitHeight: headerColumn.implicitHeight + 8
            color: Theme.buildingFront
            Accessible.role: Accessible.Row
            Accessible.name: qsTr("Columns")

            Column {
                id: headerColumn

                x: Theme.spacingSmall
                y: 4

                Row {
                    spacing: view.cellSpacing

                    Item {
                        width: view.markWidth
                        height: 1
                    }

                    MonoText {
                        objectName: "headerNetid"
                        width: view.netidWidth
                        text: qsTr("Netid")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerState"
                        width: view.stateWidth
                        text: qsTr("State")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerRecvQ"
                        width: view.queueWidth
                        text: qsTr("Recv-Q")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerSendQ"
                        width: view.queueWidth
                        text: qsTr("Send-Q")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerLocal"
                        visible: view.wide
                        width: view.addressWidth
                        text: qsTr("Local Address:Port")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerPeer"
                        visible: view.wide
                        width: view.addressWidth
                        text: qsTr("Peer Address:Port")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerProcess"
                        visible: view.wide
                        width: view.processWidth
                        text: qsTr("Process")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }
                }

                Row {
                    visible: !view.wide
                    spacing: view.cellSpacing

                    Item {
                        width: view.markWidth
                        height: 1
                    }

                    MonoText {
                        objectName: "headerLocalBelow"
                        width: view.narrowAddressWidth
                        text: qsTr("Local Address:Port")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }

                    MonoText {
                        objectName: "headerPeerBelow"
                        width: view.narrowAddressWidth
                        text: qsTr("Peer Address:Port")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }
                }

                Row {
                    visible: !view.wide
                    spacing: view.cellSpacing

                    Item {
                        width: view.markWidth
                        height: 1
                    }

                    MonoText {
                        objectName: "headerProcessBelow"
                        width: view.usable - view.markWidth - view.cellSpacing
                        text: qsTr("Process")
                        color: Theme.buildingFrontText
                        font.bold: true
                    }
                }
            }
        }

        ListView {
            id: table

            objectName: "socketList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: view.model
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Sockets of %1").arg(view.hostName)

            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row

                required property int index
                required property string netid
                required property string state
                required property var recvQ
                required property var sendQ
                required property string local
                required property string peer
                required property string process
                required property int socketId

                readonly property bool highlighted: row.socketId === view.highlightSocket
                readonly property color textColor: row.highlighted ? Theme.selectionText : Theme.text

                objectName: "socketRow" + row.socketId
                width: table.width - (table.ScrollBar.vertical.visible ? table.ScrollBar.vertical.width : 0)
                height: rowColumn.implicitHeight + 8
                color: row.highlighted ? Theme.selectionFill : row.index % 2 === 1 ? Theme.office : Theme.panel
                border.color: row.highlighted ? Theme.selectionBorder : "transparent"
                border.width: row.highlighted ? Theme.borderWidthStrong : 0
                Accessible.role: Accessible.Row
                Accessible.name: (row.highlighted ? qsTr("Shown on the stage: ") : "")
                                 + qsTr("%1 %2, receive queue %3, send queue %4, local %5, peer %6, %7")
                                   .arg(row.netid).arg(row.state).arg(row.recvQ).arg(row.sendQ).arg(row.local)
                                   .arg(row.peer).arg(row.process)

                Column {
                    id: rowColumn

                    x: Theme.spacingSmall
                    y: 4

                    Row {
                        spacing: view.cellSpacing

                        MonoText {
                            objectName: "mark"
                            width: view.markWidth
                            text: row.highlighted ? "▶" : ""
                            color: row.textColor
                            font.bold: true
                            elide: Text.ElideNone
                        }

                        MonoText {
                            objectName: "netid"
                            width: view.netidWidth
                            text: row.netid
                            color: row.textColor
                            font.bold: row.highlighted
                        }

                        MonoText {
                            objectName: "state"
                            width: view.stateWidth
                            text: row.state
                            color: row.textColor
                            font.bold: row.highlighted
                        }

                        MonoText {
                            width: view.queueWidth
                            text: String(row.recvQ)
                            color: row.textColor
                        }

                        MonoText {
                            width: view.queueWidth
                            text: String(row.sendQ)
                            color: row.textColor
                        }

                        MonoText {
                            objectName: "localWide"
                            visible: view.wide
                            width: view.addressWidth
                            text: row.local
                            color: row.textColor
                            font.bold: row.highlighted
                        }

                        MonoText {
                            visible: view.wide
                            width: view.addressWidth
                            text: row.peer
                            color: row.textColor
                            font.bold: row.highlighted
                        }

                        MonoText {
                            objectName: "processWide"
                            visible: view.wide
                            width: view.processWidth
                            text: row.process
                            color: row.textColor
                        }
                    }

                    Row {
                        visible: !view.wide
                        spacing: view.cellSpacing

                        Item {
                            width: view.markWidth
                            height: 1
                        }

                        MonoText {
                            objectName: "local"
                            width: view.narrowAddressWidth
                            text: row.local
                            color: row.textColor
                            font.bold: row.highlighted
                        }

                        MonoText {
                            objectName: "peer"
                            width: view.narrowAddressWidth
                            text: row.peer
                            color: row.textColor
                            font.bold: row.highlighted
                        }
                    }

                    Row {
                        visible: !view.wide && row.process.length > 0
                        spacing: view.cellSpacing

                        Item {
                            width: view.markWidth
                            height: 1
                        }

                        MonoText {
                            objectName: "process"
                            width: view.usable - view.markWidth - view.cellSpacing
                            text: row.process
                            color: row.textColor
                        }
                    }
                }
            }

            Label {
                objectName: "emptyHint"
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.spacingLarge
                visible: table.count === 0
                text: view.hostName.length > 0 ? qsTr("%1 has no sockets open.").arg(view.hostName)
                                               : qsTr("Choose a host to see its sockets.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}
