// SPDX-License-Identifier: GPL-3.0-or-later
// Ephemeral ports: how Linux picks a local port for connect(), bind(port 0), listen() on an
// unbound socket and UDP's first datagram; parity, range, reserved ports, exhaustion, and the
// seeded determinism that lets a scenario replay.
#include "model_test_support.h"

#include <set>

using namespace portlab;

namespace {

struct Range {
    std::uint16_t low;
    std::uint16_t high;
    bool contains(std::uint16_t port) const { return port >= low && port <= high; }
};

// A server with listeners on 10.0.0.1:5000 and :5001 (and 10.0.0.3:5000) that accept
// thousands of connections, and a client whose ephemeral range is `range`.
struct Lab {
    explicit Lab(Range range, std::uint64_t seed = 1, const Personality &os = Personality::forLinux())
        : net(seed, os)
    {
        HostSettings &settings = net.world.host(net.client).settings();
        settings.ephemeralLow = range.low;
        settings.ephemeralHigh = range.high;
        for (const auto *text : {u"10.0.0.1:5000", u"10.0.0.1:5001", u"10.0.0.3:5000"}) {
            const SocketId l = net.tcp(net.nginx);
            net.world.bind(net.nginx, l, ep(text));
            net.world.listen(net.nginx, l, 4096);
        }
    }

    SocketId clientTcp() { return net.world.socket(net.curl, Protocol::Tcp, Family::IPv4).value; }
    SocketId clientUdp() { return net.world.socket(net.curl, Protocol::Udp, Family::IPv4).value; }
    std::uint16_t portOf(SocketId id) const { return net.world.socketAt(id).local.port; }

    // connect() a fresh socket; the local port, or 0 with the error in *error.
    std::uint16_t connect(const Endpoint &to, Errno *error = nullptr)
    {
        const SocketId s = clientTcp();
        const SysResult r = net.world.connect(net.curl, s, to);
        if (error)
            *error = r.error;
        return r.ok() ? portOf(s) : 0;
    }

    std::uint16_t bindZero(Protocol protocol = Protocol::Tcp, Errno *error = nullptr, bool reuseAddr = false)
    {
        const SocketId s = net.world.socket(net.curl, protocol, Family::IPv4).value;
        if (reuseAddr)
            net.world.setsockopt(net.curl, s, SocketOption::ReuseAddr, 1);
        const SysResult r = net.world.bind(net.curl, s, ep(u"10.0.0.2:0"));
        if (error)
            *error = r.error;
        return r.ok() ? portOf(s) : 0;
    }

    std::uint16_t listenUnbound(Errno *error = nullptr)
    {
        const SocketId s = clientTcp();
        const SysResult r = net.world.listen(net.curl, s, 8);
        if (error)
            *error = r.error;
        return r.ok() ? portOf(s) : 0;
    }

    TwoHosts net;
};

QString portsText(const std::vector<std::uint16_t> &ports)
{
    QStringList parts;
    for (const auto p : ports)
        parts << QString::number(p);
    return parts.join(u',');
}

} // namespace

class TestPortAllocator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void connectPrefersLowParity_data();
    void connectPrefersLowParity();
    void bindPrefersOtherParity_data();
    void bindPrefersOtherParity();
    void listenPrefersOtherParity();
    void reuseAddrBindTriesLowerHalf();
    void udpAutobindStaysInRange();
    void defaultRangeIsLinux();
    void reservedPortsSkipped();
    void connectExhaustion();
    void connectReusesPortTowardOtherDestination();
    void singlePortRange();
    void bindZeroExhaustion();
    void connectPortsAreNotForBind();
    void udpExhaustion();
    void clientTimeWaitHoldsFourTuples();
    void determinism();
};

void TestPortAllocator::connectPrefersLowParity_data()
{
    QTest::addColumn<int>("low");
    QTest::addColumn<int>("high");
    QTest::addColumn<int>("connections");
    // connect() scans ports with the parity of the range's low end first, so bind(0) users
    // find the other half free.
    QTest::newRow("40000-40009, even low") << 40000 << 40009 << 5;
    QTest::newRow("40001-40010, odd low") << 40001 << 40010 << 5;
    QTest::newRow("40000-40999, many draws") << 40000 << 40999 << 300;
    QTest::newRow("40001-41000, many draws") << 40001 << 41000 << 300;
}

