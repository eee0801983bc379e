// SPDX-License-Identifier: GPL-3.0-or-later
// Demultiplexing: which socket an arriving segment or datagram is handed to, as the trace's
// decision shows it, and what happens when no socket wants it (RST, ICMP port unreachable).
#include "model_test_support.h"

#include <map>
#include <set>

using namespace portlab;

namespace {

const TraceEvent *lastDeliveredSyn(const TraceRecorder &trace, std::vector<TraceEvent> &storage)
{
    storage = trace.deliveredSyns();
    return storage.empty() ? nullptr : &storage.back();
}

const DemuxCandidate *rowFor(const DemuxDecision &decision, SocketId id)
{
    for (const DemuxCandidate &c : decision.considered) {
        if (c.socket == id)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestDemux : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tcpEstablishedFourTuple();
    void tcpSpecificListenerBeatsWildcard_data();
    void tcpSpecificListenerBeatsWildcard();
    void tcpIpv4ListenerBeatsDualStack_data();
    void tcpIpv4ListenerBeatsDualStack();
    void tcpDualStackListenerTakesIpv4();
    void tcpReusePortGroupSpreads();
    void tcpNoListenerRst_data();
    void tcpNoListenerRst();
    void udpConnectedBeatsUnconnected_data();
    void udpConnectedBeatsUnconnected();
    void udpSpecificBeatsWildcard_data();
    void udpSpecificBeatsWildcard();
    void udpReuseAddrLastBoundWins();
    void udpReusePortGroup();
    void udpClosedPortIcmp();
    void connectedUdpSeesRefusedOnce();
    void connectedUdpErrorsDoNotAccumulate();
    void unconnectedUdpSeesNothing();
    void everyEnvelopeAccountedFor();
};

void TestDemux::tcpEstablishedFourTuple()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 16));
    const SocketId c1 = net.tcp(net.curl);
    const SocketId c2 = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, c1, ep(u"10.0.0.1:80")));
    CHECK_OK(net.world.connect(net.curl, c2, ep(u"10.0.0.1:80")));
    const auto a1 = net.world.accept(net.nginx, l);
    const auto a2 = net.world.accept(net.nginx, l);
    CHECK_OK(a1);
    CHECK_OK(a2);

    trace.clear();
    CHECK_OK(net.world.send(net.curl, c2, QByteArrayLiteral("two")));
    net.world.settle();
    // The data segment goes to the connection of this four-tuple, not to the listener that
    // holds the same port, nor to the other connection on the same server port.
    const auto delivered = trace.deliveredOf(EnvelopeKind::TcpSegment);
    QVERIFY(!delivered.empty());
    const TraceEvent &e = delivered.front();
    QCOMPARE(e.host, net.server);
    QVERIFY(e.decision.has_value());
    QCOMPARE(e.decision->chosen, a2.value);
    QCOMPARE(e.socket, a2.value);
    QCOMPARE(e.decision->reason, DemuxMatch::FourTuple);
    QCOMPARE(e.decision->protocol, Protocol::Tcp);
    QCOMPARE(e.decision->destination, ep(u"10.0.0.1:80"));
    QCOMPARE(e.decision->source, net.world.socketAt(c2).local);
    QCOMPARE(net.world.receive(net.nginx, a2.value).value.data, QByteArrayLiteral("two"));
    CHECK_ERRNO(net.world.receive(net.nginx, a1.value), Errno::Again);
}

void TestDemux::tcpSpecificListenerBeatsWildcard_data()
{
    QTest::addColumn<bool>("wildcardFirst");
    QTest::newRow("wildcard bound first") << true;
    QTest::newRow("specific bound first") << false;
}

