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
    // The kernel's socket dump walks the listening and established tables; a TCP socket that
    // is only bound is in neither, so ss never lists it.
    if (s.protocol == Protocol::Tcp && s.state == SocketState::Closed)
        return false;
    const bool listening = s.protocol == Protocol::Tcp ? s.state == SocketState::Listen : s.state == SocketState::Closed;
    if (options.all)
        return true;
    if (options.listening)
        return listening;
    // Without -l or -a, ss shows connections: not listening, closed, TIME-WAIT or SYN-RECV.
    return !listening && s.state != SocketState::Closed && s.state != SocketState::TimeWait
        && s.state != SocketState::SynReceived;
}

// What a queued datagram costs the receiver's buffer (skb->truesize), which is what ss shows
// as a UDP socket's Recv-Q. Measured on Linux 6.18 over loopback: the head holds the payload,
// the headers in front of it (59 bytes for IPv4, 72 for IPv6) and 320 bytes of shared info, in
// a 576-byte small block or the next power of two up to 16 KiB, plus 256 for the sk_buff;
// larger datagrams cost their payload plus 832.
std::size_t datagramMemory(std::size_t payload, Family family)
{
    const std::size_t head = payload + (family == Family::IPv4 ? 59 : 72) + 320;
    if (head > 16384)
        return payload + 832;
    std::size_t block = 576;
    if (head > block) {
        block = 1024;
        while (block < head)
            block *= 2;
    }
    return block + 256;
}

std::size_t receiveQueueColumn(const World &world, const Socket &s)
{
    if (s.state == SocketState::Listen)
        return world.acceptQueueLength(s.id);
    if (s.protocol == Protocol::Udp) {
        std::size_t memory = 0;
        if (const auto *queue = world.receiveQueue(s.id)) {
            for (const Message &m : *queue)
                memory += datagramMemory(static_cast<std::size_t>(m.data.size()), m.from.address.isV4() ? Family::IPv4 : Family::IPv6);
        }
        return memory;
    }
    // tcp_inq(): the bytes not yet read, and an unread FIN counts one.
    const bool finUnread = s.peerFinished && !s.endOfStreamRead && s.state != SocketState::TimeWait;
    return world.receiveQueueBytes(s.id) + (finUnread ? 1 : 0);
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

bool showsPeer(const Socket &s)
{
    return s.protocol == Protocol::Tcp ? s.state != SocketState::Listen && s.state != SocketState::Closed : s.isConnectedUdp();
}

std::vector<SsRow> ssRows(const World &world, HostId host, const SsOptions &options, const ServiceRegistry &services)
{
    std::vector<SocketId> ids;
    for (const SocketId id : world.socketsOf(host)) {
        const Socket &s = world.socketAt(id);
        const bool wanted = s.protocol == Protocol::Tcp ? options.tcp : options.udp;
        if (wanted && shown(s, options))
            ids.push_back(id);
    }
    // The kernel's socket-diagnostics dumps come per protocol (UDP first), per family, and
    // list a family's listeners before its connections. UDP sockets sharing a port come in
    // hash-chain order, the most recently bound first.
    const PortTable &ports = world.host(host).ports();
    auto bindRank = [&ports, &world](SocketId id) -> std::ptrdiff_t {
        const Socket &s = world.socketAt(id);
        const BindBucket *bucket = s.protocol == Protocol::Udp ? ports.bucket(Protocol::Udp, s.local.port) : nullptr;
        if (!bucket)
            return 0;
        return std::find(bucket->owners.begin(), bucket->owners.end(), id) - bucket->owners.begin();
    };
    std::stable_sort(ids.begin(), ids.end(), [&world, &bindRank](SocketId a, SocketId b) {
        auto key = [&world, &bindRank](SocketId id) {
            const Socket &s = world.socketAt(id);
            const bool udp = s.protocol == Protocol::Udp;
            return std::tuple(!udp, s.family == Family::IPv6, s.state != SocketState::Listen,
                              udp ? s.local.port : 0, -bindRank(id));
        };
        return key(a) < key(b);
    });

    std::vector<SsRow> rows;
    for (const SocketId id : ids) {
        const Socket &s = world.socketAt(id);
        SsRow row;
        row.socket = id;
        row.netid = protocolName(s.protocol);
        row.state = ssStateName(s.state);
        const bool listening = s.state == SocketState::Listen;
        // A listener shows its backlog as Send-Q; a connection the bytes (in sequence space:
        // an unacknowledged SYN or FIN counts one) not yet acknowledged.
        const bool controlUnacked = s.state == SocketState::SynSent || s.state == SocketState::FinWait1
            || s.state == SocketState::Closing || s.state == SocketState::LastAck;
        row.recvQ = QString::number(receiveQueueColumn(world, s));
        row.sendQ = QString::number(listening ? s.backlog : (controlUnacked ? 1 : 0));
        row.localAddress = addressText(s, s.local.address) + u':';
        row.localPort = portText(s.local.port, s.protocol, options, services);
        if (showsPeer(s)) {
            row.peerAddress = addressText(s, s.remote.address) + u':';
            row.peerPort = portText(s.remote.port, s.protocol, options, services);
        } else {
            const IpAddress any = s.family == Family::IPv4 ? IpAddress::anyV4() : IpAddress::anyV6();
            row.peerAddress = addressText(s, any) + u':';
            row.peerPort = QStringLiteral("*");
        }
        if (options.processes && s.owner != NoProcess) {
            const Process &p = world.process(s.owner);
            row.process = QStringLiteral(" users:((\"%1\",pid=%2,fd=%3))").arg(p.name).arg(p.pid).arg(s.fd);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

QString ssReport(const World &world, HostId host, const SsOptions &options, const ServiceRegistry &services)
{
    const bool showNetid = options.tcp && options.udp;
    std::vector<std::array<QString, ColumnCount>> rows;
    for (const SsRow &r : ssRows(world, host, options, services))
        rows.push_back({r.netid, r.state, r.recvQ, r.sendQ, r.localAddress, r.localPort, r.peerAddress, r.peerPort, r.process});

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
