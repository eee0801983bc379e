// SPDX-License-Identifier: GPL-3.0-or-later
// Capture files. The formats follow the IETF drafts that describe them (draft-ietf-opsawg-pcap,
// draft-ietf-opsawg-pcapng) and tcpdump.org's list of link-layer header types.
//
// The reader trusts no length in the file: every length is checked against the bytes that are
// really there before anything is read or copied, so a damaged file ends in an error that says
// where, never in a crash or a huge allocation.
#include "capture.h"

#include <QFile>
#include <QIODevice>

#include <algorithm>
#include <cstring>
#include <limits>
#include <span>

namespace portlab::wire {

namespace {

constexpr std::uint32_t kPcapMicrosecondMagic = 0xa1b2c3d4;
constexpr std::uint32_t kPcapNanosecondMagic = 0xa1b23c4d;
constexpr std::size_t kPcapFileHeaderLength = 24;
constexpr std::size_t kPcapRecordHeaderLength = 16;

constexpr std::uint32_t kSectionHeaderBlock = 0x0a0d0d0a;   // reads the same in both byte orders
constexpr std::uint32_t kInterfaceDescriptionBlock = 1;
constexpr std::uint32_t kObsoletePacketBlock = 2;
constexpr std::uint32_t kSimplePacketBlock = 3;
constexpr std::uint32_t kNameResolutionBlock = 4;
constexpr std::uint32_t kInterfaceStatisticsBlock = 5;
constexpr std::uint32_t kEnhancedPacketBlock = 6;
constexpr std::uint32_t kDecryptionSecretsBlock = 0x0a;
constexpr std::uint32_t kCustomBlock = 0x00000bad;
constexpr std::uint32_t kCustomBlockNotCopied = 0x40000bad;
constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;
constexpr std::size_t kBlockFrameLength = 12;   // type, leading length, trailing length

constexpr std::uint16_t kOptionEnd = 0;
constexpr std::uint16_t kOptionTimestampResolution = 9;   // if_tsresol
constexpr std::uint16_t kOptionTimestampOffset = 14;      // if_tsoffset

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
constexpr std::uint16_t kEtherTypeVlan = 0x8100;
constexpr std::uint16_t kEtherTypeServiceVlan = 0x88a8;   // the outer tag of 802.1ad (Q-in-Q)

constexpr std::uint32_t kLinkTypeIpv4 = 228;
constexpr std::uint32_t kLinkTypeIpv6 = 229;

constexpr std::int64_t kNanosecondsPerSecond = 1'000'000'000;

constexpr std::uint32_t swapBytes(std::uint32_t value)
{
    return (value >> 24) | ((value >> 8) & 0xff00u) | ((value << 8) & 0xff0000u) | (value << 24);
}

// Wider than any product of a 64-bit tick count and 10^9, so timestamp arithmetic cannot wrap.
__extension__ typedef unsigned __int128 Uint128;

QString number(std::size_t value) { return QString::number(value); }

QString hex32(std::uint32_t value)
{
    return QStringLiteral("0x%1").arg(value, 8, 16, QLatin1Char('0'));
}

// "the 6 records before it are intact": tells the user what is still usable.
QString intactRecords(std::size_t count)
{
    if (count == 0)
        return QStringLiteral("no record comes before it");
    if (count == 1)
        return QStringLiteral("the record before it is intact");
    return QStringLiteral("the %1 records before it are intact").arg(count);
}

QString truncatedHint(std::size_t recordsBefore)
{
    return QStringLiteral("the capture was probably cut off while being written; ")
        + intactRecords(recordsBefore);
}

QString damagedHint(std::size_t recordsBefore)
{
    return QStringLiteral("the file is damaged here; ") + intactRecords(recordsBefore);
}

// Bytes of a file or a record, read in the byte order their writer used. The caller checks the
// bounds first (`has()`, `size()`); the accessors themselves check nothing.
class ByteReader {
public:
    explicit ByteReader(const QByteArray &bytes)
        : m_data(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                 static_cast<std::size_t>(bytes.size()))
    {
    }

    std::size_t size() const { return m_data.size(); }
    std::size_t remainingFrom(std::size_t offset) const
    {
        return offset < m_data.size() ? m_data.size() - offset : 0;
    }
    bool has(std::size_t offset, std::size_t length) const { return length <= remainingFrom(offset); }

