// SPDX-License-Identifier: GPL-3.0-or-later
#include "world.h"

#include "net/bind_rules.h"
#include "net/port_allocator.h"
#include "wire_view.h"

#include <QStringList>

#include <algorithm>

namespace portlab {

namespace {

// Linux's default somaxconn: listen() silently caps larger backlogs.
constexpr int somaxconn = 4096;

} // namespace

World::World(std::uint64_t seed)
    : m_seed(seed)
    , m_secret(mixHash(seed, 0x706f72746c6162ULL))
    , m_rng(seed)
{
}

// --- the network ---------------------------------------------------------------------------

HostId World::addHost(const QString &name, const Personality &personality)
{
    const auto id = static_cast<HostId>(m_hosts.size());
    m_hosts.push_back(std::make_unique<Host>(id, name, personality));
    return id;
}

SysResult World::addAddress(HostId hostId, const IpAddress &address)
{
    for (const auto &[owned, owner] : m_addressOwners) {
        if (owned == address) {
            return SysResult::failure(Errno::AddrInUse,
                QStringLiteral("%1 already has the address %2; two hosts on one network cannot share it")
                    .arg(host(owner).name(), address.toString()));
        }
    }
    if (address.isUnspecified() || address.isMulticast() || address.isLoopback())
        return SysResult::failure(Errno::Inval, QStringLiteral("%1 cannot be a host's own address").arg(address.toString()));
    host(hostId).addAddress(address);
    m_addressOwners.emplace_back(address, hostId);
    return SysResult::success();
}

std::optional<HostId> World::findHost(QStringView name) const
{
    for (const auto &h : m_hosts) {
        if (h->name() == name)
            return h->id();
    }
    return std::nullopt;
}

Pid World::addProcess(HostId hostId, const QString &name, const QString &user, bool canBindPrivileged)
{
    Process p;
    p.pid = m_nextPid++;
    p.name = name;
    p.host = hostId;
    p.user = user;
    if (user == u"root") {
        p.uid = 0;
    } else {
        auto it = std::find(m_users.begin(), m_users.end(), user);
        if (it == m_users.end())
            it = m_users.insert(m_users.end(), user);
        p.uid = 1000 + static_cast<Uid>(it - m_users.begin());
    }
    p.canBindPrivileged = canBindPrivileged;
    m_processes.emplace(p.pid, p);
    return p.pid;
}

std::optional<Pid> World::findProcess(QStringView name) const
{
    for (const auto &[pid, p] : m_processes) {
        if (p.name == name)
            return pid;
    }
    return std::nullopt;
}

std::vector<Pid> World::processes() const
{
    std::vector<Pid> pids;
    for (const auto &[pid, p] : m_processes)
        pids.push_back(pid);
    std::sort(pids.begin(), pids.end());
    return pids;
}

QStringList World::exitedProcessNames() const
{
    return m_exitedNames;
}

// --- helpers -------------------------------------------------------------------------------

Socket *World::ownedSocket(Pid pid, SocketId id, SysResult *failure)
{
    if (!m_sockets.contains(id) || m_sockets[id].owner != pid) {
        *failure = SysResult::failure(Errno::BadF, QStringLiteral("this process has no such open socket"));
        return nullptr;
    }
    return &m_sockets[id];
}

const Process *World::processOf(const Socket &socket) const
{
    const auto it = m_processes.find(socket.owner);
    return it == m_processes.end() ? nullptr : &it->second;
}

bool World::mayBindPrivileged(const Process &process) const
{
    return process.isRoot() || process.canBindPrivileged;
}

QString World::ownerName(SocketId id) const
{
    const Socket &s = m_sockets[id];
    if (const Process *p = processOf(s))
        return QStringLiteral("%1 (pid %2)").arg(p->name).arg(p->pid);
    if (s.state == SocketState::TimeWait)
        return QStringLiteral("a closed connection in TIME_WAIT");
    if (s.listener != NoSocket)
        return QStringLiteral("a connection not yet accepted");
    return QStringLiteral("a closing connection (%1)").arg(stateName(s.state));
}

QString World::describeSocket(SocketId id) const
{
    const Socket &s = m_sockets[id];
    QString text = ownerName(id) + u' ' + protocolName(s.protocol) + u' ' + s.local.toString();
    if (s.hasRemote())
        text += QStringLiteral(" ↔ ") + s.remote.toString();
    return text;
}

SysResult World::takePendingError(Socket &socket)
{
    const Errno error = std::exchange(socket.pendingError, Errno::Ok);
    QString cause = std::exchange(socket.pendingErrorCause, QString());
    if (cause.isEmpty()) {
        switch (error) {
        case Errno::ConnRefused:
            cause = QStringLiteral("an earlier datagram drew an ICMP port unreachable; the kernel reports it now, once");
            break;
        case Errno::Pipe:
            cause = QStringLiteral("the other side reset the connection after closing its half");
            break;
        default:
            cause = QStringLiteral("the connection was reset by the other side");
            break;
        }
    }
    return SysResult::failure(error, cause);
}

QString World::holderPhrase(SocketId holder) const
{
    const Socket &h = m_sockets[holder];
    QString what = protocolName(h.protocol) + u' ' + h.local.toString();
    if (h.state == SocketState::TimeWait) {
        return QStringLiteral("a closed connection (%1 ↔ %2) is in TIME_WAIT and still holds %3")
            .arg(h.local.toString(), h.remote.toString(), what);
    }
    QString verb = h.state == SocketState::Listen ? QStringLiteral("is listening on") : QStringLiteral("already holds");
    if (h.state != SocketState::Listen && h.state != SocketState::Closed)
        what += QStringLiteral(" (a connection to %1)").arg(h.remote.toString());
    return ownerName(holder) + u' ' + verb + u' ' + what;
}

PortAllocator World::allocatorFor(HostId hostId)
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_now).count();
    return PortAllocator(host(hostId), m_sockets, m_rng, m_secret, static_cast<std::uint32_t>(seconds));
}

