// SPDX-License-Identifier: GPL-3.0-or-later
// IpAddress and Endpoint: parsing the text forms people type, printing the canonical form
// (RFC 5952 for IPv6), socket-address notation with brackets, ports and zones.
#include "model_test_support.h"

#include "net/host.h"

using namespace portlab;

class TestIpAddress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseV4_data();
    void parseV4();
    void parseV6_data();
    void parseV6();
    void rejects_data();
    void rejects();
    void v4Mapped();
    void familiesStayApart();
    void classification_data();
    void classification();
    void loopbackRangeIsOwned();
    void endpointParse_data();
    void endpointParse();
    void endpointRejects_data();
    void endpointRejects();
    void endpointPrintsBrackets();
    void roundTripAfterPrinting();
};

void TestIpAddress::parseV4_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint32>("value");
    QTest::newRow("private") << QStringLiteral("192.168.1.10") << quint32(0xc0a8010a);
    QTest::newRow("any") << QStringLiteral("0.0.0.0") << quint32(0);
    QTest::newRow("broadcast") << QStringLiteral("255.255.255.255") << quint32(0xffffffff);
    QTest::newRow("loopback") << QStringLiteral("127.0.0.1") << quint32(0x7f000001);
    QTest::newRow("example") << QStringLiteral("93.184.216.34") << quint32(0x5db8d822);
}

void TestIpAddress::parseV4()
{
    QFETCH(QString, text);
    QFETCH(quint32, value);
    const auto address = IpAddress::parse(text);
    QVERIFY(address.has_value());
    QVERIFY(address->isV4());
    QCOMPARE(address->family(), Family::IPv4);
    QCOMPARE(address->v4Value(), value);
    QCOMPARE(address->toString(), text);
    QCOMPARE(*address, IpAddress::v4(value));
    // Network byte order: the most significant octet comes first.
    QCOMPARE(address->bytes()[0], static_cast<std::uint8_t>(value >> 24));
    QCOMPARE(address->bytes()[3], static_cast<std::uint8_t>(value & 0xff));
}

void TestIpAddress::parseV6_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    // RFC 5952: lower case, no leading zeros, "::" for the longest run of two or more zero
    // groups (the first on a tie), a single zero group never compressed.
    QTest::newRow("unspecified") << QStringLiteral("::") << QStringLiteral("::");
    QTest::newRow("all zeros written out") << QStringLiteral("0:0:0:0:0:0:0:0") << QStringLiteral("::");
    QTest::newRow("loopback") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("loopback long") << QStringLiteral("0000:0000:0000:0000:0000:0000:0000:0001") << QStringLiteral("::1");
    QTest::newRow("documentation") << QStringLiteral("2001:db8::1") << QStringLiteral("2001:db8::1");
    QTest::newRow("leading zeros dropped") << QStringLiteral("2001:0db8:0000:0000:0000:0000:0000:0001") << QStringLiteral("2001:db8::1");
    QTest::newRow("upper case lowered") << QStringLiteral("2001:DB8:AbCd::FF") << QStringLiteral("2001:db8:abcd::ff");
    QTest::newRow("single zero group kept") << QStringLiteral("2001:db8:0:1:1:1:1:1") << QStringLiteral("2001:db8:0:1:1:1:1:1");
    QTest::newRow("longest run wins") << QStringLiteral("2001:0:0:1:0:0:0:1") << QStringLiteral("2001:0:0:1::1");
    QTest::newRow("first run on a tie") << QStringLiteral("2001:db8:0:0:1:0:0:1") << QStringLiteral("2001:db8::1:0:0:1");
    QTest::newRow("trailing run") << QStringLiteral("1:0:0:0:0:0:0:0") << QStringLiteral("1::");
    QTest::newRow("leading single zero") << QStringLiteral("::2:3:4:5:6:7:8") << QStringLiteral("0:2:3:4:5:6:7:8");
    QTest::newRow("trailing single zero") << QStringLiteral("1:2:3:4:5:6:7::") << QStringLiteral("1:2:3:4:5:6:7:0");
    QTest::newRow("eight groups") << QStringLiteral("1:2:3:4:5:6:7:8") << QStringLiteral("1:2:3:4:5:6:7:8");
    QTest::newRow("link-local") << QStringLiteral("fe80::1") << QStringLiteral("fe80::1");
    QTest::newRow("embedded IPv4 tail") << QStringLiteral("64:ff9b::192.0.2.33") << QStringLiteral("64:ff9b::c000:221");
    QTest::newRow("mapped") << QStringLiteral("::ffff:192.0.2.1") << QStringLiteral("::ffff:192.0.2.1");
    QTest::newRow("mapped written in hex") << QStringLiteral("::ffff:c000:201") << QStringLiteral("::ffff:192.0.2.1");
    QTest::newRow("mapped long form") << QStringLiteral("0:0:0:0:0:ffff:10.0.0.1") << QStringLiteral("::ffff:10.0.0.1");
}