void TestPortAllocator::connectPrefersLowParity()
{
    QFETCH(int, low);
    QFETCH(int, high);
    QFETCH(int, connections);
    const Range range{static_cast<std::uint16_t>(low), static_cast<std::uint16_t>(high)};
    Lab lab(range);
    std::set<std::uint16_t> seen;
    std::vector<std::uint16_t> ports;
    for (int i = 0; i < connections; ++i) {
        Errno error = Errno::Ok;
        const std::uint16_t port = lab.connect(ep(u"10.0.0.1:5000"), &error);
        QCOMPARE(error, Errno::Ok);
        ports.push_back(port);
        QVERIFY2(range.contains(port), qPrintable(portsText(ports)));
        QVERIFY2(port % 2 == low % 2, qPrintable(QStringLiteral("port %1 has the other parity; so far %2").arg(port).arg(portsText(ports))));
        QVERIFY2(seen.insert(port).second, qPrintable(portsText(ports)));
    }
    // With only the low-parity half left unused toward this destination, the other half follows.
    if (connections * 2 == high - low + 1) {
        const std::uint16_t next = lab.connect(ep(u"10.0.0.1:5000"));
        QVERIFY(range.contains(next));
        QCOMPARE(next % 2, (low + 1) % 2);
    }
    // The choice is not simply the next port up: it depends on a hash of the destination.
    bool allConsecutive = true;
    for (std::size_t i = 1; i < ports.size(); ++i)
        allConsecutive = allConsecutive && ports[i] == ports[i - 1] + 2;
    if (connections > 10)
        QVERIFY(!allConsecutive);
}

void TestPortAllocator::bindPrefersOtherParity_data()
{
    QTest::addColumn<int>("low");
    QTest::addColumn<int>("high");
    QTest::addColumn<int>("binds");
    QTest::newRow("40000-40009") << 40000 << 40009 << 5;
    QTest::newRow("40001-40010") << 40001 << 40010 << 5;
    QTest::newRow("40000-40999, many draws") << 40000 << 40999 << 300;
    QTest::newRow("32768-60999, many draws") << 32768 << 60999 << 300;
}

void TestPortAllocator::bindPrefersOtherParity()
{
    QFETCH(int, low);
    QFETCH(int, high);
    QFETCH(int, binds);
    const Range range{static_cast<std::uint16_t>(low), static_cast<std::uint16_t>(high)};
    Lab lab(range);
    std::set<std::uint16_t> seen;
    std::vector<std::uint16_t> ports;
    for (int i = 0; i < binds; ++i) {
        Errno error = Errno::Ok;
        const std::uint16_t port = lab.bindZero(Protocol::Tcp, &error);
        QCOMPARE(error, Errno::Ok);
        ports.push_back(port);
        QVERIFY2(range.contains(port), qPrintable(portsText(ports)));
        QVERIFY2(port % 2 != low % 2, qPrintable(QStringLiteral("port %1 has connect()'s parity; so far %2").arg(port).arg(portsText(ports))));
        QVERIFY2(seen.insert(port).second, qPrintable(portsText(ports)));
    }
    // Once that half is held, bind(0) takes from the other half.
    if (binds * 2 == high - low + 1) {
        const std::uint16_t next = lab.bindZero();
        QVERIFY(range.contains(next));
        QCOMPARE(next % 2, low % 2);
    }
    // Random start: many draws do not come out in order.
    if (binds > 10)
        QVERIFY(!std::is_sorted(ports.begin(), ports.end()));
}

void TestPortAllocator::listenPrefersOtherParity()
{
    const Range range{40000, 40999};
    Lab lab(range);
    std::vector<std::uint16_t> ports;
    for (int i = 0; i < 200; ++i) {
        Errno error = Errno::Ok;
        const std::uint16_t port = lab.listenUnbound(&error);
        QCOMPARE(error, Errno::Ok);
        ports.push_back(port);
        QVERIFY2(range.contains(port) && port % 2 == 1, qPrintable(portsText(ports)));
    }
    // listen() on an unbound socket listens on the wildcard address.
    const SocketId s = lab.clientTcp();
    CHECK_OK(lab.net.world.listen(lab.net.curl, s, 1));
    QCOMPARE(lab.net.world.socketAt(s).local.address, IpAddress::anyV4());
    QCOMPARE(lab.net.world.socketAt(s).state, SocketState::Listen);
}

