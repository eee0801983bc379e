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

} // namespace portlab
