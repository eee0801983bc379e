// SPDX-License-Identifier: GPL-3.0-or-later
#include "packet_inspector.h"

namespace portlab {

namespace {

wire::ByteView viewOf(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size())};
}

} // namespace

// --- fields ----------------------------------------------------------------------------------

PacketFieldsModel::PacketFieldsModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void PacketFieldsModel::reset(Dissection dissection)
{
    beginResetModel();
    m_dissection = std::move(dissection);
    m_nodes.clear();
    m_layerNodes.clear();
    for (std::size_t i = 0; i < m_dissection.layers.size(); ++i) {
        const int position = static_cast<int>(m_nodes.size());
        m_nodes.push_back({-1, static_cast<int>(i), &m_dissection.layers[i], nullptr, {}});
        m_layerNodes.push_back(position);
        addFields(position, m_dissection.layers[i].fields);
    }
    endResetModel();
}

void PacketFieldsModel::addFields(int parentNode, const std::vector<DissectedField> &fields)
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const int position = static_cast<int>(m_nodes.size());
        m_nodes.push_back({parentNode, static_cast<int>(i), nullptr, &fields[i], {}});
        m_nodes[static_cast<std::size_t>(parentNode)].children.push_back(position);
        addFields(position, fields[i].children);
    }
}

const PacketFieldsModel::Node *PacketFieldsModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() >= m_nodes.size())
        return nullptr;
    return &m_nodes[index.internalId()];
}

QModelIndex PacketFieldsModel::indexForPath(const std::vector<std::size_t> &path) const
{
    QModelIndex result;
    for (const std::size_t row : path)
        result = index(static_cast<int>(row), 0, result);
    return result;
}

QModelIndex PacketFieldsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const std::vector<int> *rows = &m_layerNodes;
    if (parent.isValid()) {
        const Node *node = nodeOf(parent);
        if (!node)
            return {};
        rows = &node->children;
    }
    if (static_cast<std::size_t>(row) >= rows->size())
        return {};
    return createIndex(row, 0, static_cast<quintptr>((*rows)[static_cast<std::size_t>(row)]));
}

QModelIndex PacketFieldsModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    if (!node || node->parent < 0)
        return {};
    const Node &parentNode = m_nodes[static_cast<std::size_t>(node->parent)];
    return createIndex(parentNode.row, 0, static_cast<quintptr>(node->parent));
}

int PacketFieldsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_layerNodes.size());
    const Node *node = nodeOf(parent);
    return node && parent.column() == 0 ? static_cast<int>(node->children.size()) : 0;
}

int PacketFieldsModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant PacketFieldsModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeOf(index);
    if (!node)
        return {};
    if (node->layer) {
        const DissectedLayer &l = *node->layer;
        switch (role) {
        case Qt::DisplayRole: return QStringLiteral("%1: %2").arg(l.name, l.summary);
        case NameRole: return l.name;
        case ValueRole: return l.summary;
        case ExplanationRole: return QString();
        case OffsetRole: return static_cast<int>(l.offset);
        case LengthRole: return static_cast<int>(l.length);
        case BitMaskRole: return 0;
        case ProblemRole: return false;
        case IsLayerRole: return true;
        default: return {};
        }
    }
    const DissectedField &f = *node->field;
    switch (role) {
    case Qt::DisplayRole: return f.value.isEmpty() ? f.name : QStringLiteral("%1: %2").arg(f.name, f.value);
    case Qt::ToolTipRole:
    case ExplanationRole: return f.explanation;
    case NameRole: return f.name;
    case ValueRole: return f.value;
    case OffsetRole: return static_cast<int>(f.offset);
    case LengthRole: return static_cast<int>(f.length);
    case BitMaskRole: return static_cast<qint64>(f.bitMask);
    case ProblemRole: return f.problem;
    case IsLayerRole: return false;
    default: return {};
    }
}

QHash<int, QByteArray> PacketFieldsModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {NameRole, "name"}, {ValueRole, "value"}, {ExplanationRole, "explanation"},
            {OffsetRole, "offset"}, {LengthRole, "length"}, {BitMaskRole, "bitMask"}, {ProblemRole, "problem"},
            {IsLayerRole, "isLayer"}};
}

// --- bytes -----------------------------------------------------------------------------------

PacketBytesModel::PacketBytesModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void PacketBytesModel::reset(const QByteArray &bytes, const Dissection &dissection)
{
    beginResetModel();
    m_bytes = bytes;
    m_layerOfByte.assign(static_cast<std::size_t>(bytes.size()), -1);
    // Later layers lie inside earlier ones' payloads, so the last writer of a byte is its
    // innermost layer.
    for (std::size_t i = 0; i < dissection.layers.size(); ++i) {
        const DissectedLayer &layer = dissection.layers[i];
        for (std::size_t b = layer.offset; b < layer.offset + layer.length && b < m_layerOfByte.size(); ++b)
            m_layerOfByte[b] = static_cast<int>(i);
    }
    m_highlightStart = 0;
    m_highlightLength = 0;
    endResetModel();
}

