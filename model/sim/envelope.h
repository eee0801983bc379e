// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/socket.h"
#include "wire/transport.h"

#include <QByteArray>

namespace portlab {

enum class EnvelopeKind : std::uint8_t { TcpSegment, UdpDatagram, IcmpPortUnreachable };

// The layers a host's stack has, top to bottom, as the stage draws them.
enum class StackLayer : std::uint8_t { Application, Transport, Network, Link };
QString stackLayerName(StackLayer layer);   // "transport"

// The flag bits as the TCP header holds them; one set of constants for the model and the bytes.
namespace TcpFlag = wire::TcpFlags;

// What a TCP header carries besides ports, numbers and flags. Linux puts MSS, SACK permitted,
// timestamps and window scale on a SYN, and timestamps on every later segment of the connection.
struct TcpHeaderExtras {
    std::uint16_t window = 0;
    std::uint16_t maximumSegmentSize = 0;   // 0: no MSS option (only a SYN has one)
    bool synOptions = false;                // SACK permitted and window scale, as on a SYN
    bool timestamps = false;
    std::uint32_t timestampValue = 0;
    std::uint32_t timestampEcho = 0;
};

// What the IP header carries besides addresses and protocol.
struct IpHeaderExtras {
    std::uint16_t identification = 0;   // IPv4 only
    bool dontFragment = true;           // IPv4 only
    std::uint32_t flowLabel = 0;        // IPv6 only
    std::uint8_t routersPassed = 0;     // each router that forwarded it took one from its time to live
};

// One packet on its way between two hosts: addresses and ports as they travel on the wire
// (an IPv4 conversation of a dual-stack socket travels as IPv4). `frame` holds its bytes from the
// Ethernet header on, written when it went down the sender's stack; the receiver reads every
// field above back from those bytes.
struct Envelope {
    std::uint64_t id = 0;
    EnvelopeKind kind = EnvelopeKind::TcpSegment;
    HostId fromHost = 0;
    HostId toHost = 0;
    Endpoint source;
    Endpoint destination;
    std::uint8_t tcpFlags = 0;
    std::uint32_t sequence = 0;
    std::uint32_t acknowledgement = 0;
    QByteArray payload;           // application data; for ICMP, the quoted original packet
    TcpHeaderExtras tcp;
    IpHeaderExtras ip;
    // ICMP destination unreachable (the kind keeps the name of its commonest code) carries its
    // code as on the wire: port unreachable, or what a firewall's REJECT chose. It quotes the
    // datagram that caused it.
    std::uint8_t icmpCode = wire::IcmpType::PortUnreachableCode;
    Protocol quotedProtocol = Protocol::Udp;
    Endpoint quotedSource;
    Endpoint quotedDestination;
    // For an answer a firewall's REJECT sent: which host's rule, in words. Not on the wire; the
    // receiver's explanations say who really answered.
    QString rejectedBy;
    QByteArray frame;
    std::uint16_t networkOffset = 0;     // where the IP header starts in `frame`
    std::uint16_t transportOffset = 0;   // where the TCP, UDP or ICMP header starts
    std::uint16_t payloadOffset = 0;     // where the data (or the ICMP body) starts

    // The bytes a layer hands to the one below it (going down) or takes from it (going up):
    // the application's data, the transport segment, the IP packet, the whole frame.
    QByteArray bytesAt(StackLayer layer) const;

    bool has(std::uint8_t flag) const { return (tcpFlags & flag) != 0; }
    Protocol protocol() const { return kind == EnvelopeKind::TcpSegment ? Protocol::Tcp : Protocol::Udp; }
};

QString tcpFlagsText(std::uint8_t flags);   // "SYN, ACK"
QString envelopeKindName(const Envelope &envelope);   // "SYN", "SYN-ACK", "UDP", "ICMP port unreachable"
QString icmpUnreachableText(const Envelope &envelope);   // "port unreachable", "administratively prohibited"
QString envelopeSummary(const Envelope &envelope);    // "TCP 10.0.0.2:51000 → 10.0.0.1:80 [SYN]"

} // namespace portlab
