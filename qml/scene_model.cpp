// SPDX-License-Identifier: GPL-3.0-or-later
#include "scene_model.h"

#include "sim/world.h"

#include <algorithm>

namespace portlab {

namespace {

SceneModel::DoorKind doorKind(const Socket &socket)
{
    switch (socket.state) {
    case SocketState::Listen:
        return SceneModel::Listening;
    case SocketState::Closed:
        return SceneModel::Unconnected;
    case SocketState::SynSent:
    case SocketState::SynReceived:
    case SocketState::Established:
        return SceneModel::Connected;
    case SocketState::FinWait1:
    case SocketState::FinWait2:
    case SocketState::CloseWait:
    case SocketState::Closing:
    case SocketState::LastAck:
    case SocketState::TimeWait:
        return SceneModel::Closing;
    }
    return SceneModel::Unconnected;
}

QString personalityTitle(const Personality &personality)
{
    switch (personality.kind) {
    case PersonalityKind::Linux:
        return SceneModel::tr("Linux");
    case PersonalityKind::Iana:
        //: Linux rules with the IANA ephemeral range 49152-65535
        return SceneModel::tr("Linux, IANA ports");
    case PersonalityKind::Windows:
        return SceneModel::tr("Windows");
    }
    return personality.name;
}

QVariantMap socketMap(const World &world, const Socket &socket)
{
    QStringList options;
    if (socket.reuseAddr)
        options.append(socketOptionName(SocketOption::ReuseAddr));
    if (socket.reusePort)
        options.append(socketOptionName(SocketOption::ReusePort));
    if (socket.v6Only)
        options.append(socketOptionName(SocketOption::V6Only));

    return {
        {QStringLiteral("id"), static_cast<qint64>(socket.id)},
        {QStringLiteral("fd"), socket.owner == NoProcess ? -1 : socket.fd},
        {QStringLiteral("protocol"), protocolName(socket.protocol)},
        {QStringLiteral("port"), static_cast<int>(socket.local.port)},
        {QStringLiteral("local"), socket.local.toString()},
        {QStringLiteral("remote"), socket.hasRemote() ? socket.remote.toString() : QString()},
        {QStringLiteral("state"), ssStateName(socket.state, socket.protocol)},
        {QStringLiteral("kind"), static_cast<int>(doorKind(socket))},
        {QStringLiteral("options"), options},
        {QStringLiteral("acceptQueue"), static_cast<qint64>(world.acceptQueueLength(socket.id))},
        {QStringLiteral("receiveQueueBytes"), static_cast<qint64>(world.receiveQueueBytes(socket.id))},
        {QStringLiteral("description"), world.describeSocket(socket.id)},
    };
}

bool isDoor(const Socket &socket)
{
    return socket.bound || socket.state != SocketState::Closed;
}

} // namespace

SceneModel::SceneModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

SceneModel::~SceneModel() = default;

void SceneModel::setWorld(std::shared_ptr<const World> world)
{
    m_world = std::move(world);
    refresh();
}

void SceneModel::refresh()
{
    const int before = count();
    beginResetModel();
    m_hosts = readWorld();
    endResetModel();
    if (count() != before)
        Q_EMIT countChanged();
}

std::vector<SceneModel::HostRow> SceneModel::readWorld() const
{
    std::vector<HostRow> rows;
    if (!m_world)
        return rows;
    const World &world = *m_world;
    const std::vector<Pid> pids = world.processes();

    for (HostId hostId = 0; hostId < world.hostCount(); ++hostId) {
        const Host &host = world.host(hostId);
        HostRow row;
        row.name = host.name();
        for (const IpAddress &address : host.addresses())
            row.addresses.append(address.toString());
        row.personality = personalityTitle(host.personality());

        std::vector<const Socket *> doors;
        for (const SocketId id : world.socketsOf(hostId)) {
            const Socket &socket = world.socketAt(id);
            if (isDoor(socket))
                doors.push_back(&socket);
        }
        std::stable_sort(doors.begin(), doors.end(), [](const Socket *a, const Socket *b) { return a->fd < b->fd; });

        for (const Pid pid : pids) {
            const Process &process = world.process(pid);
            if (process.host != hostId)
                continue;
            QVariantList sockets;
            for (const Socket *socket : doors) {
                if (socket->owner == pid)
                    sockets.append(socketMap(world, *socket));
            }
            row.processes.append(QVariantMap{
                {QStringLiteral("pid"), process.pid},
                {QStringLiteral("name"), process.name},
                {QStringLiteral("user"), process.user},
                {QStringLiteral("root"), process.isRoot()},
                {QStringLiteral("sockets"), sockets},
            });
        }
        for (const Socket *socket : doors) {
            if (socket->owner == NoProcess)
                row.kernelSockets.append(socketMap(world, *socket));
        }
        rows.push_back(std::move(row));
    }
    return rows;
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
