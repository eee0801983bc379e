// SPDX-License-Identifier: GPL-3.0-or-later
// Capture files: real captures made on loopback by dumpcap (tests/data/captures, with the values
// tshark reads from them), hand-made pcap and pcapng files for every variant and every kind of
// damage, the writer (read back, and read by tshark), and files cut or scrambled everywhere.
#include "model_test_support.h"

#include "wire/capture.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstring>
#include <random>
#include <set>
#include <span>

using namespace portlab::wire;

namespace {

// One frame as tshark shows it: frame.number, frame.file_off, frame.time_epoch (as nanoseconds),
// frame.len, frame.cap_len, and eth.type or sll.etype.
struct ExpectedFrame {
    std::size_t number;
    std::size_t fileOffset;
    std::int64_t timestampNs;
    std::uint32_t length;
    std::uint32_t capturedLength;
    std::uint16_t etherType;
};

// Read with `tshark -o frame.show_file_off:TRUE -r FILE -T fields -e frame.number -e frame.file_off
// -e frame.time_epoch -e frame.len -e frame.cap_len -e eth.type -e sll.etype` (see the README there).
// lo_ethernet.pcap
constexpr ExpectedFrame kLoEthernetPcap[] = {
    {1, 24, 1795247571709411000LL, 74, 74, 0x0800},
    {2, 114, 1795247571709423000LL, 74, 74, 0x0800},
    {3, 204, 1795247571709436000LL, 66, 66, 0x0800},
    {4, 286, 1795247571709495000LL, 71, 71, 0x0800},
    {5, 373, 1795247571709499000LL, 66, 66, 0x0800},
    {6, 455, 1795247571709513000LL, 71, 71, 0x0800},
    {7, 542, 1795247571709514000LL, 66, 66, 0x0800},
    {8, 624, 1795247571709524000LL, 66, 66, 0x0800},
    {9, 706, 1795247571709533000LL, 66, 66, 0x0800},
    {10, 788, 1795247571709540000LL, 66, 66, 0x0800},
    {11, 870, 1795247571709747000LL, 94, 94, 0x86dd},
    {12, 980, 1795247571709757000LL, 94, 94, 0x86dd},
    {13, 1090, 1795247571709762000LL, 86, 86, 0x86dd},
    {14, 1192, 1795247571709796000LL, 91, 91, 0x86dd},
    {15, 1299, 1795247571709799000LL, 86, 86, 0x86dd},
    {16, 1401, 1795247571709804000LL, 91, 91, 0x86dd},
    {17, 1508, 1795247571709806000LL, 86, 86, 0x86dd},
    {18, 1610, 1795247571709811000LL, 86, 86, 0x86dd},
    {19, 1712, 1795247571709816000LL, 86, 86, 0x86dd},
    {20, 1814, 1795247571709821000LL, 86, 86, 0x86dd},
    {21, 1916, 1795247571709841000LL, 47, 47, 0x0800},
    {22, 1979, 1795247571709851000LL, 48, 48, 0x0800},
    {23, 2043, 1795247571709858000LL, 76, 76, 0x0800},
};
// lo_ethernet.pcapng
constexpr ExpectedFrame kLoEthernetPcapng[] = {
    {1, 368, 1795247572261914622LL, 74, 74, 0x0800},
    {2, 476, 1795247572261926552LL, 74, 74, 0x0800},
    {3, 584, 1795247572261939074LL, 66, 66, 0x0800},
    {4, 684, 1795247572261996592LL, 71, 71, 0x0800},
    {5, 788, 1795247572262000501LL, 66, 66, 0x0800},
    {6, 888, 1795247572262012219LL, 71, 71, 0x0800},
    {7, 992, 1795247572262013827LL, 66, 66, 0x0800},
    {8, 1092, 1795247572262024807LL, 66, 66, 0x0800},
    {9, 1192, 1795247572262037297LL, 66, 66, 0x0800},
    {10, 1292, 1795247572262044427LL, 66, 66, 0x0800},
    {11, 1392, 1795247572262076056LL, 94, 94, 0x86dd},
    {12, 1520, 1795247572262084076LL, 94, 94, 0x86dd},
    {13, 1648, 1795247572262087862LL, 86, 86, 0x86dd},
    {14, 1768, 1795247572262103221LL, 91, 91, 0x86dd},
    {15, 1892, 1795247572262104929LL, 86, 86, 0x86dd},
    {16, 2012, 1795247572262108830LL, 91, 91, 0x86dd},
    {17, 2136, 1795247572262110207LL, 86, 86, 0x86dd},
    {18, 2256, 1795247572262114220LL, 86, 86, 0x86dd},
    {19, 2376, 1795247572262118052LL, 86, 86, 0x86dd},
    {20, 2496, 1795247572262121463LL, 86, 86, 0x86dd},
    {21, 2616, 1795247572262136898LL, 47, 47, 0x0800},
    {22, 2696, 1795247572262145798LL, 48, 48, 0x0800},
    {23, 2776, 1795247572262152187LL, 76, 76, 0x0800},
};
// any_linux_sll.pcap
constexpr ExpectedFrame kAnyLinuxSllPcap[] = {
    {1, 24, 1795247572817880000LL, 76, 76, 0x0800},
    {2, 116, 1795247572817893000LL, 76, 76, 0x0800},
    {3, 208, 1795247572817906000LL, 68, 68, 0x0800},
    {4, 292, 1795247572817963000LL, 73, 73, 0x0800},
    {5, 381, 1795247572817967000LL, 68, 68, 0x0800},
    {6, 465, 1795247572817979000LL, 73, 73, 0x0800},
    {7, 554, 1795247572817981000LL, 68, 68, 0x0800},
    {8, 638, 1795247572817989000LL, 68, 68, 0x0800},
    {9, 722, 1795247572817998000LL, 68, 68, 0x0800},
    {10, 806, 1795247572818005000LL, 68, 68, 0x0800},
    {11, 890, 1795247572818038000LL, 96, 80, 0x86dd},
    {12, 986, 1795247572818046000LL, 96, 80, 0x86dd},
    {13, 1082, 1795247572818050000LL, 88, 80, 0x86dd},
    {14, 1178, 1795247572818064000LL, 93, 80, 0x86dd},
    {15, 1274, 1795247572818066000LL, 88, 80, 0x86dd},
    {16, 1370, 1795247572818070000LL, 93, 80, 0x86dd},
    {17, 1466, 1795247572818071000LL, 88, 80, 0x86dd},
    {18, 1562, 1795247572818076000LL, 88, 80, 0x86dd},
    {19, 1658, 1795247572818080000LL, 88, 80, 0x86dd},
    {20, 1754, 1795247572818083000LL, 88, 80, 0x86dd},
    {21, 1850, 1795247572818100000LL, 49, 49, 0x0800},
    {22, 1915, 1795247572818109000LL, 50, 50, 0x0800},
    {23, 1981, 1795247572818116000LL, 78, 78, 0x0800},
};
// any_linux_sll2.pcapng
constexpr ExpectedFrame kAnyLinuxSll2Pcapng[] = {
    {1, 356, 1795247573369985418LL, 80, 80, 0x0800},
    {2, 468, 1795247573370001811LL, 80, 80, 0x0800},
    {3, 580, 1795247573370018862LL, 72, 72, 0x0800},
    {4, 684, 1795247573370094236LL, 77, 77, 0x0800},
    {5, 796, 1795247573370100041LL, 72, 72, 0x0800},
    {6, 900, 1795247573370117680LL, 77, 77, 0x0800},
    {7, 1012, 1795247573370119805LL, 72, 72, 0x0800},
    {8, 1116, 1795247573370129589LL, 72, 72, 0x0800},
    {9, 1220, 1795247573370141145LL, 72, 72, 0x0800},
    {10, 1324, 1795247573370152099LL, 72, 72, 0x0800},
    {11, 1428, 1795247573370201025LL, 100, 100, 0x86dd},
    {12, 1560, 1795247573370212569LL, 100, 100, 0x86dd},
    {13, 1692, 1795247573370219475LL, 92, 92, 0x86dd},
    {14, 1816, 1795247573370242835LL, 97, 97, 0x86dd},
    {15, 1948, 1795247573370245315LL, 92, 92, 0x86dd},
    {16, 2072, 1795247573370251895LL, 97, 97, 0x86dd},
    {17, 2204, 1795247573370254209LL, 92, 92, 0x86dd},
    {18, 2328, 1795247573370260589LL, 92, 92, 0x86dd},
    {19, 2452, 1795247573370266300LL, 92, 92, 0x86dd},
    {20, 2576, 1795247573370271172LL, 92, 92, 0x86dd},
    {21, 2700, 1795247573370294556LL, 53, 53, 0x0800},
    {22, 2788, 1795247573370306965LL, 54, 54, 0x0800},
    {23, 2876, 1795247573370316036LL, 82, 82, 0x0800},
};

// Ports of a few frames, from `tshark -T fields -e tcp.srcport -e tcp.dstport -e udp.srcport
// -e udp.dstport -e icmp.type -e icmp.code`. Frame 23 is ICMP port unreachable; its ports are those
// of the UDP header it quotes.
struct ExpectedPorts {
    std::size_t number;
    std::uint8_t ipProtocol;
    std::uint16_t sourcePort;
    std::uint16_t destinationPort;
};

struct Fixture {
    const char *file;
    bool nextGeneration;
    std::uint32_t linkType;
    std::size_t networkOffset;   // the pos= of the ip/ipv6 element in tshark's PDML
    std::span<const ExpectedFrame> frames;
    ExpectedPorts ports[4];
};

const Fixture kFixtures[] = {
    {"lo_ethernet.pcap", false, 1, 14, kLoEthernetPcap,
     {{1, 6, 55684, 44177}, {11, 6, 47598, 42363}, {21, 17, 39584, 60653}, {23, 1, 39584, 44222}}},
    {"lo_ethernet.pcapng", true, 1, 14, kLoEthernetPcapng,
     {{1, 6, 54370, 35651}, {11, 6, 33660, 36277}, {21, 17, 41544, 49539}, {23, 1, 41544, 40717}}},
    {"any_linux_sll.pcap", false, 113, 16, kAnyLinuxSllPcap,
     {{1, 6, 59824, 41213}, {11, 6, 35338, 56013}, {21, 17, 59155, 38889}, {23, 1, 59155, 59128}}},
    {"any_linux_sll2.pcapng", true, 276, 20, kAnyLinuxSll2Pcapng,
     {{1, 6, 40468, 49815}, {11, 6, 43832, 47785}, {21, 17, 35855, 46931}, {23, 1, 35855, 53896}}},
};

QString fixturePath(const char *file)
{
    return QDir(QStringLiteral(PORTLAB_CAPTURE_DIR)).filePath(QString::fromLatin1(file));
}

QByteArray fixtureBytes(const char *file)
{
    QFile input(fixturePath(file));
    if (!input.open(QIODevice::ReadOnly))
        return {};
    return input.readAll();
}

std::uint8_t byteAt(const QByteArray &bytes, std::size_t offset)
{
    return static_cast<std::uint8_t>(bytes.at(static_cast<qsizetype>(offset)));
}
std::uint16_t be16At(const QByteArray &bytes, std::size_t offset)
{
    return static_cast<std::uint16_t>((byteAt(bytes, offset) << 8) | byteAt(bytes, offset + 1));
}
std::uint32_t le32At(const QByteArray &bytes, std::size_t offset)
{
    return std::uint32_t{byteAt(bytes, offset)} | (std::uint32_t{byteAt(bytes, offset + 1)} << 8)
        | (std::uint32_t{byteAt(bytes, offset + 2)} << 16) | (std::uint32_t{byteAt(bytes, offset + 3)} << 24);
}

// Where the transport header starts, found the simple way: these captures carry no IP options
// and no IPv6 extension headers.
struct Transport {
    std::uint8_t protocol = 0;
    std::size_t offset = 0;
};
std::optional<Transport> transportOf(const CaptureRecord &record)
{
    const auto network = networkLayerOf(record);
    if (!network)
        return std::nullopt;
    const std::size_t at = network->offset;
    if (network->etherType == 0x0800 && static_cast<std::size_t>(record.bytes.size()) >= at + 20)
        return Transport{byteAt(record.bytes, at + 9), at + std::size_t{(byteAt(record.bytes, at) & 0x0fu) * 4u}};
    if (network->etherType == 0x86dd && static_cast<std::size_t>(record.bytes.size()) >= at + 40)
        return Transport{byteAt(record.bytes, at + 6), at + 40};
    return std::nullopt;
}

// Builds classic pcap files by hand, in either byte order.
class ClassicBuilder {
public:
    ClassicBuilder(std::uint32_t magic, bool bigEndian, std::uint32_t snapLength, std::uint32_t linkTypeField,
                   std::uint16_t major = 2, std::uint16_t minor = 4)
        : m_bigEndian(bigEndian)
    {
        put32(magic);
        put16(major);
        put16(minor);
        put32(0);
        put32(0);
        put32(snapLength);
        put32(linkTypeField);
    }
    ClassicBuilder &record(std::uint32_t seconds, std::uint32_t fraction, const QByteArray &data,
                           std::optional<std::uint32_t> originalLength = std::nullopt,
                           std::optional<std::uint32_t> claimedCapturedLength = std::nullopt)
    {
        put32(seconds);
        put32(fraction);
        put32(claimedCapturedLength.value_or(static_cast<std::uint32_t>(data.size())));
        put32(originalLength.value_or(static_cast<std::uint32_t>(data.size())));
        m_bytes.append(data);
        return *this;
    }
    std::size_t size() const { return static_cast<std::size_t>(m_bytes.size()); }
    QByteArray bytes() const { return m_bytes; }

private:
    void put16(std::uint16_t value)
    {
        for (int i = 0; i < 2; ++i)
            m_bytes.append(static_cast<char>(value >> (m_bigEndian ? 8 * (1 - i) : 8 * i)));
    }
    void put32(std::uint32_t value)
    {
        for (int i = 0; i < 4; ++i)
            m_bytes.append(static_cast<char>(value >> (m_bigEndian ? 8 * (3 - i) : 8 * i)));
    }
    bool m_bigEndian;
    QByteArray m_bytes;
};

// Builds pcapng files by hand: blocks in the byte order of the current section.
class PcapngBuilder {
public:
    explicit PcapngBuilder(bool bigEndian = false, std::uint16_t major = 1) { section(bigEndian, major); }

