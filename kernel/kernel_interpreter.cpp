// SPDX-License-Identifier: GPL-3.0-or-later
#include "kernel_interpreter.h"

#include "script/runner.h"
#include "sockaddr.h"
#include "tools/services.h"

#include <QRegularExpression>

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace portlab::kernel {

namespace {

// Scenario users other than root get uids from here on, in order of first use, far from the
// uids real accounts of this computer have.
constexpr unsigned firstScenarioUid = 10000;


bool hasPort(const std::optional<Endpoint> &endpoint)
{
    return endpoint && endpoint->port != 0;
}

QString sysctlValueText(const SysctlSet &set)
{
    switch (set.key) {
    case SysctlKey::PortRange: return QStringLiteral("%1 %2").arg(set.low).arg(set.high);
    case SysctlKey::UnprivilegedPortStart:
    case SysctlKey::TcpTwReuse:
    case SysctlKey::TcpSynRetries:
    case SysctlKey::TcpSynLinearTimeouts:
    case SysctlKey::IpForward: return QString::number(set.low);
    case SysctlKey::ReservedPorts: {
        QStringList parts;
        for (const auto &[low, high] : set.ranges)
            parts << (low == high ? QString::number(low) : QStringLiteral("%1-%2").arg(low).arg(high));
        return parts.join(u',');
    }
    }
    return {};
}

QString sysctlPath(SysctlKey key)
{
    switch (key) {
    case SysctlKey::PortRange: return QStringLiteral("net/ipv4/ip_local_port_range");
    case SysctlKey::UnprivilegedPortStart: return QStringLiteral("net/ipv4/ip_unprivileged_port_start");
    case SysctlKey::ReservedPorts: return QStringLiteral("net/ipv4/ip_local_reserved_ports");
    case SysctlKey::TcpTwReuse: return QStringLiteral("net/ipv4/tcp_tw_reuse");
    case SysctlKey::TcpSynRetries: return QStringLiteral("net/ipv4/tcp_syn_retries");
    case SysctlKey::TcpSynLinearTimeouts: return QStringLiteral("net/ipv4/tcp_syn_linear_timeouts");
    case SysctlKey::IpForward: return QStringLiteral("net/ipv4/ip_forward");
    }
    return {};
}

QString verbName(Verb verb)
{
    switch (verb) {
    case Verb::Socket: return QStringLiteral("socket");
    case Verb::Setsockopt: return QStringLiteral("setsockopt");
    case Verb::Bind: return QStringLiteral("bind");
    case Verb::Listen: return QStringLiteral("listen");
    case Verb::Connect: return QStringLiteral("connect");
    case Verb::Accept: return QStringLiteral("accept");
    case Verb::Send: return QStringLiteral("send");
    case Verb::Sendto: return QStringLiteral("sendto");
    case Verb::Recv: return QStringLiteral("recv");
    case Verb::Shutdown: return QStringLiteral("shutdown");
    case Verb::Close: return QStringLiteral("close");
    case Verb::Getsockname: return QStringLiteral("getsockname");
    case Verb::Getpeername: return QStringLiteral("getpeername");
    }
    return {};
}

const DiagSocket *findByInode(const std::vector<DiagSocket> &sockets, std::uint64_t inode, Protocol protocol)
{
    if (inode == 0)
        return nullptr;
    for (const DiagSocket &s : sockets) {
        if (s.inode == inode && s.protocol == protocol)
            return &s;
    }
    return nullptr;
}

} // namespace

QString kernelErrnoName(int error)
{
    if (const char *name = ::strerrorname_np(error))
        return QString::fromLatin1(name);
    return QString::number(error);
}

KernelInterpreter::KernelInterpreter(NetworkLab &lab, RunControl &control)
    : m_lab(lab)
    , m_control(control)
{
}

void KernelInterpreter::fail(KernelOutcome &out, int error, const QString &message)
{
    out.ok = false;
    out.error = error;
    out.errorName = error != 0 ? kernelErrnoName(error) : QString();
    out.message = message;
}

KernelOutcome KernelInterpreter::execute(const Statement &statement)
{
    KernelOutcome out;
    out.line = statement.line;
    out.text = statement.text;
    std::visit([&](const auto &body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, HostDecl>) {
            declareHost(body, out);
        } else if constexpr (std::is_same_v<T, ProcessDecl>) {
            declareProcess(body, out);
        } else if constexpr (std::is_same_v<T, SysctlSet>) {
            setSysctl(body, out);
        } else if constexpr (std::is_same_v<T, Call>) {
            out.host = m_processes.value(body.process.text).host;
            executeCall(body, out);
        } else if constexpr (std::is_same_v<T, Kill>) {
            killProcess(body, out);
        } else if constexpr (std::is_same_v<T, Wait>) {
            m_control.sleepFor(body.duration, QStringLiteral("waiting on line %1").arg(statement.line));
            out.message = QStringLiteral("slept %1 of real time").arg(formatSimTime(body.duration));
        } else if constexpr (std::is_same_v<T, SsCommand>) {
            runSs(body, out);
        } else if constexpr (std::is_same_v<T, NetstatCommand>) {
            runNetstat(body, out);
        } else if constexpr (std::is_same_v<T, LsofCommand>) {
            runLsof(body, out);
        } else if constexpr (std::is_same_v<T, NcCommand>) {
            runNc(body, out);
        } else if constexpr (std::is_same_v<T, NmapCommand>) {
            runNmap(body, out);
        } else if constexpr (std::is_same_v<T, IptablesCommand>) {
            runIptables(body, out);
        } else if constexpr (std::is_same_v<T, KnockdCommand>) {
            // The real knockd would need a configuration file, libpcap on eth0 and a daemon
            // that outlives the statement; the kernel backend does not run it, so nothing from
            // here on can be compared (the firewall never opens on the kernel).
            m_notComparable = QStringLiteral("knockd is not run on the kernel (line %1): what follows depends on it").arg(statement.line);
        } else if constexpr (std::is_same_v<T, ServicesQuery>) {
            // The port registry is data, not kernel behaviour: both backends print the same.
            out.output = servicesReport(ServiceRegistry::builtIn(), body.query);
        } else if constexpr (std::is_same_v<T, Expectation>) {
            executeExpectation(body, out);
        }
    }, statement.body);
    if (!out.host.isEmpty() && m_hosts.value(out.host).personality == u"windows")
        out.personalityNote = QStringLiteral("host %1 is a Windows host in the scenario; this is Linux's answer").arg(out.host);
    if (!m_notComparable.isEmpty())
        out.personalityNote = m_notComparable;
    out.time = m_control.elapsed();
    if (!out.isExpectation)
        m_last = out;
    return out;
}

