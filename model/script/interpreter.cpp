// SPDX-License-Identifier: GPL-3.0-or-later
#include "interpreter.h"

#include "nearest_name.h"
#include "runner.h"
#include "tools/ss.h"

#include <map>

namespace portlab {

namespace {

Diagnostic nameError(const QString &file, int line, int column, const QString &message, const QString &hint)
{
    return Diagnostic{file, line, column, message, hint};
}

// "did you mean nginx?" for a name one or two edits away from a known one.
QString suggestion(const QString &name, const QStringList &known)
{
    const QString best = nearestName(name, known);
    return best.isEmpty() ? QString() : QStringLiteral("did you mean '%1'? Otherwise, ").arg(best);
}


} // namespace

Interpreter::Interpreter(World &world, const ServiceRegistry &services)
    : m_world(world)
    , m_services(services)
{
    m_world.setTraceSink([this](const TraceEvent &event) {
        if (m_collecting)
            m_collecting->push_back(event);
        if (m_observer)
            m_observer(event);
    });
}

Interpreter::~Interpreter()
{
    m_world.setTraceSink({});   // the sink points into this interpreter
}

std::vector<Diagnostic> Interpreter::checkNames(const std::vector<Statement> &statements, const QString &file) const
{
    std::vector<Diagnostic> errors;
    Symbols symbols = m_symbols;
    auto needHost = [&](const Statement &s, const Name &host) {
        if (symbols.hosts.contains(host.text))
            return true;
        errors.push_back(nameError(file, s.line, host.column, QStringLiteral("no host is named '%1'").arg(host.text),
                                   suggestion(host.text, symbols.hosts.keys())
                                       + QStringLiteral("declare a host first, like: host %1 10.0.0.1").arg(host.text)));
        return false;
    };
    // sysctl, iptables, knockd, ss, lsof and net-tools' netstat are Linux commands; a Windows
    // host has other tools, with other output, that PortLab does not imitate.
    auto needLinuxCommands = [&](const Statement &s, const Name &host) {
        if (!needHost(s, host))
            return false;
        if (!symbols.windowsHosts.contains(host.text))
            return true;
        const QString command = s.text.section(u' ', 0, 0, QString::SectionSkipEmpty);
        const bool filter = command == u"iptables" || command == u"knockd";
        const QString hint = command == u"sysctl"
            ? QStringLiteral("Windows sets its dynamic port range with netsh int ipv4 set dynamicport, which is not modelled; declare the host with os linux or os iana to try the setting")
            : filter ? QStringLiteral("Windows filters ports with its own firewall (netsh advfirewall), which is not modelled; declare the host with os linux to try rules")
                     : QStringLiteral("Windows lists its sockets with netstat -ano, in a format of its own that is not imitated; the stage's socket table shows this host's sockets");
        const QString what = command == u"netstat" ? QStringLiteral("%1 is a Windows host, whose netstat is not Linux's (net-tools, as modelled)").arg(host.text)
                                                   : QStringLiteral("%1 is a Windows host, and %2 is a Linux command").arg(host.text, command);
        errors.push_back(nameError(file, s.line, s.column, what, hint));
        return false;
    };
    auto needProcess = [&](const Statement &s, const Name &process) {
        if (symbols.processHosts.contains(process.text))
            return true;
        if (symbols.exited.contains(process.text)) {
            const Symbols::Exited exited = symbols.exited.value(process.text);
            errors.push_back(nameError(file, s.line, process.column,
                                       QStringLiteral("process %1 has exited (killed on line %2)").arg(process.text).arg(exited.line),
                                       QStringLiteral("a process that has exited makes no more calls; to start it again, declare it anew: process %1 on %2")
                                           .arg(process.text, exited.host)));
            return false;
        }
        errors.push_back(nameError(file, s.line, process.column, QStringLiteral("no process is named '%1'").arg(process.text),
                                   suggestion(process.text, symbols.processHosts.keys())
                                       + QStringLiteral("declare a process first, like: process %1 on HOST user root").arg(process.text)));
        return false;
    };
    auto needVariable = [&](const Statement &s, const QString &process, const Name &variable) {
        if (symbols.variables.value(process).contains(variable.text))
            return;
        QString hint = suggestion(variable.text, symbols.variables.value(process).keys());
        for (auto it = symbols.variables.cbegin(); it != symbols.variables.cend() && hint.isEmpty(); ++it) {
            if (it.value().contains(variable.text))
                hint = QStringLiteral("'%1' is %2's socket, and a process can use only its own; to give %3 one, ").arg(variable.text, it.key(), process);
        }
        errors.push_back(nameError(file, s.line, variable.column,
                                   QStringLiteral("%1 has no socket named '%2'").arg(process, variable.text),
                                   hint + QStringLiteral("create it first, like: %1: %2 = socket tcp").arg(process, variable.text)));
    };
    auto needRef = [&](const Statement &s, const SocketRef &ref) {
        if (ref.process) {
            // An exited process's sockets live on in the kernel (FIN_WAIT, TIME_WAIT): they can be looked at.
            if (symbols.exited.contains(ref.process->text) || needProcess(s, *ref.process))
                needVariable(s, ref.process->text, ref.variable);
            return;
        }
        QStringList owners;
        for (auto it = symbols.variables.cbegin(); it != symbols.variables.cend(); ++it) {
            if (it.value().contains(ref.variable.text))
                owners << it.key();
        }
        if (owners.size() == 1)
            return;
        owners.sort();
        errors.push_back(owners.isEmpty()
            ? nameError(file, s.line, ref.variable.column, QStringLiteral("no process has a socket named '%1'").arg(ref.variable.text),
                        QStringLiteral("write PROCESS.VARIABLE, like nginx.s"))
            : nameError(file, s.line, ref.variable.column, QStringLiteral("'%1' could be %2").arg(ref.variable.text, owners.join(QStringLiteral(" or "))),
                        QStringLiteral("say which process: %1.%2").arg(owners.front(), ref.variable.text)));
    };

    for (const Statement &s : statements) {
        std::visit([&](const auto &body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, HostDecl>) {
                if (symbols.hosts.contains(body.name.text)) {
                    errors.push_back(nameError(file, s.line, body.name.column, QStringLiteral("host '%1' is already declared").arg(body.name.text),
                                               QStringLiteral("each host has its own name")));
                    return;
                }
                for (std::size_t i = 0; i < body.addresses.size(); ++i) {
                    const IpAddress &address = body.addresses[i];
                    const int column = body.addressColumns[i];
                    const QString text = address.toString();
                    if (address.isUnspecified() || address.isLoopback() || address.isMulticast()) {
                        errors.push_back(nameError(file, s.line, column, QStringLiteral("%1 cannot be a host's own address").arg(text),
                                                   QStringLiteral("every host already has the loopback addresses; give it a unicast address")));
                    } else if (symbols.addressOwners.contains(text)) {
                        errors.push_back(nameError(file, s.line, column,
                                                   QStringLiteral("%1 already belongs to host '%2'").arg(text, symbols.addressOwners.value(text)),
                                                   QStringLiteral("two hosts on one network need different addresses")));
                    } else {
                        symbols.addressOwners.insert(text, body.name.text);
                    }
                }
                symbols.hosts.insert(body.name.text, s.line);
                if (body.personality.kind == PersonalityKind::Windows)
                    symbols.windowsHosts.insert(body.name.text);
            } else if constexpr (std::is_same_v<T, ProcessDecl>) {
                if (symbols.processHosts.contains(body.name.text)) {
                    errors.push_back(nameError(file, s.line, body.name.column, QStringLiteral("process '%1' is already declared").arg(body.name.text),
                                               QStringLiteral("give the second one another name, like %1-2").arg(body.name.text)));
                    return;
                }
                if (needHost(s, body.host)) {
                    // A process started again under an exited one's name starts without sockets.
                    if (symbols.exited.remove(body.name.text))
                        symbols.variables.remove(body.name.text);
                    symbols.processHosts.insert(body.name.text, body.host.text);
                }
            } else if constexpr (std::is_same_v<T, Kill>) {
                // Killing an exited process is no name error: kill(2) answers it, with ESRCH.
                if (!symbols.exited.contains(body.process.text) && needProcess(s, body.process))
                    symbols.exited.insert(body.process.text, {s.line, symbols.processHosts.take(body.process.text)});
            } else if constexpr (std::is_same_v<T, SysctlSet> || std::is_same_v<T, SsCommand> || std::is_same_v<T, NetstatCommand>
                                 || std::is_same_v<T, LsofCommand>) {
                needLinuxCommands(s, body.host);
            } else if constexpr (std::is_same_v<T, NcCommand>) {
                if (needProcess(s, body.process) && body.assignTo)
                    symbols.variables[body.process.text].insert(body.assignTo->text, s.line);
            } else if constexpr (std::is_same_v<T, NmapCommand>) {
                needProcess(s, body.process);
            } else if constexpr (std::is_same_v<T, KnockdCommand>) {
                needLinuxCommands(s, body.host);
            } else if constexpr (std::is_same_v<T, IptablesCommand>) {
                needLinuxCommands(s, body.host);
            } else if constexpr (std::is_same_v<T, Call>) {
                if (!needProcess(s, body.process))
                    return;
                if (body.verb != Verb::Socket)
                    needVariable(s, body.process.text, body.socket);
                if (body.assignTo)
                    symbols.variables[body.process.text].insert(body.assignTo->text, s.line);
            } else if constexpr (std::is_same_v<T, Expectation>) {
                if (body.kind == ExpectKind::Local || body.kind == ExpectKind::Remote || body.kind == ExpectKind::PortRange
                    || body.kind == ExpectKind::PortParity || body.kind == ExpectKind::State || body.kind == ExpectKind::Delivered) {
                    needRef(s, body.socket);
                } else if (body.kind == ExpectKind::PortSame || body.kind == ExpectKind::PortDiffers) {
                    needRef(s, body.socket);
                    needRef(s, body.other);
                }
            }
        }, s.body);
    }
    return errors;
}

