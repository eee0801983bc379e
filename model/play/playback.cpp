// SPDX-License-Identifier: GPL-3.0-or-later
#include "playback.h"

#include "script/runner.h"
#include "sim/capture_replay.h"

#include <map>

namespace portlab {

namespace {

// "connect returned 0: local 192.168.1.10:51234" / "bind failed: EADDRINUSE — nginx holds …"
QString resultText(const StatementOutcome &outcome)
{
    if (outcome.isExpectation)
        return (outcome.ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + outcome.text + QStringLiteral(" — ") + outcome.message;
    QString text = outcome.text;
    if (!outcome.ok)
        return text + QStringLiteral(" → %1: %2").arg(errnoName(outcome.error), outcome.message);
    if (!outcome.message.isEmpty())
        text += QStringLiteral(" → ") + outcome.message;
    return text;
}

// The receiver's stack is done with the envelope at `layer`: delivered, bounced or routed on.
void endsUpTheStack(EnvelopeState &state, EnvelopePlace place, StackLayer layer, const QString &why)
{
    state.place = place;
    state.layer = layer;
    state.goingDown = false;
    state.note = why;
}

} // namespace

const WorldSnapshot &Playback::worldAt(int step) const
{
    if (step < 0 || steps.empty())
        return *initialWorld;
    return *steps[std::min(static_cast<std::size_t>(step), steps.size() - 1)].world;
}

std::vector<EnvelopeState> Playback::envelopesAt(int step) const
{
    using Key = std::pair<std::uint64_t, HostId>;
    std::map<Key, EnvelopeState> onStage;
    std::map<std::uint64_t, EnvelopeState> leftSender;   // as it went on the wire, for every copy
    const int last = std::min(step, static_cast<int>(steps.size()) - 1);
    for (int i = 0; i <= last; ++i) {
        // What reached a door, bounced or dropped stays on the stage for its own step only.
        std::erase_if(onStage, [](const auto &entry) { return entry.second.place >= EnvelopePlace::Door; });
        const PlaybackStep &s = steps[static_cast<std::size_t>(i)];
        if (!s.event || !s.event->envelope)
            continue;
        const TraceEvent &event = *s.event;
        const Envelope &envelope = *event.envelope;
        const Key key{envelope.id, envelope.toHost};
        auto found = onStage.find(key);
        if (found == onStage.end()) {
            // A copy of a datagram sent to a group arrives under its own receiver.
            const auto sent = leftSender.find(envelope.id);
            EnvelopeState fresh = sent != leftSender.end() ? sent->second : EnvelopeState{};
            fresh.id = envelope.id;
            fresh.fromHost = envelope.fromHost;
            fresh.toHost = envelope.toHost;
            found = onStage.emplace(key, fresh).first;
        }
        EnvelopeState &state = found->second;
        state.envelope = &envelope;
        state.at = event.host;
        switch (event.kind) {
        case TraceKind::EnvelopeWrapped:
            state.place = EnvelopePlace::Stack;
            state.layer = event.layer;
            state.goingDown = true;
            break;
        case TraceKind::EnvelopeSent:
            state.place = EnvelopePlace::Wire;
            state.layer = StackLayer::Link;
            state.goingDown = true;
            leftSender[envelope.id] = state;
            break;
        case TraceKind::EnvelopeUnwrapped:
            state.place = EnvelopePlace::Stack;
            state.layer = event.layer;
            state.goingDown = false;
            break;
        case TraceKind::EnvelopeDelivered:
            endsUpTheStack(state, EnvelopePlace::Door, StackLayer::Transport, event.note);
            state.socket = event.socket;
            break;
        case TraceKind::EnvelopeRejected:
            endsUpTheStack(state, EnvelopePlace::Bounced, StackLayer::Transport, event.note);
            break;
        case TraceKind::EnvelopeRewritten:
            state.place = EnvelopePlace::Stack;
            state.layer = StackLayer::Network;
            state.goingDown = event.host == envelope.fromHost;
            break;
        case TraceKind::EnvelopeDropped:
            state.place = EnvelopePlace::Dropped;
            state.layer = event.layer;
            state.note = event.note;
            break;
        case TraceKind::EnvelopeForwarded:
            endsUpTheStack(state, EnvelopePlace::Forwarded, StackLayer::Network, event.note);
            break;
        default:
            break;
        }
    }
    std::vector<EnvelopeState> result;
    result.reserve(onStage.size());
    for (auto &[key, state] : onStage)
        result.push_back(std::move(state));
    return result;
}

namespace {

// `errors` are the parser's; the names are checked here, and any error stops the run before it starts.
Playback recordStatements(PreparedScenario prepared, const QString &source, const QString &fileName, std::size_t maxSteps)
{
    Playback playback;
    playback.fileName = fileName;
    playback.source = source;
    auto world = std::make_shared<World>();
    playback.world = world;
    Interpreter interpreter(*world);
    std::vector<Diagnostic> nameErrors = interpreter.checkNames(prepared.statements, fileName);
    prepared.errors.insert(prepared.errors.end(), nameErrors.begin(), nameErrors.end());
    playback.initialWorld = std::make_shared<const WorldSnapshot>(snapshotWorld(*world));
    if (!prepared.errors.empty()) {
        std::stable_sort(prepared.errors.begin(), prepared.errors.end(), [](const Diagnostic &a, const Diagnostic &b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        playback.errors = std::move(prepared.errors);
        return playback;
    }

    // Most steps leave every socket as it was: those share the snapshot before them.
    std::shared_ptr<const WorldSnapshot> latest = playback.initialWorld;
    auto snapshot = [&latest, &world] {
        WorldSnapshot now = snapshotWorld(*world);
        if (now != *latest)
            latest = std::make_shared<const WorldSnapshot>(std::move(now));
        return latest;
    };
    auto full = [&playback, maxSteps] { return playback.steps.size() >= maxSteps; };

    std::size_t statement = 0;
    interpreter.setEventObserver([&](const TraceEvent &event) {
        if (full()) {
            playback.truncated = true;
            return;
        }
        playback.steps.push_back({StepKind::Event, event.time, statement, event, snapshot(), describeEvent(event, interpreter)});
    });
    for (const Statement &s : prepared.statements) {
        if (full()) {
            playback.truncated = true;
            break;
        }
        statement = playback.outcomes.size();
        const std::size_t call = playback.steps.size();
        playback.steps.push_back({StepKind::Call, world->now(), statement, std::nullopt, latest, s.text});
        StatementOutcome outcome = interpreter.execute(s);
        outcome.events.clear();   // they are the steps
        if (playback.steps.size() == call + 1) {
            // Nothing happened on the network: the call shows its result at once.
            PlaybackStep &only = playback.steps[call];
            only.time = outcome.time;
            only.world = snapshot();
            only.summary = resultText(outcome);
        } else if (!full()) {
            playback.steps.push_back({StepKind::Return, outcome.time, statement, std::nullopt, snapshot(), resultText(outcome)});
        }
        playback.outcomes.push_back(std::move(outcome));
    }
    interpreter.setEventObserver({});
    for (const Socket &socket : world->sockets()) {
        if (QString name = interpreter.socketName(socket.id); !name.isEmpty())
            playback.socketNames.insert(socket.id, std::move(name));
    }
    return playback;
}

} // namespace

Playback recordPlayback(const QString &source, const QString &fileName, std::size_t maxSteps)
{
    ParsedScript script = parseScenario(source, fileName);
    return recordStatements({std::move(script.statements), std::move(script.errors)}, source, fileName, maxSteps);
}

Playback recordPlayback(std::vector<Statement> statements, const QString &fileName, std::size_t maxSteps)
{
    QStringList lines;
    for (const Statement &statement : statements)
        lines.append(statement.text);
    const QString source = lines.join(QLatin1Char('\n'));
    return recordStatements({std::move(statements), {}}, source, fileName, maxSteps);
}

Playback playbackOfCapture(const CaptureReplay &replay, const QString &fileName, std::size_t maxSteps)
{
    Playback playback;
    playback.fileName = fileName;
    const World &world = *replay.world;
    playback.initialWorld = std::make_shared<const WorldSnapshot>(snapshotWorld(world));
    // One statement stands for the whole file: what a student would type to see it.
    StatementOutcome opened;
    opened.text = QStringLiteral("open %1").arg(fileName);
    opened.message = replay.notes.join(u' ');
    playback.outcomes.push_back(std::move(opened));
    const auto label = [&world](SocketId id) { return world.describeSocket(id); };
    for (const TraceEvent &event : replay.events) {
        if (playback.steps.size() >= maxSteps) {
            playback.truncated = true;
            break;
        }
        playback.steps.push_back({StepKind::Event, event.time, 0, event, playback.initialWorld, describeEvent(event, world, label)});
    }
    return playback;
}

} // namespace portlab
