// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture_replay.h"

#include "encapsulation.h"
#include "tools/services.h"

#include <map>
#include <set>

namespace portlab {

namespace {

wire::ByteView viewOf(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size())};
}

QString opaqueSummary(const wire::DecodedPacket &packet, const std::optional<wire::NetworkLayer> &layer)
{
    if (packet.arp) {
        const wire::ArpPacket &arp = *packet.arp;
        return arp.operation == wire::ArpPacket::Request
            ? QStringLiteral("ARP who has %1? tell %2").arg(arp.targetIp.toString(), arp.senderIp.toString())
            : QStringLiteral("ARP %1 is at %2").arg(arp.senderIp.toString(), arp.senderMac.toString());
    }
    const IpAddress *source = packet.sourceAddress();
    const IpAddress *destination = packet.destinationAddress();
    if (source && destination) {
        const QString route = source->toString() + QStringLiteral(" → ") + destination->toString();
        if (packet.icmp) {
            return QStringLiteral("%1 %2 type %3 code %4 (not a port message: shown, not demultiplexed)")
                .arg(packet.ipv6 ? QStringLiteral("ICMPv6") : QStringLiteral("ICMP"), route)
                .arg(packet.icmp->type).arg(packet.icmp->code);
        }
        const std::uint8_t protocol = packet.ipv4 ? packet.ipv4->protocol : packet.ipv6->nextHeader;
        return QStringLiteral("IP %1 protocol %2: opaque payload, not decoded").arg(route).arg(protocol);
    }
    if (layer)
        return QStringLiteral("EtherType 0x%1: opaque payload, not decoded").arg(layer->etherType, 4, 16, QLatin1Char('0'));
    return QStringLiteral("link layer not decoded: opaque bytes");
}

ReplayedFrame frameOf(const wire::CaptureRecord &record, std::int64_t firstTimestampNs)
{
    ReplayedFrame frame;
    frame.recordIndex = record.index;
    frame.time = std::chrono::duration_cast<SimTime>(std::chrono::nanoseconds(record.timestampNs - firstTimestampNs));
    frame.linkType = record.linkType;
    frame.bytes = record.bytes;
    const auto layer = wire::networkLayerOf(record);
    if (!layer) {
        frame.summary = QStringLiteral("%1: not decoded, shown as bytes").arg(wire::linkTypeName(record.linkType));
        return frame;
    }
    frame.networkOffset = layer->offset;
    const wire::ByteView bytes = viewOf(record.bytes);
    frame.ethernet = record.linkType == static_cast<std::uint32_t>(wire::LinkType::Ethernet) && layer->offset == wire::EthernetHeader::Size;
    const std::size_t base = frame.ethernet ? 0 : layer->offset;
    const wire::DecodedPacket packet = frame.ethernet ? wire::decodeEthernetFrame(bytes) : wire::decodeIpPacket(bytes.subspan(layer->offset));
    Envelope envelope;
    if (readEnvelope(packet, bytes, base, envelope)) {
        frame.summary = opaqueSummary(packet, layer);
        if (record.originalLength > static_cast<std::uint32_t>(record.bytes.size())) {
            frame.summary += QStringLiteral(" (the capture kept %1 of its %2 bytes: its snapshot length cut it)")
                                 .arg(record.bytes.size()).arg(record.originalLength);
        }
        return frame;
    }
    envelope.id = record.index;
    envelope.frame = record.bytes;
    frame.summary = envelopeSummary(envelope);
    frame.envelope = std::move(envelope);
    return frame;
}

// Builds the world a capture implies and replays the capture through its transport layers.
class ReplayBuilder {
public:
    explicit ReplayBuilder(CaptureReplay &replay)
        : m_replay(replay), m_world(*replay.world) {}

    void run();

private:
    struct PortKey {
        HostId host;
        Protocol protocol;
        std::uint16_t port;
        auto operator<=>(const PortKey &) const = default;
    };
    using Tuple = std::pair<Endpoint, Endpoint>;   // source, destination as first seen

    std::optional<HostId> hostFor(const IpAddress &address);
    Pid processFor(HostId host, Protocol protocol, std::uint16_t port, bool server);
    void planServers();
    void openSocket(const Endpoint &at, Protocol protocol, bool server);
    void connectClient(const Envelope &syn, SocketId listener);
    void replayFrame(const ReplayedFrame &frame);
    void addEvent(TraceKind kind, SimTime time, HostId host, const Envelope &envelope, SocketId socket,
                  std::optional<DemuxDecision> decision, QString note);

    CaptureReplay &m_replay;
    World &m_world;
    std::optional<HostId> m_localhost;
    std::map<IpAddress, HostId> m_hosts;
    std::map<PortKey, Pid> m_processes;
    std::set<Tuple> m_connected;
    std::map<Tuple, SocketId> m_refused;   // a SYN no listener took: the client socket that sent it
    int m_failedSetups = 0;
};