QString World::connectExhaustionText(const PortAllocator &allocator, const IpAddress &source, const Endpoint &destination) const
{
    const auto why = allocator.explainTcpConnectFailure(source, destination);
    const HostSettings &settings = allocator.host().settings();
    QStringList causes;
    if (why.toThisDestination > 0) {
        QString cause = QStringLiteral("%1 already connected from %2 to %3").arg(countOf(why.toThisDestination, u"is", u"are"), source.toString(), destination.toString());
        if (why.inTimeWait > 0)
            cause += QStringLiteral(" (%1 in TIME_WAIT)").arg(why.inTimeWait);
        causes << cause;
    }
    if (why.boundExplicitly > 0)
        causes << QStringLiteral("%1 held by bind() or listen(), which connect() never shares").arg(countOf(why.boundExplicitly, u"is", u"are"));
    if (why.reserved > 0)
        causes << QStringLiteral("%1 reserved (ip_local_reserved_ports)").arg(countOf(why.reserved, u"is", u"are"));
    return QStringLiteral("no port of the ephemeral range %1-%2 can make a new four-tuple: %3")
        .arg(settings.ephemeralLow).arg(settings.ephemeralHigh).arg(causes.join(QStringLiteral("; ")));
}

QString World::bytesText(qsizetype count)
{
    return count == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(count);
}

QString World::portStillHeldText(HostId hostId, Protocol protocol, std::uint16_t port) const
{
    const BindBucket *bucket = host(hostId).ports().bucket(protocol, port);
    if (!bucket)
        return QStringLiteral("%1 port %2 is free again").arg(protocolName(protocol)).arg(port);
    return QStringLiteral("%1 port %2 is still held: %3").arg(protocolName(protocol)).arg(port).arg(holderPhrase(bucket->owners.front()));
}

QString World::userOf(Uid uid) const
{
    // From the users, not the processes: a socket outlives the process that made it.
    if (uid == 0)
        return QStringLiteral("root");
    const std::size_t index = uid - 1000;
    return index < m_users.size() ? m_users[index] : QStringLiteral("uid %1").arg(uid);
}

QString World::conflictReason(const Socket &candidate, const Socket &holder) const
{
    // Which of Linux's sharing rules was not met, the most fundamental first.
    if (holder.state == SocketState::TimeWait) {
        return QStringLiteral("a port in TIME_WAIT can be taken again only with SO_REUSEADDR on both the old socket and the new one, "
                              "or SO_REUSEPORT on both");
    }
    const bool bothReusePort = candidate.reusePort && holder.reusePort;
    if (bothReusePort && candidate.uid != holder.uid) {
        return QStringLiteral("both set SO_REUSEPORT, but it shares a port only between sockets of one user, and these belong to %1 and %2")
            .arg(userOf(holder.uid), userOf(candidate.uid));
    }
    if (holder.state == SocketState::Listen)
        return QStringLiteral("a listening socket shares its port only through SO_REUSEPORT, set on both sockets by one user");
    if (candidate.reuseAddr != holder.reuseAddr && !bothReusePort)
        return QStringLiteral("only one of the two sockets set SO_REUSEADDR; sharing needs it on both");
    if (candidate.reusePort != holder.reusePort)
        return QStringLiteral("only one of the two sockets set SO_REUSEPORT; sharing needs it on both");
    if (!candidate.reuseAddr && !candidate.reusePort)
        return QStringLiteral("neither socket asked to share: that takes SO_REUSEADDR or SO_REUSEPORT on both");
    return {};
}

QString World::countOf(int count, QStringView singularVerb, QStringView pluralVerb)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? singularVerb : pluralVerb);
}

SysResult World::settled(SysResult result)
{
    settle();
    return result;
}

SysResult World::conflictResult(const BindConflict &conflict) const
{
    if (conflict.error == Errno::Acces) {
        return SysResult::failure(conflict.error,
            QStringLiteral("%1, and Windows refuses to share it with this socket (WSAEACCES)").arg(holderPhrase(conflict.holder)), conflict.holder);
    }
    const QString reason = conflictReason(m_sockets[conflict.candidate], m_sockets[conflict.holder]);
    return SysResult::failure(conflict.error, reason.isEmpty() ? holderPhrase(conflict.holder) : holderPhrase(conflict.holder) + QStringLiteral(" (") + reason + u')',
                              conflict.holder);
}

void World::trace(TraceEvent event) const
{
    if (m_traceSink) {
        event.time = m_now;
        m_traceSink(event);
    }
}

void World::setState(Socket &socket, SocketState state)
{
    if (socket.state == state)
        return;
    const SocketState from = socket.state;
    socket.state = state;
    if (tracing() && socket.protocol == Protocol::Tcp) {
        TraceEvent e;
        e.kind = TraceKind::StateChanged;
        e.host = socket.host;
        e.socket = socket.id;
        e.from = from;
        e.to = state;
        trace(std::move(e));
    }
}

void World::queueError(Socket &socket, Errno error, const QString &why)
{
    socket.pendingError = error;
    socket.pendingErrorCause.clear();
    if (tracing()) {
        TraceEvent e;
        e.kind = TraceKind::ErrorQueued;
        e.host = socket.host;
        e.socket = socket.id;
        e.note = why;
        trace(std::move(e));
    }
}

// --- ports and tables ----------------------------------------------------------------------

void World::takePort(Socket &socket, std::uint16_t port, bool byConnect)
{
    BindBucket &bucket = host(socket.host).ports().bucketFor(socket.protocol, port);
    if (bucket.owners.empty())
        bucket.connectOnly = byConnect;
    else if (!byConnect)
        bucket.connectOnly = false;
    bucket.add(socket);
    socket.local.port = port;
    socket.bound = true;
}

void World::releasePort(Socket &socket)
{
    if (!socket.bound)
        return;
    host(socket.host).ports().removeOwner(socket.protocol, socket.local.port, socket.id);
    socket.bound = false;
}

void World::indexConnection(Socket &socket)
{
    host(socket.host).ports().connections(socket.protocol).insert(socket.id, m_sockets);
}

void World::unindexConnection(Socket &socket)
{
    host(socket.host).ports().connections(socket.protocol).erase(socket.id, m_sockets);
}

