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
    EnvelopeForwarded,  // not for this host: it routes the envelope on (note: where, and what changed); the copy
                        // that leaves is a new envelope
};

QString traceKindName(TraceKind kind);   // "sent", "delivered", …

// What a PortChosen event chose, and for which call: the rule differs. connect() on TCP
// (Linux __inet_hash_connect) starts where a hash of the destination says and prefers the
// range's low parity (even ports); bind() to port 0 and listen() on an unbound socket
// (inet_csk_find_open_port) start at random and prefer the other parity; a UDP socket's port
// (bound at its first use, or by bind() to port 0) is drawn at random, with no parity.
enum class PortChoiceCall : std::uint8_t { Connect, BindZero, Listen, FirstUse };

struct PortChoice {
    PortChoiceCall call = PortChoiceCall::Connect;
    Protocol protocol = Protocol::Tcp;
    std::uint16_t port = 0;
    Endpoint destination;   // connect()'s; unset for the others
};

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
    std::optional<PortChoice> portChoice;   // PortChosen
    QString note;
};

using TraceSink = std::function<void(const TraceEvent &)>;

} // namespace portlab
