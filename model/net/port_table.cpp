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

SocketId FourTupleIndex::find(const Endpoint &local, const Endpoint &remote, const SocketStore &store) const
{
    if (m_slots.empty())
        return NoSocket;
    const auto hash = hashOf(local, remote);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &slot = m_slots[i];
        if (slot.id == NoSocket)
            return NoSocket;
        if (slot.id != Tombstone && slot.tag == tag) {
            const Socket &s = store[slot.id];
            if (sameKey(s.local, local) && sameKey(s.remote, remote))
                return slot.id;
        }
    }
}

void FourTupleIndex::grow(std::size_t minimumSlots, const SocketStore &store)
{
    std::size_t size = std::max<std::size_t>(16, m_slots.size());
    while (size < minimumSlots)
        size *= 2;
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.assign(size, Slot{});
    m_count = 0;
    m_tombstones = 0;
    for (const Slot &slot : old) {
        if (slot.id != NoSocket && slot.id != Tombstone)
            insert(slot.id, store);
    }
}

void FourTupleIndex::insert(SocketId id, const SocketStore &store)
{
    // Keep the load (live entries and tombstones) under a half so probes stay short.
    if ((m_count + m_tombstones + 1) * 2 > m_slots.size())
        grow((m_count + 1) * 4, store);
    const Socket &s = store[id];
    const auto hash = hashOf(s.local, s.remote);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (m_slots[i].id != NoSocket && m_slots[i].id != Tombstone)
        i = (i + 1) & mask;
    if (m_slots[i].id == Tombstone)
        --m_tombstones;
    m_slots[i] = Slot{static_cast<std::uint32_t>(hash >> 32), id};
    ++m_count;
}

void FourTupleIndex::erase(SocketId id, const SocketStore &store)
{
    if (m_slots.empty())
        return;
    const Socket &s = store[id];
    const auto hash = hashOf(s.local, s.remote);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        if (m_slots[i].id == NoSocket)
            return;
        if (m_slots[i].id == id) {
            m_slots[i].id = Tombstone;
            --m_count;
            ++m_tombstones;
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
