// SPDX-License-Identifier: GPL-3.0-or-later
// What the charts show, read from recorded runs: the port space of a host, the ephemeral ports
// the kernel chose (Linux's parity and per-destination offsets), connections per listener,
// TCP sockets by state over time, and a scan's verdict per port as a scanner infers it.

#include "model_test_support.h"
#include "play/port_statistics.h"

#include <QFile>

using namespace portlab;

namespace {

Playback record(const QString &source, std::size_t maxSteps = 5000)
{
    Playback playback = recordPlayback(source, QStringLiteral("test.portlab"), maxSteps);
    if (!playback.errors.empty())
        qFatal("test scenario does not parse: %s", qPrintable(playback.errors.front().message));
    return playback;
}

int lastStep(const Playback &playback)
{
    return static_cast<int>(playback.size()) - 1;
}

int stepOfStatement(const Playback &playback, const QString &text)
{
    for (std::size_t i = 0; i < playback.size(); ++i) {
        if (playback.steps[i].kind == StepKind::Call && playback.steps[i].summary.startsWith(text))
            return static_cast<int>(i);
    }
    qFatal("no statement %s", qPrintable(text));
}

const PortMark *markOf(const PortSpace &space, Protocol protocol, std::uint16_t port)
{
    for (const PortMark &mark : space.marks) {
        if (mark.protocol == protocol && mark.port == port)
            return &mark;
    }
    return nullptr;
}

const ChosenPortSeries *seriesNamed(const std::vector<ChosenPortSeries> &series, const QString &name)
{
    for (const ChosenPortSeries &s : series) {
        if (s.name() == name)
            return &s;
    }
    return nullptr;
}

// A laptop that connects `connects` times to each of two servers, alternately, with a
// bind(0) after every `bindEvery` rounds. Nothing listens there: each connect() is refused
// (SYN, RST), which keeps the recording small; the port was chosen all the same.
QString twoDestinations(int connects, int bindEvery)
{
    QString s = QStringLiteral("host laptop 10.0.0.1\nhost a 10.0.0.2\nhost b 10.0.0.3\nprocess client on laptop\n");
    for (int i = 0; i < connects; ++i) {
        s += QStringLiteral("client: a%1 = socket tcp\nclient: connect a%1 10.0.0.2:80\n").arg(i);
        s += QStringLiteral("client: b%1 = socket tcp\nclient: connect b%1 10.0.0.3:5432\n").arg(i);
        if (i % bindEvery == 0)
            s += QStringLiteral("client: z%1 = socket tcp\nclient: bind z%1 0.0.0.0:0\n").arg(i);
    }
    return s;
}

// A step whose world is `world`, carrying `event` (for hand-made recordings).
PlaybackStep eventStep(std::shared_ptr<const WorldSnapshot> world, TraceEvent event)
{
    PlaybackStep step;
    step.kind = StepKind::Event;
    step.time = event.time;
    step.world = std::move(world);
    step.event = std::move(event);
    return step;
}

// An envelope leaving its sender, or taken in by its receiver's transport layer.
TraceEvent envelopeEvent(TraceKind kind, SimTime time, Envelope envelope)
{
    TraceEvent e;
    e.time = time;
    e.kind = kind;
    e.host = kind == TraceKind::EnvelopeSent ? envelope.fromHost : envelope.toHost;
    e.layer = StackLayer::Transport;
    e.envelope = std::move(envelope);
    return e;
}

Envelope segment(HostId from, HostId to, const QString &source, const QString &destination, std::uint8_t flags)
{
    Envelope e;
    e.kind = EnvelopeKind::TcpSegment;
    e.fromHost = from;
    e.toHost = to;
    e.source = ep(source);
    e.destination = ep(destination);
    e.tcpFlags = flags;
    return e;
}

// An ICMPv4 destination unreachable from host 1 to host 0 quoting a TCP segment, its type and
// code in its bytes as the wire has them.
Envelope icmpUnreachable(const QString &quotedSource, const QString &quotedDestination, std::uint8_t code)
{
    Envelope e;
    e.kind = EnvelopeKind::IcmpPortUnreachable;
    e.fromHost = 1;
    e.toHost = 0;
    e.source = ep(u"10.0.0.2:0");
    e.destination = ep(u"10.0.0.1:0");
    e.quotedProtocol = Protocol::Tcp;
    e.quotedSource = ep(quotedSource);
    e.quotedDestination = ep(quotedDestination);
    e.transportOffset = 34;
    e.frame = QByteArray(34 + 8, '\0');
    e.frame[34] = char(3);
    e.frame[35] = char(code);
    return e;
}

} // namespace

class TestPortStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ianaRangesCoverThePortSpace()
    {
        const std::vector<PortBand> bands = ianaPortRanges();
        QCOMPARE(bands.size(), 3u);
        QCOMPARE(bands[0].low, 0);
        QCOMPARE(bands[0].high, 1023);
        QCOMPARE(bands[1].low, 1024);
        QCOMPARE(bands[1].high, 49151);
        QCOMPARE(bands[2].low, 49152);
        QCOMPARE(bands[2].high, 65535);
    }

    void portSpaceShowsTheHostsPortsAndItsEphemeralRange()
    {
        const Playback p = record(QStringLiteral(
            "host server 10.0.0.2\nhost laptop 10.0.0.1\n"
            "process nginx on server user root\nprocess dns on server user root\nprocess chrome on laptop\n"
            "sysctl server net.ipv4.ip_local_port_range 40000 50000\n"
            "nginx: s = socket tcp\nnginx: bind s 0.0.0.0:80\nnginx: listen s\n"
            "dns: u = socket udp\ndns: bind u 0.0.0.0:53\n"
            "dns: t = socket tcp\ndns: bind t 0.0.0.0:53\n"
            "chrome: c = socket tcp\nchrome: connect c 10.0.0.2:80\n"
            "nginx: a = accept s\n"));
        const PortSpace before = portSpaceAt(p, -1, 0);
        QVERIFY(before.host.isEmpty());   // no host yet: `host` makes them
        QVERIFY(before.marks.empty());

        const PortSpace server = portSpaceAt(p, lastStep(p), 0);
        QCOMPARE(server.ephemeral.low, 40000);
        QCOMPARE(server.ephemeral.high, 50000);
        QCOMPARE(server.marks.size(), 3u);
        // in port order, TCP before UDP on one port
        QCOMPARE(server.marks[0].port, 53);
        QCOMPARE(server.marks[0].protocol, Protocol::Tcp);
        QCOMPARE(server.marks[1].port, 53);
        QCOMPARE(server.marks[1].protocol, Protocol::Udp);
        const PortMark *web = markOf(server, Protocol::Tcp, 80);
        QVERIFY(web);
        QVERIFY(web->listening);
        QCOMPARE(web->owner, QStringLiteral("nginx"));
        QCOMPARE(web->sockets, 2);   // the listener and the accepted connection
        QVERIFY(!server.marks[0].listening);

        const PortSpace laptop = portSpaceAt(p, lastStep(p), 1);
        QCOMPARE(laptop.ephemeral.low, 32768);   // Linux's default
        QCOMPARE(laptop.ephemeral.high, 60999);
        QCOMPARE(laptop.marks.size(), 1u);
        QVERIFY(laptop.marks[0].port >= 32768 && laptop.marks[0].port <= 60999);
        QCOMPARE(laptop.marks[0].owner, QStringLiteral("chrome"));
    }

    void labelsGoWhereTheyCanBeRead()
    {
        std::vector<PortMark> marks;
        for (const int port : {22, 80, 443, 8080, 50000})
            marks.push_back({Protocol::Tcp, static_cast<std::uint16_t>(port), 1, true, QStringLiteral("p"), 0, true});
        layOutLabels(marks, 1000, 2);
        QCOMPARE(marks[0].lane, 0);   // 22
        QCOMPARE(marks[1].lane, 1);   // 80: too close to 22
        QVERIFY(!marks[2].labelled);  // 443: too close to both
        QCOMPARE(marks[2].lane, 0);
        QVERIFY(marks[3].labelled);   // 8080: far enough from 22
        QCOMPARE(marks[3].lane, 0);
        QCOMPARE(marks[4].lane, 0);
        QVERIFY(marks[4].labelled);
    }

    // Linux (__inet_hash_connect, inet_csk_find_open_port, 6.x): connect() takes even ports of
    // 32768-60999, starting where a keyed hash of the destination says, and each later connect
    // to the same destination starts 2 to 16 ports further on (the perturbation table moves by
    // the ports tried plus a random 0-7 steps); bind(0) takes odd ports from a random start.
    void connectTakesEvenPortsPerDestinationAndBindOdd()
    {
        const Playback p = record(twoDestinations(100, 10), 100000);
        QVERIFY(!p.truncated);
        const std::vector<ChosenPortSeries> series = chosenPorts(p, lastStep(p));
        QCOMPARE(series.size(), 3u);
        const ChosenPortSeries *toA = seriesNamed(series, QStringLiteral("laptop connect() → 10.0.0.2:80"));
        const ChosenPortSeries *toB = seriesNamed(series, QStringLiteral("laptop connect() → 10.0.0.3:5432"));
        const ChosenPortSeries *bound = seriesNamed(series, QStringLiteral("laptop bind(0), listen()"));
        QVERIFY(toA && toB && bound);
        QCOMPARE(toA->points.size(), 100u);
        QCOMPARE(toB->points.size(), 100u);
        QCOMPARE(bound->points.size(), 10u);

        for (const ChosenPortSeries *connects : {toA, toB}) {
            for (std::size_t i = 0; i < connects->points.size(); ++i) {
                const std::uint16_t port = connects->points[i].port;
                QVERIFY2(port % 2 == 0, qPrintable(QString::number(port)));
                QVERIFY(port >= 32768 && port <= 60999);
                if (i > 0) {
                    // from the previous one: 2 to 16 further, or wrapped around to the start
                    const int previous = connects->points[i - 1].port;
                    const int ahead = (port - previous + 28232) % 28232;
                    QVERIFY2(ahead >= 2 && ahead <= 16, qPrintable(QStringLiteral("%1 after %2").arg(port).arg(previous)));
                }
            }
        }
        // each destination its own sequence, from its own start
        QVERIFY(toA->points.front().port != toB->points.front().port);
        for (const ChosenPort &point : bound->points) {
            QVERIFY2(point.port % 2 == 1, qPrintable(QString::number(point.port)));
            QVERIFY(point.port >= 32768 && point.port <= 60999);
        }
        // the order counts every choice of the run
        QCOMPARE(toA->points.front().order, 1);
        QCOMPARE(toB->points.front().order, 2);
        QCOMPARE(bound->points.front().order, 3);
        QCOMPARE(toB->points.back().order, 210);
    }

    void chosenPortsFollowTheStep()
    {
        const Playback p = record(twoDestinations(3, 1));
        const int secondConnect = stepOfStatement(p, QStringLiteral("client: connect b0"));
        const std::vector<ChosenPortSeries> early = chosenPorts(p, secondConnect - 1);
        // every series is there from the start; only the first connect's port is chosen yet
        QCOMPARE(early.size(), 3u);
        QCOMPARE(early[0].points.size(), 1u);
        QVERIFY(early[1].points.empty());
        QVERIFY(early[2].points.empty());
        const std::vector<ChosenPortSeries> all = chosenPorts(p, lastStep(p));
        QCOMPARE(all[0].points.size(), 3u);
        QCOMPARE(all[0].points.front().port, early[0].points.front().port);
    }

    void fewDestinationsKeepTheirOwnSeries()
    {
        QString s = QStringLiteral("host laptop 10.0.0.1\nhost a 10.0.0.2\nprocess client on laptop\n");
        // 3 connects to port 1, 2 to port 2, 1 to port 3 (refused: nothing listens)
        int n = 0;
        for (const int port : {1, 1, 1, 2, 2, 3})
            s += QStringLiteral("client: c%1 = socket tcp\nclient: connect c%1 10.0.0.2:%2\n").arg(n++).arg(port);
        const Playback p = record(s);
        const std::vector<ChosenPortSeries> series = chosenPorts(p, lastStep(p), 2);
        QCOMPARE(series.size(), 3u);
        QCOMPARE(series[0].name(), QStringLiteral("laptop connect() → 10.0.0.2:1"));
        QCOMPARE(series[0].points.size(), 3u);
        QCOMPARE(series[1].name(), QStringLiteral("laptop connect() → 10.0.0.2:2"));
        QCOMPARE(series[2].name(), QStringLiteral("laptop connect() → 1 other destinations"));
        QCOMPARE(series[2].points.size(), 1u);
    }

    void udpPortsHaveTheirOwnSeries()
    {
        const Playback p = record(QStringLiteral(
            "host laptop 10.0.0.1\nhost a 10.0.0.2\nprocess client on laptop\n"
            "client: u = socket udp\nclient: sendto u 10.0.0.2:53 \"q\"\n"
            "client: v = socket udp\nclient: bind v 0.0.0.0:0\n"));
        const std::vector<ChosenPortSeries> series = chosenPorts(p, lastStep(p));
        QCOMPARE(series.size(), 1u);
        QCOMPARE(series[0].rule, PortChoiceRule::Udp);
        QCOMPARE(series[0].name(), QStringLiteral("laptop UDP"));
        QCOMPARE(series[0].points.size(), 2u);
    }

    // 5000 steps are recorded at most: what was recorded is counted, and nothing after it.
    void aTruncatedRunGivesWhatWasRecorded()
    {
        const Playback p = record(twoDestinations(150, 10));
        QVERIFY(p.truncated);
        QCOMPARE(p.size(), 5000u);
        const std::vector<ChosenPortSeries> series = chosenPorts(p, lastStep(p));
        std::size_t points = 0;
        for (const ChosenPortSeries &s : series) {
            points += s.points.size();
            for (const ChosenPort &point : s.points) {
                QVERIFY(point.step < 5000);
                QCOMPARE(point.port % 2, s.rule == PortChoiceRule::Connect ? 0 : 1);
            }
        }
        QVERIFY(points > 100 && points < 315);
        const StateTimeline states = socketStatesOverTime(p, 1000000);
        QCOMPARE(states.counts.front().size(), 5000u);
    }

    void connectionsPerListenerCountAcceptedAndQueued()
    {
        const Playback p = record(QStringLiteral(
            "host server 10.0.0.2\nhost laptop 10.0.0.1\n"
            "process nginx on server user root\nprocess app on server\nprocess chrome on laptop\n"
            "nginx: s = socket tcp\nnginx: bind s 0.0.0.0:80\nnginx: listen s\n"
            "app: t = socket tcp\napp: bind t 10.0.0.2:8080\napp: listen t\n"
            "chrome: c1 = socket tcp\nchrome: connect c1 10.0.0.2:80\n"
            "chrome: c2 = socket tcp\nchrome: connect c2 10.0.0.2:80\n"
            "chrome: c3 = socket tcp\nchrome: connect c3 10.0.0.2:80\n"
            "chrome: c4 = socket tcp\nchrome: connect c4 10.0.0.2:8080\n"
            "nginx: a1 = accept s\nnginx: a2 = accept s\n"
            "chrome: close c1\nnginx: close a1\n"));   // c1 ends in TIME-WAIT: no longer a connection
        const std::vector<ListenerLoad> loads = connectionsPerListener(p.worldAt(lastStep(p)));
        QCOMPARE(loads.size(), 2u);
        QCOMPARE(loads[0].name(), QStringLiteral("server nginx 0.0.0.0:80"));
        QCOMPARE(loads[0].port, 80);
        QCOMPARE(loads[0].accepted, 1);
        QCOMPARE(loads[0].queued, 1);
        QCOMPARE(loads[1].name(), QStringLiteral("server app 10.0.0.2:8080"));
        QCOMPARE(loads[1].accepted, 0);
        QCOMPARE(loads[1].queued, 1);

        const std::vector<ListenerLoad> before = connectionsPerListener(p.worldAt(stepOfStatement(p, QStringLiteral("nginx: a2")) - 1));
        QCOMPARE(before[0].accepted, 1);
        QCOMPARE(before[0].queued, 2);
    }

    // TIME-WAIT rises as the clients close, and falls when `wait 60s` lets its 60 s pass.
    void timeWaitRisesThenFallsAfterAMinute()
    {
        QString s = QStringLiteral(
            "host server 10.0.0.2\nhost laptop 10.0.0.1\nprocess nginx on server user root\nprocess chrome on laptop\n"
            "nginx: s = socket tcp\nnginx: bind s 0.0.0.0:80\nnginx: listen s\n");
        for (int i = 0; i < 3; ++i)
            s += QStringLiteral("chrome: c%1 = socket tcp\nchrome: connect c%1 10.0.0.2:80\nnginx: a%1 = accept s\n").arg(i);
        for (int i = 0; i < 3; ++i)
            s += QStringLiteral("chrome: close c%1\nnginx: close a%1\n").arg(i);
        s += QStringLiteral("wait 60s\n");
        const Playback p = record(s);
        const StateTimeline timeline = socketStatesOverTime(p, lastStep(p));
        const auto index = [&timeline](const QString &state) {
            const auto found = std::find(timeline.states.begin(), timeline.states.end(), state);
            return found == timeline.states.end() ? -1 : static_cast<int>(found - timeline.states.begin());
        };
        // in the order of a connection's life, only those that occur (UNCONN: bound, before listen)
        QCOMPARE(timeline.states, (std::vector<QString>{u"UNCONN"_qs, u"LISTEN"_qs, u"SYN-SENT"_qs, u"SYN-RECV"_qs, u"ESTAB"_qs, u"FIN-WAIT-1"_qs,
                                                        u"FIN-WAIT-2"_qs, u"CLOSE-WAIT"_qs, u"LAST-ACK"_qs, u"TIME-WAIT"_qs}));
        const std::vector<int> &timeWait = timeline.counts[static_cast<std::size_t>(index(QStringLiteral("TIME-WAIT")))];
        const std::vector<int> &established = timeline.counts[static_cast<std::size_t>(index(QStringLiteral("ESTAB")))];
        QCOMPARE(timeWait.size(), p.size());
        const std::size_t wait = static_cast<std::size_t>(stepOfStatement(p, QStringLiteral("wait 60s")));
        QCOMPARE(timeWait[wait - 1], 3);
        QCOMPARE(*std::max_element(timeWait.begin(), timeWait.end()), 3);
        QVERIFY(std::is_sorted(timeWait.begin(), timeWait.begin() + static_cast<std::ptrdiff_t>(wait)));
        QCOMPARE(timeWait.back(), 0);
        QCOMPARE(*std::max_element(established.begin(), established.end()), 6);   // both ends of three
        QCOMPARE(established.back(), 0);
        QCOMPARE(timeline.counts[1].back(), 1);   // the listener, to the end

        const StateTimeline early = socketStatesOverTime(p, 10);
        QCOMPARE(early.states, timeline.states);
        QCOMPARE(early.counts[0].size(), 11u);
    }

    // nc -z -v: SYN answered by SYN-ACK (open) or RST (closed).
    void ncScanReadAsAScannerReadsIt()
    {
        QFile file(QStringLiteral(PORTLAB_SCENARIO_DIR "/nc_scan.portlab"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Playback p = record(QString::fromUtf8(file.readAll()));
        const ScanReport report = scanReport(p, lastStep(p));
        // the widest scan: laptop to 10.0.0.1, 20-23, 80, 4444, 5432
        QCOMPARE(report.scanner, QStringLiteral("laptop"));
        QCOMPARE(report.target, QStringLiteral("10.0.0.1"));
        QStringList seen;
        for (const ScannedPort &port : report.ports) {
            QCOMPARE(port.protocol, Protocol::Tcp);
            QCOMPARE(port.probes, 1);
            seen.append(QStringLiteral("%1 %2 %3").arg(port.port).arg(scanVerdictName(port.verdict), port.answer));
        }
        QCOMPARE(seen, (QStringList{u"20 closed RST"_qs, u"21 closed RST"_qs, u"22 open SYN-ACK"_qs, u"23 closed RST"_qs,
                                    u"80 open SYN-ACK"_qs, u"4444 open SYN-ACK"_qs, u"5432 closed RST"_qs}));

        // part way: the ports probed so far, no more
        const ScanReport early = scanReport(p, stepOfStatement(p, QStringLiteral("scanner: nc -z -v 10.0.0.1 80")));
        QCOMPARE(early.scanner, QStringLiteral("laptop"));
        QCOMPARE(early.ports.size(), 4u);
    }

    void udpProbesClosedByIcmpSilentOnesOpenOrFiltered()
    {
        const Playback p = record(QStringLiteral(
            "host server 10.0.0.2\nhost laptop 10.0.0.1\nprocess dns on server user root\nprocess probe on laptop\n"
            "dns: u = socket udp\ndns: bind u 0.0.0.0:53\n"
            "probe: q = socket udp\nprobe: sendto q 10.0.0.2:53 \"?\"\nprobe: sendto q 10.0.0.2:54 \"?\"\n"
            "dns: recv u\ndns: sendto u 10.0.0.1:9 \"!\"\n"   // another datagram, to laptop: not a reply to a probe
            "wait 2s\n"));
        const ScanReport report = scanReport(p, lastStep(p));
        QCOMPARE(report.scanner, QStringLiteral("laptop"));
        QCOMPARE(report.ports.size(), 2u);
        QCOMPARE(report.ports[0].port, 53);
        QCOMPARE(report.ports[0].verdict, ScanVerdict::OpenOrFiltered);   // it took the datagram and said nothing
        QCOMPARE(report.ports[1].port, 54);
        QCOMPARE(report.ports[1].verdict, ScanVerdict::Closed);
        QCOMPARE(report.ports[1].answer, QStringLiteral("ICMP port unreachable"));

        // before a second has passed, silence is not yet an answer
        const ScanReport early = scanReport(p, stepOfStatement(p, QStringLiteral("dns: recv u")));
        QCOMPARE(early.ports[0].verdict, ScanVerdict::Waiting);
        QCOMPARE(early.ports[1].verdict, ScanVerdict::Closed);
    }

    // A firewall's answers, made by hand: no answer at all, or ICMP administratively prohibited.
    void tcpSilenceAndOtherUnreachablesAreFiltered()
    {
        WorldSnapshot hosts(2);
        hosts[0].name = QStringLiteral("scanner");
        hosts[1].name = QStringLiteral("target");
        auto world = std::make_shared<const WorldSnapshot>(std::move(hosts));
        Playback p;
        p.initialWorld = world;
        using namespace std::chrono_literals;
        const auto syn = [](int port) {
            return segment(0, 1, QStringLiteral("10.0.0.1:40000"), QStringLiteral("10.0.0.2:%1").arg(port), TcpFlag::Syn);
        };
        p.steps.push_back(eventStep(world, envelopeEvent(TraceKind::EnvelopeSent, 0us, syn(22))));
        p.steps.push_back(eventStep(world, envelopeEvent(TraceKind::EnvelopeSent, 0us, syn(23))));
        p.steps.push_back(eventStep(world, envelopeEvent(TraceKind::EnvelopeSent, 0us, syn(24))));
        p.steps.push_back(eventStep(world, envelopeEvent(TraceKind::EnvelopeRejected, 100us, icmpUnreachable(QStringLiteral("10.0.0.1:40000"), QStringLiteral("10.0.0.2:23"), 13))));
        p.steps.push_back(eventStep(world, envelopeEvent(TraceKind::EnvelopeRejected, 150us, icmpUnreachable(QStringLiteral("10.0.0.1:40000"), QStringLiteral("10.0.0.2:24"), 3))));
        // a retransmission of the first SYN, then time passes
        p.steps.push_back(eventStep(world, envelopeEvent(TraceKind::EnvelopeSent, 1s, syn(22))));
        TraceEvent later;
        later.time = 3s;
        later.kind = TraceKind::StateChanged;
        p.steps.push_back(eventStep(world, later));

        const ScanReport waiting = scanReport(p, 4);
        QCOMPARE(waiting.scanner, QStringLiteral("scanner"));
        QCOMPARE(waiting.target, QStringLiteral("10.0.0.2"));
        QCOMPARE(waiting.ports.size(), 3u);
        QCOMPARE(waiting.ports[0].verdict, ScanVerdict::Waiting);
        QCOMPARE(waiting.ports[1].verdict, ScanVerdict::Filtered);
        QCOMPARE(waiting.ports[1].answer, QStringLiteral("ICMP unreachable (code 13)"));
        QCOMPARE(waiting.ports[2].verdict, ScanVerdict::Filtered);   // port unreachable, to a TCP probe

        const ScanReport done = scanReport(p, 6);
        QCOMPARE(done.ports[0].verdict, ScanVerdict::Filtered);
        QCOMPARE(done.ports[0].probes, 2);
        QVERIFY(done.ports[0].answer.isEmpty());
    }

    void nothingSentNoScan()
    {
        const Playback p = record(QStringLiteral("host a 10.0.0.1\nprocess x on a\nx: s = socket tcp\nx: bind s 0.0.0.0:80\n"));
        const ScanReport report = scanReport(p, lastStep(p));
        QVERIFY(report.scanner.isEmpty());
        QVERIFY(report.ports.empty());
        QVERIFY(chosenPorts(p, lastStep(p)).empty());
        QVERIFY(connectionsPerListener(p.worldAt(lastStep(p))).empty());
    }
};

QTEST_GUILESS_MAIN(TestPortStatistics)
#include "tst_port_statistics.moc"