    std::uint8_t u8(std::size_t offset) const { return m_data[offset]; }
    std::uint16_t u16(std::size_t offset, bool bigEndian) const
    {
        const auto first = m_data[offset];
        const auto second = m_data[offset + 1];
        return bigEndian ? static_cast<std::uint16_t>((first << 8) | second)
                         : static_cast<std::uint16_t>((second << 8) | first);
    }
    std::uint32_t u32(std::size_t offset, bool bigEndian) const
    {
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            const std::size_t index = bigEndian ? offset + i : offset + 3 - i;
            value = (value << 8) | m_data[index];
        }
        return value;
    }
    std::uint64_t u64(std::size_t offset, bool bigEndian) const
    {
        const std::uint64_t first = u32(offset, bigEndian);
        const std::uint64_t second = u32(offset + 4, bigEndian);
        return bigEndian ? (first << 32) | second : (second << 32) | first;
    }
    QByteArray copy(std::size_t offset, std::size_t length) const
    {
        return QByteArray(reinterpret_cast<const char *>(m_data.data() + offset),
                          static_cast<qsizetype>(length));
    }

private:
    std::span<const std::uint8_t> m_data;
};

CaptureError makeError(std::size_t recordIndex, std::size_t offset, QString message, QString hint)
{
    return CaptureError{recordIndex, offset, std::move(message), std::move(hint)};
}

// ---- classic pcap ------------------------------------------------------------------------------

class ClassicPcapReader {
public:
    ClassicPcapReader(const ByteReader &bytes, bool bigEndian, bool nanoseconds)
        : m_bytes(bytes), m_bigEndian(bigEndian), m_nanoseconds(nanoseconds)
    {
    }

    CaptureContents read()
    {
        CaptureContents contents;
        contents.error = readHeader();
        if (!contents.error)
            contents.error = readRecords(contents.records);
        return contents;
    }

private:
    std::optional<CaptureError> readHeader()
    {
        if (!m_bytes.has(0, kPcapFileHeaderLength)) {
            return makeError(0, 0,
                QStringLiteral("truncated: the pcap file header at byte 0 needs %1 bytes, the file ends after %2")
                    .arg(number(kPcapFileHeaderLength), number(m_bytes.size())),
                QStringLiteral("the capture was probably cut off before its header was complete; it holds no record"));
        }
        const auto major = m_bytes.u16(4, m_bigEndian);
        const auto minor = m_bytes.u16(6, m_bigEndian);
        if (major != 2) {
            return makeError(0, 0,
                QStringLiteral("file header at byte 0: pcap version %1.%2 is not one this reader knows (2.x)")
                    .arg(major).arg(minor),
                QStringLiteral("save the capture again with Wireshark or tshark, as pcap or pcapng"));
        }
        m_snapLength = m_bytes.u32(16, m_bigEndian);
        // The upper 16 bits may carry the length of a frame check sequence, not the link type.
        m_linkType = m_bytes.u32(20, m_bigEndian) & 0xffffu;
        return std::nullopt;
    }

    std::optional<CaptureError> readRecords(std::vector<CaptureRecord> &records)
    {
        std::size_t offset = kPcapFileHeaderLength;
        while (offset < m_bytes.size()) {
            const std::size_t index = records.size() + 1;
            const auto where = QStringLiteral("record %1 at byte %2").arg(number(index), number(offset));
            const std::size_t available = m_bytes.remainingFrom(offset);
            if (!m_bytes.has(offset, kPcapRecordHeaderLength)) {
                return makeError(index, offset,
                    QStringLiteral("truncated: %1 needs %2 bytes for its header, the file ends after %3")
                        .arg(where, number(kPcapRecordHeaderLength), number(available)),
                    truncatedHint(records.size()));
            }
            const std::uint32_t seconds = m_bytes.u32(offset, m_bigEndian);
            const std::uint32_t fraction = m_bytes.u32(offset + 4, m_bigEndian);
            const std::uint32_t capturedLength = m_bytes.u32(offset + 8, m_bigEndian);
            const std::uint32_t originalLength = m_bytes.u32(offset + 12, m_bigEndian);
            if (m_snapLength != 0 && capturedLength > m_snapLength) {
                return makeError(index, offset,
                    QStringLiteral("%1: captured length %2 is larger than the snapshot length %3")
                        .arg(where).arg(capturedLength).arg(m_snapLength),
                    QStringLiteral("the record's length field is probably damaged; ") + intactRecords(records.size()));
            }
            if (capturedLength > originalLength) {
                return makeError(index, offset,
                    QStringLiteral("%1: captured length %2 is larger than the original length %3")
                        .arg(where).arg(capturedLength).arg(originalLength),
                    QStringLiteral("the record's length fields are probably damaged; ") + intactRecords(records.size()));
            }
            const std::size_t recordLength = kPcapRecordHeaderLength + capturedLength;
            if (!m_bytes.has(offset, recordLength)) {
                return makeError(index, offset,
                    QStringLiteral("truncated: %1 needs %2 bytes, the file ends after %3")
                        .arg(where, number(recordLength), number(available)),
                    truncatedHint(records.size()));
            }
            CaptureRecord record;
            record.index = index;
            record.fileOffset = offset;
            // Cannot overflow: 2^32 seconds are 4.3e18 ns, well inside int64.
            record.timestampNs = std::int64_t{seconds} * kNanosecondsPerSecond
                + std::int64_t{fraction} * (m_nanoseconds ? 1 : 1000);
            record.linkType = m_linkType;
            record.originalLength = originalLength;
            record.bytes = m_bytes.copy(offset + kPcapRecordHeaderLength, capturedLength);
            records.push_back(std::move(record));
            offset += recordLength;
        }
        return std::nullopt;
    }

