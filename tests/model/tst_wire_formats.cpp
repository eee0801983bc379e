// SPDX-License-Identifier: GPL-3.0-or-later
// The header formats of model/wire against packets the Linux kernel sent: every field parses to
// what tshark reads in the same bytes, the parsed value re-emits to the same bytes (into a buffer
// pre-filled with a marker, so a field emit() forgot would show), checksums catch a flipped bit,
// and damaged or truncated input gets a problem that names the layer, never a crash.
//
// How the golden packets were captured (Linux 6.18, Debian 12, as root):
//   Two network namespaces joined by a veth pair: pla0 02:00:5e:10:00:01 with 10.77.0.1/24 and
//   fd00:77::1/64 in one, plb0 02:00:5e:10:00:02 with 10.77.0.2/24 and fd00:77::2/64 in the
//   other. Transmit checksum offload was switched off on both ends (SIOCETHTOOL ETHTOOL_STXCSUM),
//   so the kernel wrote complete TCP and UDP checksums: on the loopback device the offload
//   cannot be switched off, and its captures hold only the pseudo-header part of the checksum.
//   `dumpcap -i pla0` ran in the first namespace while Python sockets there talked to servers
//   in the other: ICMP echo through ping sockets (SOCK_DGRAM, IPPROTO_ICMP/ICMPV6, so the
//   kernel wrote the headers), a TCP connection to port 8080 with 5 bytes of data and a close,
//   a connect to the closed port 8081, UDP to port 9999 (answered) and to the closed port 9998,
//   raw IP with the unknown protocol 253, UDP with the IP_OPTIONS Record Route option, and an
//   Ethernet frame with the experimental EtherType 0x88b5 sent through an AF_PACKET socket.
//   Hex from `tshark -r FILE -x`; the expected values below were read from `tshark -r FILE -V`
//   (tshark also reported every checksum in these frames as correct).
//   The frames are as veth hands them over, without the padding a NIC adds below 60 bytes.
#include "model_test_support.h"

#include "wire/checksum.h"
#include "wire/frame.h"

#include <QByteArray>

#include <functional>
#include <random>

using namespace portlab;
using namespace portlab::wire;

namespace {

// ---- Golden frames (Ethernet II, no frame check sequence) ----

// ARP request, 10.77.0.1 asks for 10.77.0.2 (sent before the first IPv4 ping).
const char ArpRequest[] =
    "ffffffffffff02005e1000010806000108000604000102005e1000010a4d00010000000000000a4d0002";
// ARP reply: 10.77.0.2 is at 02:00:5e:10:00:02.
const char ArpReply[] =
    "02005e10000102005e1000020806000108000604000202005e1000020a4d000202005e1000010a4d0001";
// ICMP echo request 10.77.0.1 -> 10.77.0.2, identifier 0xb45a, sequence 1, "portlab echo".
const char IcmpEchoRequest[] =
    "02005e10000202005e100001080045000028f1264000400135120a4d00010a4d00020800c46bb45a0001"
    "706f72746c6162206563686f";
// ICMP echo reply 10.77.0.2 -> 10.77.0.1.
const char IcmpEchoReply[] =
    "02005e10000102005e1000020800450000284eaa00004001178f0a4d00020a4d00010000cc6bb45a0001"
    "706f72746c6162206563686f";
// TCP SYN 10.77.0.1:36848 -> 10.77.0.2:8080 with MSS, SACK permitted, timestamps, NOP, window scale.
const char TcpSynV4[] =
    "02005e10000202005e10000108004500003cfeb84000400627670a4d00010a4d00028ff01f90c14b4059"
    "00000000a002faf01c090000020405b40402080aec717ecf000000000103030a";
// TCP SYN-ACK 10.77.0.2:8080 -> 10.77.0.1:36848.
const char TcpSynAckV4[] =
    "02005e10000102005e10000208004500003c00004000400626200a4d00020a4d00011f908ff05c38ba97"
    "c14b405aa012fe88ae310000020405b40402080ab3999fc4ec717ecf0103030a";
// TCP PSH+ACK carrying "hello", with NOP, NOP, timestamps.
const char TcpDataV4[] =
    "02005e10000202005e100001080045000039feba4000400627680a4d00010a4d00028ff01f90c14b405a"
    "5c38ba988018003f970700000101080aec717f33b3999fc468656c6c6f";
// TCP FIN+ACK from the client.
const char TcpFinV4[] =
    "02005e10000202005e100001080045000034febb40004006276c0a4d00010a4d00028ff01f90c14b405f"
    "5c38ba988011003fda1700000101080aec717f98b399a028";
// TCP RST+ACK from 10.77.0.2:8081, where nothing listens, to 10.77.0.1:34198.
const char TcpRstV4[] =
    "02005e10000102005e10000208004500002800004000400626340a4d00020a4d00011f91859600000000"
    "cfde22e050140000034e0000";
// UDP 10.77.0.1:59499 -> 10.77.0.2:9999, "ping".
const char UdpV4[] =
    "02005e10000202005e1000010800450000204bb940004011da770a4d00010a4d0002e86b270f000cfced"
    "70696e67";
// UDP answer 10.77.0.2:9999 -> 10.77.0.1:59499, "pong:ping".
const char UdpReplyV4[] =
    "02005e10000102005e1000020800450000256b8140004011baaa0a4d00020a4d0001270fe86b0011f1fe"
    "706f6e673a70696e67";
// ICMP port unreachable for UDP 10.77.0.1:58795 -> 10.77.0.2:9998 (closed), quoting it whole.
const char IcmpPortUnreachableV4[] =
    "02005e10000102005e100002080045c0003c4f840000400115e10a4d00020a4d0001030311b700000000"
    "45000020b4b74000401171790a4d00010a4d0002e5ab270e000cffae70696e67";
// ICMPv6 neighbour solicitation for fd00:77::2 (before the first IPv6 ping).
const char NeighbourSolicitation[] =
    "3333ff00000202005e10000186dd6000000000203afffd000077000000000000000000000001ff020000"
    "0000000000000001ff00000287001e9900000000fd000077000000000000000000000002010102005e100001";
// ICMPv6 echo request fd00:77::1 -> fd00:77::2, identifier 0xb45b, sequence 1, "portlab echo".
const char Icmpv6EchoRequest[] =
    "02005e10000202005e10000186dd600a206300143a40fd000077000000000000000000000001fd000077"
    "00000000000000000000000280005129b45b0001706f72746c6162206563686f";
// ICMPv6 echo reply fd00:77::2 -> fd00:77::1.
const char Icmpv6EchoReply[] =
    "02005e10000102005e10000286dd600afe1a00143a40fd000077000000000000000000000002fd000077"
    "00000000000000000000000181005029b45b0001706f72746c6162206563686f";
// TCP SYN [fd00:77::1]:48694 -> [fd00:77::2]:8080, MSS 1440.
const char TcpSynV6[] =
    "02005e10000202005e10000186dd600c4b5500280640fd000077000000000000000000000001fd000077"
    "000000000000000000000002be361f905b7a581500000000a002fd205c010000020405a00402080ab6af"
    "abf6000000000103030a";
// TCP PSH+ACK carrying "hello" over IPv6.
const char TcpDataV6[] =
    "02005e10000202005e10000186dd600c4b5500250640fd000077000000000000000000000001fd000077"
    "000000000000000000000002be361f905b7a58168a92c4668018004039f100000101080ab6afac5ab09c"
    "09c368656c6c6f";
// TCP RST+ACK from [fd00:77::2]:8081 (closed) to [fd00:77::1]:43710.
const char TcpRstV6[] =
    "02005e10000102005e10000286dd60006cd600140640fd000077000000000000000000000002fd000077"
    "0000000000000000000000011f91aabe00000000373123a3501400008fba0000";
// UDP [fd00:77::1]:59343 -> [fd00:77::2]:9999, "ping".
const char UdpV6[] =
    "02005e10000202005e10000186dd600c1c33000c1140fd000077000000000000000000000001fd000077"
    "000000000000000000000002e7cf270f000c173470696e67";
// ICMPv6 port unreachable for UDP [fd00:77::1]:34896 -> [fd00:77::2]:9998 (closed).
const char Icmpv6PortUnreachable[] =
    "02005e10000102005e10000286dd6004203c003c3a40fd000077000000000000000000000002fd000077"
    "000000000000000000000001010479dd0000000060051881000c1140fd00007700000000000000000000"
    "0001fd0000770000000000000000000000028850270e000c76b470696e67";
// IPv4 with the unknown protocol 253 (raw socket), payload "opaque v4".
const char UnknownProtocolV4[] =
    "02005e10000202005e10000108004500001d8d33400040fd98140a4d00010a4d00026f70617175652076"
    "34";
// ICMP protocol unreachable for the datagram above.
const char IcmpProtocolUnreachable[] =
    "02005e10000102005e100002080045c000395651000040010f170a4d00020a4d00010302624000000000"
    "4500001d8d33400040fd98140a4d00010a4d00026f7061717565207634";
// IPv6 with the unknown next header 253, payload "opaque v6".
const char UnknownNextHeaderV6[] =
    "02005e10000202005e10000186dd600416590009fd40fd000077000000000000000000000001fd000077"
    "0000000000000000000000026f7061717565207636";
// ICMPv6 parameter problem (unrecognised next header, pointer 6) for the packet above.
const char Icmpv6ParameterProblem[] =
    "02005e10000102005e10000286dd600aa8a600393a40fd000077000000000000000000000002fd000077"
    "0000000000000000000000010401f53a00000006600416590009fd40fd00007700000000000000000000"
    "0001fd0000770000000000000000000000026f7061717565207636";
// UDP 10.77.0.1:39633 -> 10.77.0.2:9999 "rr", IPv4 header with a Record Route option (IHL 7).
const char UdpRecordRouteV4[] =
    "02005e10000202005e100001080047000026cb1740004011fc010a4d00010a4d00020707080a4d000100"
    "9ad1270f000ab6ea7272";
// ICMP port unreachable for it (9999 was closed by then); both IPv4 headers carry the option.
const char IcmpPortUnreachableRecordRoute[] =
    "02005e10000102005e100002080047c0004a567f00004001afc60a4d00020a4d00010707080a4d000100"
    "030311b50000000047000026cb1740004011fc010a4d00010a4d00020707080a4d0001009ad1270f000a"
    "b6ea7272";
// Ethernet frame with the local experimental EtherType 0x88b5 and 44 bytes of text.
const char UnknownEtherType[] =
    "02005e10000202005e10000188b56f7061717565206672616d65207061796c6f61642e2e2e2e2e2e2e2e"
    "2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e";

struct Golden {
    const char *name;
    const char *hex;
};

const Golden AllGoldens[] = {
    {"ARP request", ArpRequest},
    {"ARP reply", ArpReply},
    {"ICMP echo request", IcmpEchoRequest},
    {"ICMP echo reply", IcmpEchoReply},
    {"TCP SYN v4", TcpSynV4},
    {"TCP SYN-ACK v4", TcpSynAckV4},
    {"TCP data v4", TcpDataV4},
    {"TCP FIN v4", TcpFinV4},
    {"TCP RST v4", TcpRstV4},
    {"UDP v4", UdpV4},
    {"UDP reply v4", UdpReplyV4},
    {"ICMP port unreachable", IcmpPortUnreachableV4},
    {"ICMPv6 neighbour solicitation", NeighbourSolicitation},
    {"ICMPv6 echo request", Icmpv6EchoRequest},
    {"ICMPv6 echo reply", Icmpv6EchoReply},
    {"TCP SYN v6", TcpSynV6},
    {"TCP data v6", TcpDataV6},
    {"TCP RST v6", TcpRstV6},
    {"UDP v6", UdpV6},
    {"ICMPv6 port unreachable", Icmpv6PortUnreachable},
    {"unknown protocol v4", UnknownProtocolV4},
    {"ICMP protocol unreachable", IcmpProtocolUnreachable},
    {"unknown next header v6", UnknownNextHeaderV6},
    {"ICMPv6 parameter problem", Icmpv6ParameterProblem},
    {"UDP record route v4", UdpRecordRouteV4},
    {"ICMP port unreachable record route", IcmpPortUnreachableRecordRoute},
    {"unknown EtherType", UnknownEtherType},
};

constexpr std::uint8_t Marker = 0xa5;

QByteArray golden(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}

ByteView view(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size())};
}

