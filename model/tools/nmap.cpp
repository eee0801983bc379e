// SPDX-License-Identifier: GPL-3.0-or-later
#include "nmap.h"

#include "sim/encapsulation.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

namespace portlab {

namespace {

using namespace std::chrono_literals;

// nmap's estimate of the round trip and the probe timeout it derives (timing.cc, the T3
// defaults): 1 s until something has been measured, then srtt + 4 rttvar, within 100 ms-10 s.
class RoundTrips {
public:
    void measured(SimTime rtt)
    {
        if (!m_smoothed) {
            m_smoothed = rtt;
            m_variation = std::clamp<SimTime>(rtt, 5ms, 2s);
        } else {
            const SimTime delta = rtt - *m_smoothed;
            *m_smoothed += delta / 8;
            m_variation += (SimTime(std::abs(delta.count())) - m_variation) / 4;
        }
        m_timeout = std::clamp<SimTime>(*m_smoothed + 4 * m_variation, 100ms, 10s);
    }
    SimTime timeout() const { return m_timeout; }
    std::optional<SimTime> smoothed() const { return m_smoothed; }

private:
    std::optional<SimTime> m_smoothed;
    SimTime m_variation{0};
    SimTime m_timeout = 1s;
};

// nmap's congestion window: how many probes may wait for an answer at once. It opens by one
// per answer (slow start up to 75, then slower), and halves when a probe goes unanswered.
class ProbeWindow {
public:
    int size() const { return static_cast<int>(m_size); }
    void answered() { m_size = std::min(maximum, m_size + (m_size < m_threshold ? 1.0 : 1.0 / m_size)); }
    void dropped(std::size_t inFlight)
    {
        m_threshold = std::max(static_cast<double>(inFlight) / 2, 2.0);
        m_size = std::max(1.0, m_size / 2);
    }

private:
    static constexpr double maximum = 300;
    double m_size = 10;
    double m_threshold = 75;
};

struct Answer {
    PortState state = PortState::Filtered;
    QString reason;
};

struct Probe {
    std::uint16_t port = 0;
    int attempt = 0;             // 0 for the first try
    SimTime sentAt{0};
    SimTime timeout{0};          // the timeout in force when it was sent
    SocketId socket = NoSocket;  // -sT
    std::optional<Answer> immediate;   // connect() failed at once
};

// What nmap concludes from how a connect() ended (scan_engine_connect.cc).
Answer connectAnswer(Errno error)
{
    switch (error) {
    case Errno::Ok: return {PortState::Open, QStringLiteral("syn-ack")};
    case Errno::ConnRefused: return {PortState::Closed, QStringLiteral("conn-refused")};
    case Errno::HostUnreach: return {PortState::Filtered, QStringLiteral("host-unreach")};
    case Errno::NetUnreach: return {PortState::Filtered, QStringLiteral("net-unreach")};
    case Errno::Acces: return {PortState::Filtered, QStringLiteral("admin-prohibited")};
    default: return {PortState::Filtered, QStringLiteral("no-response")};
    }
}

// What nmap concludes from an ICMP destination unreachable quoting its UDP probe: port
// unreachable means closed, any other code filtered. Read from the message's own bytes, so
// whatever sent it (a closed port, a router, a packet filter) is judged the same way.
Answer icmpAnswer(const Envelope &icmp)
{
    const auto at = static_cast<qsizetype>(icmp.transportOffset);
    const int type = icmp.frame.size() > at + 1 ? static_cast<std::uint8_t>(icmp.frame[at]) : -1;
    const int code = icmp.frame.size() > at + 1 ? static_cast<std::uint8_t>(icmp.frame[at + 1]) : -1;
    if (type != 3)
        return {PortState::Filtered, QStringLiteral("unknown-response")};
    switch (code) {
    case 3: return {PortState::Closed, QStringLiteral("port-unreach")};
    case 0: return {PortState::Filtered, QStringLiteral("net-unreach")};
    case 1: return {PortState::Filtered, QStringLiteral("host-unreach")};
    case 2: return {PortState::Filtered, QStringLiteral("proto-unreach")};
    case 9: return {PortState::Filtered, QStringLiteral("net-prohibited")};
    case 10: return {PortState::Filtered, QStringLiteral("host-prohibited")};
    case 13: return {PortState::Filtered, QStringLiteral("admin-prohibited")};
    default: return {PortState::Filtered, QStringLiteral("dest-unreach")};
    }
}

// One of nmap's scan phases against one address: probes in a window, answers, timeouts and
// retransmissions, until every port has a verdict (or, for a ping, until anything answers).
class PortProber {
public:
    PortProber(World &world, Pid pid, const NmapOptions &options, RoundTrips &roundTrips)
        : m_world(world), m_pid(pid), m_options(options), m_roundTrips(roundTrips)
    {
        if (options.type == NmapScanType::Udp) {
            // A random source port for the scan; each retransmission moves it on.
            Rng rng(world.seed() ^ static_cast<std::uint64_t>(world.now().count()) ^ 0x6e6d6170U);
            m_sourcePortBase = static_cast<std::uint16_t>(33000 + rng.below(31000));
            m_watch = world.watchArrivals(world.process(pid).host, [this](const Envelope &envelope) { captured(envelope); });
        }
    }
    ~PortProber()
    {
        if (m_watch)
            m_world.unwatchArrivals(*m_watch);
    }
    PortProber(const PortProber &) = delete;
    PortProber &operator=(const PortProber &) = delete;