    const ByteReader &m_bytes;
    bool m_bigEndian;
    bool m_nanoseconds;
    std::uint32_t m_snapLength = 0;
    std::uint32_t m_linkType = 0;
};

// ---- pcapng ------------------------------------------------------------------------------------

struct InterfaceDescription {
    std::uint32_t linkType = 0;
    std::uint32_t snapLength = 0;      // 0: no limit
    bool resolutionPowerOfTwo = false;
    std::uint8_t resolutionExponent = 6;   // the default: microseconds
    std::int64_t offsetSeconds = 0;
};

QString blockName(std::uint32_t type)
{
    switch (type) {
    case kSectionHeaderBlock: return QStringLiteral("Section Header Block");
    case kInterfaceDescriptionBlock: return QStringLiteral("Interface Description Block");
    case kObsoletePacketBlock: return QStringLiteral("Packet Block");
    case kSimplePacketBlock: return QStringLiteral("Simple Packet Block");
    case kNameResolutionBlock: return QStringLiteral("Name Resolution Block");
    case kInterfaceStatisticsBlock: return QStringLiteral("Interface Statistics Block");
    case kEnhancedPacketBlock: return QStringLiteral("Enhanced Packet Block");
    case kDecryptionSecretsBlock: return QStringLiteral("Decryption Secrets Block");
    case kCustomBlock:
    case kCustomBlockNotCopied: return QStringLiteral("Custom Block");
    default: return QStringLiteral("block of type %1").arg(hex32(type));
    }
}

bool isPacketBlock(std::uint32_t type)
{
    return type == kEnhancedPacketBlock || type == kSimplePacketBlock || type == kObsoletePacketBlock;
}

class PcapngReader {
public:
    explicit PcapngReader(const ByteReader &bytes) : m_bytes(bytes) {}

    CaptureContents read()
    {
        CaptureContents contents;
        contents.nextGeneration = true;
        std::size_t offset = 0;
        while (offset < m_bytes.size() && !contents.error) {
            std::size_t blockLength = 0;
            contents.error = readBlock(offset, contents.records, blockLength);
            offset += blockLength;
        }
        return contents;
    }

private:
    // Where a block is, in words and in the error's numbers. A packet block is the record it
    // holds; any other block is placed among the records, and the first one is the file header.
    struct Place {
        std::size_t recordIndex = 0;
        QString text;   // "record 7 at byte 1200", "Interface Description Block at byte 180 (before record 1)"
    };

    Place placeOf(std::uint32_t type, std::size_t offset, std::size_t recordsBefore) const
    {
        const std::size_t next = recordsBefore + 1;
        if (isPacketBlock(type))
            return {next, QStringLiteral("record %1 at byte %2").arg(number(next), number(offset))};
        return placeOfOther(blockName(type), offset, recordsBefore);
    }
    Place placeOfOther(const QString &name, std::size_t offset, std::size_t recordsBefore) const
    {
        const std::size_t next = recordsBefore + 1;
        if (offset == 0)
            return {0, QStringLiteral("%1 at byte 0 (the file header)").arg(name)};
        return {next, QStringLiteral("%1 at byte %2 (before record %3)").arg(name, number(offset), number(next))};
    }

