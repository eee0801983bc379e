// SPDX-License-Identifier: GPL-3.0-or-later
#include "namespace_probe.h"

#include "run_control.h"
#include "sockaddr.h"

#include <QList>

#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace portlab::kernel {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Everything a /proc file holds right now. A seq_file regenerates its text when read from
// offset 0, so one descriptor opened inside the namespace serves the whole run.
QByteArray readWhole(int fd)
{
    QByteArray text;
    char buffer[8192];
    off_t offset = 0;
    for (;;) {
        const ssize_t got = ::pread(fd, buffer, sizeof buffer, offset);
        if (got <= 0)
            break;
        text.append(buffer, got);
        offset += got;
    }
    return text;
}

// /proc/net/snmp writes each group as a line of names and a line of values:
// "Tcp: RtoAlgorithm ... OutRsts" / "Tcp: 1 ... 7".
std::uint64_t snmpValue(const QByteArray &text, const QByteArray &group, const QByteArray &name)
{
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        if (!lines[i].startsWith(group + ':') || !lines[i + 1].startsWith(group + ':'))
            continue;
        const QList<QByteArray> names = lines[i].simplified().split(' ');
        const QList<QByteArray> values = lines[i + 1].simplified().split(' ');
        const qsizetype at = names.indexOf(name);
        if (at >= 0 && at < values.size())
            return values[at].toULongLong();
        return 0;
    }
    return 0;
}

// /proc/net/snmp6 is one "Name value" pair per line.
std::uint64_t snmp6Value(const QByteArray &text, const QByteArray &name)
{
    for (const QByteArray &line : text.split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() == 2 && fields[0] == name)
            return fields[1].toULongLong();
    }
    return 0;
}

constexpr std::size_t netlinkAlign(std::size_t length)
{
    return (length + NLMSG_ALIGNTO - 1) & ~static_cast<std::size_t>(NLMSG_ALIGNTO - 1);
}

} // namespace

NamespaceVisit::NamespaceVisit(int namespaceFd)
    : m_home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC))
{
    if (!m_home)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot open this thread's network namespace: %1").arg(systemError(errno)));
    if (::setns(namespaceFd, CLONE_NEWNET) != 0)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot enter a network namespace: %1").arg(systemError(errno)));
}

NamespaceVisit::~NamespaceVisit()
{
    // Returning home cannot fail for a process that could leave it; if it ever did, staying in
    // the scenario's namespace would be worse than stopping.
    if (::setns(m_home.get(), CLONE_NEWNET) != 0)
        std::abort();
}

SocketState socketStateFromKernel(int kernelState)
{
    // include/net/tcp_states.h; user-space headers lack TCP_NEW_SYN_RECV (a request socket,
    // the state ss shows as SYN-RECV), so the numbers are written out here.
    switch (kernelState) {
    case 1: return SocketState::Established;
    case 2: return SocketState::SynSent;
    case 3:
    case 12: return SocketState::SynReceived;
    case 4: return SocketState::FinWait1;
    case 5: return SocketState::FinWait2;
    case 6: return SocketState::TimeWait;
    case 8: return SocketState::CloseWait;
    case 9: return SocketState::LastAck;
    case 10: return SocketState::Listen;
    case 11: return SocketState::Closing;
    default: return SocketState::Closed;   // 7, TCP_CLOSE
    }
}

