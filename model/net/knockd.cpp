// SPDX-License-Identifier: GPL-3.0-or-later
#include "knockd.h"

#include <algorithm>

namespace portlab {

std::optional<KnockEvent> KnockDaemon::observe(const IpAddress &source, std::uint8_t protocol, std::uint16_t port,
                                               std::chrono::microseconds now)
{
    const bool inSequence = protocol == m_door.protocol
        && std::find(m_door.sequence.begin(), m_door.sequence.end(), port) != m_door.sequence.end();
    if (!inSequence)
        return std::nullopt;   // outside the capture filter
    // Packet times as libpcap gives them to knockd: whole seconds count for the timeout.
    const std::int64_t second = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    const std::int64_t timeout = std::chrono::duration_cast<std::chrono::seconds>(m_door.timeout).count();
    const auto size = static_cast<int>(m_door.sequence.size());
    std::erase_if(m_attempts, [&](const Attempt &a) { return a.stage < 0 || a.stage >= size || second - a.startSecond >= timeout; });
    const auto step = [&](int stage) { return QStringLiteral("%1 of %2").arg(stage).arg(size); };
    auto found = std::find_if(m_attempts.begin(), m_attempts.end(), [&](const Attempt &a) { return a.source == source; });
    if (found == m_attempts.end()) {
        if (port != m_door.sequence.front())
            return std::nullopt;
        m_attempts.push_back({source, 0, second});
        found = std::prev(m_attempts.end());
    } else if (port != m_door.sequence[static_cast<std::size_t>(found->stage)]) {
        found->stage = -1;
        return KnockEvent{KnockEvent::Kind::Invalidated, source, 0,
                          QStringLiteral("%1 knocked on port %2 out of order: knockd forgets its attempt").arg(source.toString()).arg(port)};
    }
    Attempt &attempt = *found;
    ++attempt.stage;
    if (attempt.stage < size) {
        return KnockEvent{KnockEvent::Kind::Stage, source, attempt.stage,
                          QStringLiteral("%1 knocked on port %2: step %3").arg(source.toString()).arg(port).arg(step(attempt.stage))};
    }
    return KnockEvent{KnockEvent::Kind::Opened, source, attempt.stage,
                      QStringLiteral("%1 knocked on port %2: step %3, the sequence is complete; knockd runs iptables -I INPUT %4")
                          .arg(source.toString()).arg(port).arg(step(attempt.stage), openingRule(source).specification())};
}

FirewallRule KnockDaemon::openingRule(const IpAddress &source) const
{
    FirewallRule rule;
    rule.source = AddressMatch{source, 32, false};
    rule.protocol = wire::IpProtocol::Tcp;
    rule.modules = {MatchModule::Tcp};
    rule.destinationPort = PortMatch{m_door.openPort, m_door.openPort, false};
    rule.target = FirewallTarget::Accept;
    return rule;
}

} // namespace portlab
