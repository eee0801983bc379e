// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "host.h"

#include <vector>

namespace portlab {

// Why a socket was, or was not, the one an arriving envelope belongs to.
enum class DemuxMatch : std::uint8_t {
    FourTuple,        // TCP: an existing connection with exactly these addresses and ports
    ExactListener,    // listening on the destination address itself
    WildcardListener, // listening on 0.0.0.0 or [::]
    Connected,        // UDP: connected to this very sender
    ExactAddress,     // UDP: bound to the destination address
    WildcardAddress,  // UDP: bound to 0.0.0.0 or [::]
    WrongAddress,     // holds the port, but for another address
    WrongPeer,        // UDP: connected, but to someone else
    WrongFamily,      // IPv6-only socket and an IPv4 envelope, or the other way round
    Outscored,        // would take it, but a more specific socket did
    NotChosenInGroup, // SO_REUSEPORT group member the hash did not pick
};

struct DemuxCandidate {
    SocketId socket = NoSocket;
    DemuxMatch match = DemuxMatch::WrongAddress;
    int score = -1;   // the kernel's compute_score(); higher wins, -1 cannot take it
};

struct DemuxDecision {
    Protocol protocol = Protocol::Tcp;
    Endpoint source;
    Endpoint destination;
    std::vector<DemuxCandidate> considered;
    SocketId chosen = NoSocket;
    DemuxMatch reason = DemuxMatch::WrongAddress;   // of the chosen one
};

QString demuxMatchText(DemuxMatch match);

// The transport layer's "mail room": which socket of this host an arriving segment or
// datagram belongs to, with every row it looked at when `decision` is given.
class Demultiplexer {
public:
    Demultiplexer(const Host &host, const SocketStore &store, std::uint64_t secret)
        : m_host(host), m_store(store), m_secret(secret) {}

    // Established four-tuple first (SYN-ACK, ACK, data, FIN, RST all land here), then for a
    // SYN the listener on the exact address, then the wildcard listener.
    SocketId tcp(const Endpoint &source, const Endpoint &destination, bool isSyn, DemuxDecision *decision) const;

    // Sockets on the exact destination address first, then wildcard ones; within each, the
    // highest score wins: connected to this sender beats unconnected, IPv4 beats dual-stack.
    SocketId udp(const Endpoint &source, const Endpoint &destination, DemuxDecision *decision) const;

private:
    const Host &m_host;
    const SocketStore &m_store;
    std::uint64_t m_secret;
};

// The address a socket answers for, seen in the envelope's family; false when it cannot
// take envelopes of that family at all.
bool receivingAddress(const Socket &socket, Family envelopeFamily, IpAddress *address);

} // namespace portlab
