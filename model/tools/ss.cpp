// SPDX-License-Identifier: GPL-3.0-or-later
#include "ss.h"

#include <QStringList>

#include <algorithm>
#include <array>

namespace portlab {

namespace {

enum Column : std::size_t { Netid, State, RecvQ, SendQ, LocalAddress, LocalPort, PeerAddress, PeerPort, ProcessColumn, ColumnCount };

struct ColumnSpec {
    const char16_t *header;
    bool alignRight;
    bool spaceBefore;   // ss's ldelim: a blank before the column, except the first shown
};

// iproute2 misc/ss.c, columns[]: no blank before the port and process columns, which is why
// the header reads "Address:Port" and, with a short port column, "PortProcess"; the process
// field brings its own leading blank (" users:((…").
constexpr std::array<ColumnSpec, ColumnCount> columns{{
    {u"Netid", false, false},
    {u"State", false, true},
    {u"Recv-Q", false, true},
    {u"Send-Q", false, true},
    {u"Local Address:", true, true},
    {u"Port", false, false},
    {u"Peer Address:", true, true},
    {u"Port", false, false},
    {u"Process", false, false},
}};

bool shown(const Socket &s, const SsOptions &options)
{
    const bool listening = s.protocol == Protocol::Tcp ? s.state == SocketState::Listen : s.state == SocketState::Closed;
    if (options.all)
        return true;
    if (options.listening)
        return listening;
    // Without -l or -a, ss shows connections: not listening, closed, TIME-WAIT or SYN-RECV.
    return !listening && s.state != SocketState::Closed && s.state != SocketState::TimeWait
        && s.state != SocketState::SynReceived;
}

QString addressText(const Socket &s, const IpAddress &address)
{
    if (address.isUnspecified() && s.family == Family::IPv6)
        return s.v6Only ? QStringLiteral("[::]") : QStringLiteral("*");
    if (address.isV6())
        return u'[' + address.toString() + u']';
    return address.toString();
}

QString portText(std::uint16_t port, Protocol protocol, const SsOptions &options, const ServiceRegistry &services)
{
    if (!options.numeric) {
        if (const ServiceEntry *entry = services.find(port, protocol))
            return entry->name;
    }
    return QString::number(port);
}

} // namespace

QString ssReport(const World &world, HostId host, const SsOptions &options, const ServiceRegistry &services)
{
    std::vector<SocketId> ids;
    for (const SocketId id : world.socketsOf(host)) {
        const Socket &s = world.socketAt(id);
        const bool wanted = s.protocol == Protocol::Tcp ? options.tcp : options.udp;
        if (wanted && shown(s, options) && (s.bound || s.state != SocketState::Closed))
            ids.push_back(id);
    }
    // The kernel's socket-diagnostics dumps come per protocol (UDP first), per family, and
    // list a family's listeners before its connections.
    std::stable_sort(ids.begin(), ids.end(), [&world](SocketId a, SocketId b) {
        const Socket &x = world.socketAt(a);
        const Socket &y = world.socketAt(b);
        auto key = [](const Socket &s) {
            return std::tuple(s.protocol == Protocol::Tcp, s.family == Family::IPv6, s.state != SocketState::Listen);
        };
        return key(x) < key(y);
    });

    const bool showNetid = options.tcp && options.udp;
    std::vector<std::array<QString, ColumnCount>> rows;
    for (const SocketId id : ids) {
        const Socket &s = world.socketAt(id);
        std::array<QString, ColumnCount> row;
        row[Netid] = protocolName(s.protocol);
        row[State] = ssStateName(s.state, s.protocol);
        const bool listening = s.state == SocketState::Listen;
        // A listener shows its accept queue and backlog. A connection shows the bytes not yet
        // read and not yet acknowledged, counted in sequence space as tcp_inq() does: an
        // unread FIN counts one, and so does an unacknowledged SYN or FIN.
        const bool finUnread = s.protocol == Protocol::Tcp && s.peerFinished && !s.endOfStreamRead && s.state != SocketState::TimeWait;
        const bool controlUnacked = s.state == SocketState::SynSent || s.state == SocketState::FinWait1
            || s.state == SocketState::Closing || s.state == SocketState::LastAck;
        row[RecvQ] = QString::number(listening ? world.acceptQueueLength(id) : world.receiveQueueBytes(id) + (finUnread ? 1 : 0));
        row[SendQ] = QString::number(listening ? s.backlog : (controlUnacked ? 1 : 0));
        row[LocalAddress] = addressText(s, s.local.address) + u':';
        row[LocalPort] = portText(s.local.port, s.protocol, options, services);
        const bool hasPeer = s.protocol == Protocol::Tcp ? !listening && s.state != SocketState::Closed : s.isConnectedUdp();
        if (hasPeer) {
            row[PeerAddress] = addressText(s, s.remote.address) + u':';
            row[PeerPort] = portText(s.remote.port, s.protocol, options, services);
        } else {
            const IpAddress any = s.family == Family::IPv4 ? IpAddress::anyV4() : IpAddress::anyV6();
            row[PeerAddress] = addressText(s, any) + u':';
            row[PeerPort] = QStringLiteral("*");
        }
        if (options.processes && s.owner != NoProcess) {
            const Process &p = world.process(s.owner);
            row[ProcessColumn] = QStringLiteral(" users:((\"%1\",pid=%2,fd=%3))").arg(p.name).arg(p.pid).arg(s.fd);
        }
        rows.push_back(std::move(row));
    }

    std::array<qsizetype, ColumnCount> widths{};
    for (std::size_t c = 0; c < ColumnCount; ++c) {
        widths[c] = QStringView(columns[c].header).size();
        for (const auto &row : rows)
            widths[c] = std::max(widths[c], row[c].size());
    }
    auto render = [&](const std::array<QString, ColumnCount> &cells) {
        QString line;
        bool first = true;
        for (std::size_t c = 0; c < ColumnCount; ++c) {
            if (c == Netid && !showNetid)
                continue;
            if (columns[c].spaceBefore && !first)
                line += u' ';
            first = false;
            line += columns[c].alignRight ? cells[c].rightJustified(widths[c]) : cells[c].leftJustified(widths[c]);
        }
        return line;
    };
    std::array<QString, ColumnCount> header;
    for (std::size_t c = 0; c < ColumnCount; ++c)
        header[c] = QString::fromUtf16(columns[c].header);
    QStringList lines{render(header)};
    for (const auto &row : rows)
        lines << render(row);
    return lines.join(u'\n');
}

} // namespace portlab