void KernelInterpreter::declareHost(const HostDecl &decl, KernelOutcome &out)
{
    out.host = decl.name.text;
    LabHost &host = m_lab.addHost(decl.name.text, decl.addresses);
    HostState state;
    state.personality = decl.personality.name;
    QString note;
    if (decl.personality.kind == PersonalityKind::Iana) {
        // Linux's rules with IANA's dynamic range: exactly what this sysctl gives a Linux host.
        if (host.probe->writeSysctl(QStringLiteral("net/ipv4/ip_local_port_range"), "49152 65535") == 0) {
            state.low = 49152;
            state.high = 65535;
            note = QStringLiteral("; ip_local_port_range set to 49152 65535 for the IANA range");
        }
    } else if (decl.personality.kind == PersonalityKind::Windows) {
        note = QStringLiteral("; the scenario says Windows, but this kernel is Linux: its answers are Linux's");
    }
    m_hosts.insert(decl.name.text, state);
    QStringList addresses;
    for (const IpAddress &address : decl.addresses)
        addresses << address.toString();
    out.message = QStringLiteral("network namespace %1, eth0 %2, lo up; ephemeral ports %3-%4%5")
                      .arg(host.namespaceName, addresses.join(QStringLiteral(", ")))
                      .arg(state.low).arg(state.high).arg(note);
}

void KernelInterpreter::declareProcess(const ProcessDecl &decl, KernelOutcome &out)
{
    out.host = decl.host.text;
    LabHost *host = m_lab.findHost(decl.host.text);
    unsigned uid = 0;
    if (decl.user != u"root") {
        qsizetype index = m_users.indexOf(decl.user);
        if (index < 0) {
            m_users << decl.user;
            index = m_users.size() - 1;
        }
        uid = firstScenarioUid + static_cast<unsigned>(index);
    }
    HelperIdentity identity;
    identity.processName = decl.name.text;
    identity.uid = uid;
    identity.keepBindCapability = decl.canBindPrivileged && uid != 0;
    if (m_lab.inUserNamespace()) {
        // One user exists there (the scenario has only one): root keeps its capabilities,
        // anyone else keeps none, which is what makes a user ordinary to the kernel's checks.
        identity.uid = 0;
        identity.dropCapabilitiesOnly = uid != 0;
    }
    SocketHelper &helper = m_lab.startProcess(*host, identity);
    ScenarioProcess process;
    process.host = decl.host.text;
    process.root = uid == 0;
    process.helper = &helper;
    m_processes.insert(decl.name.text, process);   // a name an exited process had starts afresh
    if (!m_processOrder.contains(decl.name.text))
        m_processOrder << decl.name.text;
    const QString who = !m_lab.inUserNamespace() ? QStringLiteral("uid %1").arg(uid)
                      : uid == 0 ? QStringLiteral("uid 0 of a user namespace")
                                 : QStringLiteral("uid 0 of a user namespace without capabilities: an ordinary user there");
    out.message = QStringLiteral("%1 runs on %2 as pid %3, user %4 (%5)%6")
                      .arg(decl.name.text, decl.host.text).arg(helper.pid()).arg(decl.user, who)
                      .arg(identity.keepBindCapability ? QStringLiteral(", with CAP_NET_BIND_SERVICE only") : QString());
}

