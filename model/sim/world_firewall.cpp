// SPDX-License-Identifier: GPL-3.0-or-later
// Netfilter's hooks in the world: on the way out, nat OUTPUT, filter OUTPUT and nat POSTROUTING;
// on the way in, nat PREROUTING, filter INPUT and nat INPUT; connection tracking for them all.
// Like iptables they see IPv4 packets only.
#include "world.h"

#include "encapsulation.h"
#include "wire/checksum.h"

#include <QStringList>

namespace portlab {

namespace {

std::uint8_t protocolNumberOf(const Envelope &envelope)
{
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment: return wire::IpProtocol::Tcp;
    case EnvelopeKind::UdpDatagram: return wire::IpProtocol::Udp;
    case EnvelopeKind::IcmpPortUnreachable: return wire::IpProtocol::Icmp;
    }
    return AnyProtocol;
}

FlowTuple tupleOf(const Envelope &envelope)
{
    return {protocolNumberOf(envelope), envelope.source, envelope.destination};
}

// An ICMP error belongs to the flow of the packet it quotes.
std::optional<FlowTuple> quotedTupleOf(const Envelope &envelope)
{
    if (envelope.kind != EnvelopeKind::IcmpPortUnreachable)
        return std::nullopt;
    return FlowTuple{envelope.quotedProtocol == Protocol::Tcp ? wire::IpProtocol::Tcp : wire::IpProtocol::Udp,
                     envelope.quotedSource, envelope.quotedDestination};
}

PacketFacts factsOf(const Envelope &envelope, std::uint8_t ctState, bool incoming)
{
    PacketFacts facts;
    facts.source = envelope.source.address;
    facts.destination = envelope.destination.address;
    facts.protocol = protocolNumberOf(envelope);
    facts.sourcePort = envelope.source.port;
    facts.destinationPort = envelope.destination.port;
    facts.ctState = ctState;
    const QString device = envelope.fromHost == envelope.toHost ? QStringLiteral("lo") : QStringLiteral("eth0");
    (incoming ? facts.inInterface : facts.outInterface) = device;
    facts.length = static_cast<std::uint32_t>(envelope.frame.size() - envelope.networkOffset);
    return facts;
}

// Where a DNAT or REDIRECT rule sends the packet. REDIRECT goes to the host itself: to
// 127.0.0.1 for a packet it sends, to its (first) address for one arriving.
Endpoint translatedDestination(const FirewallRule &rule, const Envelope &envelope, const Host &host, bool locallyGenerated)
{
    Endpoint to = envelope.destination;
    if (rule.target == FirewallTarget::Dnat) {
        to.address = *rule.natAddress;
    } else if (locallyGenerated) {
        to.address = IpAddress::loopbackV4();
    } else {
        for (const IpAddress &address : host.addresses()) {
            if (address.isV4()) {
                to.address = address;
                break;
            }
        }
    }
    if (rule.natPort)
        to.port = rule.natPort;
    return to;
}

// The packet an ICMP error quotes (its IPv4 header and what follows), from and to other
// endpoints: both addresses and ports, the header checksum anew and the TCP or UDP checksum,
// when the quote holds it, brought up to date as nf_nat does.
void rewriteQuotedPacket(QByteArray &quoted, const Endpoint &source, const Endpoint &destination)
{
    const wire::MutableBytes bytes(reinterpret_cast<std::uint8_t *>(quoted.data()), static_cast<std::size_t>(quoted.size()));
    if (bytes.size() < 20)
        return;
    const std::size_t headerLength = (bytes[0] & 0x0fU) * 4U;
    if (bytes.size() < headerLength + 4)
        return;
    // The words NAT changes: both addresses (in the header and the pseudo-header) and both ports.
    std::array<std::uint8_t, 12> before{};
    std::copy_n(bytes.begin() + 12, 8, before.begin());
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(headerLength), 4, before.begin() + 8);
    std::copy_n(source.address.bytes().begin(), 4, bytes.begin() + 12);
    std::copy_n(destination.address.bytes().begin(), 4, bytes.begin() + 16);
    wire::writeBe16(bytes, headerLength, source.port);
    wire::writeBe16(bytes, headerLength + 2, destination.port);
    std::array<std::uint8_t, 12> after{};
    std::copy_n(bytes.begin() + 12, 8, after.begin());
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(headerLength), 4, after.begin() + 8);
    wire::writeBe16(bytes, 10, 0);
    wire::writeBe16(bytes, 10, wire::internetChecksum(bytes.first(headerLength)));
    const std::uint8_t protocol = bytes[9];
    if (protocol != wire::IpProtocol::Tcp && protocol != wire::IpProtocol::Udp)
        return;
    const std::size_t checksumAt = headerLength + (protocol == wire::IpProtocol::Udp ? 6 : 16);
    if (bytes.size() < checksumAt + 2)
        return;
    const std::uint16_t old = wire::readBe16(bytes, checksumAt);
    if (protocol == wire::IpProtocol::Udp && old == 0)
        return;   // a UDP datagram sent without a checksum keeps none
    std::uint16_t updated = wire::adjustedChecksum(old, before, after);
    if (protocol == wire::IpProtocol::Udp && updated == 0)
        updated = 0xffff;
    wire::writeBe16(bytes, checksumAt, updated);
}

} // namespace

