// SPDX-License-Identifier: GPL-3.0-or-later
// Envelopes as real packets: each layer writes its header on the way down and reads it on the
// way up, and the receiving transport layer acts on the bytes, not on a shortcut around them.
#include "model_test_support.h"

#include "sim/encapsulation.h"
#include "wire/frame.h"

using namespace portlab;

namespace {

wire::ByteView view(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size())};
}

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

// A loopback SYN sent by Linux 6.18 on this project's reference machine (python3 connect() to
// 127.0.0.1, captured with dumpcap on lo): its TCP options, with the 8 timestamp bytes masked.
// MSS 65495, SACK permitted, timestamps (echo 0), NOP, window scale 10.
const char *const realLoopbackSynOptions = "0204ffd7" "0402" "080a" "0000000000000000" "01" "03030a";

QByteArray maskTimestamps(QByteArray options)
{
    const qsizetype at = options.indexOf(hex("080a"));
    if (at >= 0)
        options.replace(at + 2, 8, QByteArray(8, '\0'));
    return options;
}

struct Loopback {
    Loopback()
    {
        host = world.addHost(QStringLiteral("box"));
        server = world.addProcess(host, QStringLiteral("server"), QStringLiteral("root"));
        client = world.addProcess(host, QStringLiteral("client"), QStringLiteral("alice"));
    }
    World world;
    HostId host = 0;
    Pid server = 0;
    Pid client = 0;
};

} // namespace

class TestEncapsulation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackSynCarriesLinuxsOptions();
    void segmentFramesOnTheSegment();
    void eachLayerWrapsAndUnwrapsInOrder();
    void receiverReadsTheBytes();
    void damagedFrameIsDroppedWithAReason();
    void icmpQuotesTheOffendingPacket();
    void timestampsAreEchoed();
    void lastAckComesFromATimeWaitSocket();
};

void TestEncapsulation::loopbackSynCarriesLinuxsOptions()
{
    Loopback net;
    TraceRecorder trace(net.world);
    const SocketId listener = net.world.socket(net.server, Protocol::Tcp, Family::IPv4).value;
    CHECK_OK(net.world.bind(net.server, listener, ep(u"127.0.0.1:8080")));
    CHECK_OK(net.world.listen(net.server, listener, 16));
    const SocketId c = net.world.socket(net.client, Protocol::Tcp, Family::IPv4).value;
    CHECK_OK(net.world.connect(net.client, c, ep(u"127.0.0.1:8080")));

    const auto sent = trace.sentOf(EnvelopeKind::TcpSegment);
    QVERIFY(sent.size() >= 3);
    const Envelope &syn = *sent[0].envelope;
    const wire::DecodedPacket packet = wire::decodeEthernetFrame(view(syn.frame));
    QVERIFY2(packet.problems.empty(), qPrintable(packet.problems.empty() ? QString() : packet.problems.front().text));
    QVERIFY(packet.ethernet && packet.ipv4 && packet.tcp);
    // Linux's lo device writes no hardware addresses.
    QCOMPARE(packet.ethernet->source, wire::MacAddress{});
    QCOMPARE(packet.ethernet->destination, wire::MacAddress{});
    QVERIFY(packet.ipv4->dontFragment);
    QCOMPARE(packet.ipv4->timeToLive, std::uint8_t{64});
    QCOMPARE(packet.tcp->flags, wire::TcpFlags::Syn);
    QCOMPARE(packet.tcp->window, std::uint16_t{65495});
    QCOMPARE(packet.tcp->destinationPort, std::uint16_t{8080});
    const QByteArray options = syn.frame.mid(syn.transportOffset + 20, syn.payloadOffset - syn.transportOffset - 20);
    QCOMPARE(maskTimestamps(options).toHex(), QByteArray(realLoopbackSynOptions));

    // The SYN-ACK is made by the kernel for a connection not yet accepted: IP id 0 (measured).
    const Envelope &synAck = *sent[1].envelope;
    QVERIFY(synAck.has(TcpFlag::Syn) && synAck.has(TcpFlag::Ack));
    QCOMPARE(synAck.ip.identification, std::uint16_t{0});
    QCOMPARE(wire::decodeEthernetFrame(view(synAck.frame)).tcp->window, std::uint16_t{65483});
    // The client's own packets count up from its first.
    QCOMPARE(static_cast<std::uint16_t>(sent[2].envelope->ip.identification - syn.ip.identification), std::uint16_t{1});
}