std::optional<HostId> ReplayBuilder::hostFor(const IpAddress &address)
{
    if (address.isLoopback() || (address.isV4Mapped() && address.mappedV4().isLoopback())) {
        if (!m_localhost)
            m_localhost = m_world.addHost(QStringLiteral("localhost"));
        return m_localhost;
    }
    if (const auto it = m_hosts.find(address); it != m_hosts.end())
        return it->second;
    const HostId id = m_world.addHost(address.toString());
    if (const SysResult added = m_world.addAddress(id, address); !added.ok()) {
        m_replay.notes << QStringLiteral("%1 cannot be a host's address in the model: %2").arg(address.toString(), added.explanation);
        return std::nullopt;
    }
    m_hosts.emplace(address, id);
    return id;
}

Pid ReplayBuilder::processFor(HostId host, Protocol protocol, std::uint16_t port, bool server)
{
    const PortKey key{host, protocol, port};
    if (const auto it = m_processes.find(key); it != m_processes.end())
        return it->second;
    const ServiceEntry *service = ServiceRegistry::builtIn().find(port, protocol);
    const QString role = service ? service->name : server ? QStringLiteral("server") : QStringLiteral("client");
    // Only root may bind below 1024 on Linux: a program that held such a port ran as root.
    const QString user = port < 1024 ? QStringLiteral("root") : QStringLiteral("unknown");
    const Pid pid = m_world.addProcess(host, QStringLiteral("%1 :%2").arg(role).arg(port), user);
    m_processes.emplace(key, pid);
    return pid;
}

void ReplayBuilder::openSocket(const Endpoint &at, Protocol protocol, bool server)
{
    const std::optional<HostId> host = hostFor(at.address);
    if (!host)
        return;
    const Pid pid = processFor(*host, protocol, at.port, server);
    const SysValue<SocketId> socket = m_world.socket(pid, protocol, at.address.family());
    if (!socket.ok() || !m_world.bind(pid, socket.value, at).ok()
        || (protocol == Protocol::Tcp && !m_world.listen(pid, socket.value, 4096).ok())) {
        ++m_failedSetups;
    }
}

// Servers and UDP sockets existed before the capture began: they are set up first.
void ReplayBuilder::planServers()
{
    std::set<Endpoint> tcpServers;
    std::set<Endpoint> udpServers;   // received a datagram first
    std::set<Endpoint> udpClients;   // sent one first
    std::set<Endpoint> unreachable;
    for (const ReplayedFrame &frame : m_replay.frames) {
        if (!frame.envelope)
            continue;
        const Envelope &e = *frame.envelope;
        switch (e.kind) {
        case EnvelopeKind::TcpSegment:
            if (e.has(TcpFlag::Syn) && !e.has(TcpFlag::Ack))
                tcpServers.insert(e.destination);
            break;
        case EnvelopeKind::UdpDatagram:
            if (!udpServers.contains(e.source))
                udpClients.insert(e.source);
            if (!udpClients.contains(e.destination))
                udpServers.insert(e.destination);
            break;
        case EnvelopeKind::IcmpPortUnreachable:
            unreachable.insert(e.quotedDestination);
            break;
        }
    }
    // A port that drew "port unreachable" had no socket: that is the point of the message.
    for (const Endpoint &closed : unreachable)
        udpServers.erase(closed);
    // A SYN answered by RST found no listener either.
    for (const ReplayedFrame &frame : m_replay.frames) {
        if (frame.envelope && frame.envelope->kind == EnvelopeKind::TcpSegment && frame.envelope->has(TcpFlag::Rst)
            && frame.envelope->has(TcpFlag::Ack) && frame.envelope->sequence == 0)
            tcpServers.erase(frame.envelope->source);
    }
    for (const Endpoint &server : tcpServers)
        openSocket(server, Protocol::Tcp, true);
    for (const Endpoint &server : udpServers)
        openSocket(server, Protocol::Udp, true);
    for (const Endpoint &client : udpClients)
        openSocket(client, Protocol::Udp, false);
}

void ReplayBuilder::connectClient(const Envelope &syn, SocketId listener)
{
    const std::optional<HostId> host = hostFor(syn.source.address);
    if (!host)
        return;
    const Pid pid = processFor(*host, Protocol::Tcp, syn.source.port, false);
    const SysValue<SocketId> socket = m_world.socket(pid, Protocol::Tcp, syn.source.address.family());
    if (!socket.ok())
        return;
    // SO_REUSEADDR: a client port may serve several connections to different destinations.
    m_world.setsockopt(pid, socket.value, SocketOption::ReuseAddr, 1);
    if (!m_world.bind(pid, socket.value, syn.source).ok()) {
        ++m_failedSetups;
        return;
    }
    const Tuple tuple{syn.source, syn.destination};
    if (listener == NoSocket) {
        m_refused.emplace(tuple, socket.value);
        return;
    }
    if (!m_world.connect(pid, socket.value, syn.destination).ok()) {
        ++m_failedSetups;
        return;
    }
    const Socket &server = m_world.socketAt(listener);
    if (const Process *owner = server.owner != NoProcess ? &m_world.process(server.owner) : nullptr)
        m_world.accept(owner->pid, listener);
    m_connected.insert(tuple);
}

