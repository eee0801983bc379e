// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "arp.h"
#include "ethernet.h"
#include "ip.h"
#include "transport.h"

namespace portlab::wire {

// A packet read layer by layer, each layer from the bytes the one below said were its payload.
// Offsets count from the start of the bytes decoded. What no parser understands is payload:
// opaque, never dropped.
struct DecodedPacket {
    std::optional<EthernetHeader> ethernet;
    std::optional<ArpPacket> arp;
    std::optional<Ipv4Header> ipv4;
    std::optional<Ipv6Header> ipv6;
    std::optional<TcpHeader> tcp;
    std::optional<UdpHeader> udp;
    std::optional<IcmpHeader> icmp;
    std::size_t networkOffset = 0;     // where the IP header or ARP packet starts
    std::size_t transportOffset = 0;   // where TCP/UDP/ICMP starts (valid when one parsed)
    std::size_t payloadOffset = 0;     // application data, or the ICMP body
    std::size_t payloadLength = 0;
    std::vector<WireProblem> problems; // offsets from the start of the decoded bytes

    const IpAddress *sourceAddress() const;        // of the IP header, if any
    const IpAddress *destinationAddress() const;
};

DecodedPacket decodeEthernetFrame(ByteView frame);
// Starts at the network layer: for captures whose link layer is not Ethernet.
DecodedPacket decodeIpPacket(ByteView packet);
// The original datagram quoted in an ICMP destination unreachable body: an IP header and at least
// the first 8 bytes of its transport header (so a truncated TCP/UDP header is expected there,
// its ports readable, its checksum not checkable).
DecodedPacket decodeQuotedPacket(ByteView body);

} // namespace portlab::wire