void PacketBytesModel::highlight(int start, int length)
{
    const int oldStart = m_highlightStart;
    const int oldEnd = m_highlightStart + m_highlightLength;
    m_highlightStart = start;
    m_highlightLength = length;
    const int first = std::max(0, std::min(oldStart, start));
    const int last = std::min(rowCount() - 1, std::max(oldEnd, start + length) - 1);
    if (first <= last)
        Q_EMIT dataChanged(index(first), index(last), {HighlightedRole});
}

int PacketBytesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_bytes.size());
}

QVariant PacketBytesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_bytes.size())
        return {};
    const auto byte = static_cast<std::uint8_t>(m_bytes[index.row()]);
    switch (role) {
    case Qt::DisplayRole:
    case HexRole: return QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0'));
    case CharacterRole: return (byte >= 0x20 && byte < 0x7f) ? QString(QChar(static_cast<char16_t>(byte))) : QStringLiteral(".");
    case OffsetRole: return index.row();
    case LayerRole: return m_layerOfByte[static_cast<std::size_t>(index.row())];
    case HighlightedRole: return index.row() >= m_highlightStart && index.row() < m_highlightStart + m_highlightLength;
    default: return {};
    }
}

QHash<int, QByteArray> PacketBytesModel::roleNames() const
{
    return {{HexRole, "hex"}, {CharacterRole, "character"}, {OffsetRole, "offset"}, {LayerRole, "layer"}, {HighlightedRole, "highlighted"}};
}

// --- the inspector ---------------------------------------------------------------------------

PacketInspector::PacketInspector(QObject *parent)
    : QObject(parent)
{
}

void PacketInspector::showFrame(const QByteArray &frame)
{
    show(frame, dissectEthernetFrame(viewOf(frame)));
}

void PacketInspector::clear()
{
    show({}, {});
}

void PacketInspector::showCapturedPacket(const QByteArray &bytes, std::size_t networkOffset)
{
    show(bytes, dissectIpPacket(viewOf(bytes), networkOffset));
}

void PacketInspector::show(const QByteArray &bytes, Dissection dissection)
{
    m_fields.reset(std::move(dissection));
    m_bytes.reset(bytes, m_fields.dissection());
    m_highlightStart = 0;
    m_highlightLength = 0;
    m_selectedTitle.clear();
    m_selectedExplanation.clear();
    Q_EMIT packetChanged();
    Q_EMIT highlightChanged();
}

void PacketInspector::selectField(const QModelIndex &index)
{
    select(index.model() == &m_fields ? index : QModelIndex());
}

QModelIndex PacketInspector::selectByte(int offset)
{
    const QModelIndex index = offset < 0 ? QModelIndex()
                                         : m_fields.indexForPath(fieldPathAt(m_fields.dissection(), static_cast<std::size_t>(offset)));
    select(index);
    return index;
}

QString PacketInspector::describeByte(int offset) const
{
    const QModelIndex byte = m_bytes.index(offset);
    if (!byte.isValid())
        return {};
    const QModelIndex field = m_fields.indexForPath(fieldPathAt(m_fields.dissection(), static_cast<std::size_t>(offset)));
    const QString hex = byte.data(PacketBytesModel::HexRole).toString();
    return field.isValid() ? tr("byte %1 (0x%2): %3").arg(offset).arg(hex, field.data(Qt::DisplayRole).toString())
                           : tr("byte %1 (0x%2)").arg(offset).arg(hex);
}

QString PacketInspector::problems() const
{
    QStringList list;
    for (const QString &problem : m_fields.dissection().problems)
        list << problem;
    return list.join(u'\n');
}

void PacketInspector::select(const QModelIndex &index)
{
    m_highlightStart = index.isValid() ? index.data(PacketFieldsModel::OffsetRole).toInt() : 0;
    m_highlightLength = index.isValid() ? index.data(PacketFieldsModel::LengthRole).toInt() : 0;
    m_selectedTitle = index.isValid() ? index.data(Qt::DisplayRole).toString() : QString();
    m_selectedExplanation = index.isValid() ? index.data(PacketFieldsModel::ExplanationRole).toString() : QString();
    m_bytes.highlight(m_highlightStart, m_highlightLength);
    Q_EMIT highlightChanged();
}

} // namespace portlab
