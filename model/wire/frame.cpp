// SPDX-License-Identifier: GPL-3.0-or-later
#include "frame.h"

#include "wire_detail.h"

namespace portlab::wire {

namespace {

// Each layer parses its own bytes; these helpers move what it found into the packet, with
// offsets counted from the start of everything decoded.
template <typename Header>
bool take(DecodedPacket &packet, ParseResult<Header> &&result, std::size_t base)
{
    for (auto &found : result.problems) {
        found.offset += base;
        packet.problems.push_back(std::move(found));
    }
    return result.header.has_value();
}

void opaque(DecodedPacket &packet, std::size_t offset, std::size_t length)
{
    packet.payloadOffset = offset;
    packet.payloadLength = length;
}

enum class Mode { Packet, Quote };

// The transport layer in bytes [start, end) of `all`.
void decodeTransport(DecodedPacket &packet, ByteView all, std::size_t start, std::size_t end,
                     std::uint8_t protocol, bool overIpv6, Mode mode)
{
    packet.transportOffset = start;
    const ByteView bytes = all.subspan(start, end - start);
    const IpAddress &source = *packet.sourceAddress();
    const IpAddress &destination = *packet.destinationAddress();
    const bool quote = mode == Mode::Quote;
    opaque(packet, start, bytes.size());

    if (protocol == IpProtocol::Tcp) {
        std::size_t headerBytes = 0;
        auto result = quote ? detail::parseQuotedTcp(bytes, headerBytes) : TcpHeader::parse(bytes, source, destination);
        if (result.header && !quote)
            headerBytes = result.header->headerLength();
        auto header = result.header;
        if (take(packet, std::move(result), start)) {
            packet.tcp = std::move(header);
            opaque(packet, start + headerBytes, bytes.size() - headerBytes);
        }
    } else if (protocol == IpProtocol::Udp) {
        auto result = quote ? detail::parseQuotedUdp(bytes) : UdpHeader::parse(bytes, source, destination);
        const auto header = result.header;
        if (take(packet, std::move(result), start)) {
            packet.udp = header;
            // Beyond the UDP length lies nothing of the datagram; in a quote the data may be cut.
            const std::size_t length = quote ? bytes.size() : std::min<std::size_t>(header->length, bytes.size());
            opaque(packet, start + UdpHeader::Size, length - UdpHeader::Size);
        }
    } else if ((protocol == IpProtocol::Icmp && !overIpv6) || (protocol == IpProtocol::Icmpv6 && overIpv6)) {
        auto result = quote ? detail::parseQuotedIcmp(bytes, overIpv6) : IcmpHeader::parse(bytes, source, destination);
        const auto header = result.header;
        if (take(packet, std::move(result), start)) {
            packet.icmp = header;
            opaque(packet, start + IcmpHeader::Size, bytes.size() - IcmpHeader::Size);
        }
    }
}

void decodeIpv4(DecodedPacket &packet, ByteView all, std::size_t base, Mode mode)
{
    packet.networkOffset = base;
    const ByteView bytes = all.subspan(base);
    opaque(packet, base, bytes.size());
    auto result = detail::parseIpv4(bytes, mode == Mode::Quote);
    auto header = result.header;
    if (!take(packet, std::move(result), base))
        return;
    packet.ipv4 = std::move(header);
    const Ipv4Header &ip = *packet.ipv4;
    // Past the total length is link-layer padding (or, in a quote, what was cut off).
    const std::size_t end = base + std::min<std::size_t>(ip.totalLength, bytes.size());
    const std::size_t start = base + ip.headerLength();
    // A fragment holds a piece of a transport segment whose header and checksum only the
    // reassembled datagram has: its bytes stay opaque.
    if (ip.moreFragments || ip.fragmentOffset != 0) {
        packet.transportOffset = start;
        opaque(packet, start, end - start);
        return;
    }
    decodeTransport(packet, all, start, end, ip.protocol, false, mode);
}

void decodeIpv6(DecodedPacket &packet, ByteView all, std::size_t base, Mode mode)
{
    packet.networkOffset = base;
    const ByteView bytes = all.subspan(base);
    opaque(packet, base, bytes.size());
    auto result = detail::parseIpv6(bytes, mode == Mode::Quote);
    const auto header = result.header;
    if (!take(packet, std::move(result), base))
        return;
    packet.ipv6 = header;
    const std::size_t start = base + Ipv6Header::Size;
    const std::size_t end = start + std::min<std::size_t>(header->payloadLength, bytes.size() - Ipv6Header::Size);
    decodeTransport(packet, all, start, end, header->nextHeader, true, mode);
}

// Chooses IPv4 or IPv6 by the version nibble, for bytes with no EtherType in front.
void decodeByVersion(DecodedPacket &packet, ByteView all, Mode mode)
{
    opaque(packet, 0, all.size());
    if (all.empty()) {
        packet.problems.push_back(detail::truncatedHeader(u"IP", Ipv4Header::MinimumSize, 0));
        return;
    }
    const unsigned version = all[0] >> 4;
    if (version == 4)
        decodeIpv4(packet, all, 0, mode);
    else if (version == 6)
        decodeIpv6(packet, all, 0, mode);
    else
        packet.problems.push_back(detail::fatalProblem(0, QStringLiteral("IP: version is %1, neither 4 nor 6").arg(version)));
}

} // namespace

const IpAddress *DecodedPacket::sourceAddress() const
{
    if (ipv4)
        return &ipv4->source;
    if (ipv6)
        return &ipv6->source;
    return nullptr;
}

const IpAddress *DecodedPacket::destinationAddress() const
{
    if (ipv4)
        return &ipv4->destination;
    if (ipv6)
        return &ipv6->destination;
    return nullptr;
}

DecodedPacket decodeEthernetFrame(ByteView frame)
{
    DecodedPacket packet;
    opaque(packet, 0, frame.size());
    auto result = EthernetHeader::parse(frame);
    const auto header = result.header;
    if (!take(packet, std::move(result), 0))
        return packet;
    packet.ethernet = header;
    const std::size_t base = EthernetHeader::Size;
    packet.networkOffset = base;
    opaque(packet, base, frame.size() - base);
    switch (header->etherType) {
    case EtherType::Ipv4:
        decodeIpv4(packet, frame, base, Mode::Packet);
        break;
    case EtherType::Ipv6:
        decodeIpv6(packet, frame, base, Mode::Packet);
        break;
    case EtherType::Arp: {
        auto arp = ArpPacket::parse(frame.subspan(base));
        const auto parsed = arp.header;
        if (take(packet, std::move(arp), base)) {
            packet.arp = parsed;
            // What follows the 28 bytes pads the frame to Ethernet's minimum size.
            opaque(packet, base + ArpPacket::Size, 0);
        }
        break;
    }
    default:
        break;
    }
    return packet;
}

DecodedPacket decodeIpPacket(ByteView packet)
{
    DecodedPacket decoded;
    decodeByVersion(decoded, packet, Mode::Packet);
    return decoded;
}

DecodedPacket decodeQuotedPacket(ByteView body)
{
    DecodedPacket decoded;
    decodeByVersion(decoded, body, Mode::Quote);
    return decoded;
}

} // namespace portlab::wire
