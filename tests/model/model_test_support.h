// SPDX-License-Identifier: GPL-3.0-or-later
// Shared helpers of the model's unit tests: readable QCOMPARE output for the model's enums and
// values, checks of system-call results that also demand an explanation on every failure, a
// standard two-host network, and a trace recorder.
#pragma once

#include "net/errors.h"
#include "net/ip_address.h"
#include "net/socket.h"
#include "sim/trace.h"
#include "sim/world.h"

#include <QDebug>
#include <QStringList>
#include <QTest>

#include <memory>
#include <vector>

namespace portlab {

// Found by QTest through argument-dependent lookup, so failures print names, not numbers.
inline char *toString(Errno error) { return QTest::toString(errnoName(error)); }
inline char *toString(SocketState state) { return QTest::toString(stateName(state)); }
inline char *toString(const IpAddress &address) { return QTest::toString(address.toString()); }
inline char *toString(const Endpoint &endpoint) { return QTest::toString(endpoint.toString()); }
inline char *toString(DemuxMatch match) { return QTest::toString(demuxMatchText(match)); }
inline char *toString(Family family) { return QTest::toString(family == Family::IPv4 ? QStringLiteral("IPv4") : QStringLiteral("IPv6")); }

inline const SysResult &resultOf(const SysResult &result) { return result; }
template<typename T>
const SysResult &resultOf(const SysValue<T> &value) { return value.result; }

// Test-data literals. A typo in a test is a bug of the test, so it stops the run loudly.
inline IpAddress ip(QStringView text)
{
    const auto address = IpAddress::parse(text);
    if (!address)
        qFatal("test data: cannot parse address %s", qPrintable(text.toString()));
    return *address;
}

inline Endpoint ep(QStringView text)
{
    const auto endpoint = Endpoint::parse(text);
    if (!endpoint)
        qFatal("test data: cannot parse endpoint %s", qPrintable(text.toString()));
    return *endpoint;
}

inline QByteArray describe(const SysResult &r, const char *call)
{
    return (errnoName(r.error) + QStringLiteral(" (") + r.explanation + QStringLiteral(") from ")
            + QString::fromLatin1(call)).toUtf8();
}

} // namespace portlab

Q_DECLARE_METATYPE(portlab::Errno)
Q_DECLARE_METATYPE(portlab::Protocol)
Q_DECLARE_METATYPE(portlab::SocketState)
Q_DECLARE_METATYPE(portlab::DemuxMatch)
Q_DECLARE_METATYPE(portlab::Family)

