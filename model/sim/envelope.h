// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/socket.h"

#include <QByteArray>

namespace portlab {

enum class EnvelopeKind : std::uint8_t { TcpSegment, UdpDatagram, IcmpPortUnreachable };

namespace TcpFlag {
inline constexpr std::uint8_t Fin = 0x01;
inline constexpr std::uint8_t Syn = 0x02;
inline constexpr std::uint8_t Rst = 0x04;
inline constexpr std::uint8_t Psh = 0x08;
inline constexpr std::uint8_t Ack = 0x10;
}

// One packet on its way between two hosts: addresses and ports as they travel on the wire
// (an IPv4 conversation of a dual-stack socket travels as IPv4).
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
    QByteArray payload;
    // ICMP destination unreachable quotes the datagram that caused it.
    Protocol quotedProtocol = Protocol::Udp;
    Endpoint quotedSource;
    Endpoint quotedDestination;

    bool has(std::uint8_t flag) const { return (tcpFlags & flag) != 0; }
    Protocol protocol() const { return kind == EnvelopeKind::TcpSegment ? Protocol::Tcp : Protocol::Udp; }
};

QString tcpFlagsText(std::uint8_t flags);   // "SYN, ACK"
QString envelopeKindName(const Envelope &envelope);   // "SYN", "SYN-ACK", "UDP", "ICMP port unreachable"
QString envelopeSummary(const Envelope &envelope);    // "TCP 10.0.0.2:51000 → 10.0.0.1:80 [SYN]"

} // namespace portlab