std::optional<std::uint16_t> World::chooseAutomaticPort(Socket &socket, PortChoiceCall call)
{
    PortAllocator allocator = allocatorFor(socket.host);
    const auto port = socket.protocol == Protocol::Tcp ? allocator.forBind(socket, BoundAddress::of(socket))
                                                       : allocator.forUdp(socket, BoundAddress::of(socket));
    if (port && tracing()) {
        const QString why = call == PortChoiceCall::BindZero ? QStringLiteral("bind() to port 0")
                          : call == PortChoiceCall::Listen   ? QStringLiteral("listen() on an unbound socket")
                                                             : QStringLiteral("a socket used before it was bound (connect or the first send)");
        TraceEvent e;
        e.kind = TraceKind::PortChosen;
        e.host = socket.host;
        e.socket = socket.id;
        e.portChoice = PortChoice{call, socket.protocol, *port, {}};
        e.note = QStringLiteral("the kernel chose %1 port %2 for %3").arg(protocolName(socket.protocol)).arg(*port).arg(why);
        trace(std::move(e));
    }
    return port;
}

SysResult World::autobindUdp(Socket &socket)
{
    if (socket.bound)
        return SysResult::success();
    const auto port = chooseAutomaticPort(socket, PortChoiceCall::FirstUse);
    if (!port) {
        return SysResult::failure(Errno::Again,
            QStringLiteral("every UDP port in the ephemeral range %1-%2 is taken, so the kernel cannot give this socket one")
                .arg(host(socket.host).settings().ephemeralLow).arg(host(socket.host).settings().ephemeralHigh));
    }
    takePort(socket, *port, false);
    return SysResult::success();
}

// --- system calls --------------------------------------------------------------------------

SysValue<SocketId> World::socket(Pid pid, Protocol protocol, Family family)
{
    auto it = m_processes.find(pid);
    if (it == m_processes.end())
        return {SysResult::failure(Errno::Inval, QStringLiteral("no such process")), NoSocket};
    Process &p = it->second;
    const SocketId id = m_sockets.create();
    Socket &s = m_sockets[id];
    s.host = p.host;
    s.owner = pid;
    s.uid = p.uid;
    s.fd = p.takeFd();
    s.protocol = protocol;
    s.family = family;
    s.local.address = family == Family::IPv4 ? IpAddress::anyV4() : IpAddress::anyV6();
    s.remote.address = s.local.address;
    return {succeed([&] {
                return QStringLiteral("a new %1 socket (fd %2), not bound to any port yet")
                    .arg(protocolName(protocol) + (family == Family::IPv6 ? QStringLiteral("/IPv6") : QString()))
                    .arg(s.fd);
            }),
            id};
}

SysResult World::setsockopt(Pid pid, SocketId id, SocketOption option, int value)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    const bool on = value != 0;
    switch (option) {
    case SocketOption::ReuseAddr:
        s->reuseAddr = on;
        break;
    case SocketOption::ReusePort:
        if (!host(s->host).personality().hasReusePort) {
            return SysResult::failure(Errno::NoProtoOpt,
                QStringLiteral("%1 has no SO_REUSEPORT option").arg(host(s->host).personality().displayName));
        }
        // Like Linux, a bound socket that clears SO_REUSEPORT leaves the port's summary as it
        // was, so later members of the group still join (measured: docs/linux-reference.md, Q2).
        s->reusePort = on;
        break;
    case SocketOption::V6Only:
        if (s->family != Family::IPv6)
            return SysResult::failure(Errno::NoProtoOpt, QStringLiteral("IPV6_V6ONLY is an option of IPv6 sockets; this one is IPv4"));
        if (s->bound)
            return SysResult::failure(Errno::Inval, QStringLiteral("IPV6_V6ONLY must be set before the socket is bound"));
        s->v6Only = on;
        break;
    }
    return SysResult::success(QStringLiteral("%1 is now %2").arg(socketOptionName(option)).arg(on ? 1 : 0));
}

SysResult World::checkBindAddress(const Process &process, const Socket &s, const Endpoint &endpoint) const
{
    const Host &h = host(s.host);
    const IpAddress &address = endpoint.address;
    // Linux also lets a socket bind a multicast or the limited broadcast address, and takes
    // ::ffff:0.0.0.0 as the IPv4 wildcard.
    const IpAddress asV4 = address.isV4Mapped() ? address.mappedV4() : address;
    const bool ownsAddress = address.isUnspecified() || asV4.isUnspecified() || address.isMulticast()
        || asV4 == IpAddress::v4(0xffffffff) || h.ownsAddress(asV4);
    const bool privileged = endpoint.port != 0 && endpoint.port < h.settings().unprivilegedPortStart;
    // The sentences are built only for the check that fails.
    const auto notAvailable = [&] {
        return SysResult::failure(Errno::AddrNotAvail,
            QStringLiteral("%1 is not an address of %2, so nothing can be bound to it there").arg(address.toString(), h.name()));
    };
    const auto denied = [&] {
        return SysResult::failure(Errno::Acces,
            QStringLiteral("port %1 is below %2 (ip_unprivileged_port_start), so it needs root or CAP_NET_BIND_SERVICE, and %3 runs as %4")
                .arg(endpoint.port).arg(h.settings().unprivilegedPortStart).arg(process.name, process.user));
    };
    const auto alreadyBound = [&] {
        return SysResult::failure(Errno::Inval,
            QStringLiteral("this socket is already bound to %1; a socket is bound once").arg(s.local.toString()));
    };
    const bool mayUsePort = !privileged || mayBindPrivileged(process);
    const bool fresh = !s.bound && s.state == SocketState::Closed;

    // inet_bind checks the address, then the privilege, then whether the socket is fresh;
    // inet6_bind checks the privilege first and the address last (net/ipv4/af_inet.c,
    // net/ipv6/af_inet6.c).
    if (s.family == Family::IPv4) {
        if (!ownsAddress) return notAvailable();
        if (!mayUsePort) return denied();
        if (!fresh) return alreadyBound();
    } else {
        if (!mayUsePort) return denied();
        if (!fresh) return alreadyBound();
        if (address.isV4Mapped() && s.v6Only) {
            return SysResult::failure(Errno::Inval,
                QStringLiteral("an IPV6_V6ONLY socket cannot be bound to an IPv4-mapped address"));
        }
        if (address.needsZone()) {
            return SysResult::failure(Errno::Inval,
                QStringLiteral("%1 is link-local: it means something only on one link, so it needs a zone (an interface), like [%1%eth0]").arg(address.toString()));
        }
        if (!ownsAddress) return notAvailable();
    }
    return SysResult::success();
}

