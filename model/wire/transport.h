// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bytes.h"
#include "net/ip_address.h"

namespace portlab::wire {

namespace TcpFlags {
inline constexpr std::uint8_t Fin = 0x01;
inline constexpr std::uint8_t Syn = 0x02;
inline constexpr std::uint8_t Rst = 0x04;
inline constexpr std::uint8_t Psh = 0x08;
inline constexpr std::uint8_t Ack = 0x10;
inline constexpr std::uint8_t Urg = 0x20;
inline constexpr std::uint8_t Ece = 0x40;
inline constexpr std::uint8_t Cwr = 0x80;
}

namespace TcpOptionKind {
inline constexpr std::uint8_t EndOfList = 0;
inline constexpr std::uint8_t Nop = 1;
inline constexpr std::uint8_t MaximumSegmentSize = 2;
inline constexpr std::uint8_t WindowScale = 3;
inline constexpr std::uint8_t SackPermitted = 4;
inline constexpr std::uint8_t Sack = 5;
inline constexpr std::uint8_t Timestamps = 8;
}

// One option as it sits in the header; `data` excludes kind and length. Nop and EndOfList are
// one byte on the wire and have no data.
struct TcpOption {
    static constexpr std::size_t MaximumDataSize = 38;   // 40 bytes of options, less kind and length
    std::uint8_t kind = TcpOptionKind::Nop;
    InlineBytes<MaximumDataSize> data;
    std::size_t size() const;   // bytes on the wire
    friend bool operator==(const TcpOption &, const TcpOption &) = default;
};

// The segment handed to parse() and emit() is the whole TCP segment (header, then payload);
// the checksum covers the pseudo-header built from the IP addresses, the header and payload.
struct TcpHeader {
    static constexpr std::size_t MinimumSize = 20;
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint32_t sequence = 0;
    std::uint32_t acknowledgement = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t checksum = 0;
    std::uint16_t urgentPointer = 0;
    std::vector<TcpOption> options;

    // Options padded with EndOfList up to a multiple of 4.
    std::size_t headerLength() const;
    // Checks the data offset (>= 5, within the segment) and option lengths (fatal), and the
    // checksum (not fatal).
    static ParseResult<TcpHeader> parse(ByteView segment, const IpAddress &source, const IpAddress &destination);
    // Writes segment[0, headerLength()) and the checksum over the pseudo-header and the whole
    // segment (the payload must already be in place after the header).
    void emit(MutableBytes segment, const IpAddress &source, const IpAddress &destination);
};

// RFC 768. A zero checksum over IPv4 means "none" and is accepted; over IPv6 it is invalid.
struct UdpHeader {
    static constexpr std::size_t Size = 8;
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint16_t length = 0;     // header + payload
    std::uint16_t checksum = 0;

    // Checks length (>= 8 and within the datagram given: fatal), and the checksum (not fatal).
    static ParseResult<UdpHeader> parse(ByteView datagram, const IpAddress &source, const IpAddress &destination);
    // Writes datagram[0, Size) and the checksum (0 becomes 0xffff, RFC 768).
    void emit(MutableBytes datagram, const IpAddress &source, const IpAddress &destination);
};

namespace IcmpType {
inline constexpr std::uint8_t EchoReply = 0;
inline constexpr std::uint8_t DestinationUnreachable = 3;
inline constexpr std::uint8_t EchoRequest = 8;
inline constexpr std::uint8_t PortUnreachableCode = 3;
}
namespace Icmpv6Type {
inline constexpr std::uint8_t DestinationUnreachable = 1;
inline constexpr std::uint8_t EchoRequest = 128;
inline constexpr std::uint8_t EchoReply = 129;
inline constexpr std::uint8_t PortUnreachableCode = 4;
}

// ICMP (RFC 792) and ICMPv6 (RFC 4443) share this 8-byte header: type, code, checksum and four
// bytes whose meaning depends on the type (identifier and sequence for echo, unused for
// destination unreachable). The body follows: echo data, or the quoted original datagram.
// The addresses decide which one it is: ICMPv6's checksum covers a pseudo-header, ICMP's not.
struct IcmpHeader {
    static constexpr std::size_t Size = 8;
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint16_t checksum = 0;
    std::uint32_t restOfHeader = 0;

    std::uint16_t identifier() const { return static_cast<std::uint16_t>(restOfHeader >> 16); }
    std::uint16_t sequenceNumber() const { return static_cast<std::uint16_t>(restOfHeader); }

    static ParseResult<IcmpHeader> parse(ByteView message, const IpAddress &source, const IpAddress &destination);
    // Writes message[0, Size) and the checksum over the whole message (body already in place).
    void emit(MutableBytes message, const IpAddress &source, const IpAddress &destination);
};

} // namespace portlab::wire
