// SPDX-License-Identifier: GPL-3.0-or-later
// TCP through the world's system calls: the handshake and its states, the accept queue and
// its backlog, data both ways as a stream, closing with FIN or RST, TIME_WAIT, timeouts, and
// the errno of every call made at the wrong moment. Expectations follow Linux.
#include "model_test_support.h"

#include <set>

using namespace portlab;

namespace {

struct Connected {
    SocketId listener = NoSocket;
    SocketId client = NoSocket;
    SocketId accepted = NoSocket;
};

// nginx listens on 0.0.0.0:80 (backlog 16); curl connects to 10.0.0.1:80; nginx accepts.
bool connectPair(TwoHosts &net, Connected *out, SocketId listener = NoSocket)
{
    World &w = net.world;
    if (listener == NoSocket) {
        listener = net.tcp(net.nginx);
        if (!w.bind(net.nginx, listener, ep(u"0.0.0.0:80")).ok() || !w.listen(net.nginx, listener, 16).ok())
            return false;
    }
    out->listener = listener;
    out->client = net.tcp(net.curl);
    if (!w.connect(net.curl, out->client, ep(u"10.0.0.1:80")).ok())
        return false;
    const auto a = w.accept(net.nginx, listener);
    out->accepted = a.value;
    return a.ok();
}

} // namespace

class TestWorldTcp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handshake();
    void acceptedConnectionKeepsServerPort();
    void acceptQueueBacklog_data();
    void acceptQueueBacklog();
    void synRetriesFollowTheHostSettings_data();
    void synRetriesFollowTheHostSettings();
    void acceptOnEmptyQueue();
    void dataBothWays();
    void streamHasNoMessageBoundaries();
    void closeWithUnreadDataResets_data();
    void closeWithUnreadDataResets();
    void afterResetTheStreamIsOver();
    void resetInCloseWaitIsBrokenPipe();
    void closingListenerResetsQueuedConnections();
    void killClosesEveryDescriptorHighestFirst();
    void killedProcessIsGone();
    void finSequence();
    void peerCloseGivesEndOfStream();
    void timeWaitLasts_data();
    void timeWaitLasts();
    void callsAtTheWrongMoment_data();
    void callsAtTheWrongMoment();
    void connectTwice();
    void shutdownOfListener();
    void connectToNobodyIsHostUnreachable();
    void refusedConnectKeepsOnlyABoundPort();
    void explicitPortAndFourTupleReuse();
    void socketNames();
    void loopbackConnection();
};

void TestWorldTcp::handshake()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    QCOMPARE(net.world.socketAt(l).state, SocketState::Closed);
    CHECK_OK(net.world.listen(net.nginx, l, 16));
    QCOMPARE(net.world.socketAt(l).state, SocketState::Listen);
    const SocketId c = net.tcp(net.curl);
    const SimTime before = net.world.now();
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
    // A blocking connect() lets virtual time pass for SYN and SYN-ACK: one round trip.
    QVERIFY(net.world.now() > before);
    QVERIFY(net.world.now() - before < SimTime{std::chrono::seconds(1)});
    QCOMPARE(net.world.socketAt(c).state, SocketState::Established);
    QCOMPARE(trace.statesOf(c), (std::vector<SocketState>{SocketState::Closed, SocketState::SynSent, SocketState::Established}));
    // SYN, SYN-ACK, ACK.
    const auto sent = trace.sentOf(EnvelopeKind::TcpSegment);
    QCOMPARE(sent.size(), std::size_t{3});
    QCOMPARE(sent[0].envelope->tcpFlags, TcpFlag::Syn);
    QCOMPARE(sent[1].envelope->tcpFlags, std::uint8_t(TcpFlag::Syn | TcpFlag::Ack));
    QCOMPARE(sent[2].envelope->tcpFlags, TcpFlag::Ack);
    QCOMPARE(sent[1].envelope->acknowledgement, sent[0].envelope->sequence + 1);
    QCOMPARE(sent[2].envelope->acknowledgement, sent[1].envelope->sequence + 1);
    // The completed connection waits in the accept queue until accept() takes it.
    net.world.settle();
    QCOMPARE(net.world.acceptQueueLength(l), std::size_t{1});
    QCOMPARE(trace.ofKind(TraceKind::ConnectionQueued).size(), std::size_t{1});
    const auto a = net.world.accept(net.nginx, l);
    CHECK_OK(a);
    QVERIFY(a.value != l);
    QCOMPARE(net.world.acceptQueueLength(l), std::size_t{0});
    QCOMPARE(net.world.socketAt(a.value).state, SocketState::Established);
    QCOMPARE(net.world.socketAt(a.value).owner, net.nginx);
    QCOMPARE(trace.statesOf(a.value), (std::vector<SocketState>{SocketState::SynReceived, SocketState::Established}));
    QCOMPARE(net.world.socketAt(l).state, SocketState::Listen);
    // Each end names the other.
    QCOMPARE(net.world.peerName(net.curl, c).value, ep(u"10.0.0.1:80"));
    QCOMPARE(net.world.peerName(net.nginx, a.value).value, net.world.localName(net.curl, c).value);
    QCOMPARE(net.world.localName(net.curl, c).value.address, ip(u"10.0.0.2"));
    // A new descriptor for the new socket.
    QVERIFY(net.world.socketAt(a.value).fd > net.world.socketAt(l).fd);
}