    // Reads the block at `offset`; on success `blockLength` says how far to move on.
    std::optional<CaptureError> readBlock(std::size_t offset, std::vector<CaptureRecord> &records,
                                          std::size_t &blockLength)
    {
        const std::size_t available = m_bytes.remainingFrom(offset);
        const std::size_t recordsBefore = records.size();
        if (available < 8) {
            // Without its type, a block cut this short cannot even be called a record.
            const Place place = available >= 4 ? placeOf(m_bytes.u32(offset, m_bigEndian), offset, recordsBefore)
                                               : placeOfOther(QStringLiteral("block"), offset, recordsBefore);
            return makeError(place.recordIndex, offset,
                QStringLiteral("truncated: %1 needs at least %2 bytes, the file ends after %3")
                    .arg(place.text, number(kBlockFrameLength), number(available)),
                truncatedHint(recordsBefore));
        }
        const std::uint32_t rawType = m_bytes.u32(offset, true);
        if (rawType == kSectionHeaderBlock) {
            // A section states its own byte order, so it must be read before the length is.
            const Place place = placeOf(rawType, offset, recordsBefore);
            if (available < kBlockFrameLength) {
                return makeError(place.recordIndex, offset,
                    QStringLiteral("truncated: %1 needs at least 28 bytes, the file ends after %2")
                        .arg(place.text, number(available)),
                    truncatedHint(recordsBefore));
            }
            const std::uint32_t byteOrderMagic = m_bytes.u32(offset + 8, true);
            if (byteOrderMagic == kByteOrderMagic) {
                m_bigEndian = true;
            } else if (byteOrderMagic == swapBytes(kByteOrderMagic)) {
                m_bigEndian = false;
            } else {
                return makeError(place.recordIndex, offset + 8,
                    QStringLiteral("%1: the byte-order magic at byte %2 is %3, neither 1a2b3c4d nor 4d3c2b1a")
                        .arg(place.text, number(offset + 8), hex32(byteOrderMagic)),
                    damagedHint(recordsBefore));
            }
        }
        const std::uint32_t type = m_bytes.u32(offset, m_bigEndian);
        const std::uint32_t totalLength = m_bytes.u32(offset + 4, m_bigEndian);
        const Place place = placeOf(type, offset, recordsBefore);
        if (totalLength < kBlockFrameLength || totalLength % 4 != 0) {
            return makeError(place.recordIndex, offset,
                QStringLiteral("%1: the block's total length %2 is %3")
                    .arg(place.text).arg(totalLength)
                    .arg(totalLength < kBlockFrameLength ? QStringLiteral("less than 12, the smallest block")
                                                        : QStringLiteral("not a multiple of 4")),
                damagedHint(recordsBefore));
        }
        if (totalLength > available) {
            return makeError(place.recordIndex, offset,
                QStringLiteral("truncated: %1 needs %2 bytes, the file ends after %3")
                    .arg(place.text).arg(totalLength).arg(number(available)),
                truncatedHint(recordsBefore));
        }
        const std::uint32_t trailingLength = m_bytes.u32(offset + totalLength - 4, m_bigEndian);
        if (trailingLength != totalLength) {
            return makeError(place.recordIndex, offset,
                QStringLiteral("%1: the block's length is %2 at its start but %3 at its end")
                    .arg(place.text).arg(totalLength).arg(trailingLength),
                damagedHint(recordsBefore));
        }
        blockLength = totalLength;
        const Block block{type, offset, offset + 8, totalLength - kBlockFrameLength, place};
        switch (type) {
        case kSectionHeaderBlock: return readSectionHeader(block, recordsBefore);
        case kInterfaceDescriptionBlock: return readInterfaceDescription(block, recordsBefore);
        case kEnhancedPacketBlock:
        case kObsoletePacketBlock: return readPacket(block, records);
        case kSimplePacketBlock: return readSimplePacket(block, records);
        default: return std::nullopt;   // statistics, name resolution, custom, ...: not packets
        }
    }

    struct Block {
        std::uint32_t type = 0;
        std::size_t offset = 0;       // of the block
        std::size_t bodyOffset = 0;   // after type and length
        std::size_t bodyLength = 0;   // up to the trailing length
        Place place;
    };

    std::optional<CaptureError> tooShort(const Block &block, std::size_t minimumBody, std::size_t recordsBefore) const
    {
        return makeError(block.place.recordIndex, block.offset,
            QStringLiteral("%1: the block is %2 bytes long, less than the %3 its fields need")
                .arg(block.place.text, number(block.bodyLength + kBlockFrameLength),
                     number(minimumBody + kBlockFrameLength)),
            damagedHint(recordsBefore));
    }

    std::optional<CaptureError> readSectionHeader(const Block &block, std::size_t recordsBefore)
    {
        constexpr std::size_t kFieldsLength = 16;   // byte-order magic, version, section length
        if (block.bodyLength < kFieldsLength)
            return tooShort(block, kFieldsLength, recordsBefore);
        const auto major = m_bytes.u16(block.bodyOffset + 4, m_bigEndian);
        const auto minor = m_bytes.u16(block.bodyOffset + 6, m_bigEndian);
        if (major != 1) {
            return makeError(block.place.recordIndex, block.offset,
                QStringLiteral("%1: pcapng version %2.%3 is not one this reader knows (1.x)")
                    .arg(block.place.text).arg(major).arg(minor),
                QStringLiteral("save the capture again with Wireshark or tshark, as pcap or pcapng"));
        }
        // Interface numbers start again in every section.
        m_interfaces.clear();
        return std::nullopt;
    }