SysResult World::bind(Pid pid, SocketId id, const Endpoint &endpoint)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    if (s->family == Family::IPv4 && endpoint.address.isV6()) {
        return SysResult::failure(Errno::AfNoSupport,
            QStringLiteral("an IPv4 socket cannot take the IPv6 address %1").arg(endpoint.address.toString()));
    }
    if (s->family == Family::IPv6 && endpoint.address.isV4()) {
        return SysResult::failure(Errno::Inval,
            QStringLiteral("an IPv6 socket takes IPv6 addresses; an IPv4 one is written [::ffff:%1]").arg(endpoint.address.toString()));
    }
    const Process &p = m_processes.at(pid);
    if (const SysResult check = checkBindAddress(p, *s, endpoint); !check.ok())
        return check;

    Host &h = host(s->host);
    const BoundAddress wanted{s->family, endpoint.address, s->v6Only};
    if (endpoint.port == 0) {
        s->local.address = endpoint.address;
        const auto port = chooseAutomaticPort(*s, PortChoiceCall::BindZero);
        if (!port) {
            s->local.address = s->family == Family::IPv4 ? IpAddress::anyV4() : IpAddress::anyV6();
            return SysResult::failure(Errno::AddrInUse,
                QStringLiteral("no port in the ephemeral range %1-%2 is free for %3")
                    .arg(h.settings().ephemeralLow).arg(h.settings().ephemeralHigh).arg(endpoint.address.toString()));
        }
        takePort(*s, *port, false);
        s->portLocked = true;
        return SysResult::success(QStringLiteral("the kernel chose port %1: %2").arg(*port).arg(s->local.toString()));
    }

    if (const BindBucket *bucket = h.ports().bucket(s->protocol, endpoint.port)) {
        if (const BindConflict conflict = findBindConflict(*s, wanted, *bucket, m_sockets, h.personality(), BindCheck::Explicit))
            return conflictResult(conflict);
    }
    s->local.address = endpoint.address;
    takePort(*s, endpoint.port, false);
    s->portLocked = true;
    return succeed([&] {
        // Name the first few sockets it shares with and count the rest: a group can be large.
        constexpr qsizetype named = 3;
        QStringList sharers;
        qsizetype others = 0;
        for (const SocketId other : h.ports().bucket(s->protocol, endpoint.port)->owners) {
            if (other == id || !addressesOverlap(wanted, BoundAddress::of(m_sockets[other])))
                continue;
            if (sharers.size() < named)
                sharers << describeSocket(other);
            else
                ++others;
        }
        if (others > 0)
            sharers << QStringLiteral("%1 more").arg(others);
        if (!sharers.isEmpty()) {
            return QStringLiteral("%1 %2 is bound, sharing the port with %3")
                .arg(protocolName(s->protocol), s->local.toString(), sharers.join(QStringLiteral(", ")));
        }
        return QStringLiteral("%1 %2 now belongs to %3").arg(protocolName(s->protocol), s->local.toString(), ownerName(id));
    });
}

SysResult World::listen(Pid pid, SocketId id, int backlog)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    if (s->protocol != Protocol::Tcp)
        return SysResult::failure(Errno::OpNotSupp, QStringLiteral("UDP has no connections, so a UDP socket cannot listen for them"));
    if (s->state != SocketState::Closed && s->state != SocketState::Listen) {
        return SysResult::failure(Errno::Inval,
            QStringLiteral("this socket is %1, and only a socket that is not connected can listen").arg(stateName(s->state)));
    }
    const int effectiveBacklog = (backlog < 0 || backlog > somaxconn) ? somaxconn : backlog;
    if (s->state == SocketState::Listen) {
        s->backlog = effectiveBacklog;
        return SysResult::success(QStringLiteral("already listening; the backlog is now %1").arg(effectiveBacklog));
    }
    Host &h = host(s->host);
    QString how;
    if (!s->bound) {
        const auto port = chooseAutomaticPort(*s, PortChoiceCall::Listen);
        if (!port) {
            return SysResult::failure(Errno::AddrInUse,
                QStringLiteral("listen() had to pick a port, and none in %1-%2 is free")
                    .arg(h.settings().ephemeralLow).arg(h.settings().ephemeralHigh));
        }
        takePort(*s, *port, false);
        how = QStringLiteral(" (the kernel chose port %1)").arg(*port);
    } else if (const BindBucket *bucket = h.ports().bucket(s->protocol, s->local.port)) {
        // Linux checks the port again: of sockets that shared it through SO_REUSEADDR, only the
        // first to listen() keeps it.
        if (const BindConflict conflict = findBindConflict(*s, BoundAddress::of(*s), *bucket, m_sockets, h.personality(), BindCheck::Explicit))
            return conflictResult(conflict);
    }
    s->backlog = effectiveBacklog;
    h.ports().bucketFor(s->protocol, s->local.port).connectOnly = false;
    h.ports().addListener(s->local.port, id);
    setState(*s, SocketState::Listen);
    return SysResult::success(QStringLiteral("listening on tcp %1%2, backlog %3").arg(s->local.toString(), how).arg(effectiveBacklog));
}

SysResult World::connect(Pid pid, SocketId id, const Endpoint &requested)
{
    bool portChosenByKernel = false;
    const SysResult started = startConnect(pid, id, requested, &portChosenByKernel);
    if (started.error != Errno::InProgress)
        return settled(started);
    runUntil([this, id] { return m_sockets[id].state != SocketState::SynSent; });
    return settled(handshakeOutcome(id, portChosenByKernel));
}

SysResult World::connectNonBlocking(Pid pid, SocketId id, const Endpoint &destination)
{
    bool portChosenByKernel = false;
    return startConnect(pid, id, destination, &portChosenByKernel);
}

