// SPDX-License-Identifier: GPL-3.0-or-later
// The half of the world below the system calls: the wire, the timers, and what each host's
// transport layer does with an arriving envelope.
#include "world.h"

#include "encapsulation.h"
#include "net/demux.h"
#include "wire_view.h"

namespace portlab {

using namespace tcp_timing;


QString formatSimTime(SimTime time)
{
    const auto us = time.count();
    return QStringLiteral("%1.%2s").arg(us / 1000000).arg(us % 1000000, 6, 10, QLatin1Char('0'));
}

QString traceKindName(TraceKind kind)
{
    switch (kind) {
    case TraceKind::EnvelopeWrapped: return QStringLiteral("wrapped");
    case TraceKind::EnvelopeSent: return QStringLiteral("sent");
    case TraceKind::EnvelopeUnwrapped: return QStringLiteral("unwrapped");
    case TraceKind::EnvelopeDelivered: return QStringLiteral("delivered");
    case TraceKind::EnvelopeRejected: return QStringLiteral("rejected");
    case TraceKind::EnvelopeDropped: return QStringLiteral("dropped");
    case TraceKind::EnvelopeRewritten: return QStringLiteral("rewritten");
    case TraceKind::PortChosen: return QStringLiteral("port-chosen");
    case TraceKind::StateChanged: return QStringLiteral("state");
    case TraceKind::ConnectionQueued: return QStringLiteral("queued");
    case TraceKind::ErrorQueued: return QStringLiteral("error-queued");
    case TraceKind::KnockHeard: return QStringLiteral("knock");
    case TraceKind::EnvelopeForwarded: return QStringLiteral("forwarded");
    }
    return {};
}

// --- the event queue -----------------------------------------------------------------------

void World::schedule(Scheduled event)
{
    event.order = m_nextOrder++;
    m_queue.push(event);
}

void World::runNext()
{
    const Scheduled event = m_queue.top();
    m_queue.pop();
    if (event.at > m_now)
        m_now = event.at;
    switch (event.kind) {
    case Scheduled::Kind::Arrival: {
        Envelope envelope = std::move(m_envelopeSlots[event.slot]);
        m_freeSlots.push_back(event.slot);
        --m_inFlight;
        arrive(envelope);
        break;
    }
    case Scheduled::Kind::TimeWaitEnd: {
        Socket &s = m_sockets[event.slot];
        if (s.state == SocketState::TimeWait && s.sendNext == event.token)
            destroyConnection(s.id);
        break;
    }
    case Scheduled::Kind::FinWait2End: {
        Socket &s = m_sockets[event.slot];
        if (s.state == SocketState::FinWait2 && s.owner == NoProcess && s.sendNext == event.token)
            destroyConnection(s.id);
        break;
    }
    case Scheduled::Kind::SynRetransmit: {
        Socket &s = m_sockets[event.slot];
        if (s.state != SocketState::SynSent || s.sendNext != event.token + 1)
            break;
        // event.attempt: the SYN this timer would send (the first was number 1)
        const HostSettings &settings = host(s.host).settings();
        const int attempt = static_cast<int>(event.attempt);
        if (settings.synSentAt(attempt) >= settings.synTimeAllowed()) {
            queueError(s, Errno::TimedOut, QStringLiteral("no SYN-ACK after %1 tries").arg(settings.synTransmissions()));
            destroyConnection(s.id);
            break;
        }
        Envelope syn = segmentFrom(s, TcpFlag::Syn);
        syn.sequence = event.token;
        transmit(std::move(syn), s.id);
        schedule({m_now + settings.synWaitAfter(attempt), 0, Scheduled::Kind::SynRetransmit,
                  event.slot, event.token, event.attempt + 1});
        break;
    }
    case Scheduled::Kind::NeighbourFailed: {
        Socket &s = m_sockets[event.slot];
        if (s.state == SocketState::SynSent && s.sendNext == event.token + 1) {
            queueError(s, Errno::HostUnreach, QStringLiteral("no host answered ARP for %1").arg(s.remote.address.toString()));
            destroyConnection(s.id);
        }
        break;
    }
    }
}

void World::settle()
{
    while (m_inFlight > 0)
        runNext();
}

void World::advance(SimTime duration)
{
    const SimTime until = m_now + duration;
    while (!m_queue.empty() && m_queue.top().at <= until)
        runNext();
    m_now = until;
}

std::optional<SimTime> World::nextEventTime() const
{
    if (m_queue.empty())
        return std::nullopt;
    return m_queue.top().at;
}

std::uint32_t World::watchArrivals(HostId host, ArrivalWatch watch)
{
    m_arrivalWatches.emplace_back(host, std::move(watch));
    return static_cast<std::uint32_t>(m_arrivalWatches.size() - 1);
}

void World::unwatchArrivals(std::uint32_t watch)
{
    m_arrivalWatches.at(watch).second = nullptr;
}

void World::runUntil(const std::function<bool()> &done)
{
    while (!done() && !m_queue.empty())
        runNext();
}

// --- the wire ------------------------------------------------------------------------------

std::optional<QString> World::transmit(Envelope envelope, SocketId from)
{
    envelope.id = m_nextEnvelopeId++;
    numberIpPacket(envelope, from);
    const Host &sender = host(envelope.fromHost);
    std::optional<HostId> receiver;
    bool toAllHosts = false;
    const auto route = [&] {
        const IpAddress &to = envelope.destination.address;
        receiver = sender.ownsAddress(to) ? std::optional<HostId>(sender.id()) : hostWithAddress(to);
        // Every IPv4 host is a member of the all-hosts group, so a datagram to 224.0.0.1 reaches
        // every host on the segment, the sender's own included (IP_MULTICAST_LOOP); measured.
        toAllHosts = envelope.kind == EnvelopeKind::UdpDatagram && to == IpAddress::v4(0xe0000001U);
        if (toAllHosts)
            receiver = envelope.fromHost;
        envelope.toHost = receiver.value_or(envelope.fromHost);
        encapsulate(envelope, receiver == envelope.fromHost && !toAllHosts);
    };
    route();
    if (tracing()) {
        for (const StackLayer layer : {StackLayer::Transport, StackLayer::Network})
            traceEnvelope(TraceKind::EnvelopeWrapped, envelope.fromHost, from, envelope, layer);
    }
    const IpAddress routedTo = envelope.destination.address;
    QString refusal;
    if (!leaveThroughFirewall(envelope, from, &refusal))
        return refusal;
    if (envelope.destination.address != routedTo)
        route();   // NAT sent it elsewhere: the route is looked up again (ip_route_me_harder)
    const IpAddress &to = envelope.destination.address;
    if (tracing())
        traceEnvelope(TraceKind::EnvelopeWrapped, envelope.fromHost, from, envelope, StackLayer::Link);
    if (!receiver) {
        // The frame never leaves: without a neighbour's MAC address the link layer cannot
        // address it, and holds it until resolution fails.
        if (tracing()) {
            traceEnvelope(TraceKind::EnvelopeDropped, envelope.fromHost, from, envelope, StackLayer::Link,
                          to.isMulticast()
                              ? QStringLiteral("no host on the network has joined the group %1 (joining groups is not part of PortLab's scenarios)").arg(to.toString())
                              : noNeighbourText(to));
        }
        if (from != NoSocket && envelope.has(TcpFlag::Syn) && !envelope.has(TcpFlag::Ack))
            schedule({m_now + neighbourTimeout, 0, Scheduled::Kind::NeighbourFailed, from, envelope.sequence, 0});
        return std::nullopt;
    }
    if (tracing())
        traceEnvelope(TraceKind::EnvelopeSent, envelope.fromHost, from, envelope, StackLayer::Link);
    if (toAllHosts) {
        for (HostId member = 0; member < m_hosts.size(); ++member) {
            Envelope copy = envelope;
            copy.toHost = member;
            scheduleArrival(std::move(copy), member == envelope.fromHost ? loopbackDelay : linkDelay);
        }
        return std::nullopt;
    }
    scheduleArrival(std::move(envelope), *receiver == envelope.fromHost ? loopbackDelay : linkDelay);
    return std::nullopt;
}

QString World::noNeighbourText(const IpAddress &address)
{
    return QStringLiteral("no host on the network has the address %1, so nobody answers ARP for it").arg(address.toString());
}

std::optional<HostId> World::hostWithAddress(const IpAddress &address) const
{
    for (const auto &[owned, owner] : m_addressOwners) {
        if (owned == address)
            return owner;
    }
    return std::nullopt;
}

void World::scheduleArrival(Envelope envelope, SimTime delay)
{
    std::uint32_t slot;
    if (m_freeSlots.empty()) {
        slot = static_cast<std::uint32_t>(m_envelopeSlots.size());
        m_envelopeSlots.push_back(std::move(envelope));
    } else {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_envelopeSlots[slot] = std::move(envelope);
    }
    ++m_inFlight;
    schedule({m_now + delay, 0, Scheduled::Kind::Arrival, slot, 0, 0});
}

void World::traceEnvelope(TraceKind kind, HostId at, SocketId socket, const Envelope &envelope, StackLayer layer, QString note) const
{
    TraceEvent e;
    e.kind = kind;
    e.host = at;
    e.socket = socket;
    e.envelope = envelope;
    e.layer = layer;
    e.note = std::move(note);
    trace(std::move(e));
}

void World::numberIpPacket(Envelope &envelope, SocketId from)
{
    // ip_select_ident_segs(): a connected socket counts its own packets from a random start;
    // a TCP reply the kernel sends for a connection not yet (or no longer) a full socket — the
    // SYN-ACK, a RST, the ACK from TIME_WAIT — carries 0 beside "don't fragment"; anything else
    // draws from the host's shared counters. ICMP errors may be fragmented (measured).
    envelope.ip.dontFragment = envelope.kind != EnvelopeKind::IcmpPortUnreachable;
    Socket *socket = from == NoSocket ? nullptr : &m_sockets[from];
    // An orphan in FIN_WAIT2 is a timewait socket in Linux already (tcp_time_wait with
    // TCP_FIN_WAIT2), so it answers like one.
    const bool timeWaitSocket = socket
        && (socket->state == SocketState::TimeWait || (socket->state == SocketState::FinWait2 && socket->owner == NoProcess));
    const bool countsItself = socket
        && (socket->protocol == Protocol::Udp ? socket->isConnectedUdp()
                                              : socket->state != SocketState::SynReceived && !timeWaitSocket);
    if (countsItself) {
        envelope.ip.identification = socket->ipIdentification++;
    } else if (envelope.kind == EnvelopeKind::TcpSegment) {
        envelope.ip.identification = 0;
    } else {
        envelope.ip.identification = static_cast<std::uint16_t>(mixHash(m_secret, envelope.destination.address.hash()) + m_sharedIpIdentification++);
    }
    if (envelope.destination.address.isV6()) {
        // IPv6 flow labels (auto_flowlabels): a hash of the flow, the same for all its packets.
        const std::uint64_t flow = mixHash(mixHash(m_secret, envelope.source.address.hash() ^ envelope.source.port),
                                           envelope.destination.address.hash() ^ envelope.destination.port);
        envelope.ip.flowLabel = static_cast<std::uint32_t>(flow) & 0xfffffU;
    }
}

std::uint16_t World::initialIpIdentification(SocketId id) const
{
    return static_cast<std::uint16_t>(mixHash(m_secret ^ 0x4950, id));
}

std::uint32_t World::timestampClock(const Socket &socket) const
{
    // RFC 7323 timestamps in milliseconds; tcp_ts_off() adds an offset hashed from the two
    // addresses so the value does not reveal the host's uptime.
    const auto offset = static_cast<std::uint32_t>(mixHash(m_secret ^ 0x5453, socket.local.address.hash() * 31 + socket.remote.address.hash()));
    return offset + static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(m_now).count());
}

