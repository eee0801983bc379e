// SPDX-License-Identifier: GPL-3.0-or-later
// UDP through the world's system calls: datagrams keep their boundaries, the first datagram
// binds a port, connect() fixes both ends and filters what is received, IPv6 and dual-stack
// sockets, and ICMP errors on loopback.
#include "model_test_support.h"

using namespace portlab;

class TestWorldUdp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void datagramsKeepBoundaries();
    void firstDatagramBindsAPort();
    void connectFixesBothEnds();
    void connectedSocketReceivesOnlyFromPeer();
    void sendToOnConnectedSocket();
    void reconnect();
    void receiveOnUnboundSocket();
    void ipv6AndDualStack();
    void familyMismatch_data();
    void familyMismatch();
    void loopbackErrorIsImmediate();
    void closedSocketDropsQueue();
};

void TestWorldUdp::datagramsKeepBoundaries()
{
    TwoHosts net;
    const SocketId server = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, server, ep(u"0.0.0.0:53")));
    const SocketId client = net.udp(net.curl);
    for (const auto &payload : {QByteArrayLiteral("a"), QByteArrayLiteral("bb"), QByteArrayLiteral("ccc")})
        CHECK_OK(net.world.sendTo(net.curl, client, ep(u"10.0.0.1:53"), payload));
    const Endpoint from{ip(u"10.0.0.2"), net.world.socketAt(client).local.port};
    for (const auto &payload : {QByteArrayLiteral("a"), QByteArrayLiteral("bb"), QByteArrayLiteral("ccc")}) {
        const auto m = net.world.receive(net.nginx, server);
        CHECK_OK(m);
        QCOMPARE(m.value.data, payload);
        QCOMPARE(m.value.from, from);
    }
    CHECK_ERRNO(net.world.receive(net.nginx, server), Errno::Again);
    // An empty datagram is a datagram too.
    CHECK_OK(net.world.sendTo(net.curl, client, ep(u"10.0.0.1:53"), QByteArray()));
    const auto empty = net.world.receive(net.nginx, server);
    CHECK_OK(empty);
    QVERIFY(empty.value.data.isEmpty());
    // The reply goes back to where the question came from.
    CHECK_OK(net.world.sendTo(net.nginx, server, from, QByteArrayLiteral("answer")));
    const auto answer = net.world.receive(net.curl, client);
    CHECK_OK(answer);
    QCOMPARE(answer.value.data, QByteArrayLiteral("answer"));
    QCOMPARE(answer.value.from, ep(u"10.0.0.1:53"));
}

void TestWorldUdp::firstDatagramBindsAPort()
{
    TwoHosts net;
    const SocketId s = net.udp(net.curl);
    QVERIFY(!net.world.socketAt(s).bound);
    QCOMPARE(net.world.localName(net.curl, s).value, ep(u"0.0.0.0:0"));
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:53"), QByteArrayLiteral("q")));
    const auto name = net.world.localName(net.curl, s);
    CHECK_OK(name);
    // Measured: an unconnected sendto() binds the wildcard address and an ephemeral port.
    QCOMPARE(name.value.address, IpAddress::anyV4());
    QVERIFY(name.value.port >= 32768 && name.value.port <= 60999);
    // The port stays with the socket for later datagrams.
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.3:53"), QByteArrayLiteral("q")));
    QCOMPARE(net.world.localName(net.curl, s).value, name.value);
}

void TestWorldUdp::connectFixesBothEnds()
{
    TwoHosts net;
    const SocketId s = net.udp(net.curl);
    CHECK_ERRNO(net.world.peerName(net.curl, s), Errno::NotConn);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.1:53")));
    QCOMPARE(net.world.socketAt(s).state, SocketState::Established);
    // Measured: connect() binds a port and fixes the local address to the route's source.
    const Endpoint local = net.world.localName(net.curl, s).value;
    QCOMPARE(local.address, ip(u"10.0.0.2"));
    QVERIFY(local.port >= 32768 && local.port <= 60999);
    QCOMPARE(net.world.peerName(net.curl, s).value, ep(u"10.0.0.1:53"));
    // send() needs no address now, and it arrives from the fixed local endpoint.
    const SocketId server = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, server, ep(u"10.0.0.1:53")));
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("hello")));
    const auto m = net.world.receive(net.nginx, server);
    CHECK_OK(m);
    QCOMPARE(m.value.from, local);
    CHECK_OK(net.world.shutdown(net.curl, s, ShutdownHow::Both));
}

