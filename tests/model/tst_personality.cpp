// SPDX-License-Identifier: GPL-3.0-or-later
// Operating-system personalities (Linux, IANA's range, Windows) and what they change; errno
// names and descriptions; and that every failure explains itself.
#include "model_test_support.h"

#include <set>

using namespace portlab;

class TestPersonality : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void values_data();
    void values();
    void fromName();
    void hostAdoptsPersonality();
    void ephemeralRangeInUse_data();
    void ephemeralRangeInUse();
    void windowsHasNoPrivilegedPorts();
    void windowsHasNoReusePort();
    void windowsSharesOnlyWithReuseAddrOnBoth();
    void ianaKeepsLinuxRules();
    void errnoNames();
    void failuresExplainThemselves();
};

void TestPersonality::values_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("low");
    QTest::addColumn<int>("high");
    QTest::addColumn<int>("unprivilegedStart");
    QTest::addColumn<bool>("reusePort");
    QTest::addColumn<int>("timeWait");
    QTest::newRow("linux") << "linux" << 32768 << 60999 << 1024 << true << 60;
    QTest::newRow("iana") << "iana" << 49152 << 65535 << 1024 << true << 60;
    QTest::newRow("windows") << "windows" << 49152 << 65535 << 0 << false << 120;
}

void TestPersonality::values()
{
    QFETCH(QString, name);
    QFETCH(int, low);
    QFETCH(int, high);
    QFETCH(int, unprivilegedStart);
    QFETCH(bool, reusePort);
    QFETCH(int, timeWait);
    const auto p = Personality::fromName(name);
    QVERIFY(p);
    QCOMPARE(p->name, name);
    QCOMPARE(int(p->ephemeralLow), low);
    QCOMPARE(int(p->ephemeralHigh), high);
    QCOMPARE(int(p->unprivilegedPortStart), unprivilegedStart);
    QCOMPARE(p->hasReusePort, reusePort);
    QCOMPARE(p->timeWaitSeconds, std::int64_t{timeWait});
}

void TestPersonality::fromName()
{
    QCOMPARE(Personality::fromName(u"linux")->kind, PersonalityKind::Linux);
    QCOMPARE(Personality::fromName(u"iana")->kind, PersonalityKind::Iana);
    QCOMPARE(Personality::fromName(u"windows")->kind, PersonalityKind::Windows);
    QVERIFY(!Personality::fromName(u"plan9"));
    QVERIFY(!Personality::fromName(u""));
    QCOMPARE(Personality::forLinux().name, QStringLiteral("linux"));
}

void TestPersonality::hostAdoptsPersonality()
{
    World world;
    const HostId h = world.addHost(QStringLiteral("pc"));
    QCOMPARE(world.host(h).personality().kind, PersonalityKind::Linux);
    world.host(h).setPersonality(Personality::forWindows());
    QCOMPARE(int(world.host(h).settings().ephemeralLow), 49152);
    QCOMPARE(int(world.host(h).settings().ephemeralHigh), 65535);
    QCOMPARE(int(world.host(h).settings().unprivilegedPortStart), 0);
    QCOMPARE(world.findHost(u"pc"), std::optional<HostId>(h));
    QVERIFY(!world.findHost(u"mac"));
    // Addresses belong to one host only, and some cannot be a host's at all.
    CHECK_OK(world.addAddress(h, ip(u"192.168.1.10")));
    const HostId other = world.addHost(QStringLiteral("other"));
    CHECK_ERRNO(world.addAddress(other, ip(u"192.168.1.10")), Errno::AddrInUse);
    CHECK_ERRNO(world.addAddress(other, ip(u"0.0.0.0")), Errno::Inval);
    CHECK_ERRNO(world.addAddress(other, ip(u"127.0.0.5")), Errno::Inval);
    CHECK_ERRNO(world.addAddress(other, ip(u"224.0.0.1")), Errno::Inval);
}

void TestPersonality::ephemeralRangeInUse_data()
{
    QTest::addColumn<QString>("os");
    QTest::addColumn<int>("low");
    QTest::addColumn<int>("high");
    QTest::addColumn<bool>("splitsParity");
    QTest::newRow("linux") << "linux" << 32768 << 60999 << true;
    QTest::newRow("iana") << "iana" << 49152 << 65535 << true;
    QTest::newRow("windows") << "windows" << 49152 << 65535 << false;
}