void TestWorldTcp::acceptedConnectionKeepsServerPort()
{
    // The misconception: "the server moves each client to a new port". It does not: every
    // accepted socket has the listener's port; the four-tuples differ by the client's side.
    TwoHosts net;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 16));
    std::set<std::uint16_t> clientPorts;
    std::set<Endpoint> peers;
    for (int i = 0; i < 6; ++i) {
        const SocketId c = net.tcp(net.curl);
        CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
        const auto a = net.world.accept(net.nginx, l);
        CHECK_OK(a);
        const Socket &child = net.world.socketAt(a.value);
        QCOMPARE(child.local.port, std::uint16_t{80});
        QCOMPARE(child.local, ep(u"10.0.0.1:80"));   // the address the client asked for, not 0.0.0.0
        QCOMPARE(net.world.localName(net.nginx, a.value).value, ep(u"10.0.0.1:80"));
        QCOMPARE(child.remote, net.world.socketAt(c).local);
        QVERIFY(a.result.explanation.contains(QStringLiteral("80")));
        clientPorts.insert(net.world.socketAt(c).local.port);
        peers.insert(child.remote);
    }
    QCOMPARE(clientPorts.size(), std::size_t{6});
    QCOMPARE(peers.size(), std::size_t{6});
    QVERIFY(*clientPorts.begin() >= 32768);
}

void TestWorldTcp::acceptQueueBacklog_data()
{
    QTest::addColumn<int>("backlog");
    QTest::newRow("backlog 0") << 0;
    QTest::newRow("backlog 1") << 1;
    QTest::newRow("backlog 3") << 3;
    QTest::newRow("backlog 8") << 8;
}

void TestWorldTcp::acceptQueueBacklog()
{
    QFETCH(int, backlog);
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, l, backlog));
    // Linux queues backlog + 1 completed connections.
    for (int i = 0; i < backlog + 1; ++i) {
        const SocketId c = net.tcp(net.curl);
        CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
    }
    net.world.settle();
    QCOMPARE(net.world.acceptQueueLength(l), std::size_t(backlog + 1));
    // The next SYN is dropped, again and again, 11 times over 131 s; then ETIMEDOUT.
    trace.clear();
    const SocketId late = net.tcp(net.curl);
    const SimTime before = net.world.now();
    CHECK_ERRNO(net.world.connect(net.curl, late, ep(u"10.0.0.1:80")), Errno::TimedOut);
    QCOMPARE(net.world.now() - before, SimTime{std::chrono::seconds(131)});
    QCOMPARE(net.world.socketAt(late).state, SocketState::Closed);
    QCOMPARE(trace.ofKind(TraceKind::EnvelopeDropped).size(), std::size_t{11});
    // Taking one connection out makes room for one more.
    CHECK_OK(net.world.accept(net.nginx, l));
    const SocketId next = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, next, ep(u"10.0.0.1:80")));
    net.world.settle();
    QCOMPARE(net.world.acceptQueueLength(l), std::size_t(backlog + 1));
}

void TestWorldTcp::synRetriesFollowTheHostSettings_data()
{
    QTest::addColumn<int>("retries");
    QTest::addColumn<int>("linear");
    QTest::addColumn<QList<int>>("synSeconds");
    QTest::addColumn<int>("timedOutAfter");
    // Measured on Linux 6.18 (docs/linux-reference.md): a SYN dropped by the peer's firewall,
    // the sender's SYNs timed with tshark, connect()'s ETIMEDOUT with Python. The kernel's
    // timers run a little late, more with each wait: 131 s came after 135.2 s of real time.
    QTest::newRow("defaults (6, 4)") << 6 << 4 << QList<int>{0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67} << 131;
    QTest::newRow("no linear retries (6, 0), as before Linux 6.5") << 6 << 0 << QList<int>{0, 1, 3, 7, 15, 31, 63} << 127;
    QTest::newRow("1 retry, none linear") << 1 << 0 << QList<int>{0, 1} << 3;
    QTest::newRow("1 retry, 4 linear: the time allowed decides") << 1 << 4 << QList<int>{0, 1, 2} << 3;
    QTest::newRow("2 retries, 4 linear") << 2 << 4 << QList<int>{0, 1, 2, 3, 4, 5} << 7;
    QTest::newRow("2 retries, 1 linear") << 2 << 1 << QList<int>{0, 1, 2, 4} << 8;
    QTest::newRow("3 retries, none linear") << 3 << 0 << QList<int>{0, 1, 3, 7} << 15;
    QTest::newRow("5 retries, 2 linear") << 5 << 2 << QList<int>{0, 1, 2, 3, 5, 9, 17, 33} << 65;
}