    std::optional<CaptureError> readInterfaceDescription(const Block &block, std::size_t recordsBefore)
    {
        constexpr std::size_t kFieldsLength = 8;   // link type, reserved, snap length
        if (block.bodyLength < kFieldsLength)
            return tooShort(block, kFieldsLength, recordsBefore);
        InterfaceDescription description;
        description.linkType = m_bytes.u16(block.bodyOffset, m_bigEndian);
        description.snapLength = m_bytes.u32(block.bodyOffset + 4, m_bigEndian);

        const std::size_t end = block.bodyOffset + block.bodyLength;
        std::size_t optionOffset = block.bodyOffset + kFieldsLength;
        while (optionOffset < end) {
            const auto optionError = [&](const QString &what) {
                return makeError(block.place.recordIndex, optionOffset,
                    QStringLiteral("%1: the option at byte %2 %3").arg(block.place.text, number(optionOffset), what),
                    damagedHint(recordsBefore));
            };
            if (end - optionOffset < 4)
                return optionError(QStringLiteral("is cut off by the end of the block"));
            const auto code = m_bytes.u16(optionOffset, m_bigEndian);
            const auto length = m_bytes.u16(optionOffset + 2, m_bigEndian);
            if (code == kOptionEnd)
                break;
            const std::size_t paddedLength = (std::size_t{length} + 3) & ~std::size_t{3};
            const std::size_t room = end - optionOffset - 4;
            if (paddedLength > room) {
                return optionError(QStringLiteral("(code %1) says it holds %2 bytes, but the block has room for %3")
                                       .arg(code).arg(length).arg(number(room)));
            }
            const std::size_t valueOffset = optionOffset + 4;
            if (code == kOptionTimestampResolution) {
                if (length != 1)
                    return optionError(QStringLiteral("(if_tsresol) is %1 bytes long instead of 1").arg(length));
                const std::uint8_t value = m_bytes.u8(valueOffset);
                description.resolutionPowerOfTwo = (value & 0x80) != 0;
                description.resolutionExponent = static_cast<std::uint8_t>(value & 0x7f);
            } else if (code == kOptionTimestampOffset) {
                if (length != 8)
                    return optionError(QStringLiteral("(if_tsoffset) is %1 bytes long instead of 8").arg(length));
                description.offsetSeconds = static_cast<std::int64_t>(m_bytes.u64(valueOffset, m_bigEndian));
            }
            optionOffset = valueOffset + paddedLength;
        }
        m_interfaces.push_back(description);
        return std::nullopt;
    }

    const InterfaceDescription *interfaceFor(std::uint32_t interfaceId) const
    {
        return interfaceId < m_interfaces.size() ? &m_interfaces[interfaceId] : nullptr;
    }

    CaptureError unknownInterface(const Block &block, std::uint32_t interfaceId, std::size_t recordsBefore) const
    {
        const QString described = m_interfaces.empty()
            ? QStringLiteral("describes no interface")
            : m_interfaces.size() == 1
                ? QStringLiteral("describes only interface 0")
                : QStringLiteral("describes interfaces 0 to %1").arg(number(m_interfaces.size() - 1));
        return makeError(block.place.recordIndex, block.offset,
            QStringLiteral("%1: the packet names interface %2, but its section %3")
                .arg(block.place.text).arg(interfaceId).arg(described),
            QStringLiteral("without an Interface Description Block the packet's link type is unknown; the file "
                           "was damaged or put together from pieces; ")
                + intactRecords(recordsBefore));
    }

    std::optional<CaptureError> checkLengths(const Block &block, const InterfaceDescription &interface,
                                             std::uint32_t capturedLength, std::uint32_t originalLength,
                                             std::size_t room, std::size_t recordsBefore) const
    {
        const auto lengthError = [&](const QString &what) {
            return makeError(block.place.recordIndex, block.offset, block.place.text + QStringLiteral(": ") + what,
                QStringLiteral("the record's length field is probably damaged; ") + intactRecords(recordsBefore));
        };
        if (capturedLength > room) {
            return lengthError(QStringLiteral("captured length %1 does not fit in the block, which has room for %2")
                                   .arg(capturedLength).arg(number(room)));
        }
        if (interface.snapLength != 0 && capturedLength > interface.snapLength) {
            return lengthError(QStringLiteral("captured length %1 is larger than the snapshot length %2")
                                   .arg(capturedLength).arg(interface.snapLength));
        }
        if (capturedLength > originalLength) {
            return lengthError(QStringLiteral("captured length %1 is larger than the original length %2")
                                   .arg(capturedLength).arg(originalLength));
        }
        return std::nullopt;
    }

