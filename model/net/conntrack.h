// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "firewall.h"

#include <chrono>
#include <list>

namespace portlab {

// One direction of a flow: protocol, addresses and ports (0 for ICMP).
struct FlowTuple {
    std::uint8_t protocol = wire::IpProtocol::Tcp;
    Endpoint source;
    Endpoint destination;
    FlowTuple inverted() const { return {protocol, destination, source}; }
    friend bool operator==(const FlowTuple &, const FlowTuple &) = default;
};

// What conntrack remembers of a flow: the tuple of its first packet, the tuple replies carry
// (which NAT changes), whether a reply was seen, and when it is forgotten.
struct ConntrackEntry {
    FlowTuple original;
    FlowTuple reply;
    bool seenReply = false;
    bool translated = false;          // a DNAT or REDIRECT rule chose `reply.source`
    enum class TcpPhase : std::uint8_t { SynSent, SynReceived, Established, Closing, Reset } tcpPhase = TcpPhase::SynSent;
    std::chrono::microseconds started{0};
    std::chrono::microseconds expires{0};
};

// A host's connection tracking, as nf_conntrack keeps it for the packet filter and NAT: a
// flow seen in one direction makes the packets coming back ESTABLISHED, an ICMP error about a
// tracked flow is RELATED. Entries expire on Linux's default timeouts.
class Conntrack {
public:
    using Time = std::chrono::microseconds;

    struct Match {
        ConntrackEntry *entry = nullptr;
        bool isReply = false;
    };

    // The entry this packet belongs to, in either direction; expired entries are forgotten.
    Match find(const FlowTuple &tuple, Time now);
    // The state a packet has for -m conntrack --ctstate; `related` is the flow an ICMP error quotes.
    std::uint8_t stateOf(const FlowTuple &tuple, std::uint8_t tcpFlags, const std::optional<FlowTuple> &quoted, Time now);
    // Remembers a packet that got through: a new flow (with the reply tuple NAT chose), or one more
    // packet of a known one.
    void confirm(const FlowTuple &tuple, std::uint8_t tcpFlags, const FlowTuple &expectedReply, bool translated, Time now);

    std::size_t size() const { return m_entries.size(); }

private:
    static Time timeoutOf(const ConntrackEntry &entry, Time now);
    std::list<ConntrackEntry> m_entries;
};

} // namespace portlab