QByteArray hexOf(ByteView bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), static_cast<qsizetype>(bytes.size())).toHex();
}

std::vector<std::uint8_t> markedBuffer(std::size_t size)
{
    return std::vector<std::uint8_t>(size, Marker);
}

// A buffer of `size` marker bytes with `payload` copied in at `at`, for emit() to write around.
std::vector<std::uint8_t> markedWithPayload(std::size_t size, ByteView payload, std::size_t at)
{
    auto buffer = markedBuffer(size);
    std::copy(payload.begin(), payload.end(), buffer.begin() + static_cast<std::ptrdiff_t>(at));
    return buffer;
}

QByteArray withByte(QByteArray bytes, qsizetype at, int value)
{
    bytes[at] = static_cast<char>(value);
    return bytes;
}

QByteArray withBitFlipped(QByteArray bytes, qsizetype at, int bit)
{
    bytes[at] = static_cast<char>(bytes[at] ^ (1 << bit));
    return bytes;
}

bool mentions(const std::vector<WireProblem> &problems, QStringView word)
{
    return std::any_of(problems.begin(), problems.end(),
                       [&](const WireProblem &p) { return p.text.contains(word); });
}

bool hasFatal(const std::vector<WireProblem> &problems)
{
    return std::any_of(problems.begin(), problems.end(), [](const WireProblem &p) { return p.fatal; });
}

QByteArray describe(const std::vector<WireProblem> &problems)
{
    QStringList lines;
    for (const auto &p : problems)
        lines << QStringLiteral("@%1%2 %3").arg(p.offset).arg(p.fatal ? QStringLiteral(" fatal") : QString(), p.text);
    return lines.join(QStringLiteral("; ")).toUtf8();
}

// The options the way tshark lists them: "MSS=1460 SACK_PERM TS=3966861007,0 NOP WS=10".
QString optionsText(const std::vector<TcpOption> &options)
{
    QStringList parts;
    for (const auto &option : options) {
        const ByteView data(option.data);
        switch (option.kind) {
        case TcpOptionKind::EndOfList: parts << QStringLiteral("EOL"); break;
        case TcpOptionKind::Nop: parts << QStringLiteral("NOP"); break;
        case TcpOptionKind::MaximumSegmentSize:
            parts << QStringLiteral("MSS=%1").arg(data.size() == 2 ? readBe16(data, 0) : 0);
            break;
        case TcpOptionKind::SackPermitted: parts << QStringLiteral("SACK_PERM"); break;
        case TcpOptionKind::WindowScale:
            parts << QStringLiteral("WS=%1").arg(data.size() == 1 ? data[0] : 0);
            break;
        case TcpOptionKind::Timestamps:
            parts << (data.size() == 8 ? QStringLiteral("TS=%1,%2").arg(readBe32(data, 0)).arg(readBe32(data, 4))
                                       : QStringLiteral("TS=?"));
            break;
        default:
            parts << QStringLiteral("kind%1=%2").arg(option.kind).arg(QString::fromLatin1(hexOf(data)));
        }
    }
    return parts.join(u' ');
}

bool startsWithLayer(const QString &text)
{
    static const char *const layers[] = {"Ethernet: ", "ARP: ", "IP: ", "IPv4: ", "IPv6: ",
                                         "TCP: ", "UDP: ", "ICMP: ", "ICMPv6: "};
    return std::any_of(std::begin(layers), std::end(layers),
                       [&](const char *layer) { return text.startsWith(QLatin1String(layer)); });
}

// What every decode must hold, whatever the input: payload and problems inside the bytes, a
// layer name in front of every sentence, and a fatal problem for every layer that stopped.
void checkDecodeInvariants(const DecodedPacket &packet, std::size_t size, const char *what)
{
    QVERIFY2(packet.payloadOffset <= size, what);
    QVERIFY2(packet.payloadLength <= size - packet.payloadOffset, what);
    for (const auto &p : packet.problems) {
        QVERIFY2(p.offset <= size, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(what), p.text)));
        QVERIFY2(startsWithLayer(p.text), qPrintable(p.text));
    }
    if (packet.tcp || packet.udp || packet.icmp)
        QVERIFY2(packet.transportOffset <= packet.payloadOffset, what);
    QVERIFY2(!(packet.ipv4 && packet.ipv6), what);
    QVERIFY2(!(packet.arp && (packet.ipv4 || packet.ipv6)), what);
    const int transports = int(packet.tcp.has_value()) + int(packet.udp.has_value()) + int(packet.icmp.has_value());
    QVERIFY2(transports <= 1, what);
    QVERIFY2(transports == 0 || packet.sourceAddress(), what);
}

template <typename Header>
void checkParseInvariants(const ParseResult<Header> &result, std::size_t size)
{
    QCOMPARE(result.header.has_value(), !hasFatal(result.problems));
    for (const auto &p : result.problems) {
        QVERIFY2(p.offset <= size, qPrintable(p.text));
        QVERIFY2(startsWithLayer(p.text), qPrintable(p.text));
    }
}

} // namespace

class TestWireFormats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void checksumArithmetic();
    void macAddressText();
    void macAddressRejects_data();
    void macAddressRejects();

    void ethernetGolden_data();
    void ethernetGolden();
    void ethernetTruncated();

    void arpGolden_data();
    void arpGolden();
    void arpDamaged();

    void ipv4Golden_data();
    void ipv4Golden();
    void ipv4Checksum();
    void ipv4Damaged();
    void ipv6Golden_data();
    void ipv6Golden();
    void ipv6Damaged();

    void tcpGolden_data();
    void tcpGolden();
    void tcpChecksum();
    void tcpDamaged();
    void tcpOptionLayout();

    void udpGolden_data();
    void udpGolden();
    void udpChecksum();
    void udpZeroChecksum();
    void udpEmitsAllOnesForZero();
    void udpDamaged();

    void icmpGolden_data();
    void icmpGolden();
    void icmpChecksum();

    void everyBitFlipIsCaught_data();
    void everyBitFlipIsCaught();
    void everyTruncationIsFatal_data();
    void everyTruncationIsFatal();

    void decodeLayers_data();
    void decodeLayers();
    void decodeIgnoresEthernetPadding();
    void decodeStopsAtFatalLayer();
    void decodeKeepsNonFatalProblems();
    void decodeFragmentIsOpaque();
    void decodeIpPacketWithoutLink();
    void decodeQuotedPortUnreachable_data();
    void decodeQuotedPortUnreachable();
    void decodeQuotedCutHeaders();

    void fuzzTruncationsAndCorruptions();
};

void TestWireFormats::checksumArithmetic()
{
    // RFC 1071, section 3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2.
    const std::uint8_t example[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    QCOMPARE(onesComplementSum(example), 0xddf2u);
    QCOMPARE(foldChecksum(onesComplementSum(example)), std::uint16_t(0x220d));
    QCOMPARE(internetChecksum(example), std::uint16_t(0x220d));
    // A partial sum carries over: the halves summed apart give the same checksum.
    QCOMPARE(internetChecksum(ByteView(example).subspan(4), onesComplementSum(ByteView(example).first(4))),
             std::uint16_t(0x220d));
    // An odd last byte is the high half of a word.
    const std::uint8_t odd[] = {0x01};
    QCOMPARE(internetChecksum(odd), std::uint16_t(0xfeff));
    QCOMPARE(internetChecksum(ByteView()), std::uint16_t(0xffff));
    // Large inputs never overflow the running sum.
    const std::vector<std::uint8_t> ones(200000, 0xff);
    QCOMPARE(internetChecksum(ones), std::uint16_t(0));

    // The pseudo-headers: 10.77.0.1 -> 10.77.0.2, TCP, 40 bytes is 0a4d+0001+0a4d+0002+0006+0028.
    QCOMPARE(pseudoHeaderSum(ip(u"10.77.0.1"), ip(u"10.77.0.2"), IpProtocol::Tcp, 40),
             std::uint32_t(0x0a4d + 0x0001 + 0x0a4d + 0x0002 + 0x0006 + 0x0028));
    QCOMPARE(pseudoHeaderSum(ip(u"fd00:77::1"), ip(u"fd00:77::2"), IpProtocol::Udp, 0x10002),
             std::uint32_t(0xfd00 + 0x0077 + 1 + 0xfd00 + 0x0077 + 2 + 17 + 1 + 2 - 0xffff));

    // Updated for changed words, a checksum is the one computed over the new bytes afresh.
    std::uint8_t changing[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    const std::uint8_t before[] = {0xf2, 0x03, 0xf4, 0xf5};
    const std::uint8_t after[] = {0x12, 0x34, 0xff, 0x00};
    std::copy(std::begin(after), std::end(after), changing + 2);
    QCOMPARE(adjustedChecksum(0x220d, before, after), internetChecksum(changing));
    QVERIFY(adjustedChecksum(0x220d, before, after) != std::uint16_t(0x220d));
    QCOMPARE(adjustedChecksum(0x220d, before, before), std::uint16_t(0x220d));
}

void TestWireFormats::macAddressText()
{
    const auto mac = MacAddress::parse(u"02:00:5e:10:00:01");
    QVERIFY(mac.has_value());
    QCOMPARE(mac->bytes, (std::array<std::uint8_t, 6>{0x02, 0x00, 0x5e, 0x10, 0x00, 0x01}));
    QCOMPARE(mac->toString(), QStringLiteral("02:00:5e:10:00:01"));
    QCOMPARE(MacAddress::parse(u"0A:1b:FF:00:ee:99")->toString(), QStringLiteral("0a:1b:ff:00:ee:99"));
    QCOMPARE(MacAddress::parse(u"02-00-5e-10-00-01"), mac);
    QVERIFY(MacAddress::parse(u"ff:ff:ff:ff:ff:ff")->isBroadcast());
    QVERIFY(!mac->isBroadcast());
    QCOMPARE(MacAddress::broadcast().toString(), QStringLiteral("ff:ff:ff:ff:ff:ff"));
    QCOMPARE(MacAddress{}.toString(), QStringLiteral("00:00:00:00:00:00"));
}

void TestWireFormats::macAddressRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("five groups") << QStringLiteral("02:00:5e:10:00");
    QTest::newRow("seven groups") << QStringLiteral("02:00:5e:10:00:01:02");
    QTest::newRow("not hex") << QStringLiteral("02:00:5e:10:00:0g");
    QTest::newRow("mixed separators") << QStringLiteral("02:00-5e:10:00:01");
    QTest::newRow("no separators") << QStringLiteral("02005e100001xxxxx");
    QTest::newRow("single digits") << QStringLiteral("2:0:5e:10:0:1:0000");
    QTest::newRow("dots") << QStringLiteral("02.00.5e.10.00.01");
}

void TestWireFormats::macAddressRejects()
{
    QFETCH(QString, text);
    QVERIFY(!MacAddress::parse(text).has_value());
}

void TestWireFormats::ethernetGolden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<QString>("source");
    QTest::addColumn<uint>("etherType");
    QTest::newRow("ARP request") << golden(ArpRequest) << QStringLiteral("ff:ff:ff:ff:ff:ff")
                                 << QStringLiteral("02:00:5e:10:00:01") << 0x0806u;
    QTest::newRow("TCP SYN v4") << golden(TcpSynV4) << QStringLiteral("02:00:5e:10:00:02")
                                << QStringLiteral("02:00:5e:10:00:01") << 0x0800u;
    QTest::newRow("ICMPv6 port unreachable") << golden(Icmpv6PortUnreachable) << QStringLiteral("02:00:5e:10:00:01")
                                             << QStringLiteral("02:00:5e:10:00:02") << 0x86ddu;
    QTest::newRow("neighbour solicitation") << golden(NeighbourSolicitation) << QStringLiteral("33:33:ff:00:00:02")
                                            << QStringLiteral("02:00:5e:10:00:01") << 0x86ddu;
    QTest::newRow("unknown EtherType") << golden(UnknownEtherType) << QStringLiteral("02:00:5e:10:00:02")
                                       << QStringLiteral("02:00:5e:10:00:01") << 0x88b5u;
}