SysResult World::startConnect(Pid pid, SocketId id, const Endpoint &requested, bool *portChosenByKernel)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    if (s->family == Family::IPv4 && requested.address.isV6())
        return SysResult::failure(Errno::AfNoSupport, QStringLiteral("an IPv4 socket cannot reach the IPv6 address %1").arg(requested.address.toString()));
    if (s->family == Family::IPv6 && requested.address.isV4()) {
        return SysResult::failure(Errno::Inval,
            QStringLiteral("an IPv6 socket takes IPv6 addresses; an IPv4 one is written [::ffff:%1]").arg(requested.address.toString()));
    }
    const Endpoint destination = onTheWire(requested);
    Host &h = host(s->host);

    if (s->protocol == Protocol::Tcp) {
        if (s->state == SocketState::Listen)
            return SysResult::failure(Errno::IsConn, QStringLiteral("this socket is listening; a listening socket cannot also connect"));
        if (s->state != SocketState::Closed)
            return SysResult::failure(Errno::IsConn, QStringLiteral("this socket is already connected to %1").arg(s->remote.toString()));
        if (s->pendingError != Errno::Ok) {
            s->pendingError = Errno::Ok;   // a failed connect() leaves no error behind to report
        }
    }
    if (requested.address.isV4Mapped() && s->v6Only)
        return SysResult::failure(Errno::NetUnreach, QStringLiteral("an IPV6_V6ONLY socket cannot reach an IPv4 address"));

    // The source address: the bound one, or the one the route to the destination gives.
    IpAddress source = onTheWire(s->local).address;
    if (source.isUnspecified()) {
        const auto chosen = h.sourceAddressFor(destination.address);
        if (!chosen) {
            return SysResult::failure(Errno::NetUnreach,
                QStringLiteral("%1 has no %2 address to send from").arg(h.name(), destination.address.isV4() ? QStringLiteral("IPv4") : QStringLiteral("IPv6")));
        }
        source = *chosen;
    }
    const IpAddress localAddress = s->family == Family::IPv6 && source.isV4() ? source.toV4Mapped() : source;

    if (s->protocol == Protocol::Udp) {
        // inet_dgram_connect() gives the socket a port before the route is asked.
        if (!s->bound) {
            if (const SysResult bound = autobindUdp(*s); !bound.ok())
                return bound;
        }
        if (destination.address == limitedBroadcast())
            return broadcastRefused();
        if (s->isConnectedUdp())
            unindexConnection(*s);
        // Connecting fixes the local address too (ip4_datagram_connect sets inet_rcv_saddr).
        s->local.address = localAddress;
        s->remote = asSeenBy(s->family, destination);
        s->ipIdentification = initialIpIdentification(id);
        setState(*s, SocketState::Established);
        indexConnection(*s);
        return SysResult::success(QStringLiteral("datagrams from this socket now go to %1, and only datagrams from there are received; local %2")
                                      .arg(s->remote.toString(), s->local.toString()));
    }

    // TCP: a port, a four-tuple no one else uses, then the handshake.
    const Endpoint remote = asSeenBy(s->family, destination);
    *portChosenByKernel = !s->bound;
    if (!s->bound) {
        PortAllocator allocator = allocatorFor(s->host);
        SocketId reclaimed = NoSocket;
        const auto port = allocator.forTcpConnect(source, destination, &reclaimed);
        if (!port)
            return SysResult::failure(Errno::AddrNotAvail, connectExhaustionText(allocator, source, destination));
        if (reclaimed != NoSocket)
            destroyConnection(reclaimed);   // tcp_tw_reuse: the new connection takes over the TIME_WAIT's four-tuple
        s->local.address = localAddress;
        takePort(*s, *port, true);
        if (tracing()) {
            TraceEvent e;
            e.kind = TraceKind::PortChosen;
            e.host = s->host;
            e.socket = id;
            e.portChoice = PortChoice{PortChoiceCall::Connect, Protocol::Tcp, *port, destination};
            e.note = QStringLiteral("the kernel chose tcp port %1 for connect() to %2").arg(*port).arg(destination.toString());
            trace(std::move(e));
        }
    } else {
        if (s->local.address.isUnspecified())
            s->local.address = localAddress;
        const SocketId holder = h.ports().connections(Protocol::Tcp).find(onTheWire(s->local), destination, m_sockets);
        if (holder != NoSocket) {
            if (!allocatorFor(s->host).mayReuseTimeWait(m_sockets[holder])) {
                return SysResult::failure(Errno::AddrNotAvail,
                    QStringLiteral("another connection (%1) already uses %2 → %3; a four-tuple is used once")
                        .arg(stateName(m_sockets[holder].state), s->local.toString(), destination.toString()));
            }
            destroyConnection(holder);
        }
    }
    s->remote = remote;
    s->sendNext = static_cast<std::uint32_t>(m_rng.next());
    s->ipIdentification = initialIpIdentification(id);
    const std::uint32_t isn = s->sendNext;
    indexConnection(*s);
    setState(*s, SocketState::SynSent);
    sendSegment(*s, TcpFlag::Syn);
    schedule({m_now + host(s->host).settings().synWaitAfter(1), 0, Scheduled::Kind::SynRetransmit, id, isn, 2});
    return SysResult::failure(Errno::InProgress,
        QStringLiteral("SYN sent from %1; the handshake goes on while the caller does not wait (a non-blocking connect())").arg(s->local.toString()));
}

SysResult World::handshakeOutcome(SocketId id, bool portChosenByKernel)
{
    Socket &done = m_sockets[id];
    if (done.state == SocketState::Established) {
        return succeed([&] {
            QString text = QStringLiteral("connected: ") + done.local.toString() + QStringLiteral(" → ") + done.remote.toString();
            if (portChosenByKernel)
                text += QStringLiteral(" (port %1 chosen by the kernel)").arg(done.local.port);
            return text;
        });
    }
    if (done.pendingError != Errno::Ok && !done.pendingErrorCause.isEmpty())
        return takePendingError(done);
    const Endpoint destination = onTheWire(done.remote);
    const Errno error = done.pendingError == Errno::Ok ? Errno::TimedOut : done.pendingError;
    done.pendingError = Errno::Ok;
    switch (error) {
    case Errno::ConnRefused:
        return SysResult::failure(error, QStringLiteral("%1 answered with RST: no socket there accepts tcp connections to %2")
                                             .arg(destination.address.toString(), destination.toString()));
    case Errno::HostUnreach:
        return SysResult::failure(error, QStringLiteral("no host on the network has the address %1 (nobody answered ARP)").arg(destination.address.toString()));
    default: {
        const HostSettings &settings = host(done.host).settings();
        return SysResult::failure(Errno::TimedOut,
            QStringLiteral("no answer to %1 SYNs sent over %2 s: the listener's accept queue stayed full, a firewall dropped them, or nothing answered")
                .arg(settings.synTransmissions()).arg(settings.synGiveUpAfter().count()));
    }
    }
}