Envelope World::segmentFrom(const Socket &socket, std::uint8_t flags, QByteArray payload) const
{
    Envelope e;
    e.kind = EnvelopeKind::TcpSegment;
    e.fromHost = socket.host;
    e.source = onTheWire(socket.local);
    e.destination = onTheWire(socket.remote);
    e.tcpFlags = flags;
    e.sequence = socket.sendNext;
    e.acknowledgement = (flags & TcpFlag::Ack) ? socket.receiveNext : 0;
    e.payload = std::move(payload);
    // The window Linux advertises (the model has no flow control: the numbers are what a real
    // connection on such a link starts with), and the options it writes (measured).
    const bool loopback = host(socket.host).ownsAddress(e.destination.address);
    e.tcp.timestamps = true;
    e.tcp.timestampValue = timestampClock(socket);
    e.tcp.timestampEcho = (flags & TcpFlag::Ack) ? socket.timestampRecent : 0;
    if (flags & TcpFlag::Syn) {
        e.tcp.synOptions = true;
        e.tcp.maximumSegmentSize = loopback ? loopbackMss : ethernetMss;
        if (flags & TcpFlag::Ack)
            e.tcp.window = loopback ? loopbackSynAckWindow : ethernetSynAckWindow;
        else
            e.tcp.window = loopback ? loopbackSynWindow : ethernetSynWindow;
    } else {
        e.tcp.window = loopback ? loopbackScaledWindow : ethernetScaledWindow;
    }
    return e;
}