void TestIpAddress::parseV6()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const auto address = IpAddress::parse(text);
    QVERIFY2(address.has_value(), qPrintable(text));
    QVERIFY(address->isV6());
    QCOMPARE(address->toString(), canonical);
    // The canonical text parses back to the same address.
    const auto again = IpAddress::parse(canonical);
    QVERIFY(again.has_value());
    QCOMPARE(*again, *address);
}

void TestIpAddress::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("octet 256") << QStringLiteral("256.1.1.1");
    QTest::newRow("octet 300 last") << QStringLiteral("10.0.0.300");
    QTest::newRow("three octets") << QStringLiteral("10.0.1");
    QTest::newRow("five octets") << QStringLiteral("1.2.3.4.5");
    QTest::newRow("empty octet") << QStringLiteral("1..2.3");
    QTest::newRow("trailing dot") << QStringLiteral("1.2.3.4.");
    QTest::newRow("negative octet") << QStringLiteral("1.2.3.-4");
    QTest::newRow("plus sign") << QStringLiteral("1.2.+3.4");
    QTest::newRow("letters") << QStringLiteral("a.b.c.d");
    QTest::newRow("hostname") << QStringLiteral("localhost");
    QTest::newRow("nine groups") << QStringLiteral("1:2:3:4:5:6:7:8:9");
    QTest::newRow("seven groups without ::") << QStringLiteral("1:2:3:4:5:6:7");
    QTest::newRow("two ::") << QStringLiteral("1::2::3");
    QTest::newRow(":::") << QStringLiteral(":::");
    QTest::newRow("group too long") << QStringLiteral("12345::1");
    QTest::newRow("not hex") << QStringLiteral("g::1");
    QTest::newRow("leading single colon") << QStringLiteral(":1:2:3:4:5:6:7");
    QTest::newRow("trailing single colon") << QStringLiteral("1:2:3:4:5:6:7:");
    QTest::newRow(":: and eight groups") << QStringLiteral("1:2:3:4:5:6:7:8::");
    QTest::newRow("bad embedded IPv4") << QStringLiteral("::ffff:256.0.0.1");
    QTest::newRow("brackets are not part of an address") << QStringLiteral("[::1]");
    QTest::newRow("address with port") << QStringLiteral("10.0.0.1:80");
}

void TestIpAddress::rejects()
{
    QFETCH(QString, text);
    const auto address = IpAddress::parse(text);
    QVERIFY2(!address.has_value(), qPrintable(text + QStringLiteral(" parsed as ") + (address ? address->toString() : QString())));
}