void TestDemux::tcpSpecificListenerBeatsWildcard()
{
    QFETCH(bool, wildcardFirst);
    TwoHosts net;
    TraceRecorder trace(net.world);
    // Two listeners on one port need SO_REUSEPORT (same user); they are still two groups.
    const SocketId wild = net.tcp(net.nginx);
    const SocketId exact = net.tcp(net.nginx);
    CHECK_OK(net.setOptions(net.nginx, wild, u"RP"));
    CHECK_OK(net.setOptions(net.nginx, exact, u"RP"));
    auto bindWild = [&] {
        CHECK_OK(net.world.bind(net.nginx, wild, ep(u"0.0.0.0:80")));
        CHECK_OK(net.world.listen(net.nginx, wild, 64));
    };
    auto bindExact = [&] {
        CHECK_OK(net.world.bind(net.nginx, exact, ep(u"10.0.0.1:80")));
        CHECK_OK(net.world.listen(net.nginx, exact, 64));
    };
    if (wildcardFirst) {
        bindWild();
        bindExact();
    } else {
        bindExact();
        bindWild();
    }
    std::vector<TraceEvent> storage;
    for (int i = 0; i < 8; ++i) {
        trace.clear();
        CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")));
        const TraceEvent *syn = lastDeliveredSyn(trace, storage);
        QVERIFY(syn && syn->decision);
        QCOMPARE(syn->decision->chosen, exact);
        QCOMPARE(syn->decision->reason, DemuxMatch::ExactListener);
        const DemuxCandidate *other = rowFor(*syn->decision, wild);
        QVERIFY(other);
        QCOMPARE(other->match, DemuxMatch::Outscored);
    }
    for (int i = 0; i < 8; ++i) {
        trace.clear();
        CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.3:80")));
        const TraceEvent *syn = lastDeliveredSyn(trace, storage);
        QVERIFY(syn && syn->decision);
        QCOMPARE(syn->decision->chosen, wild);
        QCOMPARE(syn->decision->reason, DemuxMatch::WildcardListener);
        const DemuxCandidate *other = rowFor(*syn->decision, exact);
        QVERIFY(other);
        QCOMPARE(other->match, DemuxMatch::WrongAddress);
        QCOMPARE(other->score, -1);
    }
    net.world.settle();   // the last handshake's final ACK is still on the wire
    QCOMPARE(net.world.acceptQueueLength(exact), std::size_t{8});
    QCOMPARE(net.world.acceptQueueLength(wild), std::size_t{8});
}

void TestDemux::tcpIpv4ListenerBeatsDualStack_data()
{
    QTest::addColumn<bool>("dualStackFirst");
    QTest::newRow("[::] bound first") << true;
    QTest::newRow("0.0.0.0 bound first") << false;
}

void TestDemux::tcpIpv4ListenerBeatsDualStack()
{
    QFETCH(bool, dualStackFirst);
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId six = net.tcp(net.nginx, Family::IPv6);
    const SocketId four = net.tcp(net.nginx, Family::IPv4);
    CHECK_OK(net.setOptions(net.nginx, six, u"RP"));
    CHECK_OK(net.setOptions(net.nginx, four, u"RP"));
    const std::pair<SocketId, QString> order[2] = {
        {dualStackFirst ? six : four, dualStackFirst ? QStringLiteral("[::]:80") : QStringLiteral("0.0.0.0:80")},
        {dualStackFirst ? four : six, dualStackFirst ? QStringLiteral("0.0.0.0:80") : QStringLiteral("[::]:80")},
    };
    for (const auto &[id, where] : order) {
        CHECK_OK(net.world.bind(net.nginx, id, ep(where)));
        CHECK_OK(net.world.listen(net.nginx, id, 64));
    }
    std::vector<TraceEvent> storage;
    for (int i = 0; i < 8; ++i) {
        trace.clear();
        CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")));
        const TraceEvent *syn = lastDeliveredSyn(trace, storage);
        QVERIFY(syn && syn->decision);
        QCOMPARE(syn->decision->chosen, four);
        const DemuxCandidate *v4 = rowFor(*syn->decision, four);
        const DemuxCandidate *v6 = rowFor(*syn->decision, six);
        QVERIFY(v4 && v6);
        QVERIFY2(v4->score > v6->score, qPrintable(QStringLiteral("%1 vs %2").arg(v4->score).arg(v6->score)));
        QCOMPARE(v6->match, DemuxMatch::Outscored);
    }
    // An IPv6 client can only reach the IPv6 socket.
    const SocketId c6 = net.world.socket(net.curl, Protocol::Tcp, Family::IPv6).value;
    trace.clear();
    CHECK_OK(net.world.connect(net.curl, c6, ep(u"[2001:db8::1]:80")));
    const TraceEvent *syn = lastDeliveredSyn(trace, storage);
    QVERIFY(syn && syn->decision);
    QCOMPARE(syn->decision->chosen, six);
    const DemuxCandidate *v4 = rowFor(*syn->decision, four);
    QVERIFY(v4);
    QCOMPARE(v4->match, DemuxMatch::WrongFamily);
}