SysValue<SocketId> World::accept(Pid pid, SocketId id)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return {failure, NoSocket};
    if (s->protocol != Protocol::Tcp)
        return {SysResult::failure(Errno::OpNotSupp, QStringLiteral("UDP has no connections to accept")), NoSocket};
    if (s->state != SocketState::Listen)
        return {SysResult::failure(Errno::Inval, QStringLiteral("accept() needs a listening socket; call listen() first")), NoSocket};
    settle();
    auto &queue = m_acceptQueues[id];
    if (queue.empty()) {
        return {SysResult::failure(Errno::Again,
                    QStringLiteral("no connection is waiting; a blocking accept() would sleep here until a client connects")),
                NoSocket};
    }
    const SocketId childId = queue.front();
    queue.pop_front();
    Socket &child = m_sockets[childId];
    Process &p = m_processes.at(pid);
    child.owner = pid;
    child.uid = p.uid;
    child.fd = p.takeFd();
    child.listener = NoSocket;
    return {succeed([&] {
                if (child.wasReset) {
                    return QStringLiteral("a new socket (fd %1) for the connection from %2, which that side reset while it waited in the "
                                          "queue: the socket is already closed, and its first read reports the reset")
                        .arg(child.fd).arg(child.remote.toString());
                }
                return QStringLiteral("a new socket (fd %1) for the connection %2 ↔ %3; it shares the listener's port %4")
                    .arg(child.fd).arg(child.local.toString(), child.remote.toString()).arg(child.local.port);
            }),
            childId};
}

SysResult World::send(Pid pid, SocketId id, const QByteArray &data)
{
    return settled(startSend(pid, id, data));
}

SysResult World::startSend(Pid pid, SocketId id, const QByteArray &data)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    if (s->pendingError != Errno::Ok) {
        return takePendingError(*s);
    }
    if (s->protocol == Protocol::Udp) {
        if (!s->isConnectedUdp())
            return SysResult::failure(Errno::DestAddrReq, QStringLiteral("this UDP socket is not connected; use sendto with a destination"));
        return startSendTo(pid, id, s->remote, data);
    }
    if (s->writeShutdown)
        return SysResult::failure(Errno::Pipe, s->wasReset ? QStringLiteral("the connection was reset, so there is nothing left to write to")
                                                           : QStringLiteral("this side has already shut down writing (FIN sent)"));
    if (s->state != SocketState::Established && s->state != SocketState::CloseWait) {
        return SysResult::failure(Errno::Pipe,
            QStringLiteral("the socket is %1, not connected: there is no connection to write to").arg(stateName(s->state)));
    }
    sendSegment(*s, TcpFlag::Psh | TcpFlag::Ack, data);
    return SysResult::success(QStringLiteral("%1 sent from %2 to %3").arg(bytesText(data.size()), s->local.toString(), s->remote.toString()));
}

SysResult World::sendTo(Pid pid, SocketId id, const Endpoint &requested, const QByteArray &data)
{
    return settled(startSendTo(pid, id, requested, data));
}

SysResult World::startSendTo(Pid pid, SocketId id, const Endpoint &requested, const QByteArray &data)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    if (s->protocol == Protocol::Tcp)
        return startSend(pid, id, data);   // Linux ignores a TCP sendto() address on a connected socket
    if (s->family == Family::IPv4 && requested.address.isV6())
        return SysResult::failure(Errno::AfNoSupport, QStringLiteral("an IPv4 socket cannot reach the IPv6 address %1").arg(requested.address.toString()));
    if (s->family == Family::IPv6 && requested.address.isV4()) {
        return SysResult::failure(Errno::Inval,
            QStringLiteral("an IPv6 socket takes IPv6 addresses; an IPv4 one is written [::ffff:%1]").arg(requested.address.toString()));
    }
    if (s->pendingError != Errno::Ok) {
        return takePendingError(*s);
    }
    const Endpoint destination = onTheWire(requested);
    Host &h = host(s->host);
    IpAddress source = onTheWire(s->local).address;
    if (source.isUnspecified()) {
        const auto chosen = h.sourceAddressFor(destination.address);
        if (!chosen)
            return SysResult::failure(Errno::NetUnreach, QStringLiteral("%1 has no address of that IP version to send from").arg(h.name()));
        source = *chosen;
    }
    // inet_sendmsg() gives the socket a port before udp_sendmsg() asks the route.
    if (const SysResult bound = autobindUdp(*s); !bound.ok())
        return bound;
    if (destination.address == limitedBroadcast())
        return broadcastRefused();
    Envelope e;
    e.kind = EnvelopeKind::UdpDatagram;
    e.fromHost = s->host;
    e.source = {source, s->local.port};
    e.destination = destination;
    e.payload = data;
    if (const std::optional<QString> refusal = transmit(std::move(e), id)) {
        // ip_local_out() returns the filter's NF_DROP to udp_sendmsg() as EPERM.
        return SysResult::failure(Errno::Perm, QStringLiteral("%1's firewall does not let the datagram leave (%2)").arg(h.name(), *refusal));
    }
    return SysResult::success(QStringLiteral("%1 sent from %2 to %3").arg(bytesText(data.size()), Endpoint{source, s->local.port}.toString(), destination.toString()));
}

SysValue<Message> World::receive(Pid pid, SocketId id)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return {failure, {}};
    settle();
    s = &m_sockets[id];
    auto &queue = m_receiveQueues[id];
    const bool tcp = s->protocol == Protocol::Tcp;
    // tcp_recvmsg(): queued data first; then end of stream once a FIN has arrived (SOCK_DONE),
    // even over a later error; then a pending error, once; then a shut-down or reset stream
    // reads as ended; a socket that never connected has nothing to read from.
    if (queue.empty()) {
        const auto endOfStream = [s] {
            s->endOfStreamRead = s->peerFinished;
            return SysValue<Message>{SysResult::success(s->wasReset && !s->peerFinished
                                                            ? QStringLiteral("end of stream (0 bytes): the connection was reset")
                                                            : QStringLiteral("end of stream: the other side closed its half (0 bytes)")), {}};
        };
        if (tcp && s->peerFinished)
            return endOfStream();
        if (s->pendingError != Errno::Ok) {
            return {takePendingError(*s), {}};
        }
        if (tcp && s->readShutdown)
            return endOfStream();
        if (tcp && (s->state == SocketState::Closed || s->state == SocketState::Listen || s->state == SocketState::SynSent))
            return {SysResult::failure(Errno::NotConn, QStringLiteral("this socket is not connected; there is nothing to read from")), {}};
        return {SysResult::failure(Errno::Again, QStringLiteral("nothing has arrived; a blocking recv() would sleep here until data comes")), {}};
    }
    Message message;
    if (s->protocol == Protocol::Tcp) {
        // A stream has no message boundaries: one read takes everything that has arrived.
        message.from = s->remote;
        for (const Message &m : queue)
            message.data += m.data;
        queue.clear();
    } else {
        message = std::move(queue.front());
        queue.pop_front();
    }
    const QString text = QStringLiteral("%1 from %2").arg(bytesText(message.data.size()), message.from.toString());
    return {SysResult::success(text), std::move(message)};
}

