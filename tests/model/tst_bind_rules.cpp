// SPDX-License-Identifier: GPL-3.0-or-later
// Linux's bind rules: which addresses overlap, when a second socket may share a port
// (SO_REUSEADDR, SO_REUSEPORT and the owning user, LISTEN, TIME_WAIT), privileged ports, and
// the order in which bind() checks the address, the privilege and the socket. The expected
// values are the real kernel's (measured on Linux 6.x in a fresh network namespace).
#include "model_test_support.h"

#include "net/bind_rules.h"

using namespace portlab;

namespace {

BoundAddress bound(QStringView text, bool v6Only = false)
{
    const IpAddress address = ip(text);
    return {address.family(), address, v6Only};
}

} // namespace

class TestBindRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void addressesOverlap_data();
    void addressesOverlap();
    void tcpSecondBind_data();
    void tcpSecondBind();
    void listenAfterSharedBind_data();
    void listenAfterSharedBind();
    void udpSecondBind_data();
    void udpSecondBind();
    void protocolsHaveSeparatePorts();
    void closingFreesThePort();
    void bindTwice_data();
    void bindTwice();
    void familyMismatch();
    void privilegedPorts_data();
    void privilegedPorts();
    void addressAvailability_data();
    void addressAvailability();
    void timeWaitHoldsServerPort_data();
    void timeWaitHoldsServerPort();
    void timeWaitExpires();
    void reusePortGroupSummary_data();
    void reusePortGroupSummary();
    void finWait2HoldsServerPort_data();
    void finWait2HoldsServerPort();
    void clientClosingFirstLeavesServerPortFree();
    void explanationsNameTheHolder();
};

// --- addressesOverlap ----------------------------------------------------------------------

void TestBindRules::addressesOverlap_data()
{
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<bool>("candidateV6Only");
    QTest::addColumn<QString>("existing");
    QTest::addColumn<bool>("existingV6Only");
    QTest::addColumn<bool>("overlap");

    QTest::newRow("identical IPv4") << "10.0.0.1" << false << "10.0.0.1" << false << true;
    QTest::newRow("different IPv4") << "10.0.0.1" << false << "10.0.0.2" << false << false;
    QTest::newRow("loopbacks differ") << "127.0.0.1" << false << "127.0.0.2" << false << false;
    QTest::newRow("specific under wildcard") << "10.0.0.1" << false << "0.0.0.0" << false << true;
    QTest::newRow("wildcard over specific") << "0.0.0.0" << false << "10.0.0.1" << false << true;
    QTest::newRow("two IPv4 wildcards") << "0.0.0.0" << false << "0.0.0.0" << false << true;

    QTest::newRow("IPv4 under dual-stack [::]") << "10.0.0.1" << false << "::" << false << true;
    QTest::newRow("0.0.0.0 under dual-stack [::]") << "0.0.0.0" << false << "::" << false << true;
    QTest::newRow("dual-stack [::] over IPv4") << "::" << false << "10.0.0.1" << false << true;
    QTest::newRow("dual-stack [::] over 0.0.0.0") << "::" << false << "0.0.0.0" << false << true;
    QTest::newRow("IPv4 beside v6only [::]") << "0.0.0.0" << false << "::" << true << false;
    QTest::newRow("v6only [::] beside IPv4") << "::" << true << "0.0.0.0" << false << false;
    QTest::newRow("v6only [::] beside specific IPv4") << "::" << true << "10.0.0.1" << false << false;

    QTest::newRow("specific IPv6 is implicitly v6only") << "2001:db8::1" << false << "0.0.0.0" << false << false;
    QTest::newRow("IPv4 beside specific IPv6") << "0.0.0.0" << false << "2001:db8::1" << false << false;
    QTest::newRow("::1 beside 127.0.0.1") << "::1" << false << "127.0.0.1" << false << false;
    QTest::newRow("identical IPv6") << "2001:db8::1" << false << "2001:db8::1" << false << true;
    QTest::newRow("different IPv6") << "2001:db8::1" << false << "2001:db8::2" << false << false;
    QTest::newRow("specific IPv6 under [::]") << "2001:db8::1" << false << "::" << false << true;
    QTest::newRow("specific IPv6 under v6only [::]") << "2001:db8::1" << false << "::" << true << true;
    QTest::newRow("[::] over specific IPv6") << "::" << false << "2001:db8::1" << false << true;
    QTest::newRow("v6only [::] over [::]") << "::" << true << "::" << false << true;
    QTest::newRow("[::] over v6only [::]") << "::" << false << "::" << true << true;

    QTest::newRow("mapped vs its IPv4") << "::ffff:10.0.0.1" << false << "10.0.0.1" << false << true;
    QTest::newRow("IPv4 vs its mapped") << "10.0.0.1" << false << "::ffff:10.0.0.1" << false << true;
    QTest::newRow("mapped vs other IPv4") << "::ffff:10.0.0.1" << false << "10.0.0.2" << false << false;
    QTest::newRow("mapped under 0.0.0.0") << "::ffff:10.0.0.1" << false << "0.0.0.0" << false << true;
    QTest::newRow("mapped under [::]") << "::ffff:10.0.0.1" << false << "::" << false << true;
    QTest::newRow("[::] over mapped") << "::" << false << "::ffff:10.0.0.1" << false << true;
    QTest::newRow("mapped beside v6only [::]") << "::ffff:10.0.0.1" << false << "::" << true << false;
    QTest::newRow("v6only [::] beside mapped") << "::" << true << "::ffff:10.0.0.1" << false << false;
    QTest::newRow("mapped any vs 0.0.0.0") << "::ffff:0.0.0.0" << false << "0.0.0.0" << false << true;
    QTest::newRow("mapped any vs [::]") << "::ffff:0.0.0.0" << false << "::" << false << true;
    QTest::newRow("mapped any beside v6only [::]") << "::ffff:0.0.0.0" << false << "::" << true << false;
}

void TestBindRules::addressesOverlap()
{
    QFETCH(QString, candidate);
    QFETCH(bool, candidateV6Only);
    QFETCH(QString, existing);
    QFETCH(bool, existingV6Only);
    QFETCH(bool, overlap);
    QCOMPARE(portlab::addressesOverlap(bound(candidate, candidateV6Only), bound(existing, existingV6Only)), overlap);
}

// --- a second socket on the same port ------------------------------------------------------