void World::translateRelatedError(Host &host, Envelope &icmp)
{
    // The quoted packet is one the error's sender got, after NAT: conntrack knows its answer's
    // tuple. It is given back the tuple it had when it was sent, and the error goes to its
    // sender from where that had sent it, so the sender's socket recognises it.
    const Conntrack::Match quotedFlow = host.conntrack().find({icmp.quotedProtocol == Protocol::Tcp ? wire::IpProtocol::Tcp : wire::IpProtocol::Udp,
                                                               icmp.quotedDestination, icmp.quotedSource}, m_now);
    if (!quotedFlow.entry || !quotedFlow.entry->translated)
        return;
    const FlowTuple &sent = quotedFlow.isReply ? quotedFlow.entry->original : quotedFlow.entry->reply;
    if (icmp.quotedSource == sent.source && icmp.quotedDestination == sent.destination)
        return;
    const QString why = tracing() ? QStringLiteral("conntrack undoes the NAT of the connection whose packet this error quotes: the quoted datagram %1 → %2 becomes %3 → %4")
                                        .arg(icmp.quotedSource.toString(), icmp.quotedDestination.toString(), sent.source.toString(), sent.destination.toString())
                                  : QString();
    icmp.quotedSource = sent.source;
    icmp.quotedDestination = sent.destination;
    rewriteQuotedPacket(icmp.payload, sent.source, sent.destination);
    rewriteEnvelope(icmp, {sent.destination.address, 0}, {sent.source.address, 0}, host.id(), why);
}

void World::rewriteEnvelope(Envelope &envelope, const Endpoint &source, const Endpoint &destination, HostId at, const QString &why)
{
    const Envelope before = envelope;
    envelope.source = source;
    envelope.destination = destination;
    // The header is written anew: addresses, ports and both checksums.
    encapsulate(envelope, envelope.fromHost == envelope.toHost);
    if (!tracing())
        return;
    // An ICMP error has no ports of its own.
    const bool icmp = envelope.kind == EnvelopeKind::IcmpPortUnreachable;
    const auto text = [icmp](const Endpoint &e) { return icmp ? e.address.toString() : e.toString(); };
    QStringList changes;
    if (before.source != source)
        changes << QStringLiteral("source %1 → %2").arg(text(before.source), text(source));
    if (before.destination != destination)
        changes << QStringLiteral("destination %1 → %2").arg(text(before.destination), text(destination));
    traceEnvelope(TraceKind::EnvelopeRewritten, at, NoSocket, envelope, StackLayer::Network,
                  QStringLiteral("%1%2 (IP and %3 checksums recomputed)")
                      .arg(why, changes.isEmpty() ? QString() : QStringLiteral(": ") + changes.join(QStringLiteral(", ")),
                           envelope.kind == EnvelopeKind::TcpSegment ? QStringLiteral("TCP") : icmp ? QStringLiteral("ICMP") : QStringLiteral("UDP")));
}

