// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "world_snapshot.h"
#include "script/interpreter.h"

#include <QHash>

#include <memory>

namespace portlab {

// A run of a scenario recorded step by step, so the stage can show any moment of it, forwards
// or backwards, and always the same: each step is one thing that happened (a statement called,
// a statement returned, or one trace event), with the world as it stood right after it.
enum class StepKind : std::uint8_t {
    Call,     // a statement starts (and, if it caused nothing on the network, its result)
    Return,   // the result of a statement that caused events, after them
    Event,    // one trace event
};

struct PlaybackStep {
    StepKind kind = StepKind::Call;
    SimTime time{0};
    std::size_t statement = 0;     // index into Playback::outcomes
    std::optional<TraceEvent> event;
    std::shared_ptr<const WorldSnapshot> world;   // after this step; shared while unchanged
    QString summary;               // one line: the statement, its result, or the event
};

// Where an envelope is, at one step.
enum class EnvelopePlace : std::uint8_t {
    Stack,      // inside a host's stack, at `layer` (going down the sender's, or up the receiver's)
    Wire,       // on the link between fromHost and toHost
    Door,       // handed to `socket` by the receiver's transport layer (this step only)
    Bounced,    // no socket took it; the kernel answers or ignores it (this step only)
    Dropped,    // lost: refused before demultiplexing, or no neighbour (this step only)
    Forwarded,  // not for this host, which routes it on as a new envelope (this step only)
};

struct EnvelopeState {
    std::uint64_t id = 0;          // with toHost, names one copy (multicast fans one id out)
    HostId fromHost = 0;
    HostId toHost = 0;
    HostId at = 0;                 // the host it is in now (fromHost or toHost)
    EnvelopePlace place = EnvelopePlace::Stack;
    StackLayer layer = StackLayer::Transport;
    bool goingDown = true;
    SocketId socket = NoSocket;    // Door: the socket it reached
    QString note;                  // Bounced, Dropped: why, in words
    const Envelope *envelope = nullptr;   // points into the step's event; valid with the Playback
};

struct Playback {
    QString fileName;
    QString source;
    std::vector<Diagnostic> errors;           // the script did not parse or name-check: nothing ran
    std::vector<StatementOutcome> outcomes;   // events are moved out into the steps
    std::vector<PlaybackStep> steps;
    std::shared_ptr<const WorldSnapshot> initialWorld;   // before the first step
    std::shared_ptr<const World> world;       // as it ends (none for a capture)
    QHash<SocketId, QString> socketNames;     // as it ends: what the scenario calls each socket ("nginx.s")
    bool truncated = false;                   // stopped after maxSteps; the rest did not run

    std::size_t size() const { return steps.size(); }
    // The world after `step`; step -1 is the start, before anything ran.
    const WorldSnapshot &worldAt(int step) const;
    // The envelopes on the stage after `step`: those on their way, and those that reached a
    // door, bounced or dropped at this very step. Computed by replaying the steps up to it.
    std::vector<EnvelopeState> envelopesAt(int step) const;
};

struct CaptureReplay;

// Runs a scenario, recording every step. At most maxSteps steps are kept; a longer run stops
// there (truncated), since a million connections are a job for the transcript, not the stage.
Playback recordPlayback(const QString &source, const QString &fileName, std::size_t maxSteps = 5000);
// The same for statements already parsed, each keeping its own line (a lesson's, from its blocks).
Playback recordPlayback(std::vector<Statement> statements, const QString &fileName, std::size_t maxSteps = 5000);

// A capture replayed as steps: each packet leaving its sender, then delivered or rejected by
// the receiver's transport layer. The hosts, processes and sockets are inferred from the whole
// capture, so every step shows the same world: the replay's, as it ends.
Playback playbackOfCapture(const CaptureReplay &replay, const QString &fileName, std::size_t maxSteps = 5000);

} // namespace portlab