void TestWorldUdp::connectedSocketReceivesOnlyFromPeer()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId peer = net.udp(net.nginx);
    const SocketId stranger = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, peer, ep(u"10.0.0.1:53")));
    CHECK_OK(net.world.bind(net.nginx, stranger, ep(u"10.0.0.1:54")));
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.1:53")));
    const Endpoint local = net.world.socketAt(s).local;
    CHECK_OK(net.world.sendTo(net.nginx, stranger, local, QByteArrayLiteral("not for you")));
    CHECK_OK(net.world.sendTo(net.nginx, peer, local, QByteArrayLiteral("for you")));
    // Measured: the connected socket gets only its peer's datagram; the other one finds no
    // socket and draws ICMP port unreachable.
    const auto m = net.world.receive(net.curl, s);
    CHECK_OK(m);
    QCOMPARE(m.value.data, QByteArrayLiteral("for you"));
    CHECK_ERRNO(net.world.receive(net.curl, s), Errno::Again);
    const auto rejected = trace.ofKind(TraceKind::EnvelopeRejected);
    QCOMPARE(rejected.size(), std::size_t{1});
    QCOMPARE(rejected.front().envelope->source, ep(u"10.0.0.1:54"));
    QCOMPARE(trace.sentOf(EnvelopeKind::IcmpPortUnreachable).size(), std::size_t{1});
}

void TestWorldUdp::sendToOnConnectedSocket()
{
    // Measured: sendto() with an address on a connected UDP socket is allowed and goes there.
    TwoHosts net;
    const SocketId a = net.udp(net.nginx);
    const SocketId b = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, a, ep(u"10.0.0.1:53")));
    CHECK_OK(net.world.bind(net.nginx, b, ep(u"10.0.0.1:54")));
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.1:53")));
    CHECK_OK(net.world.sendTo(net.curl, s, ep(u"10.0.0.1:54"), QByteArrayLiteral("elsewhere")));
    const auto m = net.world.receive(net.nginx, b);
    CHECK_OK(m);
    QCOMPARE(m.value.data, QByteArrayLiteral("elsewhere"));
    CHECK_ERRNO(net.world.receive(net.nginx, a), Errno::Again);
}

void TestWorldUdp::reconnect()
{
    // Measured: connect() again on a connected UDP socket is allowed and changes the peer.
    TwoHosts net;
    const SocketId b = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, b, ep(u"10.0.0.3:54")));
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.1:53")));
    const std::uint16_t port = net.world.socketAt(s).local.port;
    CHECK_OK(net.world.connect(net.curl, s, ep(u"10.0.0.3:54")));
    QCOMPARE(net.world.peerName(net.curl, s).value, ep(u"10.0.0.3:54"));
    QCOMPARE(net.world.socketAt(s).local.port, port);
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("x")));
    QCOMPARE(net.world.receive(net.nginx, b).value.from, (Endpoint{ip(u"10.0.0.2"), port}));
    // And the new peer's replies are received.
    CHECK_OK(net.world.sendTo(net.nginx, b, Endpoint{ip(u"10.0.0.2"), port}, QByteArrayLiteral("y")));
    QCOMPARE(net.world.receive(net.curl, s).value.data, QByteArrayLiteral("y"));
}

void TestWorldUdp::receiveOnUnboundSocket()
{
    TwoHosts net;
    const SocketId s = net.udp(net.curl);
    CHECK_ERRNO(net.world.receive(net.curl, s), Errno::Again);
    QVERIFY(!net.world.socketAt(s).bound);
}