    std::vector<PortScanResult> run(const std::vector<std::uint16_t> &ports, bool untilFirstAnswer)
    {
        std::vector<PortScanResult> results;
        std::deque<Probe> waiting;
        for (const std::uint16_t port : ports)
            waiting.push_back({port, 0, SimTime{0}, SimTime{0}, NoSocket, std::nullopt});
        std::vector<Probe> outstanding;
        int lastAnsweredAttempt = 0;
        constexpr int maximumRetransmissions = 10;
        while (!waiting.empty() || !outstanding.empty()) {
            while (!waiting.empty() && static_cast<int>(outstanding.size()) < m_window.size()) {
                outstanding.push_back(send(waiting.front()));
                waiting.pop_front();
            }
            SimTime wake = SimTime::max();
            for (const Probe &probe : outstanding)
                wake = std::min(wake, probe.immediate ? m_world.now() : probe.sentAt + probe.timeout);
            if (const auto next = m_world.nextEventTime())
                wake = std::min(wake, *next);
            m_world.advance(std::max(SimTime{0}, wake - m_world.now()));

            const std::size_t inFlight = outstanding.size();
            for (auto it = outstanding.begin(); it != outstanding.end();) {
                if (const std::optional<Answer> answer = answerTo(*it)) {
                    m_roundTrips.measured(m_world.now() - it->sentAt);
                    m_window.answered();
                    lastAnsweredAttempt = std::max(lastAnsweredAttempt, it->attempt);
                    results.push_back({it->port, protocol(), answer->state, answer->reason});
                } else if (m_world.now() >= it->sentAt + it->timeout) {
                    m_window.dropped(inFlight);
                    // nmap tries a port once more than the most tries any answered port needed.
                    const int allowedAttempts = std::min(maximumRetransmissions, lastAnsweredAttempt + 1) + 1;
                    if (it->attempt + 1 < allowedAttempts) {
                        waiting.push_front({it->port, it->attempt + 1, SimTime{0}, SimTime{0}, NoSocket, std::nullopt});
                    } else {
                        results.push_back({it->port, protocol(), noAnswerState(), QStringLiteral("no-response")});
                    }
                } else {
                    ++it;
                    continue;
                }
                retire(*it);
                it = outstanding.erase(it);
            }
            if (untilFirstAnswer && std::any_of(results.begin(), results.end(), [](const PortScanResult &r) { return r.reason != u"no-response"; })) {
                for (Probe &probe : outstanding)
                    retire(probe);
                break;
            }
        }
        std::sort(results.begin(), results.end(), [](const PortScanResult &a, const PortScanResult &b) { return a.port < b.port; });
        return results;
    }

private:
    Protocol protocol() const { return m_options.type == NmapScanType::Udp ? Protocol::Udp : Protocol::Tcp; }
    PortState noAnswerState() const { return m_options.type == NmapScanType::Udp ? PortState::OpenFiltered : PortState::Filtered; }
    std::uint16_t sourcePort(int attempt) const { return static_cast<std::uint16_t>(m_sourcePortBase + 2 * attempt); }

    Probe send(Probe probe)
    {
        probe.sentAt = m_world.now();
        probe.timeout = m_roundTrips.timeout();
        const Endpoint target{m_options.address, probe.port};
        if (m_options.type == NmapScanType::Udp) {
            m_udpAnswers.erase(probe.port);
            m_world.sendRawUdp(m_pid, sourcePort(probe.attempt), target, {});
            return probe;
        }
        const auto created = m_world.socket(m_pid, Protocol::Tcp, m_options.address.isV6() ? Family::IPv6 : Family::IPv4);
        if (!created.ok()) {
            probe.immediate = connectAnswer(created.result.error);
            return probe;
        }
        probe.socket = created.value;
        const SysResult started = m_world.connectNonBlocking(m_pid, probe.socket, target);
        if (started.error != Errno::InProgress)
            probe.immediate = connectAnswer(started.error);
        return probe;
    }

