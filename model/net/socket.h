// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "errors.h"
#include "ip_address.h"

#include <array>
#include <cstdint>
#include <optional>

namespace portlab {

enum class Protocol : std::uint8_t { Tcp, Udp };

// TCP's states (RFC 9293) plus the two UDP shows in ss: unconnected (Closed) and connected
// (Established). SynReceived stands for Linux's request socket, before the handshake's last ACK.
enum class SocketState : std::uint8_t {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};

QString protocolName(Protocol protocol);              // "tcp"
QString stateName(SocketState state);                 // "ESTABLISHED", as netstat names them
QString ssStateName(SocketState state);               // "ESTAB", "UNCONN", as ss names them

enum class SocketOption : std::uint8_t { ReuseAddr, ReusePort, V6Only };
inline constexpr std::array allSocketOptions{SocketOption::ReuseAddr, SocketOption::ReusePort, SocketOption::V6Only};
QString socketOptionName(SocketOption option);   // "SO_REUSEADDR"
std::optional<SocketOption> socketOptionFromName(QStringView name);

// One socket, kept small: the model holds millions of them. Queues and listener state live
// beside it in the world, keyed by id, because most sockets never need them.
struct Socket {
    SocketId id = NoSocket;
    HostId host = 0;
    Pid owner = NoProcess;       // NoProcess once the descriptor is closed (TIME_WAIT, orphans)
    Uid uid = 0;                 // owning user, for SO_REUSEPORT's same-owner rule
    int fd = -1;
    Protocol protocol = Protocol::Tcp;
    Family family = Family::IPv4;
    SocketState state = SocketState::Closed;
    bool reuseAddr = false;
    bool reusePort = false;
    bool v6Only = false;
    bool bound = false;          // has a local port (explicitly or automatically)
    bool portLocked = false;     // the port was chosen by bind(), so it outlives a failed connect
    bool readShutdown = false;
    bool writeShutdown = false;
    bool peerFinished = false;   // FIN received: reads return end-of-file once data is consumed
    bool endOfStreamRead = false;   // the program has read that end-of-file
    bool wasReset = false;       // an RST ended the connection
    Errno pendingError = Errno::Ok;  // SO_ERROR: reported once by the next call
    QString pendingErrorCause;       // what caused it, when the call cannot tell by the errno alone
    int backlog = 0;
    SocketId listener = NoSocket;    // for a connection not yet accepted: its listening socket
    std::uint32_t sendNext = 0;
    std::uint32_t receiveNext = 0;
    std::uint32_t timeWaitSince = 0;  // virtual second TIME_WAIT began (tcp_tw_reuse waits 1 s)
    std::uint32_t timestampRecent = 0;   // the peer's last TCP timestamp, echoed back (RFC 7323)
    std::uint16_t ipIdentification = 0;  // a connected socket numbers its IPv4 packets itself
    Endpoint local;
    Endpoint remote;

    bool isConnectedUdp() const { return protocol == Protocol::Udp && state == SocketState::Established; }
    bool hasRemote() const { return state != SocketState::Closed && state != SocketState::Listen; }
};

} // namespace portlab