void TestIpAddress::v4Mapped()
{
    const IpAddress v4 = ip(u"10.0.0.1");
    const IpAddress mapped = v4.toV4Mapped();
    QVERIFY(mapped.isV6());
    QVERIFY(mapped.isV4Mapped());
    QVERIFY(!v4.isV4Mapped());
    QCOMPARE(mapped, ip(u"::ffff:10.0.0.1"));
    QCOMPARE(mapped.mappedV4(), v4);
    QCOMPARE(mapped.toString(), QStringLiteral("::ffff:10.0.0.1"));
    QVERIFY(!ip(u"::1").isV4Mapped());
    QVERIFY(!ip(u"::").isV4Mapped());
    QVERIFY(!ip(u"::fffe:10.0.0.1").isV4Mapped());
    QVERIFY(!ip(u"1::ffff:10.0.0.1").isV4Mapped());
}

void TestIpAddress::familiesStayApart()
{
    // 0.0.0.0 and :: are both "unspecified" but not the same address; so are a.b.c.d and its
    // mapped form.
    QVERIFY(IpAddress::anyV4() != IpAddress::anyV6());
    QVERIFY(ip(u"10.0.0.1") != ip(u"::ffff:10.0.0.1"));
    QVERIFY(ip(u"0.0.0.1") != ip(u"::1"));
    QCOMPARE(IpAddress::anyV4().toString(), QStringLiteral("0.0.0.0"));
    QCOMPARE(IpAddress::anyV6().toString(), QStringLiteral("::"));
    QCOMPARE(IpAddress::loopbackV6().toString(), QStringLiteral("::1"));
    QCOMPARE(IpAddress::loopbackV4().toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(ip(u"10.0.0.1").hash() != ip(u"::ffff:10.0.0.1").hash());
    QCOMPARE(ip(u"10.0.0.1").hash(), IpAddress::v4(0x0a000001).hash());
}

void TestIpAddress::classification_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("loopback");
    QTest::addColumn<bool>("unspecified");
    QTest::addColumn<bool>("multicast");
    // The whole of 127.0.0.0/8 is loopback, not just 127.0.0.1.
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true << false << false;
    QTest::newRow("127.0.0.0") << QStringLiteral("127.0.0.0") << true << false << false;
    QTest::newRow("127.0.0.2") << QStringLiteral("127.0.0.2") << true << false << false;
    QTest::newRow("127.1.2.3") << QStringLiteral("127.1.2.3") << true << false << false;
    QTest::newRow("127.255.255.254") << QStringLiteral("127.255.255.254") << true << false << false;
    QTest::newRow("127.255.255.255") << QStringLiteral("127.255.255.255") << true << false << false;
    QTest::newRow("126.255.255.255") << QStringLiteral("126.255.255.255") << false << false << false;
    QTest::newRow("128.0.0.1") << QStringLiteral("128.0.0.1") << false << false << false;
    QTest::newRow("::1") << QStringLiteral("::1") << true << false << false;
    QTest::newRow("::2") << QStringLiteral("::2") << false << false << false;
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << false << true << false;
    QTest::newRow("::") << QStringLiteral("::") << false << true << false;
    QTest::newRow("224.0.0.1") << QStringLiteral("224.0.0.1") << false << false << true;
    QTest::newRow("239.255.255.250") << QStringLiteral("239.255.255.250") << false << false << true;
    QTest::newRow("240.0.0.1") << QStringLiteral("240.0.0.1") << false << false << false;
    QTest::newRow("ff02::1") << QStringLiteral("ff02::1") << false << false << true;
    QTest::newRow("10.0.0.1") << QStringLiteral("10.0.0.1") << false << false << false;
}

void TestIpAddress::classification()
{
    QFETCH(QString, text);
    QFETCH(bool, loopback);
    QFETCH(bool, unspecified);
    QFETCH(bool, multicast);
    const IpAddress address = ip(text);
    QCOMPARE(address.isLoopback(), loopback);
    QCOMPARE(address.isUnspecified(), unspecified);
    QCOMPARE(address.isMulticast(), multicast);
}