void TestWireFormats::ethernetGolden()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, destination);
    QFETCH(QString, source);
    QFETCH(uint, etherType);
    const auto result = EthernetHeader::parse(view(frame));
    QVERIFY2(result.ok(), describe(result.problems));
    QCOMPARE(result.header->destination.toString(), destination);
    QCOMPARE(result.header->source.toString(), source);
    QCOMPARE(uint(result.header->etherType), etherType);

    auto out = markedBuffer(EthernetHeader::Size);
    result.header->emit(out);
    QCOMPARE(hexOf(out), hexOf(view(frame).first(EthernetHeader::Size)));
}

void TestWireFormats::ethernetTruncated()
{
    const QByteArray frame = golden(TcpSynV4);
    for (qsizetype length = 0; length < qsizetype(EthernetHeader::Size); ++length) {
        const auto result = EthernetHeader::parse(view(frame.first(length)));
        QVERIFY(!result.header);
        QVERIFY(hasFatal(result.problems));
    }
    QCOMPARE(EthernetHeader::parse(view(frame.first(1))).problems.front().text,
             QStringLiteral("Ethernet: truncated: the header needs 14 bytes, only 1 is here"));
    QCOMPARE(EthernetHeader::parse(ByteView()).problems.front().text,
             QStringLiteral("Ethernet: truncated: the header needs 14 bytes, none are here"));
}

void TestWireFormats::arpGolden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<uint>("operation");
    QTest::addColumn<QString>("senderMac");
    QTest::addColumn<QString>("senderIp");
    QTest::addColumn<QString>("targetMac");
    QTest::addColumn<QString>("targetIp");
    QTest::newRow("request") << golden(ArpRequest) << 1u << QStringLiteral("02:00:5e:10:00:01")
                             << QStringLiteral("10.77.0.1") << QStringLiteral("00:00:00:00:00:00")
                             << QStringLiteral("10.77.0.2");
    QTest::newRow("reply") << golden(ArpReply) << 2u << QStringLiteral("02:00:5e:10:00:02")
                           << QStringLiteral("10.77.0.2") << QStringLiteral("02:00:5e:10:00:01")
                           << QStringLiteral("10.77.0.1");
}

void TestWireFormats::arpGolden()
{
    QFETCH(QByteArray, frame);
    QFETCH(uint, operation);
    QFETCH(QString, senderMac);
    QFETCH(QString, senderIp);
    QFETCH(QString, targetMac);
    QFETCH(QString, targetIp);
    const ByteView packet = view(frame).subspan(EthernetHeader::Size);
    const auto result = ArpPacket::parse(packet);
    QVERIFY2(result.ok(), describe(result.problems));
    const ArpPacket &arp = *result.header;
    QCOMPARE(uint(arp.operation), operation);
    QCOMPARE(arp.senderMac.toString(), senderMac);
    QCOMPARE(arp.senderIp, ip(senderIp));
    QCOMPARE(arp.targetMac.toString(), targetMac);
    QCOMPARE(arp.targetIp, ip(targetIp));

    auto out = markedBuffer(ArpPacket::Size);
    arp.emit(out);
    QCOMPARE(hexOf(out), hexOf(packet));

    for (std::size_t length = 0; length < ArpPacket::Size; ++length) {
        const auto cut = ArpPacket::parse(packet.first(length));
        QVERIFY(!cut.header);
        QVERIFY(hasFatal(cut.problems));
        QVERIFY(cut.problems.front().text.startsWith(QLatin1String("ARP: truncated: the header needs 28 bytes")));
    }
}

void TestWireFormats::arpDamaged()
{
    const QByteArray packet = golden(ArpRequest).mid(EthernetHeader::Size);
    const auto hardware = ArpPacket::parse(view(withByte(packet, 1, 6)));
    QVERIFY(!hardware.header);
    QCOMPARE(hardware.problems.front().text, QStringLiteral("ARP: hardware type is 6, not Ethernet (1)"));
    QCOMPARE(hardware.problems.front().offset, std::size_t(0));

    const auto protocol = ArpPacket::parse(view(withByte(packet, 2, 0x86)));
    QVERIFY(!protocol.header);
    QCOMPARE(protocol.problems.front().offset, std::size_t(2));

    const auto lengths = ArpPacket::parse(view(withByte(packet, 5, 16)));
    QVERIFY(!lengths.header);
    QCOMPARE(lengths.problems.front().text, QStringLiteral("ARP: address lengths are 6 and 16, not 6 (MAC) and 4 (IPv4)"));

    // RARP's operation 3 is readable, but not what an ARP packet should say.
    const auto operation = ArpPacket::parse(view(withByte(packet, 7, 3)));
    QVERIFY(operation.header);
    QCOMPARE(operation.problems.size(), std::size_t(1));
    QCOMPARE(operation.problems.front().offset, std::size_t(6));
    QVERIFY(!operation.problems.front().fatal);
}

void TestWireFormats::ipv4Golden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<uint>("typeOfService");
    QTest::addColumn<uint>("totalLength");
    QTest::addColumn<uint>("identification");
    QTest::addColumn<bool>("dontFragment");
    QTest::addColumn<uint>("timeToLive");
    QTest::addColumn<uint>("protocol");
    QTest::addColumn<uint>("checksum");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<QByteArray>("options");
    const QString one = QStringLiteral("10.77.0.1");
    const QString two = QStringLiteral("10.77.0.2");
    // None of the captured packets is a fragment: MF clear and fragment offset 0 in all of them.
    QTest::newRow("TCP SYN") << golden(TcpSynV4) << 0x00u << 60u << 0xfeb8u << true << 64u << 6u << 0x2767u
                             << one << two << QByteArray();
    QTest::newRow("TCP RST") << golden(TcpRstV4) << 0x00u << 40u << 0x0000u << true << 64u << 6u << 0x2634u
                             << two << one << QByteArray();
    QTest::newRow("ICMP echo request") << golden(IcmpEchoRequest) << 0x00u << 40u << 0xf126u << true << 64u << 1u
                                       << 0x3512u << one << two << QByteArray();
    QTest::newRow("ICMP echo reply") << golden(IcmpEchoReply) << 0x00u << 40u << 0x4eaau << false << 64u << 1u
                                     << 0x178fu << two << one << QByteArray();
    QTest::newRow("UDP") << golden(UdpV4) << 0x00u << 32u << 0x4bb9u << true << 64u << 17u << 0xda77u
                         << one << two << QByteArray();
    QTest::newRow("ICMP port unreachable, DSCP CS6") << golden(IcmpPortUnreachableV4) << 0xc0u << 60u << 0x4f84u
                                                     << false << 64u << 1u << 0x15e1u << two << one << QByteArray();
    QTest::newRow("unknown protocol 253") << golden(UnknownProtocolV4) << 0x00u << 29u << 0x8d33u << true << 64u
                                          << 253u << 0x9814u << one << two << QByteArray();
    // Record Route: type 7, length 7, pointer 8, 10.77.0.1 recorded, then End of Options List.
    QTest::newRow("record route option") << golden(UdpRecordRouteV4) << 0x00u << 38u << 0xcb17u << true << 64u
                                         << 17u << 0xfc01u << one << two << QByteArray::fromHex("0707080a4d000100");
    QTest::newRow("ICMP with record route") << golden(IcmpPortUnreachableRecordRoute) << 0xc0u << 74u << 0x567fu
                                            << false << 64u << 1u << 0xafc6u << two << one
                                            << QByteArray::fromHex("0707080a4d000100");
}

void TestWireFormats::ipv4Golden()
{
    QFETCH(QByteArray, frame);
    QFETCH(uint, typeOfService);
    QFETCH(uint, totalLength);
    QFETCH(uint, identification);
    QFETCH(bool, dontFragment);
    QFETCH(uint, timeToLive);
    QFETCH(uint, protocol);
    QFETCH(uint, checksum);
    QFETCH(QString, source);
    QFETCH(QString, destination);
    QFETCH(QByteArray, options);
    const ByteView packet = view(frame).subspan(EthernetHeader::Size);
    const auto result = Ipv4Header::parse(packet);
    QVERIFY2(result.ok(), describe(result.problems));
    Ipv4Header header = *result.header;
    QCOMPARE(uint(header.typeOfService), typeOfService);
    QCOMPARE(uint(header.totalLength), totalLength);
    QCOMPARE(uint(header.identification), identification);
    QCOMPARE(header.dontFragment, dontFragment);
    QCOMPARE(header.moreFragments, false);
    QCOMPARE(uint(header.fragmentOffset), 0u);
    QCOMPARE(uint(header.timeToLive), timeToLive);
    QCOMPARE(uint(header.protocol), protocol);
    QCOMPARE(uint(header.checksum), checksum);
    QCOMPARE(header.source, ip(source));
    QCOMPARE(header.destination, ip(destination));
    QCOMPARE(hexOf(header.options), options.toHex());
    QCOMPARE(header.headerLength(), std::size_t(20 + options.size()));

    // emit() computes the checksum itself.
    header.checksum = 0;
    auto out = markedBuffer(header.headerLength());
    header.emit(out);
    QCOMPARE(hexOf(out), hexOf(packet.first(header.headerLength())));
    QCOMPARE(uint(header.checksum), checksum);
}

void TestWireFormats::ipv4Checksum()
{
    const QByteArray packet = golden(TcpSynV4).mid(EthernetHeader::Size);
    // Identification 0xfeb8 becomes 0xfeb9: the header now calls for a checksum one less.
    const auto result = Ipv4Header::parse(view(withBitFlipped(packet, 5, 0)));
    QVERIFY(result.header);
    QCOMPARE(result.problems.size(), std::size_t(1));
    QCOMPARE(result.problems.front().text, QStringLiteral("IPv4: header checksum is 0x2767 but the header sums to 0x2766"));
    QCOMPARE(result.problems.front().offset, std::size_t(10));
    QVERIFY(!result.problems.front().fatal);
    QCOMPARE(uint(result.header->identification), 0xfeb9u);

    // The checksum covers the header only: a damaged payload is the transport's business.
    QVERIFY(Ipv4Header::parse(view(withBitFlipped(packet, 30, 3))).ok());
}