void Interpreter::fail(StatementOutcome &out, Errno error, const QString &message)
{
    out.ok = false;
    out.error = error;
    out.message = message;
}

SocketId Interpreter::socketOf(const QString &process, const QString &variable) const
{
    return m_variables.value(process).value(variable).socket;
}

QString Interpreter::socketName(SocketId id) const
{
    for (auto p = m_variables.cbegin(); p != m_variables.cend(); ++p) {
        for (auto v = p.value().cbegin(); v != p.value().cend(); ++v) {
            if (v.value().socket == id)
                return p.key() + u'.' + v.key();
        }
    }
    return {};
}

bool Interpreter::resolveRef(const SocketRef &ref, SocketId *id, QString *why) const
{
    QString process;
    if (ref.process) {
        process = ref.process->text;
    } else {
        for (auto it = m_variables.cbegin(); it != m_variables.cend(); ++it) {
            if (it.value().contains(ref.variable.text))
                process = it.key();
        }
    }
    const Variable variable = m_variables.value(process).value(ref.variable.text);
    if (variable.socket == NoSocket) {
        *why = QStringLiteral("%1 holds no socket: the call on line %2 that should have made it failed").arg(ref.toString()).arg(variable.line);
        return false;
    }
    *id = variable.socket;
    return true;
}