void TestPersonality::ephemeralRangeInUse()
{
    QFETCH(QString, os);
    QFETCH(int, low);
    QFETCH(int, high);
    QFETCH(bool, splitsParity);
    TwoHosts net(3, *Personality::fromName(os));
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"10.0.0.1:8080")));
    CHECK_OK(net.world.listen(net.nginx, l, 1000));
    std::set<int> parities;
    for (int i = 0; i < 60; ++i) {
        const SocketId c = net.tcp(net.curl);
        CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:8080")));
        const int port = net.world.socketAt(c).local.port;
        QVERIFY2(port >= low && port <= high, qPrintable(QString::number(port)));
        parities.insert(port % 2);
        const SocketId b = net.tcp(net.curl);
        CHECK_OK(net.world.bind(net.curl, b, ep(u"0.0.0.0:0")));
        const int bound = net.world.socketAt(b).local.port;
        QVERIFY2(bound >= low && bound <= high, qPrintable(QString::number(bound)));
        const SocketId u = net.udp(net.curl);
        CHECK_OK(net.world.sendTo(net.curl, u, ep(u"10.0.0.1:9"), QByteArrayLiteral("x")));
        const int udp = net.world.socketAt(u).local.port;
        QVERIFY2(udp >= low && udp <= high, qPrintable(QString::number(udp)));
    }
    // Linux's rules keep connect() on one parity; Windows does not split the range.
    QCOMPARE(parities.size(), splitsParity ? std::size_t{1} : std::size_t{2});
    if (splitsParity)
        QCOMPARE(*parities.begin(), low % 2);
}