void KernelInterpreter::setSysctl(const SysctlSet &set, KernelOutcome &out)
{
    out.host = set.host.text;
    LabHost *host = m_lab.findHost(set.host.text);
    const QString value = sysctlValueText(set);
    const int error = host->probe->writeSysctl(sysctlPath(set.key), value.toUtf8());
    if (error != 0) {
        fail(out, error, QStringLiteral("the kernel refused %1 = %2").arg(sysctlPath(set.key).replace(u'/', u'.'), value));
        return;
    }
    if (set.key == SysctlKey::PortRange) {
        m_hosts[set.host.text].low = set.low;
        m_hosts[set.host.text].high = set.high;
    }
    out.message = QStringLiteral("%1 = %2 in %3").arg(sysctlPath(set.key).replace(u'/', u'.'), value, host->namespaceName);
}

namespace {

// The statement's letters as one argument, in the order the tools document them ("-tulnp").
QString socketTableFlags(const SsOptions &o)
{
    QString flags = QStringLiteral("-");
    for (const auto &[on, letter] : {std::pair{o.tcp, u't'}, std::pair{o.udp, u'u'}, std::pair{o.listening, u'l'},
                                     std::pair{o.all, u'a'}, std::pair{o.numeric, u'n'}, std::pair{o.processes, u'p'}}) {
        if (on)
            flags += letter;
    }
    return flags;
}

} // namespace

// The real tool runs inside the host's network namespace, so it reads that namespace's
// socket tables exactly as it would on a machine of its own.
void KernelInterpreter::runTool(const QString &host, const QString &program, const QStringList &arguments, KernelOutcome &out,
                                ToolReport report)
{
    out.host = host;
    const CommandResult result = m_lab.runInside(*m_lab.findHost(host), program, arguments);
    out.output = report == ToolReport::NcStderr ? result.errors : result.output;
    if (out.output.endsWith(u'\n'))
        out.output.chop(1);
    if (report == ToolReport::StderrOnFailure) {
        if (result.exitCode != 0) {
            out.output = result.errors.trimmed();
            fail(out, 0, QStringLiteral("%1 exited %2").arg(program).arg(result.exitCode));
        }
        return;
    }
    // lsof exits 1 when it found nothing to list, which is an answer, not a failure.
    const bool foundNothing = report == ToolReport::EmptyMayExitOne && result.exitCode == 1 && result.output.trimmed().isEmpty();
    // nc -z exits 1 when no port took the connection: the scan's failure, with the last errno.
    static const QRegularExpression ncFailure(QStringLiteral("^nc: connect to .* failed: (.*)$"), QRegularExpression::MultilineOption);
    QRegularExpressionMatch lastFailure;
    for (auto it = ncFailure.globalMatch(out.output); it.hasNext();)
        lastFailure = it.next();
    if (report == ToolReport::NcStderr && result.exitCode == 1 && lastFailure.hasMatch()) {
        const QString description = lastFailure.captured(1);
        int error = 0;
        for (int e = 1; e < 256 && error == 0; ++e) {
            if (const char *text = ::strerrordesc_np(e); text && description == QString::fromLatin1(text))
                error = e;
        }
        fail(out, error, QStringLiteral("%1 exited 1: no port took the connection").arg(program));
        return;
    }
    if (result.exitCode != 0 && !foundNothing) {
        out.output.clear();
        fail(out, 0, QStringLiteral("%1 %2 failed: %3").arg(program, arguments.join(u' '), result.errors.trimmed()));
        return;
    }
}

void KernelInterpreter::runSs(const SsCommand &command, KernelOutcome &out)
{
    runTool(command.host.text, QStringLiteral("ss"), {socketTableFlags(command.options)}, out);
}

void KernelInterpreter::runNetstat(const NetstatCommand &command, KernelOutcome &out)
{
    runTool(command.host.text, QStringLiteral("netstat"), {socketTableFlags(command.options)}, out);
}

void KernelInterpreter::runLsof(const LsofCommand &command, KernelOutcome &out)
{
    QStringList arguments{QStringLiteral("-nP"), QStringLiteral("-i")};
    if (command.options.port)
        arguments.last() += u':' + QString::number(*command.options.port);
    runTool(command.host.text, QStringLiteral("lsof"), arguments, out, ToolReport::EmptyMayExitOne);
}