void TestEncapsulation::segmentFramesOnTheSegment()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId listener = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, listener, ep(u"10.0.0.1:80")));
    CHECK_OK(net.world.listen(net.nginx, listener, 16));
    const SocketId c = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));

    const Envelope syn = *trace.sentOf(EnvelopeKind::TcpSegment).front().envelope;
    const wire::DecodedPacket packet = wire::decodeEthernetFrame(view(syn.frame));
    QVERIFY(packet.ethernet && packet.tcp);
    QCOMPARE(packet.ethernet->source, macAddressOf(net.client));
    QCOMPARE(packet.ethernet->destination, macAddressOf(net.server));
    QVERIFY(packet.ethernet->source != packet.ethernet->destination);
    QCOMPARE(packet.ethernet->etherType, wire::EtherType::Ipv4);
    QCOMPARE(*packet.sourceAddress(), ip(u"10.0.0.2"));
    QCOMPARE(*packet.destinationAddress(), ip(u"10.0.0.1"));
    QCOMPARE(packet.tcp->window, std::uint16_t{64240});
    bool mss1460 = false;
    for (const wire::TcpOption &option : packet.tcp->options)
        mss1460 = mss1460 || (option.kind == wire::TcpOptionKind::MaximumSegmentSize && wire::readBe16(option.data, 0) == 1460);
    QVERIFY2(mss1460, "an Ethernet SYN announces MSS 1460");

    // IPv6 travels with the IPv6 EtherType and a flow label that stays the same for the flow.
    trace.clear();
    const SocketId listener6 = net.tcp(net.nginx, Family::IPv6);
    CHECK_OK(net.world.bind(net.nginx, listener6, ep(u"[2001:db8::1]:443")));
    CHECK_OK(net.world.listen(net.nginx, listener6, 16));
    const SocketId c6 = net.tcp(net.curl, Family::IPv6);
    CHECK_OK(net.world.connect(net.curl, c6, ep(u"[2001:db8::1]:443")));
    const auto sent6 = trace.sentOf(EnvelopeKind::TcpSegment);
    QVERIFY(sent6.size() >= 3);
    const wire::DecodedPacket syn6 = wire::decodeEthernetFrame(view(sent6[0].envelope->frame));
    QVERIFY(syn6.ipv6 && syn6.tcp);
    QCOMPARE(syn6.ethernet->etherType, wire::EtherType::Ipv6);
    QCOMPARE(syn6.tcp->destinationPort, std::uint16_t{443});
    QCOMPARE(wire::decodeEthernetFrame(view(sent6[2].envelope->frame)).ipv6->flowLabel, syn6.ipv6->flowLabel);
}