    PcapngBuilder &section(bool bigEndian, std::uint16_t major = 1)
    {
        m_bigEndian = bigEndian;
        QByteArray body;
        put32(body, 0x1a2b3c4d);
        put16(body, major);
        put16(body, 0);
        put32(body, 0xffffffff);   // section length unknown
        put32(body, 0xffffffff);
        return block(0x0a0d0d0a, body);
    }
    PcapngBuilder &interface(std::uint16_t linkType, std::uint32_t snapLength, const QByteArray &options = {})
    {
        QByteArray body;
        put16(body, linkType);
        put16(body, 0);
        put32(body, snapLength);
        body.append(options);
        return block(1, body);
    }
    PcapngBuilder &enhancedPacket(std::uint32_t interfaceId, std::uint64_t ticks, const QByteArray &data,
                                  std::optional<std::uint32_t> originalLength = std::nullopt,
                                  std::optional<std::uint32_t> claimedCapturedLength = std::nullopt)
    {
        QByteArray body;
        put32(body, interfaceId);
        put32(body, static_cast<std::uint32_t>(ticks >> 32));
        put32(body, static_cast<std::uint32_t>(ticks));
        put32(body, claimedCapturedLength.value_or(static_cast<std::uint32_t>(data.size())));
        put32(body, originalLength.value_or(static_cast<std::uint32_t>(data.size())));
        body.append(padded(data));
        return block(6, body);
    }
    PcapngBuilder &obsoletePacket(std::uint16_t interfaceId, std::uint64_t ticks, const QByteArray &data)
    {
        QByteArray body;
        put16(body, interfaceId);
        put16(body, 0);   // drops count
        put32(body, static_cast<std::uint32_t>(ticks >> 32));
        put32(body, static_cast<std::uint32_t>(ticks));
        put32(body, static_cast<std::uint32_t>(data.size()));
        put32(body, static_cast<std::uint32_t>(data.size()));
        body.append(padded(data));
        return block(2, body);
    }
    PcapngBuilder &simplePacket(std::uint32_t originalLength, const QByteArray &data)
    {
        QByteArray body;
        put32(body, originalLength);
        body.append(padded(data));
        return block(3, body);
    }
    PcapngBuilder &block(std::uint32_t type, const QByteArray &body)
    {
        const auto total = static_cast<std::uint32_t>(12 + padded(body).size());
        put32(m_bytes, type);
        put32(m_bytes, total);
        m_bytes.append(padded(body));
        put32(m_bytes, total);
        return *this;
    }
    QByteArray option(std::uint16_t code, const QByteArray &value) const
    {
        QByteArray out;
        put16(out, code);
        put16(out, static_cast<std::uint16_t>(value.size()));
        out.append(padded(value));
        return out;
    }
    QByteArray value64(std::uint64_t value) const
    {
        QByteArray out;
        put32(out, static_cast<std::uint32_t>(m_bigEndian ? value >> 32 : value));
        put32(out, static_cast<std::uint32_t>(m_bigEndian ? value : value >> 32));
        return out;
    }
    // Overwrites a 32-bit field in the current byte order, to damage a block on purpose.
    void poke32(std::size_t offset, std::uint32_t value)
    {
        QByteArray field;
        put32(field, value);
        m_bytes.replace(static_cast<qsizetype>(offset), 4, field);
    }
    std::size_t size() const { return static_cast<std::size_t>(m_bytes.size()); }
    QByteArray bytes() const { return m_bytes; }

private:
    static QByteArray padded(QByteArray data)
    {
        while (data.size() % 4 != 0)
            data.append('\0');
        return data;
    }
    void put16(QByteArray &out, std::uint16_t value) const
    {
        for (int i = 0; i < 2; ++i)
            out.append(static_cast<char>(value >> (m_bigEndian ? 8 * (1 - i) : 8 * i)));
    }
    void put32(QByteArray &out, std::uint32_t value) const
    {
        for (int i = 0; i < 4; ++i)
            out.append(static_cast<char>(value >> (m_bigEndian ? 8 * (3 - i) : 8 * i)));
    }
    bool m_bigEndian = false;
    QByteArray m_bytes;
};

QByteArray filler(int size, char first = 'a')
{
    QByteArray data;
    for (int i = 0; i < size; ++i)
        data.append(static_cast<char>(first + i % 26));
    return data;
}

// Every error names where it happened: the record (or the file header) and the byte offset, with
// a hint; the records before it are kept, and its number is the one after them.
void checkErrorShape(const CaptureContents &contents, std::size_t fileSize)
{
    if (!contents.error)
        return;
    const CaptureError &error = *contents.error;
    QVERIFY2(error.message.contains(QStringLiteral("at byte %1").arg(error.offset)), qPrintable(error.message));
    QVERIFY2(error.offset <= fileSize, qPrintable(error.message));
    QVERIFY2(!error.hint.isEmpty(), qPrintable(error.message));
    if (error.recordIndex == 0) {
        QVERIFY2(contents.records.empty(), qPrintable(error.message));
        QVERIFY2(error.message.contains(QStringLiteral("file header")), qPrintable(error.message));
    } else {
        QCOMPARE(error.recordIndex, contents.records.size() + 1);
        const QRegularExpression namesRecord(QStringLiteral("record %1\\b").arg(error.recordIndex));
        QVERIFY2(namesRecord.match(error.message).hasMatch(), qPrintable(error.message));
    }
}

// What any read returns, damaged or not: records numbered in order, inside the file, never
// longer than the original packet.
void checkRecordsSane(const CaptureContents &contents, std::size_t fileSize)
{
    for (std::size_t i = 0; i < contents.records.size(); ++i) {
        const CaptureRecord &record = contents.records[i];
        QCOMPARE(record.index, i + 1);
        QVERIFY(record.fileOffset < fileSize);
        QVERIFY(static_cast<std::size_t>(record.bytes.size()) <= record.originalLength);
        networkLayerOf(record);   // must not read outside the record, whatever it holds
    }
}

// The offsets where a complete file could end: after the file header, after each record or block.
std::set<std::size_t> blockBoundaries(const QByteArray &file, const CaptureContents &contents)
{
    std::set<std::size_t> boundaries;
    if (!contents.nextGeneration) {
        boundaries.insert(24);
        for (const CaptureRecord &record : contents.records)
            boundaries.insert(record.fileOffset + 16 + static_cast<std::size_t>(record.bytes.size()));
        return boundaries;
    }
    // The fixtures were written on a little-endian machine.
    std::size_t offset = 0;
    while (offset + 8 <= static_cast<std::size_t>(file.size())) {
        offset += le32At(file, offset + 4);
        boundaries.insert(offset);
    }
    return boundaries;
}

std::size_t blockEnd(const QByteArray &file, const CaptureContents &contents, const CaptureRecord &record)
{
    if (!contents.nextGeneration)
        return record.fileOffset + 16 + static_cast<std::size_t>(record.bytes.size());
    return record.fileOffset + le32At(file, record.fileOffset + 4);
}

} // namespace