// The real netcat-openbsd, in the namespace of the process's host: it prints on stderr and
// exits 1 when no port took the connection, with the last failure's strerror() text, which
// names the errno the comparison needs.
void KernelInterpreter::runNc(const NcCommand &command, KernelOutcome &out)
{
    const NcOptions &o = command.options;
    if (o.mode != NcMode::Scan) {
        // A connecting or listening nc outlives its statement, reading a terminal and
        // printing what arrives while other statements run; the kernel backend runs tools
        // to completion only. Like knockd, it is not run, and nothing after it compares.
        out.host = m_processes.value(command.process.text).host;
        out.message = QStringLiteral("not run on the kernel");
        if (m_notComparable.isEmpty()) {
            m_notComparable = QStringLiteral("nc %1 is not run on the kernel (line %2): what follows depends on it")
                                  .arg(o.mode == NcMode::Listen ? QStringLiteral("-l") : QStringLiteral("without -z")).arg(out.line);
        }
        return;
    }
    const QString ports = o.low == o.high ? QString::number(o.low) : QStringLiteral("%1-%2").arg(o.low).arg(o.high);
    const Snapshot before = snapshot();
    runTool(m_processes.value(command.process.text).host, QStringLiteral("nc"),
            {o.numeric ? QStringLiteral("-znv") : QStringLiteral("-zv"), o.addressText, ports}, out, ToolReport::NcStderr);
    m_lab.settle();
    out.observations = observe(before, snapshot());
}

// The real nmap, in the namespace of the process's host. It runs as root there; for a process
// that is not root, --unprivileged makes it do what it does without raw sockets (a connect()
// ping, and no -sU). -n: the lab has no DNS, and a reverse lookup would only wait for it.
void KernelInterpreter::runNmap(const NmapCommand &command, KernelOutcome &out)
{
    const NmapOptions &o = command.options;
    QStringList arguments{o.type == NmapScanType::Udp ? QStringLiteral("-sU") : QStringLiteral("-sT"), QStringLiteral("-n"), QStringLiteral("-p"), o.portsText};
    if (o.skipHostDiscovery)
        arguments << QStringLiteral("-Pn");
    const ScenarioProcess process = m_processes.value(command.process.text);
    if (!process.root)
        arguments << QStringLiteral("--unprivileged");
    arguments << o.address.toString();
    const Snapshot before = snapshot();
    runTool(process.host, QStringLiteral("nmap"), arguments, out);
    if (!out.ok && out.message.contains(QStringLiteral("requires root privileges")))
        fail(out, EPERM, out.message);
    m_lab.settle();
    out.observations = observe(before, snapshot());
}

// The real iptables (nf_tables back end) in the host's namespace, with the scenario's arguments.
void KernelInterpreter::runIptables(const IptablesCommand &command, KernelOutcome &out)
{
    runTool(command.host.text, QStringLiteral("iptables"), command.arguments, out, ToolReport::StderrOnFailure);
}

KernelInterpreter::Snapshot KernelInterpreter::snapshot() const
{
    Snapshot s;
    for (const auto &host : m_lab.hosts()) {
        s.sockets.insert(host->name, host->probe->sockets());
        s.counters.insert(host->name, host->probe->counters());
    }
    return s;
}

std::vector<Observation> KernelInterpreter::observe(const Snapshot &before, const Snapshot &after) const
{
    std::vector<Observation> seen;
    for (const QString &processName : m_processOrder) {
        const ScenarioProcess &process = m_processes[processName];
        const auto &was = before.sockets[process.host];
        const auto &now = after.sockets[process.host];
        for (const QString &variable : process.order) {
            const NamedSocket &s = process.sockets[variable];
            if (!s.open)
                continue;
            const DiagSocket *then = findByInode(was, s.inode, s.protocol);
            const DiagSocket *current = findByInode(now, s.inode, s.protocol);
            const std::uint32_t queued = current ? current->receiveQueue : 0;
            const std::uint32_t queuedBefore = then ? then->receiveQueue : 0;
            if (queued <= queuedBefore)
                continue;
            Observation o;
            o.kind = Observation::Kind::Delivered;
            o.host = process.host;
            o.socket = processName + u'.' + variable;
            const bool listener = current && current->state == 10;
            o.summary = listener ? QStringLiteral("%1's accept queue grew from %2 to %3").arg(o.socket).arg(queuedBefore).arg(queued)
                      : s.protocol == Protocol::Udp
                          ? QStringLiteral("%1's receive buffer grew from %2 to %3 bytes of memory (a datagram arrived)").arg(o.socket).arg(queuedBefore).arg(queued)
                          : QStringLiteral("%1's receive queue grew from %2 to %3 unread bytes").arg(o.socket).arg(queuedBefore).arg(queued);
            seen.push_back(o);
        }
    }
    for (const auto &host : m_lab.hosts()) {
        const NamespaceCounters &was = before.counters[host->name];
        const NamespaceCounters &now = after.counters[host->name];
        if (now.resetsSent > was.resetsSent) {
            const auto count = now.resetsSent - was.resetsSent;
            seen.push_back({Observation::Kind::ResetSent, host->name, {},
                            QStringLiteral("%1 sent %2 TCP RST%3 (Tcp OutRsts)").arg(host->name).arg(count).arg(count == 1 ? QString() : QStringLiteral("s"))});
        }
        if (now.unreachablesSent > was.unreachablesSent) {
            const auto count = now.unreachablesSent - was.unreachablesSent;
            seen.push_back({Observation::Kind::UnreachableSent, host->name, {},
                            QStringLiteral("%1 sent %2 ICMP destination unreachable (OutDestUnreachs)").arg(host->name).arg(count)});
        }
    }
    return seen;
}

