// SPDX-License-Identifier: GPL-3.0-or-later
#include "scene_actions.h"

#include <QSet>

namespace portlab {

namespace {

QString protocolWord(Protocol protocol, Family family)
{
    const QString word = protocol == Protocol::Tcp ? QStringLiteral("tcp") : QStringLiteral("udp");
    return family == Family::IPv6 ? word + QLatin1Char('6') : word;
}

// Where a client reaches a door: its own address, or for a wildcard the host's first address
// of that family (a dual-stack [::] is reached over IPv4 first, as most clients would).
std::optional<IpAddress> addressToReach(const Socket &door, const Host &host)
{
    const IpAddress &bound = door.local.address;
    if (bound.isV4Mapped())
        return bound.mappedV4();
    if (!bound.isUnspecified())
        return bound;
    const bool acceptsV4 = door.family == Family::IPv4 || !door.v6Only;
    for (const Family family : {Family::IPv4, Family::IPv6}) {
        if (family == Family::IPv4 && !acceptsV4)
            continue;
        if (family == Family::IPv6 && door.family != Family::IPv6)
            continue;
        for (const IpAddress &address : host.addresses()) {
            if (address.family() == family && !address.isLoopback())
                return address;
        }
    }
    return door.family == Family::IPv6 && door.v6Only ? IpAddress::loopbackV6() : IpAddress::loopbackV4();
}

} // namespace

SceneActions::SceneActions(const World &world, QHash<SocketId, QString> socketNames)
    : m_world(world)
    , m_socketNames(std::move(socketNames))
{
}

QString SceneActions::freshName(const QString &stem, const QStringList &taken) const
{
    for (int n = 1;; ++n) {
        const QString name = stem + QString::number(n);
        if (!taken.contains(name))
            return name;
    }
}

QStringList SceneActions::variablesOf(const QString &process) const
{
    const QString prefix = process + QLatin1Char('.');
    QStringList variables;
    for (const QString &name : m_socketNames) {
        if (name.startsWith(prefix))
            variables.append(name.mid(prefix.size()));
    }
    return variables;
}

QString SceneActions::addHost() const
{
    QStringList names;
    QSet<std::uint32_t> used;
    for (HostId id = 0; id < m_world.hostCount(); ++id) {
        const Host &host = m_world.host(id);
        names.append(host.name());
        for (const IpAddress &address : host.addresses()) {
            if (address.isV4())
                used.insert(address.v4Value());
        }
    }
    std::uint32_t address = 0x0a000001;   // 10.0.0.1
    while (used.contains(address))
        ++address;
    return QStringLiteral("host %1 %2").arg(freshName(QStringLiteral("host"), names), IpAddress::v4(address).toString());
}

QString SceneActions::addProcess(HostId host, const QString &user) const
{
    // A name a process had before it was killed is free again, but a new program under it
    // would be taken for the old one.
    QStringList names = m_world.exitedProcessNames();
    for (const Pid pid : m_world.processes())
        names.append(m_world.process(pid).name);
    QString statement = QStringLiteral("process %1 on %2").arg(freshName(QStringLiteral("app"), names), m_world.host(host).name());
    if (!user.isEmpty())
        statement += QStringLiteral(" user ") + user;
    return statement;
}

QStringList SceneActions::openServer(Pid pid, Protocol protocol, int port) const
{
    if (!m_world.isRunning(pid))
        return {};
    const QString process = m_world.process(pid).name;
    const QString variable = freshName(QStringLiteral("s"), variablesOf(process));
    QStringList statements{QStringLiteral("%1: %2 = socket %3").arg(process, variable, protocolWord(protocol, Family::IPv4)),
                           QStringLiteral("%1: bind %2 0.0.0.0:%3").arg(process, variable).arg(port)};
    if (protocol == Protocol::Tcp)
        statements.append(QStringLiteral("%1: listen %2").arg(process, variable));
    return statements;
}

QStringList SceneActions::connectTo(Pid pid, SocketId target) const
{
    if (!m_world.isRunning(pid))
        return {};
    const Socket &door = m_world.socketAt(target);
    const std::optional<IpAddress> address = addressToReach(door, m_world.host(door.host));
    if (!address)
        return {};
    const Endpoint destination{*address, door.local.port};
    const QString process = m_world.process(pid).name;
    const QString variable = freshName(QStringLiteral("c"), variablesOf(process));
    QStringList statements{QStringLiteral("%1: %2 = socket %3").arg(process, variable, protocolWord(door.protocol, address->family()))};
    if (door.protocol == Protocol::Tcp)
        statements.append(QStringLiteral("%1: connect %2 %3").arg(process, variable, destination.toString()));
    else
        statements.append(QStringLiteral("%1: sendto %2 %3 \"hello\"").arg(process, variable, destination.toString()));
    return statements;
}

QString SceneActions::call(SocketId socket, SocketCall call) const
{
    const QString name = m_socketNames.value(socket);
    const qsizetype dot = name.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return {};
    const QString process = name.left(dot);
    const QString variable = name.mid(dot + 1);
    if (!m_world.findProcess(process))
        return {};
    switch (call) {
    case SocketCall::Listen:
        return QStringLiteral("%1: listen %2").arg(process, variable);
    case SocketCall::Accept:
        return QStringLiteral("%1: %2 = accept %3").arg(process, freshName(QStringLiteral("a"), variablesOf(process)), variable);
    case SocketCall::Send:
        return QStringLiteral("%1: send %2 \"hello\"").arg(process, variable);
    case SocketCall::Receive:
        return QStringLiteral("%1: recv %2").arg(process, variable);
    case SocketCall::ShutdownWrite:
        return QStringLiteral("%1: shutdown %2 wr").arg(process, variable);
    case SocketCall::Close:
        return QStringLiteral("%1: close %2").arg(process, variable);
    }
    return {};
}

QString SceneActions::kill(Pid pid) const
{
    return m_world.isRunning(pid) ? QStringLiteral("kill ") + m_world.process(pid).name : QString();
}

QString SceneActions::setEphemeralRange(HostId host, int low, int high) const
{
    return QStringLiteral("sysctl %1 net.ipv4.ip_local_port_range %2 %3").arg(m_world.host(host).name()).arg(low).arg(high);
}

QString SceneActions::setUnprivilegedPortStart(HostId host, int port) const
{
    return QStringLiteral("sysctl %1 net.ipv4.ip_unprivileged_port_start %2").arg(m_world.host(host).name()).arg(port);
}

QString SceneActions::setForwarding(HostId host, bool forwards) const
{
    return QStringLiteral("sysctl %1 net.ipv4.ip_forward %2").arg(m_world.host(host).name()).arg(forwards ? 1 : 0);
}

} // namespace portlab