void World::sendSegment(Socket &socket, std::uint8_t flags, QByteArray payload)
{
    Envelope e = segmentFrom(socket, flags, std::move(payload));
    socket.sendNext += static_cast<std::uint32_t>(e.payload.size());
    if (flags & (TcpFlag::Syn | TcpFlag::Fin))
        socket.sendNext += 1;
    transmit(std::move(e), socket.id);
}

void World::answerWithReset(const Host &host, const Envelope &offending, const QString &rejectedBy)
{
    // RFC 9293 3.10.7.1: if the offending segment has an ACK, the RST takes its sequence
    // number from it; otherwise it acknowledges everything the segment occupied.
    Envelope rst;
    rst.kind = EnvelopeKind::TcpSegment;
    rst.fromHost = host.id();
    rst.source = offending.destination;
    rst.destination = offending.source;
    if (offending.has(TcpFlag::Ack)) {
        rst.tcpFlags = TcpFlag::Rst;
        rst.sequence = offending.acknowledgement;
    } else {
        rst.tcpFlags = TcpFlag::Rst | TcpFlag::Ack;
        const auto length = static_cast<std::uint32_t>(offending.payload.size())
            + (offending.has(TcpFlag::Syn) ? 1U : 0U) + (offending.has(TcpFlag::Fin) ? 1U : 0U);
        rst.acknowledgement = offending.sequence + length;
    }
    rst.rejectedBy = rejectedBy;
    transmit(std::move(rst));
}