void TestPersonality::windowsHasNoPrivilegedPorts()
{
    TwoHosts net(1, Personality::forWindows());
    CHECK_OK(net.world.bind(net.alice, net.tcp(net.alice), ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.bind(net.alice, net.udp(net.alice), ep(u"10.0.0.1:53")));
    CHECK_OK(net.world.bind(net.alice, net.tcp(net.alice, Family::IPv6), ep(u"[2001:db8::1]:1")));
}

void TestPersonality::windowsHasNoReusePort()
{
    TwoHosts net(1, Personality::forWindows());
    const SocketId s = net.tcp(net.alice);
    CHECK_ERRNO(net.world.setsockopt(net.alice, s, SocketOption::ReusePort, 1), Errno::NoProtoOpt);
    QVERIFY(!net.world.socketAt(s).reusePort);
    CHECK_OK(net.world.setsockopt(net.alice, s, SocketOption::ReuseAddr, 1));
    // Linux has it.
    TwoHosts lin;
    CHECK_OK(lin.world.setsockopt(lin.alice, lin.tcp(lin.alice), SocketOption::ReusePort, 1));
}

void TestPersonality::windowsSharesOnlyWithReuseAddrOnBoth()
{
    // Windows (since the "enhanced socket security" of Server 2003): SO_REUSEADDR shares a
    // port only when both sockets set it, and then even with a listener, which Linux refuses.
    for (const bool windows : {true, false}) {
        TwoHosts net(1, windows ? Personality::forWindows() : Personality::forLinux());
        const SocketId l = net.tcp(net.nginx);
        CHECK_OK(net.world.setsockopt(net.nginx, l, SocketOption::ReuseAddr, 1));
        CHECK_OK(net.world.bind(net.nginx, l, ep(u"0.0.0.0:8080")));
        CHECK_OK(net.world.listen(net.nginx, l, 8));
        const SocketId s = net.tcp(net.nginx);
        CHECK_OK(net.world.setsockopt(net.nginx, s, SocketOption::ReuseAddr, 1));
        CHECK_ERRNO(net.world.bind(net.nginx, s, ep(u"0.0.0.0:8080")), windows ? Errno::Ok : Errno::AddrInUse);

        // A first socket without the option keeps its port from everyone.
        const SocketId first = net.tcp(net.nginx);
        CHECK_OK(net.world.bind(net.nginx, first, ep(u"0.0.0.0:9090")));
        CHECK_ERRNO(net.world.bind(net.nginx, net.tcp(net.nginx), ep(u"0.0.0.0:9090")), Errno::AddrInUse);
        const SocketId late = net.tcp(net.nginx);
        CHECK_OK(net.world.setsockopt(net.nginx, late, SocketOption::ReuseAddr, 1));
        const SysResult r = net.world.bind(net.nginx, late, ep(u"0.0.0.0:9090"));
        QVERIFY2(!r.ok(), qPrintable(r.explanation));
        QVERIFY(!r.explanation.isEmpty());
    }
}

void TestPersonality::ianaKeepsLinuxRules()
{
    TwoHosts net(1, Personality::forIana());
    CHECK_ERRNO(net.world.bind(net.alice, net.tcp(net.alice), ep(u"0.0.0.0:80")), Errno::Acces);
    CHECK_OK(net.world.bind(net.nginx, net.tcp(net.nginx), ep(u"0.0.0.0:80")));
    const SocketId a = net.tcp(net.alice);
    const SocketId b = net.tcp(net.alice2);
    CHECK_OK(net.world.setsockopt(net.alice, a, SocketOption::ReusePort, 1));
    CHECK_OK(net.world.setsockopt(net.alice2, b, SocketOption::ReusePort, 1));
    CHECK_OK(net.world.bind(net.alice, a, ep(u"0.0.0.0:8080")));
    CHECK_OK(net.world.listen(net.alice, a, 8));
    CHECK_OK(net.world.bind(net.alice2, b, ep(u"0.0.0.0:8080")));
    CHECK_OK(net.world.listen(net.alice2, b, 8));
}

void TestPersonality::errnoNames()
{
    const Errno all[] = {Errno::Ok, Errno::AddrInUse, Errno::AddrNotAvail, Errno::Acces, Errno::Inval,
                         Errno::IsConn, Errno::NotConn, Errno::ConnRefused, Errno::ConnReset, Errno::TimedOut,
                         Errno::HostUnreach, Errno::Pipe, Errno::Again, Errno::OpNotSupp, Errno::NoProtoOpt,
                         Errno::AfNoSupport, Errno::Already, Errno::BadF, Errno::MsgSize, Errno::DestAddrReq,
                         Errno::NetUnreach, Errno::InProgress, Errno::Perm, Errno::Srch};
    std::set<QString> names;
    for (const Errno e : all) {
        const QString name = errnoName(e);
        QVERIFY(!name.isEmpty());
        QVERIFY(names.insert(name).second);
        QCOMPARE(errnoFromName(name), std::optional<Errno>(e));
        QCOMPARE(errnoFromName(name.toLower()), std::optional<Errno>(e));
        QVERIFY(!errnoDescription(e).isEmpty());
        if (e != Errno::Ok)
            QVERIFY2(name.startsWith(u'E'), qPrintable(name));
    }
    QCOMPARE(errnoName(Errno::AddrInUse), QStringLiteral("EADDRINUSE"));
    QCOMPARE(errnoName(Errno::Acces), QStringLiteral("EACCES"));
    QCOMPARE(errnoName(Errno::OpNotSupp), QStringLiteral("EOPNOTSUPP"));
    QCOMPARE(errnoDescription(Errno::AddrInUse), QStringLiteral("Address already in use"));
    QCOMPARE(errnoDescription(Errno::AddrNotAvail), QStringLiteral("Cannot assign requested address"));
    QCOMPARE(errnoDescription(Errno::ConnRefused), QStringLiteral("Connection refused"));
    QCOMPARE(errnoFromName(u"EWOULDBLOCK"), std::optional<Errno>(Errno::Again));
    QVERIFY(!errnoFromName(u"ENOSUCHTHING"));
}

void TestPersonality::failuresExplainThemselves()
{
    // A tour of many failing calls; CHECK_ERRNO also demands a non-empty explanation.
    TwoHosts net;
    World &w = net.world;
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(w.bind(net.nginx, l, ep(u"0.0.0.0:80")));
    CHECK_OK(w.listen(net.nginx, l, 0));
    const Pid apache = w.addProcess(net.server, QStringLiteral("apache2"), QStringLiteral("root"));
    const SysResult inUse = w.bind(apache, w.socket(apache, Protocol::Tcp, Family::IPv4).value, ep(u"0.0.0.0:80"));
    CHECK_ERRNO(inUse, Errno::AddrInUse);
    QVERIFY2(inUse.explanation.contains(QStringLiteral("nginx")) && inUse.explanation.contains(QStringLiteral("0.0.0.0:80")),
             qPrintable(inUse.explanation));
    CHECK_ERRNO(w.bind(net.alice, net.tcp(net.alice), ep(u"0.0.0.0:81")), Errno::Acces);
    CHECK_ERRNO(w.bind(net.alice, net.tcp(net.alice), ep(u"10.9.9.9:8080")), Errno::AddrNotAvail);
    const SocketId twice = net.tcp(net.alice);
    CHECK_OK(w.bind(net.alice, twice, ep(u"0.0.0.0:8080")));
    CHECK_ERRNO(w.bind(net.alice, twice, ep(u"0.0.0.0:8081")), Errno::Inval);
    CHECK_ERRNO(w.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:81")), Errno::ConnRefused);
    CHECK_ERRNO(w.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.250:80")), Errno::HostUnreach);
    CHECK_OK(w.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")));
    CHECK_ERRNO(w.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")), Errno::TimedOut);
    CHECK_ERRNO(w.listen(net.curl, net.udp(net.curl), 1), Errno::OpNotSupp);
    CHECK_ERRNO(w.accept(net.curl, net.tcp(net.curl)), Errno::Inval);
    CHECK_ERRNO(w.send(net.curl, net.tcp(net.curl), QByteArrayLiteral("x")), Errno::Pipe);
    CHECK_ERRNO(w.receive(net.curl, net.tcp(net.curl)), Errno::NotConn);
    CHECK_ERRNO(w.connect(net.nginx, l, ep(u"10.0.0.2:80")), Errno::IsConn);
    CHECK_ERRNO(w.peerName(net.curl, net.tcp(net.curl)), Errno::NotConn);
    CHECK_ERRNO(w.accept(net.alice, l), Errno::BadF);
    CHECK_ERRNO(w.send(net.curl, net.udp(net.curl), QByteArrayLiteral("x")), Errno::DestAddrReq);
    TwoHosts windows(1, Personality::forWindows());
    CHECK_ERRNO(windows.world.setsockopt(windows.alice, windows.tcp(windows.alice), SocketOption::ReusePort, 1), Errno::NoProtoOpt);
}

QTEST_GUILESS_MAIN(TestPersonality)
#include "tst_personality.moc"