void TestBindRules::tcpSecondBind_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("firstOptions");
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("secondOptions");
    QTest::addColumn<bool>("firstListens");
    QTest::addColumn<QString>("owners");   // "same user", "other user", "root then user"
    QTest::addColumn<Errno>("expected");

    const QString any = QStringLiteral("0.0.0.0:8080");
    const QString one = QStringLiteral("10.0.0.1:8080");
    const QString three = QStringLiteral("10.0.0.3:8080");
    const QString same = QStringLiteral("same user");
    const QString other = QStringLiteral("other user");
    const QString none;
    const QString ra = QStringLiteral("RA");
    const QString rp = QStringLiteral("RP");
    const QString rarp = QStringLiteral("RA+RP");

    QTest::newRow("same address, bound") << one << none << one << none << false << same << Errno::AddrInUse;
    QTest::newRow("same address, listening") << one << none << one << none << true << same << Errno::AddrInUse;
    QTest::newRow("wildcard then specific, bound") << any << none << one << none << false << same << Errno::AddrInUse;
    QTest::newRow("wildcard then specific, listening") << any << none << one << none << true << same << Errno::AddrInUse;
    QTest::newRow("specific then wildcard, bound") << one << none << any << none << false << same << Errno::AddrInUse;
    QTest::newRow("specific then wildcard, listening") << one << none << any << none << true << same << Errno::AddrInUse;
    QTest::newRow("two wildcards") << any << none << any << none << true << same << Errno::AddrInUse;
    QTest::newRow("different specific, bound") << one << none << three << none << false << same << Errno::Ok;
    QTest::newRow("different specific, listening") << one << none << three << none << true << other << Errno::Ok;
    QTest::newRow("127.0.0.1 and 127.0.0.2") << QStringLiteral("127.0.0.1:8080") << none << QStringLiteral("127.0.0.2:8080") << none << true << same << Errno::Ok;

    QTest::newRow("RA both, first bound") << one << ra << one << ra << false << same << Errno::Ok;
    QTest::newRow("RA both, first bound, other user") << one << ra << one << ra << false << other << Errno::Ok;
    QTest::newRow("RA both, wildcard first bound") << any << ra << one << ra << false << same << Errno::Ok;
    QTest::newRow("RA both, first listening") << one << ra << one << ra << true << same << Errno::AddrInUse;
    QTest::newRow("RA both, specific listening, wildcard") << one << ra << any << ra << true << same << Errno::AddrInUse;
    QTest::newRow("RA first only") << one << ra << one << none << false << same << Errno::AddrInUse;
    QTest::newRow("RA second only") << one << none << one << ra << false << same << Errno::AddrInUse;

    QTest::newRow("RP both, same user, bound") << one << rp << one << rp << false << same << Errno::Ok;
    QTest::newRow("RP both, same user, listening") << one << rp << one << rp << true << same << Errno::Ok;
    QTest::newRow("RP both, same user, wildcard listening") << any << rp << one << rp << true << same << Errno::Ok;
    QTest::newRow("RP both, other user, bound") << one << rp << one << rp << false << other << Errno::AddrInUse;
    QTest::newRow("RP both, other user, listening") << any << rp << any << rp << true << other << Errno::AddrInUse;
    QTest::newRow("RP both, root then user") << any << rp << any << rp << true << QStringLiteral("root then user") << Errno::AddrInUse;
    QTest::newRow("RP first only") << one << rp << one << none << false << same << Errno::AddrInUse;
    QTest::newRow("RP second only") << one << none << one << rp << false << same << Errno::AddrInUse;
    QTest::newRow("RA then RP") << one << ra << one << rp << false << same << Errno::AddrInUse;
    QTest::newRow("RP then RA") << one << rp << one << ra << false << same << Errno::AddrInUse;
    QTest::newRow("RA+RP both, other user, bound") << one << rarp << one << rarp << false << other << Errno::Ok;
    QTest::newRow("RA+RP both, other user, listening") << one << rarp << one << rarp << true << other << Errno::AddrInUse;
    QTest::newRow("RA+RP both, same user, listening") << any << rarp << any << rarp << true << same << Errno::Ok;

    // Dual stack: [::] without IPV6_V6ONLY holds the IPv4 side of the port too.
    const QString v6any = QStringLiteral("[::]:8080");
    const QString v6one = QStringLiteral("[2001:db8::1]:8080");
    const QString mapped = QStringLiteral("[::ffff:10.0.0.1]:8080");
    const QString v6only = QStringLiteral("V6ONLY");
    QTest::newRow("[::] then 0.0.0.0") << v6any << none << any << none << false << same << Errno::AddrInUse;
    QTest::newRow("[::] listening then 0.0.0.0") << v6any << none << any << none << true << same << Errno::AddrInUse;
    QTest::newRow("[::] then 10.0.0.1") << v6any << none << one << none << true << same << Errno::AddrInUse;
    QTest::newRow("0.0.0.0 then [::]") << any << none << v6any << none << true << same << Errno::AddrInUse;
    QTest::newRow("10.0.0.1 then [::]") << one << none << v6any << none << false << same << Errno::AddrInUse;
    QTest::newRow("v6only [::] then 0.0.0.0") << v6any << v6only << any << none << true << same << Errno::Ok;
    QTest::newRow("v6only [::] then 10.0.0.1") << v6any << v6only << one << none << false << same << Errno::Ok;
    QTest::newRow("0.0.0.0 then v6only [::]") << any << none << v6any << v6only << true << same << Errno::Ok;
    QTest::newRow("specific IPv6 then 0.0.0.0") << v6one << none << any << none << true << same << Errno::Ok;
    QTest::newRow("0.0.0.0 then specific IPv6") << any << none << v6one << none << true << same << Errno::Ok;
    QTest::newRow("[::1] then 127.0.0.1") << QStringLiteral("[::1]:8080") << none << QStringLiteral("127.0.0.1:8080") << none << true << same << Errno::Ok;
    QTest::newRow("[::] then specific IPv6") << v6any << none << v6one << none << false << same << Errno::AddrInUse;
    QTest::newRow("v6only [::] then specific IPv6") << v6any << v6only << v6one << none << false << same << Errno::AddrInUse;
    QTest::newRow("v6only [::] then [::]") << v6any << v6only << v6any << none << false << same << Errno::AddrInUse;
    QTest::newRow("v6only [::] twice") << v6any << v6only << v6any << v6only << true << same << Errno::AddrInUse;
    QTest::newRow("mapped then its IPv4") << mapped << none << one << none << false << same << Errno::AddrInUse;
    QTest::newRow("IPv4 then its mapped") << one << none << mapped << none << true << same << Errno::AddrInUse;
    QTest::newRow("mapped then 0.0.0.0") << mapped << none << any << none << false << same << Errno::AddrInUse;
    QTest::newRow("mapped then other IPv4") << mapped << none << three << none << true << same << Errno::Ok;
    QTest::newRow("mapped then [::]") << mapped << none << v6any << none << false << same << Errno::AddrInUse;
    QTest::newRow("mapped then v6only [::]") << mapped << none << v6any << v6only << true << same << Errno::Ok;
    QTest::newRow("v6only [::] then mapped") << v6any << v6only << mapped << none << true << same << Errno::Ok;
    QTest::newRow("mapped any then 0.0.0.0") << QStringLiteral("[::ffff:0.0.0.0]:8080") << none << any << none << false << same << Errno::AddrInUse;
    QTest::newRow("RA both, [::] bound then 0.0.0.0") << v6any << ra << any << ra << false << same << Errno::Ok;
    QTest::newRow("RA both, [::] listening then 0.0.0.0") << v6any << ra << any << ra << true << same << Errno::AddrInUse;
}

