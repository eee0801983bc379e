// SPDX-License-Identifier: GPL-3.0-or-later
#include "port_table.h"

#include <algorithm>

namespace portlab {

namespace {

// A dual-stack socket's IPv4 connection is written ::ffff:a.b.c.d, but its envelopes carry
// a.b.c.d; Linux keys both in the same established hash by the IPv4 address.
IpAddress keyAddress(const IpAddress &address)
{
    return address.isV4Mapped() ? address.mappedV4() : address;
}

bool sameKey(const Endpoint &a, const Endpoint &b)
{
    return a.port == b.port && keyAddress(a.address) == keyAddress(b.address);
}

} // namespace

std::uint64_t FourTupleIndex::hashOf(const Endpoint &local, const Endpoint &remote)
{
    const std::uint64_t ports = (std::uint64_t{local.port} << 16) | remote.port;
    return mixHash(mixHash(keyAddress(local.address).hash(), keyAddress(remote.address).hash()), ports);
}

bool FourTupleIndex::keyOf(const Endpoint &local, const Endpoint &remote, Slot *key)
{
    const IpAddress localAddress = keyAddress(local.address);
    const IpAddress remoteAddress = keyAddress(remote.address);
    key->ports = (std::uint32_t{local.port} << 16) | remote.port;
    if (localAddress.isV4() && remoteAddress.isV4()) {
        key->addresses = (std::uint64_t{localAddress.v4Value()} << 32) | remoteAddress.v4Value();
        return true;
    }
    key->addresses = hashOf(local, remote);
    return false;
}

std::size_t FourTupleIndex::home(const Slot &key, std::size_t mask)
{
    return mixHash(key.addresses, key.ports) & mask;
}

void FourTupleIndex::place(Table &table, const Slot &entry)
{
    const std::size_t mask = table.slots.size() - 1;
    std::size_t i = home(entry, mask);
    while (table.slots[i].id != NoSocket && table.slots[i].id != Tombstone)
        i = (i + 1) & mask;
    if (table.slots[i].id == Tombstone)
        --table.tombstones;
    table.slots[i] = entry;
    ++table.count;
}

SocketId FourTupleIndex::find(const Endpoint &local, const Endpoint &remote, const SocketStore &store) const
{
    Slot key;
    const bool v4 = keyOf(local, remote, &key);
    const Table &table = v4 ? m_v4 : m_v6;
    if (table.slots.empty())
        return NoSocket;
    const std::size_t mask = table.slots.size() - 1;
    for (std::size_t i = home(key, mask);; i = (i + 1) & mask) {
        const Slot &slot = table.slots[i];
        if (slot.id == NoSocket)
            return NoSocket;
        if (slot.id == Tombstone || slot.addresses != key.addresses || slot.ports != key.ports)
            continue;
        if (v4)
            return slot.id;
        const Socket &s = store[slot.id];
        if (sameKey(s.local, local) && sameKey(s.remote, remote))
            return slot.id;
    }
}

void FourTupleIndex::insert(SocketId id, const SocketStore &store)
{
    const Socket &s = store[id];
    Slot entry;
    Table &table = keyOf(s.local, s.remote, &entry) ? m_v4 : m_v6;
    entry.id = id;
    // Keep the load (live entries and tombstones) under a half so probes stay short; the slots
    // hold their keys, so growing never reads the socket store.
    if ((table.count + table.tombstones + 1) * 2 > table.slots.size()) {
        std::size_t size = std::max<std::size_t>(16, table.slots.size());
        while (size < (table.count + 1) * 4)
            size *= 2;
        std::vector<Slot> old(size);
        old.swap(table.slots);
        table.count = 0;
        table.tombstones = 0;
        for (const Slot &slot : old) {
            if (slot.id != NoSocket && slot.id != Tombstone)
                place(table, slot);
        }
    }
    place(table, entry);
}

void FourTupleIndex::erase(SocketId id, const SocketStore &store)
{
    const Socket &s = store[id];
    Slot key;
    Table &table = keyOf(s.local, s.remote, &key) ? m_v4 : m_v6;
    if (table.slots.empty())
        return;
    const std::size_t mask = table.slots.size() - 1;
    for (std::size_t i = home(key, mask);; i = (i + 1) & mask) {
        Slot &slot = table.slots[i];
        if (slot.id == NoSocket)
            return;
        if (slot.id == id) {
            slot.id = Tombstone;
            --table.count;
            ++table.tombstones;
            return;
        }
    }
}

const BindBucket *PortTable::bucket(Protocol protocol, std::uint16_t port) const
{
    const auto &map = buckets(protocol);
    const auto it = map.find(port);
    return it == map.end() ? nullptr : &it->second;
}

BindBucket &PortTable::bucketFor(Protocol protocol, std::uint16_t port)
{
    return buckets(protocol)[port];
}

void PortTable::removeOwner(Protocol protocol, std::uint16_t port, SocketId id)
{
    auto &map = buckets(protocol);
    const auto it = map.find(port);
    if (it == map.end())
        return;
    auto &owners = it->second.owners;
    if (const auto pos = std::find(owners.begin(), owners.end(), id); pos != owners.end()) {
        // UDP delivery breaks ties by the order sockets were bound in; TCP's never looks at it,
        // and its buckets can hold a million accepted connections, so it takes the O(1) removal.
        if (protocol == Protocol::Udp) {
            owners.erase(pos);
        } else {
            *pos = owners.back();
            owners.pop_back();
        }
    }
    if (owners.empty())
        map.erase(it);
}

const std::vector<SocketId> *PortTable::listeners(std::uint16_t port) const
{
    const auto it = m_listeners.find(port);
    return it == m_listeners.end() || it->second.empty() ? nullptr : &it->second;
}

void PortTable::removeListener(std::uint16_t port, SocketId id)
{
    const auto it = m_listeners.find(port);
    if (it == m_listeners.end())
        return;
    std::erase(it->second, id);
    if (it->second.empty())
        m_listeners.erase(it);
}

} // namespace portlab
