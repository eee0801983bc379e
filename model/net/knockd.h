// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "firewall.h"

#include <chrono>
#include <vector>

namespace portlab {

// One door of knockd 0.8: a sequence of ports that, knocked in order from one address within
// the sequence timeout, opens a TCP port for that address.
struct KnockDoor {
    std::vector<std::uint16_t> sequence;
    std::uint8_t protocol = wire::IpProtocol::Tcp;   // of the knocks
    std::uint16_t openPort = 0;                      // tcp port opened
    std::chrono::microseconds timeout = std::chrono::seconds(25);   // knockd's default seq_timeout
};

// What knockd makes of one packet it saw.
struct KnockEvent {
    enum class Kind : std::uint8_t { Stage, Opened, Invalidated };
    Kind kind = Kind::Stage;
    IpAddress source;
    int stage = 0;                // how many knocks of the sequence this source has made
    QString note;
};

// knockd watches the interface with libpcap, so it sees a packet before the firewall decides
// (a dropped knock counts); its capture filter passes only packets to the sequence's ports.
// Per source: the first port starts an attempt, the next expected one advances it, any other
// sequence port spoils it; an attempt older than the timeout (whole seconds) is forgotten.
class KnockDaemon {
public:
    explicit KnockDaemon(KnockDoor door) : m_door(std::move(door)) {}
    const KnockDoor &door() const { return m_door; }

    std::optional<KnockEvent> observe(const IpAddress &source, std::uint8_t protocol, std::uint16_t port, std::chrono::microseconds now);
    // The rule knockd's command inserts for a source: -I INPUT -s SOURCE -p tcp --dport PORT -j ACCEPT.
    FirewallRule openingRule(const IpAddress &source) const;

private:
    struct Attempt {
        IpAddress source;
        int stage = 0;               // -1: spoilt, removed at the next packet
        std::int64_t startSecond = 0;
    };
    KnockDoor m_door;
    std::vector<Attempt> m_attempts;
};

} // namespace portlab
