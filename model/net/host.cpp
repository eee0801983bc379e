// SPDX-License-Identifier: GPL-3.0-or-later
#include "host.h"

#include <algorithm>

namespace portlab {

namespace {
// INET_TABLE_PERTURB_SIZE in net/ipv4/inet_hashtables.c (Linux 5.18 and later).
constexpr std::size_t perturbTableSize = std::size_t{1} << 16;
}

Host::Host(HostId id, QString name, Personality personality)
    : m_id(id)
    , m_name(std::move(name))
{
    setPersonality(personality);
}

void Host::setPersonality(const Personality &personality)
{
    m_personality = personality;
    m_settings.ephemeralLow = personality.ephemeralLow;
    m_settings.ephemeralHigh = personality.ephemeralHigh;
    m_settings.unprivilegedPortStart = personality.unprivilegedPortStart;
}

bool Host::ownsAddress(const IpAddress &address) const
{
    if (address.isLoopback())
        return true;
    return std::find(m_addresses.begin(), m_addresses.end(), address) != m_addresses.end();
}

std::optional<IpAddress> Host::sourceAddressFor(const IpAddress &destination) const
{
    if (destination.isLoopback())
        return destination.isV4() ? IpAddress::loopbackV4() : IpAddress::loopbackV6();
    if (ownsAddress(destination))
        return destination;
    for (const auto &address : m_addresses) {
        if (address.family() == destination.family())
            return address;
    }
    return std::nullopt;
}

std::uint32_t &Host::perturbation(std::uint64_t destinationHash)
{
    if (m_perturbTable.empty())
        m_perturbTable.assign(perturbTableSize, 0);
    return m_perturbTable[destinationHash & (perturbTableSize - 1)];
}

std::chrono::seconds HostSettings::synWaitAfter(int transmission) const
{
    const int doublings = std::clamp(transmission - 1 - tcpSynLinearTimeouts, 0, 7);
    return std::min(std::chrono::seconds(1LL << doublings), std::chrono::seconds(120));
}

std::chrono::seconds HostSettings::synSentAt(int transmission) const
{
    std::chrono::seconds at{0};
    for (int n = 1; n < transmission; ++n)
        at += synWaitAfter(n);
    return at;
}

std::chrono::seconds HostSettings::synTimeAllowed() const
{
    // tcp_model_timeout(): what doubling from 1 s would take for that many retries, with each
    // retry past the sixth, whose wait reaches TCP_RTO_MAX, counted at 120 s.
    constexpr int doublingRetries = 6;
    if (tcpSynRetries <= doublingRetries)
        return std::chrono::seconds((2LL << tcpSynRetries) - 1);
    return std::chrono::seconds((2LL << doublingRetries) - 1 + 120LL * (tcpSynRetries - doublingRetries));
}

int HostSettings::synTransmissions() const
{
    int sent = 1;
    while (synSentAt(sent + 1) < synTimeAllowed())
        ++sent;
    return sent;
}

std::chrono::seconds HostSettings::synGiveUpAfter() const
{
    return synSentAt(synTransmissions() + 1);
}

} // namespace portlab