void Interpreter::describeEndpoints(SocketId id, StatementOutcome &out) const
{
    const Socket &s = m_world.socketAt(id);
    // What getsockname() would say: nothing only for a socket that never had an address or port.
    if (s.bound || !s.local.address.isUnspecified() || s.local.port != 0)
        out.local = s.local;
    // As getpeername() would say: a UDP socket connected to port 0 has no peer.
    const bool connected = s.protocol == Protocol::Udp ? s.isConnectedUdp() && s.remote.port != 0 : s.hasRemote();
    if (connected)
        out.remote = s.remote;
}

StatementOutcome Interpreter::execute(const Statement &statement)
{
    StatementOutcome out;
    out.line = statement.line;
    out.text = statement.text;
    m_collecting = &out.events;
    std::visit([&](const auto &body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, HostDecl>) {
            const HostId id = m_world.addHost(body.name.text, body.personality);
            QStringList addresses;
            for (const IpAddress &address : body.addresses) {
                m_world.addAddress(id, address);
                addresses << address.toString();
            }
            m_symbols.hosts.insert(body.name.text, statement.line);
            for (const QString &a : addresses)
                m_symbols.addressOwners.insert(a, body.name.text);
            out.message = QStringLiteral("host %1 (%2) with %3; ephemeral ports %4-%5")
                              .arg(body.name.text, body.personality.displayName, addresses.join(QStringLiteral(", ")))
                              .arg(body.personality.ephemeralLow).arg(body.personality.ephemeralHigh);
        } else if constexpr (std::is_same_v<T, ProcessDecl>) {
            const HostId host = *m_world.findHost(body.host.text);
            const Pid pid = m_world.addProcess(host, body.name.text, body.user, body.canBindPrivileged);
            if (m_symbols.exited.remove(body.name.text)) {
                m_symbols.variables.remove(body.name.text);
                m_variables.remove(body.name.text);
            }
            m_symbols.processHosts.insert(body.name.text, body.host.text);
            const Process &p = m_world.process(pid);
            out.message = QStringLiteral("%1 runs on %2 as pid %3, user %4 (uid %5)%6")
                              .arg(p.name, body.host.text).arg(pid).arg(p.user).arg(p.uid)
                              .arg(p.canBindPrivileged ? QStringLiteral(", with CAP_NET_BIND_SERVICE") : QString());
        } else if constexpr (std::is_same_v<T, SysctlSet>) {
            executeSysctl(body, out);
        } else if constexpr (std::is_same_v<T, Call>) {
            executeCall(body, out);
        } else if constexpr (std::is_same_v<T, Kill>) {
            executeKill(body, out);
        } else if constexpr (std::is_same_v<T, Wait>) {
            m_world.advance(body.duration);
            out.message = QStringLiteral("the clock is now %1").arg(formatSimTime(m_world.now()));
        } else if constexpr (std::is_same_v<T, SsCommand>) {
            out.output = ssReport(m_world, *m_world.findHost(body.host.text), body.options, m_services);
        } else if constexpr (std::is_same_v<T, NetstatCommand>) {
            out.output = netstatReport(m_world, *m_world.findHost(body.host.text), body.options);
        } else if constexpr (std::is_same_v<T, LsofCommand>) {
            out.output = lsofReport(m_world, *m_world.findHost(body.host.text), body.options);
        } else if constexpr (std::is_same_v<T, NcCommand>) {
            executeNc(body, out);
        } else if constexpr (std::is_same_v<T, NmapCommand>) {
            executeNmap(body, out);
        } else if constexpr (std::is_same_v<T, IptablesCommand>) {
            Host &host = m_world.host(*m_world.findHost(body.host.text));
            const IptablesResult result = runIptables(host.firewall(), body.options, host.name());
            out.ok = result.ok;
            out.output = result.output;
            out.message = result.message;
        } else if constexpr (std::is_same_v<T, KnockdCommand>) {
            Host &host = m_world.host(*m_world.findHost(body.host.text));
            host.knockDaemons().emplace_back(body.door);
            QStringList ports;
            for (const std::uint16_t port : body.door.sequence)
                ports << QString::number(port);
            out.message = QStringLiteral("knockd on %1 listens for %2 knocks on %3 from one address within %4 s; "
                                         "then it runs iptables -I INPUT -s ADDRESS -p tcp --dport %5 -j ACCEPT for that address")
                              .arg(host.name(), body.door.protocol == wire::IpProtocol::Udp ? QStringLiteral("udp") : QStringLiteral("tcp"),
                                   ports.join(QStringLiteral(", ")))
                              .arg(std::chrono::duration_cast<std::chrono::seconds>(body.door.timeout).count())
                              .arg(body.door.openPort);
        } else if constexpr (std::is_same_v<T, ServicesQuery>) {
            out.output = servicesReport(m_services, body.query);
        } else if constexpr (std::is_same_v<T, Expectation>) {
            executeExpectation(body, out);
        }
    }, statement.body);
    // Programs still running (nc) take what this statement brought them, as they would the
    // moment it arrived.
    for (const NcPrinted &line : m_nc.react(m_world))
        out.background.push_back(BackgroundLine{m_world.process(line.pid).name, line.text});
    m_collecting = nullptr;
    out.time = m_world.now();
    if (!out.isExpectation)
        m_last = out;
    return out;
}