void TestBindRules::tcpSecondBind()
{
    QFETCH(QString, first);
    QFETCH(QString, firstOptions);
    QFETCH(QString, second);
    QFETCH(QString, secondOptions);
    QFETCH(bool, firstListens);
    QFETCH(QString, owners);
    QFETCH(Errno, expected);

    TwoHosts net;
    const Pid p1 = owners == u"root then user" ? net.nginx : net.alice;
    const Pid p2 = owners == u"same user" ? net.alice2 : (owners == u"other user" ? net.bob : net.alice);
    const SocketId a = net.socketFor(p1, Protocol::Tcp, ep(first));
    CHECK_OK(net.setOptions(p1, a, firstOptions));
    CHECK_OK(net.world.bind(p1, a, ep(first)));
    if (firstListens)
        CHECK_OK(net.world.listen(p1, a, 16));

    const SocketId b = net.socketFor(p2, Protocol::Tcp, ep(second));
    CHECK_OK(net.setOptions(p2, b, secondOptions));
    CHECK_ERRNO(net.world.bind(p2, b, ep(second)), expected);
    if (expected == Errno::Ok) {
        QCOMPARE(net.world.socketAt(b).local, ep(second));
        QVERIFY(net.world.socketAt(b).bound);
    } else {
        // A refused bind leaves the socket as it was: unbound, able to try elsewhere.
        QVERIFY(!net.world.socketAt(b).bound);
        QCOMPARE(net.world.socketAt(b).local.port, std::uint16_t{0});
        CHECK_OK(net.world.bind(p2, b, Endpoint{ep(second).address, 8081}));
    }
}

void TestBindRules::listenAfterSharedBind_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("options");
    QTest::addColumn<bool>("otherUser");
    QTest::addColumn<bool>("secondListensFirst");
    QTest::addColumn<Errno>("laterListen");

    const QString one = QStringLiteral("10.0.0.1:8080");
    const QString any = QStringLiteral("0.0.0.0:8080");
    // SO_REUSEADDR lets two sockets be bound at once, but only the first to listen() keeps it.
    QTest::newRow("RA: first listens first") << one << one << "RA" << false << false << Errno::AddrInUse;
    QTest::newRow("RA: second listens first") << one << one << "RA" << false << true << Errno::AddrInUse;
    QTest::newRow("RA: wildcard and specific") << any << one << "RA" << false << false << Errno::AddrInUse;
    QTest::newRow("RA: dual-stack and IPv4") << "[::]:8080" << any << "RA" << false << false << Errno::AddrInUse;
    QTest::newRow("RA+RP: other user") << one << one << "RA+RP" << true << false << Errno::AddrInUse;
    // SO_REUSEPORT is for several listeners: both may listen.
    QTest::newRow("RP: same user") << one << one << "RP" << false << false << Errno::Ok;
    QTest::newRow("RP: same user, wildcard and specific") << any << one << "RP" << false << true << Errno::Ok;
    QTest::newRow("RA+RP: same user") << any << any << "RA+RP" << false << false << Errno::Ok;
}

void TestBindRules::listenAfterSharedBind()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(QString, options);
    QFETCH(bool, otherUser);
    QFETCH(bool, secondListensFirst);
    QFETCH(Errno, laterListen);

    TwoHosts net;
    const Pid p1 = net.alice;
    const Pid p2 = otherUser ? net.bob : net.alice2;
    const SocketId a = net.socketFor(p1, Protocol::Tcp, ep(first));
    const SocketId b = net.socketFor(p2, Protocol::Tcp, ep(second));
    CHECK_OK(net.setOptions(p1, a, options));
    CHECK_OK(net.setOptions(p2, b, options));
    CHECK_OK(net.world.bind(p1, a, ep(first)));
    CHECK_OK(net.world.bind(p2, b, ep(second)));
    if (secondListensFirst) {
        CHECK_OK(net.world.listen(p2, b, 16));
        CHECK_ERRNO(net.world.listen(p1, a, 16), laterListen);
    } else {
        CHECK_OK(net.world.listen(p1, a, 16));
        CHECK_ERRNO(net.world.listen(p2, b, 16), laterListen);
    }
    const SocketId loser = secondListensFirst ? a : b;
    QCOMPARE(net.world.socketAt(loser).state, laterListen == Errno::Ok ? SocketState::Listen : SocketState::Closed);
}