void TestDemux::tcpDualStackListenerTakesIpv4()
{
    TwoHosts net;
    const SocketId l = net.tcp(net.nginx, Family::IPv6);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"[::]:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 8));
    const SocketId c = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
    const auto a = net.world.accept(net.nginx, l);
    CHECK_OK(a);
    // The IPv6 socket sees its IPv4 peer as ::ffff:a.b.c.d; the client sees plain IPv4.
    QCOMPARE(net.world.socketAt(a.value).local, ep(u"[::ffff:10.0.0.1]:80"));
    QCOMPARE(net.world.socketAt(a.value).remote, (Endpoint{ip(u"10.0.0.2").toV4Mapped(), net.world.socketAt(c).local.port}));
    QCOMPARE(net.world.socketAt(c).remote, ep(u"10.0.0.1:80"));
    // With IPV6_V6ONLY the same listener refuses IPv4.
    const SocketId only = net.tcp(net.nginx, Family::IPv6);
    CHECK_OK(net.world.setsockopt(net.nginx, only, SocketOption::V6Only, 1));
    CHECK_OK(net.world.bind(net.nginx, only, ep(u"[::]:81")));
    CHECK_OK(net.world.listen(net.nginx, only, 8));
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:81")), Errno::ConnRefused);
    CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl, Family::IPv6), ep(u"[2001:db8::1]:81")));
}

void TestDemux::tcpReusePortGroupSpreads()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    std::vector<SocketId> group;
    for (int i = 0; i < 4; ++i) {
        const SocketId l = net.tcp(net.nginx);
        CHECK_OK(net.setOptions(net.nginx, l, u"RP"));
        CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:443")));
        CHECK_OK(net.world.listen(net.nginx, l, 128));
        group.push_back(l);
    }
    std::map<SocketId, int> chosen;
    std::vector<TraceEvent> storage;
    for (int i = 0; i < 40; ++i) {
        trace.clear();
        CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:443")));
        const TraceEvent *syn = lastDeliveredSyn(trace, storage);
        QVERIFY(syn && syn->decision);
        const SocketId pick = syn->decision->chosen;
        QVERIFY(std::find(group.begin(), group.end(), pick) != group.end());
        ++chosen[pick];
        QCOMPARE(syn->decision->considered.size(), group.size());
        for (const DemuxCandidate &row : syn->decision->considered) {
            if (row.socket != pick)
                QCOMPARE(row.match, DemuxMatch::NotChosenInGroup);
        }
    }
    // Connections are spread over the group: more than one member takes some.
    QVERIFY2(chosen.size() > 1, qPrintable(QStringLiteral("all 40 went to one listener")));
    net.world.settle();   // the last handshake's final ACK is still on the wire
    std::size_t queued = 0;
    for (const SocketId l : group)
        queued += net.world.acceptQueueLength(l);
    QCOMPARE(queued, std::size_t{40});
    for (const auto &[listener, count] : chosen)
        QCOMPARE(net.world.acceptQueueLength(listener), std::size_t(count));
}

void TestDemux::tcpNoListenerRst_data()
{
    QTest::addColumn<QString>("setup");
    QTest::newRow("nothing on the port") << "";
    QTest::newRow("listener on another address") << "10.0.0.3:9999";
    QTest::newRow("bound but not listening") << "bound 0.0.0.0:9999";
}