void TestWireFormats::ipv4Damaged()
{
    const QByteArray packet = golden(TcpSynV4).mid(EthernetHeader::Size);
    auto firstProblem = [](const QByteArray &bytes) {
        const auto result = Ipv4Header::parse(view(bytes));
        return result.problems.empty() ? WireProblem{} : result.problems.front();
    };

    const auto short13 = Ipv4Header::parse(view(packet.first(13)));
    QVERIFY(!short13.header);
    QCOMPARE(short13.problems.front().text, QStringLiteral("IPv4: truncated: the header needs 20 bytes, only 13 are here"));

    const auto cut = Ipv4Header::parse(view(packet.first(40)));
    QVERIFY(!cut.header);
    QCOMPARE(cut.problems.front().text, QStringLiteral("IPv4: truncated: total length is 60 bytes, only 40 are here"));
    QCOMPARE(cut.problems.front().offset, std::size_t(2));

    const auto version = firstProblem(withByte(packet, 0, 0x65));
    QVERIFY(version.fatal);
    QCOMPARE(version.text, QStringLiteral("IPv4: version is 6, not 4"));

    const auto ihl = firstProblem(withByte(packet, 0, 0x44));
    QVERIFY(ihl.fatal);
    QCOMPARE(ihl.text, QStringLiteral("IPv4: bad length: the header length field is 4 words (16 bytes), less than the minimum 5 (20 bytes)"));

    const auto longHeader = firstProblem(withByte(packet, 0, 0x4f).first(40));
    QVERIFY(longHeader.fatal);
    QCOMPARE(longHeader.text, QStringLiteral("IPv4: truncated: the header needs 60 bytes (IHL 15), only 40 are here"));

    const auto total = firstProblem(withByte(packet, 3, 16));
    QVERIFY(total.fatal);
    QCOMPARE(total.offset, std::size_t(2));
    QCOMPARE(total.text, QStringLiteral("IPv4: bad length: total length is 16, less than the 20-byte header"));

    // The reserved ("evil") bit has no field in the value: reported, with the checksum.
    const auto reserved = Ipv4Header::parse(view(withBitFlipped(packet, 6, 7)));
    QVERIFY(reserved.header);
    QVERIFY(!hasFatal(reserved.problems));
    QVERIFY(mentions(reserved.problems, u"IPv4: the reserved flag bit is set"));

    // Bytes past the total length (Ethernet padding) are not the header's concern.
    QVERIFY(Ipv4Header::parse(view(packet + QByteArray(6, '\0'))).ok());
}

void TestWireFormats::ipv6Golden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<uint>("trafficClass");
    QTest::addColumn<uint>("flowLabel");
    QTest::addColumn<uint>("payloadLength");
    QTest::addColumn<uint>("nextHeader");
    QTest::addColumn<uint>("hopLimit");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("destination");
    const QString one = QStringLiteral("fd00:77::1");
    const QString two = QStringLiteral("fd00:77::2");
    QTest::newRow("ICMPv6 echo request") << golden(Icmpv6EchoRequest) << 0u << 0x0a2063u << 20u << 58u << 64u << one << two;
    QTest::newRow("TCP SYN") << golden(TcpSynV6) << 0u << 0x0c4b55u << 40u << 6u << 64u << one << two;
    QTest::newRow("TCP RST") << golden(TcpRstV6) << 0u << 0x006cd6u << 20u << 6u << 64u << two << one;
    QTest::newRow("UDP") << golden(UdpV6) << 0u << 0x0c1c33u << 12u << 17u << 64u << one << two;
    QTest::newRow("ICMPv6 port unreachable") << golden(Icmpv6PortUnreachable) << 0u << 0x04203cu << 60u << 58u << 64u
                                             << two << one;
    QTest::newRow("neighbour solicitation") << golden(NeighbourSolicitation) << 0u << 0u << 32u << 58u << 255u << one
                                            << QStringLiteral("ff02::1:ff00:2");
    QTest::newRow("unknown next header 253") << golden(UnknownNextHeaderV6) << 0u << 0x41659u << 9u << 253u << 64u
                                             << one << two;
}

void TestWireFormats::ipv6Golden()
{
    QFETCH(QByteArray, frame);
    QFETCH(uint, trafficClass);
    QFETCH(uint, flowLabel);
    QFETCH(uint, payloadLength);
    QFETCH(uint, nextHeader);
    QFETCH(uint, hopLimit);
    QFETCH(QString, source);
    QFETCH(QString, destination);
    const ByteView packet = view(frame).subspan(EthernetHeader::Size);
    const auto result = Ipv6Header::parse(packet);
    QVERIFY2(result.ok(), describe(result.problems));
    const Ipv6Header &header = *result.header;
    QCOMPARE(uint(header.trafficClass), trafficClass);
    QCOMPARE(uint(header.flowLabel), flowLabel);
    QCOMPARE(uint(header.payloadLength), payloadLength);
    QCOMPARE(uint(header.nextHeader), nextHeader);
    QCOMPARE(uint(header.hopLimit), hopLimit);
    QCOMPARE(header.source, ip(source));
    QCOMPARE(header.destination, ip(destination));

    auto out = markedBuffer(Ipv6Header::Size);
    header.emit(out);
    QCOMPARE(hexOf(out), hexOf(packet.first(Ipv6Header::Size)));
}

void TestWireFormats::ipv6Damaged()
{
    const QByteArray packet = golden(TcpSynV6).mid(EthernetHeader::Size);
    const auto short20 = Ipv6Header::parse(view(packet.first(20)));
    QVERIFY(!short20.header);
    QCOMPARE(short20.problems.front().text, QStringLiteral("IPv6: truncated: the header needs 40 bytes, only 20 are here"));

    const auto cut = Ipv6Header::parse(view(packet.first(60)));
    QVERIFY(!cut.header);
    QCOMPARE(cut.problems.front().text, QStringLiteral("IPv6: truncated: payload length is 40 bytes, only 20 are here"));
    QCOMPARE(cut.problems.front().offset, std::size_t(4));

    const auto version = Ipv6Header::parse(view(withByte(packet, 0, 0x40)));
    QVERIFY(!version.header);
    QCOMPARE(version.problems.front().text, QStringLiteral("IPv6: version is 4, not 6"));

    // A traffic class and a flow label in every bit survive the round trip.
    Ipv6Header header = *Ipv6Header::parse(view(packet)).header;
    header.trafficClass = 0xb9;
    header.flowLabel = 0xfedcb;
    auto out = markedBuffer(Ipv6Header::Size);
    header.emit(out);
    const auto back = Ipv6Header::parse(ByteView(out).first(Ipv6Header::Size));
    QVERIFY(!back.header);   // the payload is not in this buffer
    std::vector<std::uint8_t> whole(out.begin(), out.end());
    whole.insert(whole.end(), packet.begin() + 40, packet.end());
    const auto again = Ipv6Header::parse(whole);
    QVERIFY(again.ok());
    QCOMPARE(uint(again.header->trafficClass), 0xb9u);
    QCOMPARE(uint(again.header->flowLabel), 0xfedcbu);
}

void TestWireFormats::tcpGolden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("offset");   // where the TCP header starts in the frame
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<uint>("sourcePort");
    QTest::addColumn<uint>("destinationPort");
    QTest::addColumn<uint>("sequence");
    QTest::addColumn<uint>("acknowledgement");
    QTest::addColumn<uint>("flags");
    QTest::addColumn<uint>("window");
    QTest::addColumn<uint>("checksum");
    QTest::addColumn<int>("headerLength");
    QTest::addColumn<QString>("options");
    QTest::addColumn<QByteArray>("payload");
    const QString one4 = QStringLiteral("10.77.0.1");
    const QString two4 = QStringLiteral("10.77.0.2");
    const QString one6 = QStringLiteral("fd00:77::1");
    const QString two6 = QStringLiteral("fd00:77::2");
    // Raw sequence numbers (tshark -o tcp.relative_sequence_numbers:FALSE). Urgent pointer 0 in all.
    QTest::newRow("SYN v4") << golden(TcpSynV4) << 34 << one4 << two4 << 36848u << 8080u << 3242934361u << 0u
                            << 0x02u << 64240u << 0x1c09u << 40
                            << QStringLiteral("MSS=1460 SACK_PERM TS=3966861007,0 NOP WS=10") << QByteArray();
    QTest::newRow("SYN-ACK v4") << golden(TcpSynAckV4) << 34 << two4 << one4 << 8080u << 36848u << 1547221655u
                                << 3242934362u << 0x12u << 65160u << 0xae31u << 40
                                << QStringLiteral("MSS=1460 SACK_PERM TS=3013189572,3966861007 NOP WS=10") << QByteArray();
    QTest::newRow("data v4") << golden(TcpDataV4) << 34 << one4 << two4 << 36848u << 8080u << 3242934362u
                             << 1547221656u << 0x18u << 63u << 0x9707u << 32
                             << QStringLiteral("NOP NOP TS=3966861107,3013189572") << QByteArray("hello");
    QTest::newRow("FIN v4") << golden(TcpFinV4) << 34 << one4 << two4 << 36848u << 8080u << 3242934367u
                            << 1547221656u << 0x11u << 63u << 0xda17u << 32
                            << QStringLiteral("NOP NOP TS=3966861208,3013189672") << QByteArray();
    QTest::newRow("RST v4") << golden(TcpRstV4) << 34 << two4 << one4 << 8081u << 34198u << 0u << 3487441632u
                            << 0x14u << 0u << 0x034eu << 20 << QString() << QByteArray();
    QTest::newRow("SYN v6") << golden(TcpSynV6) << 54 << one6 << two6 << 48694u << 8080u << 1534744597u << 0u
                            << 0x02u << 64800u << 0x5c01u << 40
                            << QStringLiteral("MSS=1440 SACK_PERM TS=3064966134,0 NOP WS=10") << QByteArray();
    QTest::newRow("data v6") << golden(TcpDataV6) << 54 << one6 << two6 << 48694u << 8080u << 1534744598u
                             << 2324874342u << 0x18u << 64u << 0x39f1u << 32
                             << QStringLiteral("NOP NOP TS=3064966234,2963016131") << QByteArray("hello");
    QTest::newRow("RST v6") << golden(TcpRstV6) << 54 << two6 << one6 << 8081u << 43710u << 0u << 925967267u
                            << 0x14u << 0u << 0x8fbau << 20 << QString() << QByteArray();
}

void TestWireFormats::tcpGolden()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, offset);
    QFETCH(QString, source);
    QFETCH(QString, destination);
    QFETCH(uint, sourcePort);
    QFETCH(uint, destinationPort);
    QFETCH(uint, sequence);
    QFETCH(uint, acknowledgement);
    QFETCH(uint, flags);
    QFETCH(uint, window);
    QFETCH(uint, checksum);
    QFETCH(int, headerLength);
    QFETCH(QString, options);
    QFETCH(QByteArray, payload);
    const ByteView segment = view(frame).subspan(std::size_t(offset));
    const auto result = TcpHeader::parse(segment, ip(source), ip(destination));
    QVERIFY2(result.ok(), describe(result.problems));
    TcpHeader header = *result.header;
    QCOMPARE(uint(header.sourcePort), sourcePort);
    QCOMPARE(uint(header.destinationPort), destinationPort);
    QCOMPARE(uint(header.sequence), sequence);
    QCOMPARE(uint(header.acknowledgement), acknowledgement);
    QCOMPARE(uint(header.flags), flags);
    QCOMPARE(uint(header.window), window);
    QCOMPARE(uint(header.checksum), checksum);
    QCOMPARE(uint(header.urgentPointer), 0u);
    QCOMPARE(optionsText(header.options), options);
    QCOMPARE(header.headerLength(), std::size_t(headerLength));
    QCOMPARE(hexOf(segment.subspan(header.headerLength())), payload.toHex());

    header.checksum = 0;
    auto out = markedWithPayload(segment.size(), segment.subspan(header.headerLength()), header.headerLength());
    header.emit(out, ip(source), ip(destination));
    QCOMPARE(hexOf(out), hexOf(segment));
    QCOMPARE(uint(header.checksum), checksum);
}

