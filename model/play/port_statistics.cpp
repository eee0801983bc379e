// SPDX-License-Identifier: GPL-3.0-or-later
#include "port_statistics.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

namespace portlab {

namespace {

// Host names do not change during a run; the last world has every host the run made.
QString hostName(const Playback &playback, HostId host)
{
    const WorldSnapshot &world = playback.worldAt(static_cast<int>(playback.size()) - 1);
    return host < world.size() ? world[host].name : QString();
}

int lastRecordedStep(const Playback &playback, int step)
{
    return std::min(step, static_cast<int>(playback.size()) - 1);
}

// Calls `visit(socket, owner)` for every door of a host: its processes' sockets, then the
// kernel's (owner null).
template<typename Visit>
void forEachSocket(const HostSnapshot &host, Visit visit)
{
    for (const ProcessSnapshot &process : host.processes) {
        for (const SocketSnapshot &socket : process.sockets)
            visit(socket, &process);
    }
    for (const SocketSnapshot &socket : host.kernelSockets)
        visit(socket, nullptr);
}

} // namespace

// --- the port space ---------------------------------------------------------------------

std::vector<PortBand> ianaPortRanges()
{
    return {
        {QStringLiteral("system"), 0, 1023},
        {QStringLiteral("user/registered"), 1024, 49151},
        {QStringLiteral("dynamic/private"), 49152, 65535},
    };
}

PortSpace portSpaceAt(const Playback &playback, int step, std::size_t host)
{
    PortSpace space;
    const WorldSnapshot &world = playback.worldAt(step);
    if (host >= world.size())
        return space;
    const HostSnapshot &h = world[host];
    space.host = h.name;
    space.ephemeral = {QStringLiteral("ephemeral (ip_local_port_range)"), h.ephemeralLow, h.ephemeralHigh};

    std::map<std::pair<std::uint16_t, Protocol>, PortMark> marks;
    forEachSocket(h, [&marks](const SocketSnapshot &socket, const ProcessSnapshot *owner) {
        PortMark &mark = marks[{socket.port, socket.protocol}];
        mark.protocol = socket.protocol;
        mark.port = socket.port;
        ++mark.sockets;
        const bool listening = socket.protocol == Protocol::Tcp && socket.kind == DoorKind::Listening;
        const QString name = owner ? owner->name : QStringLiteral("kernel");
        if (mark.owner.isEmpty() || (listening && !mark.listening))
            mark.owner = name;
        mark.listening = mark.listening || listening;
    });
    space.marks.reserve(marks.size());
    for (auto &[key, mark] : marks)
        space.marks.push_back(std::move(mark));
    return space;
}

void layOutLabels(std::vector<PortMark> &marks, double separation, int lanes)
{
    std::vector<double> lastInLane(static_cast<std::size_t>(std::max(lanes, 1)), -1e9);
    for (PortMark &mark : marks) {
        const auto free = std::find_if(lastInLane.begin(), lastInLane.end(),
                                       [&mark, separation](double last) { return mark.port - last >= separation; });
        mark.labelled = free != lastInLane.end();
        mark.lane = mark.labelled ? static_cast<int>(free - lastInLane.begin()) : 0;
        if (mark.labelled)
            *free = mark.port;
    }
}

// --- the ephemeral ports the kernel chose -----------------------------------------------

QString ChosenPortSeries::name() const
{
    switch (rule) {
    case PortChoiceRule::Connect:
        return destination.isEmpty()
            ? QStringLiteral("%1 connect() → %2 other destinations").arg(host).arg(otherDestinations)
            : QStringLiteral("%1 connect() → %2").arg(host, destination);
    case PortChoiceRule::Bind:
        return QStringLiteral("%1 bind(0), listen()").arg(host);
    case PortChoiceRule::Udp:
        return QStringLiteral("%1 UDP").arg(host);
    }
    return host;
}

std::vector<ChosenPortSeries> chosenPorts(const Playback &playback, int lastStep, std::size_t maxDestinations)
{
    struct Choice {
        int step;
        HostId host;
        PortChoiceRule rule;
        QString destination;
        SimTime time;
        std::uint16_t port;
    };
    std::vector<Choice> choices;
    for (std::size_t i = 0; i < playback.size(); ++i) {
        const PlaybackStep &step = playback.steps[i];
        if (!step.event || step.event->kind != TraceKind::PortChosen || !step.event->portChoice)
            continue;
        const PortChoice &choice = *step.event->portChoice;
        const PortChoiceRule rule = choice.protocol == Protocol::Udp ? PortChoiceRule::Udp
                                  : choice.call == PortChoiceCall::Connect ? PortChoiceRule::Connect
                                                                           : PortChoiceRule::Bind;
        choices.push_back({static_cast<int>(i), step.event->host, rule,
                           rule == PortChoiceRule::Connect ? choice.destination.toString() : QString(), step.time, choice.port});
    }

    // Per host, the destinations connect() went to most often keep their own series.
    using Key = std::tuple<HostId, PortChoiceRule, QString>;
    std::map<Key, int> uses;
    for (const Choice &c : choices)
        ++uses[{c.host, c.rule, c.destination}];
    std::map<HostId, std::vector<std::pair<int, QString>>> destinations;   // (uses, destination)
    for (const auto &[key, count] : uses) {
        if (std::get<1>(key) == PortChoiceRule::Connect)
            destinations[std::get<0>(key)].emplace_back(count, std::get<2>(key));
    }
    std::map<std::pair<HostId, QString>, QString> seriesDestination;   // "" for the others
    std::map<HostId, int> others;
    for (auto &[host, list] : destinations) {
        std::stable_sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        for (std::size_t i = 0; i < list.size(); ++i) {
            const bool own = i < maxDestinations;
            seriesDestination[{host, list[i].second}] = own ? list[i].second : QString();
            if (!own)
                ++others[host];
        }
    }

    std::vector<ChosenPortSeries> series;
    std::map<Key, std::size_t> seriesOf;
    int order = 0;
    for (const Choice &c : choices) {
        const QString destination = c.rule == PortChoiceRule::Connect ? seriesDestination[{c.host, c.destination}] : QString();
        const Key key{c.host, c.rule, destination};
        auto found = seriesOf.find(key);
        if (found == seriesOf.end()) {
            ChosenPortSeries s;
            s.host = hostName(playback, c.host);
            s.rule = c.rule;
            s.destination = destination;
            if (c.rule == PortChoiceRule::Connect && destination.isEmpty())
                s.otherDestinations = others[c.host];
            found = seriesOf.emplace(key, series.size()).first;
            series.push_back(std::move(s));
        }
        ++order;
        if (c.step <= lastStep)
            series[found->second].points.push_back({order, c.step, c.time, c.port});
    }
    return series;
}

// --- connections per listening socket ---------------------------------------------------

QString ListenerLoad::name() const
{
    return QStringLiteral("%1 %2 %3").arg(host, owner, local);
}

namespace {

// How well a listener's address covers a connection's local address: 2 the same address,
// 1 a wildcard of a family that takes it (an IPv6 wildcard takes IPv4 too, dual-stack),
// 0 not at all.
int coverage(const Endpoint &listener, bool v6Only, const Endpoint &connection)
{
    if (listener.port != connection.port)
        return 0;
    if (listener.address == connection.address)
        return 2;
    if (!listener.address.isUnspecified())
        return 0;
    if (listener.address.isV4())
        return connection.address.isV4() || connection.address.isV4Mapped() ? 1 : 0;
    return !v6Only || (connection.address.isV6() && !connection.address.isV4Mapped()) ? 1 : 0;
}

} // namespace

std::vector<ListenerLoad> connectionsPerListener(const WorldSnapshot &world)
{
    std::vector<ListenerLoad> loads;
    for (const HostSnapshot &host : world) {
        struct Listener {
            Endpoint local;
            bool v6Only;
            Pid owner;
            std::size_t load;
        };
        std::vector<Listener> listeners;
        forEachSocket(host, [&](const SocketSnapshot &socket, const ProcessSnapshot *owner) {
            if (socket.protocol != Protocol::Tcp || socket.kind != DoorKind::Listening || !owner)
                return;
            listeners.push_back({Endpoint::parse(socket.local).value_or(Endpoint{}),
                                 socket.options.contains(socketOptionName(SocketOption::V6Only)), owner->pid, loads.size()});
            loads.push_back({host.name, owner->name, socket.local, socket.port, 0, static_cast<int>(socket.acceptQueue)});
        });
        forEachSocket(host, [&](const SocketSnapshot &socket, const ProcessSnapshot *owner) {
            if (socket.protocol != Protocol::Tcp || socket.state != QLatin1String("ESTAB") || !owner)
                return;
            const Endpoint local = Endpoint::parse(socket.local).value_or(Endpoint{});
            const Listener *best = nullptr;
            int bestCoverage = 0;
            for (const Listener &listener : listeners) {
                const int c = coverage(listener.local, listener.v6Only, local);
                if (c > bestCoverage || (c > 0 && c == bestCoverage && listener.owner == owner->pid && best->owner != owner->pid)) {
                    best = &listener;
                    bestCoverage = c;
                }
            }
            if (best)
                ++loads[best->load].accepted;
        });
    }
    return loads;
}

// --- TCP sockets by state over time -----------------------------------------------------

namespace {

// ss's names, in the order of a connection's life.
const std::array<QString, 11> &statesInLifeOrder()
{
    static const std::array<QString, 11> states{
        ssStateName(SocketState::Closed), ssStateName(SocketState::Listen), ssStateName(SocketState::SynSent),
        ssStateName(SocketState::SynReceived), ssStateName(SocketState::Established), ssStateName(SocketState::FinWait1),
        ssStateName(SocketState::FinWait2), ssStateName(SocketState::CloseWait), ssStateName(SocketState::Closing),
        ssStateName(SocketState::LastAck), ssStateName(SocketState::TimeWait),
    };
    return states;
}

using StateCounts = std::array<int, 11>;

StateCounts countStates(const WorldSnapshot &world)
{
    const auto &states = statesInLifeOrder();
    StateCounts counts{};
    for (const HostSnapshot &host : world) {
        forEachSocket(host, [&](const SocketSnapshot &socket, const ProcessSnapshot *) {
            if (socket.protocol != Protocol::Tcp)
                return;
            const auto found = std::find(states.begin(), states.end(), socket.state);
            if (found != states.end())
                ++counts[static_cast<std::size_t>(found - states.begin())];
        });
    }
    return counts;
}

} // namespace

StateTimeline socketStatesOverTime(const Playback &playback, int lastStep)
{
    // Most steps share their world with the step before: each world is counted once.
    std::unordered_map<const WorldSnapshot *, StateCounts> counted;
    std::vector<const StateCounts *> perStep;
    perStep.reserve(playback.size());
    StateCounts occurs{};
    for (const PlaybackStep &step : playback.steps) {
        auto found = counted.find(step.world.get());
        if (found == counted.end())
            found = counted.emplace(step.world.get(), countStates(*step.world)).first;
        perStep.push_back(&found->second);
        for (std::size_t s = 0; s < occurs.size(); ++s)
            occurs[s] += found->second[s];
    }

    StateTimeline timeline;
    const auto last = static_cast<std::size_t>(lastRecordedStep(playback, lastStep) + 1);
    for (std::size_t s = 0; s < occurs.size(); ++s) {
        if (occurs[s] == 0)
            continue;
        timeline.states.push_back(statesInLifeOrder()[s]);
        std::vector<int> &counts = timeline.counts.emplace_back();
        counts.reserve(last);
        for (std::size_t i = 0; i < last; ++i)
            counts.push_back((*perStep[i])[s]);
    }
    return timeline;
}

// --- a port scan, as the scanner infers it ------------------------------------------------

QString scanVerdictName(ScanVerdict verdict)
{
    switch (verdict) {
    case ScanVerdict::Open: return QStringLiteral("open");
    case ScanVerdict::Closed: return QStringLiteral("closed");
    case ScanVerdict::Filtered: return QStringLiteral("filtered");
    case ScanVerdict::OpenOrFiltered: return QStringLiteral("open|filtered");
    case ScanVerdict::Waiting: return QStringLiteral("waiting");
    }
    return {};
}

namespace {

struct Probe {
    HostId scanner = 0;
    SimTime firstSent{0};
    int count = 0;
    std::optional<ScanVerdict> answered;
    QString answer;
};

// (protocol, the scanner's endpoint, the target's endpoint)
using ProbeKey = std::tuple<Protocol, Endpoint, Endpoint>;

bool isProbe(const Envelope &envelope)
{
    if (envelope.kind == EnvelopeKind::UdpDatagram)
        return true;
    return envelope.kind == EnvelopeKind::TcpSegment && envelope.has(TcpFlag::Syn) && !envelope.has(TcpFlag::Ack);
}

// The ICMP message's type and code, read from its bytes; an envelope without bytes is the
// port unreachable its kind says.
std::pair<bool, int> icmpUnreachable(const Envelope &envelope)
{
    const qsizetype at = envelope.transportOffset;
    if (envelope.frame.size() < at + 2)
        return {true, envelope.destination.address.isV4() ? wire::IcmpType::PortUnreachableCode : wire::Icmpv6Type::PortUnreachableCode};
    const auto type = static_cast<std::uint8_t>(envelope.frame[at]);
    const int code = static_cast<std::uint8_t>(envelope.frame[at + 1]);
    const bool unreachable = envelope.destination.address.isV4() ? type == wire::IcmpType::DestinationUnreachable
                                                                 : type == wire::Icmpv6Type::DestinationUnreachable;
    return {unreachable, code};
}

// What an arriving envelope says of a probe it answers, if it answers one.
std::optional<std::pair<ProbeKey, std::pair<ScanVerdict, QString>>> answerOf(const Envelope &envelope)
{
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment: {
        const ProbeKey key{Protocol::Tcp, envelope.destination, envelope.source};
        if (envelope.has(TcpFlag::Rst))
            return {{key, {ScanVerdict::Closed, QStringLiteral("RST")}}};
        if (envelope.has(TcpFlag::Syn) && envelope.has(TcpFlag::Ack))
            return {{key, {ScanVerdict::Open, QStringLiteral("SYN-ACK")}}};
        return std::nullopt;
    }
    case EnvelopeKind::UdpDatagram:
        return {{{Protocol::Udp, envelope.destination, envelope.source}, {ScanVerdict::Open, QStringLiteral("UDP")}}};
    default: {
        const auto [unreachable, code] = icmpUnreachable(envelope);
        if (!unreachable)
            return std::nullopt;
        const ProbeKey key{envelope.quotedProtocol, envelope.quotedSource, envelope.quotedDestination};
        const int portUnreachable = envelope.destination.address.isV4() ? wire::IcmpType::PortUnreachableCode
                                                                         : wire::Icmpv6Type::PortUnreachableCode;
        if (code == portUnreachable) {
            // A closed UDP port says so; for TCP, an ICMP error means something in the way.
            return {{key, {envelope.quotedProtocol == Protocol::Udp ? ScanVerdict::Closed : ScanVerdict::Filtered,
                           QStringLiteral("ICMP port unreachable")}}};
        }
        return {{key, {ScanVerdict::Filtered, QStringLiteral("ICMP unreachable (code %1)").arg(code)}}};
    }
    }
}

std::map<ProbeKey, Probe> probesUpTo(const Playback &playback, int lastStep)
{
    std::map<ProbeKey, Probe> probes;
    for (int i = 0; i <= lastStep; ++i) {
        const PlaybackStep &step = playback.steps[static_cast<std::size_t>(i)];
        if (!step.event || !step.event->envelope)
            continue;
        const TraceEvent &event = *step.event;
        const Envelope &envelope = *event.envelope;
        if (event.kind == TraceKind::EnvelopeSent && event.host == envelope.fromHost && isProbe(envelope)) {
            Probe &probe = probes[{envelope.protocol(), envelope.source, envelope.destination}];
            if (probe.count++ == 0) {
                probe.scanner = envelope.fromHost;
                probe.firstSent = event.time;
            }
            continue;
        }
        // The scanner learns the answer when its host takes it in (the first event of it there).
        const bool arrived = event.host == envelope.toHost
            && (event.kind == TraceKind::EnvelopeDelivered || event.kind == TraceKind::EnvelopeRejected
                || (event.kind == TraceKind::EnvelopeUnwrapped && event.layer == StackLayer::Network));
        if (!arrived)
            continue;
        if (const auto answer = answerOf(envelope)) {
            const auto found = probes.find(answer->first);
            if (found != probes.end() && !found->second.answered) {
                found->second.answered = answer->second.first;
                found->second.answer = answer->second.second;
            }
        }
    }
    return probes;
}

} // namespace

