// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "socket_store.h"

#include <unordered_map>
#include <vector>

namespace portlab {

// The sockets that hold one local port, like Linux's inet_bind_bucket: every socket bound to
// the port on any address, including accepted connections and TIME_WAIT, which inherit it.
struct BindBucket {
    std::vector<SocketId> owners;
    // Created by connect()'s automatic port choice and joined by nothing else. Only such a port
    // may be shared by another connect() toward a different destination (Linux's
    // fastreuse == -1 bucket); a port taken with bind() is never handed out again.
    bool connectOnly = false;
    // Every owner set SO_REUSEPORT and belongs to reusePortOwner, so a bind() by that user with
    // SO_REUSEPORT joins without looking at each owner (Linux's fastreuseport). Once false it
    // stays false until the bucket empties; like Linux's, it is not revisited when an owner
    // clears SO_REUSEPORT after binding.
    bool allShareThroughReusePort = false;
    Uid reusePortOwner = 0;

    void add(const Socket &owner)
    {
        allShareThroughReusePort = owner.reusePort && (owners.empty() || (allShareThroughReusePort && owner.uid == reusePortOwner));
        reusePortOwner = owner.uid;
        owners.push_back(owner.id);
    }
};

// Finds a connected socket by its four-tuple. Open addressing over socket ids. An IPv4
// four-tuple (the common case, including a dual-stack socket's IPv4 connections) is kept whole in
// its slot, so a lookup touches one slot and no socket; IPv6 slots keep a hash and compare keys in
// the socket store.
class FourTupleIndex {
public:
    SocketId find(const Endpoint &local, const Endpoint &remote, const SocketStore &store) const;
    void insert(SocketId id, const SocketStore &store);
    void erase(SocketId id, const SocketStore &store);
    std::size_t size() const { return m_v4.count + m_v6.count; }

    static std::uint64_t hashOf(const Endpoint &local, const Endpoint &remote);

private:
    struct Slot {
        std::uint64_t addresses = 0;  // IPv4: local << 32 | remote; IPv6: a hash of the tuple
        std::uint32_t ports = 0;      // local port << 16 | remote port
        SocketId id = NoSocket;
    };
    struct Table {
        std::vector<Slot> slots;
        std::size_t count = 0;
        std::size_t tombstones = 0;
    };
    static constexpr SocketId Tombstone = NoSocket - 1;
    static bool keyOf(const Endpoint &local, const Endpoint &remote, Slot *key);   // true for IPv4
    static std::size_t home(const Slot &key, std::size_t mask);
    static void place(Table &table, const Slot &entry);

    Table m_v4;
    Table m_v6;
};

class PortTable {
public:
    const BindBucket *bucket(Protocol protocol, std::uint16_t port) const;
    BindBucket &bucketFor(Protocol protocol, std::uint16_t port);
    void removeOwner(Protocol protocol, std::uint16_t port, SocketId id);

    FourTupleIndex &connections(Protocol protocol) { return protocol == Protocol::Tcp ? m_tcpConnections : m_udpConnections; }
    const FourTupleIndex &connections(Protocol protocol) const { return protocol == Protocol::Tcp ? m_tcpConnections : m_udpConnections; }

    // TCP sockets in LISTEN per port: a SYN must not walk past a million accepted connections
    // that share the listener's bind bucket.
    const std::vector<SocketId> *listeners(std::uint16_t port) const;
    void addListener(std::uint16_t port, SocketId id) { m_listeners[port].push_back(id); }
    void removeListener(std::uint16_t port, SocketId id);

private:
    using BucketMap = std::unordered_map<std::uint16_t, BindBucket>;
    BucketMap &buckets(Protocol protocol) { return protocol == Protocol::Tcp ? m_tcpBuckets : m_udpBuckets; }
    const BucketMap &buckets(Protocol protocol) const { return protocol == Protocol::Tcp ? m_tcpBuckets : m_udpBuckets; }

    BucketMap m_tcpBuckets;
    BucketMap m_udpBuckets;
    FourTupleIndex m_tcpConnections;
    FourTupleIndex m_udpConnections;
    std::unordered_map<std::uint16_t, std::vector<SocketId>> m_listeners;
};

} // namespace portlab