void TestPortAllocator::reuseAddrBindTriesLowerHalf()
{
    // inet_csk_find_open_port(): a socket with SO_REUSEADDR searches the lower half of the
    // range first, leaving the upper half to sockets without it.
    const Range range{40000, 40999};
    Lab lab(range);
    for (int i = 0; i < 100; ++i) {
        const std::uint16_t port = lab.bindZero(Protocol::Tcp, nullptr, true);
        QVERIFY2(port >= 40000 && port < 40500, qPrintable(QString::number(port)));
        QCOMPARE(port % 2, 1);
    }
}

void TestPortAllocator::udpAutobindStaysInRange()
{
    const Range range{40000, 40199};
    Lab lab(range);
    std::set<std::uint16_t> seen;
    for (int i = 0; i < 60; ++i) {
        const SocketId u = lab.clientUdp();
        CHECK_OK(lab.net.world.sendTo(lab.net.curl, u, ep(u"10.0.0.1:9"), QByteArrayLiteral("x")));
        const std::uint16_t port = lab.portOf(u);
        QVERIFY2(range.contains(port), qPrintable(QString::number(port)));
        QVERIFY(seen.insert(port).second);
        // The first datagram bound the socket: its name now shows the port.
        const auto name = lab.net.world.localName(lab.net.curl, u);
        CHECK_OK(name);
        QCOMPARE(name.value.port, port);
        const SocketId b = lab.clientUdp();
        CHECK_OK(lab.net.world.bind(lab.net.curl, b, ep(u"0.0.0.0:0")));
        QVERIFY(range.contains(lab.portOf(b)));
        QVERIFY(seen.insert(lab.portOf(b)).second);
    }
    // UDP does not split by parity: both appear.
    std::set<int> parities;
    for (const auto p : seen)
        parities.insert(p % 2);
    QCOMPARE(parities.size(), std::size_t{2});
}

void TestPortAllocator::defaultRangeIsLinux()
{
    TwoHosts net;
    const HostSettings &s = net.world.host(net.client).settings();
    QCOMPARE(int(s.ephemeralLow), 32768);
    QCOMPARE(int(s.ephemeralHigh), 60999);
    QCOMPARE(s.ephemeralCount(), 28232);
    QCOMPARE(int(s.unprivilegedPortStart), 1024);
    const SocketId l = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, l, ep(u"10.0.0.1:80")));
    CHECK_OK(net.world.listen(net.nginx, l, 4096));
    for (int i = 0; i < 100; ++i) {
        const SocketId c = net.world.socket(net.curl, Protocol::Tcp, Family::IPv4).value;
        CHECK_OK(net.world.connect(net.curl, c, ep(u"10.0.0.1:80")));
        const std::uint16_t port = net.world.socketAt(c).local.port;
        QVERIFY2(port >= 32768 && port <= 60999 && port % 2 == 0, qPrintable(QString::number(port)));
        QCOMPARE(net.world.socketAt(c).local.address, ip(u"10.0.0.2"));
    }
}