void TestDemux::tcpNoListenerRst()
{
    QFETCH(QString, setup);
    TwoHosts net;
    TraceRecorder trace(net.world);
    if (setup.startsWith(QStringLiteral("bound "))) {
        CHECK_OK(net.world.bind(net.nginx, net.tcp(net.nginx), ep(setup.mid(6))));
    } else if (!setup.isEmpty()) {
        const SocketId l = net.tcp(net.nginx);
        CHECK_OK(net.world.bind(net.nginx, l, ep(setup)));
        CHECK_OK(net.world.listen(net.nginx, l, 8));
    }
    const SocketId c = net.tcp(net.curl);
    const SimTime before = net.world.now();
    CHECK_ERRNO(net.world.connect(net.curl, c, ep(u"10.0.0.1:9999")), Errno::ConnRefused);
    // Refused at once (one round trip), not after retries.
    QVERIFY(net.world.now() - before < SimTime{std::chrono::seconds(1)});
    const auto rejected = trace.ofKind(TraceKind::EnvelopeRejected);
    QCOMPARE(rejected.size(), std::size_t{1});
    QCOMPARE(rejected.front().host, net.server);
    QVERIFY(rejected.front().decision.has_value());
    QCOMPARE(rejected.front().decision->chosen, NoSocket);
    QVERIFY(rejected.front().envelope && rejected.front().envelope->has(TcpFlag::Syn));
    QVERIFY(!rejected.front().note.isEmpty());
    // The server's kernel answers with RST, acknowledging the SYN.
    bool rstSent = false;
    for (const TraceEvent &e : trace.sentOf(EnvelopeKind::TcpSegment)) {
        if (e.host == net.server && e.envelope->has(TcpFlag::Rst)) {
            rstSent = true;
            QCOMPARE(e.envelope->destination, rejected.front().envelope->source);
            QCOMPARE(e.envelope->acknowledgement, rejected.front().envelope->sequence + 1);
        }
    }
    QVERIFY(rstSent);
    // The socket is usable again: getpeername has nothing, and a new connect may be tried.
    CHECK_ERRNO(net.world.peerName(net.curl, c), Errno::NotConn);
    CHECK_ERRNO(net.world.connect(net.curl, c, ep(u"10.0.0.1:9999")), Errno::ConnRefused);
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"10.0.0.1:9998")));
    CHECK_OK(net.world.listen(net.nginx, l, 8));
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:9998")));
}

void TestDemux::udpConnectedBeatsUnconnected_data()
{
    QTest::addColumn<bool>("connectedFirst");
    QTest::addColumn<QString>("unconnectedAddress");
    QTest::newRow("connected bound first, other on wildcard") << true << "0.0.0.0:5353";
    QTest::newRow("unconnected bound first, on wildcard") << false << "0.0.0.0:5353";
    QTest::newRow("connected bound first, other on exact address") << true << "10.0.0.1:5353";
    QTest::newRow("unconnected bound first, on exact address") << false << "10.0.0.1:5353";
}