void TestWorldTcp::synRetriesFollowTheHostSettings()
{
    QFETCH(int, retries);
    QFETCH(int, linear);
    QFETCH(QList<int>, synSeconds);
    QFETCH(int, timedOutAfter);
    TwoHosts net;
    HostSettings &settings = net.world.host(net.client).settings();
    settings.tcpSynRetries = retries;
    settings.tcpSynLinearTimeouts = linear;
    // A full accept queue (backlog 0 holds one connection) drops every further SYN.
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 0));
    CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")));
    TraceRecorder trace(net.world);
    const SimTime before = net.world.now();
    const SysResult result = net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80"));
    CHECK_ERRNO(result, Errno::TimedOut);
    QCOMPARE(net.world.now() - before, SimTime{std::chrono::seconds(timedOutAfter)});
    QList<int> dropped;
    for (const TraceEvent &e : trace.ofKind(TraceKind::EnvelopeDropped))
        dropped.append(static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(e.time - before).count()));
    QCOMPARE(dropped, synSeconds);
    QVERIFY2(result.explanation.contains(QStringLiteral("%1 SYNs sent over %2 s").arg(synSeconds.size()).arg(timedOutAfter)),
             qPrintable(result.explanation));
}

void TestWorldTcp::acceptOnEmptyQueue()
{
    TwoHosts net;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.listen(net.nginx, l, 4));
    CHECK_ERRNO(net.world.accept(net.nginx, l), Errno::Again);
    QCOMPARE(net.world.accept(net.nginx, l).value, NoSocket);
}

void TestWorldTcp::dataBothWays()
{
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    const QByteArray request = QByteArrayLiteral("GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    CHECK_OK(net.world.send(net.curl, p.client, request));
    const auto got = net.world.receive(net.nginx, p.accepted);
    CHECK_OK(got);
    QCOMPARE(got.value.data, request);
    QCOMPARE(got.value.from, net.world.socketAt(p.client).local);
    const QByteArray response = QByteArrayLiteral("HTTP/1.1 200 OK\r\n\r\nhello");
    CHECK_OK(net.world.send(net.nginx, p.accepted, response));
    const auto back = net.world.receive(net.curl, p.client);
    CHECK_OK(back);
    QCOMPARE(back.value.data, response);
    QCOMPARE(back.value.from, ep(u"10.0.0.1:80"));
    // Nothing more to read.
    CHECK_ERRNO(net.world.receive(net.curl, p.client), Errno::Again);
    // Sequence numbers count the bytes: the server expects exactly what the client sends next.
    QCOMPARE(net.world.socketAt(p.accepted).receiveNext, net.world.socketAt(p.client).sendNext);
    QCOMPARE(net.world.socketAt(p.client).receiveNext, net.world.socketAt(p.accepted).sendNext);
}

void TestWorldTcp::streamHasNoMessageBoundaries()
{
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("abc")));
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("def")));
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("ghi")));
    net.world.settle();
    QCOMPARE(net.world.receiveQueueBytes(p.accepted), std::size_t{9});
    const auto got = net.world.receive(net.nginx, p.accepted);
    CHECK_OK(got);
    QCOMPARE(got.value.data, QByteArrayLiteral("abcdefghi"));
    QCOMPARE(net.world.receiveQueueBytes(p.accepted), std::size_t{0});
}

void TestWorldTcp::closeWithUnreadDataResets_data()
{
    QTest::addColumn<bool>("peerSends");
    QTest::newRow("peer's next call is recv") << false;
    QTest::newRow("peer's next call is send") << true;
}

void TestWorldTcp::closeWithUnreadDataResets()
{
    QFETCH(bool, peerSends);
    TwoHosts net;
    TraceRecorder trace(net.world);
    Connected p;
    QVERIFY(connectPair(net, &p));
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("unread")));
    net.world.settle();
    trace.clear();
    // Closing with unread data aborts: RST instead of FIN (RFC 2525 2.17).
    CHECK_OK(net.world.close(net.nginx, p.accepted));
    net.world.settle();
    const auto sent = trace.sentOf(EnvelopeKind::TcpSegment);
    QVERIFY(!sent.empty());
    QVERIFY(sent.front().envelope->has(TcpFlag::Rst));
    QVERIFY(!sent.front().envelope->has(TcpFlag::Fin));
    QCOMPARE(net.world.socketAt(p.accepted).state, SocketState::Closed);
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::Closed);
    if (peerSends)
        CHECK_ERRNO(net.world.send(net.curl, p.client, QByteArrayLiteral("more")), Errno::ConnReset);
    else
        CHECK_ERRNO(net.world.receive(net.curl, p.client), Errno::ConnReset);
    // No TIME_WAIT after a reset: the server port is free once the listener goes.
    CHECK_OK(net.world.close(net.nginx, p.listener));
    CHECK_OK(net.world.bind(net.nginx, net.tcp(net.nginx), ep(u"0.0.0.0:80")));
}

void TestWorldTcp::afterResetTheStreamIsOver()
{
    // Measured: after ECONNRESET has been reported, recv() returns end of stream (0 bytes)
    // and send() fails with EPIPE.
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("unread")));
    net.world.settle();
    CHECK_OK(net.world.close(net.nginx, p.accepted));
    net.world.settle();
    CHECK_ERRNO(net.world.receive(net.curl, p.client), Errno::ConnReset);
    CHECK_ERRNO(net.world.send(net.curl, p.client, QByteArrayLiteral("x")), Errno::Pipe);
    CHECK_ERRNO(net.world.peerName(net.curl, p.client), Errno::NotConn);
    const auto eof = net.world.receive(net.curl, p.client);
    CHECK_OK(eof);
    QVERIFY(eof.value.data.isEmpty());
}

