// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services.h"
#include "sim/world.h"

namespace portlab {

struct SsOptions {
    bool tcp = false;
    bool udp = false;
    bool listening = false;   // -l: only listening (TCP) and unconnected (UDP) sockets
    bool all = false;         // -a: every state
    bool numeric = false;     // -n: port numbers instead of service names
    bool processes = false;   // -p: the users:(("name",pid=…,fd=…)) column
};

// One socket as a row of ss's table: each column's text, before padding. Address columns end
// with the colon ss prints between address and port ("0.0.0.0:", then "80").
struct SsRow {
    SocketId socket = NoSocket;
    QString netid, state, recvQ, sendQ, localAddress, localPort, peerAddress, peerPort, process;
    bool operator==(const SsRow &) const = default;
};

// Whether the tools print a peer address for the socket: a TCP connection in any state
// past the handshake's start, or a connect()ed UDP socket. Listeners have none.
bool showsPeer(const Socket &s);

// The rows ss would print for one host, in its order.
std::vector<SsRow> ssRows(const World &world, HostId host, const SsOptions &options, const ServiceRegistry &services);

// The socket table of one host as iproute2's ss prints it when its output is not a terminal:
// the same columns, widths, alignment and order (UDP before TCP, IPv4 before IPv6, listeners
// first), so what a student learns here reads the same on a real machine.
QString ssReport(const World &world, HostId host, const SsOptions &options, const ServiceRegistry &services);

} // namespace portlab
