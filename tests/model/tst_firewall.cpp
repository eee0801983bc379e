// SPDX-License-Identifier: GPL-3.0-or-later
// The packet filter, connection tracking, NAT and knockd: rules and their matching, iptables'
// arguments and printouts, and what senders get when a host's firewall drops or rejects.
#include "model_test_support.h"

#include "net/conntrack.h"
#include "net/firewall.h"
#include "net/knockd.h"
#include "sim/wire_view.h"
#include "tools/iptables.h"
#include "wire/transport.h"

using namespace portlab;
using namespace std::chrono_literals;

namespace {

std::vector<IptablesWord> wordsOf(const QString &line)
{
    std::vector<IptablesWord> words;
    int column = 1;
    for (const QString &word : line.split(u' ')) {
        words.push_back({word, column});
        column += static_cast<int>(word.size()) + 1;
    }
    return words;
}

IptablesOptions parsed(const QString &line)
{
    IptablesParseError error;
    const auto options = parseIptables(wordsOf(line), &error);
    if (!options)
        qFatal("test data: %s: %s", qPrintable(line), qPrintable(error.message));
    return *options;
}

// Runs one iptables command line on a firewall; the printout, or the error it printed.
QString run(Firewall &firewall, const QString &line)
{
    return runIptables(firewall, parsed(line), QStringLiteral("server")).output;
}

PacketFacts tcpTo(std::uint16_t port, std::uint8_t ctState = CtState::New)
{
    PacketFacts facts;
    facts.source = ip(u"10.0.0.2");
    facts.destination = ip(u"10.0.0.1");
    facts.protocol = wire::IpProtocol::Tcp;
    facts.sourcePort = 40000;
    facts.destinationPort = port;
    facts.ctState = ctState;
    facts.inInterface = QStringLiteral("eth0");
    facts.length = 60;
    return facts;
}

} // namespace

class TestFirewall : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void firstMatchingRuleDecides();
    void matchesAddressesPortsAndNegation();
    void policyDecidesWhenNoRuleMatches();
    void listsAsIptablesDoes();
    void rulesPrintAsCommands();
    void numbersAndDeletion();
    void refusesWhatIptablesRefuses_data();
    void refusesWhatIptablesRefuses();
    void conntrackKnowsRepliesAndRelatedErrors();
    void conntrackForgetsAfterTimeout();
    void dropLeavesTheSenderWaiting();
    void rejectAnswersWithTheChosenMessage_data();
    void rejectAnswersWithTheChosenMessage();
    void outputDropFailsTheSendWithEperm();
    void policyDropNeedsEstablished();
    void redirectRewritesBothWays();
    void knockdOpensForTheRightSequenceOnly();
};

void TestFirewall::firstMatchingRuleDecides()
{
    Firewall firewall;
    run(firewall, QStringLiteral("-A INPUT -p tcp --dport 22 -j DROP"));
    run(firewall, QStringLiteral("-A INPUT -p tcp --dport 22 -j ACCEPT"));
    const FirewallVerdict verdict = firewall.decide(FirewallTable::Filter, FirewallChain::Input, tcpTo(22));
    QCOMPARE(verdict.target, FirewallTarget::Drop);
    QCOMPARE(verdict.ruleNumber, 1);
    QCOMPARE(verdict.explanation(), QStringLiteral("INPUT rule 1: -p tcp -m tcp --dport 22 -j DROP"));
    QCOMPARE(firewall.chain(FirewallTable::Filter, FirewallChain::Input).rules[0].packets, std::uint64_t{1});
    QCOMPARE(firewall.chain(FirewallTable::Filter, FirewallChain::Input).rules[0].bytes, std::uint64_t{60});
    QCOMPARE(firewall.chain(FirewallTable::Filter, FirewallChain::Input).rules[1].packets, std::uint64_t{0});
}