void Interpreter::executeSysctl(const SysctlSet &set, StatementOutcome &out)
{
    Host &host = m_world.host(*m_world.findHost(set.host.text));
    HostSettings &settings = host.settings();
    switch (set.key) {
    case SysctlKey::PortRange:
        // ipv4_local_port_range() refuses a range that starts among the privileged ports.
        if (set.low < settings.unprivilegedPortStart) {
            fail(out, Errno::Inval, QStringLiteral("Linux refuses a range starting below ip_unprivileged_port_start (%1)")
                                        .arg(settings.unprivilegedPortStart));
            return;
        }
        settings.ephemeralLow = static_cast<std::uint16_t>(set.low);
        settings.ephemeralHigh = static_cast<std::uint16_t>(set.high);
        out.message = QStringLiteral("%1 now picks ephemeral ports from %2-%3 (%4)")
                          .arg(host.name()).arg(set.low).arg(set.high)
                          .arg(set.high == set.low ? QStringLiteral("a single port") : QStringLiteral("%1 ports").arg(set.high - set.low + 1));
        return;
    case SysctlKey::UnprivilegedPortStart:
        // ipv4_privileged_ports() refuses a start above the ephemeral range's first port.
        if (set.low > settings.ephemeralLow) {
            fail(out, Errno::Inval, QStringLiteral("Linux refuses a value above the ephemeral range's first port (%1)")
                                        .arg(settings.ephemeralLow));
            return;
        }
        settings.unprivilegedPortStart = static_cast<std::uint16_t>(set.low);
        out.message = set.low == 0 ? QStringLiteral("on %1 any user may now bind any port").arg(host.name())
                                   : QStringLiteral("on %1 ports below %2 now need root or CAP_NET_BIND_SERVICE").arg(host.name()).arg(set.low);
        return;
    case SysctlKey::TcpTwReuse:
        settings.tcpTwReuse = set.low;
        out.message = set.low == 0 ? QStringLiteral("connect() on %1 never takes over a TIME_WAIT's four-tuple").arg(host.name())
                    : set.low == 1 ? QStringLiteral("connect() on %1 may take over a TIME_WAIT's four-tuple a second after it began").arg(host.name())
                                   : QStringLiteral("connect() on %1 may take over a loopback TIME_WAIT's four-tuple a second after it began").arg(host.name());
        return;
    case SysctlKey::TcpSynRetries:
    case SysctlKey::TcpSynLinearTimeouts:
        (set.key == SysctlKey::TcpSynRetries ? settings.tcpSynRetries : settings.tcpSynLinearTimeouts) = set.low;
        out.message = QStringLiteral("a connect() on %1 that nobody answers now sends %2 SYNs and gives up after %3 s")
                          .arg(host.name()).arg(settings.synTransmissions()).arg(settings.synGiveUpAfter().count());
        return;
    case SysctlKey::IpForward:
        settings.ipForward = set.low == 1;
        out.message = settings.ipForward ? QStringLiteral("%1 now routes packets addressed to other hosts on to them").arg(host.name())
                                         : QStringLiteral("%1 now drops packets addressed to other hosts").arg(host.name());
        return;
    case SysctlKey::ReservedPorts:
        settings.reservedPorts.reset();
        for (const auto &[low, high] : set.ranges) {
            for (int port = low; port <= high; ++port)
                settings.reservedPorts.set(static_cast<std::size_t>(port));
        }
        out.message = QStringLiteral("%1 reserved ports: the kernel will not pick them automatically, but bind() to them still works")
                          .arg(settings.reservedPorts.count());
        return;
    }
}