    // Ticks of the interface's resolution to nanoseconds since the epoch; nullopt when the result
    // is outside what 64-bit nanoseconds can hold (before 1678 or after 2262).
    static std::optional<std::int64_t> toNanoseconds(std::uint64_t ticks, const InterfaceDescription &interface)
    {
        const Uint128 scaled = Uint128{ticks} * Uint128{kNanosecondsPerSecond};   // below 2^94
        Uint128 nanoseconds = 0;
        if (interface.resolutionPowerOfTwo) {
            nanoseconds = scaled >> interface.resolutionExponent;   // the exponent is at most 127
        } else if (interface.resolutionExponent <= 38) {            // 10^38 still fits in 128 bits
            Uint128 ticksPerSecond = 1;
            for (unsigned i = 0; i < interface.resolutionExponent; ++i)
                ticksPerSecond *= 10;
            nanoseconds = scaled / ticksPerSecond;
        }
        if (nanoseconds > Uint128{std::numeric_limits<std::int64_t>::max()})
            return std::nullopt;
        std::int64_t offsetNanoseconds = 0;
        std::int64_t result = 0;
        if (__builtin_mul_overflow(interface.offsetSeconds, kNanosecondsPerSecond, &offsetNanoseconds)
            || __builtin_add_overflow(static_cast<std::int64_t>(nanoseconds), offsetNanoseconds, &result)) {
            return std::nullopt;
        }
        return result;
    }

    // Enhanced Packet Block, and the obsolete Packet Block that differs only in its first field.
    std::optional<CaptureError> readPacket(const Block &block, std::vector<CaptureRecord> &records)
    {
        constexpr std::size_t kFieldsLength = 20;
        const std::size_t recordsBefore = records.size();
        if (block.bodyLength < kFieldsLength)
            return tooShort(block, kFieldsLength, recordsBefore);
        const std::size_t body = block.bodyOffset;
        const std::uint32_t interfaceId = block.type == kObsoletePacketBlock
            ? m_bytes.u16(body, m_bigEndian)
            : m_bytes.u32(body, m_bigEndian);
        const InterfaceDescription *interface = interfaceFor(interfaceId);
        if (!interface)
            return unknownInterface(block, interfaceId, recordsBefore);
        const std::uint64_t ticks = (std::uint64_t{m_bytes.u32(body + 4, m_bigEndian)} << 32)
            | m_bytes.u32(body + 8, m_bigEndian);
        const std::uint32_t capturedLength = m_bytes.u32(body + 12, m_bigEndian);
        const std::uint32_t originalLength = m_bytes.u32(body + 16, m_bigEndian);
        if (auto error = checkLengths(block, *interface, capturedLength, originalLength,
                                      block.bodyLength - kFieldsLength, recordsBefore)) {
            return error;
        }
        const auto timestamp = toNanoseconds(ticks, *interface);
        if (!timestamp) {
            return makeError(block.place.recordIndex, block.offset,
                QStringLiteral("%1: the timestamp is outside the years 1678 to 2262").arg(block.place.text),
                QStringLiteral("the timestamp or the interface's time resolution is probably damaged; ")
                    + intactRecords(recordsBefore));
        }
        records.push_back(makeRecord(block, *interface, *timestamp, originalLength,
                                     m_bytes.copy(body + kFieldsLength, capturedLength), recordsBefore));
        return std::nullopt;
    }

    // A Simple Packet Block has neither timestamp nor interface number: it belongs to the section's
    // first interface, and its captured length is whatever the block holds, up to the snap length.
    std::optional<CaptureError> readSimplePacket(const Block &block, std::vector<CaptureRecord> &records)
    {
        constexpr std::size_t kFieldsLength = 4;
        const std::size_t recordsBefore = records.size();
        if (block.bodyLength < kFieldsLength)
            return tooShort(block, kFieldsLength, recordsBefore);
        const InterfaceDescription *interface = interfaceFor(0);
        if (!interface)
            return unknownInterface(block, 0, recordsBefore);
        const std::uint32_t originalLength = m_bytes.u32(block.bodyOffset, m_bigEndian);
        std::size_t capturedLength = std::min<std::size_t>(originalLength, block.bodyLength - kFieldsLength);
        if (interface->snapLength != 0)
            capturedLength = std::min<std::size_t>(capturedLength, interface->snapLength);
        records.push_back(makeRecord(block, *interface, 0, originalLength,
                                     m_bytes.copy(block.bodyOffset + kFieldsLength, capturedLength), recordsBefore));
        return std::nullopt;
    }

    static CaptureRecord makeRecord(const Block &block, const InterfaceDescription &interface, std::int64_t timestampNs,
                                    std::uint32_t originalLength, QByteArray bytes, std::size_t recordsBefore)
    {
        CaptureRecord record;
        record.index = recordsBefore + 1;
        record.fileOffset = block.offset;
        record.timestampNs = timestampNs;
        record.linkType = interface.linkType;
        record.originalLength = originalLength;
        record.bytes = std::move(bytes);
        return record;
    }