void TestWorldTcp::resetInCloseWaitIsBrokenPipe()
{
    // The server closed (FIN); the client writes anyway; the server's kernel, whose socket is
    // gone, answers with RST. Linux's tcp_reset() reports EPIPE in CLOSE_WAIT, not
    // ECONNRESET, and recv() keeps returning end of stream (measured).
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    CHECK_OK(net.world.close(net.nginx, p.accepted));
    net.world.settle();
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::CloseWait);
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("x")));   // allowed in CLOSE_WAIT
    net.world.settle();
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::Closed);
    const auto eof = net.world.receive(net.curl, p.client);
    CHECK_OK(eof);
    QVERIFY(eof.value.data.isEmpty());
    CHECK_ERRNO(net.world.send(net.curl, p.client, QByteArrayLiteral("x")), Errno::Pipe);
}

void TestWorldTcp::closingListenerResetsQueuedConnections()
{
    TwoHosts net;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 8));
    const SocketId c = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
    net.world.settle();
    QCOMPARE(net.world.acceptQueueLength(l), std::size_t{1});
    CHECK_OK(net.world.close(net.nginx, l));
    net.world.settle();
    // Measured: ECONNRESET, then EPIPE.
    CHECK_ERRNO(net.world.receive(net.curl, c), Errno::ConnReset);
    CHECK_ERRNO(net.world.send(net.curl, c, QByteArrayLiteral("x")), Errno::Pipe);
    // And the port is free again.
    CHECK_OK(net.world.bind(net.nginx, net.tcp(net.nginx), ep(u"0.0.0.0:80")));
}

void TestWorldTcp::killClosesEveryDescriptorHighestFirst()
{
    // As measured on Linux 6.18 (SIGTERM to a python server in a namespace, tshark on lo): a
    // listener with a connection in its accept queue (fd 3), a UDP socket (fd 4), an accepted
    // connection (fd 5) and one with unread data (fd 6). The kernel closed them from fd 6
    // down: RST (unread data), FIN, nothing for UDP, then RST to the queued connection.
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    const SocketId udp = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, udp, ep(u"0.0.0.0:53")));
    QCOMPARE(net.world.socketAt(p.accepted).fd, 4);   // the listener is fd 3
    Connected unread;
    QVERIFY(connectPair(net, &unread, p.listener));
    CHECK_OK(net.world.send(net.curl, unread.client, QByteArrayLiteral("never read")));
    const SocketId queued = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, queued, ep(u"10.0.0.1:80")));
    QCOMPARE(net.world.acceptQueueLength(p.listener), std::size_t{1});

    TraceRecorder trace(net.world);
    const SysResult killed = net.world.kill(net.nginx);
    CHECK_OK(killed);
    QVERIFY2(killed.explanation.startsWith(QStringLiteral("nginx (pid 1000) got SIGTERM and exited; the kernel closed its 4 sockets")), qPrintable(killed.explanation));
    QVERIFY2(killed.explanation.contains(QStringLiteral("the connection waiting in its accept queue was reset")), qPrintable(killed.explanation));

    // What the server sent, in order: the RST of fd 6, the FIN of fd 4, the RST for the queue.
    QStringList sent;
    for (const TraceEvent &e : trace.sentOf(EnvelopeKind::TcpSegment)) {
        if (e.host == net.server)
            sent << QStringLiteral("%1 %2").arg(tcpFlagsText(e.envelope->tcpFlags)).arg(e.envelope->destination.port);
    }
    QCOMPARE(sent.mid(0, 3), (QStringList{QStringLiteral("RST, ACK %1").arg(net.world.socketAt(unread.client).local.port),
                                          QStringLiteral("FIN, ACK %1").arg(net.world.socketAt(p.client).local.port),
                                          QStringLiteral("RST, ACK %1").arg(net.world.socketAt(queued).local.port)}));

    // The FIN's connection lives on without a process; the others are gone.
    QCOMPARE(net.world.socketAt(p.accepted).state, SocketState::FinWait2);
    QCOMPARE(net.world.socketAt(p.accepted).owner, NoProcess);
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::CloseWait);
    QCOMPARE(net.world.socketAt(unread.accepted).state, SocketState::Closed);
    QCOMPARE(net.world.socketAt(p.listener).state, SocketState::Closed);
    QCOMPARE(net.world.socketAt(udp).owner, NoProcess);
    QVERIFY(!net.world.socketAt(udp).bound);
    const auto listed = net.world.socketsOf(net.server);
    QCOMPARE(std::vector<SocketId>(listed.begin(), listed.end()), std::vector<SocketId>{p.accepted});
    CHECK_ERRNO(net.world.receive(net.curl, unread.client), Errno::ConnReset);
    CHECK_ERRNO(net.world.receive(net.curl, queued), Errno::ConnReset);
    const auto eof = net.world.receive(net.curl, p.client);
    CHECK_OK(eof);
    QVERIFY(eof.value.data.isEmpty());
    // The client closes too: the server's side waits in TIME_WAIT, held by no process.
    CHECK_OK(net.world.close(net.curl, p.client));
    QCOMPARE(net.world.socketAt(p.accepted).state, SocketState::TimeWait);
    QCOMPARE(net.world.ownerName(p.accepted), QStringLiteral("a closed connection in TIME_WAIT"));
}

