// SPDX-License-Identifier: GPL-3.0-or-later
#include "nc.h"

#include <QStringList>

#include <chrono>

namespace portlab {

namespace {

using namespace std::chrono_literals;

Family familyOf(const IpAddress &address)
{
    return address.isV6() ? Family::IPv6 : Family::IPv4;
}

// "Connection to 10.0.0.1 22 port [tcp/ssh] succeeded!": nc names the host as written, and
// the address it became when that differs ("Connection to 0:0::1 (::1) 22 port …"); the
// service from /etc/services (getservbyport), or "*" when it has none or -n asked for none.
QString succeededLine(const NcOptions &options, std::uint16_t port, Protocol protocol, const ServiceRegistry &services)
{
    const ServiceEntry *service = options.numeric ? nullptr : services.find(port, protocol);
    const QString numeric = options.address.toString();
    const QString host = options.addressText == numeric ? numeric : QStringLiteral("%1 (%2)").arg(options.addressText, numeric);
    return QStringLiteral("Connection to %1 %2 port [%3/%4] succeeded!")
        .arg(host).arg(port).arg(protocolName(protocol), service ? service->name : QStringLiteral("*"));
}

// An address as getnameinfo() gives it to nc: without -n, a reverse lookup, which Debian's
// /etc/hosts answers for the loopback addresses; the simulated hosts have no other names.
QString addressText(const IpAddress &address, const NcOptions &options)
{
    const bool localhost = address == IpAddress::parse(QStringLiteral("127.0.0.1")) || address == IpAddress::parse(QStringLiteral("::1"));
    return localhost && !options.numeric ? QStringLiteral("localhost") : address.toString();
}

QString failedLine(const NcOptions &options, std::uint16_t port, Errno error)
{
    return QStringLiteral("nc: connect to %1 port %2 (tcp) failed: %3").arg(options.addressText).arg(port).arg(errnoDescription(error));
}

// What nc writes to the terminal, line by line; a control character other than a tab is
// shown as \xHH, so that a transcript stays one line per line.
QStringList terminalLines(const QByteArray &data)
{
    QStringList lines;
    if (data.isEmpty())
        return lines;
    for (const QByteArray &line : data.split('\n')) {
        QString text;
        for (const QChar c : QString::fromUtf8(line))
            text += c.unicode() < 0x20 && c != u'\t' ? QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0')) : QString(c);
        lines << text;
    }
    if (data.endsWith('\n'))
        lines.removeLast();
    return lines;
}

} // namespace

NcScan ncScan(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services)
{
    NcScan scan;
    QStringList lines;
    for (int port = options.low; port <= options.high; ++port) {
        const auto created = world.socket(pid, Protocol::Tcp, familyOf(options.address));
        SysResult result = created.result;
        if (created.ok()) {
            result = world.connect(pid, created.value, Endpoint{options.address, static_cast<std::uint16_t>(port)});
            // -z: nothing is read or written; the descriptor is closed at once.
            world.close(pid, created.value);
            world.settle();
        }
        if (result.ok()) {
            ++scan.succeeded;
            lines << succeededLine(options, static_cast<std::uint16_t>(port), Protocol::Tcp, services);
        } else {
            scan.lastError = result.error;
            scan.lastExplanation = result.explanation;
            lines << failedLine(options, static_cast<std::uint16_t>(port), result.error);
        }
    }
    scan.output = lines.join(u'\n');
    return scan;
}

NcStart NcPrograms::start(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services)
{
    return options.mode == NcMode::Listen ? listen(world, pid, options) : connect(world, pid, options, services);
}

NcStart NcPrograms::connect(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services)
{
    NcStart started;
    const auto created = world.socket(pid, options.protocol, familyOf(options.address));
    if (!created.ok()) {
        started.result = created.result;
        return started;
    }
    const SocketId id = created.value;
    const Endpoint destination{options.address, options.low};
    SysResult result = world.connect(pid, id, destination);
    if (result.ok() && options.protocol == Protocol::Udp && options.verbose) {
        // udptest(): five "X" datagrams, the last three a second apart; an ICMP error that
        // one of them drew makes a later write fail, and nc then exits 1 without a word.
        for (int probe = 0; probe < 5 && result.ok(); ++probe) {
            if (probe >= 2)
                world.advance(1s);
            result = world.send(pid, id, QByteArrayLiteral("X"));
        }
    }
    if (!result.ok()) {
        if (options.verbose && options.protocol == Protocol::Tcp)
            started.lines << failedLine(options, options.low, result.error);
        world.close(pid, id);
        world.settle();
        started.result = result;
        return started;
    }
    if (options.verbose)
        started.lines << succeededLine(options, options.low, options.protocol, services);
    const Endpoint local = world.socketAt(id).local;
    QString explanation = QStringLiteral("nc is connected from %1 to %2").arg(local.toString(), destination.toString());
    if (!options.input.isEmpty()) {
        // nc writes what was typed as one write(); it does not shut its side down after it.
        const SysResult sent = world.send(pid, id, options.input);
        explanation += sent.ok() ? QStringLiteral(" and wrote the %1 typed into it").arg(options.input.size() == 1 ? QStringLiteral("byte") : QStringLiteral("%1 bytes").arg(options.input.size()))
                                 : QStringLiteral("; writing what was typed failed: %1").arg(sent.explanation);
    }
    started.result = SysResult::success(explanation);
    started.socket = id;
    m_programs.push_back(Program{pid, options, NoSocket, id, false, false});
    return started;
}

NcStart NcPrograms::listen(World &world, Pid pid, const NcOptions &options)
{
    NcStart started;
    const IpAddress address = options.addressText.isEmpty() ? IpAddress::anyV4() : options.address;
    const auto created = world.socket(pid, options.protocol, familyOf(address));
    SysResult result = created.result;
    const SocketId id = created.value;
    if (result.ok()) {
        // local_listen(): both options before bind(), then a backlog of 1 for TCP.
        world.setsockopt(pid, id, SocketOption::ReuseAddr, 1);
        world.setsockopt(pid, id, SocketOption::ReusePort, 1);
        result = world.bind(pid, id, Endpoint{address, options.low});
        if (result.ok() && options.protocol == Protocol::Tcp)
            result = world.listen(pid, id, 1);
    }
    if (!result.ok()) {
        // err(1, NULL): nc's name and strerror(), with or without -v.
        started.lines << QStringLiteral("nc: %1").arg(errnoDescription(result.error));
        if (created.ok())
            world.close(pid, id);
        started.result = result;
        return started;
    }
    const Endpoint local = world.socketAt(id).local;
    const bool tcp = options.protocol == Protocol::Tcp;
    if (options.verbose) {
        started.lines << QStringLiteral("%1 on %2 %3").arg(tcp ? QStringLiteral("Listening") : QStringLiteral("Bound"),
                                                            addressText(local.address, options)).arg(local.port);
    }
    started.result = SysResult::success(tcp ? QStringLiteral("nc listens on tcp %1 (backlog 1) and waits for one connection%2")
                                                  .arg(local.toString(), options.keepListening ? QStringLiteral(" at a time") : QString())
                                            : QStringLiteral("nc holds udp %1 and waits for the first datagram").arg(local.toString()));
    started.socket = id;
    m_programs.push_back(tcp ? Program{pid, options, id, NoSocket, false, false} : Program{pid, options, NoSocket, id, true, false});
    return started;
}

std::vector<NcPrinted> NcPrograms::react(World &world)
{
    std::vector<NcPrinted> printed;
    bool progressed = true;
    // One nc's answer (a close, a FIN) can wake another; look again until all are quiet.
    while (progressed) {
        progressed = false;
        for (auto it = m_programs.begin(); it != m_programs.end();) {
            if (step(world, *it, printed, &progressed)) {
                ++it;
            } else {
                it = m_programs.erase(it);
                progressed = true;
            }
        }
    }
    return printed;
}

bool NcPrograms::step(World &world, Program &program, std::vector<NcPrinted> &printed, bool *progressed)
{
    const Pid pid = program.pid;
    const auto stopped = [&world, pid](SocketId id) { return id != NoSocket && world.socketAt(id).owner != pid; };
    if (stopped(program.listener) || stopped(program.connection)) {
        end(world, program);
        return false;
    }
    const auto say = [&](const QString &text) { printed.push_back(NcPrinted{pid, text}); };
    const auto reportPeer = [&](const Endpoint &peer) {
        if (program.options.verbose)
            say(QStringLiteral("Connection received on %1 %2").arg(addressText(peer.address, program.options)).arg(peer.port));
    };
    if (program.listener != NoSocket && program.connection == NoSocket) {
        if (world.acceptQueueLength(program.listener) == 0)
            return true;
        const auto accepted = world.accept(pid, program.listener);
        if (!accepted.ok())
            return true;
        program.connection = accepted.value;
        reportPeer(world.socketAt(accepted.value).remote);
        *progressed = true;
    }
    if (program.awaitingPeer) {
        // recvfrom(MSG_PEEK) learns the first sender; connect() keeps the socket to it.
        const std::deque<Message> *queue = world.receiveQueue(program.connection);
        if (!queue)
            return true;
        const Endpoint peer = queue->front().from;
        world.connect(pid, program.connection, peer);
        program.awaitingPeer = false;
        reportPeer(peer);
        *progressed = true;
    }
    // What arrived goes to stdout as it came: datagrams and segments run together on the
    // terminal, so lines are cut where the data has line breaks.
    QByteArray stdoutData;
    const auto flush = [&] {
        for (const QString &line : terminalLines(stdoutData))
            say(line);
    };
    while (!program.endOfStream) {
        const auto read = world.receive(pid, program.connection);
        if (read.result.error == Errno::Again) {
            flush();
            return true;
        }
        *progressed = true;
        if (read.ok() && !read.value.data.isEmpty()) {
            stdoutData += read.value.data;
            continue;
        }
        flush();
        if (!read.ok()) {
            // A read that failed (a reset, an ICMP error): nc gives up and exits.
            end(world, program);
            return false;
        }
        // End of stream: nc shuts its reading side. Listening, it is done with the
        // connection, and without -k with everything; connected, it keeps running while its
        // terminal is open, in CLOSE-WAIT.
        world.shutdown(pid, program.connection, ShutdownHow::Read);
        if (program.options.mode == NcMode::Connect) {
            program.endOfStream = true;
            return true;
        }
        world.close(pid, program.connection);
        program.connection = NoSocket;
        if (!program.options.keepListening) {
            end(world, program);
            return false;
        }
        return true;
    }
    return true;
}

// nc exits: the kernel closes its descriptors in order, the listener (opened first) before
// the connection.
void NcPrograms::end(World &world, const Program &program)
{
    for (const SocketId id : {program.listener, program.connection}) {
        if (id != NoSocket && world.socketAt(id).owner == program.pid)
            world.close(program.pid, id);
    }
    world.settle();
}

} // namespace portlab