class TestCapture : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Real captures, checked against what tshark reads from them.
    void fixtureMatchesTshark_data();
    void fixtureMatchesTshark();
    void fixtureTransportHeaders_data();
    void fixtureTransportHeaders();
    void fixtureFromFileMatchesFromBytes();
    void missingFileIsAnError();

    // Classic pcap variants, made by hand.
    void classicVariants_data();
    void classicVariants();
    void classicHeaderOnly();
    void classicFcsBitsAreMasked();
    void emptyFile();
    void notACapture();
    void gzipIsRecognised();
    void tooShortForMagic();
    void classicTruncatedHeader();
    void classicUnsupportedVersion();
    void classicCapturedLongerThanSnap();
    void classicCapturedLongerThanOriginal();
    void classicTruncatedRecord();
    void classicTruncatedRecordHeader();

    // pcapng variants, made by hand.
    void pcapngBothByteOrders_data();
    void pcapngBothByteOrders();
    void pcapngSectionOnly();
    void pcapngTimestampResolution_data();
    void pcapngTimestampResolution();
    void pcapngSeveralSectionsAndInterfaces();
    void pcapngSimplePacketBlock();
    void pcapngObsoletePacketBlock();
    void pcapngOtherBlocksAreSkipped();
    void pcapngUnknownInterface();
    void pcapngPacketBeforeAnyInterface();
    void pcapngSimplePacketWithoutInterface();
    void pcapngBadBlockLengths_data();
    void pcapngBadBlockLengths();
    void pcapngTruncatedBlocks();
    void pcapngBadByteOrderMagic();
    void pcapngUnsupportedVersion();
    void pcapngCapturedLengthChecks();
    void pcapngBadOptions();
    void pcapngTimestampOutOfRange();

    // Link layers.
    void networkLayer_data();
    void networkLayer();
    void linkTypeNames();

    // Writing.
    void writerRoundTrip();
    void writerHeaderLayout();
    void writerTruncatesToSnapLength();
    void writerFailsOnReadOnlyDevice();
    void writerStaysFailedAfterDeviceFails();
    void writerRefusesTimestampsPcapCannotHold();
    void tsharkReadsWrittenFile();

    // Damage: never a crash, always a located error.
    void fixtureCutEverywhere_data();
    void fixtureCutEverywhere();
    void fixtureBytesScrambled_data();
    void fixtureBytesScrambled();
};

// ---- real captures -----------------------------------------------------------------------------

void TestCapture::fixtureMatchesTshark_data()
{
    QTest::addColumn<int>("fixture");
    for (int i = 0; i < int(std::size(kFixtures)); ++i)
        QTest::newRow(kFixtures[i].file) << i;
}

void TestCapture::fixtureMatchesTshark()
{
    QFETCH(int, fixture);
    const Fixture &expected = kFixtures[fixture];
    const QByteArray file = fixtureBytes(expected.file);
    QVERIFY2(!file.isEmpty(), expected.file);
    const CaptureContents contents = readCapture(file);
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QCOMPARE(contents.nextGeneration, expected.nextGeneration);
    QCOMPARE(contents.records.size(), expected.frames.size());
    for (std::size_t i = 0; i < expected.frames.size(); ++i) {
        const ExpectedFrame &frame = expected.frames[i];
        const CaptureRecord &record = contents.records[i];
        QCOMPARE(record.index, frame.number);
        QCOMPARE(record.fileOffset, frame.fileOffset);
        QCOMPARE(record.timestampNs, frame.timestampNs);
        QCOMPARE(record.originalLength, frame.length);
        QCOMPARE(static_cast<std::uint32_t>(record.bytes.size()), frame.capturedLength);
        QCOMPARE(record.linkType, expected.linkType);
        const auto network = networkLayerOf(record);
        QVERIFY(network);
        QCOMPARE(network->offset, expected.networkOffset);
        QCOMPARE(network->etherType, frame.etherType);
    }
}

void TestCapture::fixtureTransportHeaders_data() { fixtureMatchesTshark_data(); }

void TestCapture::fixtureTransportHeaders()
{
    QFETCH(int, fixture);
    const Fixture &expected = kFixtures[fixture];
    const CaptureContents contents = readCapture(fixtureBytes(expected.file));
    QVERIFY(!contents.error);
    for (const ExpectedPorts &ports : expected.ports) {
        const CaptureRecord &record = contents.records.at(ports.number - 1);
        const auto transport = transportOf(record);
        QVERIFY(transport);
        QCOMPARE(transport->protocol, ports.ipProtocol);
        std::size_t portsAt = transport->offset;
        if (ports.ipProtocol == 1) {
            QCOMPARE(byteAt(record.bytes, transport->offset), std::uint8_t{3});       // destination unreachable
            QCOMPARE(byteAt(record.bytes, transport->offset + 1), std::uint8_t{3});   // port unreachable
            // The quoted datagram: an IPv4 header without options, then the UDP header.
            QCOMPARE(byteAt(record.bytes, transport->offset + 8 + 9), std::uint8_t{17});
            portsAt = transport->offset + 8 + 20;
        }
        QCOMPARE(be16At(record.bytes, portsAt), ports.sourcePort);
        QCOMPARE(be16At(record.bytes, portsAt + 2), ports.destinationPort);
    }
    // The data segments of the IPv4 conversation: "hello" from the client, "world" back.
    QVERIFY(contents.records.at(3).bytes.endsWith("hello"));
    QVERIFY(contents.records.at(5).bytes.endsWith("world"));
    QVERIFY(contents.records.at(20).bytes.endsWith("ping!"));
}

void TestCapture::fixtureFromFileMatchesFromBytes()
{
    for (const Fixture &fixture : kFixtures) {
        const CaptureContents fromFile = readCaptureFile(fixturePath(fixture.file));
        const CaptureContents fromBytes = readCapture(fixtureBytes(fixture.file));
        QVERIFY(!fromFile.error);
        QCOMPARE(fromFile.records.size(), fromBytes.records.size());
        for (std::size_t i = 0; i < fromFile.records.size(); ++i)
            QCOMPARE(fromFile.records[i].bytes, fromBytes.records[i].bytes);
    }
}

void TestCapture::missingFileIsAnError()
{
    const QString path = QDir(QStringLiteral(PORTLAB_CAPTURE_DIR)).filePath(QStringLiteral("no such capture.pcap"));
    const CaptureContents contents = readCaptureFile(path);
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{0});
    QCOMPARE(contents.error->offset, std::size_t{0});
    QVERIFY2(contents.error->message.contains(path), qPrintable(contents.error->message));
    QVERIFY(contents.records.empty());
}

