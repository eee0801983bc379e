// SPDX-License-Identifier: GPL-3.0-or-later
#include "lsof.h"

#include "ss.h"

#include <QStringList>

#include <algorithm>
#include <array>

namespace portlab {

namespace {

enum Column : std::size_t { Command, PidColumn, User, Fd, Type, Device, SizeOff, Node, ColumnCount };

// The header titles, which are also each column's narrowest width (lsof starts its widths
// there and widens them to the longest value).
constexpr std::array<const char16_t *, ColumnCount> titles{
    u"COMMAND", u"PID", u"USER", u"FD", u"TYPE", u"DEVICE", u"SIZE/OFF", u"NODE"};

// lsof shows the first 9 characters of a command unless told +c.
constexpr qsizetype commandLimit = 9;

// lsof's fd_to_string() pads a descriptor number to 4; access mode and lock follow it.
constexpr qsizetype fdNumberWidth = 4;

// On Linux, lsof's DEVICE for a socket is the socket's inode number, which the model does not
// have (docs/scenario-language.md, "Time and tools").
const QString noInode = QStringLiteral("-");

// lsof -n: numeric hosts, "*" for a wildcard, brackets around IPv6 and the IPv4 address of a
// v4-mapped one (the kernel's /proc/net/tcp6 holds it mapped; lsof prints it as IPv4).
QString lsofEndpoint(const Endpoint &endpoint)
{
    const IpAddress &address = endpoint.address;
    QString host;
    if (address.isUnspecified())
        host = QStringLiteral("*");
    else if (address.isV4Mapped())
        host = address.mappedV4().toString();
    else if (address.isV6())
        host = u'[' + address.toString() + u']';
    else
        host = address.toString();
    return host + u':' + QString::number(endpoint.port);
}

QString nameColumn(const Socket &s)
{
    QString name = lsofEndpoint(s.local);
    if (showsPeer(s))
        name += QStringLiteral("->") + lsofEndpoint(s.remote);
    // lsof follows a TCP address with its state; for UDP it leaves the blank before it.
    name += s.protocol == Protocol::Tcp ? QStringLiteral(" (%1)").arg(stateName(s.state)) : QStringLiteral(" ");
    return name;
}

} // namespace

QString lsofReport(const World &world, HostId host, const LsofOptions &options)
{
    // lsof -i finds a descriptor's socket in /proc/net/{tcp,udp}{,6}: the very sockets ss
    // lists, so the selection is ss's (every state, both protocols) minus those without a
    // descriptor (TIME_WAIT, connections not accepted yet).
    SsOptions everything;
    everything.tcp = everything.udp = everything.all = everything.numeric = true;
    std::vector<const Socket *> sockets;
    for (const SsRow &row : ssRows(world, host, everything, ServiceRegistry::builtIn())) {
        const Socket &s = world.socketAt(row.socket);
        if (s.owner == NoProcess)
            continue;
        if (options.port && s.local.port != *options.port && !(showsPeer(s) && s.remote.port == *options.port))
            continue;
        sockets.push_back(&s);
    }
    if (sockets.empty())
        return {};   // lsof prints nothing, not even the header, and exits 1
    // lsof walks /proc by process id and each process's descriptors in order.
    std::sort(sockets.begin(), sockets.end(), [&world](const Socket *a, const Socket *b) {
        return std::pair(world.process(a->owner).pid, a->fd) < std::pair(world.process(b->owner).pid, b->fd);
    });

    std::vector<std::array<QString, ColumnCount>> rows;
    std::vector<QString> names;
    for (const Socket *s : sockets) {
        const Process &p = world.process(s->owner);
        rows.push_back({p.name.left(commandLimit), QString::number(p.pid), p.user,
                        QString::number(s->fd).rightJustified(fdNumberWidth) + QStringLiteral("u "),
                        s->family == Family::IPv4 ? QStringLiteral("IPv4") : QStringLiteral("IPv6"), noInode, QStringLiteral("0t0"),
                        s->protocol == Protocol::Tcp ? QStringLiteral("TCP") : QStringLiteral("UDP")});
        names.push_back(nameColumn(*s));
    }
    std::array<qsizetype, ColumnCount> widths{};
    for (std::size_t c = 0; c < ColumnCount; ++c) {
        widths[c] = QStringView(titles[c]).size();
        for (const auto &row : rows)
            widths[c] = std::max(widths[c], row[c].size());
    }
    widths[Fd] = std::max(widths[Fd], fdNumberWidth + 2);
    // Every column but COMMAND is right-aligned; FD's title aligns with the number, not with
    // the access mode and lock characters after it.
    auto render = [&widths](const std::array<QString, ColumnCount> &cells, bool header) {
        QString line = cells[Command].leftJustified(widths[Command]);
        for (std::size_t c = PidColumn; c < ColumnCount; ++c) {
            line += u' ';
            if (c == Fd && header)
                line += cells[c].rightJustified(widths[c] - 2) + QStringLiteral("  ");
            else
                line += cells[c].rightJustified(widths[c]);
        }
        return line;
    };
    std::array<QString, ColumnCount> header;
    for (std::size_t c = 0; c < ColumnCount; ++c)
        header[c] = QString::fromUtf16(titles[c]);
    QStringList lines{render(header, true) + QStringLiteral(" NAME")};
    for (std::size_t i = 0; i < rows.size(); ++i)
        lines << render(rows[i], false) + u' ' + names[i];
    return lines.join(u'\n');
}

} // namespace portlab
