// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inspect/dissection.h"

#include <QAbstractItemModel>
#include <QAbstractListModel>
#include <QByteArray>
#include <QtQml/qqmlregistration.h>

namespace portlab {

// The inspector's two item models over one dissected packet, for the views to link both ways:
// a field's row highlights its bytes, a byte's cell finds its field.

// Layers at the top level, their fields below, sub-fields (flags, options) below those.
// Roles: "name", "value", "explanation", "offset", "length" (bytes in the frame), "bitMask",
// "problem" (this field is what is wrong), "isLayer".
class PacketFieldsModel : public QAbstractItemModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PacketInspector owns it")

public:
    enum Role { NameRole = Qt::UserRole + 1, ValueRole, ExplanationRole, OffsetRole, LengthRole, BitMaskRole, ProblemRole, IsLayerRole };
    Q_ENUM(Role)

    explicit PacketFieldsModel(QObject *parent = nullptr);
    void reset(Dissection dissection);
    const Dissection &dissection() const { return m_dissection; }
    QModelIndex indexForPath(const std::vector<std::size_t> &path) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    // An index's internal id is the position of its node in m_nodes: each node knows its
    // parent's position, and where its layer or field lives in the dissection.
    struct Node {
        int parent = -1;             // position in m_nodes, -1 for a layer
        int row = 0;
        const DissectedLayer *layer = nullptr;
        const DissectedField *field = nullptr;
        std::vector<int> children;   // positions in m_nodes
    };
    void addFields(int parentNode, const std::vector<DissectedField> &fields);
    const Node *nodeOf(const QModelIndex &index) const;

    Dissection m_dissection;
    std::vector<Node> m_nodes;
    std::vector<int> m_layerNodes;
};

// One row per byte of the frame. Roles: "hex" ("01"), "character" (printable or "."),
// "offset", "layer" (index of the innermost layer whose header or payload holds it),
// "highlighted" (inside the selected field).
class PacketBytesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PacketInspector owns it")

public:
    enum Role { HexRole = Qt::UserRole + 1, CharacterRole, OffsetRole, LayerRole, HighlightedRole };
    Q_ENUM(Role)

    explicit PacketBytesModel(QObject *parent = nullptr);
    void reset(const QByteArray &bytes, const Dissection &dissection);
    void highlight(int start, int length);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QByteArray m_bytes;
    std::vector<int> m_layerOfByte;
    int m_highlightStart = 0;
    int m_highlightLength = 0;
};

class PacketInspector : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(portlab::PacketFieldsModel *fields READ fields CONSTANT)
    Q_PROPERTY(portlab::PacketBytesModel *bytes READ bytes CONSTANT)
    Q_PROPERTY(QString problems READ problems NOTIFY packetChanged)   // one per line
    Q_PROPERTY(int highlightStart READ highlightStart NOTIFY highlightChanged)
    Q_PROPERTY(int highlightLength READ highlightLength NOTIFY highlightChanged)
    // The selected field in words: "Destination port: 443 (https)" and its explanation.
    Q_PROPERTY(QString selectedTitle READ selectedTitle NOTIFY highlightChanged)
    Q_PROPERTY(QString selectedExplanation READ selectedExplanation NOTIFY highlightChanged)

public:
    explicit PacketInspector(QObject *parent = nullptr);

    // A whole Ethernet frame, or (networkOffset > 0) a captured packet whose IP header starts
    // there after a link-layer header that is not Ethernet.
    Q_INVOKABLE void showFrame(const QByteArray &frame);
    Q_INVOKABLE void clear();   // no packet
    void showCapturedPacket(const QByteArray &bytes, std::size_t networkOffset);

    // Field → bytes: highlights what the field occupies.
    Q_INVOKABLE void selectField(const QModelIndex &index);
    // Byte → field: highlights the innermost field holding the byte and returns its index.
    Q_INVOKABLE QModelIndex selectByte(int offset);
    // Byte → field without choosing it, as the pointer passes over a byte:
    // "byte 36 (0x00): Destination port: 80 (http)", or empty past the end.
    Q_INVOKABLE QString describeByte(int offset) const;

    PacketFieldsModel *fields() { return &m_fields; }
    PacketBytesModel *bytes() { return &m_bytes; }
    QString problems() const;
    int highlightStart() const { return m_highlightStart; }
    int highlightLength() const { return m_highlightLength; }
    const QString &selectedTitle() const { return m_selectedTitle; }
    const QString &selectedExplanation() const { return m_selectedExplanation; }

Q_SIGNALS:
    void packetChanged();
    void highlightChanged();

private:
    void show(const QByteArray &bytes, Dissection dissection);
    void select(const QModelIndex &index);

    PacketFieldsModel m_fields;
    PacketBytesModel m_bytes;
    int m_highlightStart = 0;
    int m_highlightLength = 0;
    QString m_selectedTitle;
    QString m_selectedExplanation;
};

} // namespace portlab