void World::refuse(Host &at, Envelope &envelope, SocketId from, const FirewallVerdict &verdict, bool outgoing)
{
    const bool reject = verdict.target == FirewallTarget::Reject;
    const RejectWith with = verdict.rule ? verdict.rule->rejectWith : RejectWith::PortUnreachable;
    // REJECT never answers an RST or an ICMP error (nf_send_reset, icmp_send); it drops them.
    const bool answers = reject
        && (with == RejectWith::TcpReset ? envelope.kind == EnvelopeKind::TcpSegment && !envelope.has(TcpFlag::Rst)
                                         : envelope.kind != EnvelopeKind::IcmpPortUnreachable);
    if (tracing()) {
        QString consequence;
        if (answers) {
            Envelope sample = envelope;
            sample.icmpCode = rejectIcmpCode(with);
            consequence = with == RejectWith::TcpReset
                ? QStringLiteral("%1's firewall refuses it and answers with a TCP RST in the name of %2").arg(at.name(), envelope.destination.toString())
                : QStringLiteral("%1's firewall refuses it and answers with ICMP %2").arg(at.name(), icmpUnreachableText(sample));
        } else if (outgoing) {
            consequence = QStringLiteral("%1's firewall keeps the packet in: it never reaches the wire").arg(at.name());
        } else {
            consequence = QStringLiteral("%1's firewall drops it: no answer goes back, and the sender hears nothing").arg(at.name());
        }
        TraceEvent e;
        e.kind = reject ? TraceKind::EnvelopeRejected : TraceKind::EnvelopeDropped;
        e.host = at.id();
        e.socket = from;
        e.envelope = envelope;
        e.layer = StackLayer::Network;
        e.note = verdict.explanation() + QStringLiteral(": ") + consequence;
        trace(std::move(e));
    }
    if (!answers)
        return;
    const QString rejectedBy = QStringLiteral("%1's firewall (%2)").arg(at.name(), verdict.explanation());
    if (with == RejectWith::TcpReset)
        answerWithReset(at, envelope, rejectedBy);
    else
        answerWithUnreachable(at, envelope, rejectIcmpCode(with), rejectedBy);
}

bool World::translateNewFlow(Host &host, Envelope &envelope, FirewallChain chain, std::uint8_t ctState, FlowTuple *expectedReply)
{
    const bool outgoing = chain == FirewallChain::Output;
    const FirewallVerdict nat = host.firewall().decide(FirewallTable::Nat, chain, factsOf(envelope, ctState, !outgoing));
    if (!isDestinationTranslation(nat.target))
        return false;
    const Endpoint to = translatedDestination(*nat.rule, envelope, host, outgoing);
    rewriteEnvelope(envelope, envelope.source, to, host.id(), nat.explanation());
    expectedReply->source = to;
    return true;
}

bool World::translateNewSource(Host &host, Envelope &envelope, std::uint8_t ctState, FlowTuple *expectedReply)
{
    const FirewallVerdict nat = host.firewall().decide(FirewallTable::Nat, FirewallChain::Postrouting, factsOf(envelope, ctState, false));
    if (!isSourceTranslation(nat.target) || envelope.fromHost == envelope.toHost)
        return false;
    Endpoint from = envelope.source;
    if (nat.target == FirewallTarget::Snat) {
        from.address = *nat.rule->natAddress;
    } else if (const auto own = std::ranges::find_if(host.addresses(), &IpAddress::isV4); own != host.addresses().end()) {
        from.address = *own;   // MASQUERADE: the address of the card the packet leaves by
    }
    if (nat.rule->natPort)
        from.port = nat.rule->natPort;
    // Replies are told apart by the tuple they carry: when another flow's replies already come
    // to this address and port, nf_nat picks another port in the same band (below 512, below
    // 1024, or above), as a random choice.
    const auto replyTaken = [&](std::uint16_t port) {
        return host.conntrack().find({expectedReply->protocol, envelope.destination, {from.address, port}}, m_now).entry != nullptr;
    };
    if (from.port != 0 && replyTaken(from.port)) {
        const std::uint32_t low = from.port < 512 ? 1 : from.port < 1024 ? 600 : 1024;
        const std::uint32_t high = from.port < 512 ? 511 : from.port < 1024 ? 1023 : 65535;
        const std::uint32_t count = high - low + 1;
        const std::uint32_t start = m_rng.below(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            const auto port = static_cast<std::uint16_t>(low + (start + i) % count);
            if (!replyTaken(port)) {
                from.port = port;
                break;
            }
        }
    }
    if (from == envelope.source)
        return false;   // MASQUERADE of a packet that already leaves from the host's address
    rewriteEnvelope(envelope, from, envelope.destination, host.id(), nat.explanation());
    expectedReply->destination = from;
    return true;
}