void TestBindRules::udpSecondBind_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("firstOptions");
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("secondOptions");
    QTest::addColumn<bool>("otherUser");
    QTest::addColumn<Errno>("expected");

    const QString any = QStringLiteral("0.0.0.0:5353");
    const QString one = QStringLiteral("10.0.0.1:5353");
    const QString three = QStringLiteral("10.0.0.3:5353");
    const QString none;
    QTest::newRow("same address") << one << none << one << none << false << Errno::AddrInUse;
    QTest::newRow("wildcard then specific") << any << none << one << none << false << Errno::AddrInUse;
    QTest::newRow("specific then wildcard") << one << none << any << none << false << Errno::AddrInUse;
    QTest::newRow("different specific") << one << none << three << none << false << Errno::Ok;
    QTest::newRow("RA both") << one << "RA" << one << "RA" << false << Errno::Ok;
    QTest::newRow("RA both, other user") << any << "RA" << any << "RA" << true << Errno::Ok;
    QTest::newRow("RA both, wildcard then specific") << any << "RA" << one << "RA" << false << Errno::Ok;
    QTest::newRow("RA first only") << one << "RA" << one << none << false << Errno::AddrInUse;
    QTest::newRow("RA second only") << one << none << one << "RA" << false << Errno::AddrInUse;
    QTest::newRow("RP both, same user") << one << "RP" << one << "RP" << false << Errno::Ok;
    QTest::newRow("RP both, other user") << one << "RP" << one << "RP" << true << Errno::AddrInUse;
    QTest::newRow("RP first only") << one << "RP" << one << none << false << Errno::AddrInUse;
    QTest::newRow("RA then RP") << one << "RA" << one << "RP" << false << Errno::AddrInUse;
    QTest::newRow("RP then RA") << one << "RP" << one << "RA" << false << Errno::AddrInUse;
    QTest::newRow("RA+RP both, other user") << one << "RA+RP" << one << "RA+RP" << true << Errno::Ok;
    QTest::newRow("[::] then 0.0.0.0") << "[::]:5353" << none << any << none << false << Errno::AddrInUse;
    QTest::newRow("v6only [::] then 0.0.0.0") << "[::]:5353" << "V6ONLY" << any << none << false << Errno::Ok;
    QTest::newRow("mapped then its IPv4") << "[::ffff:10.0.0.1]:5353" << none << one << none << false << Errno::AddrInUse;
    QTest::newRow("[::1] then 127.0.0.1") << "[::1]:5353" << none << "127.0.0.1:5353" << none << false << Errno::Ok;
}

void TestBindRules::udpSecondBind()
{
    QFETCH(QString, first);
    QFETCH(QString, firstOptions);
    QFETCH(QString, second);
    QFETCH(QString, secondOptions);
    QFETCH(bool, otherUser);
    QFETCH(Errno, expected);

    TwoHosts net;
    const Pid p1 = net.alice;
    const Pid p2 = otherUser ? net.bob : net.alice2;
    const SocketId a = net.socketFor(p1, Protocol::Udp, ep(first));
    CHECK_OK(net.setOptions(p1, a, firstOptions));
    CHECK_OK(net.world.bind(p1, a, ep(first)));
    const SocketId b = net.socketFor(p2, Protocol::Udp, ep(second));
    CHECK_OK(net.setOptions(p2, b, secondOptions));
    CHECK_ERRNO(net.world.bind(p2, b, ep(second)), expected);
}

void TestBindRules::protocolsHaveSeparatePorts()
{
    // TCP port 53 and UDP port 53 are different ports: each protocol has its own 65536.
    TwoHosts net;
    const SocketId t = net.tcp(net.nginx);
    const SocketId u = net.udp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, t, ep(u"0.0.0.0:53")));
    CHECK_OK(net.world.listen(net.nginx, t, 8));
    CHECK_OK(net.world.bind(net.nginx, u, ep(u"0.0.0.0:53")));
    const SocketId t2 = net.tcp(net.nginx);
    CHECK_ERRNO(net.world.bind(net.nginx, t2, ep(u"0.0.0.0:53")), Errno::AddrInUse);
    const SocketId u2 = net.udp(net.nginx);
    CHECK_ERRNO(net.world.bind(net.nginx, u2, ep(u"10.0.0.1:53")), Errno::AddrInUse);
    // Another host's ports are its own business.
    const Pid other = net.world.addProcess(net.client, QStringLiteral("named"), QStringLiteral("root"));
    const SocketId t3 = net.world.socket(other, Protocol::Tcp, Family::IPv4).value;
    CHECK_OK(net.world.bind(other, t3, ep(u"0.0.0.0:53")));
}

void TestBindRules::closingFreesThePort()
{
    TwoHosts net;
    for (const Protocol protocol : {Protocol::Tcp, Protocol::Udp}) {
        const SocketId a = net.world.socket(net.nginx, protocol, Family::IPv4).value;
        CHECK_OK(net.world.bind(net.nginx, a, ep(u"0.0.0.0:80")));
        if (protocol == Protocol::Tcp)
            CHECK_OK(net.world.listen(net.nginx, a, 8));
        const SocketId b = net.world.socket(net.nginx, protocol, Family::IPv4).value;
        CHECK_ERRNO(net.world.bind(net.nginx, b, ep(u"0.0.0.0:80")), Errno::AddrInUse);
        CHECK_OK(net.world.close(net.nginx, a));
        CHECK_OK(net.world.bind(net.nginx, b, ep(u"0.0.0.0:80")));
        CHECK_OK(net.world.close(net.nginx, b));
        // The closed descriptor is gone for its process.
        CHECK_ERRNO(net.world.close(net.nginx, a), Errno::BadF);
    }
}

// --- bind()'s own checks -------------------------------------------------------------------

void TestBindRules::bindTwice_data()
{
    QTest::addColumn<Protocol>("protocol");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("firstBind");   // "" for none, "listen", "connect" or an endpoint
    QTest::addColumn<QString>("target");
    QTest::addColumn<Errno>("expected");

    // A socket is bound once. Linux's inet_bind() checks the address, then the privilege,
    // then the socket; inet6_bind() checks the privilege, then the socket, then the address.
    QTest::newRow("tcp twice") << Protocol::Tcp << "alice" << "10.0.0.1:5001" << "10.0.0.1:5003" << Errno::Inval;
    QTest::newRow("tcp same endpoint twice") << Protocol::Tcp << "alice" << "10.0.0.1:5001" << "10.0.0.1:5001" << Errno::Inval;
    QTest::newRow("udp twice") << Protocol::Udp << "alice" << "10.0.0.1:5001" << "10.0.0.1:5003" << Errno::Inval;
    QTest::newRow("tcp after bind(0)") << Protocol::Tcp << "alice" << "10.0.0.1:0" << "10.0.0.1:5003" << Errno::Inval;
    QTest::newRow("tcp after listen on unbound") << Protocol::Tcp << "alice" << "listen" << "10.0.0.1:5003" << Errno::Inval;
    QTest::newRow("tcp after connect") << Protocol::Tcp << "alice" << "connect" << "10.0.0.1:0" << Errno::Inval;
    QTest::newRow("ipv4: bound, privileged, user") << Protocol::Tcp << "alice" << "127.0.0.1:5001" << "127.0.0.1:80" << Errno::Acces;
    QTest::newRow("ipv4: bound, privileged, root") << Protocol::Tcp << "root" << "127.0.0.1:5001" << "127.0.0.1:80" << Errno::Inval;
    QTest::newRow("ipv4: bound, foreign address") << Protocol::Tcp << "root" << "127.0.0.1:5004" << "192.0.2.99:5005" << Errno::AddrNotAvail;
    QTest::newRow("ipv4: bound, foreign, privileged") << Protocol::Udp << "alice" << "127.0.0.1:5006" << "192.0.2.99:80" << Errno::AddrNotAvail;
    QTest::newRow("ipv6: bound, foreign address") << Protocol::Tcp << "alice" << "[::1]:5014" << "[2001:db8::99]:5015" << Errno::Inval;
    QTest::newRow("ipv6: bound, foreign, privileged, user") << Protocol::Udp << "alice" << "[::1]:5016" << "[2001:db8::99]:80" << Errno::Acces;
    QTest::newRow("ipv6: bound, foreign, privileged, root") << Protocol::Tcp << "root" << "[::1]:5016" << "[2001:db8::99]:80" << Errno::Inval;
}

