// SPDX-License-Identifier: GPL-3.0-or-later
#include "checksum.h"

namespace portlab::wire {

namespace {

// Folding keeps the running sum within 16 bits plus carries, so any length of input and any
// partial sum can be added without overflow.
std::uint32_t foldCarries(std::uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint32_t>(sum);
}

} // namespace

std::uint32_t onesComplementSum(ByteView bytes, std::uint32_t partialSum)
{
    std::uint64_t sum = partialSum;
    const std::size_t evenLength = bytes.size() & ~std::size_t{1};
    for (std::size_t i = 0; i < evenLength; i += 2)
        sum += readBe16(bytes, i);
    // An odd last byte is the high half of a word whose low half is zero (RFC 1071).
    if (evenLength != bytes.size())
        sum += std::uint64_t{bytes[evenLength]} << 8;
    return foldCarries(sum);
}

std::uint16_t foldChecksum(std::uint32_t sum)
{
    return static_cast<std::uint16_t>(~foldCarries(sum));
}

std::uint16_t internetChecksum(ByteView bytes, std::uint32_t partialSum)
{
    return foldChecksum(onesComplementSum(bytes, partialSum));
}

std::uint16_t adjustedChecksum(std::uint16_t checksum, ByteView before, ByteView after)
{
    // HC' = ~(~HC + ~m + m'): take each old word out of the sum, put the new one in.
    std::uint64_t sum = static_cast<std::uint16_t>(~checksum);
    for (std::size_t i = 0; i + 1 < before.size(); i += 2)
        sum += static_cast<std::uint16_t>(~readBe16(before, i));
    sum += onesComplementSum(after);
    return foldChecksum(foldCarries(sum));
}

std::uint32_t pseudoHeaderSum(const IpAddress &source, const IpAddress &destination,
                              std::uint8_t protocol, std::uint32_t transportLength)
{
    const std::size_t addressSize = source.isV4() ? 4 : 16;
    std::uint64_t sum = onesComplementSum(ByteView(source.bytes().data(), addressSize));
    sum += onesComplementSum(ByteView(destination.bytes().data(), addressSize));
    // IPv4 has a zero byte and the protocol, then a 16-bit length; IPv6 a 32-bit length, three
    // zero bytes and the next header. Both sum to the same words.
    sum += protocol;
    sum += transportLength >> 16;
    sum += transportLength & 0xffff;
    return foldCarries(sum);
}

} // namespace portlab::wire
