// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conntrack.h"
#include "firewall.h"
#include "knockd.h"
#include "personality.h"
#include "port_table.h"

#include <QString>

#include <algorithm>
#include <bitset>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace portlab {

// The per-host knobs Linux exposes under /proc/sys/net/ipv4 (and applies to IPv6 too).
struct HostSettings {
    std::uint16_t ephemeralLow = 32768;          // ip_local_port_range
    std::uint16_t ephemeralHigh = 60999;
    std::uint16_t unprivilegedPortStart = 1024;  // ip_unprivileged_port_start
    std::bitset<65536> reservedPorts;            // ip_local_reserved_ports: skipped by automatic choice only
    int tcpTwReuse = 2;                          // tcp_tw_reuse: 0 never, 1 always, 2 loopback only
    int tcpSynRetries = 6;                       // tcp_syn_retries
    int tcpSynLinearTimeouts = 4;                // tcp_syn_linear_timeouts (Linux 6.5 and later; before, in effect 0)
    bool ipForward = false;                      // ip_forward: whether packets for other hosts are routed on

    int ephemeralCount() const { return ephemeralHigh - ephemeralLow + 1; }

    // A connect() nobody answers (tcp_retransmit_timer(), tcp_write_timeout()): the SYN is sent
    // again after 1 s, and 1 s later again while linear retries remain, then at doubling waits
    // of at most 120 s (TCP_RTO_MAX). When a timer fires once the time tcp_syn_retries allows
    // has passed since the first SYN, the attempt ends with ETIMEDOUT instead. The linear
    // retries fit more SYNs into the same time, not more time: 11 SYNs and 131 s by default,
    // against 7 and 127 s on kernels without them (measured: docs/linux-reference.md).
    std::chrono::seconds synWaitAfter(int transmission) const;   // after the n-th SYN, n from 1
    std::chrono::seconds synSentAt(int transmission) const;      // since the first
    std::chrono::seconds synTimeAllowed() const;                 // 2^(retries+1) - 1 s, past 6 retries 120 s more each
    int synTransmissions() const;                                // SYNs sent in all
    std::chrono::seconds synGiveUpAfter() const;                 // ETIMEDOUT, since the first SYN
};

struct Process {
    Pid pid = NoProcess;
    QString name;
    HostId host = 0;
    QString user;
    Uid uid = 0;
    bool canBindPrivileged = false;   // CAP_NET_BIND_SERVICE granted without being root
    int nextFd = 3;                   // 0-2 are the standard streams
    std::vector<int> closedFds;       // a min-heap: Linux hands out the lowest free descriptor

    bool isRoot() const { return uid == 0; }
    int takeFd()
    {
        if (closedFds.empty())
            return nextFd++;
        std::pop_heap(closedFds.begin(), closedFds.end(), std::greater<>());
        const int fd = closedFds.back();
        closedFds.pop_back();
        return fd;
    }
    void releaseFd(int fd)
    {
        closedFds.push_back(fd);
        std::push_heap(closedFds.begin(), closedFds.end(), std::greater<>());
    }
};

class Host {
public:
    Host(HostId id, QString name, Personality personality);

    HostId id() const { return m_id; }
    const QString &name() const { return m_name; }
    const Personality &personality() const { return m_personality; }
    void setPersonality(const Personality &personality);
    HostSettings &settings() { return m_settings; }
    const HostSettings &settings() const { return m_settings; }

    const std::vector<IpAddress> &addresses() const { return m_addresses; }
    void addAddress(const IpAddress &address) { m_addresses.push_back(address); }
    // Linux answers for the whole of 127.0.0.0/8 on lo, and for ::1.
    bool ownsAddress(const IpAddress &address) const;
    // The source address a connect() or send() to this destination gets, like the route's src.
    std::optional<IpAddress> sourceAddressFor(const IpAddress &destination) const;

    // The packet filter and NAT rules (iptables) and the connection tracking they consult.
    Firewall &firewall() { return m_firewall; }
    const Firewall &firewall() const { return m_firewall; }
    Conntrack &conntrack() { return m_conntrack; }
    std::vector<KnockDaemon> &knockDaemons() { return m_knockDaemons; }

    PortTable &ports() { return m_ports; }
    const PortTable &ports() const { return m_ports; }

    // Linux's table_perturb: per-destination offsets that make connect() walk the range
    // forward from where the previous search toward the same place stopped.
    std::uint32_t &perturbation(std::uint64_t destinationHash);

private:
    HostId m_id;
    QString m_name;
    Personality m_personality;
    HostSettings m_settings;
    std::vector<IpAddress> m_addresses;
    PortTable m_ports;
    Firewall m_firewall;
    Conntrack m_conntrack;
    std::vector<KnockDaemon> m_knockDaemons;
    std::vector<std::uint32_t> m_perturbTable;
};

} // namespace portlab
