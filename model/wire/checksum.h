// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bytes.h"
#include "net/ip_address.h"

namespace portlab::wire {

// RFC 1071: the ones' complement of the ones' complement sum of 16-bit words. `partialSum`
// carries an already-summed part (a pseudo-header) into the sum.
std::uint32_t onesComplementSum(ByteView bytes, std::uint32_t partialSum = 0);
std::uint16_t foldChecksum(std::uint32_t sum);   // fold the carries, complement
std::uint16_t internetChecksum(ByteView bytes, std::uint32_t partialSum = 0);
// RFC 1624: a checksum brought up to date after the 16-bit words `before` became `after`
// (both of even length), without summing the rest again, as NAT does to a packet it rewrites.
std::uint16_t adjustedChecksum(std::uint16_t checksum, ByteView before, ByteView after);

// The pseudo-header TCP, UDP (RFC 768, RFC 8200 8.1) and ICMPv6 sum before their own bytes:
// source and destination address, protocol number and the transport length.
std::uint32_t pseudoHeaderSum(const IpAddress &source, const IpAddress &destination,
                              std::uint8_t protocol, std::uint32_t transportLength);

} // namespace portlab::wire