void TestWireFormats::tcpChecksum()
{
    const QByteArray segment = golden(TcpSynV4).mid(34);
    const IpAddress one = ip(u"10.77.0.1");
    const IpAddress two = ip(u"10.77.0.2");
    // Window 0xfaf0 becomes 0xfaf1, so the segment calls for a checksum one less.
    const auto window = TcpHeader::parse(view(withBitFlipped(segment, 15, 0)), one, two);
    QVERIFY(window.header);
    QCOMPARE(window.problems.size(), std::size_t(1));
    QCOMPARE(window.problems.front().text, QStringLiteral("TCP: checksum is 0x1c09 but the segment sums to 0x1c08"));
    QCOMPARE(window.problems.front().offset, std::size_t(16));
    QVERIFY(!window.problems.front().fatal);

    // The pseudo-header is part of the sum: the right bytes between other addresses are wrong.
    const auto elsewhere = TcpHeader::parse(view(segment), one, ip(u"10.77.0.3"));
    QVERIFY(mentions(elsewhere.problems, u"TCP: checksum is 0x1c09"));
    const auto swapped = TcpHeader::parse(view(golden(TcpSynV6).mid(54)), ip(u"fd00:77::1"), ip(u"fd00:77::3"));
    QVERIFY(mentions(swapped.problems, u"checksum"));

    // A flipped payload bit of the data segment.
    const QByteArray data = golden(TcpDataV4).mid(34);
    const auto payload = TcpHeader::parse(view(withBitFlipped(data, 34, 6)), one, two);
    QVERIFY(payload.header);
    QVERIFY(mentions(payload.problems, u"checksum"));
}

void TestWireFormats::tcpDamaged()
{
    const QByteArray segment = golden(TcpSynV4).mid(34);
    const IpAddress one = ip(u"10.77.0.1");
    const IpAddress two = ip(u"10.77.0.2");
    auto parse = [&](const QByteArray &bytes) { return TcpHeader::parse(view(bytes), one, two); };

    const auto short7 = parse(segment.first(7));
    QVERIFY(!short7.header);
    QCOMPARE(short7.problems.front().text, QStringLiteral("TCP: truncated: the header needs 20 bytes, only 7 are here"));

    const auto options = parse(segment.first(30));
    QVERIFY(!options.header);
    QCOMPARE(options.problems.front().text, QStringLiteral("TCP: truncated: the header needs 40 bytes (data offset 10), only 30 are here"));
    QCOMPARE(options.problems.front().offset, std::size_t(12));

    const auto offset = parse(withByte(segment, 12, 0x42));
    QVERIFY(!offset.header);
    QCOMPARE(offset.problems.front().text, QStringLiteral("TCP: bad length: the data offset is 4 words (16 bytes), less than the minimum 5 (20 bytes)"));
    QCOMPARE(offset.problems.front().offset, std::size_t(12));

    // The MSS option at byte 20 with length 1, and with a length running past the header.
    const auto tiny = parse(withByte(segment, 21, 1));
    QVERIFY(!tiny.header);
    QCOMPARE(tiny.problems.front().text, QStringLiteral("TCP: bad length: the maximum segment size option at byte 20 has length 1, less than its own 2 bytes of kind and length"));
    QCOMPARE(tiny.problems.front().offset, std::size_t(21));
    const auto overrun = parse(withByte(segment, 21, 40));
    QVERIFY(!overrun.header);
    QCOMPARE(overrun.problems.front().text, QStringLiteral("TCP: bad length: the maximum segment size option at byte 20 has length 40, but only 20 bytes of the header are left"));

    // Two NOPs, then the window scale kind as the header's last byte: its length is missing.
    const auto lastByte = parse(withByte(withByte(withByte(segment, 37, 1), 38, 1), 39, 3));
    QVERIFY(!lastByte.header);
    QCOMPARE(lastByte.problems.front().offset, std::size_t(39));
    QVERIFY(lastByte.problems.front().text.contains(QLatin1String("has no length byte")));

    // The accurate-ECN bit beside the data offset has no field in the value: reported.
    const auto reserved = parse(withByte(segment, 12, 0xa1));
    QVERIFY(reserved.header);
    QVERIFY(mentions(reserved.problems, u"TCP: reserved bits 0x1 are set"));
}

void TestWireFormats::tcpOptionLayout()
{
    QCOMPARE((TcpOption{TcpOptionKind::Nop, {}}.size()), std::size_t(1));
    QCOMPARE((TcpOption{TcpOptionKind::EndOfList, {}}.size()), std::size_t(1));
    QCOMPARE((TcpOption{TcpOptionKind::MaximumSegmentSize, {0x05, 0xb4}}.size()), std::size_t(4));
    QCOMPARE((TcpOption{TcpOptionKind::SackPermitted, {}}.size()), std::size_t(2));

    const IpAddress one = ip(u"10.77.0.1");
    const IpAddress two = ip(u"10.77.0.2");
    // Seven bytes of options: emit() pads with one End of Option List byte to 28.
    TcpHeader header;
    header.sourcePort = 40000;
    header.destinationPort = 443;
    header.sequence = 1;
    header.flags = TcpFlags::Syn;
    header.window = 1024;
    header.urgentPointer = 7;
    header.options = {{TcpOptionKind::MaximumSegmentSize, {0x05, 0xb4}}, {TcpOptionKind::SackPermitted, {}},
                      {TcpOptionKind::Nop, {}}};
    QCOMPARE(header.headerLength(), std::size_t(28));
    auto out = markedBuffer(header.headerLength());
    header.emit(out, one, two);
    QCOMPARE(hexOf(ByteView(out).subspan(12, 2)), QByteArray("7002"));
    QCOMPARE(hexOf(ByteView(out).subspan(20)), QByteArray("020405b404020100"));
    const auto back = TcpHeader::parse(out, one, two);
    QVERIFY2(back.ok(), describe(back.problems));
    // The padding emit() adds again is not an option of the value.
    QCOMPARE(optionsText(back.header->options), QStringLiteral("MSS=1460 SACK_PERM NOP"));
    QVERIFY(back.header->options == header.options);
    QCOMPARE(uint(back.header->urgentPointer), 7u);

    // An End of Option List followed by more zero words than padding needs stays in the value, so
    // the header keeps its length.
    TcpHeader padded = header;
    padded.options = {{TcpOptionKind::Nop, {}}, {TcpOptionKind::EndOfList, {}}, {TcpOptionKind::EndOfList, {}},
                      {TcpOptionKind::EndOfList, {}}, {TcpOptionKind::EndOfList, {}}};
    QCOMPARE(padded.headerLength(), std::size_t(28));
    auto paddedOut = markedBuffer(padded.headerLength());
    padded.emit(paddedOut, one, two);
    QCOMPARE(hexOf(ByteView(paddedOut).subspan(20)), QByteArray("0100000000000000"));
    const auto paddedBack = TcpHeader::parse(paddedOut, one, two);
    QVERIFY2(paddedBack.ok(), describe(paddedBack.problems));
    QCOMPARE(optionsText(paddedBack.header->options), QStringLiteral("NOP EOL EOL EOL EOL"));
    QVERIFY(paddedBack.header->options == padded.options);
    QCOMPARE(paddedBack.header->headerLength(), std::size_t(28));

    // Non-zero bytes after the end of the list are reported.
    auto dirty = paddedOut;
    dirty[26] = 0x99;
    const auto dirtyBack = TcpHeader::parse(dirty, one, two);
    QVERIFY(dirtyBack.header);
    QVERIFY(mentions(dirtyBack.problems, u"TCP: padding after the end of the option list holds a non-zero byte at byte 26"));

    // A known option with the wrong length is reported, kept, and re-emitted as it came.
    TcpHeader odd = header;
    odd.options = {{TcpOptionKind::MaximumSegmentSize, {0x05}}, {TcpOptionKind::Nop, {}}};
    auto oddOut = markedBuffer(odd.headerLength());
    odd.emit(oddOut, one, two);
    const auto oddBack = TcpHeader::parse(oddOut, one, two);
    QVERIFY(oddBack.header);
    QCOMPARE(oddBack.problems.size(), std::size_t(1));
    QCOMPARE(oddBack.problems.front().text, QStringLiteral("TCP: bad length: the maximum segment size option at byte 20 has length 3, it should be 4"));
    QVERIFY(oddBack.header->options == odd.options);

    // Forty bytes of options: the largest header there is.
    TcpHeader full = header;
    const std::vector<std::uint8_t> sackBlocks(24, 0x11);
    const std::vector<std::uint8_t> oddTimestamps(6, 0);
    full.options = {{TcpOptionKind::Sack, {sackBlocks.begin(), sackBlocks.end()}},
                    {TcpOptionKind::Timestamps, {oddTimestamps.begin(), oddTimestamps.end()}},
                    {TcpOptionKind::MaximumSegmentSize, {0x05, 0xb4}}};
    QCOMPARE(full.headerLength(), std::size_t(60));
    auto fullOut = markedBuffer(60);
    full.emit(fullOut, one, two);
    QCOMPARE(int(fullOut[12] >> 4), 15);
    QVERIFY(mentions(TcpHeader::parse(fullOut, one, two).problems, u"timestamps option at byte 46 has length 8, it should be 10"));
}

void TestWireFormats::udpGolden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<uint>("sourcePort");
    QTest::addColumn<uint>("destinationPort");
    QTest::addColumn<uint>("length");
    QTest::addColumn<uint>("checksum");
    QTest::addColumn<QByteArray>("payload");
    const QString one4 = QStringLiteral("10.77.0.1");
    const QString two4 = QStringLiteral("10.77.0.2");
    const QString one6 = QStringLiteral("fd00:77::1");
    const QString two6 = QStringLiteral("fd00:77::2");
    QTest::newRow("v4") << golden(UdpV4) << 34 << one4 << two4 << 59499u << 9999u << 12u << 0xfcedu << QByteArray("ping");
    QTest::newRow("reply v4") << golden(UdpReplyV4) << 34 << two4 << one4 << 9999u << 59499u << 17u << 0xf1feu
                              << QByteArray("pong:ping");
    // The datagrams to closed ports as the ICMP errors quote them (whole): the frame is the
    // quote, so `offset` is past the Ethernet, outer IP, ICMP and quoted IP headers.
    QTest::newRow("to closed port v4") << golden(IcmpPortUnreachableV4) << 14 + 20 + 8 + 20 << one4 << two4 << 58795u << 9998u << 12u << 0xffaeu << QByteArray("ping");
    QTest::newRow("after IPv4 options") << golden(UdpRecordRouteV4) << 42 << one4 << two4 << 39633u << 9999u << 10u
                                        << 0xb6eau << QByteArray("rr");
    QTest::newRow("v6") << golden(UdpV6) << 54 << one6 << two6 << 59343u << 9999u << 12u << 0x1734u << QByteArray("ping");
    QTest::newRow("to closed port v6") << golden(Icmpv6PortUnreachable) << 14 + 40 + 8 + 40 << one6 << two6 << 34896u << 9998u << 12u << 0x76b4u << QByteArray("ping");
}

void TestWireFormats::udpGolden()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, offset);
    QFETCH(QString, source);
    QFETCH(QString, destination);
    QFETCH(uint, sourcePort);
    QFETCH(uint, destinationPort);
    QFETCH(uint, length);
    QFETCH(uint, checksum);
    QFETCH(QByteArray, payload);
    const ByteView datagram = view(frame).subspan(std::size_t(offset));
    const auto result = UdpHeader::parse(datagram, ip(source), ip(destination));
    QVERIFY2(result.ok(), describe(result.problems));
    UdpHeader header = *result.header;
    QCOMPARE(uint(header.sourcePort), sourcePort);
    QCOMPARE(uint(header.destinationPort), destinationPort);
    QCOMPARE(uint(header.length), length);
    QCOMPARE(uint(header.checksum), checksum);
    QCOMPARE(hexOf(datagram.subspan(UdpHeader::Size)), payload.toHex());

    header.checksum = 0;
    auto out = markedWithPayload(datagram.size(), datagram.subspan(UdpHeader::Size), UdpHeader::Size);
    header.emit(out, ip(source), ip(destination));
    QCOMPARE(hexOf(out), hexOf(datagram));
    QCOMPARE(uint(header.checksum), checksum);
}