void TestDemux::udpConnectedBeatsUnconnected()
{
    QFETCH(bool, connectedFirst);
    QFETCH(QString, unconnectedAddress);
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId connected = net.udp(net.nginx);
    const SocketId open = net.udp(net.nginx);
    CHECK_OK(net.setOptions(net.nginx, connected, u"RA"));
    CHECK_OK(net.setOptions(net.nginx, open, u"RA"));
    QVERIFY(net.bindInOrder(net.nginx, connected, ep(u"0.0.0.0:5353"), open, ep(unconnectedAddress), connectedFirst));
    CHECK_OK(net.world.connect(net.nginx, connected, ep(u"10.0.0.2:7000")));
    // connect() fixed the local address too.
    QCOMPARE(net.world.socketAt(connected).local, ep(u"10.0.0.1:5353"));

    const SocketId peer = net.udp(net.curl);
    CHECK_OK(net.world.bind(net.curl, peer, ep(u"10.0.0.2:7000")));
    const SocketId stranger = net.udp(net.curl);
    CHECK_OK(net.world.bind(net.curl, stranger, ep(u"10.0.0.2:7001")));
    for (int i = 0; i < 5; ++i) {
        CHECK_OK(net.world.sendTo(net.curl, peer, ep(u"10.0.0.1:5353"), QByteArrayLiteral("from peer")));
        CHECK_OK(net.world.sendTo(net.curl, stranger, ep(u"10.0.0.1:5353"), QByteArrayLiteral("from stranger")));
    }
    net.world.settle();
    int toConnected = 0;
    int toOpen = 0;
    for (const TraceEvent &e : trace.deliveredOf(EnvelopeKind::UdpDatagram)) {
        QVERIFY(e.decision);
        if (e.envelope->source.port == 7000) {
            QCOMPARE(e.decision->chosen, connected);
            QCOMPARE(e.decision->reason, DemuxMatch::Connected);
            ++toConnected;
        } else {
            QCOMPARE(e.decision->chosen, open);
            const DemuxCandidate *row = rowFor(*e.decision, connected);
            QVERIFY(row);
            QCOMPARE(row->match, DemuxMatch::WrongPeer);
            ++toOpen;
        }
    }
    QCOMPARE(toConnected, 5);
    QCOMPARE(toOpen, 5);
    const auto m = net.world.receive(net.nginx, connected);
    CHECK_OK(m);
    QCOMPARE(m.value.data, QByteArrayLiteral("from peer"));
    QCOMPARE(m.value.from, ep(u"10.0.0.2:7000"));
    const auto n = net.world.receive(net.nginx, open);
    CHECK_OK(n);
    QCOMPARE(n.value.data, QByteArrayLiteral("from stranger"));
}

void TestDemux::udpSpecificBeatsWildcard_data()
{
    QTest::addColumn<bool>("wildcardFirst");
    QTest::addColumn<QString>("options");
    QTest::newRow("RA, wildcard first") << true << "RA";
    QTest::newRow("RA, specific first") << false << "RA";
    QTest::newRow("RP, wildcard first") << true << "RP";
    QTest::newRow("RP, specific first") << false << "RP";
}

void TestDemux::udpSpecificBeatsWildcard()
{
    QFETCH(bool, wildcardFirst);
    QFETCH(QString, options);
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId wild = net.udp(net.nginx);
    const SocketId exact = net.udp(net.nginx);
    CHECK_OK(net.setOptions(net.nginx, wild, options));
    CHECK_OK(net.setOptions(net.nginx, exact, options));
    QVERIFY(net.bindInOrder(net.nginx, wild, ep(u"0.0.0.0:53"), exact, ep(u"10.0.0.1:53"), wildcardFirst));
    // Twenty fresh senders: every datagram to 10.0.0.1 goes to the exact socket, every one
    // to 10.0.0.3 to the wildcard.
    for (int i = 0; i < 20; ++i) {
        const SocketId s = net.udp(net.curl);
        CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:53"), QByteArrayLiteral("q1")));
        CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.3:53"), QByteArrayLiteral("q3")));
    }
    net.world.settle();
    const auto delivered = trace.deliveredOf(EnvelopeKind::UdpDatagram);
    QCOMPARE(delivered.size(), std::size_t{40});
    for (const TraceEvent &e : delivered) {
        if (e.envelope->destination.address == ip(u"10.0.0.1")) {
            QCOMPARE(e.decision->chosen, exact);
            QCOMPARE(e.decision->reason, DemuxMatch::ExactAddress);
        } else {
            QCOMPARE(e.decision->chosen, wild);
            QCOMPARE(e.decision->reason, DemuxMatch::WildcardAddress);
        }
    }
}