SysResult World::shutdown(Pid pid, SocketId id, ShutdownHow how)
{
    return settled(startShutdown(pid, id, how));
}

SysResult World::startShutdown(Pid pid, SocketId id, ShutdownHow how)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    const bool read = how != ShutdownHow::Write;
    const bool write = how != ShutdownHow::Read;
    if (s->protocol == Protocol::Udp) {
        if (!s->isConnectedUdp())
            return SysResult::failure(Errno::NotConn, QStringLiteral("this UDP socket is not connected"));
        s->readShutdown |= read;
        s->writeShutdown |= write;
        return SysResult::success();
    }
    switch (s->state) {
    case SocketState::Closed:
        return SysResult::failure(Errno::NotConn, QStringLiteral("this socket is not connected"));
    case SocketState::Listen:
        if (read) {
            // Linux lets shutdown(SHUT_RD) stop a listener (tcp_disconnect()); the descriptor
            // stays open and keeps a port that bind() chose.
            stopListening(*s);
            if (!s->portLocked)
                releasePort(*s);
            return SysResult::success(QStringLiteral("no longer listening; the socket stays open and may listen() again"));
        }
        return SysResult::success();
    case SocketState::Established:
    case SocketState::CloseWait:
        s->readShutdown |= read;
        if (write && !s->writeShutdown) {
            s->writeShutdown = true;
            sendSegment(*s, TcpFlag::Fin | TcpFlag::Ack);
            setState(*s, s->state == SocketState::Established ? SocketState::FinWait1 : SocketState::LastAck);
            return SysResult::success(s->readShutdown
                ? QStringLiteral("FIN sent: this side will write no more, and reads no more either; data that still arrives resets the connection")
                : QStringLiteral("FIN sent: this side will write no more, and can still read"));
        }
        return SysResult::success();
    default:
        s->readShutdown |= read;
        s->writeShutdown |= write;
        return SysResult::success();
    }
}

SysResult World::sendRawUdp(Pid pid, std::uint16_t sourcePort, const Endpoint &destination, const QByteArray &payload)
{
    const Process &process = m_processes.at(pid);
    if (!process.isRoot())
        return SysResult::failure(Errno::Perm, QStringLiteral("%1 runs as %2: a raw socket needs root (CAP_NET_RAW)").arg(process.name, process.user));
    const Host &h = host(process.host);
    const auto source = h.sourceAddressFor(destination.address);
    if (!source) {
        return SysResult::failure(Errno::NetUnreach,
            QStringLiteral("%1 has no %2 address to send from").arg(h.name(), destination.address.isV4() ? QStringLiteral("IPv4") : QStringLiteral("IPv6")));
    }
    Envelope datagram;
    datagram.kind = EnvelopeKind::UdpDatagram;
    datagram.fromHost = h.id();
    datagram.source = {*source, sourcePort};
    datagram.destination = destination;
    datagram.payload = payload;
    transmit(std::move(datagram));
    return succeed([&] { return QStringLiteral("a UDP datagram %1 → %2 written through a raw socket").arg(Endpoint{*source, sourcePort}.toString(), destination.toString()); });
}

SysResult World::close(Pid pid, SocketId id)
{
    return settled(startClose(pid, id, Linger::Default));
}

SysResult World::closeAbortively(Pid pid, SocketId id)
{
    return startClose(pid, id, Linger::ZeroSeconds);
}

SysResult World::startClose(Pid pid, SocketId id, Linger linger)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return failure;
    m_processes.at(pid).releaseFd(s->fd);
    s->owner = NoProcess;
    const std::size_t unread = receiveQueueBytes(id);
    m_receiveQueues.erase(id);

    if (s->protocol == Protocol::Udp) {
        if (s->isConnectedUdp())
            unindexConnection(*s);
        releasePort(*s);
        s->state = SocketState::Closed;
        return SysResult::success(QStringLiteral("closed; ") + portStillHeldText(s->host, Protocol::Udp, s->local.port));
    }
    switch (s->state) {
    case SocketState::Listen: {
        const int reset = stopListening(*s);
        releasePort(*s);
        const QString waiting = reset == 0 ? QString()
            : reset == 1 ? QStringLiteral("the connection waiting in its accept queue was reset (RST); ")
                         : QStringLiteral("the %1 connections waiting in its accept queue were reset (RST); ").arg(reset);
        return SysResult::success(QStringLiteral("stopped listening; ") + waiting + portStillHeldText(s->host, Protocol::Tcp, s->local.port));
    }
    case SocketState::Closed:
        releasePort(*s);
        return SysResult::success(QStringLiteral("closed"));
    case SocketState::SynSent:
    case SocketState::SynReceived:
        destroyConnection(id);
        return SysResult::success(QStringLiteral("closed before the handshake finished"));
    case SocketState::Established:
    case SocketState::CloseWait:
        if (unread > 0 || linger == Linger::ZeroSeconds) {
            // RFC 2525 2.17: closing with unread data aborts the connection; so does closing
            // with SO_LINGER set to zero seconds (tcp_close() disconnects at once).
            sendSegment(*s, TcpFlag::Rst | TcpFlag::Ack);
            destroyConnection(id);
            return SysResult::success(unread > 0
                ? QStringLiteral("closed with %1 unread bytes, so the kernel reset the connection (RST) instead of a FIN").arg(unread)
                : QStringLiteral("closed with SO_LINGER at 0 s, so the kernel reset the connection (RST) instead of a FIN"));
        }
        if (!s->writeShutdown) {
            s->writeShutdown = true;
            sendSegment(*s, TcpFlag::Fin | TcpFlag::Ack);
            const bool activeClose = s->state == SocketState::Established;
            setState(*s, activeClose ? SocketState::FinWait1 : SocketState::LastAck);
            return SysResult::success(activeClose
                ? QStringLiteral("FIN sent; this side closed first, so it will pass through TIME_WAIT")
                : QStringLiteral("FIN sent in reply; the other side closed first, so it keeps the TIME_WAIT"));
        }
        return SysResult::success(QStringLiteral("closed"));
    default:
        return SysResult::success(QStringLiteral("closed; the connection finishes closing on its own"));
    }
}

