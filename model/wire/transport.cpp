// SPDX-License-Identifier: GPL-3.0-or-later
#include "transport.h"

#include "checksum.h"
#include "ip.h"
#include "wire_detail.h"

namespace portlab::wire {

using detail::available;
using detail::fatalProblem;
using detail::problem;

namespace {

constexpr std::size_t TcpChecksumOffset = 16;
constexpr std::size_t TcpMaximumHeader = 60;   // the data offset is four bits: 15 words
constexpr std::size_t UdpChecksumOffset = 6;
constexpr std::size_t IcmpChecksumOffset = 2;

QString optionLabel(std::uint8_t kind)
{
    switch (kind) {
    case TcpOptionKind::MaximumSegmentSize: return QStringLiteral("maximum segment size option");
    case TcpOptionKind::WindowScale: return QStringLiteral("window scale option");
    case TcpOptionKind::SackPermitted: return QStringLiteral("SACK permitted option");
    case TcpOptionKind::Sack: return QStringLiteral("SACK option");
    case TcpOptionKind::Timestamps: return QStringLiteral("timestamps option");
    default: return QStringLiteral("option of kind %1").arg(kind);
    }
}

// The lengths RFC 9293, RFC 7323 and RFC 2018 fix. A wrong one is reported but kept, so the
// header still re-emits as it came.
bool optionLengthFits(std::uint8_t kind, std::size_t length)
{
    switch (kind) {
    case TcpOptionKind::MaximumSegmentSize: return length == 4;
    case TcpOptionKind::WindowScale: return length == 3;
    case TcpOptionKind::SackPermitted: return length == 2;
    case TcpOptionKind::Timestamps: return length == 10;
    case TcpOptionKind::Sack: return length >= 10 && (length - 2) % 8 == 0;
    default: return true;
    }
}

QString expectedOptionLength(std::uint8_t kind)
{
    switch (kind) {
    case TcpOptionKind::MaximumSegmentSize: return QStringLiteral("4");
    case TcpOptionKind::WindowScale: return QStringLiteral("3");
    case TcpOptionKind::SackPermitted: return QStringLiteral("2");
    case TcpOptionKind::Timestamps: return QStringLiteral("10");
    default: return QStringLiteral("2 plus 8 per block");
    }
}

void readTcpFixedFields(ByteView bytes, TcpHeader &header)
{
    header.sourcePort = readBe16(bytes, 0);
    header.destinationPort = readBe16(bytes, 2);
    header.sequence = readBe32(bytes, 4);
    if (bytes.size() < TcpHeader::MinimumSize)
        return;
    header.acknowledgement = readBe32(bytes, 8);
    header.flags = bytes[13];
    header.window = readBe16(bytes, 14);
    header.checksum = readBe16(bytes, TcpChecksumOffset);
    header.urgentPointer = readBe16(bytes, 18);
}

// Reads the options of `header` (exactly the data-offset bytes). False on a fatal problem.
bool readTcpOptions(ByteView bytes, TcpHeader &header, std::vector<WireProblem> &problems)
{
    const std::size_t end = bytes.size();
    std::size_t at = TcpHeader::MinimumSize;
    header.options.reserve((end - at) / 2);
    while (at < end) {
        const std::uint8_t kind = bytes[at];
        if (kind == TcpOptionKind::EndOfList) {
            for (std::size_t pad = at + 1; pad < end; ++pad) {
                if (bytes[pad] != 0) {
                    problems.push_back(problem(pad, QStringLiteral("TCP: padding after the end of the option list "
                                                                   "holds a non-zero byte at byte %1").arg(pad)));
                    break;
                }
            }
            // An end-of-list that emit()'s own zero padding reproduces is left out of the
            // value; a longer run is kept as EndOfList entries so the header length survives.
            while (header.headerLength() < end)
                header.options.push_back(TcpOption{TcpOptionKind::EndOfList, {}});
            return true;
        }
        if (kind == TcpOptionKind::Nop) {
            header.options.push_back(TcpOption{TcpOptionKind::Nop, {}});
            ++at;
            continue;
        }
        if (at + 1 >= end) {
            problems.push_back(fatalProblem(at, QStringLiteral("TCP: bad length: the %1 at byte %2 has no length byte "
                                                               "before the header ends")
                                                    .arg(optionLabel(kind)).arg(at)));
            return false;
        }
        const std::size_t length = bytes[at + 1];
        if (length < 2) {
            problems.push_back(fatalProblem(at + 1, QStringLiteral("TCP: bad length: the %1 at byte %2 has length %3, "
                                                                   "less than its own 2 bytes of kind and length")
                                                        .arg(optionLabel(kind)).arg(at).arg(length)));
            return false;
        }
        if (at + length > end) {
            problems.push_back(fatalProblem(at + 1, QStringLiteral("TCP: bad length: the %1 at byte %2 has length %3, "
                                                                   "but only %4 bytes of the header are left")
                                                        .arg(optionLabel(kind)).arg(at).arg(length).arg(end - at)));
            return false;
        }
        if (!optionLengthFits(kind, length))
            problems.push_back(problem(at + 1, QStringLiteral("TCP: bad length: the %1 at byte %2 has length %3, "
                                                              "it should be %4")
                                                   .arg(optionLabel(kind)).arg(at).arg(length)
                                                   .arg(expectedOptionLength(kind))));
        const auto first = bytes.begin() + static_cast<std::ptrdiff_t>(at + 2);
        header.options.push_back(TcpOption{kind, InlineBytes<TcpOption::MaximumDataSize>(first, first + static_cast<std::ptrdiff_t>(length - 2))});
        at += length;
    }
    return true;
}

// `source` null: no checksum check (a quote).
ParseResult<TcpHeader> parseTcp(ByteView segment, const IpAddress *source, const IpAddress *destination)
{
    ParseResult<TcpHeader> result;
    auto &problems = result.problems;
    if (segment.size() < TcpHeader::MinimumSize) {
        problems.push_back(detail::truncatedHeader(u"TCP", TcpHeader::MinimumSize, segment.size()));
        return result;
    }
    const std::size_t dataOffset = segment[12] >> 4;
    const std::size_t headerLength = dataOffset * 4;
    if (dataOffset < 5) {
        problems.push_back(fatalProblem(12, QStringLiteral("TCP: bad length: the data offset is %1 words (%2 bytes), "
                                                           "less than the minimum 5 (20 bytes)")
                                                .arg(dataOffset).arg(headerLength)));
        return result;
    }
    if (headerLength > segment.size()) {
        problems.push_back(fatalProblem(12, QStringLiteral("TCP: truncated: the header needs %1 bytes (data offset %2), %3")
                                                .arg(headerLength).arg(dataOffset).arg(available(segment.size()))));
        return result;
    }
    TcpHeader header;
    readTcpFixedFields(segment, header);
    if (!readTcpOptions(segment.first(headerLength), header, problems))
        return result;
    // The accurate-ECN bit and three reserved ones: the value keeps only the eight flags, so
    // say so rather than lose them silently on re-emit.
    if (const unsigned reserved = segment[12] & 0x0f; reserved != 0)
        problems.push_back(problem(12, QStringLiteral("TCP: reserved bits 0x%1 are set beside the data offset; "
                                                      "the parsed header does not keep them")
                                           .arg(reserved, 0, 16)));
    if (source) {
        const auto pseudo = pseudoHeaderSum(*source, *destination, IpProtocol::Tcp,
                                            static_cast<std::uint32_t>(segment.size()));
        detail::checkChecksum(problems, segment, TcpChecksumOffset, pseudo, QStringLiteral("TCP: checksum"), u"segment");
    }
    result.header = std::move(header);
    return result;
}

QString icmpLayer(bool overIpv6)
{
    return overIpv6 ? QStringLiteral("ICMPv6") : QStringLiteral("ICMP");
}

IcmpHeader readIcmp(ByteView message)
{
    IcmpHeader header;
    header.type = message[0];
    header.code = message[1];
    header.checksum = readBe16(message, IcmpChecksumOffset);
    header.restOfHeader = readBe32(message, 4);
    return header;
}

UdpHeader readUdp(ByteView datagram)
{
    UdpHeader header;
    header.sourcePort = readBe16(datagram, 0);
    header.destinationPort = readBe16(datagram, 2);
    header.length = readBe16(datagram, 4);
    header.checksum = readBe16(datagram, UdpChecksumOffset);
    return header;
}

} // namespace

std::size_t TcpOption::size() const
{
    if (kind == TcpOptionKind::EndOfList || kind == TcpOptionKind::Nop)
        return 1;
    return 2 + data.size();
}

std::size_t TcpHeader::headerLength() const
{
    std::size_t optionBytes = 0;
    for (const auto &option : options)
        optionBytes += option.size();
    return MinimumSize + (optionBytes + 3) / 4 * 4;
}

ParseResult<TcpHeader> TcpHeader::parse(ByteView segment, const IpAddress &source, const IpAddress &destination)
{
    return parseTcp(segment, &source, &destination);
}

void TcpHeader::emit(MutableBytes segment, const IpAddress &source, const IpAddress &destination)
{
    const std::size_t length = headerLength();
    Q_ASSERT(length <= TcpMaximumHeader);
    Q_ASSERT(segment.size() >= length);
    writeBe16(segment, 0, sourcePort);
    writeBe16(segment, 2, destinationPort);
    writeBe32(segment, 4, sequence);
    writeBe32(segment, 8, acknowledgement);
    segment[12] = static_cast<std::uint8_t>((length / 4) << 4);
    segment[13] = flags;
    writeBe16(segment, 14, window);
    writeBe16(segment, TcpChecksumOffset, 0);
    writeBe16(segment, 18, urgentPointer);
    std::size_t at = MinimumSize;
    for (const auto &option : options) {
        segment[at++] = option.kind;
        if (option.size() == 1)
            continue;
        Q_ASSERT(option.size() <= 0xff);
        segment[at++] = static_cast<std::uint8_t>(option.size());
        std::copy(option.data.begin(), option.data.end(), segment.begin() + static_cast<std::ptrdiff_t>(at));
        at += option.data.size();
    }
    std::fill(segment.begin() + static_cast<std::ptrdiff_t>(at),
              segment.begin() + static_cast<std::ptrdiff_t>(length), std::uint8_t{TcpOptionKind::EndOfList});
    checksum = internetChecksum(segment, pseudoHeaderSum(source, destination, IpProtocol::Tcp,
                                                         static_cast<std::uint32_t>(segment.size())));
    writeBe16(segment, TcpChecksumOffset, checksum);
}

ParseResult<UdpHeader> UdpHeader::parse(ByteView datagram, const IpAddress &source, const IpAddress &destination)
{
    ParseResult<UdpHeader> result;
    auto &problems = result.problems;
    if (datagram.size() < Size) {
        problems.push_back(detail::truncatedHeader(u"UDP", Size, datagram.size()));
        return result;
    }
    const UdpHeader header = readUdp(datagram);
    if (header.length < Size) {
        problems.push_back(fatalProblem(4, QStringLiteral("UDP: bad length: the length field is %1, less than the "
                                                          "8-byte header").arg(header.length)));
        return result;
    }
    if (header.length > datagram.size()) {
        problems.push_back(fatalProblem(4, QStringLiteral("UDP: truncated: the length field is %1 bytes, %2")
                                               .arg(header.length).arg(available(datagram.size()))));
        return result;
    }
    if (header.length < datagram.size())
        problems.push_back(problem(4, QStringLiteral("UDP: bad length: the length field is %1, but the datagram "
                                                     "given is %2 bytes").arg(header.length).arg(datagram.size())));
    if (header.checksum == 0) {
        // Over IPv4 zero means the sender computed none (RFC 768); IPv6 made it mandatory
        // (RFC 8200 section 8.1).
        if (source.isV6())
            problems.push_back(problem(UdpChecksumOffset, QStringLiteral("UDP: a zero checksum is not allowed over IPv6")));
    } else {
        const auto pseudo = pseudoHeaderSum(source, destination, IpProtocol::Udp, header.length);
        detail::checkChecksum(problems, datagram.first(header.length), UdpChecksumOffset, pseudo,
                              QStringLiteral("UDP: checksum"), u"datagram", true);
    }
    result.header = header;
    return result;
}

void UdpHeader::emit(MutableBytes datagram, const IpAddress &source, const IpAddress &destination)
{
    Q_ASSERT(length >= Size && datagram.size() >= length);
    writeBe16(datagram, 0, sourcePort);
    writeBe16(datagram, 2, destinationPort);
    writeBe16(datagram, 4, length);
    writeBe16(datagram, UdpChecksumOffset, 0);
    checksum = internetChecksum(datagram.first(length),
                                pseudoHeaderSum(source, destination, IpProtocol::Udp, length));
    // A zero on the wire would say "no checksum"; all ones is the same sum (RFC 768).
    if (checksum == 0)
        checksum = 0xffff;
    writeBe16(datagram, UdpChecksumOffset, checksum);
}

ParseResult<IcmpHeader> IcmpHeader::parse(ByteView message, const IpAddress &source, const IpAddress &destination)
{
    ParseResult<IcmpHeader> result;
    const bool overIpv6 = source.isV6();
    if (message.size() < Size) {
        result.problems.push_back(detail::truncatedHeader(icmpLayer(overIpv6), Size, message.size()));
        return result;
    }
    const std::uint32_t pseudo = overIpv6
        ? pseudoHeaderSum(source, destination, IpProtocol::Icmpv6, static_cast<std::uint32_t>(message.size()))
        : 0;
    detail::checkChecksum(result.problems, message, IcmpChecksumOffset, pseudo,
                          icmpLayer(overIpv6) + QStringLiteral(": checksum"), u"message");
    result.header = readIcmp(message);
    return result;
}

void IcmpHeader::emit(MutableBytes message, const IpAddress &source, const IpAddress &destination)
{
    Q_ASSERT(message.size() >= Size);
    message[0] = type;
    message[1] = code;
    writeBe16(message, IcmpChecksumOffset, 0);
    writeBe32(message, 4, restOfHeader);
    const std::uint32_t pseudo = source.isV6()
        ? pseudoHeaderSum(source, destination, IpProtocol::Icmpv6, static_cast<std::uint32_t>(message.size()))
        : 0;
    checksum = internetChecksum(message, pseudo);
    writeBe16(message, IcmpChecksumOffset, checksum);
}

ParseResult<TcpHeader> detail::parseQuotedTcp(ByteView segment, std::size_t &headerBytes)
{
    ParseResult<TcpHeader> result;
    headerBytes = 0;
    if (segment.size() < 8) {
        result.problems.push_back(fatalProblem(0, QStringLiteral("TCP: truncated: the quoted header needs 8 bytes for "
                                                                 "the ports and sequence number, %1")
                                                      .arg(available(segment.size()))));
        return result;
    }
    if (segment.size() >= TcpHeader::MinimumSize) {
        const std::size_t headerLength = static_cast<std::size_t>(segment[12] >> 4) * 4;
        if (headerLength <= segment.size()) {
            auto full = parseTcp(segment, nullptr, nullptr);
            if (full.header) {
                headerBytes = headerLength;
                return full;
            }
            // The ports are still worth having; what spoilt the rest stays reported.
            for (auto &found : full.problems)
                found.fatal = false;
            result.problems = std::move(full.problems);
        }
    }
    TcpHeader header;
    readTcpFixedFields(segment, header);
    headerBytes = segment.size();
    result.header = std::move(header);
    return result;
}

ParseResult<UdpHeader> detail::parseQuotedUdp(ByteView datagram)
{
    ParseResult<UdpHeader> result;
    if (datagram.size() < UdpHeader::Size) {
        result.problems.push_back(truncatedHeader(u"UDP", UdpHeader::Size, datagram.size()));
        return result;
    }
    result.header = readUdp(datagram);
    if (result.header->length < UdpHeader::Size)
        result.problems.push_back(problem(4, QStringLiteral("UDP: bad length: the length field is %1, less than the "
                                                            "8-byte header").arg(result.header->length)));
    return result;
}

ParseResult<IcmpHeader> detail::parseQuotedIcmp(ByteView message, bool overIpv6)
{
    ParseResult<IcmpHeader> result;
    if (message.size() < IcmpHeader::Size) {
        result.problems.push_back(truncatedHeader(icmpLayer(overIpv6), IcmpHeader::Size, message.size()));
        return result;
    }
    result.header = readIcmp(message);
    return result;
}

} // namespace portlab::wire