void TestDemux::udpReuseAddrLastBoundWins()
{
    // Several unconnected sockets with SO_REUSEADDR on one address: Linux hands every datagram
    // to the one bound last (measured: 0 / 0 / 20).
    TwoHosts net;
    std::vector<SocketId> sockets;
    for (int i = 0; i < 3; ++i) {
        const SocketId s = net.udp(net.nginx);
        CHECK_OK(net.setOptions(net.nginx, s, u"RA"));
        CHECK_OK(net.world.bind(net.nginx, s, ep(u"10.0.0.1:5000")));
        sockets.push_back(s);
    }
    for (int i = 0; i < 20; ++i)
        CHECK_OK(net.world.sendTo(net.curl, net.udp(net.curl), ep(u"10.0.0.1:5000"), QByteArray::number(i)));
    net.world.settle();
    QCOMPARE(net.world.receiveQueueBytes(sockets[0]), std::size_t{0});
    QCOMPARE(net.world.receiveQueueBytes(sockets[1]), std::size_t{0});
    QCOMPARE(net.world.receiveQueueBytes(sockets[2]), std::size_t{30});   // "0".."19"
}

void TestDemux::udpReusePortGroup()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    std::vector<SocketId> group;
    for (int i = 0; i < 3; ++i) {
        const SocketId s = net.udp(net.nginx);
        CHECK_OK(net.setOptions(net.nginx, s, u"RP"));
        CHECK_OK(net.world.bind(net.nginx, s, ep(u"10.0.0.1:5000")));
        group.push_back(s);
    }
    // Fresh senders spread over the group...
    std::set<SocketId> chosen;
    for (int i = 0; i < 30; ++i)
        CHECK_OK(net.world.sendTo(net.curl, net.udp(net.curl), ep(u"10.0.0.1:5000"), QByteArrayLiteral("x")));
    net.world.settle();
    for (const TraceEvent &e : trace.deliveredOf(EnvelopeKind::UdpDatagram))
        chosen.insert(e.decision->chosen);
    QVERIFY2(chosen.size() > 1, "30 senders all hashed to one socket");
    // ...while one sender (one four-tuple) always reaches the same member.
    trace.clear();
    const SocketId one = net.udp(net.curl);
    for (int i = 0; i < 20; ++i)
        CHECK_OK(net.world.sendTo(net.curl, one, ep(u"10.0.0.1:5000"), QByteArrayLiteral("y")));
    net.world.settle();
    std::set<SocketId> same;
    for (const TraceEvent &e : trace.deliveredOf(EnvelopeKind::UdpDatagram))
        same.insert(e.decision->chosen);
    QCOMPARE(same.size(), std::size_t{1});
    QCOMPARE(trace.deliveredOf(EnvelopeKind::UdpDatagram).size(), std::size_t{20});
}

void TestDemux::udpClosedPortIcmp()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:9999"), QByteArrayLiteral("anyone there?")));
    net.world.settle();
    const auto rejected = trace.ofKind(TraceKind::EnvelopeRejected);
    QCOMPARE(rejected.size(), std::size_t{1});
    QCOMPARE(rejected.front().host, net.server);
    QCOMPARE(rejected.front().envelope->kind, EnvelopeKind::UdpDatagram);
    QVERIFY(rejected.front().decision);
    QCOMPARE(rejected.front().decision->chosen, NoSocket);
    const auto icmp = trace.sentOf(EnvelopeKind::IcmpPortUnreachable);
    QCOMPARE(icmp.size(), std::size_t{1});
    QCOMPARE(icmp.front().host, net.server);
    const Envelope &e = *icmp.front().envelope;
    QCOMPARE(e.destination.address, ip(u"10.0.0.2"));
    QCOMPARE(e.quotedProtocol, Protocol::Udp);
    QCOMPARE(e.quotedDestination, ep(u"10.0.0.1:9999"));
    QCOMPARE(e.quotedSource, (Endpoint{ip(u"10.0.0.2"), net.world.socketAt(s).local.port}));
    // TCP on that port is a different port: it gets RST, not ICMP.
    trace.clear();
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:9999")), Errno::ConnRefused);
    QCOMPARE(trace.sentOf(EnvelopeKind::IcmpPortUnreachable).size(), std::size_t{0});
}

