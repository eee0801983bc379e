// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ip_address.h"

#include <chrono>
#include <cstdint>

namespace portlab {

// A dual-stack socket writes an IPv4 peer as ::ffff:a.b.c.d; on the wire it is plain IPv4.
inline Endpoint onTheWire(const Endpoint &e)
{
    return e.address.isV4Mapped() ? Endpoint{e.address.mappedV4(), e.port} : e;
}

// How a socket of `family` writes an address that arrived on the wire.
inline Endpoint asSeenBy(Family family, const Endpoint &e)
{
    if (family == Family::IPv6 && e.address.isV4())
        return {e.address.toV4Mapped(), e.port};
    return e;
}

namespace tcp_timing {
// Linux defaults: neighbour discovery gives up after three probes a second apart
// (mcast_solicit); an orphaned FIN_WAIT_2 ends after tcp_fin_timeout. (The SYN's retries are
// a host's settings: HostSettings::synWaitAfter.)
inline constexpr std::chrono::microseconds neighbourTimeout = std::chrono::seconds(3);
inline constexpr std::chrono::microseconds finWait2Timeout = std::chrono::seconds(60);

// What Linux writes into a SYN, a SYN-ACK and later segments, on loopback (MTU 65536) and on
// Ethernet (MTU 1500), window scale 10 (measured: docs/linux-reference.md).
inline constexpr std::uint16_t loopbackMss = 65495;
inline constexpr std::uint16_t ethernetMss = 1460;
inline constexpr std::uint16_t loopbackSynWindow = 65495;
inline constexpr std::uint16_t loopbackSynAckWindow = 65483;
inline constexpr std::uint16_t ethernetSynWindow = 64240;
inline constexpr std::uint16_t ethernetSynAckWindow = 65160;
inline constexpr std::uint16_t loopbackScaledWindow = 64;    // 65536 bytes >> 10
inline constexpr std::uint16_t ethernetScaledWindow = 63;    // 64512 bytes >> 10
} // namespace tcp_timing

} // namespace portlab
