// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/socket.h"
#include "unique_fd.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace portlab::kernel {

// Enters a network namespace for the calling thread while it exists, and returns to the one
// it came from. The controller uses it to open files and sockets that then stay bound to that
// namespace (sysctls, /proc/net counters, the sock_diag socket), without a process per host.
class NamespaceVisit {
public:
    explicit NamespaceVisit(int namespaceFd);
    ~NamespaceVisit();
    NamespaceVisit(const NamespaceVisit &) = delete;
    NamespaceVisit &operator=(const NamespaceVisit &) = delete;

private:
    UniqueFd m_home;
};

// One socket of a namespace as the kernel's socket dump (NETLINK_SOCK_DIAG) reports it, which
// is what ss reads too.
struct DiagSocket {
    Protocol protocol = Protocol::Tcp;
    int family = 0;                // AF_INET or AF_INET6
    int state = 0;                 // the kernel's TCP_* state number
    Endpoint local;
    Endpoint remote;
    std::uint32_t receiveQueue = 0;   // listener: accept queue; TCP: unread bytes; UDP: buffer memory
    std::uint64_t inode = 0;          // 0 once no descriptor refers to it (TIME_WAIT, orphans)
};

// The kernel's TCP_* state numbers, as the model names them.
SocketState socketStateFromKernel(int kernelState);

// What the namespace's /proc/net/snmp and snmp6 count, for what the kernel cannot otherwise
// show: the RSTs and ICMP port unreachables it sent, and whether packets are still moving.
struct NamespaceCounters {
    std::uint64_t resetsSent = 0;
    std::uint64_t unreachablesSent = 0;   // ICMP and ICMPv6 destination unreachable
    std::uint64_t packets = 0;            // IP and IPv6 packets received and sent
    friend bool operator==(const NamespaceCounters &, const NamespaceCounters &) = default;
};

// Reads one network namespace from outside: its sockets, its counters, its sysctls.
class NamespaceProbe {
public:
    explicit NamespaceProbe(int namespaceFd);   // throws RunAborted if it cannot
    std::vector<DiagSocket> sockets() const;
    NamespaceCounters counters() const;
    // Writes /proc/sys/<path> as seen inside the namespace; returns 0 or the errno the kernel gave.
    int writeSysctl(const QString &path, const QByteArray &value) const;

private:
    void dump(int family, int protocol, std::vector<DiagSocket> &into) const;

    int m_namespaceFd;
    UniqueFd m_diag;
    UniqueFd m_snmp;
    UniqueFd m_snmp6;
};

} // namespace portlab::kernel