// --- arrivals ------------------------------------------------------------------------------

SocketId World::demultiplex(const Envelope &envelope, DemuxDecision *decision) const
{
    const Demultiplexer demux(host(envelope.toHost), m_sockets, m_secret);
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment:
        return demux.tcp(envelope.source, envelope.destination, envelope.has(TcpFlag::Syn) && !envelope.has(TcpFlag::Ack), decision);
    case EnvelopeKind::UdpDatagram:
        return demux.udp(envelope.source, envelope.destination, decision);
    case EnvelopeKind::IcmpPortUnreachable:
        return demux.udp(envelope.quotedDestination, envelope.quotedSource, decision);
    }
    return NoSocket;
}

void World::arrive(Envelope &envelope)
{
    Host &receiver = host(envelope.toHost);
    // Up the stack: from here on every field comes from the bytes that arrived.
    if (const std::optional<QString> problem = decapsulate(envelope)) {
        if (tracing()) {
            traceEnvelope(TraceKind::EnvelopeDropped, receiver.id(), NoSocket, envelope, StackLayer::Link,
                          *problem + QStringLiteral(": the kernel discards it without a word"));
        }
        return;
    }
    for (const auto &[watchedHost, watch] : m_arrivalWatches) {
        if (watch && watchedHost == receiver.id())
            watch(envelope);
    }
    if (tracing()) {
        for (const StackLayer layer : {StackLayer::Link, StackLayer::Network})
            traceEnvelope(TraceKind::EnvelopeUnwrapped, receiver.id(), NoSocket, envelope, layer);
    }
    if (!enterThroughFirewall(receiver, envelope))
        return;
    if (tracing())
        traceEnvelope(TraceKind::EnvelopeUnwrapped, receiver.id(), NoSocket, envelope, StackLayer::Transport);
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment: arriveTcp(receiver, envelope); break;
    case EnvelopeKind::UdpDatagram: arriveUdp(receiver, envelope); break;
    case EnvelopeKind::IcmpPortUnreachable: arriveIcmp(receiver, envelope); break;
    }
}