// ---- classic pcap ------------------------------------------------------------------------------

void TestCapture::classicVariants_data()
{
    QTest::addColumn<quint32>("magic");
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<quint32>("fraction");
    QTest::addColumn<qint64>("fractionNs");
    QTest::newRow("microseconds, little-endian") << quint32(0xa1b2c3d4) << false << quint32(123456) << qint64(123456000);
    QTest::newRow("microseconds, big-endian") << quint32(0xa1b2c3d4) << true << quint32(999999) << qint64(999999000);
    QTest::newRow("nanoseconds, little-endian") << quint32(0xa1b23c4d) << false << quint32(123456789) << qint64(123456789);
    QTest::newRow("nanoseconds, big-endian") << quint32(0xa1b23c4d) << true << quint32(1) << qint64(1);
}

void TestCapture::classicVariants()
{
    QFETCH(quint32, magic);
    QFETCH(bool, bigEndian);
    QFETCH(quint32, fraction);
    QFETCH(qint64, fractionNs);
    ClassicBuilder file(magic, bigEndian, 65535, 101);
    file.record(1700000000, fraction, QByteArray::fromHex("4500001c"), 28);
    file.record(4294967295u, 0, filler(60));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(!contents.error);
    QVERIFY(!contents.nextGeneration);
    QCOMPARE(contents.records.size(), std::size_t{2});
    const CaptureRecord &first = contents.records[0];
    QCOMPARE(first.index, std::size_t{1});
    QCOMPARE(first.fileOffset, std::size_t{24});
    QCOMPARE(first.timestampNs, 1700000000LL * 1000000000LL + fractionNs);
    QCOMPARE(first.linkType, std::uint32_t{101});
    QCOMPARE(first.originalLength, std::uint32_t{28});
    QCOMPARE(first.bytes, QByteArray::fromHex("4500001c"));
    const CaptureRecord &second = contents.records[1];
    QCOMPARE(second.index, std::size_t{2});
    QCOMPARE(second.fileOffset, std::size_t{24 + 16 + 4});
    QCOMPARE(second.timestampNs, 4294967295LL * 1000000000LL);   // the last second pcap can hold
    QCOMPARE(second.bytes, filler(60));
}

void TestCapture::classicHeaderOnly()
{
    for (const bool bigEndian : {false, true}) {
        const CaptureContents contents = readCapture(ClassicBuilder(0xa1b2c3d4, bigEndian, 262144, 1).bytes());
        QVERIFY(!contents.error);
        QVERIFY(contents.records.empty());
        QVERIFY(!contents.nextGeneration);
    }
}

void TestCapture::classicFcsBitsAreMasked()
{
    // The upper bits of the link-type field may say how long a frame check sequence is (here:
    // the "FCS length known" bit and 2 × 16 bits); the link type is the lower 16.
    const CaptureContents ethernet = readCapture(
        ClassicBuilder(0xa1b2c3d4, false, 65535, 0x24000001).record(1, 0, filler(64)).bytes());
    QVERIFY(!ethernet.error);
    QCOMPARE(ethernet.records.at(0).linkType, std::uint32_t{1});
    const CaptureContents cooked = readCapture(
        ClassicBuilder(0xa1b2c3d4, true, 65535, 0x14000071).record(1, 0, filler(64)).bytes());
    QVERIFY(!cooked.error);
    QCOMPARE(cooked.records.at(0).linkType, std::uint32_t{113});
}

void TestCapture::emptyFile()
{
    const CaptureContents contents = readCapture(QByteArray());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{0});
    QCOMPARE(contents.error->offset, std::size_t{0});
    QVERIFY2(contents.error->message.startsWith(QStringLiteral("file header at byte 0: the file is empty")),
             qPrintable(contents.error->message));
    QVERIFY(!contents.error->hint.isEmpty());
    QVERIFY(contents.records.empty());
}

void TestCapture::notACapture()
{
    const CaptureContents contents = readCapture(QByteArrayLiteral("<html><body>not a capture</body></html>"));
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{0});
    QCOMPARE(contents.error->offset, std::size_t{0});
    QCOMPARE(contents.error->message,
             QStringLiteral("file header at byte 0: the magic number is 0x3c68746d, not that of a capture file; "
                            "PortLab reads classic pcap (magic number a1b2c3d4 or a1b23c4d, in either byte order) "
                            "and pcapng (0a0d0d0a)"));
    QVERIFY(contents.error->hint.contains(QStringLiteral("pcapng")));
    checkErrorShape(contents, 39);
}

void TestCapture::gzipIsRecognised()
{
    const CaptureContents contents = readCapture(QByteArray::fromHex("1f8b0800000000000003"));
    QVERIFY(contents.error);
    QVERIFY2(contents.error->message.contains(QStringLiteral("0x1f8b0800")), qPrintable(contents.error->message));
    QVERIFY2(contents.error->hint.contains(QStringLiteral("gzip")), qPrintable(contents.error->hint));
}

void TestCapture::tooShortForMagic()
{
    const CaptureContents contents = readCapture(QByteArray::fromHex("d4c3b2"));
    QVERIFY(contents.error);
    QVERIFY2(contents.error->message.startsWith(
                 QStringLiteral("file header at byte 0: the file is only 3 bytes long (d4 c3 b2), too short for a magic number")),
             qPrintable(contents.error->message));
}

void TestCapture::classicTruncatedHeader()
{
    const CaptureContents contents = readCapture(ClassicBuilder(0xa1b2c3d4, false, 65535, 1).bytes().left(10));
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{0});
    QCOMPARE(contents.error->message,
             QStringLiteral("truncated: the pcap file header at byte 0 needs 24 bytes, the file ends after 10"));
    checkErrorShape(contents, 10);
}

void TestCapture::classicUnsupportedVersion()
{
    const CaptureContents contents = readCapture(ClassicBuilder(0xa1b2c3d4, false, 65535, 1, 3, 0).bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("file header at byte 0: pcap version 3.0 is not one this reader knows (2.x)"));
}

void TestCapture::classicCapturedLongerThanSnap()
{
    ClassicBuilder file(0xa1b2c3d4, false, 65535, 1);
    file.record(1, 0, filler(16));
    file.record(2, 0, filler(10), 70000, 70000);
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{2});
    QCOMPARE(contents.error->offset, std::size_t{56});
    QCOMPARE(contents.error->message,
             QStringLiteral("record 2 at byte 56: captured length 70000 is larger than the snapshot length 65535"));
    QCOMPARE(contents.error->hint,
             QStringLiteral("the record's length field is probably damaged; the record before it is intact"));
    QCOMPARE(contents.records.size(), std::size_t{1});
    QCOMPARE(contents.records[0].bytes, filler(16));
}

void TestCapture::classicCapturedLongerThanOriginal()
{
    ClassicBuilder file(0xa1b2c3d4, false, 65535, 1);
    file.record(1, 0, filler(60), 40);
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("record 1 at byte 24: captured length 60 is larger than the original length 40"));
    QVERIFY(contents.error->hint.endsWith(QStringLiteral("no record comes before it")));
}

void TestCapture::classicTruncatedRecord()
{
    ClassicBuilder file(0xa1b2c3d4, false, 65535, 1);
    file.record(1, 0, filler(16));
    file.record(2, 0, filler(82));
    const CaptureContents contents = readCapture(file.bytes().left(56 + 40));
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{2});
    QCOMPARE(contents.error->offset, std::size_t{56});
    QCOMPARE(contents.error->message, QStringLiteral("truncated: record 2 at byte 56 needs 98 bytes, the file ends after 40"));
    QCOMPARE(contents.error->hint,
             QStringLiteral("the capture was probably cut off while being written; the record before it is intact"));
    QCOMPARE(contents.records.size(), std::size_t{1});

    ClassicBuilder seven(0xa1b2c3d4, false, 65535, 1);
    for (std::uint32_t i = 0; i < 7; ++i)
        seven.record(i, 0, filler(20));
    const CaptureContents cut = readCapture(seven.bytes().chopped(1));
    QVERIFY(cut.error);
    QCOMPARE(cut.error->recordIndex, std::size_t{7});
    QVERIFY2(cut.error->hint.endsWith(QStringLiteral("; the 6 records before it are intact")), qPrintable(cut.error->hint));
    QCOMPARE(cut.records.size(), std::size_t{6});
}

void TestCapture::classicTruncatedRecordHeader()
{
    ClassicBuilder file(0xa1b2c3d4, true, 65535, 1);
    file.record(1, 0, filler(16));
    const CaptureContents contents = readCapture(file.bytes() + QByteArray(5, '\0'));
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("truncated: record 2 at byte 56 needs 16 bytes for its header, the file ends after 5"));
    QCOMPARE(contents.records.size(), std::size_t{1});
}

// ---- pcapng ------------------------------------------------------------------------------------

void TestCapture::pcapngBothByteOrders_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::newRow("little-endian") << false;
    QTest::newRow("big-endian") << true;
}

