// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ethernet.h"
#include "net/ip_address.h"

namespace portlab::wire {

// RFC 826 for IPv4 over Ethernet: 28 bytes after the Ethernet header.
struct ArpPacket {
    static constexpr std::size_t Size = 28;
    enum Operation : std::uint16_t { Request = 1, Reply = 2 };
    std::uint16_t operation = Request;
    MacAddress senderMac;
    IpAddress senderIp;
    MacAddress targetMac;   // all zero in a request: that is what is being asked
    IpAddress targetIp;

    // Refuses (fatal) anything but hardware type 1 / protocol 0x0800 / lengths 6 and 4.
    static ParseResult<ArpPacket> parse(ByteView packet);
    void emit(MutableBytes out) const;   // writes out[0, Size)
};

} // namespace portlab::wire
