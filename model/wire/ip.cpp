// SPDX-License-Identifier: GPL-3.0-or-later
#include "ip.h"

#include "checksum.h"
#include "wire_detail.h"

namespace portlab::wire {

namespace {

constexpr std::uint8_t Ipv4ReservedFlag = 0x4;
constexpr std::uint8_t Ipv4DontFragment = 0x2;
constexpr std::uint8_t Ipv4MoreFragments = 0x1;
constexpr std::size_t Ipv4ChecksumOffset = 10;
constexpr std::size_t Ipv4MaximumHeader = 60;   // IHL is four bits: at most 15 words

IpAddress readV6(ByteView bytes, std::size_t offset)
{
    std::array<std::uint8_t, 16> address{};
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(offset), 16, address.begin());
    return IpAddress::v6(address);
}

void writeAddress(MutableBytes out, std::size_t offset, const IpAddress &address, std::size_t size)
{
    std::copy_n(address.bytes().begin(), size, out.begin() + static_cast<std::ptrdiff_t>(offset));
}

} // namespace

ParseResult<Ipv4Header> detail::parseIpv4(ByteView packet, bool quoted)
{
    ParseResult<Ipv4Header> result;
    auto &problems = result.problems;
    if (packet.size() < Ipv4Header::MinimumSize) {
        problems.push_back(truncatedHeader(u"IPv4", Ipv4Header::MinimumSize, packet.size()));
        return result;
    }
    const unsigned version = packet[0] >> 4;
    if (version != 4) {
        problems.push_back(fatalProblem(0, QStringLiteral("IPv4: version is %1, not 4").arg(version)));
        return result;
    }
    const std::size_t ihl = packet[0] & 0x0f;
    const std::size_t headerLength = ihl * 4;
    if (ihl < 5) {
        problems.push_back(fatalProblem(0, QStringLiteral("IPv4: bad length: the header length field is %1 words "
                                                          "(%2 bytes), less than the minimum 5 (20 bytes)")
                                               .arg(ihl).arg(headerLength)));
        return result;
    }
    if (headerLength > packet.size()) {
        problems.push_back(fatalProblem(0, QStringLiteral("IPv4: truncated: the header needs %1 bytes (IHL %2), %3")
                                               .arg(headerLength).arg(ihl).arg(available(packet.size()))));
        return result;
    }
    const std::uint16_t totalLength = readBe16(packet, 2);
    if (totalLength < headerLength) {
        problems.push_back(fatalProblem(2, QStringLiteral("IPv4: bad length: total length is %1, less than the "
                                                          "%2-byte header")
                                               .arg(totalLength).arg(headerLength)));
        return result;
    }
    if (!quoted && totalLength > packet.size()) {
        problems.push_back(fatalProblem(2, QStringLiteral("IPv4: truncated: total length is %1 bytes, %2")
                                               .arg(totalLength).arg(available(packet.size()))));
        return result;
    }

    Ipv4Header header;
    header.typeOfService = packet[1];
    header.totalLength = totalLength;
    header.identification = readBe16(packet, 4);
    const std::uint8_t flags = static_cast<std::uint8_t>(packet[6] >> 5);
    header.dontFragment = (flags & Ipv4DontFragment) != 0;
    header.moreFragments = (flags & Ipv4MoreFragments) != 0;
    header.fragmentOffset = readBe16(packet, 6) & 0x1fff;
    header.timeToLive = packet[8];
    header.protocol = packet[9];
    header.checksum = readBe16(packet, Ipv4ChecksumOffset);
    header.source = IpAddress::v4(readBe32(packet, 12));
    header.destination = IpAddress::v4(readBe32(packet, 16));
    header.options = {packet.begin() + Ipv4Header::MinimumSize, packet.begin() + static_cast<std::ptrdiff_t>(headerLength)};
    // RFC 791 reserves the bit; the parsed value has no place for it, so emit() would clear it.
    if (flags & Ipv4ReservedFlag)
        problems.push_back(problem(6, QStringLiteral("IPv4: the reserved flag bit is set")));
    checkChecksum(problems, packet.first(headerLength), Ipv4ChecksumOffset, 0,
                  QStringLiteral("IPv4: header checksum"), u"header");
    result.header = std::move(header);
    return result;
}

ParseResult<Ipv4Header> Ipv4Header::parse(ByteView packet)
{
    return detail::parseIpv4(packet, false);
}

void Ipv4Header::emit(MutableBytes out)
{
    const std::size_t length = headerLength();
    Q_ASSERT(options.size() % 4 == 0 && length <= Ipv4MaximumHeader);
    Q_ASSERT(out.size() >= length);
    out[0] = static_cast<std::uint8_t>(0x40 | (length / 4));
    out[1] = typeOfService;
    writeBe16(out, 2, totalLength);
    writeBe16(out, 4, identification);
    const unsigned flags = (dontFragment ? Ipv4DontFragment : 0u) | (moreFragments ? Ipv4MoreFragments : 0u);
    writeBe16(out, 6, static_cast<std::uint16_t>((flags << 13) | (fragmentOffset & 0x1fff)));
    out[8] = timeToLive;
    out[9] = protocol;
    writeBe16(out, Ipv4ChecksumOffset, 0);
    writeAddress(out, 12, source, 4);
    writeAddress(out, 16, destination, 4);
    std::copy(options.begin(), options.end(), out.begin() + MinimumSize);
    checksum = internetChecksum(out.first(length));
    writeBe16(out, Ipv4ChecksumOffset, checksum);
}

ParseResult<Ipv6Header> detail::parseIpv6(ByteView packet, bool quoted)
{
    ParseResult<Ipv6Header> result;
    if (packet.size() < Ipv6Header::Size) {
        result.problems.push_back(truncatedHeader(u"IPv6", Ipv6Header::Size, packet.size()));
        return result;
    }
    const unsigned version = packet[0] >> 4;
    if (version != 6) {
        result.problems.push_back(fatalProblem(0, QStringLiteral("IPv6: version is %1, not 6").arg(version)));
        return result;
    }
    const std::uint16_t payloadLength = readBe16(packet, 4);
    const std::size_t payloadHere = packet.size() - Ipv6Header::Size;
    if (!quoted && payloadLength > payloadHere) {
        result.problems.push_back(fatalProblem(4, QStringLiteral("IPv6: truncated: payload length is %1 bytes, %2")
                                                      .arg(payloadLength).arg(available(payloadHere))));
        return result;
    }
    Ipv6Header header;
    const std::uint32_t first = readBe32(packet, 0);
    header.trafficClass = static_cast<std::uint8_t>(first >> 20);
    header.flowLabel = first & 0xfffff;
    header.payloadLength = payloadLength;
    header.nextHeader = packet[6];
    header.hopLimit = packet[7];
    header.source = readV6(packet, 8);
    header.destination = readV6(packet, 24);
    result.header = header;
    return result;
}

ParseResult<Ipv6Header> Ipv6Header::parse(ByteView packet)
{
    return detail::parseIpv6(packet, false);
}

void Ipv6Header::emit(MutableBytes out) const
{
    Q_ASSERT(out.size() >= Size);
    writeBe32(out, 0, (6u << 28) | (std::uint32_t{trafficClass} << 20) | (flowLabel & 0xfffff));
    writeBe16(out, 4, payloadLength);
    out[6] = nextHeader;
    out[7] = hopLimit;
    writeAddress(out, 8, source, 16);
    writeAddress(out, 24, destination, 16);
}

} // namespace portlab::wire