void TestCapture::pcapngBothByteOrders()
{
    QFETCH(bool, bigEndian);
    PcapngBuilder file(bigEndian);
    file.interface(1, 65535, file.option(9, QByteArray(1, '\x09')));
    const std::size_t firstPacket = file.size();
    file.enhancedPacket(0, 1795247065251685936ULL, filler(61), 1500);
    file.enhancedPacket(0, 1795247065251685937ULL, filler(64));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QVERIFY(contents.nextGeneration);
    QCOMPARE(contents.records.size(), std::size_t{2});
    QCOMPARE(contents.records[0].index, std::size_t{1});
    QCOMPARE(contents.records[0].fileOffset, firstPacket);
    QCOMPARE(contents.records[0].timestampNs, 1795247065251685936LL);
    QCOMPARE(contents.records[0].originalLength, std::uint32_t{1500});
    QCOMPARE(contents.records[0].bytes, filler(61));   // without the block's padding
    QCOMPARE(contents.records[0].linkType, std::uint32_t{1});
    QCOMPARE(contents.records[1].index, std::size_t{2});
    QCOMPARE(contents.records[1].timestampNs, 1795247065251685937LL);
}

void TestCapture::pcapngSectionOnly()
{
    const CaptureContents sectionOnly = readCapture(PcapngBuilder().bytes());
    QVERIFY(!sectionOnly.error);
    QVERIFY(sectionOnly.nextGeneration);
    QVERIFY(sectionOnly.records.empty());
    const CaptureContents withInterface = readCapture(PcapngBuilder(true).interface(1, 0).bytes());
    QVERIFY(!withInterface.error);
    QVERIFY(withInterface.records.empty());
}

void TestCapture::pcapngTimestampResolution_data()
{
    QTest::addColumn<int>("resolution");   // -1: no if_tsresol option
    QTest::addColumn<qint64>("offsetSeconds");
    QTest::addColumn<quint64>("ticks");
    QTest::addColumn<qint64>("nanoseconds");
    QTest::newRow("default: microseconds") << -1 << qint64(0) << quint64(1500000) << qint64(1500000000);
    QTest::newRow("10^-6") << 6 << qint64(0) << quint64(1700000000123456ULL) << qint64(1700000000123456000LL);
    QTest::newRow("10^-9") << 9 << qint64(0) << quint64(1795247065251685936ULL) << qint64(1795247065251685936LL);
    QTest::newRow("10^-3") << 3 << qint64(0) << quint64(1234) << qint64(1234000000);
    QTest::newRow("10^0") << 0 << qint64(0) << quint64(7) << qint64(7000000000);
    QTest::newRow("10^-19") << 19 << qint64(0) << quint64(15000000000000000000ULL) << qint64(1500000000);
    QTest::newRow("2^-10") << (0x80 | 10) << qint64(0) << quint64(5 * 1024 + 512) << qint64(5500000000);
    QTest::newRow("2^-30") << (0x80 | 30) << qint64(0) << quint64((1ULL << 30) + (1ULL << 29)) << qint64(1500000000);
    QTest::newRow("2^-64") << (0x80 | 64) << qint64(0) << quint64(1ULL << 63) << qint64(500000000);
    QTest::newRow("if_tsoffset") << 6 << qint64(100) << quint64(1) << qint64(100000001000);
    QTest::newRow("negative if_tsoffset") << 9 << qint64(-10) << quint64(10000000001ULL) << qint64(1);
}

void TestCapture::pcapngTimestampResolution()
{
    QFETCH(int, resolution);
    QFETCH(qint64, offsetSeconds);
    QFETCH(quint64, ticks);
    QFETCH(qint64, nanoseconds);
    for (const bool bigEndian : {false, true}) {
        PcapngBuilder file(bigEndian);
        QByteArray options;
        if (resolution >= 0)
            options += file.option(9, QByteArray(1, static_cast<char>(resolution)));
        if (offsetSeconds != 0)
            options += file.option(14, file.value64(static_cast<std::uint64_t>(offsetSeconds)));
        options += file.option(2, QByteArrayLiteral("lo"));   // if_name, to be skipped
        options += file.option(0, {});
        file.interface(1, 0, options);
        file.enhancedPacket(0, ticks, filler(14));
        const CaptureContents contents = readCapture(file.bytes());
        QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
        QCOMPARE(contents.records.size(), std::size_t{1});
        QCOMPARE(contents.records[0].timestampNs, nanoseconds);
    }
}

void TestCapture::pcapngSeveralSectionsAndInterfaces()
{
    PcapngBuilder file(false);
    file.interface(1, 0, file.option(9, QByteArray(1, '\x03')));
    const std::size_t first = file.size();
    file.enhancedPacket(0, 1000, filler(20));
    file.section(true);   // a second section, the other byte order: interfaces start again
    file.interface(113, 0);
    file.interface(276, 0, file.option(9, QByteArray(1, '\x09')));
    const std::size_t second = file.size();
    file.enhancedPacket(1, 5, filler(24));
    const std::size_t third = file.size();
    file.enhancedPacket(0, 5, filler(24));
    file.section(false);
    file.interface(101, 0);
    file.enhancedPacket(0, 0, QByteArray::fromHex("6000000000000000"));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QCOMPARE(contents.records.size(), std::size_t{4});
    QCOMPARE(contents.records[0].fileOffset, first);
    QCOMPARE(contents.records[0].linkType, std::uint32_t{1});
    QCOMPARE(contents.records[0].timestampNs, 1000000000LL);   // milliseconds
    QCOMPARE(contents.records[1].index, std::size_t{2});
    QCOMPARE(contents.records[1].fileOffset, second);
    QCOMPARE(contents.records[1].linkType, std::uint32_t{276});
    QCOMPARE(contents.records[1].timestampNs, 5LL);           // nanoseconds
    QCOMPARE(contents.records[2].fileOffset, third);
    QCOMPARE(contents.records[2].linkType, std::uint32_t{113});
    QCOMPARE(contents.records[2].timestampNs, 5000LL);        // the default, microseconds
    QCOMPARE(contents.records[3].index, std::size_t{4});
    QCOMPARE(contents.records[3].linkType, std::uint32_t{101});
    QCOMPARE(networkLayerOf(contents.records[3])->etherType, std::uint16_t{0x86dd});
}

void TestCapture::pcapngSimplePacketBlock()
{
    PcapngBuilder file;
    file.interface(1, 64);
    const std::size_t snapped = file.size();
    file.simplePacket(100, filler(64));   // snapped: the block holds what the snap length kept
    file.simplePacket(10, filler(10));    // padded to 12 in the block; 10 are the packet
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QCOMPARE(contents.records.size(), std::size_t{2});
    QCOMPARE(contents.records[0].fileOffset, snapped);
    QCOMPARE(contents.records[0].originalLength, std::uint32_t{100});
    QCOMPARE(contents.records[0].bytes, filler(64));
    QCOMPARE(contents.records[0].timestampNs, 0LL);   // a Simple Packet Block has no timestamp
    QCOMPARE(contents.records[0].linkType, std::uint32_t{1});
    QCOMPARE(contents.records[1].originalLength, std::uint32_t{10});
    QCOMPARE(contents.records[1].bytes, filler(10));
}

void TestCapture::pcapngObsoletePacketBlock()
{
    PcapngBuilder file(true);
    file.interface(1, 0);
    file.interface(228, 0);
    file.obsoletePacket(1, 3000000, QByteArray::fromHex("450000140000"));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QCOMPARE(contents.records.size(), std::size_t{1});
    QCOMPARE(contents.records[0].linkType, std::uint32_t{228});
    QCOMPARE(contents.records[0].timestampNs, 3000000000LL);
    QCOMPARE(contents.records[0].bytes, QByteArray::fromHex("450000140000"));
}

void TestCapture::pcapngOtherBlocksAreSkipped()
{
    PcapngBuilder file;
    file.block(4, filler(16));   // Name Resolution Block
    file.interface(1, 0);
    file.enhancedPacket(0, 1, filler(20));
    file.block(5, filler(28));            // Interface Statistics Block
    file.block(0x00000bad, filler(12));   // Custom Block
    file.block(0x12345678, {});           // a type nobody defined
    file.block(0x0a, filler(40));         // Decryption Secrets Block
    const std::size_t last = file.size();
    file.enhancedPacket(0, 2, filler(21));
    file.block(5, filler(28));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QCOMPARE(contents.records.size(), std::size_t{2});
    QCOMPARE(contents.records[1].index, std::size_t{2});
    QCOMPARE(contents.records[1].fileOffset, last);
    QCOMPARE(contents.records[1].bytes, filler(21));
}

void TestCapture::pcapngUnknownInterface()
{
    PcapngBuilder file;
    file.interface(1, 0);
    file.enhancedPacket(0, 1, filler(16));
    QCOMPARE(file.size(), std::size_t{96});
    file.enhancedPacket(3, 2, filler(16));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{2});
    QCOMPARE(contents.error->offset, std::size_t{96});
    QCOMPARE(contents.error->message,
             QStringLiteral("record 2 at byte 96: the packet names interface 3, but its section describes only interface 0"));
    QVERIFY(contents.error->hint.endsWith(QStringLiteral("the record before it is intact")));
    QCOMPARE(contents.records.size(), std::size_t{1});

    PcapngBuilder two;
    two.interface(1, 0).interface(1, 0).enhancedPacket(2, 0, filler(4));
    QVERIFY(readCapture(two.bytes()).error->message.endsWith(QStringLiteral("describes interfaces 0 to 1")));
}