void World::arriveTcp(Host &receiver, Envelope &envelope)
{
    const bool isSyn = envelope.has(TcpFlag::Syn) && !envelope.has(TcpFlag::Ack);
    DemuxDecision decision;
    const Demultiplexer demux(receiver, m_sockets, m_secret);
    const SocketId id = demux.tcp(envelope.source, envelope.destination, isSyn, tracing() ? &decision : nullptr);
    if (id == NoSocket) {
        if (tracing()) {
            TraceEvent e;
            e.kind = TraceKind::EnvelopeRejected;
            e.host = receiver.id();
            e.envelope = envelope;
            e.decision = std::move(decision);
            e.note = envelope.has(TcpFlag::Rst)
                ? QStringLiteral("no connection matches this RST, so it is ignored")
                : QStringLiteral("no socket on %1 holds tcp port %2 for this segment: the kernel answers with RST")
                      .arg(receiver.name()).arg(envelope.destination.port);
            trace(std::move(e));
        }
        if (!envelope.has(TcpFlag::Rst))
            answerWithReset(receiver, envelope);
        return;
    }
    if (tracing()) {
        TraceEvent e;
        e.kind = TraceKind::EnvelopeDelivered;
        e.host = receiver.id();
        e.socket = id;
        e.envelope = envelope;
        e.decision = std::move(decision);
        trace(std::move(e));
    }
    if (m_sockets[id].state == SocketState::Listen)
        acceptHandshake(id, envelope);
    else
        handleSegment(id, envelope);
}

void World::acceptHandshake(SocketId listenerId, const Envelope &syn)
{
    const Socket &listener = m_sockets[listenerId];
    // sk_acceptq_is_full(): the queue holds backlog + 1 finished connections before SYNs drop.
    if (acceptQueueLength(listenerId) > static_cast<std::size_t>(listener.backlog)) {
        if (tracing()) {
            TraceEvent e;
            e.kind = TraceKind::EnvelopeDropped;
            e.host = listener.host;
            e.socket = listenerId;
            e.envelope = syn;
            e.note = QStringLiteral("the accept queue of %1 is full (backlog %2, %3 waiting): the SYN is dropped, and the client will try again")
                         .arg(describeSocket(listenerId)).arg(listener.backlog).arg(acceptQueueLength(listenerId));
            trace(std::move(e));
        }
        return;
    }
    const SocketId childId = m_sockets.create();
    Socket &child = m_sockets[childId];
    const Socket &parent = m_sockets[listenerId];
    child.host = parent.host;
    child.uid = parent.uid;
    child.protocol = Protocol::Tcp;
    child.family = parent.family;
    child.reuseAddr = parent.reuseAddr;
    child.reusePort = parent.reusePort;
    child.v6Only = parent.v6Only;
    child.listener = listenerId;
    child.local = asSeenBy(parent.family, syn.destination);
    child.remote = asSeenBy(parent.family, syn.source);
    child.portLocked = true;
    child.receiveNext = syn.sequence + 1;
    child.sendNext = static_cast<std::uint32_t>(m_rng.next());
    child.timestampRecent = syn.tcp.timestampValue;
    child.ipIdentification = initialIpIdentification(childId);
    child.state = SocketState::SynReceived;
    // The new connection joins the listener's bind bucket: it holds the same port.
    takePort(child, parent.local.port, false);
    indexConnection(child);
    sendSegment(child, TcpFlag::Syn | TcpFlag::Ack);
}

void World::enterTimeWait(SocketId id)
{
    if (m_sockets[id].owner != NoProcess) {
        // tcp_time_wait() while the program still holds its descriptor: a timewait socket of the
        // kernel's takes over the four-tuple and the port, and the program's socket is done
        // (CLOSED): its reads see the end of the stream, its close() succeeds.
        const SocketId timeWaitId = m_sockets.create();
        Socket &user = m_sockets[id];
        Socket &timeWait = m_sockets[timeWaitId];
        timeWait = user;
        timeWait.id = timeWaitId;
        timeWait.owner = NoProcess;
        timeWait.fd = -1;
        unindexConnection(user);
        if (user.bound) {
            host(user.host).ports().bucketFor(user.protocol, user.local.port).add(timeWait);
            releasePort(user);
        }
        indexConnection(timeWait);
        setState(user, SocketState::Closed);
        id = timeWaitId;
    }
    Socket &socket = m_sockets[id];
    setState(socket, SocketState::TimeWait);
    socket.owner = NoProcess;
    socket.timeWaitSince = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(m_now).count());
    const auto length = std::chrono::seconds(host(socket.host).personality().timeWaitSeconds);
    schedule({m_now + length, 0, Scheduled::Kind::TimeWaitEnd, socket.id, socket.sendNext, 0});
}

