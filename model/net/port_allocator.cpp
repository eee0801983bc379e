// SPDX-License-Identifier: GPL-3.0-or-later
#include "port_allocator.h"

#include <algorithm>

namespace portlab {

namespace {

struct ScanRange {
    std::uint32_t low;
    std::uint32_t high;        // one past the last port
    std::uint32_t remaining;   // even when parity is split, as in the kernel

    ScanRange(std::uint32_t lowPort, std::uint32_t highExclusive, bool splitsParity)
        : low(lowPort), high(highExclusive), remaining(highExclusive - lowPort)
    {
        if (splitsParity && remaining > 1)
            remaining &= ~1U;
    }

    std::uint16_t wrap(std::uint32_t port) const
    {
        return static_cast<std::uint16_t>(port >= high ? port - remaining : port);
    }
};

} // namespace

bool PortAllocator::mayReuseTimeWait(const Socket &timeWait) const
{
    const int reuse = m_host.settings().tcpTwReuse;
    const bool loopback = timeWait.local.address.isLoopback() || timeWait.remote.address.isLoopback();
    const bool allowed = reuse == 1 || (reuse == 2 && loopback);
    return allowed && timeWait.state == SocketState::TimeWait && m_nowSeconds > timeWait.timeWaitSince;
}

PortAllocator::Exhaustion PortAllocator::explainTcpConnectFailure(const IpAddress &source, const Endpoint &destination) const
{
    Exhaustion why;
    const auto &settings = m_host.settings();
    const auto &connections = m_host.ports().connections(Protocol::Tcp);
    for (std::uint32_t port = settings.ephemeralLow; port <= settings.ephemeralHigh; ++port) {
        const auto candidate = static_cast<std::uint16_t>(port);
        if (settings.reservedPorts.test(candidate)) {
            ++why.reserved;
            continue;
        }
        const BindBucket *bucket = m_host.ports().bucket(Protocol::Tcp, candidate);
        if (bucket && !bucket->connectOnly) {
            ++why.boundExplicitly;
            continue;
        }
        const SocketId holder = connections.find({source, candidate}, destination, m_store);
        if (holder != NoSocket) {
            ++why.toThisDestination;
            if (m_store[holder].state == SocketState::TimeWait)
                ++why.inTimeWait;
        }
    }
    return why;
}

std::optional<std::uint16_t> PortAllocator::forTcpConnect(const IpAddress &source, const Endpoint &destination, SocketId *reclaimed)
{
    *reclaimed = NoSocket;
    const auto &settings = m_host.settings();
    const bool split = m_host.personality().splitsParity;
    const ScanRange range(settings.ephemeralLow, std::uint32_t{settings.ephemeralHigh} + 1, split);
    const std::uint32_t step = split ? 2 : 1;

    // secure_ipv4_port_ephemeral(): a keyed hash of the source, destination and its port.
    const std::uint64_t portOffset = mixHash(mixHash(m_secret, source.hash()),
                                             mixHash(destination.address.hash(), destination.port));
    std::uint32_t &perturb = m_host.perturbation(portOffset);
    std::uint32_t offset = (perturb + static_cast<std::uint32_t>(portOffset >> 32)) % range.remaining;
    if (split)
        offset &= ~1U;

    const auto &tcpConnections = m_host.ports().connections(Protocol::Tcp);
    for (;;) {
        std::uint32_t port = range.low + offset;
        for (std::uint32_t i = 0; i < range.remaining; i += step, port += step) {
            const std::uint16_t candidate = range.wrap(port);
            port = candidate;
            if (settings.reservedPorts.test(candidate))
                continue;
            if (const BindBucket *bucket = m_host.ports().bucket(Protocol::Tcp, candidate)) {
                if (!bucket->connectOnly)
                    continue;
                const SocketId holder = tcpConnections.find({source, candidate}, destination, m_store);
                if (holder != NoSocket) {
                    if (!mayReuseTimeWait(m_store[holder]))
                        continue;
                    *reclaimed = holder;
                }
            }
            // A little randomness in where the next search toward this destination starts.
            const std::uint32_t jitter = m_rng.below(8) * step;
            perturb += std::max(i, jitter) + step;
            return candidate;
        }
        ++offset;
        if (!split || !(offset & 1U) || range.remaining <= 1)
            return std::nullopt;
    }
}

bool PortAllocator::usableByAutomaticBind(const Socket &socket, const BoundAddress &address, std::uint16_t port) const
{
    if (m_host.settings().reservedPorts.test(port))
        return false;
    const BindBucket *bucket = m_host.ports().bucket(socket.protocol, port);
    return !bucket || !findBindConflict(socket, address, *bucket, m_store, m_host.personality(), BindCheck::Automatic);
}

std::optional<std::uint16_t> PortAllocator::forBind(const Socket &socket, const BoundAddress &address)
{
    const auto &settings = m_host.settings();
    const bool split = m_host.personality().splitsParity;
    const std::uint32_t step = split ? 2 : 1;
    int attemptHalf = socket.reuseAddr ? 1 : 0;
    for (;;) {
        std::uint32_t low = settings.ephemeralLow;
        std::uint32_t high = std::uint32_t{settings.ephemeralHigh} + 1;
        if (high - low < 4)
            attemptHalf = 0;
        if (attemptHalf != 0) {
            const std::uint32_t half = low + (((high - low) >> 2) << 1);
            (attemptHalf == 1 ? high : low) = half;
        }
        const ScanRange range(low, high, split);
        std::uint32_t offset = m_rng.below(range.remaining);
        if (split)
            offset |= 1U;   // the parity connect() does not prefer
        for (;;) {
            std::uint32_t port = range.low + offset;
            for (std::uint32_t i = 0; i < range.remaining; i += step, port += step) {
                port = range.wrap(port);
                if (usableByAutomaticBind(socket, address, static_cast<std::uint16_t>(port)))
                    return static_cast<std::uint16_t>(port);
            }
            if (!split)
                break;
            --offset;
            if (offset & 1U)
                break;
        }
        if (attemptHalf != 1)
            return std::nullopt;
        attemptHalf = 2;
    }
}

std::optional<std::uint16_t> PortAllocator::forUdp(const Socket &socket, const BoundAddress &address)
{
    const auto &settings = m_host.settings();
    const std::uint32_t count = static_cast<std::uint32_t>(settings.ephemeralCount());
    const std::uint32_t first = m_rng.below(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto port = static_cast<std::uint16_t>(settings.ephemeralLow + (first + i) % count);
        if (usableByAutomaticBind(socket, address, port))
            return port;
    }
    return std::nullopt;
}

} // namespace portlab
