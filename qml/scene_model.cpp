// SPDX-License-Identifier: GPL-3.0-or-later
#include "scene_model.h"


namespace portlab {

namespace {

QVariantMap socketMap(const SocketSnapshot &socket)
{
    return {
        {QStringLiteral("id"), static_cast<qint64>(socket.id)},
        {QStringLiteral("fd"), socket.fd},
        {QStringLiteral("protocol"), protocolName(socket.protocol)},
        {QStringLiteral("port"), static_cast<int>(socket.port)},
        {QStringLiteral("local"), socket.local},
        {QStringLiteral("remote"), socket.remote},
        {QStringLiteral("state"), socket.state},
        {QStringLiteral("kind"), static_cast<int>(socket.kind)},
        {QStringLiteral("options"), socket.options},
        {QStringLiteral("acceptQueue"), static_cast<qint64>(socket.acceptQueue)},
        {QStringLiteral("receiveQueueBytes"), static_cast<qint64>(socket.receiveQueueBytes)},
        {QStringLiteral("description"), socket.description},
    };
}

QVariantList socketList(const std::vector<SocketSnapshot> &sockets)
{
    QVariantList list;
    for (const SocketSnapshot &socket : sockets)
        list.append(socketMap(socket));
    return list;
}

} // namespace

static_assert(SceneModel::Listening == static_cast<int>(DoorKind::Listening) && SceneModel::Connected == static_cast<int>(DoorKind::Connected)
              && SceneModel::Unconnected == static_cast<int>(DoorKind::Unconnected) && SceneModel::Closing == static_cast<int>(DoorKind::Closing));

SceneModel::SceneModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

SceneModel::~SceneModel() = default;

void SceneModel::setWorld(const World *world)
{
    setSnapshot(world ? snapshotWorld(*world) : WorldSnapshot{});
}

SceneModel::HostRow SceneModel::rowOf(const HostSnapshot &host)
{
    HostRow row{host.name, host.addresses, host.personality, {}, socketList(host.kernelSockets)};
    for (const ProcessSnapshot &process : host.processes) {
        row.processes.append(QVariantMap{
            {QStringLiteral("pid"), process.pid},
            {QStringLiteral("name"), process.name},
            {QStringLiteral("user"), process.user},
            {QStringLiteral("root"), process.root},
            {QStringLiteral("sockets"), socketList(process.sockets)},
        });
    }
    return row;
}

void SceneModel::setSnapshot(const WorldSnapshot &snapshot)
{
    const int before = count();
    const int after = static_cast<int>(snapshot.size());
    if (after < before) {
        beginRemoveRows({}, after, before - 1);
        m_hosts.resize(snapshot.size());
        endRemoveRows();
    }
    for (int i = 0; i < std::min(before, after); ++i) {
        HostRow row = rowOf(snapshot[static_cast<std::size_t>(i)]);
        if (row == m_hosts[static_cast<std::size_t>(i)])
            continue;
        m_hosts[static_cast<std::size_t>(i)] = std::move(row);
        Q_EMIT dataChanged(index(i), index(i));
    }
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        for (int i = before; i < after; ++i)
            m_hosts.push_back(rowOf(snapshot[static_cast<std::size_t>(i)]));
        endInsertRows();
    }
    if (count() != before)
        Q_EMIT countChanged();
}

int SceneModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant SceneModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HostRow &row = m_hosts[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.name;
    case AddressesRole:
        return row.addresses;
    case PersonalityRole:
        return row.personality;
    case ProcessesRole:
        return row.processes;
    case KernelSocketsRole:
        return row.kernelSockets;
    default:
        return {};
    }
}

QHash<int, QByteArray> SceneModel::roleNames() const
{
    return {
        {NameRole, QByteArrayLiteral("name")},
        {AddressesRole, QByteArrayLiteral("addresses")},
        {PersonalityRole, QByteArrayLiteral("personality")},
        {ProcessesRole, QByteArrayLiteral("processes")},
        {KernelSocketsRole, QByteArrayLiteral("kernelSockets")},
    };
}

} // namespace portlab
