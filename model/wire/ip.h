// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bytes.h"
#include "net/ip_address.h"

namespace portlab::wire {

namespace IpProtocol {
inline constexpr std::uint8_t Icmp = 1;
inline constexpr std::uint8_t Tcp = 6;
inline constexpr std::uint8_t Udp = 17;
inline constexpr std::uint8_t Icmpv6 = 58;
}

// RFC 791. Options are kept as raw bytes (rare in practice, never emitted by the model).
struct Ipv4Header {
    static constexpr std::size_t MinimumSize = 20;
    std::uint8_t typeOfService = 0;     // DSCP (6 bits) and ECN (2 bits)
    std::uint16_t totalLength = 0;      // header + payload; emit() writes what is given here
    std::uint16_t identification = 0;
    bool dontFragment = false;
    bool moreFragments = false;
    std::uint16_t fragmentOffset = 0;   // in units of 8 bytes
    std::uint8_t timeToLive = 64;
    std::uint8_t protocol = IpProtocol::Tcp;
    std::uint16_t checksum = 0;         // as parsed, or as emit() computed it
    IpAddress source;
    IpAddress destination;
    static constexpr std::size_t MaximumOptionsSize = 40;
    InlineBytes<MaximumOptionsSize> options;   // a multiple of 4 bytes

    std::size_t headerLength() const { return MinimumSize + options.size(); }

    // Checks version 4, IHL >= 5, total length within the bytes given and >= IHL*4 (fatal when
    // not), and the header checksum (not fatal). Bytes after totalLength are padding, not payload.
    static ParseResult<Ipv4Header> parse(ByteView packet);
    // Writes out[0, headerLength()) and the header checksum (also into `checksum`).
    void emit(MutableBytes out);
};

// RFC 8200. Extension headers are not parsed: a next header the model does not know leaves
// the rest as opaque payload.
struct Ipv6Header {
    static constexpr std::size_t Size = 40;
    std::uint8_t trafficClass = 0;
    std::uint32_t flowLabel = 0;        // 20 bits
    std::uint16_t payloadLength = 0;
    std::uint8_t nextHeader = IpProtocol::Tcp;
    std::uint8_t hopLimit = 64;
    IpAddress source;
    IpAddress destination;

    // Checks version 6 and that payloadLength fits the bytes given (fatal when not).
    static ParseResult<Ipv6Header> parse(ByteView packet);
    void emit(MutableBytes out) const;   // writes out[0, Size)
};

} // namespace portlab::wire
