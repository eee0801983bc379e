// SPDX-License-Identifier: GPL-3.0-or-later
#include "demux.h"

namespace portlab {

QString demuxMatchText(DemuxMatch match)
{
    switch (match) {
    case DemuxMatch::FourTuple: return QStringLiteral("its connection has exactly this four-tuple");
    case DemuxMatch::ExactListener: return QStringLiteral("listening on this exact address and port");
    case DemuxMatch::WildcardListener: return QStringLiteral("listening on every address (wildcard) on this port");
    case DemuxMatch::Connected: return QStringLiteral("connected to this very sender");
    case DemuxMatch::ExactAddress: return QStringLiteral("bound to this exact address and port");
    case DemuxMatch::WildcardAddress: return QStringLiteral("bound to every address (wildcard) on this port");
    case DemuxMatch::WrongAddress: return QStringLiteral("holds the port, but on another address");
    case DemuxMatch::WrongPeer: return QStringLiteral("connected to a different peer");
    case DemuxMatch::WrongFamily: return QStringLiteral("cannot receive this IP version");
    case DemuxMatch::Outscored: return QStringLiteral("could take it, but a more specific socket matched");
    case DemuxMatch::NotChosenInGroup: return QStringLiteral("in the same SO_REUSEPORT group; the hash picked another");
    }
    return {};
}

bool receivingAddress(const Socket &socket, Family envelopeFamily, IpAddress *address)
{
    const IpAddress &local = socket.local.address;
    if (envelopeFamily == Family::IPv6) {
        if (socket.family != Family::IPv6 || local.isV4Mapped())
            return false;
        *address = local;
        return true;
    }
    if (socket.family == Family::IPv4) {
        *address = local;
        return true;
    }
    // An IPv6 socket takes IPv4 through [::] (unless IPV6_V6ONLY) or a ::ffff: address.
    if (local.isUnspecified() && !socket.v6Only) {
        *address = IpAddress::anyV4();
        return true;
    }
    if (local.isV4Mapped()) {
        *address = local.mappedV4();
        return true;
    }
    return false;
}

namespace {

struct Scored {
    SocketId id;
    int tier;    // 0: the exact destination address, 1: a wildcard, -1: cannot take it
    int score;
    DemuxMatch match;
};

// Picks like the kernel: the exact-address lookup first, the wildcard one only if it found
// nothing; the highest score within it, the first in chain order on a tie; and within an
// SO_REUSEPORT group, the member a hash of the four-tuple selects (reuseport_select_sock()).
SocketId choose(std::vector<Scored> &rows, const SocketStore &store, std::uint64_t flowHash, DemuxDecision *decision)
{
    const Scored *best = nullptr;
    for (int tier = 0; tier < 2 && !best; ++tier) {
        for (const Scored &row : rows) {
            if (row.tier == tier && (!best || row.score > best->score))
                best = &row;
        }
    }
    SocketId chosen = NoSocket;
    if (best) {
        chosen = best->id;
        const Socket &winner = store[best->id];
        if (winner.reusePort) {
            std::vector<SocketId> group;
            for (const Scored &row : rows) {
                const Socket &s = store[row.id];
                if (row.tier == best->tier && row.score == best->score && s.reusePort && s.uid == winner.uid)
                    group.push_back(row.id);
            }
            chosen = group[static_cast<std::size_t>((flowHash >> 32) * group.size() >> 32)];
        }
    }
    if (decision) {
        for (Scored &row : rows) {
            if (row.tier >= 0 && row.id != chosen) {
                const bool sameGroup = best && row.tier == best->tier && row.score == best->score
                    && store[row.id].reusePort && store[chosen].reusePort;
                row.match = sameGroup ? DemuxMatch::NotChosenInGroup : DemuxMatch::Outscored;
            }
            decision->considered.push_back({row.id, row.match, row.tier < 0 ? -1 : row.score});
        }
        decision->chosen = chosen;
        if (best)
            decision->reason = best->match;   // every member of a group matched the same way
    }
    return chosen;
}

void begin(DemuxDecision *decision, Protocol protocol, const Endpoint &source, const Endpoint &destination)
{
    if (!decision)
        return;
    decision->protocol = protocol;
    decision->source = source;
    decision->destination = destination;
    decision->considered.clear();
    decision->chosen = NoSocket;
}

} // namespace

SocketId Demultiplexer::tcp(const Endpoint &source, const Endpoint &destination, bool isSyn,
                            DemuxDecision *decision) const
{
    begin(decision, Protocol::Tcp, source, destination);
    const auto &ports = m_host.ports();
    const SocketId connection = ports.connections(Protocol::Tcp).find(destination, source, m_store);
    if (connection != NoSocket) {
        if (decision) {
            decision->considered.push_back({connection, DemuxMatch::FourTuple, 100});
            decision->chosen = connection;
            decision->reason = DemuxMatch::FourTuple;
        }
        return connection;
    }
    const std::vector<SocketId> *listeners = isSyn ? ports.listeners(destination.port) : nullptr;
    if (!listeners)
        return NoSocket;

    // inet_lhash2_lookup(): compute_score() gives an IPv4 socket one point more than a
    // dual-stack IPv6 socket for an IPv4 segment.
    const Family family = destination.address.family();
    // Scratch reused across calls: a SYN arrives for every connection of a million.
    thread_local std::vector<Scored> rows;
    rows.clear();
    for (const SocketId id : *listeners) {
        const Socket &s = m_store[id];
        IpAddress answersFor;
        if (!receivingAddress(s, family, &answersFor)) {
            rows.push_back({id, -1, -1, DemuxMatch::WrongFamily});
        } else if (answersFor == destination.address) {
            rows.push_back({id, 0, 1 + (s.family == family ? 1 : 0), DemuxMatch::ExactListener});
        } else if (answersFor.isUnspecified()) {
            rows.push_back({id, 1, 1 + (s.family == family ? 1 : 0), DemuxMatch::WildcardListener});
        } else {
            rows.push_back({id, -1, -1, DemuxMatch::WrongAddress});
        }
    }
    return choose(rows, m_store, mixHash(m_secret, FourTupleIndex::hashOf(destination, source)), decision);
}

SocketId Demultiplexer::udp(const Endpoint &source, const Endpoint &destination, DemuxDecision *decision) const
{
    begin(decision, Protocol::Udp, source, destination);
    const BindBucket *bucket = m_host.ports().bucket(Protocol::Udp, destination.port);
    if (!bucket)
        return NoSocket;

    // udp4_lib_lookup2(): compute_score() starts at 2 for an IPv4 socket and 1 for IPv6, adds
    // 4 each for a matching connected peer address and port, and rules a socket out if it is
    // connected elsewhere. The chain holds the most recently bound socket first.
    const Family family = destination.address.family();
    thread_local std::vector<Scored> rows;
    rows.clear();
    for (auto it = bucket->owners.rbegin(); it != bucket->owners.rend(); ++it) {
        const Socket &s = m_store[*it];
        IpAddress answersFor;
        if (!receivingAddress(s, family, &answersFor)) {
            rows.push_back({*it, -1, -1, DemuxMatch::WrongFamily});
            continue;
        }
        const bool exact = answersFor == destination.address;
        if (!exact && !answersFor.isUnspecified()) {
            rows.push_back({*it, -1, -1, DemuxMatch::WrongAddress});
            continue;
        }
        int score = s.family == Family::IPv4 ? 2 : 1;
        DemuxMatch match = exact ? DemuxMatch::ExactAddress : DemuxMatch::WildcardAddress;
        if (s.isConnectedUdp()) {
            const bool samePeer = s.remote.port == source.port
                && (s.remote.address == source.address
                    || (s.remote.address.isV4Mapped() && s.remote.address.mappedV4() == source.address));
            if (!samePeer) {
                rows.push_back({*it, -1, -1, DemuxMatch::WrongPeer});
                continue;
            }
            score += 8;
            match = DemuxMatch::Connected;
        }
        rows.push_back({*it, exact ? 0 : 1, score, match});
    }
    return choose(rows, m_store, mixHash(m_secret, FourTupleIndex::hashOf(destination, source)), decision);
}

} // namespace portlab