void TestEncapsulation::eachLayerWrapsAndUnwrapsInOrder()
{
    TwoHosts net;
    const SocketId receiver = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, receiver, ep(u"10.0.0.1:53")));
    const SocketId sender = net.udp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:53"), QByteArrayLiteral("query")));

    std::vector<TraceKind> kinds;
    std::vector<StackLayer> layers;
    for (const TraceEvent &e : trace.events()) {
        if (!e.envelope)
            continue;   // the port the kernel chose for the unbound socket
        kinds.push_back(e.kind);
        if (e.kind == TraceKind::EnvelopeWrapped || e.kind == TraceKind::EnvelopeUnwrapped)
            layers.push_back(e.layer);
    }
    const std::vector<TraceKind> expectedKinds{
        TraceKind::EnvelopeWrapped, TraceKind::EnvelopeWrapped, TraceKind::EnvelopeWrapped, TraceKind::EnvelopeSent,
        TraceKind::EnvelopeUnwrapped, TraceKind::EnvelopeUnwrapped, TraceKind::EnvelopeUnwrapped, TraceKind::EnvelopeDelivered};
    QVERIFY(kinds == expectedKinds);
    const std::vector<StackLayer> expectedLayers{StackLayer::Transport, StackLayer::Network, StackLayer::Link,
                                                 StackLayer::Link, StackLayer::Network, StackLayer::Transport};
    QVERIFY(layers == expectedLayers);

    // Each layer's bytes are the layer above's with one more header in front.
    const Envelope e = *trace.ofKind(TraceKind::EnvelopeWrapped).front().envelope;
    QCOMPARE(e.bytesAt(StackLayer::Application), QByteArrayLiteral("query"));
    QCOMPARE(e.bytesAt(StackLayer::Transport).size(), 8 + 5);
    QCOMPARE(e.bytesAt(StackLayer::Network).size(), 20 + 8 + 5);
    QCOMPARE(e.bytesAt(StackLayer::Link).size(), 14 + 20 + 8 + 5);
    QVERIFY(e.bytesAt(StackLayer::Transport).endsWith(e.bytesAt(StackLayer::Application)));
    QVERIFY(e.bytesAt(StackLayer::Network).endsWith(e.bytesAt(StackLayer::Transport)));
    QVERIFY(e.bytesAt(StackLayer::Link).endsWith(e.bytesAt(StackLayer::Network)));
    // The port is in the transport header's first four bytes, big-endian: 53 is 0x00 0x35.
    QCOMPARE(e.bytesAt(StackLayer::Transport).mid(2, 2), hex("0035"));
}

void TestEncapsulation::receiverReadsTheBytes()
{
    TwoHosts net;
    const SocketId sender = net.udp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:53"), QByteArrayLiteral("query")));
    Envelope e = *trace.ofKind(TraceKind::EnvelopeSent).front().envelope;

    // Rewrite the destination port in the bytes alone (checksum recomputed, as a NAT box would):
    // what the receiver reads is the new port, whatever the envelope's fields said.
    wire::MutableBytes frame(reinterpret_cast<std::uint8_t *>(e.frame.data()), static_cast<std::size_t>(e.frame.size()));
    wire::UdpHeader udp = *wire::UdpHeader::parse(frame.subspan(e.transportOffset), ip(u"10.0.0.2"), ip(u"10.0.0.1")).header;
    udp.destinationPort = 5353;
    udp.emit(frame.subspan(e.transportOffset), ip(u"10.0.0.2"), ip(u"10.0.0.1"));
    QCOMPARE(e.destination.port, std::uint16_t{53});
    const auto problem = decapsulate(e);
    QVERIFY2(!problem, qPrintable(problem.value_or(QString())));
    QCOMPARE(e.destination, ep(u"10.0.0.1:5353"));
    QCOMPARE(e.payload, QByteArrayLiteral("query"));
}

void TestEncapsulation::damagedFrameIsDroppedWithAReason()
{
    TwoHosts net;
    const SocketId sender = net.udp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:53"), QByteArrayLiteral("query")));
    Envelope e = *trace.ofKind(TraceKind::EnvelopeSent).front().envelope;
    e.frame[e.payloadOffset] = static_cast<char>(e.frame[e.payloadOffset] ^ 0x20);
    const auto problem = decapsulate(e);
    QVERIFY(problem.has_value());
    QVERIFY2(problem->contains(QStringLiteral("checksum")), qPrintable(*problem));

    Envelope truncated = *trace.ofKind(TraceKind::EnvelopeSent).front().envelope;
    truncated.frame.truncate(20);
    QVERIFY(decapsulate(truncated).has_value());
}