void TestIpAddress::loopbackRangeIsOwned()
{
    // Linux answers for all of 127.0.0.0/8 on lo, so every host owns every address in it.
    Host host(0, QStringLiteral("h"), Personality::forLinux());
    host.addAddress(ip(u"10.0.0.1"));
    for (std::uint32_t low : {0x7f000001U, 0x7f000002U, 0x7f0a0b0cU, 0x7ffffffeU}) {
        QVERIFY2(host.ownsAddress(IpAddress::v4(low)), qPrintable(IpAddress::v4(low).toString()));
    }
    QVERIFY(host.ownsAddress(ip(u"::1")));
    QVERIFY(host.ownsAddress(ip(u"10.0.0.1")));
    QVERIFY(!host.ownsAddress(ip(u"10.0.0.2")));
    QVERIFY(!host.ownsAddress(ip(u"128.0.0.1")));
    // A connection to any loopback address comes from that same loopback range.
    QCOMPARE(host.sourceAddressFor(ip(u"127.0.0.1")), std::optional<IpAddress>(ip(u"127.0.0.1")));
    QCOMPARE(host.sourceAddressFor(ip(u"10.0.0.9")), std::optional<IpAddress>(ip(u"10.0.0.1")));
    QCOMPARE(host.sourceAddressFor(ip(u"2001:db8::9")), std::optional<IpAddress>());
}

void TestIpAddress::endpointParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("printed");
    QTest::newRow("IPv4") << QStringLiteral("10.0.0.1:80") << QStringLiteral("10.0.0.1") << 80 << QString() << QStringLiteral("10.0.0.1:80");
    QTest::newRow("IPv4 port 0") << QStringLiteral("0.0.0.0:0") << QStringLiteral("0.0.0.0") << 0 << QString() << QStringLiteral("0.0.0.0:0");
    QTest::newRow("IPv4 port 65535") << QStringLiteral("1.2.3.4:65535") << QStringLiteral("1.2.3.4") << 65535 << QString() << QStringLiteral("1.2.3.4:65535");
    QTest::newRow("IPv6 loopback") << QStringLiteral("[::1]:443") << QStringLiteral("::1") << 443 << QString() << QStringLiteral("[::1]:443");
    QTest::newRow("IPv6 any") << QStringLiteral("[::]:80") << QStringLiteral("::") << 80 << QString() << QStringLiteral("[::]:80");
    QTest::newRow("IPv6 long form canonicalised") << QStringLiteral("[2001:0DB8:0:0::0001]:8080") << QStringLiteral("2001:db8::1") << 8080 << QString() << QStringLiteral("[2001:db8::1]:8080");
    QTest::newRow("zone") << QStringLiteral("[fe80::1%eth0]:80") << QStringLiteral("fe80::1") << 80 << QStringLiteral("eth0") << QStringLiteral("[fe80::1]:80");
    QTest::newRow("numeric zone") << QStringLiteral("[fe80::a:b%2]:22") << QStringLiteral("fe80::a:b") << 22 << QStringLiteral("2") << QStringLiteral("[fe80::a:b]:22");
    QTest::newRow("mapped") << QStringLiteral("[::ffff:10.0.0.1]:25") << QStringLiteral("::ffff:10.0.0.1") << 25 << QString() << QStringLiteral("[::ffff:10.0.0.1]:25");
}

void TestIpAddress::endpointParse()
{
    QFETCH(QString, text);
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(QString, zone);
    QFETCH(QString, printed);
    QString parsedZone;
    const auto endpoint = Endpoint::parse(text, &parsedZone);
    QVERIFY2(endpoint.has_value(), qPrintable(text));
    QCOMPARE(endpoint->address, ip(address));
    QCOMPARE(int(endpoint->port), port);
    QCOMPARE(parsedZone, zone);
    QCOMPARE(endpoint->toString(), printed);
    // Without somewhere to put the zone, parsing still works.
    QCOMPARE(Endpoint::parse(text), endpoint);
}