void TestWorldTcp::killedProcessIsGone()
{
    TwoHosts net;
    const SocketId s = net.tcp(net.bob);
    CHECK_OK(net.world.kill(net.bob, World::Signal::Kill));
    QVERIFY(!net.world.isRunning(net.bob));
    QVERIFY(!net.world.findProcess(u"bob-app"));
    QCOMPARE(net.world.exitedProcessNames(), QStringList{QStringLiteral("bob-app")});
    const std::vector<Pid> running = net.world.processes();
    QVERIFY(std::find(running.begin(), running.end(), net.bob) == running.end());
    // Its descriptor went with it; a second kill finds no process (kill(2): ESRCH).
    QCOMPARE(net.world.socketAt(s).owner, NoProcess);
    CHECK_ERRNO(net.world.kill(net.bob), Errno::Srch);
    QVERIFY(net.world.kill(net.bob).explanation.contains(QStringLiteral("has exited")));
    CHECK_ERRNO(net.world.kill(4242), Errno::Srch);
    CHECK_ERRNO(net.world.socket(net.bob, Protocol::Tcp, Family::IPv4), Errno::Inval);

    // A user outlives its processes in the sentences that name it: alice's connection, closed
    // by the kill, still holds port 8080 in FIN_WAIT2 when bob asks for it.
    const SocketId l = net.tcp(net.alice);
    CHECK_OK(net.world.setsockopt(net.alice, l, SocketOption::ReusePort, 1));
    CHECK_OK(net.world.bind(net.alice, l, ep(u"0.0.0.0:8080")));
    CHECK_OK(net.world.listen(net.alice, l, 8));
    CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:8080")));
    CHECK_OK(net.world.accept(net.alice, l));
    CHECK_OK(net.world.kill(net.alice));
    CHECK_OK(net.world.kill(net.alice2));
    const SocketId b = net.tcp(net.capable);
    CHECK_OK(net.world.setsockopt(net.capable, b, SocketOption::ReusePort, 1));
    const SysResult refused = net.world.bind(net.capable, b, ep(u"0.0.0.0:8080"));
    CHECK_ERRNO(refused, Errno::AddrInUse);
    QVERIFY2(refused.explanation.contains(QStringLiteral("these belong to alice and www")), qPrintable(refused.explanation));
}

void TestWorldTcp::finSequence()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    Connected p;
    QVERIFY(connectPair(net, &p));
    // The client closes first: FIN_WAIT1, and FIN_WAIT2 once its FIN is acknowledged, which
    // has happened by the time close() returns (the trace below checks the FIN_WAIT1 step).
    CHECK_OK(net.world.close(net.curl, p.client));
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::FinWait2);
    QCOMPARE(net.world.socketAt(p.accepted).state, SocketState::CloseWait);
    // The server reads the end of the stream, then closes its half: LAST_ACK, then CLOSED.
    const auto eof = net.world.receive(net.nginx, p.accepted);
    CHECK_OK(eof);
    QVERIFY(eof.value.data.isEmpty());
    CHECK_OK(net.world.close(net.nginx, p.accepted));
    QCOMPARE(net.world.socketAt(p.accepted).state, SocketState::Closed);
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::TimeWait);
    // ss still lists the TIME_WAIT socket, owned by no process.
    const auto listed = net.world.socketsOf(net.client);
    QVERIFY(std::find(listed.begin(), listed.end(), p.client) != listed.end());
    QCOMPARE(net.world.socketAt(p.client).owner, NoProcess);
    QVERIFY(net.world.describeSocket(p.client).contains(QStringLiteral("TIME_WAIT")));
    net.world.advance(std::chrono::seconds(60));
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::Closed);
    const auto after = net.world.socketsOf(net.client);
    QVERIFY(std::find(after.begin(), after.end(), p.client) == after.end());

    const std::vector<SocketState> active{SocketState::Closed, SocketState::SynSent, SocketState::Established,
                                          SocketState::FinWait1, SocketState::FinWait2, SocketState::TimeWait,
                                          SocketState::Closed};
    const std::vector<SocketState> passive{SocketState::SynReceived, SocketState::Established, SocketState::CloseWait,
                                           SocketState::LastAck, SocketState::Closed};
    QCOMPARE(statesText(trace.statesOf(p.client)), statesText(active));
    QCOMPARE(statesText(trace.statesOf(p.accepted)), statesText(passive));
}

void TestWorldTcp::peerCloseGivesEndOfStream()
{
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    CHECK_OK(net.world.send(net.nginx, p.accepted, QByteArrayLiteral("bye")));
    CHECK_OK(net.world.shutdown(net.nginx, p.accepted, ShutdownHow::Write));
    QCOMPARE(net.world.socketAt(p.accepted).state, SocketState::FinWait2);
    // Data first, then end of stream, as often as asked.
    const auto data = net.world.receive(net.curl, p.client);
    CHECK_OK(data);
    QCOMPARE(data.value.data, QByteArrayLiteral("bye"));
    for (int i = 0; i < 3; ++i) {
        const auto eof = net.world.receive(net.curl, p.client);
        CHECK_OK(eof);
        QVERIFY(eof.value.data.isEmpty());
    }
    // The half-closed server can still read; it can no longer write.
    CHECK_OK(net.world.send(net.curl, p.client, QByteArrayLiteral("ack")));
    QCOMPARE(net.world.receive(net.nginx, p.accepted).value.data, QByteArrayLiteral("ack"));
    CHECK_ERRNO(net.world.send(net.nginx, p.accepted, QByteArrayLiteral("more")), Errno::Pipe);
}