void Interpreter::executeCall(const Call &call, StatementOutcome &out)
{
    const Pid pid = *m_world.findProcess(call.process.text);
    auto &variables = m_variables[call.process.text];
    SocketId id = NoSocket;
    if (call.verb != Verb::Socket) {
        const Variable variable = variables.value(call.socket.text);
        if (variable.socket == NoSocket) {
            fail(out, Errno::BadF, QStringLiteral("%1 holds no socket: the call on line %2 that should have made it failed")
                                       .arg(call.socket.text).arg(variable.line));
            return;
        }
        id = variable.socket;
    }
    SysResult result;
    SocketId created = NoSocket;
    switch (call.verb) {
    case Verb::Socket: {
        auto r = m_world.socket(pid, call.protocol, call.family);
        result = r.result;
        created = r.value;
        break;
    }
    case Verb::Setsockopt: result = m_world.setsockopt(pid, id, call.option, call.value); break;
    case Verb::Bind: result = m_world.bind(pid, id, call.endpoint); break;
    case Verb::Listen: result = m_world.listen(pid, id, call.value); break;
    case Verb::Connect: result = m_world.connect(pid, id, call.endpoint); break;
    case Verb::Accept: {
        auto r = m_world.accept(pid, id);
        result = r.result;
        created = r.value;
        break;
    }
    case Verb::Send: result = m_world.send(pid, id, call.data); break;
    case Verb::Sendto: result = m_world.sendTo(pid, id, call.endpoint, call.data); break;
    case Verb::Recv: {
        auto r = m_world.receive(pid, id);
        result = r.result;
        out.received = r.value.data;
        if (r.ok() && !r.value.data.isEmpty())
            result.explanation += QStringLiteral(": \"%1\"").arg(printableBytes(r.value.data));
        break;
    }
    case Verb::Shutdown: result = m_world.shutdown(pid, id, call.how); break;
    case Verb::Close:
        describeEndpoints(id, out);
        result = m_world.close(pid, id);
        break;
    case Verb::Getsockname: result = m_world.localName(pid, id).result; break;
    case Verb::Getpeername: result = m_world.peerName(pid, id).result; break;
    }
    m_world.settle();
    if (call.assignTo) {
        variables.insert(call.assignTo->text, Variable{created, out.line});
        m_symbols.variables[call.process.text].insert(call.assignTo->text, out.line);
    }
    const SocketId subject = created != NoSocket ? created : id;
    if (call.verb != Verb::Close && subject != NoSocket)
        describeEndpoints(subject, out);
    if (call.verb == Verb::Sendto)
        out.remote = call.endpoint;
    if (result.error == Errno::BadF) {
        // The descriptor is not the process's (any more): nothing can be asked of it.
        out.local.reset();
        out.remote.reset();
    }
    out.ok = result.ok();
    out.error = result.error;
    out.message = result.explanation;
    out.culprit = result.culprit;
}