void World::destroyConnection(SocketId id)
{
    Socket &s = m_sockets[id];
    const bool connectFailed = s.state == SocketState::SynSent;
    if (s.state != SocketState::Closed && s.state != SocketState::Listen)
        unindexConnection(s);
    const bool keepPort = s.portLocked && s.owner != NoProcess;
    if (!keepPort)
        releasePort(s);
    setState(s, SocketState::Closed);
    if (!keepPort && s.owner != NoProcess && connectFailed) {
        // A failed connect() leaves the socket unbound again, ready to try another port; the
        // kernel forgets the source address but getsockname() still shows the port it tried
        // (inet_sport is not cleared; measured). A connection that ends keeps both in view.
        s.local.address = s.family == Family::IPv4 ? IpAddress::anyV4() : IpAddress::anyV6();
    }
    s.listener = NoSocket;
}

void World::handleSegment(SocketId id, const Envelope &envelope)
{
    Socket &s = m_sockets[id];
    if (envelope.tcp.timestamps)
        s.timestampRecent = envelope.tcp.timestampValue;
    if (envelope.has(TcpFlag::Rst)) {
        // tcp_done() leaves a handshaken connection in its listener's accept queue even once
        // reset: accept() still returns it, and its first read fails with ECONNRESET (measured).
        const SocketId awaitingAcceptBy = s.state == SocketState::SynReceived ? NoSocket : s.listener;
        switch (s.state) {
        case SocketState::SynSent:
            if (envelope.rejectedBy.isEmpty()) {
                queueError(s, Errno::ConnRefused, QStringLiteral("RST in answer to the SYN: nothing listens on %1").arg(s.remote.toString()));
            } else {
                const QString cause = QStringLiteral("the SYN to %1 drew an RST from %2").arg(s.remote.toString(), envelope.rejectedBy);
                queueError(s, Errno::ConnRefused, cause);
                s.pendingErrorCause = cause;
            }
            break;
        case SocketState::TimeWait:
        case SocketState::SynReceived:
        case SocketState::LastAck:
            break;
        case SocketState::CloseWait:
            // tcp_reset(): after the peer's FIN, a reset reads as a broken pipe.
            queueError(s, Errno::Pipe, QStringLiteral("the other side reset the connection after its FIN"));
            break;
        default:
            if (s.owner != NoProcess || awaitingAcceptBy != NoSocket)
                queueError(s, Errno::ConnReset, QStringLiteral("the other side reset the connection"));
        }
        if (s.state != SocketState::SynSent) {
            // tcp_done(): the stream is over both ways; reads end, writes fail with EPIPE.
            s.readShutdown = true;
            s.writeShutdown = true;
            s.wasReset = true;
        }
        destroyConnection(id);
        m_sockets[id].listener = awaitingAcceptBy;
        return;
    }

    switch (s.state) {
    case SocketState::SynSent:
        if (envelope.has(TcpFlag::Syn) && envelope.has(TcpFlag::Ack)) {
            s.receiveNext = envelope.sequence + 1;
            setState(s, SocketState::Established);
            sendSegment(s, TcpFlag::Ack);
        }
        return;
    case SocketState::SynReceived:
        if (envelope.has(TcpFlag::Syn) && !envelope.has(TcpFlag::Ack)) {
            // The client sent its SYN again: its SYN-ACK was lost, so it is sent again too.
            Envelope synAck = segmentFrom(s, TcpFlag::Syn | TcpFlag::Ack);
            synAck.sequence = s.sendNext - 1;
            transmit(std::move(synAck), id);
            return;
        }
        if (envelope.has(TcpFlag::Ack)) {
            setState(s, SocketState::Established);
            m_acceptQueues[s.listener].push_back(id);
            if (tracing()) {
                TraceEvent e;
                e.kind = TraceKind::ConnectionQueued;
                e.host = s.host;
                e.socket = id;
                e.note = QStringLiteral("handshake complete: the connection waits in the accept queue of %1").arg(describeSocket(s.listener));
                trace(std::move(e));
            }
        }
        break;
    case SocketState::TimeWait:
        // A retransmitted FIN is acknowledged again; nothing else changes.
        if (envelope.has(TcpFlag::Fin))
            sendSegment(s, TcpFlag::Ack);
        return;
    default:
        break;
    }

    if (!envelope.payload.isEmpty()) {
        // tcp_rcv_state_process(): data for a socket that will never read it, once it is on its
        // way out — its program closed it, or shut down reading and then writing — resets the
        // connection (tcp_v4_send_reset answers the segment).
        const bool closing = s.state == SocketState::FinWait1 || s.state == SocketState::FinWait2;
        const bool orphan = s.owner == NoProcess && s.listener == NoSocket;
        if (orphan || (s.readShutdown && closing)) {
            if (!orphan) {
                queueError(s, Errno::ConnReset, QStringLiteral("data arrived after this socket shut down reading and writing: the kernel reset the connection"));
                s.writeShutdown = true;
                s.wasReset = true;
            }
            const Host &receiver = host(s.host);
            destroyConnection(id);
            answerWithReset(receiver, envelope);
            return;
        }
        s.receiveNext += static_cast<std::uint32_t>(envelope.payload.size());
        m_receiveQueues[id].push_back({envelope.payload, s.remote});
        if (!envelope.has(TcpFlag::Fin))
            sendSegment(s, TcpFlag::Ack);
    }

    const bool ackOfOurFin = envelope.has(TcpFlag::Ack) && envelope.acknowledgement == s.sendNext;
    if (ackOfOurFin) {
        switch (s.state) {
        case SocketState::FinWait1:
            setState(s, SocketState::FinWait2);
            if (s.owner == NoProcess)
                schedule({m_now + finWait2Timeout, 0, Scheduled::Kind::FinWait2End, id, s.sendNext, 0});
            break;
        case SocketState::Closing:
            enterTimeWait(id);   // the peer's FIN came earlier: nothing more to read here
            return;
        case SocketState::LastAck:
            destroyConnection(id);
            return;
        default:
            break;
        }
    }

    if (envelope.has(TcpFlag::Fin)) {
        s.receiveNext += 1;
        s.peerFinished = true;
        sendSegment(s, TcpFlag::Ack);
        switch (s.state) {
        case SocketState::Established: setState(s, SocketState::CloseWait); break;
        case SocketState::FinWait1: setState(s, SocketState::Closing); break;
        case SocketState::FinWait2: enterTimeWait(id); break;
        default: break;
        }
    }
}

