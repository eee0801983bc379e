// SPDX-License-Identifier: GPL-3.0-or-later
#include "socket.h"

namespace portlab {

QString protocolName(Protocol protocol)
{
    return protocol == Protocol::Tcp ? QStringLiteral("tcp") : QStringLiteral("udp");
}

QString stateName(SocketState state)
{
    switch (state) {
    case SocketState::Closed: return QStringLiteral("CLOSED");
    case SocketState::Listen: return QStringLiteral("LISTEN");
    case SocketState::SynSent: return QStringLiteral("SYN_SENT");
    case SocketState::SynReceived: return QStringLiteral("SYN_RECV");
    case SocketState::Established: return QStringLiteral("ESTABLISHED");
    case SocketState::FinWait1: return QStringLiteral("FIN_WAIT1");
    case SocketState::FinWait2: return QStringLiteral("FIN_WAIT2");
    case SocketState::CloseWait: return QStringLiteral("CLOSE_WAIT");
    case SocketState::Closing: return QStringLiteral("CLOSING");
    case SocketState::LastAck: return QStringLiteral("LAST_ACK");
    case SocketState::TimeWait: return QStringLiteral("TIME_WAIT");
    }
    return {};
}

QString ssStateName(SocketState state)
{
    switch (state) {
    // iproute2 names the kernel's TCP_CLOSE state UNCONN whatever the protocol: a UDP socket,
    // or a TCP socket that is bound but neither listening nor connected.
    case SocketState::Closed: return QStringLiteral("UNCONN");
    case SocketState::Listen: return QStringLiteral("LISTEN");
    case SocketState::SynSent: return QStringLiteral("SYN-SENT");
    case SocketState::SynReceived: return QStringLiteral("SYN-RECV");
    case SocketState::Established: return QStringLiteral("ESTAB");
    case SocketState::FinWait1: return QStringLiteral("FIN-WAIT-1");
    case SocketState::FinWait2: return QStringLiteral("FIN-WAIT-2");
    case SocketState::CloseWait: return QStringLiteral("CLOSE-WAIT");
    case SocketState::Closing: return QStringLiteral("CLOSING");
    case SocketState::LastAck: return QStringLiteral("LAST-ACK");
    case SocketState::TimeWait: return QStringLiteral("TIME-WAIT");
    }
    return {};
}

QString socketOptionName(SocketOption option)
{
    switch (option) {
    case SocketOption::ReuseAddr: return QStringLiteral("SO_REUSEADDR");
    case SocketOption::ReusePort: return QStringLiteral("SO_REUSEPORT");
    case SocketOption::V6Only: return QStringLiteral("IPV6_V6ONLY");
    }
    return {};
}

std::optional<SocketOption> socketOptionFromName(QStringView name)
{
    for (const SocketOption option : allSocketOptions) {
        if (name == socketOptionName(option))
            return option;
    }
    return std::nullopt;
}

} // namespace portlab