NamespaceProbe::NamespaceProbe(int namespaceFd)
    : m_namespaceFd(namespaceFd)
{
    const NamespaceVisit visit(namespaceFd);
    m_diag.reset(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
    if (!m_diag)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot open a sock_diag netlink socket: %1").arg(systemError(errno)));
    // thread-self: /proc/self/net would show the main thread's namespace, and a comparison in
    // the window runs in a worker thread.
    m_snmp.reset(::open("/proc/thread-self/net/snmp", O_RDONLY | O_CLOEXEC));
    m_snmp6.reset(::open("/proc/thread-self/net/snmp6", O_RDONLY | O_CLOEXEC));
    if (!m_snmp)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot read /proc/net/snmp: %1").arg(systemError(errno)));
}

void NamespaceProbe::dump(int family, int protocol, std::vector<DiagSocket> &into) const
{
    struct {
        nlmsghdr header;
        inet_diag_req_v2 body;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.body.sdiag_family = static_cast<std::uint8_t>(family);
    request.body.sdiag_protocol = static_cast<std::uint8_t>(protocol);
    request.body.idiag_states = ~0U;
    sockaddr_nl kernelAddress{};
    kernelAddress.nl_family = AF_NETLINK;
    if (::sendto(m_diag.get(), &request, sizeof request, 0, reinterpret_cast<const sockaddr *>(&kernelAddress), sizeof kernelAddress) < 0)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("sock_diag request failed: %1").arg(systemError(errno)));

    std::vector<char> buffer(64 * 1024);
    for (;;) {
        const ssize_t got = ::recv(m_diag.get(), buffer.data(), buffer.size(), 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("sock_diag answer failed: %1").arg(systemError(errno)));
        std::size_t offset = 0;
        const auto length = static_cast<std::size_t>(got);
        while (offset + sizeof(nlmsghdr) <= length) {
            nlmsghdr header{};
            std::memcpy(&header, buffer.data() + offset, sizeof header);
            if (header.nlmsg_len < sizeof header || offset + header.nlmsg_len > length)
                return;
            if (header.nlmsg_type == NLMSG_DONE)
                return;
            if (header.nlmsg_type == NLMSG_ERROR) {
                nlmsgerr error{};
                std::memcpy(&error, buffer.data() + offset + netlinkAlign(sizeof header), std::min(sizeof error, header.nlmsg_len - sizeof header));
                // A protocol the kernel has no dumper for (no udp_diag module) lists nothing.
                if (error.error == -ENOENT)
                    return;
                throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("sock_diag refused the request: %1").arg(systemError(-error.error)));
            }
            if (header.nlmsg_type == SOCK_DIAG_BY_FAMILY && header.nlmsg_len >= netlinkAlign(sizeof header) + sizeof(inet_diag_msg)) {
                inet_diag_msg message{};
                std::memcpy(&message, buffer.data() + offset + netlinkAlign(sizeof header), sizeof message);
                DiagSocket s;
                s.protocol = protocol == IPPROTO_TCP ? Protocol::Tcp : Protocol::Udp;
                s.family = message.idiag_family;
                s.state = message.idiag_state;
                s.local = fromRawAddress(message.idiag_family, message.id.idiag_src, message.id.idiag_sport).value_or(Endpoint{});
                s.remote = fromRawAddress(message.idiag_family, message.id.idiag_dst, message.id.idiag_dport).value_or(Endpoint{});
                s.receiveQueue = message.idiag_rqueue;
                s.inode = message.idiag_inode;
                into.push_back(s);
            }
            offset += netlinkAlign(header.nlmsg_len);
        }
    }
}

std::vector<DiagSocket> NamespaceProbe::sockets() const
{
    std::vector<DiagSocket> all;
    for (const int family : {AF_INET, AF_INET6}) {
        dump(family, IPPROTO_TCP, all);
        dump(family, IPPROTO_UDP, all);
    }
    return all;
}

NamespaceCounters NamespaceProbe::counters() const
{
    NamespaceCounters counters;
    const QByteArray snmp = readWhole(m_snmp.get());
    counters.resetsSent = snmpValue(snmp, "Tcp", "OutRsts");
    counters.unreachablesSent = snmpValue(snmp, "Icmp", "OutDestUnreachs");
    counters.packets = snmpValue(snmp, "Ip", "InReceives") + snmpValue(snmp, "Ip", "OutRequests");
    if (m_snmp6) {
        const QByteArray snmp6 = readWhole(m_snmp6.get());
        counters.unreachablesSent += snmp6Value(snmp6, "Icmp6OutDestUnreachs");
        counters.packets += snmp6Value(snmp6, "Ip6InReceives") + snmp6Value(snmp6, "Ip6OutRequests");
    }
    return counters;
}

int NamespaceProbe::writeSysctl(const QString &path, const QByteArray &value) const
{
    const NamespaceVisit visit(m_namespaceFd);
    const QByteArray file = QByteArrayLiteral("/proc/sys/") + path.toUtf8();
    const UniqueFd fd(::open(file.constData(), O_WRONLY | O_CLOEXEC));
    if (!fd)
        return errno;
    if (::write(fd.get(), value.constData(), static_cast<std::size_t>(value.size())) < 0)
        return errno;
    return 0;
}

} // namespace portlab::kernel