void World::arriveUdp(Host &receiver, Envelope &envelope)
{
    DemuxDecision decision;
    const Demultiplexer demux(receiver, m_sockets, m_secret);
    const SocketId id = demux.udp(envelope.source, envelope.destination, tracing() ? &decision : nullptr);
    if (id == NoSocket) {
        if (tracing()) {
            TraceEvent e;
            e.kind = TraceKind::EnvelopeRejected;
            e.host = receiver.id();
            e.envelope = envelope;
            e.decision = std::move(decision);
            e.note = QStringLiteral("no socket on %1 holds udp port %2: the kernel answers with ICMP port unreachable")
                         .arg(receiver.name()).arg(envelope.destination.port);
            trace(std::move(e));
        }
        // No ICMP error ever answers a multicast datagram (RFC 1122 3.2.2).
        if (envelope.destination.address.isMulticast())
            return;
        answerWithUnreachable(receiver, envelope,
                              envelope.destination.address.isV6() ? wire::Icmpv6Type::PortUnreachableCode : wire::IcmpType::PortUnreachableCode);
        return;
    }
    Socket &s = m_sockets[id];
    m_receiveQueues[id].push_back({envelope.payload, asSeenBy(s.family, envelope.source)});
    if (tracing()) {
        TraceEvent e;
        e.kind = TraceKind::EnvelopeDelivered;
        e.host = receiver.id();
        e.socket = id;
        e.envelope = envelope;
        e.decision = std::move(decision);
        trace(std::move(e));
    }
}

void World::answerWithUnreachable(const Host &host, const Envelope &offending, std::uint8_t code, const QString &rejectedBy)
{
    Envelope icmp;
    icmp.kind = EnvelopeKind::IcmpPortUnreachable;
    icmp.icmpCode = code;
    icmp.fromHost = host.id();
    icmp.source = {offending.destination.address, 0};
    icmp.destination = {offending.source.address, 0};
    icmp.quotedProtocol = offending.protocol();
    icmp.quotedSource = offending.source;
    icmp.quotedDestination = offending.destination;
    // icmp_send() quotes as much of the offending packet as keeps the error within 576
    // bytes (IPv4); icmp6_send() within the 1280-byte minimum IPv6 MTU.
    const bool v6 = offending.destination.address.isV6();
    const qsizetype quoteLimit = v6 ? 1280 - 40 - 8 : 576 - 20 - 8;
    icmp.payload = offending.bytesAt(StackLayer::Network).left(quoteLimit);
    icmp.rejectedBy = rejectedBy;
    transmit(std::move(icmp));
}