void TestWorldUdp::ipv6AndDualStack()
{
    TwoHosts net;
    const SocketId six = net.udp(net.nginx, Family::IPv6);
    CHECK_OK(net.world.bind(net.nginx, six, ep(u"[::]:53")));
    const SocketId c6 = net.udp(net.curl, Family::IPv6);
    CHECK_OK(net.world.sendTo(net.curl, c6, ep(u"[2001:db8::1]:53"), QByteArrayLiteral("v6")));
    const auto m6 = net.world.receive(net.nginx, six);
    CHECK_OK(m6);
    QCOMPARE(m6.value.from, (Endpoint{ip(u"2001:db8::2"), net.world.socketAt(c6).local.port}));
    // An IPv4 datagram reaches the dual-stack socket, its sender written as ::ffff:a.b.c.d.
    const SocketId c4 = net.udp(net.curl);
    CHECK_OK(net.world.sendTo(net.curl, c4, ep(u"10.0.0.1:53"), QByteArrayLiteral("v4")));
    const auto m4 = net.world.receive(net.nginx, six);
    CHECK_OK(m4);
    QCOMPARE(m4.value.from, (Endpoint{ip(u"::ffff:10.0.0.2"), net.world.socketAt(c4).local.port}));
    // Its answer, sent to the mapped address, travels as IPv4.
    CHECK_OK(net.world.sendTo(net.nginx, six, m4.value.from, QByteArrayLiteral("back")));
    const auto back = net.world.receive(net.curl, c4);
    CHECK_OK(back);
    QCOMPARE(back.value.from, ep(u"10.0.0.1:53"));
    // With IPV6_V6ONLY it hears no IPv4.
    const SocketId only = net.udp(net.nginx, Family::IPv6);
    CHECK_OK(net.world.setsockopt(net.nginx, only, SocketOption::V6Only, 1));
    CHECK_OK(net.world.bind(net.nginx, only, ep(u"[::]:54")));
    CHECK_OK(net.world.sendTo(net.curl, c4, ep(u"10.0.0.1:54"), QByteArrayLiteral("v4")));
    CHECK_ERRNO(net.world.receive(net.nginx, only), Errno::Again);
}

void TestWorldUdp::familyMismatch_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<bool>("v6Only");
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<Errno>("expected");
    QTest::newRow("IPv4 socket to IPv6") << Family::IPv4 << false << "sendto" << "[2001:db8::1]:53" << Errno::AfNoSupport;
    QTest::newRow("IPv4 socket connect IPv6") << Family::IPv4 << false << "connect" << "[2001:db8::1]:53" << Errno::AfNoSupport;
    QTest::newRow("IPv6 socket to plain IPv4") << Family::IPv6 << false << "sendto" << "10.0.0.1:53" << Errno::Inval;
    QTest::newRow("v6only connect to mapped") << Family::IPv6 << true << "connect" << "[::ffff:10.0.0.1]:53" << Errno::NetUnreach;
    QTest::newRow("dual-stack connect to mapped") << Family::IPv6 << false << "connect" << "[::ffff:10.0.0.1]:53" << Errno::Ok;
}

void TestWorldUdp::familyMismatch()
{
    QFETCH(Family, family);
    QFETCH(bool, v6Only);
    QFETCH(QString, call);
    QFETCH(QString, destination);
    QFETCH(Errno, expected);
    TwoHosts net;
    const SocketId s = net.udp(net.curl, family);
    if (v6Only)
        CHECK_OK(net.world.setsockopt(net.curl, s, SocketOption::V6Only, 1));
    if (call == u"sendto")
        CHECK_ERRNO(net.world.sendTo(net.curl, s, ep(destination), QByteArrayLiteral("x")), expected);
    else
        CHECK_ERRNO(net.world.connect(net.curl, s, ep(destination)), expected);
}

void TestWorldUdp::loopbackErrorIsImmediate()
{
    // On loopback the kernel delivers the datagram and its ICMP error inside the sending
    // send() call, so the very next call already reports ECONNREFUSED (measured:
    // send, send, send, send -> OK, ECONNREFUSED, OK, ECONNREFUSED with no pause).
    TwoHosts net;
    const SocketId s = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, s, ep(u"127.0.0.1:9")));
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("x")));
    CHECK_ERRNO(net.world.send(net.curl, s, QByteArrayLiteral("x")), Errno::ConnRefused);
    CHECK_OK(net.world.send(net.curl, s, QByteArrayLiteral("x")));
    CHECK_ERRNO(net.world.send(net.curl, s, QByteArrayLiteral("x")), Errno::ConnRefused);
}

void TestWorldUdp::closedSocketDropsQueue()
{
    TwoHosts net;
    const SocketId server = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, server, ep(u"0.0.0.0:53")));
    CHECK_OK(net.world.sendTo(net.curl, net.udp(net.curl), ep(u"10.0.0.1:53"), QByteArrayLiteral("q")));
    net.world.settle();
    QCOMPARE(net.world.receiveQueueBytes(server), std::size_t{1});
    CHECK_OK(net.world.close(net.nginx, server));
    QCOMPARE(net.world.receiveQueueBytes(server), std::size_t{0});
    CHECK_ERRNO(net.world.receive(net.nginx, server), Errno::BadF);
    // Its port is free: a new socket may bind it at once (UDP has no TIME_WAIT).
    CHECK_OK(net.world.bind(net.nginx, net.udp(net.nginx), ep(u"0.0.0.0:53")));
}

QTEST_GUILESS_MAIN(TestWorldUdp)
#include "tst_world_udp.moc"