void TestWireFormats::udpChecksum()
{
    const QByteArray datagram = golden(UdpV4).mid(34);
    // "ping" becomes "phng": the word 0x7069 drops by one, the checksum it calls for rises by one.
    const auto result = UdpHeader::parse(view(withBitFlipped(datagram, 9, 0)), ip(u"10.77.0.1"), ip(u"10.77.0.2"));
    QVERIFY(result.header);
    QCOMPARE(result.problems.size(), std::size_t(1));
    QCOMPARE(result.problems.front().text, QStringLiteral("UDP: checksum is 0xfced but the datagram sums to 0xfcee"));
    QCOMPARE(result.problems.front().offset, std::size_t(6));

    const auto v6 = UdpHeader::parse(view(withBitFlipped(golden(UdpV6).mid(54), 2, 4)), ip(u"fd00:77::1"), ip(u"fd00:77::2"));
    QVERIFY(v6.header);
    QVERIFY(mentions(v6.problems, u"UDP: checksum is 0x1734 but the datagram sums to"));
}

void TestWireFormats::udpZeroChecksum()
{
    // Over IPv4 a zero checksum means the sender computed none: accepted as it is.
    QByteArray v4 = golden(UdpV4).mid(34);
    v4[6] = 0;
    v4[7] = 0;
    const auto none = UdpHeader::parse(view(withBitFlipped(v4, 9, 0)), ip(u"10.77.0.1"), ip(u"10.77.0.2"));
    QVERIFY2(none.ok(), describe(none.problems));
    QCOMPARE(uint(none.header->checksum), 0u);

    QByteArray v6 = golden(UdpV6).mid(54);
    v6[6] = 0;
    v6[7] = 0;
    const auto refused = UdpHeader::parse(view(v6), ip(u"fd00:77::1"), ip(u"fd00:77::2"));
    QVERIFY(refused.header);
    QCOMPARE(refused.problems.size(), std::size_t(1));
    QCOMPARE(refused.problems.front().text, QStringLiteral("UDP: a zero checksum is not allowed over IPv6"));
    QCOMPARE(refused.problems.front().offset, std::size_t(6));
    QVERIFY(!refused.problems.front().fatal);
}

void TestWireFormats::udpEmitsAllOnesForZero()
{
    // Two payload bytes chosen to be the checksum of the rest make the whole sum to all ones, so
    // the computed checksum is zero, which on the wire would mean "none".
    const IpAddress one = ip(u"10.77.0.1");
    const IpAddress two = ip(u"10.77.0.2");
    UdpHeader header;
    header.sourcePort = 5000;
    header.destinationPort = 53;
    header.length = 10;
    std::vector<std::uint8_t> datagram(10, 0);
    header.emit(datagram, one, two);
    const std::uint16_t filler = header.checksum;
    writeBe16(datagram, 8, filler);
    header.emit(datagram, one, two);
    QCOMPARE(uint(header.checksum), 0xffffu);
    QCOMPARE(hexOf(ByteView(datagram).subspan(6, 2)), QByteArray("ffff"));
    const auto back = UdpHeader::parse(datagram, one, two);
    QVERIFY2(back.ok(), describe(back.problems));
}

void TestWireFormats::udpDamaged()
{
    const QByteArray datagram = golden(UdpV4).mid(34);
    const IpAddress one = ip(u"10.77.0.1");
    const IpAddress two = ip(u"10.77.0.2");
    auto parse = [&](const QByteArray &bytes) { return UdpHeader::parse(view(bytes), one, two); };

    const auto short5 = parse(datagram.first(5));
    QVERIFY(!short5.header);
    QCOMPARE(short5.problems.front().text, QStringLiteral("UDP: truncated: the header needs 8 bytes, only 5 are here"));

    const auto cut = parse(datagram.first(10));
    QVERIFY(!cut.header);
    QCOMPARE(cut.problems.front().text, QStringLiteral("UDP: truncated: the length field is 12 bytes, only 10 are here"));
    QCOMPARE(cut.problems.front().offset, std::size_t(4));

    const auto tiny = parse(withByte(datagram, 5, 6));
    QVERIFY(!tiny.header);
    QCOMPARE(tiny.problems.front().text, QStringLiteral("UDP: bad length: the length field is 6, less than the 8-byte header"));

    const auto shorter = parse(withByte(datagram, 5, 10));
    QVERIFY(shorter.header);
    QVERIFY(!hasFatal(shorter.problems));
    QVERIFY(mentions(shorter.problems, u"UDP: bad length: the length field is 10, but the datagram given is 12 bytes"));
}

void TestWireFormats::icmpGolden_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<uint>("type");
    QTest::addColumn<uint>("code");
    QTest::addColumn<uint>("checksum");
    QTest::addColumn<uint>("restOfHeader");
    const QString one4 = QStringLiteral("10.77.0.1");
    const QString two4 = QStringLiteral("10.77.0.2");
    const QString one6 = QStringLiteral("fd00:77::1");
    const QString two6 = QStringLiteral("fd00:77::2");
    // Echo: identifier 0xb45a (46170) or 0xb45b, sequence 1. Unreachable: four unused zero bytes.
    QTest::newRow("echo request") << golden(IcmpEchoRequest) << 34 << one4 << two4 << 8u << 0u << 0xc46bu << 0xb45a0001u;
    QTest::newRow("echo reply") << golden(IcmpEchoReply) << 34 << two4 << one4 << 0u << 0u << 0xcc6bu << 0xb45a0001u;
    QTest::newRow("port unreachable") << golden(IcmpPortUnreachableV4) << 34 << two4 << one4 << 3u << 3u << 0x11b7u << 0u;
    QTest::newRow("protocol unreachable") << golden(IcmpProtocolUnreachable) << 34 << two4 << one4 << 3u << 2u
                                          << 0x6240u << 0u;
    QTest::newRow("port unreachable after options") << golden(IcmpPortUnreachableRecordRoute) << 42 << two4 << one4
                                                    << 3u << 3u << 0x11b5u << 0u;
    QTest::newRow("v6 echo request") << golden(Icmpv6EchoRequest) << 54 << one6 << two6 << 128u << 0u << 0x5129u
                                     << 0xb45b0001u;
    QTest::newRow("v6 echo reply") << golden(Icmpv6EchoReply) << 54 << two6 << one6 << 129u << 0u << 0x5029u
                                   << 0xb45b0001u;
    QTest::newRow("v6 port unreachable") << golden(Icmpv6PortUnreachable) << 54 << two6 << one6 << 1u << 4u << 0x79ddu << 0u;
    QTest::newRow("v6 parameter problem, pointer 6") << golden(Icmpv6ParameterProblem) << 54 << two6 << one6 << 4u
                                                     << 1u << 0xf53au << 6u;
    QTest::newRow("v6 neighbour solicitation") << golden(NeighbourSolicitation) << 54 << one6
                                               << QStringLiteral("ff02::1:ff00:2") << 135u << 0u << 0x1e99u << 0u;
}

void TestWireFormats::icmpGolden()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, offset);
    QFETCH(QString, source);
    QFETCH(QString, destination);
    QFETCH(uint, type);
    QFETCH(uint, code);
    QFETCH(uint, checksum);
    QFETCH(uint, restOfHeader);
    const ByteView message = view(frame).subspan(std::size_t(offset));
    const auto result = IcmpHeader::parse(message, ip(source), ip(destination));
    QVERIFY2(result.ok(), describe(result.problems));
    IcmpHeader header = *result.header;
    QCOMPARE(uint(header.type), type);
    QCOMPARE(uint(header.code), code);
    QCOMPARE(uint(header.checksum), checksum);
    QCOMPARE(uint(header.restOfHeader), restOfHeader);
    QCOMPARE(uint(header.identifier()), restOfHeader >> 16);
    QCOMPARE(uint(header.sequenceNumber()), restOfHeader & 0xffff);

    header.checksum = 0;
    auto out = markedWithPayload(message.size(), message.subspan(IcmpHeader::Size), IcmpHeader::Size);
    header.emit(out, ip(source), ip(destination));
    QCOMPARE(hexOf(out), hexOf(message));
    QCOMPARE(uint(header.checksum), checksum);
}

void TestWireFormats::icmpChecksum()
{
    const QByteArray echo = golden(IcmpEchoRequest).mid(34);
    // Sequence 1 becomes 0: the message calls for a checksum one more.
    const auto result = IcmpHeader::parse(view(withBitFlipped(echo, 7, 0)), ip(u"10.77.0.1"), ip(u"10.77.0.2"));
    QVERIFY(result.header);
    QCOMPARE(result.problems.size(), std::size_t(1));
    QCOMPARE(result.problems.front().text, QStringLiteral("ICMP: checksum is 0xc46b but the message sums to 0xc46c"));
    QCOMPARE(result.problems.front().offset, std::size_t(2));

    // ICMP sums the message alone: other IPv4 addresses do not change it.
    QVERIFY(IcmpHeader::parse(view(echo), ip(u"192.0.2.1"), ip(u"192.0.2.2")).ok());

    // ICMPv6 sums a pseudo-header too: fd00:77::3 instead of ::2 calls for a checksum one less.
    const QByteArray echo6 = golden(Icmpv6EchoRequest).mid(54);
    const auto v6 = IcmpHeader::parse(view(echo6), ip(u"fd00:77::1"), ip(u"fd00:77::3"));
    QVERIFY(v6.header);
    QCOMPARE(v6.problems.size(), std::size_t(1));
    QCOMPARE(v6.problems.front().text, QStringLiteral("ICMPv6: checksum is 0x5129 but the message sums to 0x5128"));

    const auto short6 = IcmpHeader::parse(view(echo6.first(6)), ip(u"fd00:77::1"), ip(u"fd00:77::2"));
    QVERIFY(!short6.header);
    QCOMPARE(short6.problems.front().text, QStringLiteral("ICMPv6: truncated: the header needs 8 bytes, only 6 are here"));
}

// Every single-bit error in a checksummed header or segment is caught, fatal or not.
void TestWireFormats::everyBitFlipIsCaught_data()
{
    QTest::addColumn<QByteArray>("frame");
    for (const Golden &g : AllGoldens) {
        if (QByteArray(g.hex) != QByteArray(UnknownEtherType) && QByteArray(g.name).startsWith("ARP") == false)
            QTest::newRow(g.name) << golden(g.hex);
    }
}

void TestWireFormats::everyBitFlipIsCaught()
{
    QFETCH(QByteArray, frame);
    const DecodedPacket clean = decodeEthernetFrame(view(frame));
    QVERIFY2(clean.problems.empty(), describe(clean.problems));
    // Bytes a checksum covers: the IPv4 header, and the transport layer when there is one.
    const bool transport = clean.tcp || clean.udp || clean.icmp;
    const std::size_t checkedEnd = transport ? std::size_t(frame.size()) : clean.transportOffset;
    for (std::size_t at = clean.networkOffset; at < checkedEnd; ++at) {
        // IPv6 has no header checksum; only its addresses are summed, in the transport's
        // pseudo-header.
        if (clean.ipv6 && at < clean.transportOffset && (!transport || at < 22 || at >= 54))
            continue;
        for (int bit = 0; bit < 8; ++bit) {
            const QByteArray damaged = withBitFlipped(frame, qsizetype(at), bit);
            const DecodedPacket decoded = decodeEthernetFrame(view(damaged));
            QVERIFY2(!decoded.problems.empty(), qPrintable(QStringLiteral("bit %1 of byte %2 went unnoticed").arg(bit).arg(at)));
        }
    }
}