// The call must succeed.
#define CHECK_OK(call) \
    do { \
        const ::portlab::SysResult r_ = ::portlab::resultOf(call); \
        QVERIFY2(r_.ok(), ::portlab::describe(r_, #call).constData()); \
    } while (false)

// The call must fail with exactly this errno, and say why in a sentence.
#define CHECK_ERRNO(call, expected) \
    do { \
        const ::portlab::SysResult r_ = ::portlab::resultOf(call); \
        if (r_.error != (expected)) \
            qWarning().noquote() << "explanation was:" << r_.explanation; \
        QCOMPARE(r_.error, expected); \
        if (!r_.ok()) \
            QVERIFY2(!r_.explanation.trimmed().isEmpty(), "a failing system call must explain itself"); \
    } while (false)

namespace portlab {

// Two Linux hosts on one segment:
//   server 10.0.0.1, 10.0.0.3, 2001:db8::1 with processes nginx (root), alice and alice2 (user
//   alice), bob (user bob), capable (user www with CAP_NET_BIND_SERVICE);
//   client 10.0.0.2, 2001:db8::2 with process curl (user carol).
struct TwoHosts {
    explicit TwoHosts(std::uint64_t seed = 1, const Personality &os = Personality::forLinux())
        : world(seed)
    {
        server = world.addHost(QStringLiteral("server"), os);
        client = world.addHost(QStringLiteral("client"), os);
        world.addAddress(server, ip(u"10.0.0.1"));
        world.addAddress(server, ip(u"10.0.0.3"));
        world.addAddress(server, ip(u"2001:db8::1"));
        world.addAddress(client, ip(u"10.0.0.2"));
        world.addAddress(client, ip(u"2001:db8::2"));
        nginx = world.addProcess(server, QStringLiteral("nginx"), QStringLiteral("root"));
        alice = world.addProcess(server, QStringLiteral("alice-app"), QStringLiteral("alice"));
        alice2 = world.addProcess(server, QStringLiteral("alice-app2"), QStringLiteral("alice"));
        bob = world.addProcess(server, QStringLiteral("bob-app"), QStringLiteral("bob"));
        capable = world.addProcess(server, QStringLiteral("caddy"), QStringLiteral("www"), true);
        curl = world.addProcess(client, QStringLiteral("curl"), QStringLiteral("carol"));
    }

    SocketId tcp(Pid pid, Family family = Family::IPv4) { return world.socket(pid, Protocol::Tcp, family).value; }
    SocketId udp(Pid pid, Family family = Family::IPv4) { return world.socket(pid, Protocol::Udp, family).value; }
    SocketId socketFor(Pid pid, Protocol protocol, const Endpoint &endpoint)
    {
        return world.socket(pid, protocol, endpoint.address.family()).value;
    }

    // Binds two sockets of one process, `a` first or `b` first: the order matters to the rules.
    bool bindInOrder(Pid pid, SocketId a, const Endpoint &aAt, SocketId b, const Endpoint &bAt, bool aFirst)
    {
        const auto bindOne = [&](SocketId id, const Endpoint &at) { return world.bind(pid, id, at).ok(); };
        return aFirst ? bindOne(a, aAt) && bindOne(b, bAt) : bindOne(b, bAt) && bindOne(a, aAt);
    }

    // Sets the options named in `options` ("RA" SO_REUSEADDR, "RP" SO_REUSEPORT, "V6ONLY").
    SysResult setOptions(Pid pid, SocketId id, QStringView options)
    {
        const QList<QStringView> names = options.split(u'+', Qt::SkipEmptyParts);
        for (const QStringView name : names) {
            SocketOption option = SocketOption::ReuseAddr;
            if (name == u"RA")
                option = SocketOption::ReuseAddr;
            else if (name == u"RP")
                option = SocketOption::ReusePort;
            else if (name == u"V6ONLY")
                option = SocketOption::V6Only;
            else
                qFatal("test data: unknown option %s", qPrintable(name.toString()));
            if (const SysResult r = world.setsockopt(pid, id, option, 1); !r.ok())
                return r;
        }
        return SysResult::success();
    }

    World world;
    HostId server = 0;
    HostId client = 0;
    Pid nginx = 0;
    Pid alice = 0;
    Pid alice2 = 0;
    Pid bob = 0;
    Pid capable = 0;
    Pid curl = 0;
};

// Records every trace event of a world; shared so the sink stays valid as long as the world.
class TraceRecorder {
public:
    explicit TraceRecorder(World &world)
        : m_events(std::make_shared<std::vector<TraceEvent>>())
    {
        world.setTraceSink([events = m_events](const TraceEvent &event) { events->push_back(event); });
    }

    const std::vector<TraceEvent> &events() const { return *m_events; }
    void clear() { m_events->clear(); }

    std::vector<TraceEvent> ofKind(TraceKind kind) const
    {
        std::vector<TraceEvent> out;
        for (const TraceEvent &e : *m_events) {
            if (e.kind == kind)
                out.push_back(e);
        }
        return out;
    }

    // Deliveries of TCP segments that open a connection (SYN without ACK).
    std::vector<TraceEvent> deliveredSyns() const
    {
        std::vector<TraceEvent> out;
        for (const TraceEvent &e : *m_events) {
            if (e.kind == TraceKind::EnvelopeDelivered && e.envelope && e.envelope->kind == EnvelopeKind::TcpSegment
                && e.envelope->has(TcpFlag::Syn) && !e.envelope->has(TcpFlag::Ack))
                out.push_back(e);
        }
        return out;
    }

    std::vector<TraceEvent> deliveredOf(EnvelopeKind kind) const
    {
        std::vector<TraceEvent> out;
        for (const TraceEvent &e : *m_events) {
            if (e.kind == TraceKind::EnvelopeDelivered && e.envelope && e.envelope->kind == kind)
                out.push_back(e);
        }
        return out;
    }

    std::vector<TraceEvent> sentOf(EnvelopeKind kind) const
    {
        std::vector<TraceEvent> out;
        for (const TraceEvent &e : *m_events) {
            if (e.kind == TraceKind::EnvelopeSent && e.envelope && e.envelope->kind == kind)
                out.push_back(e);
        }
        return out;
    }

    // The states a socket passed through, in order, starting with its first recorded "from".
    std::vector<SocketState> statesOf(SocketId id) const
    {
        std::vector<SocketState> out;
        for (const TraceEvent &e : *m_events) {
            if (e.kind != TraceKind::StateChanged || e.socket != id)
                continue;
            if (out.empty())
                out.push_back(e.from);
            out.push_back(e.to);
        }
        return out;
    }

private:
    std::shared_ptr<std::vector<TraceEvent>> m_events;
};

inline QString statesText(const std::vector<SocketState> &states)
{
    QStringList names;
    for (const SocketState s : states)
        names << stateName(s);
    return names.join(QStringLiteral(" → "));
}

} // namespace portlab