void TestPortAllocator::reservedPortsSkipped()
{
    const Range range{40000, 40009};
    // connect(): only the five unreserved ports, then EADDRNOTAVAIL.
    {
        Lab lab(range);
        for (int p = 40000; p <= 40004; ++p)
            lab.net.world.host(lab.net.client).settings().reservedPorts.set(static_cast<std::size_t>(p));
        std::set<std::uint16_t> got;
        for (int i = 0; i < 5; ++i) {
            Errno error = Errno::Ok;
            const std::uint16_t port = lab.connect(ep(u"10.0.0.1:5000"), &error);
            QCOMPARE(error, Errno::Ok);
            QVERIFY2(port >= 40005 && port <= 40009, qPrintable(QString::number(port)));
            got.insert(port);
        }
        QCOMPARE(got.size(), std::size_t{5});
        Errno error = Errno::Ok;
        lab.connect(ep(u"10.0.0.1:5000"), &error);
        QCOMPARE(error, Errno::AddrNotAvail);
    }
    // bind(0), listen() and UDP: the same five, then EADDRINUSE.
    for (const Protocol protocol : {Protocol::Tcp, Protocol::Udp}) {
        Lab lab(range);
        for (int p = 40000; p <= 40004; ++p)
            lab.net.world.host(lab.net.client).settings().reservedPorts.set(static_cast<std::size_t>(p));
        for (int i = 0; i < 5; ++i) {
            Errno error = Errno::Ok;
            const std::uint16_t port = lab.bindZero(protocol, &error);
            QCOMPARE(error, Errno::Ok);
            QVERIFY2(port >= 40005 && port <= 40009, qPrintable(QString::number(port)));
        }
        Errno error = Errno::Ok;
        lab.bindZero(protocol, &error);
        QCOMPARE(error, Errno::AddrInUse);
        // A reserved port is still there for whoever asks for it by number, even unprivileged.
        const SocketId s = lab.net.world.socket(lab.net.curl, protocol, Family::IPv4).value;
        CHECK_OK(lab.net.world.bind(lab.net.curl, s, ep(u"10.0.0.2:40000")));
        if (protocol == Protocol::Tcp)
            CHECK_OK(lab.net.world.listen(lab.net.curl, s, 4));
    }
}

void TestPortAllocator::connectExhaustion()
{
    const Range range{40000, 40009};
    Lab lab(range);
    std::set<std::uint16_t> used;
    Errno error = Errno::Ok;
    int connected = 0;
    while (connected < 100) {
        const std::uint16_t port = lab.connect(ep(u"10.0.0.1:5000"), &error);
        if (error != Errno::Ok)
            break;
        QVERIFY(range.contains(port));
        QVERIFY(used.insert(port).second);
        ++connected;
    }
    // One connection per port of the range toward one destination, then EADDRNOTAVAIL.
    QCOMPARE(error, Errno::AddrNotAvail);
    QCOMPARE(connected, 10);
    // It stays exhausted, and says so each time.
    const SocketId s = lab.clientTcp();
    const SysResult r = lab.net.world.connect(lab.net.curl, s, ep(u"10.0.0.1:5000"));
    CHECK_ERRNO(r, Errno::AddrNotAvail);
    QVERIFY2(r.explanation.contains(QStringLiteral("40000")) && r.explanation.contains(QStringLiteral("40009")), qPrintable(r.explanation));
    QCOMPARE(lab.net.world.socketAt(s).bound, false);
}

void TestPortAllocator::connectReusesPortTowardOtherDestination()
{
    const Range range{40000, 40009};
    Lab lab(range);
    std::set<std::uint16_t> used;
    for (int i = 0; i < 10; ++i)
        used.insert(lab.connect(ep(u"10.0.0.1:5000")));
    QCOMPARE(used.size(), std::size_t{10});
    // Another destination port, or another destination address: the four-tuple differs, so
    // a local port already in use serves again.
    for (const auto *destination : {u"10.0.0.1:5001", u"10.0.0.3:5000"}) {
        std::set<std::uint16_t> again;
        for (int i = 0; i < 10; ++i) {
            Errno error = Errno::Ok;
            const std::uint16_t port = lab.connect(ep(destination), &error);
            QCOMPARE(error, Errno::Ok);
            QVERIFY2(used.count(port) == 1, qPrintable(QString::number(port)));
            again.insert(port);
        }
        QCOMPARE(again.size(), std::size_t{10});
        Errno error = Errno::Ok;
        lab.connect(ep(destination), &error);
        QCOMPARE(error, Errno::AddrNotAvail);
    }
    // 30 connections from 10 ports: the server sees them all, each on its own four-tuple.
    lab.net.world.settle();   // the last handshake's final ACK is still on the wire
    std::size_t queued = 0;
    for (const SocketId id : lab.net.world.socketsOf(lab.net.server)) {
        if (lab.net.world.socketAt(id).state == SocketState::Listen)
            queued += lab.net.world.acceptQueueLength(id);
    }
    QCOMPARE(queued, std::size_t{30});
}