void TestCapture::pcapngPacketBeforeAnyInterface()
{
    PcapngBuilder file;
    file.enhancedPacket(0, 1, filler(16));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("record 1 at byte 28: the packet names interface 0, but its section describes no interface"));

    // Interfaces belong to their section: a new section forgets them.
    PcapngBuilder later;
    later.interface(1, 0).enhancedPacket(0, 1, filler(16)).section(false).enhancedPacket(0, 1, filler(16));
    const CaptureContents second = readCapture(later.bytes());
    QVERIFY(second.error);
    QCOMPARE(second.records.size(), std::size_t{1});
    QVERIFY(second.error->message.endsWith(QStringLiteral("describes no interface")));
}

void TestCapture::pcapngSimplePacketWithoutInterface()
{
    PcapngBuilder file;
    file.simplePacket(10, filler(10));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("record 1 at byte 28: the packet names interface 0, but its section describes no interface"));
}

void TestCapture::pcapngBadBlockLengths_data()
{
    QTest::addColumn<std::size_t>("fieldOffset");   // from the start of the damaged block
    QTest::addColumn<quint32>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a multiple of 4") << std::size_t{4} << quint32(50)
        << QStringLiteral("record 1 at byte 48: the block's total length 50 is not a multiple of 4");
    QTest::newRow("below 12") << std::size_t{4} << quint32(8)
        << QStringLiteral("record 1 at byte 48: the block's total length 8 is less than 12, the smallest block");
    QTest::newRow("zero") << std::size_t{4} << quint32(0)
        << QStringLiteral("record 1 at byte 48: the block's total length 0 is less than 12, the smallest block");
    QTest::newRow("trailing length differs") << std::size_t{44} << quint32(52)
        << QStringLiteral("record 1 at byte 48: the block's length is 48 at its start but 52 at its end");
    QTest::newRow("longer than the file") << std::size_t{4} << quint32(0xfffffff0)
        << QStringLiteral("truncated: record 1 at byte 48 needs 4294967280 bytes, the file ends after 48");
}

void TestCapture::pcapngBadBlockLengths()
{
    QFETCH(std::size_t, fieldOffset);
    QFETCH(quint32, value);
    QFETCH(QString, message);
    PcapngBuilder file;
    file.interface(1, 0);
    QCOMPARE(file.size(), std::size_t{48});
    file.enhancedPacket(0, 1, filler(16));
    file.poke32(48 + fieldOffset, value);
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message, message);
    QCOMPARE(contents.error->recordIndex, std::size_t{1});
    QCOMPARE(contents.error->offset, std::size_t{48});
    QVERIFY(contents.records.empty());
    checkErrorShape(contents, file.size());
}

void TestCapture::pcapngTruncatedBlocks()
{
    PcapngBuilder file;
    file.interface(1, 0);
    file.enhancedPacket(0, 1, filler(16));
    const QByteArray whole = file.bytes();

    const CaptureContents packet = readCapture(whole.left(48 + 30));
    QCOMPARE(packet.error->message, QStringLiteral("truncated: record 1 at byte 48 needs 48 bytes, the file ends after 30"));
    QCOMPARE(packet.error->hint,
             QStringLiteral("the capture was probably cut off while being written; no record comes before it"));

    const CaptureContents interface = readCapture(whole.left(28 + 10));
    QCOMPARE(interface.error->message,
             QStringLiteral("truncated: Interface Description Block at byte 28 (before record 1) needs 20 bytes, "
                            "the file ends after 10"));
    QCOMPARE(interface.error->recordIndex, std::size_t{1});

    const CaptureContents typeOnly = readCapture(whole.left(48 + 5));
    QCOMPARE(typeOnly.error->message,
             QStringLiteral("truncated: record 1 at byte 48 needs at least 12 bytes, the file ends after 5"));
    const CaptureContents nothingKnown = readCapture(whole.left(48 + 2));
    QCOMPARE(nothingKnown.error->message,
             QStringLiteral("truncated: block at byte 48 (before record 1) needs at least 12 bytes, the file ends after 2"));

    const CaptureContents header = readCapture(whole.left(20));
    QCOMPARE(header.error->recordIndex, std::size_t{0});
    QCOMPARE(header.error->message,
             QStringLiteral("truncated: Section Header Block at byte 0 (the file header) needs 28 bytes, "
                            "the file ends after 20"));
}

void TestCapture::pcapngBadByteOrderMagic()
{
    PcapngBuilder file;
    file.poke32(8, 0x12345678);
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{0});
    QCOMPARE(contents.error->offset, std::size_t{8});
    QCOMPARE(contents.error->message,
             QStringLiteral("Section Header Block at byte 0 (the file header): the byte-order magic at byte 8 is "
                            "0x78563412, neither 1a2b3c4d nor 4d3c2b1a"));
    checkErrorShape(contents, file.size());
}

void TestCapture::pcapngUnsupportedVersion()
{
    const CaptureContents contents = readCapture(PcapngBuilder(false, 2).bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("Section Header Block at byte 0 (the file header): pcapng version 2.0 is not one this "
                            "reader knows (1.x)"));
}

void TestCapture::pcapngCapturedLengthChecks()
{
    {
        PcapngBuilder file;
        file.interface(1, 0).enhancedPacket(0, 1, filler(16), 16, 100);
        QCOMPARE(readCapture(file.bytes()).error->message,
                 QStringLiteral("record 1 at byte 48: captured length 100 does not fit in the block, which has room for 16"));
    }
    {
        PcapngBuilder file;
        file.interface(1, 8).enhancedPacket(0, 1, filler(16));
        QCOMPARE(readCapture(file.bytes()).error->message,
                 QStringLiteral("record 1 at byte 48: captured length 16 is larger than the snapshot length 8"));
    }
    {
        PcapngBuilder file;
        file.interface(1, 0).enhancedPacket(0, 1, filler(16), 12);
        QCOMPARE(readCapture(file.bytes()).error->message,
                 QStringLiteral("record 1 at byte 48: captured length 16 is larger than the original length 12"));
    }
    {
        PcapngBuilder file;
        file.interface(1, 0).block(6, filler(12));
        QCOMPARE(readCapture(file.bytes()).error->message,
                 QStringLiteral("record 1 at byte 48: the block is 24 bytes long, less than the 32 its fields need"));
    }
}

void TestCapture::pcapngBadOptions()
{
    {
        PcapngBuilder file;
        QByteArray options = file.option(9, QByteArray(1, '\x09'));
        options.replace(2, 1, QByteArray(1, '\xc8'));   // claims 200 bytes (little-endian length)
        file.interface(1, 0, options);
        const CaptureContents contents = readCapture(file.bytes());
        QVERIFY(contents.error);
        QCOMPARE(contents.error->offset, std::size_t{44});
        QCOMPARE(contents.error->message,
                 QStringLiteral("Interface Description Block at byte 28 (before record 1): the option at byte 44 "
                                "(code 9) says it holds 200 bytes, but the block has room for 4"));
        checkErrorShape(contents, file.size());
    }
    {
        PcapngBuilder file;
        file.interface(1, 0, file.option(9, QByteArrayLiteral("\x09\x00")));
        QCOMPARE(readCapture(file.bytes()).error->message,
                 QStringLiteral("Interface Description Block at byte 28 (before record 1): the option at byte 44 "
                                "(if_tsresol) is 2 bytes long instead of 1"));
    }
    {
        PcapngBuilder file;
        file.interface(1, 0, file.option(14, QByteArrayLiteral("\x01\x00\x00\x00")));
        QCOMPARE(readCapture(file.bytes()).error->message,
                 QStringLiteral("Interface Description Block at byte 28 (before record 1): the option at byte 44 "
                                "(if_tsoffset) is 4 bytes long instead of 8"));
    }
}

void TestCapture::pcapngTimestampOutOfRange()
{
    PcapngBuilder file;
    file.interface(1, 0, file.option(9, QByteArray(1, '\x09')));
    file.enhancedPacket(0, 0xffffffffffffffffULL, filler(8));
    const CaptureContents contents = readCapture(file.bytes());
    QVERIFY(contents.error);
    QCOMPARE(contents.error->message,
             QStringLiteral("record 1 at byte 56: the timestamp is outside the years 1678 to 2262"));

    PcapngBuilder offset;
    offset.interface(1, 0, offset.option(14, offset.value64(0x7fffffffffffffffULL)));
    offset.enhancedPacket(0, 0, filler(8));
    QVERIFY(readCapture(offset.bytes()).error);
}

// ---- link layers -------------------------------------------------------------------------------

