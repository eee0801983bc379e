// SPDX-License-Identifier: GPL-3.0-or-later
#include "netstat.h"

#include <QStringList>

#include <algorithm>

namespace portlab {

namespace {

// net-tools prints a v4-mapped address as the IPv4 address it carries (getnameinfo does),
// and IPv6 addresses without brackets: ":::80" is the port 80 of "::".
QString netstatHost(const IpAddress &address)
{
    return address.isV4Mapped() ? address.mappedV4().toString() : address.toString();
}

// net-tools addr_do_one(): without -W an address and port longer than 22 characters (colon
// not counted) lose the end of the address, so the column stays 23 wide.
QString netstatAddress(const QString &host, const QString &port)
{
    constexpr qsizetype shortLength = 22;
    if (host.size() + port.size() <= shortLength)
        return host + u':' + port;
    const qsizetype portLength = std::min(port.size(), shortLength - 4);
    return host.left(shortLength - portLength) + u':' + port.left(portLength);
}

// netstat's own filter, not ss's: without -a, -l keeps the sockets without a peer and no
// option keeps those with one, TIME_WAIT and SYN_RECV included (ss hides both by default).
bool shown(const Socket &s, const NetstatOptions &options)
{
    if (options.all)
        return true;
    return options.listening ? !showsPeer(s) : showsPeer(s);
}

QString title(const NetstatOptions &options)
{
    if (options.all)
        return QStringLiteral("Active Internet connections (servers and established)");
    if (options.listening)
        return QStringLiteral("Active Internet connections (only servers)");
    return QStringLiteral("Active Internet connections (w/o servers)");
}

// net-tools keeps "PID/name" in a 20-byte buffer: 19 characters at most.
constexpr qsizetype programWidth = 20;

} // namespace

QString netstatReport(const World &world, HostId host, const NetstatOptions &options)
{
    // ss's rows carry the selection of listed sockets (a TCP socket that is only bound is in
    // no table the kernel dumps) and the queue sizes; netstat reads the same kernel state
    // through /proc/net/{tcp,tcp6,udp,udp6}.
    NetstatOptions everything = options;
    everything.all = true;
    everything.numeric = true;
    std::vector<SsRow> rows = ssRows(world, host, everything, ServiceRegistry::builtIn());
    // /proc/net order: TCP before UDP, IPv4 before IPv6; inside one file the order is the
    // kernel's hash tables', for which ss's order (listeners first) stands in.
    std::stable_sort(rows.begin(), rows.end(), [&world](const SsRow &a, const SsRow &b) {
        auto key = [&world](const SsRow &r) {
            const Socket &s = world.socketAt(r.socket);
            return std::pair(s.protocol == Protocol::Udp, s.family == Family::IPv6);
        };
        return key(a) < key(b);
    });

    QStringList lines{title(options)};
    QString header = QStringLiteral("Proto Recv-Q Send-Q Local Address           Foreign Address         State      ");
    if (options.processes)
        header += u' ' + QStringLiteral("PID/Program name").leftJustified(programWidth);
    lines << header;
    for (const SsRow &row : rows) {
        const Socket &s = world.socketAt(row.socket);
        if (!shown(s, options))
            continue;
        const bool tcp = s.protocol == Protocol::Tcp;
        QString proto = protocolName(s.protocol);
        if (s.family == Family::IPv6)
            proto += u'6';
        // /proc/net/tcp has a listener's accept queue as rx_queue and nothing as tx_queue;
        // ss's Send-Q of a listener is its backlog instead.
        const QString sendQ = s.state == SocketState::Listen ? QStringLiteral("0") : row.sendQ;
        const QString local = netstatAddress(netstatHost(s.local.address), QString::number(s.local.port));
        const IpAddress any = s.family == Family::IPv4 ? IpAddress::anyV4() : IpAddress::anyV6();
        const QString foreign = showsPeer(s) ? netstatAddress(netstatHost(s.remote.address), QString::number(s.remote.port))
                                           : netstatAddress(any.toString(), QStringLiteral("*"));
        const QString state = tcp ? stateName(s.state) : s.isConnectedUdp() ? QStringLiteral("ESTABLISHED") : QString();
        // printf("%-4s  %6ld %6ld %-*s %-*s %-11s"), the address widths at least 23.
        QString line = proto.leftJustified(4) + QStringLiteral("  ") + row.recvQ.rightJustified(6) + u' ' + sendQ.rightJustified(6) + u' '
            + local.leftJustified(23) + u' ' + foreign.leftJustified(23) + u' ' + state.leftJustified(11);
        if (options.processes) {
            QString program = QStringLiteral("-");
            if (s.owner != NoProcess) {
                const Process &p = world.process(s.owner);
                program = (QString::number(p.pid) + u'/' + p.name).left(programWidth - 1);
            }
            line += u' ' + program.leftJustified(programWidth);
        }
        lines << line;
    }
    return lines.join(u'\n');
}

} // namespace portlab
