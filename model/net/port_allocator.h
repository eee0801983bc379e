// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bind_rules.h"
#include "host.h"
#include "rng.h"

#include <optional>

namespace portlab {

// How the kernel picks a local port when the program does not name one.
class PortAllocator {
public:
    PortAllocator(Host &host, const SocketStore &store, Rng &rng, std::uint64_t secret, std::uint32_t nowSeconds)
        : m_host(host), m_store(store), m_rng(rng), m_secret(secret), m_nowSeconds(nowSeconds) {}

    // connect() on a TCP socket without a port (Linux __inet_hash_connect): start from a
    // point that depends on the destination, try ports of the range's low parity (even for
    // 32768) first, and accept a port other connections use if this four-tuple is still free
    // (or held by a TIME_WAIT that tcp_tw_reuse lets go: `reclaimed` names it).
    std::optional<std::uint16_t> forTcpConnect(const IpAddress &source, const Endpoint &destination, SocketId *reclaimed);

    // Whether a connect() may take over the four-tuple of this TIME_WAIT socket
    // (tcp_twsk_unique(): tcp_tw_reuse, loopback only by default, a second after it began).
    bool mayReuseTimeWait(const Socket &timeWait) const;

    // Why forTcpConnect() found nothing: how many ports of the range each cause took.
    struct Exhaustion {
        int reserved = 0;
        int boundExplicitly = 0;   // held by bind() or listen(), never shared with connect()
        int toThisDestination = 0; // already connected from here to this destination
        int inTimeWait = 0;        // of those, in TIME_WAIT
    };
    Exhaustion explainTcpConnectFailure(const IpAddress &source, const Endpoint &destination) const;

    // bind() to port 0 and listen() on an unbound socket (Linux inet_csk_find_open_port):
    // a random start, odd ports first, never a port an overlapping socket holds; with
    // SO_REUSEADDR the lower half of the range is tried first.
    std::optional<std::uint16_t> forBind(const Socket &socket, const BoundAddress &address);

    // UDP's automatic bind (udp_lib_get_port with port 0): a random free port, no parity.
    std::optional<std::uint16_t> forUdp(const Socket &socket, const BoundAddress &address);

    const Host &host() const { return m_host; }

private:
    bool usableByAutomaticBind(const Socket &socket, const BoundAddress &address, std::uint16_t port) const;

    Host &m_host;
    const SocketStore &m_store;
    Rng &m_rng;
    std::uint64_t m_secret;
    std::uint32_t m_nowSeconds;
};

} // namespace portlab
