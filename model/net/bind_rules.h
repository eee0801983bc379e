// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "personality.h"
#include "port_table.h"

namespace portlab {

// The address a socket is (or would be) bound to, with what decides whether it covers IPv4.
struct BoundAddress {
    Family socketFamily = Family::IPv4;
    IpAddress address;
    bool v6Only = false;

    static BoundAddress of(const Socket &socket) { return {socket.family, socket.local.address, socket.v6Only}; }
};

// Linux's inet_rcv_saddr_equal(..., match_wildcard = true): the same address, or either one a
// wildcard that covers the other. A dual-stack [::] covers every IPv4 address; IPV6_V6ONLY
// (set, or implied by binding a specific IPv6 address) keeps a socket out of IPv4.
bool addressesOverlap(const BoundAddress &candidate, const BoundAddress &existing);

enum class BindCheck : std::uint8_t {
    Explicit,   // bind() or listen(): SO_REUSEADDR and SO_REUSEPORT may allow sharing
    Automatic,  // bind(0)/listen() choosing a port: never shares one with an overlapping owner
};

struct BindConflict {
    SocketId candidate = NoSocket;
    SocketId holder = NoSocket;
    Errno error = Errno::AddrInUse;   // Windows answers some conflicts with WSAEACCES instead
    explicit operator bool() const { return holder != NoSocket; }
};

// Which owner of the port, if any, stops `candidate` from holding it at `address`.
BindConflict findBindConflict(const Socket &candidate, const BoundAddress &address, const BindBucket &bucket,
                              const SocketStore &store, const Personality &personality, BindCheck check);

} // namespace portlab