void TestBindRules::bindTwice()
{
    QFETCH(Protocol, protocol);
    QFETCH(QString, user);
    QFETCH(QString, firstBind);
    QFETCH(QString, target);
    QFETCH(Errno, expected);

    TwoHosts net;
    const Pid pid = user == u"root" ? net.nginx : net.alice;
    const SocketId s = net.world.socket(pid, protocol, ep(target).address.family()).value;
    if (firstBind == u"listen") {
        CHECK_OK(net.world.listen(pid, s, 4));
    } else if (firstBind == u"connect") {
        const SocketId l = net.tcp(net.nginx);
        CHECK_OK(net.world.bind(net.nginx, l, ep(u"10.0.0.1:8080")));
        CHECK_OK(net.world.listen(net.nginx, l, 4));
        CHECK_OK(net.world.connect(pid, s, ep(u"10.0.0.1:8080")));
    } else {
        CHECK_OK(net.world.bind(pid, s, ep(firstBind)));
    }
    const Endpoint before = net.world.socketAt(s).local;
    CHECK_ERRNO(net.world.bind(pid, s, ep(target)), expected);
    QCOMPARE(net.world.socketAt(s).local, before);
}

void TestBindRules::familyMismatch()
{
    TwoHosts net;
    const SocketId four = net.tcp(net.alice, Family::IPv4);
    CHECK_ERRNO(net.world.bind(net.alice, four, ep(u"[::1]:8080")), Errno::AfNoSupport);
    const SocketId six = net.tcp(net.alice, Family::IPv6);
    CHECK_ERRNO(net.world.bind(net.alice, six, ep(u"10.0.0.1:8080")), Errno::Inval);
    // IPV6_V6ONLY is an IPv6 option, and is fixed once the socket is bound.
    CHECK_ERRNO(net.world.setsockopt(net.alice, four, SocketOption::V6Only, 1), Errno::NoProtoOpt);
    CHECK_OK(net.world.bind(net.alice, six, ep(u"[::]:8080")));
    CHECK_ERRNO(net.world.setsockopt(net.alice, six, SocketOption::V6Only, 1), Errno::Inval);
}

void TestBindRules::privilegedPorts_data()
{
    QTest::addColumn<QString>("who");          // root, alice, capable (CAP_NET_BIND_SERVICE)
    QTest::addColumn<Protocol>("protocol");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<int>("unprivilegedPortStart");   // -1: leave the default (1024)
    QTest::addColumn<Errno>("expected");

    QTest::newRow("root 80") << "root" << Protocol::Tcp << "0.0.0.0:80" << -1 << Errno::Ok;
    QTest::newRow("root 1") << "root" << Protocol::Tcp << "10.0.0.1:1" << -1 << Errno::Ok;
    QTest::newRow("user 80") << "alice" << Protocol::Tcp << "0.0.0.0:80" << -1 << Errno::Acces;
    QTest::newRow("user 1") << "alice" << Protocol::Tcp << "10.0.0.1:1" << -1 << Errno::Acces;
    QTest::newRow("user 1023") << "alice" << Protocol::Tcp << "10.0.0.1:1023" << -1 << Errno::Acces;
    QTest::newRow("user 1024") << "alice" << Protocol::Tcp << "10.0.0.1:1024" << -1 << Errno::Ok;
    QTest::newRow("user port 0") << "alice" << Protocol::Tcp << "0.0.0.0:0" << -1 << Errno::Ok;
    QTest::newRow("user udp 53") << "alice" << Protocol::Udp << "0.0.0.0:53" << -1 << Errno::Acces;
    QTest::newRow("root udp 53") << "root" << Protocol::Udp << "0.0.0.0:53" << -1 << Errno::Ok;
    QTest::newRow("user loopback 80") << "alice" << Protocol::Tcp << "127.0.0.1:80" << -1 << Errno::Acces;
    QTest::newRow("user IPv6 80") << "alice" << Protocol::Tcp << "[::]:80" << -1 << Errno::Acces;
    QTest::newRow("user IPv6 udp 1023") << "alice" << Protocol::Udp << "[2001:db8::1]:1023" << -1 << Errno::Acces;
    QTest::newRow("root IPv6 443") << "root" << Protocol::Tcp << "[::]:443" << -1 << Errno::Ok;
    QTest::newRow("capability 80") << "capable" << Protocol::Tcp << "0.0.0.0:80" << -1 << Errno::Ok;
    QTest::newRow("capability udp 443") << "capable" << Protocol::Udp << "10.0.0.1:443" << -1 << Errno::Ok;
    QTest::newRow("capability IPv6 25") << "capable" << Protocol::Tcp << "[::]:25" << -1 << Errno::Ok;
    QTest::newRow("start 80: user 80") << "alice" << Protocol::Tcp << "0.0.0.0:80" << 80 << Errno::Ok;
    QTest::newRow("start 80: user 79") << "alice" << Protocol::Tcp << "0.0.0.0:79" << 80 << Errno::Acces;
    QTest::newRow("start 80: user udp 80") << "alice" << Protocol::Udp << "0.0.0.0:80" << 80 << Errno::Ok;
    QTest::newRow("start 80: user IPv6 80") << "alice" << Protocol::Tcp << "[::]:80" << 80 << Errno::Ok;
    QTest::newRow("start 0: user 1") << "alice" << Protocol::Tcp << "0.0.0.0:1" << 0 << Errno::Ok;
    QTest::newRow("start 0: user udp 7") << "alice" << Protocol::Udp << "0.0.0.0:7" << 0 << Errno::Ok;
    QTest::newRow("start 3000: user 2000") << "alice" << Protocol::Tcp << "0.0.0.0:2000" << 3000 << Errno::Acces;
    QTest::newRow("start 3000: root 2000") << "root" << Protocol::Tcp << "0.0.0.0:2000" << 3000 << Errno::Ok;
}

