// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the wire-format parsers only: problem sentences, checksum checks, and the lenient
// parsers decodeQuotedPacket() needs for the cut-off datagram an ICMP error quotes.
#pragma once

#include "bytes.h"
#include "ip.h"
#include "transport.h"

#include <QStringView>

namespace portlab::wire::detail {

QString hex16(std::uint16_t value);    // "0x1c46"
// "only 13 are here", "only 1 is here", "none are here"
QString available(std::size_t count);

WireProblem fatalProblem(std::size_t offset, const QString &text);
WireProblem problem(std::size_t offset, const QString &text);
// "IPv4: truncated: the header needs 20 bytes, only 13 are here"
WireProblem truncatedHeader(QStringView layer, std::size_t needed, std::size_t have);

// The checksum `bytes` call for: summed with the 16-bit field at the even `fieldOffset` taken
// as zero, after the pseudo-header sum.
std::uint16_t expectedChecksum(ByteView bytes, std::size_t fieldOffset, std::uint32_t partialSum);
// Adds "<layer>: <field> is 0x.. but the <unit> sums to 0x.." when the bytes do not sum to zero.
// `zeroMeansAllOnes`: UDP sends a computed 0 as 0xffff.
void checkChecksum(std::vector<WireProblem> &problems, ByteView bytes, std::size_t fieldOffset,
                   std::uint32_t partialSum, const QString &prefix, QStringView unit,
                   bool zeroMeansAllOnes = false);

// In a quote, the IP length fields describe the original datagram, which the quote cuts short.
ParseResult<Ipv4Header> parseIpv4(ByteView packet, bool quoted);
ParseResult<Ipv6Header> parseIpv6(ByteView packet, bool quoted);

// A quoted transport header: the ports (and TCP sequence) from the first 8 bytes, the rest of
// the header when the quote holds all of it; never a checksum check, since the quote rarely holds
// the whole segment. `headerBytes` receives how many bytes of the header were read.
ParseResult<TcpHeader> parseQuotedTcp(ByteView segment, std::size_t &headerBytes);
ParseResult<UdpHeader> parseQuotedUdp(ByteView datagram);
ParseResult<IcmpHeader> parseQuotedIcmp(ByteView message, bool overIpv6);

} // namespace portlab::wire::detail