void KernelInterpreter::executeCall(const Call &call, KernelOutcome &out)
{
    ScenarioProcess &process = m_processes[call.process.text];
    NamedSocket *subject = nullptr;
    if (call.verb != Verb::Socket) {
        auto it = process.sockets.find(call.socket.text);
        if (it == process.sockets.end() || it->fd < 0) {
            fail(out, EBADF, QStringLiteral("%1 holds no socket: the call on line %2 that should have made it failed")
                                 .arg(call.socket.text).arg(it == process.sockets.end() ? 0 : it->line));
            return;
        }
        if (!it->open) {
            // What a program gets for a descriptor it has closed (had its number not been reused).
            fail(out, EBADF, QStringLiteral("%1 was closed").arg(call.socket.text));
            return;
        }
        subject = &*it;
    }

    HelperRequest request;
    request.fd = subject ? subject->fd : -1;
    QByteArray data;
    auto setAddress = [&request](const Endpoint &endpoint) {
        const SocketAddress address = toSocketAddress(endpoint);
        request.address = address.storage;
        request.addressLength = address.length;
    };
    switch (call.verb) {
    case Verb::Socket:
        request.op = HelperOp::Socket;
        request.a = call.family == Family::IPv6 ? AF_INET6 : AF_INET;
        request.b = call.protocol == Protocol::Tcp ? SOCK_STREAM : SOCK_DGRAM;
        break;
    case Verb::Setsockopt:
        request.op = HelperOp::Setsockopt;
        request.a = call.option == SocketOption::V6Only ? IPPROTO_IPV6 : SOL_SOCKET;
        request.b = call.option == SocketOption::ReuseAddr ? SO_REUSEADDR : call.option == SocketOption::ReusePort ? SO_REUSEPORT : IPV6_V6ONLY;
        request.c = call.value;
        break;
    case Verb::Bind: request.op = HelperOp::Bind; setAddress(call.endpoint); break;
    case Verb::Listen: request.op = HelperOp::Listen; request.a = call.value; break;
    case Verb::Connect: request.op = HelperOp::Connect; setAddress(call.endpoint); break;
    case Verb::Accept: request.op = HelperOp::Accept; break;
    case Verb::Send: request.op = HelperOp::Send; data = call.data; break;
    case Verb::Sendto: request.op = HelperOp::SendTo; setAddress(call.endpoint); data = call.data; break;
    case Verb::Recv: request.op = HelperOp::Receive; break;
    case Verb::Shutdown:
        request.op = HelperOp::Shutdown;
        request.a = call.how == ShutdownHow::Read ? SHUT_RD : call.how == ShutdownHow::Write ? SHUT_WR : SHUT_RDWR;
        break;
    case Verb::Close: request.op = HelperOp::Close; break;
    case Verb::Getsockname: request.op = HelperOp::Getsockname; break;
    case Verb::Getpeername: request.op = HelperOp::Getpeername; break;
    }

    const Snapshot before = snapshot();
    const SocketHelper::Answer answer = process.helper->call(request, data);
    m_lab.settle();
    out.observations = observe(before, snapshot());

    const HelperReply &reply = answer.reply;
    const bool ok = reply.result >= 0;
    const std::optional<Endpoint> local = reply.localLength ? fromSocketAddress(reply.local, reply.localLength) : std::nullopt;
    const std::optional<Endpoint> peer = reply.peerLength ? fromSocketAddress(reply.peer, reply.peerLength) : std::nullopt;

    const Protocol subjectProtocol = subject ? subject->protocol : call.protocol;
    if (call.assignTo) {
        NamedSocket created;
        created.line = out.line;
        if (ok) {
            created.fd = reply.subjectFd;
            created.open = true;
            created.inode = reply.inode;
            created.protocol = subjectProtocol;
            created.family = call.verb == Verb::Socket ? call.family : subject->family;
        }
        if (!process.sockets.contains(call.assignTo->text))
            process.order << call.assignTo->text;
        process.sockets.insert(call.assignTo->text, created);
    }
    // Looked up again: the insertion above may have moved the hash's entries.
    NamedSocket *described = nullptr;
    if (call.assignTo && ok)
        described = &process.sockets[call.assignTo->text];
    else if (call.verb != Verb::Socket)
        described = &process.sockets[call.socket.text];
    if (described && reply.subjectFd == described->fd) {
        described->local = local;
        described->remote = peer;
        if (call.verb == Verb::Close)
            described->open = false;
    }

    // The endpoints the statement involved, by the model's rule: a local address once the
    // socket has a port or a specific address, a remote one while connected.
    if (local && (local->port != 0 || !local->address.isUnspecified()))
        out.local = local;
    if (peer)
        out.remote = peer;
    if (call.verb == Verb::Sendto)
        out.remote = call.endpoint;
    if (call.verb == Verb::Recv)
        out.received = answer.data;

    if (!ok) {
        fail(out, reply.error, QStringLiteral("%1() returned -1").arg(verbName(call.verb)));
        return;
    }
    out.ok = true;
    switch (call.verb) {
    case Verb::Socket: out.message = QStringLiteral("fd %1").arg(reply.subjectFd); break;
    case Verb::Setsockopt: out.message = QStringLiteral("%1 = %2").arg(socketOptionName(call.option)).arg(call.value); break;
    case Verb::Bind: out.message = QStringLiteral("bound to %1").arg(local ? local->toString() : QString()); break;
    case Verb::Listen: out.message = QStringLiteral("listening on %1").arg(local ? local->toString() : QString()); break;
    case Verb::Connect:
        out.message = QStringLiteral("%1: %2 → %3")
                          .arg(subjectProtocol == Protocol::Tcp ? QStringLiteral("connected") : QStringLiteral("peer set"),
                               local ? local->toString() : QString(), peer ? peer->toString() : QString());
        break;
    case Verb::Accept:
        out.message = QStringLiteral("fd %1: %2 ← %3").arg(reply.subjectFd).arg(local ? local->toString() : QString(), peer ? peer->toString() : QString());
        break;
    case Verb::Send:
    case Verb::Sendto: out.message = QStringLiteral("sent %1 byte%2").arg(reply.result).arg(reply.result == 1 ? QString() : QStringLiteral("s")); break;
    case Verb::Recv:
        out.message = answer.data.isEmpty()
            ? (subjectProtocol == Protocol::Tcp ? QStringLiteral("0 bytes: the end of the stream") : QStringLiteral("an empty datagram"))
            : QStringLiteral("%1 byte%2: \"%3\"").arg(answer.data.size()).arg(answer.data.size() == 1 ? QString() : QStringLiteral("s"), printableBytes(answer.data));
        break;
    case Verb::Shutdown: out.message = QStringLiteral("shut down"); break;
    case Verb::Close: out.message = QStringLiteral("fd %1 closed").arg(reply.subjectFd); break;
    case Verb::Getsockname: out.message = local ? local->toString() : QString(); break;
    case Verb::Getpeername: out.message = peer ? peer->toString() : QString(); break;
    }
}