void TestBindRules::privilegedPorts()
{
    QFETCH(QString, who);
    QFETCH(Protocol, protocol);
    QFETCH(QString, endpoint);
    QFETCH(int, unprivilegedPortStart);
    QFETCH(Errno, expected);

    TwoHosts net;
    if (unprivilegedPortStart >= 0)
        net.world.host(net.server).settings().unprivilegedPortStart = static_cast<std::uint16_t>(unprivilegedPortStart);
    const Pid pid = who == u"root" ? net.nginx : (who == u"alice" ? net.alice : net.capable);
    const SocketId s = net.world.socket(pid, protocol, ep(endpoint).address.family()).value;
    const SysResult r = net.world.bind(pid, s, ep(endpoint));
    CHECK_ERRNO(r, expected);
    if (expected == Errno::Acces)
        QVERIFY2(r.explanation.contains(QString::number(ep(endpoint).port)), qPrintable(r.explanation));
}

void TestBindRules::addressAvailability_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<Protocol>("protocol");
    QTest::addColumn<bool>("v6Only");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<Errno>("expected");

    QTest::newRow("own address") << "alice" << Protocol::Tcp << false << "10.0.0.1:8080" << Errno::Ok;
    QTest::newRow("own second address") << "alice" << Protocol::Tcp << false << "10.0.0.3:8080" << Errno::Ok;
    QTest::newRow("nobody's address") << "alice" << Protocol::Tcp << false << "10.0.0.99:8080" << Errno::AddrNotAvail;
    QTest::newRow("another host's address") << "alice" << Protocol::Tcp << false << "10.0.0.2:8080" << Errno::AddrNotAvail;
    QTest::newRow("udp nobody's address") << "alice" << Protocol::Udp << false << "192.0.2.99:5000" << Errno::AddrNotAvail;
    QTest::newRow("127.0.0.1") << "alice" << Protocol::Tcp << false << "127.0.0.1:8080" << Errno::Ok;
    QTest::newRow("127.0.0.2") << "alice" << Protocol::Tcp << false << "127.0.0.2:8080" << Errno::Ok;
    QTest::newRow("127.1.2.3") << "alice" << Protocol::Udp << false << "127.1.2.3:8080" << Errno::Ok;
    QTest::newRow("127.255.255.254") << "alice" << Protocol::Tcp << false << "127.255.255.254:8080" << Errno::Ok;
    QTest::newRow("multicast group") << "alice" << Protocol::Udp << false << "224.0.0.1:5008" << Errno::Ok;
    QTest::newRow("limited broadcast") << "alice" << Protocol::Udp << false << "255.255.255.255:5007" << Errno::Ok;
    // IPv4 checks the address before the privilege...
    QTest::newRow("ipv4: foreign address, port 80, user") << "alice" << Protocol::Tcp << false << "10.0.0.99:80" << Errno::AddrNotAvail;
    QTest::newRow("ipv4: foreign address, port 80, root") << "root" << Protocol::Tcp << false << "10.0.0.99:80" << Errno::AddrNotAvail;
    // ...IPv6 the privilege before the address.
    QTest::newRow("ipv6: foreign address, port 80, user") << "alice" << Protocol::Tcp << false << "[2001:db8::99]:80" << Errno::Acces;
    QTest::newRow("ipv6: foreign address, port 80, root") << "root" << Protocol::Tcp << false << "[2001:db8::99]:80" << Errno::AddrNotAvail;
    QTest::newRow("ipv6: foreign address") << "alice" << Protocol::Udp << false << "[2001:db8::99]:5010" << Errno::AddrNotAvail;
    QTest::newRow("ipv6: another host's address") << "alice" << Protocol::Tcp << false << "[2001:db8::2]:8080" << Errno::AddrNotAvail;
    QTest::newRow("ipv6: own address") << "alice" << Protocol::Tcp << false << "[2001:db8::1]:8080" << Errno::Ok;
    QTest::newRow("ipv6: ::1") << "alice" << Protocol::Tcp << false << "[::1]:8080" << Errno::Ok;
    QTest::newRow("ipv6: mapped own") << "alice" << Protocol::Tcp << false << "[::ffff:10.0.0.1]:8080" << Errno::Ok;
    QTest::newRow("ipv6: mapped loopback") << "alice" << Protocol::Udp << false << "[::ffff:127.0.0.1]:5019" << Errno::Ok;
    QTest::newRow("ipv6: mapped loopback 80, user") << "alice" << Protocol::Tcp << false << "[::ffff:127.0.0.1]:80" << Errno::Acces;
    QTest::newRow("ipv6: mapped foreign") << "alice" << Protocol::Tcp << false << "[::ffff:192.0.2.99]:5020" << Errno::AddrNotAvail;
    QTest::newRow("ipv6: mapped foreign 80, user") << "alice" << Protocol::Tcp << false << "[::ffff:192.0.2.99]:80" << Errno::Acces;
    QTest::newRow("ipv6: mapped foreign 80, root") << "root" << Protocol::Udp << false << "[::ffff:192.0.2.99]:80" << Errno::AddrNotAvail;
    QTest::newRow("v6only: mapped") << "alice" << Protocol::Tcp << true << "[::ffff:127.0.0.1]:5017" << Errno::Inval;
    QTest::newRow("v6only: mapped foreign") << "alice" << Protocol::Udp << true << "[::ffff:192.0.2.99]:5018" << Errno::Inval;
    QTest::newRow("v6only: mapped 80, user") << "alice" << Protocol::Tcp << true << "[::ffff:127.0.0.1]:80" << Errno::Acces;
    QTest::newRow("v6only: mapped 80, root") << "root" << Protocol::Tcp << true << "[::ffff:127.0.0.1]:80" << Errno::Inval;
    // A link-local multicast group names no interface without a scope id.
    QTest::newRow("ipv6: link-local multicast without scope") << "alice" << Protocol::Udp << false << "[ff02::1]:5021" << Errno::Inval;
}