void Interpreter::executeKill(const Kill &kill, StatementOutcome &out)
{
    const QString &name = kill.process.text;
    const std::optional<Pid> running = m_world.findProcess(name);
    const Pid pid = running.value_or(m_exitedPids.value(name));
    const SysResult result = m_world.kill(pid, kill.sigkill ? World::Signal::Kill : World::Signal::Term);
    if (running) {
        m_exitedPids.insert(name, pid);
        m_symbols.exited.insert(name, {out.line, m_symbols.processHosts.take(name)});
    }
    out.ok = result.ok();
    out.error = result.error;
    out.message = result.explanation;
}

// A scan exits 0 when one port took the connection; otherwise it fails, and the statement
// with it, with the last connect()'s errno (what `expect error` checks). A connection or a
// listener keeps running; when nc could not start it exits 1, with the errno of the call.
void Interpreter::executeNc(const NcCommand &command, StatementOutcome &out)
{
    const Pid pid = *m_world.findProcess(command.process.text);
    if (command.options.mode != NcMode::Scan) {
        const NcStart started = m_nc.start(m_world, pid, command.options, m_services);
        out.output = started.lines.join(u'\n');
        if (command.assignTo) {
            m_variables[command.process.text].insert(command.assignTo->text, Variable{started.socket, out.line});
            m_symbols.variables[command.process.text].insert(command.assignTo->text, out.line);
        }
        if (started.socket != NoSocket)
            describeEndpoints(started.socket, out);
        if (!started.result.ok())
            fail(out, started.result.error, QStringLiteral("nc exits 1: %1").arg(started.result.explanation));
        else
            out.message = started.result.explanation;
        return;
    }
    const NcScan scan = ncScan(m_world, pid, command.options, m_services);
    out.output = scan.output;
    const int ports = command.options.high - command.options.low + 1;
    if (scan.succeeded == 0) {
        fail(out, scan.lastError, QStringLiteral("no port of %1 took the connection; the last: %2").arg(ports).arg(scan.lastExplanation));
        return;
    }
    out.message = QStringLiteral("%1 of %2 port%3 took the connection").arg(scan.succeeded).arg(ports).arg(ports == 1 ? QString() : QStringLiteral("s"));
}