int World::stopListening(Socket &listener)
{
    const SocketId id = listener.id;
    host(listener.host).ports().removeListener(listener.local.port, id);
    // Connections that completed the handshake but were never accepted are reset, and so are
    // those still in the middle of it.
    int reset = 0;
    for (const SocketId child : std::exchange(m_acceptQueues[id], {})) {
        if (m_sockets[child].state != SocketState::Closed) {   // one the peer reset already gets nothing
            sendSegment(m_sockets[child], TcpFlag::Rst | TcpFlag::Ack);
            ++reset;
        }
        destroyConnection(child);
    }
    m_acceptQueues.erase(id);
    for (SocketId other = 0; other < m_sockets.size(); ++other) {
        Socket &half = m_sockets[other];
        if (half.listener == id && half.state == SocketState::SynReceived) {
            sendSegment(half, TcpFlag::Rst | TcpFlag::Ack);
            destroyConnection(other);
            ++reset;
        }
    }
    setState(m_sockets[id], SocketState::Closed);
    return reset;
}

SysResult World::kill(Pid pid, Signal signal)
{
    const auto found = m_processes.find(pid);
    if (found == m_processes.end()) {
        return SysResult::failure(Errno::Srch, pid >= firstPid && pid < m_nextPid
            ? QStringLiteral("pid %1 has exited, and no process has that pid any more").arg(pid)
            : QStringLiteral("no process has pid %1").arg(pid));
    }
    const QString who = QStringLiteral("%1 (pid %2) got %3 and exited")
                            .arg(found->second.name).arg(pid).arg(signal == Signal::Kill ? QStringLiteral("SIGKILL") : QStringLiteral("SIGTERM"));
    // Exiting, the process lets go of every descriptor, and the kernel closes each socket as
    // close() would. Measured on Linux 6.18: the highest descriptor goes first (each file's
    // last fput() is deferred as task work, which runs the last queued first).
    std::vector<std::pair<int, SocketId>> open;
    for (const Socket &s : m_sockets) {
        if (s.owner == pid)
            open.emplace_back(s.fd, s.id);
    }
    std::sort(open.begin(), open.end(), std::greater<>());
    QStringList closed;
    for (const auto &[fd, id] : open) {
        const Socket &s = m_sockets[id];
        QString what = protocolName(s.protocol);
        if (s.bound)
            what += u' ' + s.local.toString();
        if (s.hasRemote())
            what += QStringLiteral(" ↔ ") + s.remote.toString();
        closed << QStringLiteral("fd %1 (%2): %3").arg(fd).arg(what, startClose(pid, id, Linger::Default).explanation);
    }
    m_exitedNames.append(found->second.name);
    m_processes.erase(found);
    if (closed.isEmpty())
        return settled(SysResult::success(QStringLiteral("%1; it had no socket open").arg(who)));
    if (closed.size() == 1)
        return settled(SysResult::success(QStringLiteral("%1; the kernel closed its socket: %2").arg(who, closed.front())));
    return settled(SysResult::success(QStringLiteral("%1; the kernel closed its %2 sockets, the highest descriptor first: %3")
                                          .arg(who).arg(closed.size()).arg(closed.join(QStringLiteral("; ")))));
}

SysValue<Endpoint> World::localName(Pid pid, SocketId id)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return {failure, {}};
    return {SysResult::success(s->local.toString()), s->local};
}

IpAddress World::limitedBroadcast()
{
    return IpAddress::v4(0xffffffffU);
}

SysResult World::broadcastRefused()
{
    // The route to a broadcast address refuses a socket without SO_BROADCAST (udp_sendmsg,
    // ip4_datagram_connect); measured with the kernel backend.
    return SysResult::failure(Errno::Acces,
        QStringLiteral("255.255.255.255 reaches every host on the network, and the kernel sends there only from a socket with SO_BROADCAST set"));
}

SysValue<Endpoint> World::peerName(Pid pid, SocketId id)
{
    SysResult failure;
    Socket *s = ownedSocket(pid, id, &failure);
    if (!s)
        return {failure, {}};
    const bool connected = s->protocol == Protocol::Udp ? s->isConnectedUdp()
        : (s->state != SocketState::Closed && s->state != SocketState::Listen && s->state != SocketState::SynSent);
    if (!connected)
        return {SysResult::failure(Errno::NotConn, QStringLiteral("this socket is not connected, so it has no peer")), {}};
    if (s->remote.port == 0) {
        // inet_getname(): a UDP socket connected to port 0 keeps the address but has no peer.
        return {SysResult::failure(Errno::NotConn, QStringLiteral("this socket was connected to port 0, which names no peer")), {}};
    }
    return {SysResult::success(s->remote.toString()), s->remote};
}

// --- looking in ----------------------------------------------------------------------------

std::vector<SocketId> World::socketsOf(HostId hostId) const
{
    std::vector<SocketId> ids;
    for (const Socket &s : m_sockets) {
        if (s.host != hostId)
            continue;
        // What ss lists: sockets with a port or a state; a socket never bound has neither.
        const bool visible = s.bound || s.state != SocketState::Closed;
        if (visible)
            ids.push_back(s.id);
    }
    return ids;
}

std::size_t World::acceptQueueLength(SocketId listener) const
{
    const auto it = m_acceptQueues.find(listener);
    return it == m_acceptQueues.end() ? 0 : it->second.size();
}

const std::deque<Message> *World::receiveQueue(SocketId id) const
{
    const auto it = m_receiveQueues.find(id);
    return it == m_receiveQueues.end() || it->second.empty() ? nullptr : &it->second;
}

std::size_t World::receiveQueueBytes(SocketId id) const
{
    const auto it = m_receiveQueues.find(id);
    if (it == m_receiveQueues.end())
        return 0;
    std::size_t bytes = 0;
    for (const Message &m : it->second)
        bytes += static_cast<std::size_t>(m.data.size());
    return bytes;
}

} // namespace portlab