    const ByteReader &m_bytes;
    bool m_bigEndian = false;
    std::vector<InterfaceDescription> m_interfaces;
};

CaptureContents notACapture(const ByteReader &bytes, const QByteArray &file)
{
    const QString accepted = QStringLiteral(
        "PortLab reads classic pcap (magic number a1b2c3d4 or a1b23c4d, in either byte order) and pcapng (0a0d0d0a)");
    const QString howToGetOne = QStringLiteral(
        "save the capture as pcap or pcapng, as Wireshark, tshark, dumpcap and tcpdump do");
    CaptureContents contents;
    if (bytes.size() == 0) {
        contents.error = makeError(0, 0, QStringLiteral("file header at byte 0: the file is empty; ") + accepted,
            QStringLiteral("the capture tool probably stopped before it wrote anything"));
    } else if (bytes.size() < 4) {
        contents.error = makeError(0, 0,
            QStringLiteral("file header at byte 0: the file is only %1 bytes long (%2), too short for a magic number; ")
                    .arg(number(bytes.size()), QString::fromLatin1(file.toHex(' ')))
                + accepted,
            QStringLiteral("the capture tool probably stopped before it wrote its header"));
    } else {
        const std::uint32_t magic = bytes.u32(0, true);
        const bool gzip = (magic >> 16) == 0x1f8b;
        contents.error = makeError(0, 0,
            QStringLiteral("file header at byte 0: the magic number is %1, not that of a capture file; ").arg(hex32(magic))
                + accepted,
            gzip ? QStringLiteral("the file looks gzip-compressed: decompress it first (gunzip)") : howToGetOne);
    }
    return contents;
}

} // namespace

QString linkTypeName(std::uint32_t linkType)
{
    switch (linkType) {
    case 0: return QStringLiteral("BSD loopback (Null)");
    case 1: return QStringLiteral("Ethernet");
    case 101: return QStringLiteral("Raw IP");
    case 105: return QStringLiteral("IEEE 802.11 wireless");
    case 108: return QStringLiteral("OpenBSD loopback (Loop)");
    case 113: return QStringLiteral("Linux cooked (SLL)");
    case 127: return QStringLiteral("IEEE 802.11 with radiotap header");
    case 220: return QStringLiteral("USB (Linux, memory-mapped)");
    case kLinkTypeIpv4: return QStringLiteral("Raw IPv4");
    case kLinkTypeIpv6: return QStringLiteral("Raw IPv6");
    case 276: return QStringLiteral("Linux cooked (SLL2)");
    default: return QStringLiteral("link type %1").arg(linkType);
    }
}

std::optional<NetworkLayer> networkLayerOf(const CaptureRecord &record)
{
    const ByteReader bytes(record.bytes);
    const auto fromIpVersion = [&](std::size_t offset) -> std::optional<NetworkLayer> {
        if (bytes.size() <= offset)
            return std::nullopt;
        switch (bytes.u8(offset) >> 4) {
        case 4: return NetworkLayer{offset, kEtherTypeIpv4};
        case 6: return NetworkLayer{offset, kEtherTypeIpv6};
        default: return NetworkLayer{offset, 0};   // not IP: the caller shows opaque bytes
        }
    };
    // BSD's AF_INET is 2 everywhere; AF_INET6 differs between systems.
    const auto fromAddressFamily = [](std::uint32_t family) -> std::uint16_t {
        switch (family) {
        case 2: return kEtherTypeIpv4;
        case 23:   // Windows, as Npcap's loopback adapter writes it
        case 24:   // NetBSD, OpenBSD
        case 28:   // FreeBSD
        case 30:   // macOS
            return kEtherTypeIpv6;
        default: return 0;
        }
    };

    switch (record.linkType) {
    case static_cast<std::uint32_t>(LinkType::Ethernet): {
        constexpr std::size_t kTypeOffset = 12;
        if (bytes.size() < kTypeOffset + 2)
            return std::nullopt;
        std::size_t typeOffset = kTypeOffset;
        std::uint16_t etherType = bytes.u16(typeOffset, true);
        // An 802.1Q tag is 4 bytes (its type and the tag control field); the real type follows.
        while (etherType == kEtherTypeVlan || etherType == kEtherTypeServiceVlan) {
            typeOffset += 4;
            if (bytes.size() < typeOffset + 2)
                return std::nullopt;
            etherType = bytes.u16(typeOffset, true);
        }
        return NetworkLayer{typeOffset + 2, etherType};
    }
    case static_cast<std::uint32_t>(LinkType::LinuxCooked):
        if (bytes.size() < 16)
            return std::nullopt;
        return NetworkLayer{16, bytes.u16(14, true)};
    case static_cast<std::uint32_t>(LinkType::LinuxCooked2):
        if (bytes.size() < 20)
            return std::nullopt;
        return NetworkLayer{20, bytes.u16(0, true)};
    case static_cast<std::uint32_t>(LinkType::Raw):
        return fromIpVersion(0);
    case kLinkTypeIpv4:
        return bytes.size() == 0 ? std::nullopt : std::optional{NetworkLayer{0, kEtherTypeIpv4}};
    case kLinkTypeIpv6:
        return bytes.size() == 0 ? std::nullopt : std::optional{NetworkLayer{0, kEtherTypeIpv6}};
    case static_cast<std::uint32_t>(LinkType::Null): {
        if (bytes.size() < 4)
            return std::nullopt;
        // Written in the capturing machine's byte order, which the file does not record; every
        // family is a small number, so the order that gives one is the right one.
        std::uint32_t family = bytes.u32(0, true);
        if ((family & 0xffff0000u) != 0)
            family = swapBytes(family);
        return NetworkLayer{4, fromAddressFamily(family)};
    }
    case static_cast<std::uint32_t>(LinkType::Loop):
        if (bytes.size() < 4)
            return std::nullopt;
        return NetworkLayer{4, fromAddressFamily(bytes.u32(0, true))};
    default:
        return std::nullopt;
    }
}