void TestWorldTcp::timeWaitLasts_data()
{
    QTest::addColumn<QString>("os");
    QTest::addColumn<int>("seconds");
    QTest::newRow("linux") << "linux" << 60;
    QTest::newRow("iana") << "iana" << 60;
    QTest::newRow("windows") << "windows" << 120;
}

void TestWorldTcp::timeWaitLasts()
{
    QFETCH(QString, os);
    QFETCH(int, seconds);
    const auto personality = Personality::fromName(os);
    QVERIFY(personality);
    QCOMPARE(personality->timeWaitSeconds, std::int64_t{seconds});
    TwoHosts net(1, *personality);
    TraceRecorder trace(net.world);
    Connected p;
    QVERIFY(connectPair(net, &p));
    CHECK_OK(net.world.close(net.curl, p.client));
    net.world.settle();
    CHECK_OK(net.world.close(net.nginx, p.accepted));
    net.world.settle();
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::TimeWait);
    SimTime entered{-1};
    for (const TraceEvent &e : trace.ofKind(TraceKind::StateChanged)) {
        if (e.socket == p.client && e.to == SocketState::TimeWait)
            entered = e.time;
    }
    QVERIFY(entered >= SimTime{0});
    const SimTime end = entered + std::chrono::seconds(seconds);
    net.world.advance(end - net.world.now() - SimTime{1});
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::TimeWait);
    net.world.advance(SimTime{1});
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::Closed);
}

void TestWorldTcp::callsAtTheWrongMoment_data()
{
    QTest::addColumn<QString>("socket");   // what the socket is when the call is made
    QTest::addColumn<QString>("call");
    QTest::addColumn<Errno>("expected");

    // Measured on Linux (Python, so SIGPIPE is ignored and EPIPE is seen).
    QTest::newRow("listen on UDP") << "udp" << "listen" << Errno::OpNotSupp;
    QTest::newRow("listen on bound UDP") << "udp bound" << "listen" << Errno::OpNotSupp;
    QTest::newRow("accept on UDP") << "udp bound" << "accept" << Errno::OpNotSupp;
    QTest::newRow("accept on unbound TCP") << "tcp" << "accept" << Errno::Inval;
    QTest::newRow("accept on bound TCP") << "tcp bound" << "accept" << Errno::Inval;
    QTest::newRow("accept on a connection") << "tcp connected" << "accept" << Errno::Inval;
    QTest::newRow("send on unbound TCP") << "tcp" << "send" << Errno::Pipe;
    QTest::newRow("send on bound TCP") << "tcp bound" << "send" << Errno::Pipe;
    QTest::newRow("sendto on unconnected TCP") << "tcp" << "sendto" << Errno::Pipe;
    QTest::newRow("send on listening") << "tcp listening" << "send" << Errno::Pipe;
    QTest::newRow("recv on unconnected TCP") << "tcp" << "recv" << Errno::NotConn;
    QTest::newRow("recv on listening") << "tcp listening" << "recv" << Errno::NotConn;
    QTest::newRow("connect on listening") << "tcp listening" << "connect" << Errno::IsConn;
    QTest::newRow("connect on connected") << "tcp connected" << "connect" << Errno::IsConn;
    QTest::newRow("connect on accepted") << "tcp accepted" << "connect" << Errno::IsConn;
    QTest::newRow("listen on connected") << "tcp connected" << "listen" << Errno::Inval;
    QTest::newRow("listen on accepted") << "tcp accepted" << "listen" << Errno::Inval;
    QTest::newRow("listen again") << "tcp listening" << "listen" << Errno::Ok;
    QTest::newRow("getpeername unconnected") << "tcp" << "getpeername" << Errno::NotConn;
    QTest::newRow("getpeername listening") << "tcp listening" << "getpeername" << Errno::NotConn;
    QTest::newRow("getpeername UDP") << "udp bound" << "getpeername" << Errno::NotConn;
    QTest::newRow("shutdown unconnected") << "tcp bound" << "shutdown" << Errno::NotConn;
    QTest::newRow("shutdown unconnected UDP") << "udp" << "shutdown" << Errno::NotConn;
    QTest::newRow("send unconnected UDP") << "udp" << "send" << Errno::DestAddrReq;
    QTest::newRow("send after own shutdown") << "tcp shut" << "send" << Errno::Pipe;
    QTest::newRow("a closed descriptor") << "tcp closed" << "send" << Errno::BadF;
    QTest::newRow("another process's socket") << "tcp stolen" << "recv" << Errno::BadF;
}

