// SPDX-License-Identifier: GPL-3.0-or-later
// The inspector's item models, as the views bind them: a tree of fields and a list of bytes,
// linked both ways.
#include "packet_inspector.h"
#include "sim/world.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace portlab;

namespace {

// The frame of a UDP datagram from 10.0.0.2 to 10.0.0.1:53 carrying "query".
QByteArray dnsQueryFrame()
{
    World world;
    const HostId server = world.addHost(QStringLiteral("server"));
    const HostId client = world.addHost(QStringLiteral("client"));
    world.addAddress(server, *IpAddress::parse(u"10.0.0.1"));
    world.addAddress(client, *IpAddress::parse(u"10.0.0.2"));
    const Pid dig = world.addProcess(client, QStringLiteral("dig"), QStringLiteral("alice"));
    const SocketId s = world.socket(dig, Protocol::Udp, Family::IPv4).value;
    QByteArray frame;
    world.setTraceSink([&frame](const TraceEvent &e) {
        if (e.kind == TraceKind::EnvelopeSent && frame.isEmpty())
            frame = e.envelope->frame;
    });
    world.sendTo(dig, s, *Endpoint::parse(u"10.0.0.1:53"), QByteArrayLiteral("query"));
    world.setTraceSink({});
    return frame;
}

} // namespace

class TestPacketInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelsAreWellFormed();
    void fieldHighlightsItsBytes();
    void byteSelectsItsField();
    void hoveringAByteNamesItsFieldWithoutChoosingIt();
    void problemsAreListed();
};

void TestPacketInspector::modelsAreWellFormed()
{
    PacketInspector inspector;
    QAbstractItemModelTester fieldsTester(inspector.fields(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester bytesTester(inspector.bytes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    inspector.showFrame(dnsQueryFrame());
    QCOMPARE(inspector.bytes()->rowCount(), 14 + 20 + 8 + 5);
    // Ethernet, IPv4, UDP, data.
    QCOMPARE(inspector.fields()->rowCount(), 4);
    const QModelIndex udp = inspector.fields()->index(2, 0);
    QCOMPARE(udp.data(PacketFieldsModel::NameRole).toString(), QStringLiteral("User Datagram Protocol"));
    QVERIFY(udp.data(PacketFieldsModel::IsLayerRole).toBool());
    QCOMPARE(inspector.fields()->rowCount(udp), 4);
    const QModelIndex destinationPort = inspector.fields()->index(1, 0, udp);
    QCOMPARE(destinationPort.parent(), udp);
    QCOMPARE(destinationPort.data(PacketFieldsModel::ValueRole).toString(), QStringLiteral("53 (domain)"));
    QVERIFY(!destinationPort.data(PacketFieldsModel::ExplanationRole).toString().isEmpty());
    // Flags of the IPv4 header have children of their own.
    const QModelIndex ipv4 = inspector.fields()->index(1, 0);
    bool nested = false;
    for (int row = 0; row < inspector.fields()->rowCount(ipv4); ++row)
        nested = nested || inspector.fields()->rowCount(inspector.fields()->index(row, 0, ipv4)) > 0;
    QVERIFY(nested);
    // Showing another packet resets both models cleanly (the testers watch).
    inspector.showFrame(dnsQueryFrame().left(30));
    QVERIFY(inspector.fields()->rowCount() >= 1);
}

void TestPacketInspector::fieldHighlightsItsBytes()
{
    PacketInspector inspector;
    inspector.showFrame(dnsQueryFrame());
    QSignalSpy changed(inspector.bytes(), &QAbstractItemModel::dataChanged);
    const QModelIndex udp = inspector.fields()->index(2, 0);
    const QModelIndex destinationPort = inspector.fields()->index(1, 0, udp);
    inspector.selectField(destinationPort);
    QCOMPARE(inspector.highlightStart(), 14 + 20 + 2);
    QCOMPARE(inspector.highlightLength(), 2);
    QVERIFY(!changed.isEmpty());
    const auto highlighted = [&](int row) { return inspector.bytes()->index(row).data(PacketBytesModel::HighlightedRole).toBool(); };
    QVERIFY(!highlighted(35));
    QVERIFY(highlighted(36));
    QVERIFY(highlighted(37));
    QVERIFY(!highlighted(38));
    QCOMPARE(inspector.bytes()->index(36).data(PacketBytesModel::HexRole).toString(), QStringLiteral("00"));
    QCOMPARE(inspector.bytes()->index(37).data(PacketBytesModel::HexRole).toString(), QStringLiteral("35"));
    QCOMPARE(inspector.bytes()->index(37).data(PacketBytesModel::LayerRole).toInt(), 2);
    QCOMPARE(inspector.bytes()->index(42).data(PacketBytesModel::CharacterRole).toString(), QStringLiteral("q"));
}

void TestPacketInspector::byteSelectsItsField()
{
    PacketInspector inspector;
    inspector.showFrame(dnsQueryFrame());
    const QModelIndex field = inspector.selectByte(14 + 12);   // inside the IPv4 source address
    QVERIFY(field.isValid());
    QCOMPARE(field.data(PacketFieldsModel::NameRole).toString(), QStringLiteral("Source address"));
    QCOMPARE(field.data(PacketFieldsModel::ValueRole).toString(), QStringLiteral("10.0.0.2"));
    QCOMPARE(inspector.highlightStart(), 26);
    QCOMPARE(inspector.highlightLength(), 4);
    QVERIFY(!inspector.selectByte(1000).isValid());
    QCOMPARE(inspector.highlightLength(), 0);
}

void TestPacketInspector::hoveringAByteNamesItsFieldWithoutChoosingIt()
{
    PacketInspector inspector;
    inspector.showFrame(dnsQueryFrame());
    inspector.selectByte(0);
    // 14 + 20 + 2: the UDP destination port's first byte, 0x00 of 53
    QCOMPARE(inspector.describeByte(36), QStringLiteral("byte 36 (0x00): Destination port: 53 (domain)"));
    QCOMPARE(inspector.highlightStart(), 0);   // the chosen field stays chosen
    QVERIFY(inspector.describeByte(1000).isEmpty());
}

void TestPacketInspector::problemsAreListed()
{
    PacketInspector inspector;
    QByteArray frame = dnsQueryFrame();
    frame[frame.size() - 1] = 'X';
    inspector.showFrame(frame);
    QVERIFY(!inspector.problems().isEmpty());
    QVERIFY(inspector.problems().contains(QStringLiteral("checksum")));
}

QTEST_GUILESS_MAIN(TestPacketInspector)
#include "tst_packet_inspector.moc"