void KernelInterpreter::describeOpen(ScenarioProcess &process, NamedSocket &s)
{
    HelperRequest request;
    request.op = HelperOp::Describe;
    request.fd = s.fd;
    const HelperReply reply = process.helper->call(request).reply;
    s.local = reply.localLength ? fromSocketAddress(reply.local, reply.localLength) : std::nullopt;
    s.remote = reply.peerLength ? fromSocketAddress(reply.peer, reply.peerLength) : std::nullopt;
}

// The helper process really gets the signal and exits; the kernel closes its descriptors.
void KernelInterpreter::killProcess(const Kill &kill, KernelOutcome &out)
{
    ScenarioProcess &process = m_processes[kill.process.text];
    out.host = process.host;
    // Each open socket's names as they are now: once the descriptors are gone, a connection
    // that lives on (FIN_WAIT, TIME_WAIT) is found by its four-tuple.
    const pid_t pid = process.helper->pid();
    int open = 0;
    for (NamedSocket &s : process.sockets) {
        if (!s.open || pid <= 0)
            continue;
        describeOpen(process, s);
        ++open;
    }
    const Snapshot before = snapshot();
    const int error = process.helper->endWith(kill.sigkill ? SIGKILL : SIGTERM);
    m_lab.settle();
    out.observations = observe(before, snapshot());
    if (error != 0) {
        fail(out, error, pid <= 0 ? QStringLiteral("%1 has exited and was reaped; the signal was not sent, since its pid may be another process's by now")
                                        .arg(kill.process.text)
                                  : QStringLiteral("kill() returned -1"));
        return;
    }
    for (NamedSocket &s : process.sockets)
        s.open = false;
    out.message = QStringLiteral("pid %1 killed with %2 and reaped; it had %3 scenario socket%4 open")
                      .arg(pid).arg(kill.sigkill ? QStringLiteral("SIGKILL") : QStringLiteral("SIGTERM")).arg(open).arg(open == 1 ? QString() : QStringLiteral("s"));
}

