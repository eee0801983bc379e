// SPDX-License-Identifier: GPL-3.0-or-later
// The inspector's reading of a frame: layers, fields with explanations, and the bytes each
// field occupies, so a view can link a field to its bytes and a byte to its field.
#include "model_test_support.h"

#include "inspect/dissection.h"

using namespace portlab;

namespace {

wire::ByteView view(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size())};
}

const DissectedField *findField(const DissectedLayer &layer, QStringView name)
{
    for (const DissectedField &f : layer.fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

const DissectedField &fieldAtPath(const Dissection &d, const std::vector<std::size_t> &path)
{
    const DissectedField *f = &d.layers.at(path.at(0)).fields.at(path.at(1));
    for (std::size_t i = 2; i < path.size(); ++i)
        f = &f->children.at(path[i]);
    return *f;
}

// A client's HTTPS connection: the frame of its first data segment.
void sendHttpsData(TwoHosts &net, Envelope &out)
{
    const SocketId listener = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, listener, ep(u"10.0.0.1:443")));
    CHECK_OK(net.world.listen(net.nginx, listener, 16));
    const SocketId c = net.tcp(net.curl);
    CHECK_OK(net.world.bind(net.curl, c, ep(u"10.0.0.2:50000")));
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:443")));
    CHECK_OK(net.world.send(net.curl, c, QByteArrayLiteral("hello")));
    for (const TraceEvent &e : trace.sentOf(EnvelopeKind::TcpSegment)) {
        if (!e.envelope->payload.isEmpty())
            out = *e.envelope;
    }
    QVERIFY2(!out.frame.isEmpty(), "no data segment was sent");
}

#define HTTPS_DATA(net, e) \
    Envelope e; \
    sendHttpsData(net, e); \
    if (QTest::currentTestFailed()) \
        return

} // namespace

class TestDissection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layersOfATcpSegment();
    void portFieldExplainsItsTwoBytes();
    void byteFindsItsField();
    void flagsAreBitsOfOneByte();
    void badChecksumIsMarked();
    void icmpShowsTheQuotedHeaders();
    void damagedFramesNeverCrash();
};

void TestDissection::layersOfATcpSegment()
{
    TwoHosts net;
    HTTPS_DATA(net, e);
    const Dissection d = dissectEthernetFrame(view(e.frame));
    QVERIFY2(d.problems.empty(), qPrintable(d.problems.empty() ? QString() : d.problems.front()));
    QStringList names;
    for (const DissectedLayer &layer : d.layers)
        names << layer.name;
    QCOMPARE(names, QStringList({QStringLiteral("Ethernet II"), QStringLiteral("Internet Protocol version 4"),
                                 QStringLiteral("Transmission Control Protocol"), QStringLiteral("Application data")}));
    QCOMPARE(d.layers[0].offset, std::size_t{0});
    QCOMPARE(d.layers[0].length, std::size_t{14});
    QCOMPARE(d.layers[1].offset, std::size_t{14});
    QCOMPARE(d.layers[2].offset, std::size_t{34});
    QCOMPARE(d.layers[3].offset, std::size_t(e.payloadOffset));
    QCOMPARE(d.layers[3].length, std::size_t{5});
    QCOMPARE(findField(d.layers[1], u"Destination address")->value, QStringLiteral("10.0.0.1"));
    QCOMPARE(findField(d.layers[1], u"Protocol")->value, QStringLiteral("6 (TCP)"));
    QVERIFY(findField(d.layers[1], u"Header checksum")->value.endsWith(QStringLiteral("(correct)")));
}

void TestDissection::portFieldExplainsItsTwoBytes()
{
    TwoHosts net;
    HTTPS_DATA(net, e);
    const Dissection d = dissectEthernetFrame(view(e.frame));
    const DissectedField *destination = findField(d.layers[2], u"Destination port");
    QVERIFY(destination);
    QCOMPARE(destination->value, QStringLiteral("443 (https)"));
    QCOMPARE(destination->offset, std::size_t{34 + 2});
    QCOMPARE(destination->length, std::size_t{2});
    QCOMPARE(e.frame.mid(36, 2), QByteArray::fromHex("01bb"));
    QVERIFY2(destination->explanation.contains(QStringLiteral("0x01 0xbb")), qPrintable(destination->explanation));
    QVERIFY2(destination->explanation.contains(QStringLiteral("well-known")), qPrintable(destination->explanation));
    const DissectedField *source = findField(d.layers[2], u"Source port");
    QCOMPARE(source->value, QStringLiteral("50000"));
    QVERIFY2(source->explanation.contains(QStringLiteral("ephemeral")), qPrintable(source->explanation));
}

