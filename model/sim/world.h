// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "trace.h"
#include "net/bind_rules.h"
#include "net/host.h"
#include "net/port_allocator.h"
#include "net/rng.h"

#include <QStringList>

#include <deque>
#include <memory>
#include <queue>
#include <unordered_map>
#include <vector>

namespace portlab {

enum class ShutdownHow : std::uint8_t { Read, Write, Both };

struct Message {
    QByteArray data;
    Endpoint from;
};

template<typename T>
struct SysValue {
    SysResult result;
    T value{};
    bool ok() const { return result.ok(); }
};

// A simulated network: hosts on one segment, their processes and sockets, a virtual clock and
// the queue of what happens next. System calls behave like Linux's (or the host's
// personality's) and return the errno a real kernel would, with a sentence saying why.
// Blocking calls run the simulation forward until they can return, as a blocked process would
// wait; a call that would wait forever instead returns EAGAIN and says so.
class World {
public:
    explicit World(std::uint64_t seed = 1);

    // --- the network -----------------------------------------------------------------------
    HostId addHost(const QString &name, const Personality &personality = Personality::forLinux());
    SysResult addAddress(HostId host, const IpAddress &address);
    std::size_t hostCount() const { return m_hosts.size(); }
    Host &host(HostId id) { return *m_hosts[id]; }
    const Host &host(HostId id) const { return *m_hosts[id]; }
    std::optional<HostId> findHost(QStringView name) const;

    Pid addProcess(HostId host, const QString &name, const QString &user, bool canBindPrivileged = false);
    const Process &process(Pid pid) const { return m_processes.at(pid); }
    bool isRunning(Pid pid) const { return m_processes.contains(pid); }
    std::optional<Pid> findProcess(QStringView name) const;
    std::vector<Pid> processes() const;          // running, by pid
    QStringList exitedProcessNames() const;     // killed, in the order they exited

    // --- system calls ------------------------------------------------------------------------
    SysValue<SocketId> socket(Pid pid, Protocol protocol, Family family);
    SysResult setsockopt(Pid pid, SocketId id, SocketOption option, int value);
    SysResult bind(Pid pid, SocketId id, const Endpoint &endpoint);
    SysResult listen(Pid pid, SocketId id, int backlog);
    SysResult connect(Pid pid, SocketId id, const Endpoint &destination);
    SysValue<SocketId> accept(Pid pid, SocketId id);
    SysResult send(Pid pid, SocketId id, const QByteArray &data);
    SysResult sendTo(Pid pid, SocketId id, const Endpoint &destination, const QByteArray &data);
    SysValue<Message> receive(Pid pid, SocketId id);
    SysResult shutdown(Pid pid, SocketId id, ShutdownHow how);
    SysResult close(Pid pid, SocketId id);
    // kill(pid, SIGTERM or SIGKILL): the process, which catches no signal, exits, and the
    // kernel closes each descriptor it still had, as close() would. ESRCH once it is gone.
    enum class Signal : std::uint8_t { Term, Kill };
    SysResult kill(Pid pid, Signal signal = Signal::Term);
    SysValue<Endpoint> localName(Pid pid, SocketId id);
    SysValue<Endpoint> peerName(Pid pid, SocketId id);

    // What a program that waits on many sockets at once (select/poll) does, as nmap does:
    // these return at once, and what they put on the wire travels as time passes (advance()).
    // connect() on a non-blocking socket: EINPROGRESS once the SYN is out; the socket's state
    // and pending error (SO_ERROR) tell later how the handshake ended.
    SysResult connectNonBlocking(Pid pid, SocketId id, const Endpoint &destination);
    // close() with SO_LINGER {on, 0 s}: a connection is reset (RST), not closed with a FIN.
    SysResult closeAbortively(Pid pid, SocketId id);
    // A UDP datagram written whole through a raw IP socket (which needs root: CAP_NET_RAW is
    // not modelled apart): no UDP socket sends it or receives what comes back.
    SysResult sendRawUdp(Pid pid, std::uint16_t sourcePort, const Endpoint &destination, const QByteArray &payload);
    // A packet capture on a host's network card (libpcap): sees every envelope that arrives
    // there, whatever its stack then does with it, until unwatched.
    using ArrivalWatch = std::function<void(const Envelope &)>;
    std::uint32_t watchArrivals(HostId host, ArrivalWatch watch);
    void unwatchArrivals(std::uint32_t watch);

    // --- time --------------------------------------------------------------------------------
    SimTime now() const { return m_now; }
    void settle();                    // deliver everything in flight
    void advance(SimTime duration);   // let time pass: timers (TIME_WAIT, retransmissions) fire
    std::optional<SimTime> nextEventTime() const;   // when the next arrival or timer is due