bool KernelInterpreter::resolve(const SocketRef &ref, QString *process, QString *why) const
{
    QString owner;
    if (ref.process) {
        owner = ref.process->text;
    } else {
        for (const QString &name : m_processOrder) {
            if (m_processes[name].sockets.contains(ref.variable.text))
                owner = name;
        }
    }
    const NamedSocket s = m_processes.value(owner).sockets.value(ref.variable.text);
    if (s.fd < 0) {
        *why = QStringLiteral("%1 holds no socket: the call on line %2 that should have made it failed").arg(ref.toString()).arg(s.line);
        return false;
    }
    *process = owner;
    return true;
}

KernelInterpreter::SocketNow KernelInterpreter::socketNow(const QString &processName, const QString &variable)
{
    ScenarioProcess &process = m_processes[processName];
    NamedSocket &s = process.sockets[variable];
    SocketNow now;
    const std::vector<DiagSocket> dump = m_lab.findHost(process.host)->probe->sockets();
    if (s.open) {
        describeOpen(process, s);
        if (const DiagSocket *found = findByInode(dump, s.inode, s.protocol))
            now.state = socketStateFromKernel(found->state);
    } else if (s.protocol == Protocol::Tcp && s.local && s.remote) {
        // A closed descriptor's connection may live on without one (FIN_WAIT2, TIME_WAIT):
        // found by its four-tuple among the sockets no descriptor refers to any more.
        for (const DiagSocket &d : dump) {
            if (d.inode == 0 && d.protocol == Protocol::Tcp && d.local == *s.local && d.remote == *s.remote)
                now.state = socketStateFromKernel(d.state);
        }
    }
    now.local = s.local.value_or(Endpoint{});
    now.bound = hasPort(s.local);
    now.remote = s.remote;
    return now;
}