namespace {

// icmp_err_convert[] and icmpv6_err_convert(): the errno an ICMP destination unreachable
// reports, and whether it is fatal (reported to a connected UDP socket at all).
std::pair<Errno, bool> errorOfUnreachable(const Envelope &icmp)
{
    if (icmp.destination.address.isV6()) {
        switch (icmp.icmpCode) {
        case wire::Icmpv6Type::PortUnreachableCode: return {Errno::ConnRefused, true};
        case 1: return {Errno::Acces, true};
        default: return {Errno::HostUnreach, false};
        }
    }
    switch (icmp.icmpCode) {
    case 0: return {Errno::NetUnreach, false};
    case 1: return {Errno::HostUnreach, false};
    case 2: return {Errno::NoProtoOpt, true};
    case wire::IcmpType::PortUnreachableCode: return {Errno::ConnRefused, true};
    case 9: return {Errno::NetUnreach, true};
    case 10:
    case 13: return {Errno::HostUnreach, true};
    default: return {Errno::HostUnreach, false};
    }
}

} // namespace

void World::arriveIcmp(Host &receiver, Envelope &envelope)
{
    // __udp4_lib_err() and tcp_v4_err(): find the sender by looking the quoted packet up as if
    // it came back.
    const Demultiplexer demux(receiver, m_sockets, m_secret);
    const bool aboutTcp = envelope.quotedProtocol == Protocol::Tcp;
    const SocketId id = aboutTcp ? demux.tcp(envelope.quotedDestination, envelope.quotedSource, false, nullptr)
                                 : demux.udp(envelope.quotedDestination, envelope.quotedSource, nullptr);
    const auto [error, fatal] = errorOfUnreachable(envelope);
    const bool portUnreachable = error == Errno::ConnRefused;
    const QString what = QStringLiteral("ICMP %1 from %2").arg(icmpUnreachableText(envelope),
                                                               envelope.rejectedBy.isEmpty() ? envelope.source.address.toString() : envelope.rejectedBy);
    QString note;
    if (id == NoSocket) {
        note = QStringLiteral("no socket here sent the %1 (it is gone, or a raw socket wrote it): the kernel ignores the ICMP message, which only a packet capture sees")
                   .arg(aboutTcp ? QStringLiteral("segment") : QStringLiteral("datagram"));
    } else if (aboutTcp) {
        Socket &s = m_sockets[id];
        if (s.state == SocketState::SynSent) {
            // tcp_v4_err(): during the handshake any destination unreachable ends the attempt.
            queueError(s, error, what);
            s.pendingErrorCause = QStringLiteral("the SYN to %1 drew %2").arg(envelope.quotedDestination.toString(), what);
            note = QStringLiteral("%1 is still connecting, so connect() fails with %2").arg(describeSocket(id), errnoName(error));
            destroyConnection(id);
        } else {
            note = QStringLiteral("%1 is past the handshake: TCP takes ICMP errors as soft and carries on").arg(describeSocket(id));
        }
    } else if (m_sockets[id].isConnectedUdp() && fatal) {
        queueError(m_sockets[id], error, QStringLiteral("%1 at %2").arg(icmpUnreachableText(envelope), envelope.quotedDestination.toString()));
        if (!portUnreachable)
            m_sockets[id].pendingErrorCause = QStringLiteral("an earlier datagram drew %1; the kernel reports it now, once").arg(what);
        note = QStringLiteral("%1 is connected, so its next call will fail with %2").arg(describeSocket(id), errnoName(error));
    } else if (m_sockets[id].isConnectedUdp()) {
        note = QStringLiteral("%1 is connected, but the kernel reports %2 to UDP only with IP_RECVERR").arg(describeSocket(id), what);
    } else {
        note = QStringLiteral("%1 is not connected, so the kernel does not report the error to it (no IP_RECVERR)").arg(describeSocket(id));
    }
    if (tracing()) {
        TraceEvent e;
        e.kind = TraceKind::EnvelopeDelivered;
        e.host = receiver.id();
        e.socket = id;
        e.envelope = envelope;
        e.note = note;
        trace(std::move(e));
    }
}

} // namespace portlab