    // --- looking in --------------------------------------------------------------------------
    const SocketStore &sockets() const { return m_sockets; }
    const Socket &socketAt(SocketId id) const { return m_sockets[id]; }
    std::vector<SocketId> socketsOf(HostId host) const;   // those ss would list, by id
    std::size_t acceptQueueLength(SocketId listener) const;
    std::size_t receiveQueueBytes(SocketId id) const;
    const std::deque<Message> *receiveQueue(SocketId id) const;   // nullptr when empty
    QString describeSocket(SocketId id) const;   // "nginx (pid 1000) tcp 0.0.0.0:80"
    QString ownerName(SocketId id) const;        // "nginx (pid 1000)" or what holds it now
    // The socket the transport layer of envelope.toHost would hand the envelope to, as an
    // arrival is demultiplexed (for ICMP: the socket that sent the quoted datagram).
    SocketId demultiplex(const Envelope &envelope, DemuxDecision *decision) const;
    std::uint64_t seed() const { return m_seed; }

    void setTraceSink(TraceSink sink) { m_traceSink = std::move(sink); }
    // Whether a successful call says in a sentence what it did (a failure always says why).
    // A bulk run of a million connections turns this off; it costs more than the simulation.
    void setExplainSuccess(bool explain) { m_explainSuccess = explain; }

private:
    struct Scheduled {
        enum class Kind : std::uint8_t { Arrival, TimeWaitEnd, FinWait2End, SynRetransmit, NeighbourFailed };
        SimTime at{0};
        std::uint64_t order = 0;
        Kind kind = Kind::Arrival;
        std::uint32_t slot = 0;     // envelope slot, or socket id for timers
        std::uint32_t token = 0;    // stale-timer guard: the socket's initial sequence number
        std::uint32_t attempt = 0;
        bool operator>(const Scheduled &other) const { return at != other.at ? at > other.at : order > other.order; }
    };

    // The system calls that put envelopes on the wire return once those have arrived (and
    // whatever they drew in reply), as loopback traffic does on Linux within the call.
    SysResult settled(SysResult result);
    template<typename MakeText>
    SysResult succeed(MakeText &&makeText) const
    {
        return m_explainSuccess ? SysResult::success(makeText()) : SysResult::success();
    }
    PortAllocator allocatorFor(HostId host);
    QString connectExhaustionText(const PortAllocator &allocator, const IpAddress &source, const Endpoint &destination) const;
    static QString bytesText(qsizetype count);   // "1 byte", "37 bytes"
    static QString noNeighbourText(const IpAddress &address);   // why a frame for it cannot leave
    QString portStillHeldText(HostId host, Protocol protocol, std::uint16_t port) const;
    QString userOf(Uid uid) const;
    QString conflictReason(const Socket &candidate, const Socket &holder) const;
    static QString countOf(int count, QStringView singularVerb, QStringView pluralVerb);   // "1 is", "3 are"
    // EINPROGRESS when a TCP handshake has begun; handshakeOutcome() says how it ended.
    SysResult startConnect(Pid pid, SocketId id, const Endpoint &destination, bool *portChosenByKernel);
    SysResult handshakeOutcome(SocketId id, bool portChosenByKernel);
    SysResult startSend(Pid pid, SocketId id, const QByteArray &data);
    SysResult startSendTo(Pid pid, SocketId id, const Endpoint &destination, const QByteArray &data);
    SysResult startShutdown(Pid pid, SocketId id, ShutdownHow how);
    enum class Linger : std::uint8_t { Default, ZeroSeconds };
    SysResult startClose(Pid pid, SocketId id, Linger linger);

    // Lookups shared by the system calls.
    Socket *ownedSocket(Pid pid, SocketId id, SysResult *failure);
    const Process *processOf(const Socket &socket) const;
    bool mayBindPrivileged(const Process &process) const;
    SysResult checkBindAddress(const Process &process, const Socket &socket, const Endpoint &endpoint) const;
    QString holderPhrase(SocketId holder) const;
    static SysResult takePendingError(Socket &socket);   // SO_ERROR, reported once
    static IpAddress limitedBroadcast();   // 255.255.255.255
    static SysResult broadcastRefused();
    int stopListening(Socket &listener);   // how many connections waiting on it were reset
    SysResult conflictResult(const BindConflict &conflict) const;

    // Ports and tables.
    void takePort(Socket &socket, std::uint16_t port, bool byConnect);
    void releasePort(Socket &socket);
    void indexConnection(Socket &socket);
    void unindexConnection(Socket &socket);
    std::optional<std::uint16_t> chooseAutomaticPort(Socket &socket, PortChoiceCall call);
    SysResult autobindUdp(Socket &socket);
    void destroyConnection(SocketId id);