void KernelInterpreter::executeExpectation(const Expectation &e, KernelOutcome &out)
{
    out.isExpectation = true;
    out.host = m_last.host;
    const KernelOutcome &last = m_last;
    const QString previous = QStringLiteral("line %1").arg(last.line);
    bool met = false;
    QString detail;
    const bool needsSocket = e.kind == ExpectKind::Local || e.kind == ExpectKind::Remote || e.kind == ExpectKind::PortRange
        || e.kind == ExpectKind::PortParity || e.kind == ExpectKind::PortSame || e.kind == ExpectKind::PortDiffers
        || e.kind == ExpectKind::State || e.kind == ExpectKind::Delivered;
    QString process;
    if (needsSocket && !resolve(e.socket, &process, &detail)) {
        fail(out, 0, QStringLiteral("expectation failed: %1").arg(detail));
        ++m_failedExpectations;
        return;
    }
    if (needsSocket)
        out.host = m_processes.value(process).host;
    const QString name = e.socket.toString();
    SocketNow s;
    if (needsSocket && e.kind != ExpectKind::Delivered)
        s = socketNow(process, e.socket.variable.text);
    switch (e.kind) {
    case ExpectKind::Ok:
        met = last.ok;
        detail = met ? QStringLiteral("%1 succeeded").arg(previous)
                     : QStringLiteral("%1 failed with %2").arg(previous, last.errorName.isEmpty() ? QStringLiteral("an error") : last.errorName);
        break;
    case ExpectKind::Error: {
        const QString want = errnoName(e.error);
        met = !last.ok && last.errorName == want;
        detail = last.ok ? QStringLiteral("expected %1, but %2 succeeded").arg(want, previous)
                 : met   ? QStringLiteral("%1 failed with %2").arg(previous, last.errorName)
                         : QStringLiteral("expected %1, but %2 failed with %3").arg(want, previous, last.errorName);
        break;
    }
    case ExpectKind::Local:
    case ExpectKind::Remote: {
        const bool isLocal = e.kind == ExpectKind::Local;
        const std::optional<Endpoint> actual = isLocal ? std::optional<Endpoint>(s.local) : s.remote;
        met = e.pattern.matches(actual.value_or(Endpoint{}));
        detail = actual ? QStringLiteral("%1's %2 address is %3").arg(name, isLocal ? QStringLiteral("local") : QStringLiteral("remote"), actual->toString())
                        : QStringLiteral("%1 has no remote address (getpeername: ENOTCONN)").arg(name);
        if (!met && actual)
            detail += QStringLiteral(", not %1").arg(e.pattern.text);
        break;
    }
    case ExpectKind::PortRange:
        met = s.bound && s.local.port >= e.low && s.local.port <= e.high;
        if (!s.bound)
            detail = QStringLiteral("%1 has no port: it is not bound").arg(name);
        else if (e.low == e.high)
            detail = QStringLiteral("%1's port is %2").arg(name).arg(s.local.port) + (met ? QString() : QStringLiteral(", not %1").arg(e.low));
        else
            detail = QStringLiteral("%1's port is %2, %3 %4-%5").arg(name).arg(s.local.port)
                         .arg(met ? QStringLiteral("inside") : QStringLiteral("outside")).arg(e.low).arg(e.high);
        break;
    case ExpectKind::PortParity:
        if (!s.bound) {
            detail = QStringLiteral("%1 has no port: it is not bound").arg(name);
            break;
        }
        met = (s.local.port % 2 == 0) == e.even;
        detail = QStringLiteral("%1's port is %2, %3").arg(name).arg(s.local.port)
                     .arg(s.local.port % 2 == 0 ? QStringLiteral("even") : QStringLiteral("odd"));
        break;
    case ExpectKind::PortSame:
    case ExpectKind::PortDiffers: {
        QString otherProcess;
        if (!resolve(e.other, &otherProcess, &detail))
            break;
        const SocketNow other = socketNow(otherProcess, e.other.variable.text);
        met = (s.local.port == other.local.port) == (e.kind == ExpectKind::PortSame);
        detail = QStringLiteral("%1 has port %2 and %3 has port %4").arg(name).arg(s.local.port).arg(e.other.toString()).arg(other.local.port);
        break;
    }
    case ExpectKind::State:
        met = s.state == e.state;
        detail = QStringLiteral("%1 is %2").arg(name, stateName(s.state));
        if (!met)
            detail += QStringLiteral(", not %1").arg(stateName(e.state));
        break;
    case ExpectKind::Received:
        met = last.ok && last.received == e.data;
        if (!last.ok)
            detail = QStringLiteral("%1 failed with %2, so nothing was received").arg(previous, last.errorName);
        else
            detail = QStringLiteral("%1 received \"%2\"").arg(previous, printableBytes(last.received))
                + (met ? QString() : QStringLiteral(", not \"%1\"").arg(printableBytes(e.data)));
        break;
    case ExpectKind::Delivered: {
        const QString full = process + u'.' + e.socket.variable.text;
        for (const Observation &o : last.observations)
            met = met || (o.kind == Observation::Kind::Delivered && o.socket == full);
        detail = met ? QStringLiteral("the kernel queued something from %1 on %2").arg(previous, name)
                     : QStringLiteral("nothing from %1 reached %2's queue").arg(previous, name);
        break;
    }
    case ExpectKind::Reply:
        for (const Observation &o : last.observations)
            met = met || o.kind == (e.replyIsReset ? Observation::Kind::ResetSent : Observation::Kind::UnreachableSent);
        detail = QStringLiteral("%1 %2 an %3 in reply").arg(previous, met ? QStringLiteral("drew") : QStringLiteral("drew no"),
                                                            e.replyIsReset ? QStringLiteral("RST") : QStringLiteral("ICMP port unreachable"));
        break;
    }
    out.ok = met;
    out.message = (met ? QStringLiteral("as expected: ") : QStringLiteral("expectation failed: ")) + detail;
    if (!met)
        ++m_failedExpectations;
}

std::vector<KernelSocketView> KernelInterpreter::sockets() const
{
    std::vector<KernelSocketView> views;
    for (const QString &processName : m_processOrder) {
        const ScenarioProcess &process = m_processes[processName];
        for (const QString &variable : process.order) {
            const NamedSocket &s = process.sockets[variable];
            if (s.fd < 0)
                continue;
            KernelSocketView view;
            view.name = processName + u'.' + variable;
            view.host = process.host;
            view.protocol = s.protocol;
            view.open = s.open;
            if (hasPort(s.local))
                view.local = s.local;
            if (hasPort(s.remote))
                view.remote = s.remote;
            views.push_back(view);
        }
    }
    return views;
}

std::pair<int, int> KernelInterpreter::portRange(const QString &host) const
{
    const HostState state = m_hosts.value(host);
    return {state.low, state.high};
}

QString KernelInterpreter::namespaceOf(const QString &host) const
{
    for (const auto &h : m_lab.hosts()) {
        if (h->name == host)
            return h->namespaceName;
    }
    return {};
}

} // namespace portlab::kernel