void TestEncapsulation::icmpQuotesTheOffendingPacket()
{
    TwoHosts net;
    const SocketId sender = net.udp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:9"), QByteArrayLiteral("nobody listens")));
    const auto udp = trace.sentOf(EnvelopeKind::UdpDatagram);
    const auto icmp = trace.sentOf(EnvelopeKind::IcmpPortUnreachable);
    QCOMPARE(udp.size(), std::size_t{1});
    QCOMPARE(icmp.size(), std::size_t{1});
    // Linux quotes the whole offending packet while the error stays within 576 bytes.
    QCOMPARE(icmp[0].envelope->payload, udp[0].envelope->bytesAt(StackLayer::Network));
    const wire::DecodedPacket packet = wire::decodeEthernetFrame(view(icmp[0].envelope->frame));
    QVERIFY(packet.icmp && packet.ipv4);
    QCOMPARE(packet.icmp->type, wire::IcmpType::DestinationUnreachable);
    QCOMPARE(packet.icmp->code, wire::IcmpType::PortUnreachableCode);
    QVERIFY2(!packet.ipv4->dontFragment, "ICMP errors leave don't-fragment clear (measured)");
    // The receiver finds the sender's socket from the quoted ports.
    const auto delivered = trace.deliveredOf(EnvelopeKind::IcmpPortUnreachable);
    QCOMPARE(delivered.size(), std::size_t{1});
    QCOMPARE(delivered[0].envelope->quotedDestination, ep(u"10.0.0.1:9"));
    QCOMPARE(delivered[0].socket, sender);

    // A long datagram is quoted only up to the 576-byte limit.
    trace.clear();
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:9"), QByteArray(1000, 'x')));
    const auto bigIcmp = trace.sentOf(EnvelopeKind::IcmpPortUnreachable);
    QCOMPARE(bigIcmp.size(), std::size_t{1});
    QCOMPARE(bigIcmp[0].envelope->bytesAt(StackLayer::Network).size(), 576);
}

void TestEncapsulation::timestampsAreEchoed()
{
    TwoHosts net;
    const SocketId listener = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, listener, ep(u"10.0.0.1:80")));
    CHECK_OK(net.world.listen(net.nginx, listener, 16));
    const SocketId c = net.tcp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
    CHECK_OK(net.world.send(net.curl, c, QByteArrayLiteral("GET /")));
    const auto sent = trace.sentOf(EnvelopeKind::TcpSegment);
    QVERIFY(sent.size() >= 5);
    for (std::size_t i = 1; i < sent.size(); ++i) {
        const Envelope &previous = *sent[i - 1].envelope;
        const Envelope &current = *sent[i].envelope;
        QVERIFY(current.tcp.timestamps);
        if (current.fromHost != previous.fromHost)
            QCOMPARE(current.tcp.timestampEcho, previous.tcp.timestampValue);
    }
    const Envelope &data = *sent[3].envelope;
    QCOMPARE(data.tcpFlags, std::uint8_t(TcpFlag::Psh | TcpFlag::Ack));
    QCOMPARE(data.bytesAt(StackLayer::Application), QByteArrayLiteral("GET /"));
}

void TestEncapsulation::lastAckComesFromATimeWaitSocket()
{
    Loopback net;
    const SocketId listener = net.world.socket(net.server, Protocol::Tcp, Family::IPv4).value;
    CHECK_OK(net.world.bind(net.server, listener, ep(u"127.0.0.1:8080")));
    CHECK_OK(net.world.listen(net.server, listener, 16));
    const SocketId c = net.world.socket(net.client, Protocol::Tcp, Family::IPv4).value;
    CHECK_OK(net.world.connect(net.client, c, ep(u"127.0.0.1:8080")));
    const SocketId a = net.world.accept(net.server, listener).value;
    CHECK_OK(net.world.close(net.client, c));
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.close(net.server, a));
    // The client closed first; its last ACK comes from what Linux has made a timewait socket,
    // which writes IP id 0 (docs/linux-reference.md Q11, "last ACK from TIME_WAIT").
    const auto sent = trace.sentOf(EnvelopeKind::TcpSegment);
    QCOMPARE(sent.size(), std::size_t{2});
    QVERIFY(sent[0].envelope->has(TcpFlag::Fin));
    QCOMPARE(sent[1].envelope->tcpFlags, TcpFlag::Ack);
    QCOMPARE(sent[1].envelope->ip.identification, std::uint16_t{0});
}

QTEST_GUILESS_MAIN(TestEncapsulation)
#include "tst_encapsulation.moc"