void TestPortAllocator::singlePortRange()
{
    Lab lab(Range{40000, 40000});
    Errno error = Errno::Ok;
    QCOMPARE(lab.connect(ep(u"10.0.0.1:5000"), &error), std::uint16_t{40000});
    lab.connect(ep(u"10.0.0.1:5000"), &error);
    QCOMPARE(error, Errno::AddrNotAvail);
    QCOMPARE(lab.connect(ep(u"10.0.0.1:5001"), &error), std::uint16_t{40000});
    // A port used by connected sockets is not one bind(0) may take...
    lab.bindZero(Protocol::Tcp, &error);
    QCOMPARE(error, Errno::AddrInUse);
    // ...but UDP's ports are another space.
    QCOMPARE(lab.bindZero(Protocol::Udp, &error), std::uint16_t{40000});
    lab.bindZero(Protocol::Udp, &error);
    QCOMPARE(error, Errno::AddrInUse);
}

void TestPortAllocator::bindZeroExhaustion()
{
    Lab lab(Range{40000, 40009});
    std::set<std::uint16_t> held;
    for (int i = 0; i < 10; ++i) {
        Errno error = Errno::Ok;
        held.insert(lab.bindZero(Protocol::Tcp, &error));
        QCOMPARE(error, Errno::Ok);
    }
    QCOMPARE(held.size(), std::size_t{10});
    QCOMPARE(*held.begin(), std::uint16_t{40000});
    QCOMPARE(*held.rbegin(), std::uint16_t{40009});
    Errno error = Errno::Ok;
    lab.bindZero(Protocol::Tcp, &error);
    QCOMPARE(error, Errno::AddrInUse);
    lab.bindZero(Protocol::Tcp, &error, true);
    QCOMPARE(error, Errno::AddrInUse);
    lab.listenUnbound(&error);
    QCOMPARE(error, Errno::AddrInUse);
    // Ports taken by bind() are never shared with connect().
    lab.connect(ep(u"10.0.0.1:5000"), &error);
    QCOMPARE(error, Errno::AddrNotAvail);
    // A loopback address is another address: bind(127.0.0.1:0) overlaps none of them.
    const SocketId s = lab.clientTcp();
    CHECK_OK(lab.net.world.bind(lab.net.curl, s, ep(u"127.0.0.1:0")));
    QVERIFY(held.count(lab.portOf(s)) == 1);
    // UDP is unaffected.
    lab.bindZero(Protocol::Udp, &error);
    QCOMPARE(error, Errno::Ok);
}

void TestPortAllocator::connectPortsAreNotForBind()
{
    Lab lab(Range{40000, 40009});
    for (int i = 0; i < 10; ++i)
        lab.connect(ep(u"10.0.0.1:5000"));
    Errno error = Errno::Ok;
    lab.bindZero(Protocol::Tcp, &error);
    QCOMPARE(error, Errno::AddrInUse);
    lab.listenUnbound(&error);
    QCOMPARE(error, Errno::AddrInUse);
    const SocketId s = lab.clientTcp();
    CHECK_ERRNO(lab.net.world.bind(lab.net.curl, s, ep(u"10.0.0.2:40000")), Errno::AddrInUse);
    CHECK_ERRNO(lab.net.world.bind(lab.net.curl, s, ep(u"0.0.0.0:40000")), Errno::AddrInUse);
    CHECK_OK(lab.net.world.bind(lab.net.curl, s, ep(u"127.0.0.2:40000")));
}

void TestPortAllocator::udpExhaustion()
{
    Lab lab(Range{40000, 40009});
    for (int i = 0; i < 10; ++i) {
        const SocketId u = lab.clientUdp();
        CHECK_OK(lab.net.world.bind(lab.net.curl, u, ep(u"0.0.0.0:0")));
    }
    // Automatic binding of the first datagram or connect() has nowhere to go: EAGAIN.
    const SocketId a = lab.clientUdp();
    CHECK_ERRNO(lab.net.world.sendTo(lab.net.curl, a, ep(u"10.0.0.1:9"), QByteArrayLiteral("x")), Errno::Again);
    const SocketId b = lab.clientUdp();
    CHECK_ERRNO(lab.net.world.connect(lab.net.curl, b, ep(u"10.0.0.1:9")), Errno::Again);
    const SocketId c = lab.clientUdp();
    CHECK_ERRNO(lab.net.world.bind(lab.net.curl, c, ep(u"10.0.0.2:0")), Errno::AddrInUse);
    // An IPV6_V6ONLY socket does not overlap the IPv4 wildcard ones.
    const SocketId d = lab.net.world.socket(lab.net.curl, Protocol::Udp, Family::IPv6).value;
    CHECK_OK(lab.net.world.setsockopt(lab.net.curl, d, SocketOption::V6Only, 1));
    CHECK_OK(lab.net.world.bind(lab.net.curl, d, ep(u"[::]:0")));
    // TCP has its own ports.
    QVERIFY(lab.connect(ep(u"10.0.0.1:5000")) != 0);
}