void TestBindRules::addressAvailability()
{
    QFETCH(QString, who);
    QFETCH(Protocol, protocol);
    QFETCH(bool, v6Only);
    QFETCH(QString, endpoint);
    QFETCH(Errno, expected);

    TwoHosts net;
    const Pid pid = who == u"root" ? net.nginx : net.alice;
    const SocketId s = net.world.socket(pid, protocol, ep(endpoint).address.family()).value;
    if (v6Only)
        CHECK_OK(net.world.setsockopt(pid, s, SocketOption::V6Only, 1));
    const SysResult r = net.world.bind(pid, s, ep(endpoint));
    CHECK_ERRNO(r, expected);
    if (expected == Errno::AddrNotAvail)
        QVERIFY2(r.explanation.contains(ep(endpoint).address.toString()), qPrintable(r.explanation));
}

// --- TIME_WAIT and other closing connections -----------------------------------------------

namespace {

struct ClosedConnection {
    SocketId listener = NoSocket;
    SocketId accepted = NoSocket;
    SocketId client = NoSocket;
    SimTime timeWaitSince{0};
};

// nginx listens on 10.0.0.1:8080 with `options`, curl connects, nginx accepts; then
// `serverFirst` decides who closes first. The listener is closed at the end.
bool closeOneConnection(TwoHosts &net, const QString &options, bool serverFirst, bool bothClose, ClosedConnection *out)
{
    World &w = net.world;
    TraceRecorder trace(w);
    out->listener = net.tcp(net.nginx);
    if (!net.setOptions(net.nginx, out->listener, options).ok()
        || !w.bind(net.nginx, out->listener, ep(u"10.0.0.1:8080")).ok()
        || !w.listen(net.nginx, out->listener, 8).ok())
        return false;
    out->client = w.socket(net.curl, Protocol::Tcp, Family::IPv4).value;
    if (!w.connect(net.curl, out->client, ep(u"10.0.0.1:8080")).ok())
        return false;
    const auto accepted = w.accept(net.nginx, out->listener);
    if (!accepted.ok())
        return false;
    out->accepted = accepted.value;
    if (serverFirst) {
        w.close(net.nginx, out->accepted);
        w.settle();
        if (bothClose)
            w.close(net.curl, out->client);
    } else {
        w.close(net.curl, out->client);
        w.settle();
        if (bothClose)
            w.close(net.nginx, out->accepted);
    }
    w.settle();
    w.close(net.nginx, out->listener);
    w.settle();
    for (const TraceEvent &e : trace.ofKind(TraceKind::StateChanged)) {
        if (e.to == SocketState::TimeWait)
            out->timeWaitSince = e.time;
    }
    w.setTraceSink({});
    return true;
}

} // namespace

void TestBindRules::timeWaitHoldsServerPort_data()
{
    QTest::addColumn<QString>("listenerOptions");
    QTest::addColumn<QString>("newOptions");
    QTest::addColumn<QString>("newAddress");
    QTest::addColumn<bool>("otherUser");
    QTest::addColumn<Errno>("expected");

    // The server closed first, so its side of the connection, which holds 10.0.0.1:8080,
    // waits in TIME_WAIT. Measured: only matching SO_REUSEADDR or SO_REUSEPORT get past it.
    QTest::newRow("none, none, specific") << "" << "" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    QTest::newRow("none, none, wildcard") << "" << "" << "0.0.0.0:8080" << false << Errno::AddrInUse;
    QTest::newRow("none, RA") << "" << "RA" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    QTest::newRow("none, RA, wildcard") << "" << "RA" << "0.0.0.0:8080" << false << Errno::AddrInUse;
    QTest::newRow("RA, none") << "RA" << "" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    QTest::newRow("RA, RA") << "RA" << "RA" << "10.0.0.1:8080" << false << Errno::Ok;
    QTest::newRow("RA, RA, wildcard") << "RA" << "RA" << "0.0.0.0:8080" << false << Errno::Ok;
    QTest::newRow("RP, RP") << "RP" << "RP" << "10.0.0.1:8080" << false << Errno::Ok;
    QTest::newRow("RA+RP, RA+RP, wildcard") << "RA+RP" << "RA+RP" << "0.0.0.0:8080" << false << Errno::Ok;
    QTest::newRow("none, RP") << "" << "RP" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    QTest::newRow("RP, none") << "RP" << "" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    QTest::newRow("RP, RA") << "RP" << "RA" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    QTest::newRow("RA, RP") << "RA" << "RP" << "10.0.0.1:8080" << false << Errno::AddrInUse;
    // TIME_WAIT has no owner any more: SO_REUSEPORT's same-user rule does not apply to it.
    QTest::newRow("RP, RP, other user") << "RP" << "RP" << "10.0.0.1:8080" << true << Errno::Ok;
    QTest::newRow("RA, RA, other user") << "RA" << "RA" << "10.0.0.1:8080" << true << Errno::Ok;
    QTest::newRow("another address is free") << "" << "" << "10.0.0.3:8080" << false << Errno::Ok;
}

void TestBindRules::timeWaitHoldsServerPort()
{
    QFETCH(QString, listenerOptions);
    QFETCH(QString, newOptions);
    QFETCH(QString, newAddress);
    QFETCH(bool, otherUser);
    QFETCH(Errno, expected);

    TwoHosts net;
    ClosedConnection c;
    QVERIFY(closeOneConnection(net, listenerOptions, true, true, &c));
    QCOMPARE(net.world.socketAt(c.accepted).state, SocketState::TimeWait);
    QCOMPARE(net.world.socketAt(c.accepted).local, ep(u"10.0.0.1:8080"));
    QCOMPARE(net.world.socketAt(c.client).state, SocketState::Closed);

    const Pid pid = otherUser ? net.alice : net.nginx;
    const SocketId s = net.tcp(pid);
    CHECK_OK(net.setOptions(pid, s, newOptions));
    const SysResult r = net.world.bind(pid, s, ep(newAddress));
    CHECK_ERRNO(r, expected);
    if (r.ok())
        CHECK_OK(net.world.listen(pid, s, 8));
    else
        QVERIFY2(r.explanation.contains(QStringLiteral("TIME_WAIT")), qPrintable(r.explanation));
}