void ReplayBuilder::addEvent(TraceKind kind, SimTime time, HostId host, const Envelope &envelope, SocketId socket,
                             std::optional<DemuxDecision> decision, QString note)
{
    TraceEvent event;
    event.kind = kind;
    event.time = time;
    event.host = host;
    event.socket = socket;
    event.envelope = envelope;
    event.decision = std::move(decision);
    event.note = std::move(note);
    m_replay.events.push_back(std::move(event));
}

void ReplayBuilder::replayFrame(const ReplayedFrame &frame)
{
    Envelope e = *frame.envelope;
    const std::optional<HostId> from = hostFor(e.source.address);
    const std::optional<HostId> to = hostFor(e.destination.address);
    if (!from || !to)
        return;
    e.fromHost = *from;
    e.toHost = *to;
    addEvent(TraceKind::EnvelopeSent, frame.time, *from, e, NoSocket, std::nullopt, {});

    const bool syn = e.kind == EnvelopeKind::TcpSegment && e.has(TcpFlag::Syn) && !e.has(TcpFlag::Ack);
    const Tuple reverse{e.destination, e.source};
    if (e.kind == EnvelopeKind::TcpSegment && e.has(TcpFlag::Rst) && m_refused.contains(reverse)) {
        addEvent(TraceKind::EnvelopeDelivered, frame.time, *to, e, m_refused[reverse], std::nullopt,
                 QStringLiteral("the RST answers this socket's SYN: its connect() fails with ECONNREFUSED"));
        return;
    }
    DemuxDecision decision;
    const SocketId chosen = m_world.demultiplex(e, &decision);
    if (syn && !m_connected.contains({e.source, e.destination}))
        connectClient(e, chosen);
    if (chosen != NoSocket) {
        addEvent(TraceKind::EnvelopeDelivered, frame.time, *to, e, chosen, std::move(decision), {});
        return;
    }
    QString note;
    switch (e.kind) {
    case EnvelopeKind::TcpSegment:
        note = e.has(TcpFlag::Rst) ? QStringLiteral("no connection matches this RST, so it is ignored")
                                   : QStringLiteral("no socket holds tcp port %1 for this segment: the kernel answers with RST").arg(e.destination.port);
        break;
    case EnvelopeKind::UdpDatagram:
        note = QStringLiteral("no socket holds udp port %1: the kernel answers with ICMP port unreachable").arg(e.destination.port);
        break;
    case EnvelopeKind::IcmpPortUnreachable:
        note = QStringLiteral("the socket that sent the quoted datagram is not in the capture's picture; the message is ignored");
        break;
    }
    addEvent(TraceKind::EnvelopeRejected, frame.time, *to, e, NoSocket, std::move(decision), note);
}

void ReplayBuilder::run()
{
    for (const ReplayedFrame &frame : m_replay.frames) {
        if (frame.envelope) {
            hostFor(frame.envelope->source.address);
            hostFor(frame.envelope->destination.address);
        }
    }
    planServers();
    for (const ReplayedFrame &frame : m_replay.frames) {
        if (frame.envelope)
            replayFrame(frame);
    }
    const auto opaque = std::count_if(m_replay.frames.begin(), m_replay.frames.end(),
                                      [](const ReplayedFrame &frame) { return !frame.envelope; });
    m_replay.notes << QStringLiteral("%1, one per address (every loopback address is this computer, \"localhost\"); %2, one per port in use")
                          .arg(m_world.hostCount() == 1 ? QStringLiteral("1 host") : QStringLiteral("%1 hosts").arg(m_world.hostCount()),
                               m_processes.size() == 1 ? QStringLiteral("1 process") : QStringLiteral("%1 processes").arg(m_processes.size()));
    if (opaque > 0)
        m_replay.notes << QStringLiteral("%1 of %2 frames carry no TCP, UDP or ICMP port message: they are listed with their bytes, not demultiplexed")
                              .arg(opaque).arg(m_replay.frames.size());
    if (m_failedSetups > 0)
        m_replay.notes << QStringLiteral("%1 sockets the capture implies could not be set up in the model").arg(m_failedSetups);
}

} // namespace

CaptureReplay replayCapture(const wire::CaptureContents &capture)
{
    CaptureReplay replay;
    replay.world = std::make_unique<World>();
    replay.error = capture.error;
    if (capture.records.empty())
        return replay;
    const std::int64_t first = capture.records.front().timestampNs;
    for (const wire::CaptureRecord &record : capture.records)
        replay.frames.push_back(frameOf(record, first));
    ReplayBuilder(replay).run();
    return replay;
}

} // namespace portlab