void TestFirewall::matchesAddressesPortsAndNegation()
{
    const auto matches = [](const QString &rule, const PacketFacts &packet) {
        return ruleMatches(parsed(QStringLiteral("-A INPUT ") + rule + QStringLiteral(" -j ACCEPT")).rule, packet);
    };
    QVERIFY(matches(QStringLiteral("-s 10.0.0.0/24"), tcpTo(80)));
    QVERIFY(!matches(QStringLiteral("-s 10.0.1.0/24"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("! -s 10.0.1.0/255.255.255.0"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("-d 10.0.0.1"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("-p tcp --dport 80:90"), tcpTo(85)));
    QVERIFY(!matches(QStringLiteral("-p tcp --dport 80:90"), tcpTo(91)));
    QVERIFY(matches(QStringLiteral("-p tcp ! --dport 443"), tcpTo(80)));
    QVERIFY(!matches(QStringLiteral("-p udp"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("! -p udp"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("-p tcp --sport 1024:"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("-i eth0"), tcpTo(80)));
    QVERIFY(!matches(QStringLiteral("-i lo"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("-m conntrack --ctstate NEW"), tcpTo(80)));
    QVERIFY(!matches(QStringLiteral("-m conntrack --ctstate ESTABLISHED,RELATED"), tcpTo(80)));
    QVERIFY(matches(QStringLiteral("-m state --state ESTABLISHED"), tcpTo(80, CtState::Established)));
    QVERIFY(matches(QStringLiteral("-m conntrack ! --ctstate NEW"), tcpTo(80, CtState::Related)));
}

void TestFirewall::policyDecidesWhenNoRuleMatches()
{
    Firewall firewall;
    run(firewall, QStringLiteral("-A INPUT -p udp -j ACCEPT"));
    QCOMPARE(firewall.decide(FirewallTable::Filter, FirewallChain::Input, tcpTo(80)).target, FirewallTarget::Accept);
    run(firewall, QStringLiteral("-P INPUT DROP"));
    const FirewallVerdict verdict = firewall.decide(FirewallTable::Filter, FirewallChain::Input, tcpTo(80));
    QCOMPARE(verdict.target, FirewallTarget::Drop);
    QCOMPARE(verdict.ruleNumber, 0);
    QCOMPARE(verdict.explanation(), QStringLiteral("no INPUT rule matched, and the chain's policy is DROP"));
    // iptables-nft counts for the policy only from the -P on, and -P starts the count at zero.
    QCOMPARE(firewall.chain(FirewallTable::Filter, FirewallChain::Input).policyPackets, std::uint64_t{1});
}

void TestFirewall::listsAsIptablesDoes()
{
    Firewall firewall;
    run(firewall, QStringLiteral("-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT"));
    run(firewall, QStringLiteral("-A INPUT -p tcp --dport 80:90 -s 10.0.0.0/24 -j REJECT --reject-with tcp-reset"));
    run(firewall, QStringLiteral("-A INPUT ! -p udp -i lo -j ACCEPT"));
    run(firewall, QStringLiteral("-P INPUT DROP"));
    // Copied from iptables v1.8.9 (nf_tables) in a network namespace, blanks included.
    QCOMPARE(run(firewall, QStringLiteral("-L INPUT -n")),
             QStringLiteral("Chain INPUT (policy DROP)\n"
                            "target     prot opt source               destination         \n"
                            "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED\n"
                            "REJECT     6    --  10.0.0.0/24          0.0.0.0/0            tcp dpts:80:90 reject-with tcp-reset\n"
                            "ACCEPT    !17   --  0.0.0.0/0            0.0.0.0/0           "));
    QCOMPARE(run(firewall, QStringLiteral("-L INPUT -n -v --line-numbers")),
             QStringLiteral("Chain INPUT (policy DROP 0 packets, 0 bytes)\n"
                            "num   pkts bytes target     prot opt in     out     source               destination         \n"
                            "1        0     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED\n"
                            "2        0     0 REJECT     6    --  *      *       10.0.0.0/24          0.0.0.0/0            tcp dpts:80:90 reject-with tcp-reset\n"
                            "3        0     0 ACCEPT    !17   --  lo     *       0.0.0.0/0            0.0.0.0/0           "));
    Firewall empty;
    QCOMPARE(run(empty, QStringLiteral("-t nat -L -n")).count(QStringLiteral("Chain ")), 4);
    QVERIFY(run(empty, QStringLiteral("-L -n")).contains(QStringLiteral("(policy ACCEPT)\ntarget     prot opt source               destination         \n\nChain FORWARD")));
}

void TestFirewall::rulesPrintAsCommands()
{
    Firewall firewall;
    run(firewall, QStringLiteral("-A INPUT -p tcp -m state --state NEW ! --dport 443 -j ACCEPT"));
    run(firewall, QStringLiteral("-A INPUT ! -s 10.0.0.5 -d 10.0.0.1/32 -p tcp --sport 1000 -j REJECT"));
    run(firewall, QStringLiteral("-t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.1:80"));
    QCOMPARE(run(firewall, QStringLiteral("-S INPUT")),
             QStringLiteral("-P INPUT ACCEPT\n"
                            "-A INPUT -p tcp -m state --state NEW -m tcp ! --dport 443 -j ACCEPT\n"
                            "-A INPUT ! -s 10.0.0.5/32 -d 10.0.0.1/32 -p tcp -m tcp --sport 1000 -j REJECT --reject-with icmp-port-unreachable"));
    QCOMPARE(run(firewall, QStringLiteral("-t nat -S PREROUTING")),
             QStringLiteral("-P PREROUTING ACCEPT\n-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.1:80"));
}

void TestFirewall::numbersAndDeletion()
{
    Firewall firewall;
    run(firewall, QStringLiteral("-A INPUT -p tcp --dport 1 -j ACCEPT"));
    run(firewall, QStringLiteral("-A INPUT -p tcp --dport 3 -j ACCEPT"));
    run(firewall, QStringLiteral("-I INPUT 2 -p tcp --dport 2 -j ACCEPT"));
    run(firewall, QStringLiteral("-I INPUT -p tcp --dport 0 -j ACCEPT"));
    const auto &rules = firewall.chain(FirewallTable::Filter, FirewallChain::Input).rules;
    QCOMPARE(rules.size(), std::size_t{4});
    for (std::size_t i = 0; i < rules.size(); ++i)
        QCOMPARE(rules[i].destinationPort->low, static_cast<std::uint16_t>(i));
    QCOMPARE(run(firewall, QStringLiteral("-I INPUT 6 -j ACCEPT")), QStringLiteral("iptables: Index of insertion too big."));
    QCOMPARE(run(firewall, QStringLiteral("-D INPUT 5")), QStringLiteral("iptables: Index of deletion too big."));
    QCOMPARE(run(firewall, QStringLiteral("-D INPUT -p tcp --dport 9 -j ACCEPT")),
             QStringLiteral("iptables: Bad rule (does a matching rule exist in that chain?)."));
    QVERIFY(runIptables(firewall, parsed(QStringLiteral("-D INPUT -p tcp --dport 2 -j ACCEPT")), QStringLiteral("server")).ok);
    QVERIFY(runIptables(firewall, parsed(QStringLiteral("-D INPUT 1")), QStringLiteral("server")).ok);
    QCOMPARE(rules.size(), std::size_t{2});
    QCOMPARE(rules[0].destinationPort->low, std::uint16_t{1});
    run(firewall, QStringLiteral("-F"));
    QVERIFY(rules.empty());
}

void TestFirewall::refusesWhatIptablesRefuses_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("port without protocol") << QStringLiteral("-A INPUT --dport 22 -j DROP") << 10 << QStringLiteral("--dport belongs to the tcp and udp matches");
    QTest::newRow("unknown chain") << QStringLiteral("-A INPTU -j DROP") << 4 << QStringLiteral("no chain 'INPTU' (user-defined chains are not simulated)");
    QTest::newRow("unknown target") << QStringLiteral("-A INPUT -j DORP") << 13 << QStringLiteral("no target 'DORP' (user-defined chains, LOG and the other targets are not simulated)");
    QTest::newRow("list without -n") << QStringLiteral("-L") << 1 << QStringLiteral("iptables -L without -n looks up host and service names, which are not simulated");
    QTest::newRow("drop in nat") << QStringLiteral("-t nat -A PREROUTING -j DROP") << 25 << QStringLiteral("the nat table is not intended for filtering, the use of DROP is therefore inhibited");
    QTest::newRow("dnat in filter") << QStringLiteral("-A INPUT -p tcp -j DNAT --to-destination 10.0.0.1") << 20 << QStringLiteral("DNAT works in the nat table's PREROUTING and OUTPUT chains");
    QTest::newRow("masquerade in prerouting") << QStringLiteral("-t nat -A PREROUTING -j MASQUERADE") << 25
                                              << QStringLiteral("MASQUERADE works in the nat table's POSTROUTING chain (SNAT in INPUT too, which is not simulated)");
    QTest::newRow("snat without address") << QStringLiteral("-t nat -A POSTROUTING -j SNAT") << 26 << QStringLiteral("SNAT: option \"--to-source\" must be specified");
    QTest::newRow("to-source after dnat") << QStringLiteral("-t nat -A PREROUTING -j DNAT --to-source 10.0.0.1") << 30 << QStringLiteral("--to-source belongs to -j SNAT");
    QTest::newRow("masquerade ports without protocol") << QStringLiteral("-t nat -A POSTROUTING -j MASQUERADE --to-ports 3000") << 48 << QStringLiteral("a port needs -p tcp or -p udp");
    QTest::newRow("tcp-reset for udp") << QStringLiteral("-A INPUT -p udp -j REJECT --reject-with tcp-reset") << 20 << QStringLiteral("--reject-with tcp-reset works only for TCP");
    QTest::newRow("no target") << QStringLiteral("-A INPUT -p tcp") << 16 << QStringLiteral("the rule has no target");
    QTest::newRow("bad state") << QStringLiteral("-A INPUT -m conntrack --ctstate OPEN -j ACCEPT") << 33 << QStringLiteral("bad --ctstate value 'OPEN'");
    QTest::newRow("ipv6 address") << QStringLiteral("-A INPUT -s ::1 -j ACCEPT") << 13 << QStringLiteral("'::1' is not an IPv4 address");
    QTest::newRow("prerouting in filter") << QStringLiteral("-A PREROUTING -j ACCEPT") << 4 << QStringLiteral("the filter table has no PREROUTING chain");
    QTest::newRow("two commands") << QStringLiteral("-A INPUT -j ACCEPT -F") << 20 << QStringLiteral("iptables takes one command at a time");
}

void TestFirewall::refusesWhatIptablesRefuses()
{
    QFETCH(QString, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    IptablesParseError error;
    QVERIFY(!parseIptables(wordsOf(line), &error));
    QCOMPARE(error.message, message);
    QCOMPARE(error.column, column);
}

void TestFirewall::conntrackKnowsRepliesAndRelatedErrors()
{
    Conntrack conntrack;
    const FlowTuple out{wire::IpProtocol::Tcp, ep(u"10.0.0.2:40000"), ep(u"10.0.0.1:80")};
    QCOMPARE(conntrack.stateOf(out, wire::TcpFlags::Syn, std::nullopt, 0s), CtState::New);
    conntrack.confirm(out, wire::TcpFlags::Syn, out.inverted(), false, 0s);
    QCOMPARE(conntrack.stateOf(out.inverted(), wire::TcpFlags::Syn | wire::TcpFlags::Ack, std::nullopt, 1s), CtState::Established);
    // Until a reply is seen, more packets of the flow are NEW; afterwards ESTABLISHED both ways.
    QCOMPARE(conntrack.stateOf(out, wire::TcpFlags::Syn, std::nullopt, 1s), CtState::New);
    conntrack.confirm(out.inverted(), wire::TcpFlags::Syn | wire::TcpFlags::Ack, out, false, 1s);
    QCOMPARE(conntrack.stateOf(out, wire::TcpFlags::Ack, std::nullopt, 1s), CtState::Established);
    // An ICMP error quoting a tracked packet is RELATED; quoting anything else, INVALID.
    const FlowTuple icmp{wire::IpProtocol::Icmp, ep(u"10.0.0.1:0"), ep(u"10.0.0.2:0")};
    QCOMPARE(conntrack.stateOf(icmp, 0, out, 1s), CtState::Related);
    const FlowTuple unknown{wire::IpProtocol::Udp, ep(u"10.0.0.2:5000"), ep(u"10.0.0.1:53")};
    QCOMPARE(conntrack.stateOf(icmp, 0, unknown, 1s), CtState::Invalid);
    // A lone RST or SYN-ACK starts no flow.
    const FlowTuple other{wire::IpProtocol::Tcp, ep(u"10.0.0.3:1"), ep(u"10.0.0.1:2")};
    QCOMPARE(conntrack.stateOf(other, wire::TcpFlags::Rst, std::nullopt, 1s), CtState::Invalid);
    QCOMPARE(conntrack.stateOf(other, wire::TcpFlags::Syn | wire::TcpFlags::Ack, std::nullopt, 1s), CtState::Invalid);
    QCOMPARE(conntrack.stateOf(other, wire::TcpFlags::Ack, std::nullopt, 1s), CtState::New);
}

void TestFirewall::conntrackForgetsAfterTimeout()
{
    Conntrack conntrack;
    const FlowTuple query{wire::IpProtocol::Udp, ep(u"10.0.0.2:5000"), ep(u"10.0.0.1:53")};
    conntrack.confirm(query, 0, query.inverted(), false, 0s);
    QCOMPARE(conntrack.stateOf(query.inverted(), 0, std::nullopt, 29s), CtState::Established);
    QCOMPARE(conntrack.stateOf(query.inverted(), 0, std::nullopt, 30s), CtState::New);
    QCOMPARE(conntrack.size(), std::size_t{0});
}

void TestFirewall::dropLeavesTheSenderWaiting()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    runIptables(net.world.host(net.server).firewall(), parsed(QStringLiteral("-A INPUT -p tcp --dport 22 -j DROP")), QStringLiteral("server"));
    const SocketId listener = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, listener, ep(u"0.0.0.0:22")));
    CHECK_OK(net.world.listen(net.nginx, listener, 16));
    const SocketId client = net.tcp(net.curl);
    CHECK_ERRNO(net.world.connect(net.curl, client, ep(u"10.0.0.1:22")), Errno::TimedOut);
    const auto dropped = trace.ofKind(TraceKind::EnvelopeDropped);
    QCOMPARE(dropped.size(), std::size_t{11});   // measured: Linux 6.18 with its defaults sends 11 SYNs before ETIMEDOUT
    QCOMPARE(dropped.front().layer, StackLayer::Network);
    QVERIFY(dropped.front().note.startsWith(QStringLiteral("INPUT rule 1: -p tcp -m tcp --dport 22 -j DROP: ")));
    QVERIFY(trace.deliveredSyns().empty());
    QVERIFY(trace.sentOf(EnvelopeKind::IcmpPortUnreachable).empty());
}

void TestFirewall::rejectAnswersWithTheChosenMessage_data()
{
    QTest::addColumn<QString>("with");
    QTest::addColumn<Errno>("tcpError");
    QTest::addColumn<Errno>("udpError");
    QTest::addColumn<int>("code");
    // Measured with Python sockets against iptables 1.8.9 REJECT in a namespace.
    QTest::newRow("default") << QString() << Errno::ConnRefused << Errno::ConnRefused << 3;
    QTest::newRow("tcp-reset") << QStringLiteral("tcp-reset") << Errno::ConnRefused << Errno::Ok << -1;
    QTest::newRow("host prohibited") << QStringLiteral("icmp-host-prohibited") << Errno::HostUnreach << Errno::HostUnreach << 10;
    QTest::newRow("admin prohibited") << QStringLiteral("icmp-admin-prohibited") << Errno::HostUnreach << Errno::HostUnreach << 13;
    QTest::newRow("net unreachable") << QStringLiteral("icmp-net-unreachable") << Errno::NetUnreach << Errno::Ok << 0;
}

void TestFirewall::rejectAnswersWithTheChosenMessage()
{
    QFETCH(QString, with);
    QFETCH(Errno, tcpError);
    QFETCH(Errno, udpError);
    QFETCH(int, code);
    TwoHosts net;
    TraceRecorder trace(net.world);
    Firewall &firewall = net.world.host(net.server).firewall();
    const QString rejectWith = with.isEmpty() ? QString() : QStringLiteral(" --reject-with ") + with;
    runIptables(firewall, parsed(QStringLiteral("-A INPUT -p tcp -j REJECT") + rejectWith), QStringLiteral("server"));
    if (with != u"tcp-reset")
        runIptables(firewall, parsed(QStringLiteral("-A INPUT -p udp -j REJECT") + rejectWith), QStringLiteral("server"));
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")), tcpError);
    const auto rejected = trace.ofKind(TraceKind::EnvelopeRejected);
    QCOMPARE(rejected.size(), std::size_t{1});
    QVERIFY(rejected.front().note.startsWith(QStringLiteral("INPUT rule 1: -p tcp -j REJECT --reject-with ")));
    if (code >= 0) {
        const auto icmp = trace.sentOf(EnvelopeKind::IcmpPortUnreachable);
        QCOMPARE(icmp.size(), std::size_t{1});
        // The code is in the ICMP header's second byte, and the checksum holds.
        const Envelope &e = *icmp.front().envelope;
        QCOMPARE(static_cast<int>(static_cast<std::uint8_t>(e.frame.at(e.transportOffset + 1))), code);
        const auto *bytes = reinterpret_cast<const std::uint8_t *>(e.frame.constData()) + e.transportOffset;
        QVERIFY(wire::IcmpHeader::parse(wire::ByteView(bytes, static_cast<std::size_t>(e.frame.size() - e.transportOffset)), e.source.address,
                                        e.destination.address).problems.empty());
    } else {
        QCOMPARE(trace.sentOf(EnvelopeKind::TcpSegment).back().envelope->tcpFlags, std::uint8_t(TcpFlag::Rst | TcpFlag::Ack));
        return;
    }
    const SocketId udp = net.udp(net.curl);
    CHECK_OK(net.world.connect(net.curl, udp, ep(u"10.0.0.1:53")));
    CHECK_OK(net.world.send(net.curl, udp, "q"));
    CHECK_ERRNO(net.world.send(net.curl, udp, "q"), udpError);
}

void TestFirewall::outputDropFailsTheSendWithEperm()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    runIptables(net.world.host(net.client).firewall(), parsed(QStringLiteral("-A OUTPUT -p udp -j DROP")), QStringLiteral("client"));
    const SocketId udp = net.udp(net.curl);
    CHECK_ERRNO(net.world.sendTo(net.curl, udp, ep(u"10.0.0.1:53"), "q"), Errno::Perm);
    QVERIFY(trace.sentOf(EnvelopeKind::UdpDatagram).empty());
    QCOMPARE(trace.ofKind(TraceKind::EnvelopeDropped).size(), std::size_t{1});
    QCOMPARE(trace.ofKind(TraceKind::EnvelopeDropped).front().host, net.client);
    // iptables filters IPv4 only: the same datagram over IPv6 leaves.
    CHECK_OK(net.world.sendTo(net.curl, net.udp(net.curl, Family::IPv6), ep(u"[2001:db8::1]:53"), "q"));
}

void TestFirewall::policyDropNeedsEstablished()
{
    TwoHosts net;
    Firewall &firewall = net.world.host(net.client).firewall();
    runIptables(firewall, parsed(QStringLiteral("-P INPUT DROP")), QStringLiteral("client"));
    const SocketId listener = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, listener, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, listener, 16));
    CHECK_ERRNO(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")), Errno::TimedOut);
    runIptables(firewall, parsed(QStringLiteral("-I INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT")), QStringLiteral("client"));
    CHECK_OK(net.world.connect(net.curl, net.tcp(net.curl), ep(u"10.0.0.1:80")));
}

void TestFirewall::redirectRewritesBothWays()
{
    TwoHosts net;
    TraceRecorder trace(net.world);
    runIptables(net.world.host(net.server).firewall(), parsed(QStringLiteral("-t nat -A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 80")),
                QStringLiteral("server"));
    const SocketId listener = net.tcp(net.nginx);
    CHECK_OK(net.world.bind(net.nginx, listener, ep(u"0.0.0.0:80")));
    CHECK_OK(net.world.listen(net.nginx, listener, 16));
    const SocketId client = net.tcp(net.curl);
    CHECK_OK(net.world.connect(net.curl, client, ep(u"10.0.0.1:8080")));
    QCOMPARE(net.world.socketAt(client).remote, ep(u"10.0.0.1:8080"));
    const auto accepted = net.world.accept(net.nginx, listener);
    CHECK_OK(accepted);
    QCOMPARE(net.world.socketAt(accepted.value).local, ep(u"10.0.0.1:80"));
    const auto rewritten = trace.ofKind(TraceKind::EnvelopeRewritten);
    QCOMPARE(rewritten.size(), std::size_t{3});   // SYN and ACK in, SYN-ACK out
    QCOMPARE(rewritten[0].envelope->destination, ep(u"10.0.0.1:80"));
    QCOMPARE(rewritten[1].envelope->source, ep(u"10.0.0.1:8080"));
    // The rewritten bytes carry valid checksums.
    const Envelope &synAck = *rewritten[1].envelope;
    const auto *segment = reinterpret_cast<const std::uint8_t *>(synAck.frame.constData()) + synAck.transportOffset;
    const auto parsedHeader = wire::TcpHeader::parse(wire::ByteView(segment, static_cast<std::size_t>(synAck.frame.size() - synAck.transportOffset)),
                                                     synAck.source.address, synAck.destination.address);
    QVERIFY(parsedHeader.problems.empty());
    QCOMPARE(parsedHeader.header->sourcePort, std::uint16_t{8080});
}

void TestFirewall::knockdOpensForTheRightSequenceOnly()
{
    KnockDaemon daemon(KnockDoor{{7000, 8000, 9000}, wire::IpProtocol::Udp, 22, 10s});
    const IpAddress alice = ip(u"10.0.0.2");
    const IpAddress mallory = ip(u"10.0.0.3");
    QVERIFY(!daemon.observe(alice, wire::IpProtocol::Udp, 8000, 0s));          // not the first port
    QVERIFY(!daemon.observe(alice, wire::IpProtocol::Tcp, 7000, 0s));          // not the protocol
    QCOMPARE(daemon.observe(alice, wire::IpProtocol::Udp, 7000, 0s)->stage, 1);
    QCOMPARE(daemon.observe(mallory, wire::IpProtocol::Udp, 7000, 1s)->stage, 1);
    QCOMPARE(daemon.observe(mallory, wire::IpProtocol::Udp, 9000, 1s)->kind, KnockEvent::Kind::Invalidated);
    QVERIFY(!daemon.observe(alice, wire::IpProtocol::Udp, 1234, 2s));          // other ports are not even seen
    QCOMPARE(daemon.observe(alice, wire::IpProtocol::Udp, 8000, 2s)->stage, 2);
    const auto opened = daemon.observe(alice, wire::IpProtocol::Udp, 9000, 9s);
    QCOMPARE(opened->kind, KnockEvent::Kind::Opened);
    QCOMPARE(daemon.openingRule(alice).specification(), QStringLiteral("-s 10.0.0.2/32 -p tcp -m tcp --dport 22 -j ACCEPT"));
    // Too slow: 10 s after the first knock the attempt is gone.
    QCOMPARE(daemon.observe(mallory, wire::IpProtocol::Udp, 7000, 20s)->stage, 1);
    QCOMPARE(daemon.observe(mallory, wire::IpProtocol::Udp, 8000, 25s)->stage, 2);
    QVERIFY(!daemon.observe(mallory, wire::IpProtocol::Udp, 9000, 30s));
}

QTEST_GUILESS_MAIN(TestFirewall)
#include "tst_firewall.moc"