void TestCapture::networkLayer_data()
{
    QTest::addColumn<quint32>("linkType");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("found");
    QTest::addColumn<std::size_t>("offset");
    QTest::addColumn<quint16>("etherType");
    const QByteArray macs = QByteArray::fromHex("020000000001020000000002");
    QTest::newRow("Ethernet, IPv4") << quint32(1) << macs + QByteArray::fromHex("080045") << true << std::size_t{14} << quint16(0x0800);
    QTest::newRow("Ethernet, ARP") << quint32(1) << macs + QByteArray::fromHex("0806") << true << std::size_t{14} << quint16(0x0806);
    QTest::newRow("Ethernet, one VLAN tag") << quint32(1) << macs + QByteArray::fromHex("8100002a86dd60") << true << std::size_t{18} << quint16(0x86dd);
    QTest::newRow("Ethernet, two tags") << quint32(1) << macs + QByteArray::fromHex("88a8000181000002080045") << true << std::size_t{22} << quint16(0x0800);
    QTest::newRow("Ethernet, tag cut off") << quint32(1) << macs + QByteArray::fromHex("8100002a86") << false << std::size_t{0} << quint16(0);
    QTest::newRow("Ethernet, too short") << quint32(1) << macs + QByteArray::fromHex("08") << false << std::size_t{0} << quint16(0);
    QTest::newRow("Ethernet, header only") << quint32(1) << macs + QByteArray::fromHex("0800") << true << std::size_t{14} << quint16(0x0800);
    const QByteArray sll = QByteArray::fromHex("0000030400060000000000000000");
    QTest::newRow("SLL") << quint32(113) << sll + QByteArray::fromHex("86dd60") << true << std::size_t{16} << quint16(0x86dd);
    QTest::newRow("SLL, too short") << quint32(113) << sll + QByteArray::fromHex("08") << false << std::size_t{0} << quint16(0);
    const QByteArray sll2 = QByteArray::fromHex("08000000000000010304000600000000000000000045");
    QTest::newRow("SLL2") << quint32(276) << sll2 << true << std::size_t{20} << quint16(0x0800);
    QTest::newRow("SLL2, too short") << quint32(276) << sll2.left(19) << false << std::size_t{0} << quint16(0);
    QTest::newRow("Raw, IPv4") << quint32(101) << QByteArray::fromHex("4500") << true << std::size_t{0} << quint16(0x0800);
    QTest::newRow("Raw, IPv6") << quint32(101) << QByteArray::fromHex("6000") << true << std::size_t{0} << quint16(0x86dd);
    QTest::newRow("Raw, not IP") << quint32(101) << QByteArray::fromHex("1000") << true << std::size_t{0} << quint16(0);
    QTest::newRow("Raw, empty") << quint32(101) << QByteArray() << false << std::size_t{0} << quint16(0);
    QTest::newRow("IPv4 link type") << quint32(228) << QByteArray::fromHex("45") << true << std::size_t{0} << quint16(0x0800);
    QTest::newRow("IPv6 link type") << quint32(229) << QByteArray::fromHex("60") << true << std::size_t{0} << quint16(0x86dd);
    QTest::newRow("Null, IPv4, little-endian host") << quint32(0) << QByteArray::fromHex("0200000045") << true << std::size_t{4} << quint16(0x0800);
    QTest::newRow("Null, IPv4, big-endian host") << quint32(0) << QByteArray::fromHex("0000000245") << true << std::size_t{4} << quint16(0x0800);
    QTest::newRow("Null, IPv6 BSD") << quint32(0) << QByteArray::fromHex("1800000060") << true << std::size_t{4} << quint16(0x86dd);
    QTest::newRow("Null, IPv6 FreeBSD") << quint32(0) << QByteArray::fromHex("0000001c60") << true << std::size_t{4} << quint16(0x86dd);
    QTest::newRow("Null, IPv6 macOS") << quint32(0) << QByteArray::fromHex("1e00000060") << true << std::size_t{4} << quint16(0x86dd);
    QTest::newRow("Null, unknown family") << quint32(0) << QByteArray::fromHex("63000000") << true << std::size_t{4} << quint16(0);
    QTest::newRow("Null, too short") << quint32(0) << QByteArray::fromHex("020000") << false << std::size_t{0} << quint16(0);
    QTest::newRow("Loop, IPv4") << quint32(108) << QByteArray::fromHex("0000000245") << true << std::size_t{4} << quint16(0x0800);
    QTest::newRow("Loop, IPv6") << quint32(108) << QByteArray::fromHex("0000001860") << true << std::size_t{4} << quint16(0x86dd);
    QTest::newRow("Loop, little-endian is not Loop") << quint32(108) << QByteArray::fromHex("0200000045") << true << std::size_t{4} << quint16(0);
    QTest::newRow("unknown link type") << quint32(147) << QByteArray::fromHex("4500000000000000000000000000000000") << false << std::size_t{0} << quint16(0);
}

void TestCapture::networkLayer()
{
    QFETCH(quint32, linkType);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, found);
    QFETCH(std::size_t, offset);
    QFETCH(quint16, etherType);
    CaptureRecord record;
    record.linkType = linkType;
    record.bytes = bytes;
    record.originalLength = static_cast<std::uint32_t>(bytes.size());
    const auto network = networkLayerOf(record);
    QCOMPARE(network.has_value(), found);
    if (found) {
        QCOMPARE(network->offset, offset);
        QCOMPARE(network->etherType, etherType);
    }
}

void TestCapture::linkTypeNames()
{
    QCOMPARE(linkTypeName(1), QStringLiteral("Ethernet"));
    QCOMPARE(linkTypeName(113), QStringLiteral("Linux cooked (SLL)"));
    QCOMPARE(linkTypeName(276), QStringLiteral("Linux cooked (SLL2)"));
    QCOMPARE(linkTypeName(101), QStringLiteral("Raw IP"));
    QCOMPARE(linkTypeName(0), QStringLiteral("BSD loopback (Null)"));
    QCOMPARE(linkTypeName(108), QStringLiteral("OpenBSD loopback (Loop)"));
    QCOMPARE(linkTypeName(147), QStringLiteral("link type 147"));
    QCOMPARE(linkTypeName(static_cast<std::uint32_t>(LinkType::LinuxCooked2)), QStringLiteral("Linux cooked (SLL2)"));
}

// ---- writing -----------------------------------------------------------------------------------

namespace {

// Real frames to write: the first records of the Ethernet fixture.
std::vector<QByteArray> sampleFrames()
{
    const CaptureContents contents = readCapture(fixtureBytes("lo_ethernet.pcap"));
    std::vector<QByteArray> frames;
    for (const std::size_t number : {1u, 2u, 3u, 4u, 11u, 21u, 23u})
        frames.push_back(contents.records.at(number - 1).bytes);
    return frames;
}

// Virtual time starts at zero; these cover a fraction, a whole second plus a nanosecond, an hour.
const std::int64_t kVirtualTimes[] = {0, 1'500'000, 2'000'000, 1'000'000'007, 1'000'250'000, 3'600'000'000'042, 3'601'999'999'999};

// Accepts this many bytes, then fails every write, like a full disk.
class FailingDevice : public QIODevice {
public:
    explicit FailingDevice(qint64 capacity) : m_capacity(capacity) { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 length) override
    {
        if (length > m_capacity)
            return -1;
        m_capacity -= length;
        return length;
    }

private:
    qint64 m_capacity;
};

} // namespace

void TestCapture::writerRoundTrip()
{
    const std::vector<QByteArray> frames = sampleFrames();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    PcapWriter writer(buffer, LinkType::Ethernet);
    QVERIFY(writer.ok());
    for (std::size_t i = 0; i < frames.size(); ++i)
        QVERIFY(writer.write(kVirtualTimes[i], frames[i]));
    QVERIFY(writer.ok());

    const CaptureContents contents = readCapture(buffer.data());
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QVERIFY(!contents.nextGeneration);
    QCOMPARE(contents.records.size(), frames.size());
    std::size_t offset = 24;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const CaptureRecord &record = contents.records[i];
        QCOMPARE(record.index, i + 1);
        QCOMPARE(record.fileOffset, offset);
        QCOMPARE(record.timestampNs, kVirtualTimes[i]);
        QCOMPARE(record.linkType, std::uint32_t{1});
        QCOMPARE(record.bytes, frames[i]);
        QCOMPARE(record.originalLength, static_cast<std::uint32_t>(frames[i].size()));
        offset += 16 + static_cast<std::size_t>(frames[i].size());
    }
}

void TestCapture::writerHeaderLayout()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    PcapWriter writer(buffer, LinkType::LinuxCooked2, 1500);
    QVERIFY(writer.write(1'000'000'007, QByteArray(20, 'x')));
    const QByteArray file = buffer.data();
    QCOMPARE(file.size(), qsizetype{24 + 16 + 20});
    // The machine's byte order: read the fields back the way this machine stores them.
    const auto native32 = [&](qsizetype offset) {
        std::uint32_t value = 0;
        std::memcpy(&value, file.constData() + offset, sizeof value);
        return value;
    };
    const auto native16 = [&](qsizetype offset) {
        std::uint16_t value = 0;
        std::memcpy(&value, file.constData() + offset, sizeof value);
        return value;
    };
    QCOMPARE(native32(0), std::uint32_t{0xa1b23c4d});
    QCOMPARE(native16(4), std::uint16_t{2});
    QCOMPARE(native16(6), std::uint16_t{4});
    QCOMPARE(native32(8), std::uint32_t{0});
    QCOMPARE(native32(12), std::uint32_t{0});
    QCOMPARE(native32(16), std::uint32_t{1500});
    QCOMPARE(native32(20), std::uint32_t{276});
    QCOMPARE(native32(24), std::uint32_t{1});   // seconds
    QCOMPARE(native32(28), std::uint32_t{7});   // nanoseconds
    QCOMPARE(native32(32), std::uint32_t{20});
    QCOMPARE(native32(36), std::uint32_t{20});
}

void TestCapture::writerTruncatesToSnapLength()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    PcapWriter writer(buffer, LinkType::Raw, 64);
    QVERIFY(writer.write(5, filler(100)));
    QVERIFY(writer.write(6, filler(64)));
    QVERIFY(writer.write(7, QByteArray()));
    const CaptureContents contents = readCapture(buffer.data());
    QVERIFY(!contents.error);
    QCOMPARE(contents.records.size(), std::size_t{3});
    QCOMPARE(contents.records[0].bytes, filler(64));
    QCOMPARE(contents.records[0].originalLength, std::uint32_t{100});
    QCOMPARE(contents.records[1].bytes, filler(64));
    QCOMPARE(contents.records[1].originalLength, std::uint32_t{64});
    QVERIFY(contents.records[2].bytes.isEmpty());
    QCOMPARE(contents.records[2].timestampNs, 7LL);
}

