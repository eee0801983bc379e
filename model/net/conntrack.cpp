// SPDX-License-Identifier: GPL-3.0-or-later
#include "conntrack.h"

#include "wire/transport.h"

namespace portlab {

namespace {

using namespace std::chrono_literals;
namespace Flag = wire::TcpFlags;

bool isOnly(std::uint8_t flags, std::uint8_t wanted)
{
    return (flags & (Flag::Syn | Flag::Ack | Flag::Fin | Flag::Rst)) == wanted;
}

} // namespace

Conntrack::Time Conntrack::timeoutOf(const ConntrackEntry &entry, Time now)
{
    // nf_conntrack's default timeouts (net.netfilter.nf_conntrack_*_timeout*).
    switch (entry.original.protocol) {
    case wire::IpProtocol::Tcp:
        switch (entry.tcpPhase) {
        case ConntrackEntry::TcpPhase::SynSent: return 120s;
        case ConntrackEntry::TcpPhase::SynReceived: return 60s;
        case ConntrackEntry::TcpPhase::Established: return 432000s;
        case ConntrackEntry::TcpPhase::Closing: return 120s;
        case ConntrackEntry::TcpPhase::Reset: return 10s;
        }
        break;
    case wire::IpProtocol::Udp:
        // A flow that still has replies after two seconds counts as a stream.
        return entry.seenReply && now - entry.started > 2s ? 120s : 30s;
    default:
        break;
    }
    return 30s;
}

Conntrack::Match Conntrack::find(const FlowTuple &tuple, Time now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->expires <= now) {
            it = m_entries.erase(it);
            continue;
        }
        if (it->original == tuple)
            return {&*it, false};
        if (it->reply == tuple)
            return {&*it, true};
        // After NAT a packet carries the translated addresses (over loopback the kernel still
        // knows its flow): the original direction toward where NAT sent it, replies as they leave.
        if (it->translated && tuple == FlowTuple{tuple.protocol, it->original.source, it->reply.source})
            return {&*it, false};
        if (it->translated && tuple == it->original.inverted())
            return {&*it, true};
        ++it;
    }
    return {};
}

std::uint8_t Conntrack::stateOf(const FlowTuple &tuple, std::uint8_t tcpFlags, const std::optional<FlowTuple> &quoted, Time now)
{
    if (quoted) {
        // An ICMP error belongs to the flow of the packet it quotes.
        return find(*quoted, now).entry ? CtState::Related : CtState::Invalid;
    }
    const Match match = find(tuple, now);
    if (match.entry)
        return match.isReply || match.entry->seenReply ? CtState::Established : CtState::New;
    if (tuple.protocol == wire::IpProtocol::Tcp) {
        // A TCP flow starts with a SYN; nf_conntrack_tcp_loose also picks one up mid-stream from
        // a plain ACK, but a lone RST, FIN or SYN-ACK belongs to nothing.
        const bool starts = isOnly(tcpFlags, Flag::Syn) || (tcpFlags & (Flag::Syn | Flag::Fin | Flag::Rst)) == 0;
        return starts ? CtState::New : CtState::Invalid;
    }
    return CtState::New;
}

void Conntrack::confirm(const FlowTuple &tuple, std::uint8_t tcpFlags, const FlowTuple &expectedReply, bool translated, Time now)
{
    Match match = find(tuple, now);
    if (!match.entry) {
        ConntrackEntry entry;
        entry.original = tuple;
        entry.reply = expectedReply;
        entry.translated = translated;
        entry.started = now;
        entry.tcpPhase = isOnly(tcpFlags, Flag::Syn) ? ConntrackEntry::TcpPhase::SynSent : ConntrackEntry::TcpPhase::Established;
        m_entries.push_back(entry);
        match = {&m_entries.back(), false};
    }
    ConntrackEntry &entry = *match.entry;
    if (match.isReply)
        entry.seenReply = true;
    if (tuple.protocol == wire::IpProtocol::Tcp) {
        using Phase = ConntrackEntry::TcpPhase;
        if (tcpFlags & Flag::Rst)
            entry.tcpPhase = Phase::Reset;
        else if (tcpFlags & Flag::Fin)
            entry.tcpPhase = Phase::Closing;
        else if (match.isReply && isOnly(tcpFlags, Flag::Syn | Flag::Ack) && entry.tcpPhase == Phase::SynSent)
            entry.tcpPhase = Phase::SynReceived;
        else if (entry.seenReply && (tcpFlags & Flag::Ack) && entry.tcpPhase == Phase::SynReceived)
            entry.tcpPhase = Phase::Established;
    }
    entry.expires = now + timeoutOf(entry, now);
}

} // namespace portlab