    // The wire. transmit() says why the sender's own firewall kept the packet in, if it did.
    std::optional<QString> transmit(Envelope envelope, SocketId from = NoSocket);
    std::optional<HostId> hostWithAddress(const IpAddress &address) const;   // on the segment, by ARP
    void scheduleArrival(Envelope envelope, SimTime delay);
    void numberIpPacket(Envelope &envelope, SocketId from);
    std::uint16_t initialIpIdentification(SocketId id) const;
    std::uint32_t timestampClock(const Socket &socket) const;
    Envelope segmentFrom(const Socket &socket, std::uint8_t flags, QByteArray payload = {}) const;
    void sendSegment(Socket &socket, std::uint8_t flags, QByteArray payload = {});
    void answerWithReset(const Host &host, const Envelope &offending, const QString &rejectedBy = {});
    void answerWithUnreachable(const Host &host, const Envelope &offending, std::uint8_t code, const QString &rejectedBy = {});

    // Netfilter's hooks (IPv4 only, as iptables): NAT and the filter on the way out and in.
    // They trace what they rewrite, drop or reject; false means the packet goes no further.
    bool leaveThroughFirewall(Envelope &envelope, SocketId from, QString *refusal);
    bool enterThroughFirewall(Host &receiver, Envelope &envelope);
    void listenForKnocks(Host &receiver, const Envelope &envelope);
    // A flow's first packet meets the nat chain; DNAT or REDIRECT send it elsewhere, and the
    // reply conntrack then expects comes from there. True when it was rewritten.
    bool translateNewFlow(Host &host, Envelope &envelope, FirewallChain chain, std::uint8_t ctState, FlowTuple *expectedReply);
    // nat POSTROUTING: SNAT or MASQUERADE change where a new flow seems to come from.
    bool translateNewSource(Host &host, Envelope &envelope, std::uint8_t ctState, FlowTuple *expectedReply);
    // A later packet of a translated flow is made to look as the other direction expects it.
    void applyFlowTranslation(Envelope &envelope, const Conntrack::Match &match, HostId at);
    // An ICMP error about a translated flow (nf_nat_icmp_reply_translation()).
    void translateRelatedError(Host &host, Envelope &icmp);
    // A packet for another host: routed on through filter FORWARD and nat POSTROUTING when the
    // host forwards (ip_forward), dropped when it does not.
    struct ArrivalTracking {
        FlowTuple tuple;
        std::uint8_t ctState = 0;
        bool tracked = false;    // not an ICMP error (RELATED to another flow), not loopback
        bool newFlow = false;
        bool translated = false;
        FlowTuple expectedReply;
    };
    void forward(Host &router, Envelope &envelope, ArrivalTracking tracking);
    void rewriteEnvelope(Envelope &envelope, const Endpoint &source, const Endpoint &destination, HostId at, const QString &why);
    void refuse(Host &host, Envelope &envelope, SocketId from, const FirewallVerdict &verdict, bool outgoing);
    void schedule(Scheduled event);
    void runNext();
    void arrive(Envelope &envelope);
    void arriveTcp(Host &host, Envelope &envelope);
    void arriveUdp(Host &host, Envelope &envelope);
    void arriveIcmp(Host &host, Envelope &envelope);
    void handleSegment(SocketId id, const Envelope &envelope);
    void acceptHandshake(SocketId listenerId, const Envelope &syn);
    void setState(Socket &socket, SocketState state);
    void enterTimeWait(SocketId id);
    void queueError(Socket &socket, Errno error, const QString &why);
    void runUntil(const std::function<bool()> &done);

    bool tracing() const { return static_cast<bool>(m_traceSink); }
    void trace(TraceEvent event) const;
    void traceEnvelope(TraceKind kind, HostId at, SocketId socket, const Envelope &envelope, StackLayer layer, QString note = {}) const;

    std::uint64_t m_seed;
    std::uint64_t m_secret;
    Rng m_rng;
    SimTime m_now{0};
    // One hop between hosts on the segment takes 1 ms, one through loopback 10 µs: round
    // numbers for the timeline, in the proportion real networks have.
    static constexpr SimTime linkDelay{1000};
    static constexpr SimTime loopbackDelay{10};
    std::vector<std::unique_ptr<Host>> m_hosts;
    std::vector<std::pair<IpAddress, HostId>> m_addressOwners;
    std::unordered_map<Pid, Process> m_processes;
    QStringList m_exitedNames;
    std::vector<QString> m_users;
    static constexpr Pid firstPid = 1000;
    Pid m_nextPid = firstPid;
    SocketStore m_sockets;
    std::unordered_map<SocketId, std::deque<SocketId>> m_acceptQueues;
    std::unordered_map<SocketId, std::deque<Message>> m_receiveQueues;
    std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<>> m_queue;
    std::vector<Envelope> m_envelopeSlots;
    std::vector<std::uint32_t> m_freeSlots;
    std::size_t m_inFlight = 0;
    std::uint64_t m_nextOrder = 0;
    std::uint64_t m_nextEnvelopeId = 1;
    std::uint16_t m_sharedIpIdentification = 0;
    TraceSink m_traceSink;
    std::vector<std::pair<HostId, ArrivalWatch>> m_arrivalWatches;   // by watch number; unwatched ones empty
    bool m_explainSuccess = true;
};

} // namespace portlab