void TestCapture::writerFailsOnReadOnlyDevice()
{
    QByteArray storage;
    QBuffer buffer(&storage);
    buffer.open(QIODevice::ReadOnly);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ReadOnly device")));
    PcapWriter writer(buffer, LinkType::Ethernet);
    QVERIFY(!writer.ok());
    QVERIFY(!writer.write(0, filler(60)));
    QVERIFY(!writer.ok());
    QVERIFY(storage.isEmpty());
}

void TestCapture::writerStaysFailedAfterDeviceFails()
{
    FailingDevice device(24 + 16 + 60 + 10);   // the header, one record, and part of another
    PcapWriter writer(device, LinkType::Ethernet);
    QVERIFY(writer.ok());
    QVERIFY(writer.write(1, filler(60)));
    QVERIFY(!writer.write(2, filler(60)));
    QVERIFY(!writer.ok());
    QVERIFY(!writer.write(3, QByteArray()));   // would fit, but the file is already broken
    QVERIFY(!writer.ok());
}

void TestCapture::writerRefusesTimestampsPcapCannotHold()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    PcapWriter writer(buffer, LinkType::Ethernet);
    QVERIFY(!writer.write(-1, filler(60)));
    QVERIFY(!writer.write(4294967296LL * 1'000'000'000LL, filler(60)));
    QVERIFY(writer.ok());   // nothing was written, so the file is still sound
    QVERIFY(writer.write(4294967295LL * 1'000'000'000LL + 999'999'999, filler(60)));
    const CaptureContents contents = readCapture(buffer.data());
    QVERIFY(!contents.error);
    QCOMPARE(contents.records.size(), std::size_t{1});
    QCOMPARE(contents.records[0].timestampNs, 4294967295LL * 1'000'000'000LL + 999'999'999);
}

void TestCapture::tsharkReadsWrittenFile()
{
    const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
    // scripts/setup.sh installs tshark: its absence is a broken set-up, not a reason to pass.
    if (tshark.isEmpty())
        QFAIL("tshark is missing (Debian package tshark; scripts/setup.sh installs it): cannot check that it reads a written capture");

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(QStringLiteral("written.pcap"));
    const std::vector<QByteArray> frames = sampleFrames();
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        PcapWriter writer(file, LinkType::Ethernet, 80);   // snaps the IPv6 frame (94 bytes)
        for (std::size_t i = 0; i < frames.size(); ++i)
            QVERIFY(writer.write(kVirtualTimes[i], frames[i]));
    }

    const auto runTshark = [&](const QStringList &arguments, QString &standardError) {
        QProcess process;
        process.start(tshark, QStringList{QStringLiteral("-r"), path} + arguments);
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
        }
        // As root, tshark warns that it runs as root: that line says nothing about the file.
        QStringList complaints;
        const QStringList lines = QString::fromLocal8Bit(process.readAllStandardError()).split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            if (!line.trimmed().isEmpty() && !line.startsWith(QStringLiteral("Running as user")))
                complaints.append(line);
        }
        standardError = complaints.join(QLatin1Char('\n'));
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0
            ? QString::fromLocal8Bit(process.readAllStandardOutput())
            : QString();
    };

    QString complaints;
    const QString fields = runTshark({QStringLiteral("-T"), QStringLiteral("fields"),
                                      QStringLiteral("-e"), QStringLiteral("frame.number"),
                                      QStringLiteral("-e"), QStringLiteral("frame.time_epoch"),
                                      QStringLiteral("-e"), QStringLiteral("frame.len"),
                                      QStringLiteral("-e"), QStringLiteral("frame.cap_len"),
                                      QStringLiteral("-e"), QStringLiteral("frame.protocols")},
                                     complaints);
    QVERIFY2(complaints.isEmpty(), qPrintable(complaints));
    const QStringList lines = fields.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), qsizetype(frames.size()));
    const QStringList expectedTimes = {
        QStringLiteral("0.000000000"), QStringLiteral("0.001500000"), QStringLiteral("0.002000000"),
        QStringLiteral("1.000000007"), QStringLiteral("1.000250000"), QStringLiteral("3600.000000042"),
        QStringLiteral("3601.999999999")};
    const QStringList expectedProtocols = {
        QStringLiteral("eth:ethertype:ip:tcp"), QStringLiteral("eth:ethertype:ip:tcp"),
        QStringLiteral("eth:ethertype:ip:tcp"), QStringLiteral("eth:ethertype:ip:tcp:data"),
        QStringLiteral("eth:ethertype:ipv6:tcp"), QStringLiteral("eth:ethertype:ip:udp:data"),
        QStringLiteral("eth:ethertype:ip:icmp:ip:udp:data")};
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringList columns = lines[i].split(QLatin1Char('\t'));
        QCOMPARE(columns.size(), qsizetype{5});
        const auto frameLength = frames[static_cast<std::size_t>(i)].size();
        QCOMPARE(columns[0], QString::number(i + 1));
        QCOMPARE(columns[1], expectedTimes[i]);
        QCOMPARE(columns[2], QString::number(frameLength));
        QCOMPARE(columns[3], QString::number(std::min<qsizetype>(frameLength, 80)));
        QCOMPARE(columns[4], expectedProtocols[i]);
    }

    const QString malformed = runTshark({QStringLiteral("-Y"), QStringLiteral("_ws.malformed")}, complaints);
    QVERIFY2(complaints.isEmpty(), qPrintable(complaints));
    QVERIFY2(malformed.trimmed().isEmpty(), qPrintable(malformed));
}

// ---- damage ------------------------------------------------------------------------------------

void TestCapture::fixtureCutEverywhere_data() { fixtureMatchesTshark_data(); }

void TestCapture::fixtureCutEverywhere()
{
    QFETCH(int, fixture);
    const QByteArray file = fixtureBytes(kFixtures[fixture].file);
    const CaptureContents whole = readCapture(file);
    QVERIFY(!whole.error);
    const std::set<std::size_t> boundaries = blockBoundaries(file, whole);
    QVERIFY(boundaries.contains(static_cast<std::size_t>(file.size())));

    for (qsizetype cut = 0; cut < file.size(); ++cut) {
        const auto length = static_cast<std::size_t>(cut);
        const CaptureContents contents = readCapture(file.left(cut));
        const QByteArray context = "cut at " + QByteArray::number(cut);
        // A cut exactly between blocks leaves a shorter, sound file; any other cut is an error.
        QVERIFY2(contents.error.has_value() != boundaries.contains(length), context.constData());
        checkErrorShape(contents, length);
        if (QTest::currentTestFailed())
            QFAIL(context.constData());
        checkRecordsSane(contents, length);
        if (contents.error && cut >= 4)
            QVERIFY2(contents.error->message.startsWith(QStringLiteral("truncated: ")), qPrintable(contents.error->message));
        // Every record that ends before the cut is read, the same as from the whole file.
        std::size_t complete = 0;
        while (complete < whole.records.size() && blockEnd(file, whole, whole.records[complete]) <= length)
            ++complete;
        QVERIFY2(contents.records.size() == complete, context.constData());
        for (std::size_t i = 0; i < complete; ++i) {
            QCOMPARE(contents.records[i].bytes, whole.records[i].bytes);
            QCOMPARE(contents.records[i].timestampNs, whole.records[i].timestampNs);
        }
    }
}

void TestCapture::fixtureBytesScrambled_data() { fixtureMatchesTshark_data(); }

void TestCapture::fixtureBytesScrambled()
{
    QFETCH(int, fixture);
    const QByteArray file = fixtureBytes(kFixtures[fixture].file);
    QVERIFY(!file.isEmpty());
    std::mt19937 random(20240611u + static_cast<unsigned>(fixture));
    std::uniform_int_distribution<qsizetype> position(0, file.size() - 1);
    std::uniform_int_distribution<int> flips(1, 4);
    std::uniform_int_distribution<int> bits(1, 255);
    int errors = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray damaged = file;
        const int count = flips(random);
        for (int i = 0; i < count; ++i) {
            const qsizetype at = position(random);
            damaged[at] = static_cast<char>(damaged.at(at) ^ static_cast<char>(bits(random)));
        }
        const CaptureContents contents = readCapture(damaged);
        checkErrorShape(contents, static_cast<std::size_t>(damaged.size()));
        checkRecordsSane(contents, static_cast<std::size_t>(damaged.size()));
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("round %1").arg(round)));
        if (contents.error)
            ++errors;
    }
    // Most flips land in packet bytes and leave a readable file; some must hit a length field.
    QVERIFY(errors > 0);
    QVERIFY(errors < 3000);
}

QTEST_GUILESS_MAIN(TestCapture)
#include "tst_capture.moc"