void TestWorldTcp::callsAtTheWrongMoment()
{
    QFETCH(QString, socket);
    QFETCH(QString, call);
    QFETCH(Errno, expected);

    TwoHosts net;
    World &w = net.world;
    const Pid pid = net.curl;
    SocketId s = NoSocket;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(w.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(w.listen(net.nginx, l, 16));

    if (socket.startsWith(QStringLiteral("udp"))) {
        s = net.udp(pid);
        if (socket == u"udp bound")
            CHECK_OK(w.bind(pid, s, ep(u"10.0.0.2:0")));
    } else if (socket == u"tcp accepted") {
        const SocketId c = net.tcp(pid);
        CHECK_OK(w.connect(pid, c, ep(u"10.0.0.1:80")));
        const auto a = w.accept(net.nginx, l);
        CHECK_OK(a);
        s = a.value;
    } else {
        s = net.tcp(pid);
        if (socket == u"tcp bound")
            CHECK_OK(w.bind(pid, s, ep(u"10.0.0.2:0")));
        else if (socket == u"tcp listening")
            CHECK_OK(w.listen(pid, s, 4));
        else if (socket == u"tcp connected" || socket == u"tcp shut")
            CHECK_OK(w.connect(pid, s, ep(u"10.0.0.1:80")));
        if (socket == u"tcp shut")
            CHECK_OK(w.shutdown(pid, s, ShutdownHow::Write));
        if (socket == u"tcp closed")
            CHECK_OK(w.close(pid, s));
    }
    const Pid caller = socket == u"tcp accepted" ? net.nginx : (socket == u"tcp stolen" ? net.nginx : pid);

    if (call == u"listen")
        CHECK_ERRNO(w.listen(caller, s, 8), expected);
    else if (call == u"accept")
        CHECK_ERRNO(w.accept(caller, s), expected);
    else if (call == u"send")
        CHECK_ERRNO(w.send(caller, s, QByteArrayLiteral("x")), expected);
    else if (call == u"sendto")
        CHECK_ERRNO(w.sendTo(caller, s, ep(u"10.0.0.1:80"), QByteArrayLiteral("x")), expected);
    else if (call == u"recv")
        CHECK_ERRNO(w.receive(caller, s), expected);
    else if (call == u"connect")
        CHECK_ERRNO(w.connect(caller, s, ep(u"10.0.0.1:80")), expected);
    else if (call == u"getpeername")
        CHECK_ERRNO(w.peerName(caller, s), expected);
    else if (call == u"shutdown")
        CHECK_ERRNO(w.shutdown(caller, s, ShutdownHow::Both), expected);
    else
        QFAIL("unknown call in test data");
}

void TestWorldTcp::connectTwice()
{
    TwoHosts net;
    Connected p;
    QVERIFY(connectPair(net, &p));
    // Connecting again, to the same or another destination: EISCONN; nothing changes.
    CHECK_ERRNO(net.world.connect(net.curl, p.client, ep(u"10.0.0.1:80")), Errno::IsConn);
    CHECK_ERRNO(net.world.connect(net.curl, p.client, ep(u"10.0.0.3:81")), Errno::IsConn);
    QCOMPARE(net.world.socketAt(p.client).remote, ep(u"10.0.0.1:80"));
    QCOMPARE(net.world.socketAt(p.client).state, SocketState::Established);
    // sendto() on a connected TCP socket ignores the address (measured: OK).
    CHECK_OK(net.world.sendTo(net.curl, p.client, ep(u"10.0.0.3:9"), QByteArrayLiteral("x")));
    QCOMPARE(net.world.receive(net.nginx, p.accepted).value.data, QByteArrayLiteral("x"));
}

void TestWorldTcp::shutdownOfListener()
{
    // Measured: shutdown() stops a listener, but the descriptor stays open and keeps its
    // explicitly bound port: accept() then says EINVAL (not EBADF), getsockname() still
    // works, another bind() to the port gets EADDRINUSE, and listen() may be called again.
    TwoHosts net;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"10.0.0.1:8080")));
    CHECK_OK(net.world.listen(net.nginx, l, 8));
    CHECK_OK(net.world.shutdown(net.nginx, l, ShutdownHow::Both));
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:8080")), Errno::ConnRefused);
    CHECK_ERRNO(net.world.accept(net.nginx, l), Errno::Inval);
    const auto name = net.world.localName(net.nginx, l);
    CHECK_OK(name);
    QCOMPARE(name.value, ep(u"10.0.0.1:8080"));
    CHECK_ERRNO(net.world.bind(net.alice, net.tcp(net.alice), ep(u"10.0.0.1:8080")), Errno::AddrInUse);
    CHECK_OK(net.world.listen(net.nginx, l, 8));
    CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:8080")));
}

void TestWorldTcp::connectToNobodyIsHostUnreachable()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    const SocketId c = net.tcp(net.curl);
    const SimTime before = net.world.now();
    const SysResult r = net.world.connect(net.curl, c, ep(u"10.0.0.99:80"));
    CHECK_ERRNO(r, Errno::HostUnreach);
    // Neighbour discovery gives up after three probes a second apart.
    QCOMPARE(net.world.now() - before, SimTime{std::chrono::seconds(3)});
    QVERIFY2(r.explanation.contains(QStringLiteral("10.0.0.99")), qPrintable(r.explanation));
    QVERIFY(!trace.ofKind(TraceKind::EnvelopeDropped).empty());
    QCOMPARE(net.world.socketAt(c).state, SocketState::Closed);
}