void TestIpAddress::endpointRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("port 65536") << QStringLiteral("10.0.0.1:65536");
    QTest::newRow("port 99999") << QStringLiteral("10.0.0.1:99999");
    QTest::newRow("huge port") << QStringLiteral("10.0.0.1:4294967376");
    QTest::newRow("negative port") << QStringLiteral("10.0.0.1:-1");
    QTest::newRow("plus port") << QStringLiteral("10.0.0.1:+80");
    QTest::newRow("hex port") << QStringLiteral("10.0.0.1:0x50");
    QTest::newRow("empty port") << QStringLiteral("10.0.0.1:");
    QTest::newRow("no port") << QStringLiteral("10.0.0.1");
    QTest::newRow("no address") << QStringLiteral(":80");
    QTest::newRow("bad octet") << QStringLiteral("256.0.0.1:80");
    QTest::newRow("IPv6 without brackets") << QStringLiteral("::1:80");
    QTest::newRow("IPv6 full without brackets") << QStringLiteral("2001:db8::1:443");
    QTest::newRow("IPv6 bracket no port") << QStringLiteral("[::1]");
    QTest::newRow("IPv6 bracket no colon") << QStringLiteral("[::1]80");
    QTest::newRow("IPv6 bracket empty port") << QStringLiteral("[::1]:");
    QTest::newRow("unclosed bracket") << QStringLiteral("[::1:80");
    QTest::newRow("IPv4 in brackets") << QStringLiteral("[10.0.0.1]:80");
    QTest::newRow("empty brackets") << QStringLiteral("[]:80");
    QTest::newRow("bad IPv6") << QStringLiteral("[1::2::3]:80");
    QTest::newRow("IPv6 port too big") << QStringLiteral("[::1]:65536");
}

void TestIpAddress::endpointRejects()
{
    QFETCH(QString, text);
    const auto endpoint = Endpoint::parse(text);
    QVERIFY2(!endpoint.has_value(), qPrintable(text + QStringLiteral(" parsed as ") + (endpoint ? endpoint->toString() : QString())));
}

void TestIpAddress::endpointPrintsBrackets()
{
    QCOMPARE((Endpoint{IpAddress::anyV6(), 0}).toString(), QStringLiteral("[::]:0"));
    QCOMPARE((Endpoint{IpAddress::anyV4(), 8080}).toString(), QStringLiteral("0.0.0.0:8080"));
    QCOMPARE((Endpoint{ip(u"2001:db8::1"), 443}).toString(), QStringLiteral("[2001:db8::1]:443"));
    // Endpoints order and compare by address then port.
    QVERIFY((Endpoint{ip(u"10.0.0.1"), 80}) == ep(u"10.0.0.1:80"));
    QVERIFY((Endpoint{ip(u"10.0.0.1"), 80}) != ep(u"10.0.0.1:81"));
    QVERIFY(ep(u"10.0.0.1:80") < ep(u"10.0.0.1:81"));
}

void TestIpAddress::roundTripAfterPrinting()
{
    // Every printed endpoint parses back to itself, across a spread of addresses and ports.
    std::uint32_t x = 0x12345678;
    for (int i = 0; i < 500; ++i) {
        x = x * 1664525U + 1013904223U;
        std::array<std::uint8_t, 16> bytes{};
        for (std::size_t b = 0; b < bytes.size(); ++b) {
            // Mostly zeros, so that runs of zero groups of every length appear.
            x = x * 1664525U + 1013904223U;
            bytes[b] = (x >> 28) < 9 ? 0 : static_cast<std::uint8_t>(x >> 8);
        }
        const Endpoint six{IpAddress::v6(bytes), static_cast<std::uint16_t>(x >> 16)};
        const Endpoint four{IpAddress::v4(x), static_cast<std::uint16_t>(x & 0xffff)};
        for (const Endpoint &e : {six, four}) {
            const auto back = Endpoint::parse(e.toString());
            QVERIFY2(back.has_value(), qPrintable(e.toString()));
            QCOMPARE(*back, e);
            QVERIFY2(!e.toString().contains(QStringLiteral(":::")), qPrintable(e.toString()));
        }
    }
}

QTEST_GUILESS_MAIN(TestIpAddress)
#include "tst_ip_address.moc"