void World::applyFlowTranslation(Envelope &envelope, const Conntrack::Match &match, HostId at)
{
    // From where the other direction's packets go, to where they come from.
    const FlowTuple &other = match.isReply ? match.entry->original : match.entry->reply;
    if (envelope.source == other.destination && envelope.destination == other.source)
        return;
    rewriteEnvelope(envelope, other.destination, other.source, at,
                    match.isReply ? QStringLiteral("conntrack undoes the NAT of this connection's reply")
                                  : QStringLiteral("conntrack applies this connection's NAT"));
}

bool World::leaveThroughFirewall(Envelope &envelope, SocketId from, QString *refusal)
{
    if (!envelope.destination.address.isV4())
        return true;   // iptables rules are for IPv4; IPv6 has ip6tables
    Host &sender = host(envelope.fromHost);
    Firewall &firewall = sender.firewall();
    Conntrack &conntrack = sender.conntrack();
    const FlowTuple tuple = tupleOf(envelope);
    const std::optional<FlowTuple> quoted = quotedTupleOf(envelope);
    const std::uint8_t ctState = conntrack.stateOf(tuple, envelope.tcpFlags, quoted, m_now);
    const Conntrack::Match match = quoted ? Conntrack::Match{} : conntrack.find(tuple, m_now);
    FlowTuple expectedReply = tuple.inverted();
    bool translated = false;
    if (match.entry && match.entry->translated)
        applyFlowTranslation(envelope, match, sender.id());
    else if (!match.entry && !quoted)
        translated = translateNewFlow(sender, envelope, FirewallChain::Output, ctState, &expectedReply);
    else if (quoted)
        translateRelatedError(sender, envelope);
    const FirewallVerdict filter = firewall.decide(FirewallTable::Filter, FirewallChain::Output, factsOf(envelope, ctState, false));
    if (filter.target != FirewallTarget::Accept) {
        *refusal = filter.explanation();
        refuse(sender, envelope, from, filter, true);
        return false;
    }
    if (!match.entry && !quoted)
        translated = translateNewSource(sender, envelope, ctState, &expectedReply) || translated;
    if (!quoted)
        conntrack.confirm(tuple, envelope.tcpFlags, expectedReply, translated, m_now);
    return true;
}

void World::listenForKnocks(Host &receiver, const Envelope &envelope)
{
    // knockd captures on eth0 (IPv4 only): loopback traffic and ICMP never reach it.
    if (envelope.fromHost == envelope.toHost || envelope.kind == EnvelopeKind::IcmpPortUnreachable)
        return;
    for (KnockDaemon &daemon : receiver.knockDaemons()) {
        const std::optional<KnockEvent> knock = daemon.observe(envelope.source.address, protocolNumberOf(envelope), envelope.destination.port, m_now);
        if (!knock)
            continue;
        if (knock->kind == KnockEvent::Kind::Opened) {
            auto &rules = receiver.firewall().chain(FirewallTable::Filter, FirewallChain::Input).rules;
            rules.insert(rules.begin(), daemon.openingRule(knock->source));
        }
        if (tracing()) {
            TraceEvent e;
            e.kind = TraceKind::KnockHeard;
            e.host = receiver.id();
            e.note = QStringLiteral("knockd: ") + knock->note;
            trace(std::move(e));
        }
    }
}

bool World::enterThroughFirewall(Host &receiver, Envelope &envelope)
{
    if (!envelope.destination.address.isV4())
        return true;
    listenForKnocks(receiver, envelope);
    // Over loopback the packet is the one the host just sent: conntrack knows it from the way
    // out, and its NAT was decided there.
    const bool loopback = envelope.fromHost == envelope.toHost;
    Firewall &firewall = receiver.firewall();
    Conntrack &conntrack = receiver.conntrack();
    ArrivalTracking tracking;
    tracking.tuple = tupleOf(envelope);
    const std::optional<FlowTuple> quoted = quotedTupleOf(envelope);
    tracking.ctState = conntrack.stateOf(tracking.tuple, envelope.tcpFlags, quoted, m_now);
    const Conntrack::Match match = quoted || loopback ? Conntrack::Match{} : conntrack.find(tracking.tuple, m_now);
    tracking.tracked = !quoted && !loopback;
    tracking.newFlow = tracking.tracked && !match.entry;
    tracking.expectedReply = tracking.tuple.inverted();
    if (match.entry && match.entry->translated)
        applyFlowTranslation(envelope, match, receiver.id());
    else if (tracking.newFlow)
        tracking.translated = translateNewFlow(receiver, envelope, FirewallChain::Prerouting, tracking.ctState, &tracking.expectedReply);
    else if (quoted && !loopback)
        translateRelatedError(receiver, envelope);
    const IpAddress &to = envelope.destination.address;
    if (!receiver.ownsAddress(to) && !to.isMulticast() && to != limitedBroadcast()) {
        forward(receiver, envelope, tracking);
        return false;
    }
    const FirewallVerdict filter = firewall.decide(FirewallTable::Filter, FirewallChain::Input, factsOf(envelope, tracking.ctState, true));
    if (filter.target != FirewallTarget::Accept) {
        refuse(receiver, envelope, NoSocket, filter, false);
        return false;
    }
    if (tracking.newFlow)
        firewall.decide(FirewallTable::Nat, FirewallChain::Input, factsOf(envelope, tracking.ctState, true));
    if (tracking.tracked)
        conntrack.confirm(tracking.tuple, envelope.tcpFlags, tracking.expectedReply, tracking.translated, m_now);
    return true;
}