void TestWorldTcp::refusedConnectKeepsOnlyABoundPort()
{
    // Measured: after ECONNREFUSED a socket that connect() bound is unbound again (its address
    // is 0.0.0.0 again); one bound explicitly keeps its address and port.
    TwoHosts net;
    const SocketId free = net.tcp(net.curl);
    CHECK_ERRNO(net.world.connect(net.curl, free, ep(u"10.0.0.1:1")), Errno::ConnRefused);
    QCOMPARE(net.world.localName(net.curl, free).value.address, IpAddress::anyV4());
    QVERIFY(!net.world.socketAt(free).bound);
    const SocketId bound = net.tcp(net.curl);
    CHECK_OK(net.world.bind(net.curl, bound, ep(u"10.0.0.2:6000")));
    CHECK_ERRNO(net.world.connect(net.curl, bound, ep(u"10.0.0.1:1")), Errno::ConnRefused);
    QCOMPARE(net.world.localName(net.curl, bound).value, ep(u"10.0.0.2:6000"));
    CHECK_ERRNO(net.world.bind(net.curl, net.tcp(net.curl), ep(u"10.0.0.2:6000")), Errno::AddrInUse);
}

void TestWorldTcp::explicitPortAndFourTupleReuse()
{
    TwoHosts net;
    for (const auto *where : {u"10.0.0.1:80", u"10.0.0.1:81"}) {
        const SocketId l = net.tcp(net.nginx);
        CHECK_OK(net.world.bind(net.nginx, l, ep(where)));
        CHECK_OK(net.world.listen(net.nginx, l, 8));
    }
    // Two sockets share 10.0.0.2:6000 through SO_REUSEADDR (neither listens)...
    const SocketId a = net.tcp(net.curl);
    const SocketId b = net.tcp(net.curl);
    CHECK_OK(net.setOptions(net.curl, a, u"RA"));
    CHECK_OK(net.setOptions(net.curl, b, u"RA"));
    CHECK_OK(net.world.bind(net.curl, a, ep(u"10.0.0.2:6000")));
    CHECK_OK(net.world.bind(net.curl, b, ep(u"10.0.0.2:6000")));
    CHECK_OK(net.world.connect(net.curl, a, ep(u"10.0.0.1:80")));
    QCOMPARE(net.world.socketAt(a).local, ep(u"10.0.0.2:6000"));
    // ...but one four-tuple is one connection: the same destination is refused (measured).
    CHECK_ERRNO(net.world.connect(net.curl, b, ep(u"10.0.0.1:80")), Errno::AddrNotAvail);
    CHECK_OK(net.world.connect(net.curl, b, ep(u"10.0.0.1:81")));
    QCOMPARE(net.world.socketAt(b).local, ep(u"10.0.0.2:6000"));
}

void TestWorldTcp::socketNames()
{
    TwoHosts net;
    // Measured: getsockname() of an unbound socket is the wildcard address and port 0.
    QCOMPARE(net.world.localName(net.curl, net.tcp(net.curl)).value, ep(u"0.0.0.0:0"));
    QCOMPARE(net.world.localName(net.curl, net.udp(net.curl)).value, ep(u"0.0.0.0:0"));
    QCOMPARE(net.world.localName(net.curl, net.tcp(net.curl, Family::IPv6)).value, ep(u"[::]:0"));
    const auto s = net.world.socket(net.curl, Protocol::Tcp, Family::IPv4);
    CHECK_OK(s);
    QVERIFY(!s.result.explanation.isEmpty());
    QCOMPARE(net.world.socketAt(s.value).owner, net.curl);
    QCOMPARE(net.world.socketAt(s.value).uid, net.world.process(net.curl).uid);
    QVERIFY(net.world.socketAt(s.value).fd >= 3);
    // No such process, no socket.
    CHECK_ERRNO(net.world.socket(Pid{4242}, Protocol::Tcp, Family::IPv4), Errno::Inval);
}

void TestWorldTcp::loopbackConnection()
{
    // Two programs on one host talk over loopback: any 127.x.y.z works, and the source is
    // the loopback address too.
    TwoHosts net;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"127.0.0.1:8080")));
    CHECK_OK(net.world.listen(net.nginx, l, 4));
    const SocketId c = net.tcp(net.alice);
    CHECK_OK(net.world.connect(net.alice, c, ep(u"127.0.0.1:8080")));
    QCOMPARE(net.world.socketAt(c).local.address, ip(u"127.0.0.1"));
    const auto a = net.world.accept(net.nginx, l);
    CHECK_OK(a);
    CHECK_OK(net.world.send(net.alice, c, QByteArrayLiteral("local")));
    QCOMPARE(net.world.receive(net.nginx, a.value).value.data, QByteArrayLiteral("local"));
    // The listener on 127.0.0.1 is not reachable from the network, nor through another
    // loopback address.
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:8080")), Errno::ConnRefused);
    CHECK_ERRNO(net.world.connect(net.alice, net.tcp(net.alice), ep(u"127.0.0.2:8080")), Errno::ConnRefused);
    // The client cannot reach the server's loopback: 127.0.0.1 is always the host itself.
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"127.0.0.1:8080")), Errno::ConnRefused);
}

QTEST_GUILESS_MAIN(TestWorldTcp)
#include "tst_world_tcp.moc"