ScanReport scanReport(const Playback &playback, int lastStep)
{
    ScanReport report;
    if (playback.size() == 0)
        return report;
    // The scan shown: the scanner and address with the most ports probed in the whole run.
    using Pair = std::pair<HostId, IpAddress>;
    std::map<Pair, std::set<std::pair<Protocol, std::uint16_t>>> probed;
    for (const auto &[key, probe] : probesUpTo(playback, static_cast<int>(playback.size()) - 1)) {
        const auto &[protocol, scanner, target] = key;
        probed[{probe.scanner, target.address}].insert({protocol, target.port});
    }
    const auto widest = std::max_element(probed.begin(), probed.end(),
                                         [](const auto &a, const auto &b) { return a.second.size() < b.second.size(); });
    if (widest == probed.end())
        return report;
    const auto [scanner, target] = widest->first;
    report.scanner = hostName(playback, scanner);
    report.target = target.toString();

    const int last = lastRecordedStep(playback, lastStep);
    if (last < 0)
        return report;
    const SimTime now = playback.steps[static_cast<std::size_t>(last)].time;
    // A port may have been probed from several source ports: an answer to any of them counts.
    struct PortProbes {
        int probes = 0;
        std::optional<std::pair<ScanVerdict, QString>> answer;
        SimTime lastFirstSent{0};
    };
    std::map<std::pair<Protocol, std::uint16_t>, PortProbes> perPort;
    for (const auto &[key, probe] : probesUpTo(playback, last)) {
        const auto &[protocol, from, to] = key;
        if (probe.scanner != scanner || to.address != target)
            continue;
        PortProbes &p = perPort[{protocol, to.port}];
        p.probes += probe.count;
        p.lastFirstSent = std::max(p.lastFirstSent, probe.firstSent);
        if (probe.answered && !p.answer)
            p.answer = {{*probe.answered, probe.answer}};
    }
    for (const auto &[key, p] : perPort) {
        const auto &[protocol, number] = key;
        ScannedPort port{protocol, number, ScanVerdict::Waiting, {}, p.probes};
        if (p.answer) {
            port.verdict = p.answer->first;
            port.answer = p.answer->second;
        } else if (now - p.lastFirstSent >= scanAnswerTimeout) {
            port.verdict = protocol == Protocol::Tcp ? ScanVerdict::Filtered : ScanVerdict::OpenOrFiltered;
        }
        report.ports.push_back(std::move(port));
    }
    return report;
}

} // namespace portlab