void TestDemux::connectedUdpSeesRefusedOnce()
{
    TwoHosts net;
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.1:9999")));
    // The send itself succeeds: the datagram left.
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("ping")));
    net.world.settle();
    // The ICMP error comes back and is reported by the next call, once.
    CHECK_ERRNO(net.world.send(net.curl, s, QByteArrayLiteral("ping")), Errno::ConnRefused);
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("ping")));
    // The same through receive(): ECONNREFUSED, then simply nothing to read.
    CHECK_ERRNO(net.world.receive(net.curl, s), Errno::ConnRefused);
    CHECK_ERRNO(net.world.receive(net.curl, s), Errno::Again);
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("ping")));
    net.world.settle();
    CHECK_ERRNO(net.world.receive(net.curl, s), Errno::ConnRefused);
}

void TestDemux::connectedUdpErrorsDoNotAccumulate()
{
    TwoHosts net;
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.1:9999")));
    // A send returns once its datagram and the ICMP it drew have arrived, so each error is
    // reported by the very next call and never piles up: OK, ECONNREFUSED, OK, ECONNREFUSED,
    // the sequence the kernel gives on loopback.
    for (int i = 0; i < 3; ++i) {
        CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("x")));
        CHECK_ERRNO(net.world.send(net.curl, s, QByteArrayLiteral("x")), Errno::ConnRefused);
    }
}

void TestDemux::unconnectedUdpSeesNothing()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.bind(net.curl, s, ep(u"10.0.0.2:0")));
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:9999"), QByteArrayLiteral("x")));
    net.world.settle();
    // The ICMP message arrives at the client, but an unconnected socket is not told.
    QCOMPARE(trace.deliveredOf(EnvelopeKind::IcmpPortUnreachable).size(), std::size_t{1});
    QCOMPARE(trace.ofKind(TraceKind::ErrorQueued).size(), std::size_t{0});
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:9999"), QByteArrayLiteral("x")));
    CHECK_ERRNO(net.world.receive(net.curl, s), Errno::Again);
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:9999"), QByteArrayLiteral("x")));
}

void TestDemux::everyEnvelopeAccountedFor()
{
    // Nothing vanishes: every envelope sent is delivered, rejected or dropped.
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 1));
    const SocketId c = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
    CHECK_OK(net.world.send(net.curl, c, QByteArrayLiteral("GET /")));
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:81")), Errno::ConnRefused);
    CHECK_OK(net.world.sendTo(net.curl, net.udp(net.curl), ep(u"10.0.0.1:53"), QByteArrayLiteral("q")));
    CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")));
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")), Errno::TimedOut);
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.77:80")), Errno::HostUnreach);
    CHECK_OK(net.world.close(net.curl, c));
    net.world.advance(std::chrono::seconds(200));
    std::set<std::uint64_t> sent;
    std::set<std::uint64_t> ended;
    for (const TraceEvent &e : trace.events()) {
        if (!e.envelope)
            continue;
        if (e.kind == TraceKind::EnvelopeSent)
            sent.insert(e.envelope->id);
        else if (e.kind == TraceKind::EnvelopeDelivered || e.kind == TraceKind::EnvelopeRejected || e.kind == TraceKind::EnvelopeDropped)
            ended.insert(e.envelope->id);
    }
    QVERIFY(sent.size() > 20);
    for (const std::uint64_t id : sent)
        QVERIFY2(ended.count(id) == 1, qPrintable(QStringLiteral("envelope %1 has no fate").arg(id)));
    // Dropped envelopes say why.
    for (const TraceEvent &e : trace.ofKind(TraceKind::EnvelopeDropped))
        QVERIFY(!e.note.isEmpty());
    QVERIFY(!trace.ofKind(TraceKind::EnvelopeDropped).empty());
}

QTEST_GUILESS_MAIN(TestDemux)
#include "tst_demux.moc"