void World::forward(Host &router, Envelope &envelope, ArrivalTracking tracking)
{
    // Not confirmed, conntrack forgets the flow: a SYN sent again meets the nat table again.
    if (!router.settings().ipForward) {
        if (tracing()) {
            traceEnvelope(TraceKind::EnvelopeDropped, router.id(), NoSocket, envelope, StackLayer::Network,
                          QStringLiteral("%1 is not an address of %2, and %2 does not forward packets (net.ipv4.ip_forward = 0): it drops it, and the sender hears nothing")
                              .arg(envelope.destination.address.toString(), router.name()));
        }
        return;
    }
    PacketFacts facts = factsOf(envelope, tracking.ctState, true);
    facts.outInterface = QStringLiteral("eth0");
    const FirewallVerdict filter = router.firewall().decide(FirewallTable::Filter, FirewallChain::Forward, facts);
    if (filter.target != FirewallTarget::Accept) {
        refuse(router, envelope, NoSocket, filter, false);
        return;
    }
    // Each router takes one from the time to live; at the last it drops the packet (and Linux
    // would answer with ICMP time exceeded, which is not simulated).
    if (envelope.ip.routersPassed + 1 >= defaultTimeToLive) {
        if (tracing())
            traceEnvelope(TraceKind::EnvelopeDropped, router.id(), NoSocket, envelope, StackLayer::Network, QStringLiteral("its time to live ran out at %1").arg(router.name()));
        return;
    }
    Envelope onward = envelope;
    onward.fromHost = router.id();
    onward.toHost = hostWithAddress(onward.destination.address).value_or(router.id());
    ++onward.ip.routersPassed;
    if (tracing()) {
        traceEnvelope(TraceKind::EnvelopeForwarded, router.id(), NoSocket, envelope, StackLayer::Network,
                      QStringLiteral("%1 is not an address of %2, which forwards packets (net.ipv4.ip_forward = 1): it sends it on to %3 with one hop less to live (TTL %4 → %5)")
                          .arg(envelope.destination.address.toString(), router.name(), onward.destination.address.toString())
                          .arg(defaultTimeToLive - envelope.ip.routersPassed).arg(defaultTimeToLive - onward.ip.routersPassed));
    }
    onward.id = m_nextEnvelopeId++;
    if (tracking.newFlow)
        tracking.translated = translateNewSource(router, onward, tracking.ctState, &tracking.expectedReply) || tracking.translated;
    if (tracking.tracked)
        router.conntrack().confirm(tracking.tuple, envelope.tcpFlags, tracking.expectedReply, tracking.translated, m_now);
    encapsulate(onward, false);
    if (tracing())
        traceEnvelope(TraceKind::EnvelopeWrapped, router.id(), NoSocket, onward, StackLayer::Link);
    if (onward.toHost == router.id()) {
        if (tracing()) {
            traceEnvelope(TraceKind::EnvelopeDropped, router.id(), NoSocket, onward, StackLayer::Link, noNeighbourText(onward.destination.address));
        }
        return;
    }
    if (tracing())
        traceEnvelope(TraceKind::EnvelopeSent, router.id(), NoSocket, onward, StackLayer::Link);
    scheduleArrival(std::move(onward), linkDelay);
}

} // namespace portlab