    std::optional<Answer> answerTo(const Probe &probe) const
    {
        if (probe.immediate)
            return probe.immediate;
        if (m_options.type == NmapScanType::Udp) {
            const auto found = m_udpAnswers.find(probe.port);
            return found == m_udpAnswers.end() ? std::nullopt : std::optional<Answer>(found->second);
        }
        const Socket &socket = m_world.socketAt(probe.socket);
        if (socket.state == SocketState::SynSent)
            return std::nullopt;
        return connectAnswer(socket.state == SocketState::Established ? Errno::Ok : socket.pendingError);
    }

    void retire(const Probe &probe)
    {
        if (probe.socket != NoSocket)
            m_world.closeAbortively(m_pid, probe.socket);
    }

    // The capture of the scanner's network card: a datagram back from the probed port, or an
    // ICMP error quoting a probe.
    void captured(const Envelope &envelope)
    {
        const bool ours = [&](std::uint16_t port) {
            return port >= m_sourcePortBase && port <= sourcePort(maximumAttempts) && (port - m_sourcePortBase) % 2 == 0;
        }(envelope.kind == EnvelopeKind::UdpDatagram ? envelope.destination.port : envelope.quotedSource.port);
        if (!ours)
            return;
        if (envelope.kind == EnvelopeKind::UdpDatagram) {
            if (envelope.source.address == m_options.address)
                m_udpAnswers[envelope.source.port] = {PortState::Open, QStringLiteral("udp-response")};
        } else if (envelope.kind != EnvelopeKind::TcpSegment && envelope.quotedProtocol == Protocol::Udp
                   && envelope.quotedDestination.address == m_options.address) {
            m_udpAnswers[envelope.quotedDestination.port] = icmpAnswer(envelope);
        }
    }

