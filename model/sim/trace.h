// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "envelope.h"
#include "net/demux.h"

#include <chrono>
#include <functional>
#include <optional>

namespace portlab {

using SimTime = std::chrono::microseconds;

QString formatSimTime(SimTime time);   // "12.345678s"

// Everything that happens in a world, in order. Views animate it, the runner prints it, pcap
// export will write it; nothing vanishes without one of these saying why.
enum class TraceKind : std::uint8_t {
    EnvelopeWrapped,    // a layer of the sender wrote its header around the envelope (envelope, layer)
    EnvelopeSent,       // left the sender (envelope)
    EnvelopeUnwrapped,  // a layer of the receiver read and removed its header (envelope, layer)
    EnvelopeDelivered,  // the transport layer handed it to a socket (envelope, decision)
    EnvelopeRejected,   // no socket wanted it; the kernel answers (RST, ICMP) or ignores it (decision)
    EnvelopeDropped,    // lost on the way or refused before demultiplexing (note says why)
    EnvelopeRewritten,  // NAT changed its addresses or ports (envelope after, note before → after and the rule)
    PortChosen,         // the kernel picked an ephemeral port (socket, note)
    StateChanged,       // a TCP state transition (socket, from, to)
    ConnectionQueued,   // a handshake completed; the connection waits in the accept queue
    ErrorQueued,        // an error will be reported by the socket's next call (socket)
    KnockHeard,         // knockd saw a knock (note: which step, and the rule it inserted at the last)
};

QString traceKindName(TraceKind kind);   // "sent", "delivered", …

struct TraceEvent {
    SimTime time{0};
    TraceKind kind = TraceKind::EnvelopeSent;
    HostId host = 0;
    SocketId socket = NoSocket;
    std::optional<Envelope> envelope;
    std::optional<DemuxDecision> decision;
    SocketState from = SocketState::Closed;
    SocketState to = SocketState::Closed;
    StackLayer layer = StackLayer::Link;
    QString note;
};

using TraceSink = std::function<void(const TraceEvent &)>;

} // namespace portlab