void TestBindRules::timeWaitExpires()
{
    TwoHosts net;
    ClosedConnection c;
    QVERIFY(closeOneConnection(net, QString(), true, true, &c));
    QCOMPARE(net.world.socketAt(c.accepted).state, SocketState::TimeWait);
    QVERIFY(c.timeWaitSince > SimTime{0});
    const SimTime end = c.timeWaitSince + std::chrono::seconds(net.world.host(net.server).personality().timeWaitSeconds);
    QCOMPARE(end - c.timeWaitSince, SimTime{std::chrono::seconds(60)});

    const SocketId s = net.tcp(net.nginx);
    // One microsecond before the 60 s are up the port is still held...
    net.world.advance(end - net.world.now() - SimTime{1});
    QCOMPARE(net.world.socketAt(c.accepted).state, SocketState::TimeWait);
    CHECK_ERRNO(net.world.bind(net.nginx, s, ep(u"0.0.0.0:8080")), Errno::AddrInUse);
    // ...and then it is free, without any option.
    net.world.advance(SimTime{1});
    QCOMPARE(net.world.now(), end);
    QCOMPARE(net.world.socketAt(c.accepted).state, SocketState::Closed);
    CHECK_OK(net.world.bind(net.nginx, s, ep(u"0.0.0.0:8080")));
    CHECK_OK(net.world.listen(net.nginx, s, 8));
}

void TestBindRules::finWait2HoldsServerPort_data()
{
    QTest::addColumn<QString>("options");
    QTest::addColumn<Errno>("expected");
    QTest::newRow("none") << "" << Errno::AddrInUse;
    QTest::newRow("RA on the new socket only") << "new:RA" << Errno::AddrInUse;
    QTest::newRow("RA on both") << "RA" << Errno::Ok;
}

void TestBindRules::finWait2HoldsServerPort()
{
    QFETCH(QString, options);
    QFETCH(Errno, expected);
    // The server closed, the client has not: the server's side waits in FIN_WAIT2 and still
    // holds the port.
    TwoHosts net;
    ClosedConnection c;
    const bool newOnly = options.startsWith(QStringLiteral("new:"));
    const QString opts = newOnly ? options.mid(4) : options;
    QVERIFY(closeOneConnection(net, newOnly ? QString() : opts, true, false, &c));
    QCOMPARE(net.world.socketAt(c.accepted).state, SocketState::FinWait2);
    QCOMPARE(net.world.socketAt(c.client).state, SocketState::CloseWait);
    const SocketId s = net.tcp(net.nginx);
    CHECK_OK(net.setOptions(net.nginx, s, opts));
    CHECK_ERRNO(net.world.bind(net.nginx, s, ep(u"10.0.0.1:8080")), expected);
}

void TestBindRules::clientClosingFirstLeavesServerPortFree()
{
    TwoHosts net;
    ClosedConnection c;
    QVERIFY(closeOneConnection(net, QString(), false, true, &c));
    // TIME_WAIT is on the side that closed first: the client.
    QCOMPARE(net.world.socketAt(c.client).state, SocketState::TimeWait);
    QCOMPARE(net.world.socketAt(c.accepted).state, SocketState::Closed);
    const SocketId s = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, s, ep(u"0.0.0.0:8080")));
    CHECK_OK(net.world.listen(net.nginx, s, 8));
    // The client's ephemeral port is the one held now.
    const std::uint16_t clientPort = net.world.socketAt(c.client).local.port;
    const SocketId t = net.world.socket(net.curl, Protocol::Tcp, Family::IPv4).value;
    CHECK_ERRNO(net.world.bind(net.curl, t, Endpoint{ip(u"10.0.0.2"), clientPort}), Errno::AddrInUse);
}

void TestBindRules::explanationsNameTheHolder()
{
    TwoHosts net;
    const SocketId s = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, s, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, s, 511));
    const Pid apache = net.world.addProcess(net.server, QStringLiteral("apache2"), QStringLiteral("root"));
    for (const QString &target : {QStringLiteral("0.0.0.0:80"), QStringLiteral("10.0.0.1:80"), QStringLiteral("[::]:80")}) {
        const SocketId t = net.world.socket(apache, Protocol::Tcp, ep(target).address.family()).value;
        const SysResult r = net.world.bind(apache, t, ep(target));
        CHECK_ERRNO(r, Errno::AddrInUse);
        QVERIFY2(r.explanation.contains(QStringLiteral("nginx")), qPrintable(r.explanation));
        QVERIFY2(r.explanation.contains(QStringLiteral("0.0.0.0:80")), qPrintable(r.explanation));
    }
    // The success of a bind says what now belongs to whom.
    const SocketId u = net.udp(apache);
    const SysResult ok = net.world.bind(apache, u, ep(u"0.0.0.0:80"));
    CHECK_OK(ok);
    QVERIFY(ok.explanation.contains(QStringLiteral("apache2")));
    QCOMPARE(net.world.describeSocket(s).left(5), QStringLiteral("nginx"));
}

void TestBindRules::reusePortGroupSummary_data()
{
    QTest::addColumn<bool>("listening");
    QTest::newRow("bound") << false;
    QTest::newRow("listening") << true;
}

// A same-user SO_REUSEPORT group joins in O(1); another user is still refused; and, as on Linux
// (docs/linux-reference.md, Q2), a member that clears SO_REUSEPORT after binding does not stop
// the next same-user member from joining.
void TestBindRules::reusePortGroupSummary()
{
    QFETCH(bool, listening);
    TwoHosts net;
    const Endpoint at = ep(u"10.0.0.1:7000");
    std::vector<SocketId> members;
    for (int i = 0; i < 3; ++i) {
        const SocketId s = net.tcp(net.alice);
        CHECK_OK(net.setOptions(net.alice, s, u"RP"));
        CHECK_OK(net.world.bind(net.alice, s, at));
        if (listening)
            CHECK_OK(net.world.listen(net.alice, s, 16));
        members.push_back(s);
    }
    const SocketId stranger = net.tcp(net.bob);
    CHECK_OK(net.setOptions(net.bob, stranger, u"RP"));
    CHECK_ERRNO(net.world.bind(net.bob, stranger, at), Errno::AddrInUse);

    CHECK_OK(net.world.setsockopt(net.alice, members[1], SocketOption::ReusePort, 0));
    const SocketId late = net.tcp(net.alice2);
    CHECK_OK(net.setOptions(net.alice2, late, u"RP"));
    CHECK_OK(net.world.bind(net.alice2, late, at));
    // A socket without SO_REUSEPORT is still refused: the summary only lets members in.
    const SocketId plain = net.tcp(net.alice);
    CHECK_ERRNO(net.world.bind(net.alice, plain, at), Errno::AddrInUse);
}

QTEST_GUILESS_MAIN(TestBindRules)
#include "tst_bind_rules.moc"