void TestWireFormats::everyTruncationIsFatal_data()
{
    QTest::addColumn<QByteArray>("frame");
    for (const Golden &g : AllGoldens) {
        if (QByteArray(g.hex) != QByteArray(UnknownEtherType))
            QTest::newRow(g.name) << golden(g.hex);
    }
}

void TestWireFormats::everyTruncationIsFatal()
{
    QFETCH(QByteArray, frame);
    for (qsizetype length = 0; length < frame.size(); ++length) {
        const QByteArray cut = frame.first(length);
        const DecodedPacket decoded = decodeEthernetFrame(view(cut));
        QVERIFY2(hasFatal(decoded.problems), qPrintable(QStringLiteral("cut at %1: %2").arg(length).arg(QString::fromUtf8(describe(decoded.problems)))));
        checkDecodeInvariants(decoded, std::size_t(cut.size()), "truncated frame");
        // A layer that stopped leaves no layer above it, and its bytes become payload.
        QVERIFY(!(decoded.tcp || decoded.udp || decoded.icmp));
        QCOMPARE(decoded.payloadOffset + decoded.payloadLength, std::size_t(cut.size()));
    }
}

void TestWireFormats::decodeLayers_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("layers");
    QTest::addColumn<int>("networkOffset");
    QTest::addColumn<int>("transportOffset");
    QTest::addColumn<int>("payloadOffset");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("ARP request") << golden(ArpRequest) << QStringLiteral("eth arp") << 14 << 0 << 42 << QByteArray();
    QTest::newRow("TCP SYN v4") << golden(TcpSynV4) << QStringLiteral("eth ipv4 tcp") << 14 << 34 << 74 << QByteArray();
    QTest::newRow("TCP data v4") << golden(TcpDataV4) << QStringLiteral("eth ipv4 tcp") << 14 << 34 << 66 << QByteArray("hello");
    QTest::newRow("TCP RST v4") << golden(TcpRstV4) << QStringLiteral("eth ipv4 tcp") << 14 << 34 << 54 << QByteArray();
    QTest::newRow("TCP data v6") << golden(TcpDataV6) << QStringLiteral("eth ipv6 tcp") << 14 << 54 << 86 << QByteArray("hello");
    QTest::newRow("UDP v4") << golden(UdpV4) << QStringLiteral("eth ipv4 udp") << 14 << 34 << 42 << QByteArray("ping");
    QTest::newRow("UDP v6") << golden(UdpV6) << QStringLiteral("eth ipv6 udp") << 14 << 54 << 62 << QByteArray("ping");
    QTest::newRow("UDP after IPv4 options") << golden(UdpRecordRouteV4) << QStringLiteral("eth ipv4 udp") << 14 << 42 << 50
                                            << QByteArray("rr");
    QTest::newRow("ICMP echo") << golden(IcmpEchoRequest) << QStringLiteral("eth ipv4 icmp") << 14 << 34 << 42
                               << QByteArray("portlab echo");
    QTest::newRow("ICMPv6 echo") << golden(Icmpv6EchoReply) << QStringLiteral("eth ipv6 icmp") << 14 << 54 << 62
                                 << QByteArray("portlab echo");
    QTest::newRow("ICMP port unreachable") << golden(IcmpPortUnreachableV4) << QStringLiteral("eth ipv4 icmp") << 14 << 34 << 42
                                           << golden(IcmpPortUnreachableV4).mid(42);
    QTest::newRow("unknown protocol v4") << golden(UnknownProtocolV4) << QStringLiteral("eth ipv4") << 14 << 34 << 34
                                         << QByteArray("opaque v4");
    QTest::newRow("unknown next header v6") << golden(UnknownNextHeaderV6) << QStringLiteral("eth ipv6") << 14 << 54 << 54
                                            << QByteArray("opaque v6");
    QTest::newRow("unknown EtherType") << golden(UnknownEtherType) << QStringLiteral("eth") << 14 << 0 << 14
                                       << golden(UnknownEtherType).mid(14);
}

void TestWireFormats::decodeLayers()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, layers);
    QFETCH(int, networkOffset);
    QFETCH(int, transportOffset);
    QFETCH(int, payloadOffset);
    QFETCH(QByteArray, payload);
    const DecodedPacket packet = decodeEthernetFrame(view(frame));
    QVERIFY2(packet.problems.empty(), describe(packet.problems));
    QStringList found;
    if (packet.ethernet) found << QStringLiteral("eth");
    if (packet.arp) found << QStringLiteral("arp");
    if (packet.ipv4) found << QStringLiteral("ipv4");
    if (packet.ipv6) found << QStringLiteral("ipv6");
    if (packet.tcp) found << QStringLiteral("tcp");
    if (packet.udp) found << QStringLiteral("udp");
    if (packet.icmp) found << QStringLiteral("icmp");
    QCOMPARE(found.join(u' '), layers);
    QCOMPARE(packet.networkOffset, std::size_t(networkOffset));
    if (packet.tcp || packet.udp || packet.icmp)
        QCOMPARE(packet.transportOffset, std::size_t(transportOffset));
    QCOMPARE(packet.payloadOffset, std::size_t(payloadOffset));
    QCOMPARE(packet.payloadLength, std::size_t(payload.size()));
    QCOMPARE(frame.mid(payloadOffset, qsizetype(packet.payloadLength)), payload);
    checkDecodeInvariants(packet, std::size_t(frame.size()), "golden");

    if (packet.ipv4) {
        QCOMPARE(packet.sourceAddress(), &packet.ipv4->source);
        QCOMPARE(packet.destinationAddress(), &packet.ipv4->destination);
    } else if (packet.ipv6) {
        QCOMPARE(packet.sourceAddress(), &packet.ipv6->source);
        QCOMPARE(packet.destinationAddress(), &packet.ipv6->destination);
    } else {
        QVERIFY(!packet.sourceAddress());
        QVERIFY(!packet.destinationAddress());
    }
}

void TestWireFormats::decodeIgnoresEthernetPadding()
{
    // A NIC pads frames to 60 bytes; veth did not, so the zeros are added here.
    for (const char *hex : {UdpV4, TcpRstV4, IcmpEchoRequest, ArpRequest}) {
        const QByteArray frame = golden(hex);
        const QByteArray padded = frame + QByteArray(60 - frame.size(), '\0');
        const DecodedPacket plain = decodeEthernetFrame(view(frame));
        const DecodedPacket decoded = decodeEthernetFrame(view(padded));
        QVERIFY2(decoded.problems.empty(), describe(decoded.problems));
        QCOMPARE(decoded.payloadOffset, plain.payloadOffset);
        QCOMPARE(decoded.payloadLength, plain.payloadLength);
        QVERIFY(decoded.tcp || decoded.udp || decoded.icmp || decoded.arp);
    }
}

void TestWireFormats::decodeStopsAtFatalLayer()
{
    // The SYN cut after 50 bytes: IPv4's total length says 60, only 36 are here.
    const QByteArray syn = golden(TcpSynV4);
    const DecodedPacket cut = decodeEthernetFrame(view(syn.first(50)));
    QVERIFY(cut.ethernet);
    QVERIFY(!cut.ipv4);
    QVERIFY(!cut.tcp);
    QCOMPARE(cut.problems.size(), std::size_t(1));
    QCOMPARE(cut.problems.front().text, QStringLiteral("IPv4: truncated: total length is 60 bytes, only 36 are here"));
    QCOMPARE(cut.problems.front().offset, std::size_t(16));
    QVERIFY(cut.problems.front().fatal);
    QCOMPARE(cut.networkOffset, std::size_t(14));
    QCOMPARE(cut.payloadOffset, std::size_t(14));
    QCOMPARE(cut.payloadLength, std::size_t(36));

    // The MSS option with length 1: IPv4 stands, TCP does not, its 40 bytes are payload.
    const DecodedPacket badOption = decodeEthernetFrame(view(withByte(syn, 34 + 21, 1)));
    QVERIFY(badOption.ipv4);
    QVERIFY(!badOption.tcp);
    QVERIFY(hasFatal(badOption.problems));
    QCOMPARE(badOption.problems.front().offset, std::size_t(34 + 21));
    QCOMPARE(badOption.payloadOffset, std::size_t(34));
    QCOMPARE(badOption.payloadLength, std::size_t(40));

    // An ARP packet for another protocol.
    const DecodedPacket arp = decodeEthernetFrame(view(withByte(golden(ArpRequest), 14 + 2, 0x86)));
    QVERIFY(!arp.arp);
    QCOMPARE(arp.payloadOffset, std::size_t(14));
    QCOMPARE(arp.payloadLength, std::size_t(28));
    QCOMPARE(arp.problems.front().offset, std::size_t(16));

    // IPv6 in a frame that says IPv4.
    const DecodedPacket mislabelled = decodeEthernetFrame(view(withByte(golden(TcpSynV6), 12, 0x08).replace(13, 1, QByteArray(1, '\0'))));
    QVERIFY(!mislabelled.ipv4);
    QCOMPARE(mislabelled.problems.front().text, QStringLiteral("IPv4: version is 6, not 4"));
    QCOMPARE(mislabelled.problems.front().offset, std::size_t(14));
}

void TestWireFormats::decodeKeepsNonFatalProblems()
{
    // A TCP checksum damaged in the frame: every layer is read, the problem points at it.
    const QByteArray frame = withBitFlipped(golden(TcpDataV4), 34 + 17, 0);
    const DecodedPacket packet = decodeEthernetFrame(view(frame));
    QVERIFY(packet.tcp);
    QCOMPARE(packet.problems.size(), std::size_t(1));
    QCOMPARE(packet.problems.front().offset, std::size_t(50));
    QVERIFY(!packet.problems.front().fatal);
    QVERIFY(packet.problems.front().text.startsWith(QLatin1String("TCP: checksum is 0x9706")));
    QCOMPARE(packet.payloadOffset, std::size_t(66));

    // A damaged IPv4 header checksum does not stop the transport from being read.
    const DecodedPacket ipDamaged = decodeEthernetFrame(view(withBitFlipped(golden(UdpV4), 14 + 10, 1)));
    QVERIFY(ipDamaged.udp);
    QCOMPARE(ipDamaged.problems.size(), std::size_t(1));
    QCOMPARE(ipDamaged.problems.front().offset, std::size_t(24));
}

void TestWireFormats::decodeFragmentIsOpaque()
{
    // The UDP datagram as the first fragment of a larger one (More Fragments set, header
    // re-emitted with its new checksum): its transport bytes cannot be checked on their own.
    QByteArray frame = golden(UdpV4);
    auto ipv4 = *Ipv4Header::parse(view(frame).subspan(14)).header;
    ipv4.moreFragments = true;
    std::vector<std::uint8_t> header(ipv4.headerLength());
    ipv4.emit(header);
    frame.replace(14, qsizetype(header.size()), QByteArray(reinterpret_cast<const char *>(header.data()), qsizetype(header.size())));
    const DecodedPacket packet = decodeEthernetFrame(view(frame));
    QVERIFY2(packet.problems.empty(), describe(packet.problems));
    QVERIFY(packet.ipv4 && packet.ipv4->moreFragments);
    QVERIFY(!packet.udp);
    QCOMPARE(packet.payloadOffset, std::size_t(34));
    QCOMPARE(packet.payloadLength, std::size_t(12));
}