void TestPortAllocator::clientTimeWaitHoldsFourTuples()
{
    // The client closes first, so each of its connections waits in TIME_WAIT and keeps its
    // four-tuple: toward the same destination the range is exhausted until they expire
    // (measured with tcp_tw_reuse's default, which reuses only on loopback).
    Lab lab(Range{40000, 40009});
    World &w = lab.net.world;
    const SocketId l = lab.net.tcp(lab.net.nginx);
    CHECK_OK(w.bind(lab.net.nginx, l, ep(u"10.0.0.1:6000")));
    CHECK_OK(w.listen(lab.net.nginx, l, 64));
    std::set<std::uint16_t> timeWait;
    for (int i = 0; i < 10; ++i) {
        const SocketId c = lab.clientTcp();
        CHECK_OK(w.connect(lab.net.curl, c, ep(u"10.0.0.1:6000")));
        const auto a = w.accept(lab.net.nginx, l);
        CHECK_OK(a);
        CHECK_OK(w.close(lab.net.curl, c));
        w.settle();
        CHECK_OK(w.close(lab.net.nginx, a.value));
        w.settle();
        QCOMPARE(w.socketAt(c).state, SocketState::TimeWait);
        timeWait.insert(w.socketAt(c).local.port);
    }
    QCOMPARE(timeWait.size(), std::size_t{10});
    Errno error = Errno::Ok;
    lab.connect(ep(u"10.0.0.1:6000"), &error);
    QCOMPARE(error, Errno::AddrNotAvail);
    lab.bindZero(Protocol::Tcp, &error);
    QCOMPARE(error, Errno::AddrInUse);
    CHECK_ERRNO(w.bind(lab.net.curl, lab.clientTcp(), Endpoint{ip(u"10.0.0.2"), *timeWait.begin()}), Errno::AddrInUse);
    // Another destination is another four-tuple.
    QVERIFY(timeWait.count(lab.connect(ep(u"10.0.0.1:5000"), &error)) == 1);
    QCOMPARE(error, Errno::Ok);
    // Sixty seconds later the ports are free again.
    w.advance(std::chrono::seconds(60));
    QVERIFY(timeWait.count(lab.connect(ep(u"10.0.0.1:6000"), &error)) == 1);
    QCOMPARE(error, Errno::Ok);
}

void TestPortAllocator::determinism()
{
    auto sequence = [](std::uint64_t seed) {
        Lab lab(Range{32768, 60999}, seed);
        std::vector<std::uint16_t> ports;
        for (int i = 0; i < 20; ++i) {
            ports.push_back(lab.connect(ep(u"10.0.0.1:5000")));
            ports.push_back(lab.bindZero());
            const SocketId u = lab.clientUdp();
            lab.net.world.sendTo(lab.net.curl, u, ep(u"10.0.0.1:9"), QByteArrayLiteral("x"));
            ports.push_back(lab.portOf(u));
        }
        return ports;
    };
    const auto first = sequence(42);
    const auto again = sequence(42);
    QCOMPARE(first.size(), std::size_t{60});
    QVERIFY(std::find(first.begin(), first.end(), std::uint16_t{0}) == first.end());
    QCOMPARE(portsText(again), portsText(first));
    QCOMPARE(World(42).seed(), std::uint64_t{42});
    const auto other = sequence(43);
    const auto third = sequence(7);
    QVERIFY(portsText(other) != portsText(first));
    QVERIFY(portsText(third) != portsText(first));
}

QTEST_GUILESS_MAIN(TestPortAllocator)
#include "tst_port_allocator.moc"