void TestDissection::byteFindsItsField()
{
    TwoHosts net;
    HTTPS_DATA(net, e);
    const Dissection d = dissectEthernetFrame(view(e.frame));
    QCOMPARE(fieldAtPath(d, fieldPathAt(d, 37)).name, QStringLiteral("Destination port"));
    QCOMPARE(fieldAtPath(d, fieldPathAt(d, 0)).name, QStringLiteral("Destination"));
    QCOMPARE(fieldAtPath(d, fieldPathAt(d, 14 + 16)).name, QStringLiteral("Destination address"));
    const auto inPayload = fieldPathAt(d, e.payloadOffset + 1);
    QCOMPARE(inPayload.front(), std::size_t{3});
    QCOMPARE(fieldAtPath(d, inPayload).name, QStringLiteral("Data"));
    QVERIFY(fieldPathAt(d, static_cast<std::size_t>(e.frame.size()) + 5).empty());
    // Every byte of the frame belongs to some field.
    for (std::size_t b = 0; b < static_cast<std::size_t>(e.frame.size()); ++b)
        QVERIFY2(fieldPathAt(d, b).size() >= 2, qPrintable(QStringLiteral("byte %1 has no field").arg(b)));
}

void TestDissection::flagsAreBitsOfOneByte()
{
    TwoHosts net;
    HTTPS_DATA(net, e);
    const Dissection d = dissectEthernetFrame(view(e.frame));
    const DissectedField *flags = findField(d.layers[2], u"Flags");
    QVERIFY(flags);
    QCOMPARE(flags->value, QStringLiteral("ACK, PSH"));
    int set = 0;
    for (const DissectedField &flag : flags->children) {
        QCOMPARE(flag.offset, std::size_t{34 + 13});
        QCOMPARE(flag.length, std::size_t{1});
        if (flag.value == QStringLiteral("set")) {
            ++set;
            QVERIFY((static_cast<std::uint8_t>(e.frame[34 + 13]) & flag.bitMask) != 0);
        }
    }
    QCOMPARE(set, 2);
}

void TestDissection::badChecksumIsMarked()
{
    TwoHosts net;
    HTTPS_DATA(net, e);
    e.frame[e.payloadOffset] = 'J';
    const Dissection d = dissectEthernetFrame(view(e.frame));
    QVERIFY(!d.problems.empty());
    const DissectedField *checksum = findField(d.layers[2], u"Checksum");
    QVERIFY(checksum && checksum->problem);
    QVERIFY(checksum->value.endsWith(QStringLiteral("(wrong)")));
}

void TestDissection::icmpShowsTheQuotedHeaders()
{
    TwoHosts net;
    const SocketId sender = net.udp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:53"), QByteArrayLiteral("query")));
    const auto icmp = trace.sentOf(EnvelopeKind::IcmpPortUnreachable);
    QCOMPARE(icmp.size(), std::size_t{1});
    const Dissection d = dissectEthernetFrame(view(icmp[0].envelope->frame));
    QStringList names;
    for (const DissectedLayer &layer : d.layers)
        names << layer.name;
    QCOMPARE(names, QStringList({QStringLiteral("Ethernet II"), QStringLiteral("Internet Protocol version 4"),
                                 QStringLiteral("Internet Control Message Protocol"), QStringLiteral("Quoted IPv4 header"),
                                 QStringLiteral("Quoted UDP header"), QStringLiteral("Quoted data")}));
    QCOMPARE(d.layers[2].summary, QStringLiteral("destination unreachable: port unreachable"));
    QCOMPARE(findField(d.layers[4], u"Destination port")->value, QStringLiteral("53 (domain)"));
}

void TestDissection::damagedFramesNeverCrash()
{
    TwoHosts net;
    HTTPS_DATA(net, e);
    Rng rng(7);
    for (int round = 0; round < 2000; ++round) {
        QByteArray damaged = e.frame.left(static_cast<qsizetype>(rng.next() % static_cast<std::uint64_t>(e.frame.size() + 1)));
        if (!damaged.isEmpty() && (round % 2) == 0)
            damaged[static_cast<qsizetype>(rng.next() % static_cast<std::uint64_t>(damaged.size()))] = static_cast<char>(rng.next());
        const Dissection d = dissectEthernetFrame(view(damaged));
        for (const DissectedLayer &layer : d.layers) {
            QVERIFY(layer.offset + layer.length <= static_cast<std::size_t>(damaged.size()));
            for (const DissectedField &f : layer.fields)
                QVERIFY(f.offset + f.length <= static_cast<std::size_t>(damaged.size()));
        }
    }
}

QTEST_GUILESS_MAIN(TestDissection)
#include "tst_dissection.moc"