void TestWireFormats::decodeIpPacketWithoutLink()
{
    const QByteArray frame = golden(TcpDataV6);
    const DecodedPacket packet = decodeIpPacket(view(frame).subspan(14));
    QVERIFY2(packet.problems.empty(), describe(packet.problems));
    QVERIFY(!packet.ethernet);
    QVERIFY(packet.ipv6 && packet.tcp);
    QCOMPARE(packet.networkOffset, std::size_t(0));
    QCOMPARE(packet.transportOffset, std::size_t(40));
    QCOMPARE(packet.payloadOffset, std::size_t(72));
    QCOMPARE(packet.payloadLength, std::size_t(5));

    const DecodedPacket v4 = decodeIpPacket(view(golden(UdpV4)).subspan(14));
    QVERIFY(v4.ipv4 && v4.udp);
    QCOMPARE(v4.payloadOffset, std::size_t(28));

    const DecodedPacket empty = decodeIpPacket(ByteView());
    QVERIFY(hasFatal(empty.problems));
    QVERIFY(empty.problems.front().text.startsWith(QLatin1String("IP: truncated")));
    const std::uint8_t five[] = {0x50, 0, 0, 0};
    const DecodedPacket unknown = decodeIpPacket(five);
    QCOMPARE(unknown.problems.front().text, QStringLiteral("IP: version is 5, neither 4 nor 6"));
    QCOMPARE(unknown.payloadLength, std::size_t(4));
}

void TestWireFormats::decodeQuotedPortUnreachable_data()
{
    QTest::addColumn<QByteArray>("body");   // the ICMP message after its 8-byte header
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<uint>("sourcePort");
    QTest::addColumn<uint>("destinationPort");
    QTest::addColumn<uint>("length");
    QTest::addColumn<uint>("checksum");
    QTest::addColumn<int>("transportOffset");
    QTest::newRow("v4") << golden(IcmpPortUnreachableV4).mid(42) << QStringLiteral("10.77.0.1") << QStringLiteral("10.77.0.2")
                        << 58795u << 9998u << 12u << 0xffaeu << 20;
    QTest::newRow("v6") << golden(Icmpv6PortUnreachable).mid(62) << QStringLiteral("fd00:77::1") << QStringLiteral("fd00:77::2")
                        << 34896u << 9998u << 12u << 0x76b4u << 40;
    QTest::newRow("v4 with options") << golden(IcmpPortUnreachableRecordRoute).mid(50) << QStringLiteral("10.77.0.1")
                                     << QStringLiteral("10.77.0.2") << 39633u << 9999u << 10u << 0xb6eau << 28;
    // The minimum RFC 792 asks for: the IP header and 8 bytes, so IPv4's total length (32) is
    // more than the quote holds.
    QTest::newRow("v4 cut to 8 bytes") << golden(IcmpPortUnreachableV4).mid(42, 28) << QStringLiteral("10.77.0.1")
                                       << QStringLiteral("10.77.0.2") << 58795u << 9998u << 12u << 0xffaeu << 20;
    QTest::newRow("v6 cut to 8 bytes") << golden(Icmpv6PortUnreachable).mid(62, 48) << QStringLiteral("fd00:77::1")
                                       << QStringLiteral("fd00:77::2") << 34896u << 9998u << 12u << 0x76b4u << 40;
}

void TestWireFormats::decodeQuotedPortUnreachable()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, source);
    QFETCH(QString, destination);
    QFETCH(uint, sourcePort);
    QFETCH(uint, destinationPort);
    QFETCH(uint, length);
    QFETCH(uint, checksum);
    QFETCH(int, transportOffset);
    const DecodedPacket quoted = decodeQuotedPacket(view(body));
    QVERIFY2(quoted.problems.empty(), describe(quoted.problems));
    QVERIFY(quoted.udp);
    QVERIFY(!quoted.ethernet);
    QCOMPARE(*quoted.sourceAddress(), ip(source));
    QCOMPARE(*quoted.destinationAddress(), ip(destination));
    QCOMPARE(uint(quoted.udp->sourcePort), sourcePort);
    QCOMPARE(uint(quoted.udp->destinationPort), destinationPort);
    QCOMPARE(uint(quoted.udp->length), length);
    QCOMPARE(uint(quoted.udp->checksum), checksum);
    QCOMPARE(quoted.networkOffset, std::size_t(0));
    QCOMPARE(quoted.transportOffset, std::size_t(transportOffset));
    QCOMPARE(quoted.payloadOffset, std::size_t(transportOffset + 8));
    QCOMPARE(quoted.payloadOffset + quoted.payloadLength, std::size_t(body.size()));
    checkDecodeInvariants(quoted, std::size_t(body.size()), "quote");
}

void TestWireFormats::decodeQuotedCutHeaders()
{
    // The SYN as a router would quote it with RFC 792's minimum: IP header and 8 bytes of TCP.
    const QByteArray syn = golden(TcpSynV4).mid(14);
    const DecodedPacket cut = decodeQuotedPacket(view(syn.first(28)));
    QVERIFY2(cut.problems.empty(), describe(cut.problems));
    QVERIFY(cut.ipv4 && cut.tcp);
    QCOMPARE(uint(cut.ipv4->totalLength), 60u);
    QCOMPARE(uint(cut.tcp->sourcePort), 36848u);
    QCOMPARE(uint(cut.tcp->destinationPort), 8080u);
    QCOMPARE(uint(cut.tcp->sequence), 3242934361u);
    QCOMPARE(cut.transportOffset, std::size_t(20));
    QCOMPARE(cut.payloadOffset + cut.payloadLength, std::size_t(28));

    // The whole SYN quoted, its checksum damaged: the quote's checksum is never judged, since a
    // quote rarely holds a whole segment.
    const DecodedPacket whole = decodeQuotedPacket(view(withBitFlipped(syn, 20 + 17, 2)));
    QVERIFY2(whole.problems.empty(), describe(whole.problems));
    QVERIFY(whole.tcp);
    QCOMPARE(optionsText(whole.tcp->options), QStringLiteral("MSS=1460 SACK_PERM TS=3966861007,0 NOP WS=10"));
    QCOMPARE(uint(whole.tcp->window), 64240u);
    QCOMPARE(whole.payloadOffset, std::size_t(60));
    QCOMPARE(whole.payloadLength, std::size_t(0));

    // Cut inside the options: the ports and the fixed fields are there, nothing is wrong.
    const DecodedPacket inOptions = decodeQuotedPacket(view(syn.first(46)));
    QVERIFY2(inOptions.problems.empty(), describe(inOptions.problems));
    QVERIFY(inOptions.tcp);
    QCOMPARE(uint(inOptions.tcp->window), 64240u);

    // Fewer than 8 bytes of transport header: the ports are not all there.
    const DecodedPacket tooShort = decodeQuotedPacket(view(syn.first(24)));
    QVERIFY(tooShort.ipv4);
    QVERIFY(!tooShort.tcp);
    QCOMPARE(tooShort.problems.size(), std::size_t(1));
    QCOMPARE(tooShort.problems.front().text, QStringLiteral("TCP: truncated: the quoted header needs 8 bytes for the ports and sequence number, only 4 are here"));
    QCOMPARE(tooShort.problems.front().offset, std::size_t(20));
    QCOMPARE(tooShort.payloadOffset, std::size_t(20));
    QCOMPARE(tooShort.payloadLength, std::size_t(4));

    // Protocol 253 and next header 253 quoted: the rest is opaque.
    const DecodedPacket unknown4 = decodeQuotedPacket(view(golden(IcmpProtocolUnreachable).mid(42)));
    QVERIFY2(unknown4.problems.empty(), describe(unknown4.problems));
    QVERIFY(unknown4.ipv4 && !unknown4.tcp && !unknown4.udp && !unknown4.icmp);
    QCOMPARE(unknown4.payloadOffset, std::size_t(20));
    QCOMPARE(unknown4.payloadLength, std::size_t(9));
    const DecodedPacket unknown6 = decodeQuotedPacket(view(golden(Icmpv6ParameterProblem).mid(62)));
    QVERIFY2(unknown6.problems.empty(), describe(unknown6.problems));
    QVERIFY(unknown6.ipv6);
    QCOMPARE(unknown6.payloadOffset, std::size_t(40));
    QCOMPARE(unknown6.payloadLength, std::size_t(9));

    // A quoted ICMP echo (an error about a ping): type and identifier are read.
    const DecodedPacket echo = decodeQuotedPacket(view(golden(IcmpEchoRequest).mid(14, 28)));
    QVERIFY2(echo.problems.empty(), describe(echo.problems));
    QVERIFY(echo.icmp);
    QCOMPARE(uint(echo.icmp->identifier()), 0xb45au);
}

void TestWireFormats::fuzzTruncationsAndCorruptions()
{
    std::mt19937 random(20240611);
    const IpAddress v4a = ip(u"10.77.0.1");
    const IpAddress v4b = ip(u"10.77.0.2");
    const IpAddress v6a = ip(u"fd00:77::1");
    const IpAddress v6b = ip(u"fd00:77::2");

    // Every decoder and every parser on the same bytes, from every offset.
    auto exercise = [&](const QByteArray &bytes) {
        const ByteView all = view(bytes);
        checkDecodeInvariants(decodeEthernetFrame(all), all.size(), "frame");
        for (std::size_t start : {std::size_t(14), std::size_t(34), std::size_t(42), std::size_t(54), std::size_t(62)}) {
            if (start > all.size())
                break;
            const ByteView rest = all.subspan(start);
            checkDecodeInvariants(decodeIpPacket(rest), rest.size(), "packet");
            checkDecodeInvariants(decodeQuotedPacket(rest), rest.size(), "quote");
        }
        const std::size_t start = all.empty() ? 0 : random() % all.size();
        const ByteView tail = all.subspan(start);
        checkParseInvariants(EthernetHeader::parse(tail), tail.size());
        checkParseInvariants(ArpPacket::parse(tail), tail.size());
        checkParseInvariants(Ipv4Header::parse(tail), tail.size());
        checkParseInvariants(Ipv6Header::parse(tail), tail.size());
        checkParseInvariants(TcpHeader::parse(tail, v4a, v4b), tail.size());
        checkParseInvariants(TcpHeader::parse(tail, v6a, v6b), tail.size());
        checkParseInvariants(UdpHeader::parse(tail, v4a, v4b), tail.size());
        checkParseInvariants(UdpHeader::parse(tail, v6a, v6b), tail.size());
        checkParseInvariants(IcmpHeader::parse(tail, v4a, v4b), tail.size());
        checkParseInvariants(IcmpHeader::parse(tail, v6a, v6b), tail.size());
    };

    for (const Golden &g : AllGoldens) {
        const QByteArray frame = golden(g.hex);
        for (qsizetype length = 0; length <= frame.size(); ++length) {
            exercise(frame.first(length));
            if (QTest::currentTestFailed())
                return;
        }
        for (int round = 0; round < 3000; ++round) {
            QByteArray damaged = frame;
            const int changes = 1 + int(random() % 6);
            for (int c = 0; c < changes; ++c)
                damaged[qsizetype(random() % std::uint32_t(damaged.size()))] = char(random() & 0xff);
            // The length fields and the version nibbles are where parsers go wrong: aim at them.
            if (round % 3 == 0)
                damaged[qsizetype(14 + random() % 8)] = char(random() & 0xff);
            if (round % 5 == 0)
                damaged.truncate(qsizetype(random() % std::uint32_t(damaged.size() + 1)));
            if (round % 7 == 0)
                damaged.append(QByteArray(qsizetype(random() % 40), char(random() & 0xff)));
            exercise(damaged);
            if (QTest::currentTestFailed()) {
                qWarning("%s, round %d: %s", g.name, round, damaged.toHex().constData());
                return;
            }
        }
    }
    // Random bytes with nothing of a packet about them.
    for (int round = 0; round < 5000; ++round) {
        QByteArray noise(qsizetype(random() % 120), '\0');
        for (auto &byte : noise)
            byte = char(random() & 0xff);
        if (!noise.isEmpty())
            noise[0] = char((random() % 2 ? 0x40 : 0x60) | (random() & 0x0f));
        exercise(noise);
        if (QTest::currentTestFailed())
            return;
    }
}

QTEST_GUILESS_MAIN(TestWireFormats)
#include "tst_wire_formats.moc"