CaptureContents readCapture(const QByteArray &file)
{
    const ByteReader bytes(file);
    if (bytes.size() < 4)
        return notACapture(bytes, file);
    const std::uint32_t magic = bytes.u32(0, true);
    switch (magic) {
    case kPcapMicrosecondMagic: return ClassicPcapReader(bytes, true, false).read();
    case kPcapNanosecondMagic: return ClassicPcapReader(bytes, true, true).read();
    case swapBytes(kPcapMicrosecondMagic): return ClassicPcapReader(bytes, false, false).read();
    case swapBytes(kPcapNanosecondMagic): return ClassicPcapReader(bytes, false, true).read();
    case kSectionHeaderBlock: return PcapngReader(bytes).read();
    default: return notACapture(bytes, file);
    }
}

CaptureContents readCaptureFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        CaptureContents contents;
        contents.error = makeError(0, 0,
            QStringLiteral("file header at byte 0: cannot open %1: %2").arg(path, file.errorString()),
            QStringLiteral("check the file's name and that you may read it"));
        return contents;
    }
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        CaptureContents contents;
        contents.error = makeError(0, 0,
            QStringLiteral("file header at byte 0: reading %1 failed after %2 bytes: %3")
                .arg(path, QString::number(data.size()), file.errorString()),
            QStringLiteral("the file or the disk holding it may be damaged"));
        return contents;
    }
    return readCapture(data);
}

// ---- writing -----------------------------------------------------------------------------------

namespace {

void appendNative(QByteArray &out, std::uint32_t value)
{
    char raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    out.append(raw, sizeof raw);
}

void appendNative(QByteArray &out, std::uint16_t value)
{
    char raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    out.append(raw, sizeof raw);
}

} // namespace

PcapWriter::PcapWriter(QIODevice &device, LinkType linkType, std::uint32_t snapLength)
    : m_device(device), m_snapLength(snapLength)
{
    QByteArray header;
    header.reserve(static_cast<qsizetype>(kPcapFileHeaderLength));
    appendNative(header, kPcapNanosecondMagic);
    appendNative(header, std::uint16_t{2});   // version 2.4, the only one in use
    appendNative(header, std::uint16_t{4});
    appendNative(header, std::uint32_t{0});   // reserved (once the time zone), always 0
    appendNative(header, std::uint32_t{0});   // reserved (once the timestamp accuracy), always 0
    appendNative(header, snapLength);
    appendNative(header, static_cast<std::uint32_t>(linkType));
    m_ok = m_device.write(header) == header.size();
}

bool PcapWriter::write(std::int64_t timestampNs, const QByteArray &bytes)
{
    if (!m_ok)
        return false;
    // A pcap timestamp is unsigned 32-bit seconds: 1970 to 2106. The virtual clock starts at 0,
    // so only a caller's mistake lands outside; such a record is refused (false) and the file
    // stays sound, so ok() is unchanged.
    constexpr std::int64_t kLastSecond = std::numeric_limits<std::uint32_t>::max();
    if (timestampNs < 0 || timestampNs / kNanosecondsPerSecond > kLastSecond)
        return false;
    if (static_cast<std::uint64_t>(bytes.size()) > std::numeric_limits<std::uint32_t>::max())
        return false;   // a record length is 32 bits; no real frame comes near

    const auto originalLength = static_cast<std::uint32_t>(bytes.size());
    const std::uint32_t capturedLength = std::min(originalLength, m_snapLength);
    QByteArray record;
    record.reserve(static_cast<qsizetype>(kPcapRecordHeaderLength + capturedLength));
    appendNative(record, static_cast<std::uint32_t>(timestampNs / kNanosecondsPerSecond));
    appendNative(record, static_cast<std::uint32_t>(timestampNs % kNanosecondsPerSecond));
    appendNative(record, capturedLength);
    appendNative(record, originalLength);
    record.append(bytes.constData(), static_cast<qsizetype>(capturedLength));
    m_ok = m_device.write(record) == record.size();
    return m_ok;
}

} // namespace portlab::wire