// nmap exits 0 whatever it found, even when the host seemed down; it fails only when it cannot
// scan at all (-sU without root).
void Interpreter::executeNmap(const NmapCommand &command, StatementOutcome &out)
{
    NmapScan scan = nmapScan(m_world, *m_world.findProcess(command.process.text), command.options, m_services);
    if (scan.error != Errno::Ok) {
        fail(out, scan.error, scan.explanation);
        return;
    }
    out.output = scan.output;
    out.portScan = std::move(scan.ports);
    if (!scan.hostUp) {
        out.message = QStringLiteral("the host seemed down, so no port was scanned");
        return;
    }
    std::map<PortState, int> counts;
    for (const PortScanResult &port : out.portScan)
        ++counts[port.state];
    QStringList parts;
    for (const auto &[state, count] : counts)
        parts << QStringLiteral("%1 %2").arg(count).arg(portStateName(state));
    out.message = parts.join(QStringLiteral(", "));
}

void Interpreter::executeExpectation(const Expectation &e, StatementOutcome &out)
{
    out.isExpectation = true;
    const StatementOutcome &last = m_last;
    const QString previous = QStringLiteral("line %1").arg(last.line);
    bool met = false;
    QString detail;
    SocketId id = NoSocket;
    const bool needsSocket = e.kind == ExpectKind::Local || e.kind == ExpectKind::Remote || e.kind == ExpectKind::PortRange
        || e.kind == ExpectKind::PortParity || e.kind == ExpectKind::PortSame || e.kind == ExpectKind::PortDiffers
        || e.kind == ExpectKind::State || e.kind == ExpectKind::Delivered;
    if (needsSocket && !resolveRef(e.socket, &id, &detail)) {
        fail(out, Errno::Ok, QStringLiteral("expectation failed: %1").arg(detail));
        ++m_failedExpectations;
        return;
    }
    const Socket *s = id == NoSocket ? nullptr : &m_world.socketAt(id);
    switch (e.kind) {
    case ExpectKind::Ok:
        met = last.ok;
        detail = met ? QStringLiteral("%1 succeeded").arg(previous)
                     : QStringLiteral("%1 failed with %2").arg(previous, errnoName(last.error));
        break;
    case ExpectKind::Error:
        met = !last.ok && last.error == e.error;
        detail = last.ok ? QStringLiteral("expected %1, but %2 succeeded").arg(errnoName(e.error), previous)
                 : met   ? QStringLiteral("%1 failed with %2").arg(previous, errnoName(last.error))
                         : QStringLiteral("expected %1, but %2 failed with %3").arg(errnoName(e.error), previous, errnoName(last.error));
        break;
    case ExpectKind::Local:
    case ExpectKind::Remote: {
        const Endpoint &actual = e.kind == ExpectKind::Local ? s->local : s->remote;
        met = e.pattern.matches(actual);
        detail = QStringLiteral("%1's %2 address is %3").arg(e.socket.toString(), e.kind == ExpectKind::Local ? QStringLiteral("local") : QStringLiteral("remote"), actual.toString());
        if (!met)
            detail += QStringLiteral(", not %1").arg(e.pattern.text);
        break;
    }
    case ExpectKind::PortRange:
        met = s->bound && s->local.port >= e.low && s->local.port <= e.high;
        if (!s->bound)
            detail = QStringLiteral("%1 has no port: it is not bound").arg(e.socket.toString());
        else if (e.low == e.high)
            detail = QStringLiteral("%1's port is %2").arg(e.socket.toString()).arg(s->local.port) + (met ? QString() : QStringLiteral(", not %1").arg(e.low));
        else
            detail = QStringLiteral("%1's port is %2, %3 %4-%5").arg(e.socket.toString()).arg(s->local.port)
                         .arg(met ? QStringLiteral("inside") : QStringLiteral("outside")).arg(e.low).arg(e.high);
        break;
    case ExpectKind::PortParity:
        if (!s->bound) {
            detail = QStringLiteral("%1 has no port: it is not bound").arg(e.socket.toString());
            break;
        }
        met = (s->local.port % 2 == 0) == e.even;
        detail = QStringLiteral("%1's port is %2, %3").arg(e.socket.toString()).arg(s->local.port)
                     .arg(s->local.port % 2 == 0 ? QStringLiteral("even") : QStringLiteral("odd"));
        break;
    case ExpectKind::PortSame:
    case ExpectKind::PortDiffers: {
        SocketId otherId = NoSocket;
        if (!resolveRef(e.other, &otherId, &detail))
            break;
        const std::uint16_t other = m_world.socketAt(otherId).local.port;
        met = (s->local.port == other) == (e.kind == ExpectKind::PortSame);
        detail = QStringLiteral("%1 has port %2 and %3 has port %4").arg(e.socket.toString()).arg(s->local.port).arg(e.other.toString()).arg(other);
        break;
    }
    case ExpectKind::State:
        met = s->state == e.state;
        detail = QStringLiteral("%1 is %2").arg(e.socket.toString(), stateName(s->state));
        if (!met)
            detail += QStringLiteral(", not %1").arg(stateName(e.state));
        break;
    case ExpectKind::Received:
        met = last.ok && last.received == e.data;
        if (!last.ok)
            detail = QStringLiteral("%1 failed with %2, so nothing was received").arg(previous, errnoName(last.error));
        else
            detail = QStringLiteral("%1 received \"%2\"").arg(previous, printableBytes(last.received))
                + (met ? QString() : QStringLiteral(", not \"%1\"").arg(printableBytes(e.data)));
        break;
    case ExpectKind::Delivered:
        for (const TraceEvent &event : last.events)
            met = met || (event.kind == TraceKind::EnvelopeDelivered && event.socket == id);
        detail = met ? QStringLiteral("the transport layer delivered to %1").arg(e.socket.toString())
                     : QStringLiteral("nothing from %1 was delivered to %2").arg(previous, e.socket.toString());
        break;
    case ExpectKind::Reply: {
        // Any ICMP destination unreachable counts: a closed port's, or a firewall's REJECT.
        QString drawn = e.replyIsReset ? QStringLiteral("RST") : QStringLiteral("ICMP port unreachable");
        for (const TraceEvent &event : last.events) {
            if (met || event.kind != TraceKind::EnvelopeSent || !event.envelope)
                continue;
            met = e.replyIsReset ? event.envelope->has(TcpFlag::Rst) : event.envelope->kind == EnvelopeKind::IcmpPortUnreachable;
            if (met && !e.replyIsReset)
                drawn = envelopeKindName(*event.envelope);
        }
        detail = QStringLiteral("%1 %2 an %3 in reply").arg(previous, met ? QStringLiteral("drew") : QStringLiteral("drew no"), drawn);
        break;
    }
    }
    out.ok = met;
    out.message = (met ? QStringLiteral("as expected: ") : QStringLiteral("expectation failed: ")) + detail;
    if (!met)
        ++m_failedExpectations;
}

} // namespace portlab
