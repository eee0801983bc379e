// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import PortLab

// One packet as fields and as bytes, linked both ways: choosing a field marks its bytes,
// choosing a byte finds its field. A marked byte is outlined and bold as well as coloured.
ColumnLayout {
    id: view

    required property PacketInspector inspector
    // the field of the byte under the pointer, in words (empty when none)
    property string hoveredByte: ""

    spacing: Theme.spacingSmall

    Label {
        Layout.fillWidth: true
        visible: view.inspector.problems.length > 0
        text: "⚠ " + view.inspector.problems
        color: Theme.problemBorder
        font.pixelSize: Theme.fontLabel
        wrapMode: Text.Wrap
    }

    TreeView {
        id: fieldTree

        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 100
        clip: true
        model: view.inspector.fields
        boundsBehavior: Flickable.StopAtBounds
        Accessible.role: Accessible.Tree
        Accessible.name: qsTr("Header fields")

        ScrollBar.vertical: ScrollBar {}

        delegate: TreeViewDelegate {
            id: fieldRow

            // row and model come with TreeViewDelegate; model carries the field's roles
            required property int column

            implicitWidth: fieldTree.width
            text: (fieldRow.model.problem ? "⚠ " : "") + fieldRow.model.display
            font.pixelSize: Theme.fontLabel
            font.bold: fieldRow.model.length > 0 && view.inspector.highlightStart === fieldRow.model.offset
                       && view.inspector.highlightLength === fieldRow.model.length
            onClicked: view.inspector.selectField(fieldTree.modelIndex(Qt.point(fieldRow.column, fieldRow.row)))
        }
    }

    Label {
        Layout.fillWidth: true
        visible: view.inspector.selectedTitle.length > 0
        text: view.inspector.selectedTitle
        color: Theme.text
        font.pixelSize: Theme.fontLabel
        font.bold: true
        wrapMode: Text.Wrap
    }

    Label {
        Layout.fillWidth: true
        visible: view.inspector.selectedExplanation.length > 0
        text: view.inspector.selectedExplanation
        color: Theme.textMuted
        font.pixelSize: Theme.fontLabel
        wrapMode: Text.Wrap
    }

    GridView {
        id: byteGrid

        readonly property int bytesPerRow: 16

        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(Math.ceil(byteGrid.count / byteGrid.bytesPerRow), 8) * byteGrid.cellHeight
        Layout.minimumHeight: cellHeight
        clip: true
        model: view.inspector.bytes
        cellWidth: Math.floor(width / byteGrid.bytesPerRow)
        cellHeight: Theme.fontLabel + 10
        boundsBehavior: Flickable.StopAtBounds
        Accessible.role: Accessible.Table
        Accessible.name: qsTr("Packet bytes")

        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: byteCell

            required property string hex
            required property int offset
            required property bool highlighted

            width: byteGrid.cellWidth
            height: byteGrid.cellHeight
            color: byteCell.highlighted ? Theme.selectionFill : "transparent"
            border.color: byteCell.highlighted ? Theme.selectionBorder : "transparent"
            border.width: Theme.borderWidth

            Text {
                anchors.centerIn: parent
                text: byteCell.hex
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontLabel
                font.bold: byteCell.highlighted
            }

            MouseArea {
                anchors.fill: parent
                hoverEnabled: true
                onClicked: fieldTree.expandToIndex(view.inspector.selectByte(byteCell.offset))
                onEntered: view.hoveredByte = view.inspector.describeByte(byteCell.offset)
                onExited: view.hoveredByte = ""
            }
        }
    }

    // The byte under the pointer and the field it belongs to, without choosing it.
    Label {
        objectName: "hoveredByte"
        Layout.fillWidth: true
        text: view.hoveredByte.length > 0 ? view.hoveredByte : qsTr("Point at a byte to see its field; click it to choose it.")
        color: view.hoveredByte.length > 0 ? Theme.text : Theme.textMuted
        font.pixelSize: Theme.fontLabel
        elide: Text.ElideRight
    }
}