    static constexpr int maximumAttempts = 11;
    World &m_world;
    Pid m_pid;
    const NmapOptions &m_options;
    RoundTrips &m_roundTrips;
    ProbeWindow m_window;
    std::uint16_t m_sourcePortBase = 0;
    std::optional<std::uint32_t> m_watch;
    std::map<std::uint16_t, Answer> m_udpAnswers;
};

// printf("%.*f") with two significant digits, as nmap prints a latency: 0.0020, 0.000060.
QString twoSignificantDigits(double value)
{
    const int decimals = std::max(0, 1 - static_cast<int>(std::floor(std::log10(value))));
    return QString::number(value, 'f', decimals);
}

double seconds(SimTime time)
{
    return static_cast<double>(time.count()) / 1e6;
}

// The port table, after nmap's rule: a state with more than 25 ports is summarised in a
// "Not shown" line instead of listed.
void appendPortTable(QStringList &lines, const std::vector<PortScanResult> &ports, const QString &address, const ServiceRegistry &services)
{
    constexpr std::size_t listedAtMost = 25;
    std::map<PortState, std::vector<const PortScanResult *>> byState;
    for (const PortScanResult &port : ports)
        byState[port.state].push_back(&port);
    std::vector<std::pair<PortState, std::vector<const PortScanResult *>>> hidden;
    for (const auto &[state, members] : byState) {
        if (members.size() > listedAtMost)
            hidden.emplace_back(state, members);
    }
    std::stable_sort(hidden.begin(), hidden.end(), [](const auto &a, const auto &b) { return a.second.size() > b.second.size(); });
    const auto isHidden = [&](PortState state) { return byState[state].size() > listedAtMost; };
    const bool allHidden = std::all_of(ports.begin(), ports.end(), [&](const PortScanResult &p) { return isHidden(p.state); });
    if (allHidden && !hidden.empty())
        lines << QStringLiteral("All %1 scanned ports on %2 are in ignored states.").arg(ports.size()).arg(address);
    if (!hidden.empty()) {
        QStringList summaries;
        for (const auto &[state, members] : hidden) {
            std::map<QString, int> reasons;
            for (const PortScanResult *port : members)
                ++reasons[port->reason];
            QStringList reasonTexts;
            for (const auto &[reason, count] : reasons)
                reasonTexts << (reasons.size() == 1 ? reason : QStringLiteral("%1 %2").arg(count).arg(reason));
            summaries << QStringLiteral("%1 %2 %3 ports (%4)")
                             .arg(members.size())
                             .arg(portStateName(state), protocolName(members.front()->protocol), reasonTexts.join(QStringLiteral(", ")));
        }
        lines << QStringLiteral("Not shown: ") + summaries.join(QStringLiteral(", "));
    } else {
        lines << QString();
    }
    if (allHidden)
        return;
    struct Row {
        QString port, state, service;
    };
    std::vector<Row> rows{{QStringLiteral("PORT"), QStringLiteral("STATE"), QStringLiteral("SERVICE")}};
    for (const PortScanResult &port : ports) {
        if (isHidden(port.state))
            continue;
        const ServiceEntry *service = services.find(port.port, port.protocol);
        rows.push_back({QStringLiteral("%1/%2").arg(port.port).arg(protocolName(port.protocol)), portStateName(port.state),
                        service ? service->nmapName : QStringLiteral("unknown")});
    }
    qsizetype portWidth = 0;
    qsizetype stateWidth = 0;
    for (const Row &row : rows) {
        portWidth = std::max(portWidth, row.port.size());
        stateWidth = std::max(stateWidth, row.state.size());
    }
    for (const Row &row : rows)
        lines << row.port.leftJustified(portWidth) + u' ' + row.state.leftJustified(stateWidth) + u' ' + row.service;
}

} // namespace

QString portStateName(PortState state)
{
    switch (state) {
    case PortState::Open: return QStringLiteral("open");
    case PortState::Closed: return QStringLiteral("closed");
    case PortState::Filtered: return QStringLiteral("filtered");
    case PortState::OpenFiltered: return QStringLiteral("open|filtered");
    }
    return {};
}

NmapScan nmapScan(World &world, Pid pid, const NmapOptions &options, const ServiceRegistry &services)
{
    NmapScan scan;
    const Process &scanner = world.process(pid);
    if (options.type == NmapScanType::Udp && !scanner.isRoot()) {
        scan.error = Errno::Perm;
        scan.explanation = QStringLiteral("nmap -sU writes its probes through a raw socket, and %1 runs as %2, not root: "
                                          "\"You requested a scan type which requires root privileges. QUITTING!\"").arg(scanner.name, scanner.user);
        return scan;
    }
    const SimTime start = world.now();
    const QString address = options.address.toString();
    QStringList lines;
    lines << QStringLiteral("Starting Nmap 7.93 ( https://nmap.org ) at %1 UTC")
                 .arg(QDateTime::fromMSecsSinceEpoch(start.count() / 1000, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm")));

    std::optional<HostId> target;
    for (HostId id = 0; id < world.hostCount() && !target; ++id) {
        if (world.host(id).ownsAddress(options.address))
            target = id;
    }
    const bool local = options.address.isLoopback() || target == scanner.host;
    RoundTrips roundTrips;
    // Host discovery. Root on the segment asks ARP, which the model answers from its own
    // knowledge (no ARP on the wire): there is a host, or after 1.43 s (measured) there is not.
    // An ordinary user cannot, and tries connect() to ports 80 and 443: any answer means up.
    // nmap takes its own host as up.
    bool arpPinged = false;
    if (options.skipHostDiscovery || local) {
        scan.hostUp = true;
    } else if (scanner.isRoot()) {
        arpPinged = true;
        scan.hostUp = target.has_value();
        if (!scan.hostUp)
            world.advance(1430ms);
    } else {
        NmapOptions ping = options;
        ping.type = NmapScanType::TcpConnect;
        const auto answers = PortProber(world, pid, ping, roundTrips).run({80, 443}, true);
        scan.hostUp = std::any_of(answers.begin(), answers.end(), [](const PortScanResult &r) { return r.state == PortState::Open || r.state == PortState::Closed; });
    }

    if (scan.hostUp) {
        scan.ports = PortProber(world, pid, options, roundTrips).run(options.ports, false);
        lines << QStringLiteral("Nmap scan report for %1").arg(address);
        lines << (roundTrips.smoothed() ? QStringLiteral("Host is up (%1s latency).").arg(twoSignificantDigits(seconds(*roundTrips.smoothed())))
                                        : QStringLiteral("Host is up."));
        appendPortTable(lines, scan.ports, address, services);
        if (arpPinged)
            lines << QStringLiteral("MAC Address: %1 (Unknown)").arg(macAddressOf(*target).toString().toUpper());
        lines << QString();
    } else {
        lines << QStringLiteral("Note: Host seems down. If it is really up, but blocking our ping probes, try -Pn");
    }
    lines << QStringLiteral("Nmap done: 1 IP address (%1 host%2 up) scanned in %3 seconds")
                 .arg(scan.hostUp ? 1 : 0)
                 .arg(scan.hostUp ? QString() : QStringLiteral("s"))
                 .arg(QString::number(seconds(world.now() - start), 'f', 2));
    scan.output = lines.join(u'\n');
    world.settle();   // the last resets still on their way
    return scan;
}

} // namespace portlab
