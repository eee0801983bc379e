// SPDX-License-Identifier: GPL-3.0-or-later
#include "runner.h"

#include "sim/capture_export.h"
#include "sim/capture_replay.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace portlab {

QString printableBytes(const QByteArray &bytes)
{
    QString text;
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        switch (c) {
        case '\n': text += QStringLiteral("\\n"); break;
        case '\r': text += QStringLiteral("\\r"); break;
        case '\t': text += QStringLiteral("\\t"); break;
        case '\\': text += QStringLiteral("\\\\"); break;
        case '"': text += QStringLiteral("\\\""); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                text += QChar(static_cast<char16_t>(c));
            else
                text += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        }
    }
    return text;
}

namespace {

QString socketLabel(SocketId id, const Interpreter &interpreter)
{
    if (id == NoSocket)
        return {};
    const QString name = interpreter.socketName(id);
    return name.isEmpty() ? interpreter.world().describeSocket(id) : name;
}

QJsonValue endpointJson(const std::optional<Endpoint> &e)
{
    return e ? QJsonValue(e->toString()) : QJsonValue(QJsonValue::Null);
}

QJsonObject eventJson(const TraceEvent &event, const Interpreter &interpreter)
{
    const World &world = interpreter.world();
    QJsonObject o;
    o.insert(QStringLiteral("time_us"), static_cast<qint64>(event.time.count()));
    o.insert(QStringLiteral("kind"), traceKindName(event.kind));
    o.insert(QStringLiteral("host"), world.host(event.host).name());
    o.insert(QStringLiteral("socket"), event.socket == NoSocket ? QJsonValue(QJsonValue::Null) : QJsonValue(socketLabel(event.socket, interpreter)));
    if (event.envelope) {
        QJsonObject e;
        e.insert(QStringLiteral("id"), static_cast<qint64>(event.envelope->id));
        e.insert(QStringLiteral("type"), envelopeKindName(*event.envelope));
        e.insert(QStringLiteral("protocol"), event.envelope->kind == EnvelopeKind::IcmpPortUnreachable ? QStringLiteral("icmp")
                                                                                                        : protocolName(event.envelope->protocol()));
        e.insert(QStringLiteral("source"), event.envelope->source.toString());
        e.insert(QStringLiteral("destination"), event.envelope->destination.toString());
        if (event.envelope->kind == EnvelopeKind::TcpSegment)
            e.insert(QStringLiteral("flags"), tcpFlagsText(event.envelope->tcpFlags));
        if (event.envelope->kind == EnvelopeKind::IcmpPortUnreachable)
            e.insert(QStringLiteral("icmp_code"), event.envelope->icmpCode);
        e.insert(QStringLiteral("payload_bytes"), event.envelope->payload.size());
        o.insert(QStringLiteral("envelope"), e);
    }
    if (event.kind == TraceKind::EnvelopeWrapped || event.kind == TraceKind::EnvelopeUnwrapped) {
        o.insert(QStringLiteral("layer"), stackLayerName(event.layer));
        o.insert(QStringLiteral("bytes"), QString::fromLatin1(event.envelope->bytesAt(event.layer).toHex(' ')));
    }
    if (event.kind == TraceKind::StateChanged) {
        o.insert(QStringLiteral("from"), stateName(event.from));
        o.insert(QStringLiteral("to"), stateName(event.to));
    }
    if (event.decision) {
        QJsonObject d;
        d.insert(QStringLiteral("chosen"), event.decision->chosen == NoSocket ? QJsonValue(QJsonValue::Null)
                                                                            : QJsonValue(socketLabel(event.decision->chosen, interpreter)));
        if (event.decision->chosen != NoSocket)
            d.insert(QStringLiteral("reason"), demuxMatchText(event.decision->reason));
        QJsonArray considered;
        for (const DemuxCandidate &c : event.decision->considered) {
            QJsonObject row;
            row.insert(QStringLiteral("socket"), socketLabel(c.socket, interpreter));
            row.insert(QStringLiteral("match"), demuxMatchText(c.match));
            row.insert(QStringLiteral("score"), c.score);
            considered.append(row);
        }
        d.insert(QStringLiteral("considered"), considered);
        o.insert(QStringLiteral("decision"), d);
    }
    o.insert(QStringLiteral("summary"), describeEvent(event, interpreter));
    return o;
}

// The keys every line of --json output has, for a statement that ran and for an error alike.
QJsonObject statementJson(int line, const QString &statement, bool ok, Errno error, const QString &message,
                          const std::optional<Endpoint> &local, const std::optional<Endpoint> &remote)
{
    QJsonObject o;
    o.insert(QStringLiteral("line"), line);
    o.insert(QStringLiteral("statement"), statement);
    o.insert(QStringLiteral("ok"), ok);
    o.insert(QStringLiteral("errno"), error == Errno::Ok ? QJsonValue(QJsonValue::Null) : QJsonValue(errnoName(error)));
    o.insert(QStringLiteral("message"), message);
    o.insert(QStringLiteral("local"), endpointJson(local));
    o.insert(QStringLiteral("remote"), endpointJson(remote));
    o.insert(QStringLiteral("events"), QJsonArray());
    return o;
}

bool isLayerEvent(const TraceEvent &event)
{
    return event.kind == TraceKind::EnvelopeWrapped || event.kind == TraceKind::EnvelopeUnwrapped;
}

QJsonObject outcomeJson(const StatementOutcome &outcome, const Interpreter &interpreter, bool layers)
{
    QJsonObject o = statementJson(outcome.line, outcome.text, outcome.ok, outcome.error, outcome.message, outcome.local, outcome.remote);
    o.insert(QStringLiteral("time_us"), static_cast<qint64>(outcome.time.count()));
    if (outcome.isExpectation)
        o.insert(QStringLiteral("expectation"), true);
    if (!outcome.output.isEmpty())
        o.insert(QStringLiteral("output"), outcome.output);
    if (!outcome.background.empty()) {
        QJsonArray background;
        for (const BackgroundLine &line : outcome.background)
            background.append(QJsonObject{{QStringLiteral("process"), line.process}, {QStringLiteral("text"), line.text}});
        o.insert(QStringLiteral("background"), background);
    }
    QJsonArray events;
    for (const TraceEvent &event : outcome.events) {
        if (layers || !isLayerEvent(event))
            events.append(eventJson(event, interpreter));
    }
    o.insert(QStringLiteral("events"), events);
    return o;
}

QJsonObject diagnosticJson(const Diagnostic &d, const QStringList &lines)
{
    const QString statement = d.line >= 1 && d.line <= lines.size() ? lines[d.line - 1].trimmed() : QString();
    QJsonObject o = statementJson(d.line, statement, false, Errno::Ok, d.message, std::nullopt, std::nullopt);
    o.insert(QStringLiteral("column"), d.column);
    o.insert(QStringLiteral("file"), d.file);
    o.insert(QStringLiteral("hint"), d.hint);
    o.insert(QStringLiteral("error"), QStringLiteral("invalid scenario"));
    return o;
}

} // namespace

QString resultLine(const StatementOutcome &outcome)
{
    if (outcome.isExpectation)
        return (outcome.ok ? QStringLiteral("pass: ") : QStringLiteral("FAIL: ")) + outcome.message.section(QStringLiteral(": "), 1);
    if (!outcome.ok) {
        if (outcome.error == Errno::Ok)
            return outcome.message;
        return QStringLiteral("%1 (%2): %3").arg(errnoName(outcome.error), errnoDescription(outcome.error), outcome.message);
    }
    return outcome.message.isEmpty() ? QStringLiteral("ok") : QStringLiteral("ok: ") + outcome.message;
}

QStringList printedLines(const StatementOutcome &outcome)
{
    QStringList lines = outcome.output.isEmpty() ? QStringList{resultLine(outcome)} : outcome.output.split(u'\n');
    for (const BackgroundLine &line : outcome.background)
        lines << QStringLiteral("[%1] %2").arg(line.process, line.text);
    return lines;
}

QString describeEvent(const TraceEvent &event, const World &world, const std::function<QString(SocketId)> &socketLabel)
{
    const QString at = world.host(event.host).name();
    switch (event.kind) {
    case TraceKind::EnvelopeWrapped:
    case TraceKind::EnvelopeUnwrapped: {
        const Envelope &e = *event.envelope;
        const int headerLength = event.layer == StackLayer::Transport ? e.payloadOffset - e.transportOffset
            : event.layer == StackLayer::Network                      ? e.transportOffset - e.networkOffset
                                                                      : e.networkOffset;
        // "an 8-byte", "an 18-byte", "an 80-byte": the article follows the spoken number.
        const QString spoken = QString::number(headerLength);
        const bool vowelSound = spoken.startsWith(QLatin1Char('8')) || spoken == u"11" || spoken == u"18";
        return QStringLiteral("%1 %2 layer %3 %4 %5-byte header: %6 (%7 bytes)")
            .arg(at, stackLayerName(event.layer),
                 event.kind == TraceKind::EnvelopeWrapped ? QStringLiteral("writes") : QStringLiteral("reads and removes"),
                 vowelSound ? QStringLiteral("an") : QStringLiteral("a"))
            .arg(headerLength)
            .arg(envelopeSummary(e))
            .arg(e.bytesAt(event.layer).size());
    }
    case TraceKind::EnvelopeSent:
        return QStringLiteral("%1 sends %2").arg(at, envelopeSummary(*event.envelope));
    case TraceKind::EnvelopeDelivered: {
        QString text = QStringLiteral("%1 delivers %2").arg(at, envelopeSummary(*event.envelope));
        if (event.socket != NoSocket)
            text += QStringLiteral(" to %1").arg(socketLabel(event.socket));
        if (event.decision && event.decision->chosen != NoSocket)
            text += QStringLiteral(" (%1)").arg(demuxMatchText(event.decision->reason));
        if (!event.note.isEmpty())
            text += QStringLiteral(": ") + event.note;
        return text;
    }
    case TraceKind::EnvelopeRewritten:
        return QStringLiteral("%1 rewrites %2: %3").arg(at, envelopeSummary(*event.envelope), event.note);
    case TraceKind::EnvelopeForwarded:
        return QStringLiteral("%1 forwards %2: %3").arg(at, envelopeSummary(*event.envelope), event.note);
    case TraceKind::EnvelopeRejected:
    case TraceKind::EnvelopeDropped:
        return QStringLiteral("%1 %2 %3: %4").arg(at, event.kind == TraceKind::EnvelopeDropped ? QStringLiteral("drops") : QStringLiteral("rejects"),
                                                  envelopeSummary(*event.envelope), event.note);
    case TraceKind::StateChanged:
        return QStringLiteral("%1 %2: %3 → %4").arg(at, socketLabel(event.socket), stateName(event.from), stateName(event.to));
    case TraceKind::PortChosen:
    case TraceKind::ConnectionQueued:
    case TraceKind::ErrorQueued:
    case TraceKind::KnockHeard:
        return QStringLiteral("%1: %2").arg(at, event.note);
    }
    return {};
}

QString describeEvent(const TraceEvent &event, const Interpreter &interpreter)
{
    return describeEvent(event, interpreter.world(), [&interpreter](SocketId id) { return socketLabel(id, interpreter); });
}

PreparedScenario prepareScenario(const Interpreter &interpreter, QStringView source, const QString &fileName)
{
    ParsedScript script = parseScenario(source, fileName);
    PreparedScenario prepared{std::move(script.statements), std::move(script.errors)};
    auto nameErrors = interpreter.checkNames(prepared.statements, fileName);
    prepared.errors.insert(prepared.errors.end(), nameErrors.begin(), nameErrors.end());
    std::sort(prepared.errors.begin(), prepared.errors.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return prepared;
}

ScenarioRun runScenario(Interpreter &interpreter, QStringView source, const QString &fileName)
{
    ScenarioRun run;
    PreparedScenario prepared = prepareScenario(interpreter, source, fileName);
    if (!prepared.errors.empty()) {
        run.errors = std::move(prepared.errors);
        run.exitCode = ScenarioInvalid;
        return run;
    }
    for (const Statement &statement : prepared.statements)
        run.outcomes.push_back(interpreter.execute(statement));
    run.exitCode = interpreter.anyExpectationFailed() ? ExpectationFailed : RunSucceeded;
    return run;
}

std::optional<QString> readScenarioFile(const QString &path, QTextStream &err)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << QStringLiteral("%1: error: cannot read the scenario: %2\n").arg(path, file.errorString());
        return std::nullopt;
    }
    return QString::fromUtf8(file.readAll());
}

int runScenarioFile(const QString &path, const RunOptions &options, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> read = readScenarioFile(path, err);
    if (!read)
        return ScenarioInvalid;
    const QString &source = *read;
    const QStringList lines = source.split(u'\n');
    World world;
    Interpreter interpreter(world);
    const ScenarioRun run = runScenario(interpreter, source, path);

    if (!run.errors.empty()) {
        for (const Diagnostic &d : run.errors) {
            if (options.json)
                out << QString::fromUtf8(QJsonDocument(diagnosticJson(d, lines)).toJson(QJsonDocument::Compact)) << '\n';
            else
                out << d.toString() << '\n';
        }
        if (!options.json)
            out << QStringLiteral("%1 error(s); nothing was run\n").arg(run.errors.size());
        return run.exitCode;
    }

    const int width = static_cast<int>(QString::number(lines.size()).size());
    const QString indent(width + 2, u' ');
    int passed = 0;
    int failed = 0;
    for (const StatementOutcome &outcome : run.outcomes) {
        if (outcome.isExpectation)
            (outcome.ok ? passed : failed) += 1;
        if (options.json) {
            out << QString::fromUtf8(QJsonDocument(outcomeJson(outcome, interpreter, options.layers)).toJson(QJsonDocument::Compact)) << '\n';
            continue;
        }
        out << QStringLiteral("%1  %2\n").arg(outcome.line, width).arg(outcome.text);
        for (const QString &line : printedLines(outcome))
            out << indent << line << '\n';
        if (options.events) {
            for (const TraceEvent &event : outcome.events) {
                if (!options.layers && isLayerEvent(event))
                    continue;
                out << indent << QStringLiteral("  %1  %2\n").arg(formatSimTime(event.time), describeEvent(event, interpreter));
                if (options.layers && isLayerEvent(event))
                    out << indent << QStringLiteral("      %1\n").arg(QString::fromLatin1(event.envelope->bytesAt(event.layer).toHex(' ')));
            }
        }
    }
    if (!options.json)
        out << QStringLiteral("expectations: %1 passed, %2 failed\n").arg(passed).arg(failed);
    if (!options.capturePath.isEmpty()) {
        std::vector<TraceEvent> events;
        for (const StatementOutcome &outcome : run.outcomes)
            events.insert(events.end(), outcome.events.begin(), outcome.events.end());
        if (const auto problem = writeCaptureFile(options.capturePath, events)) {
            err << QStringLiteral("%1: error: %2\n").arg(path, *problem);
            return OutputFailed;
        }
    }
    return run.exitCode;
}

int printCaptureReplay(const QString &path, QTextStream &out, QTextStream &err)
{
    const wire::CaptureContents capture = wire::readCaptureFile(path);
    if (capture.records.empty() && capture.error) {
        err << QStringLiteral("%1: error: %2\n  hint: %3\n").arg(path, capture.error->message, capture.error->hint);
        return ScenarioInvalid;
    }
    const CaptureReplay replay = replayCapture(capture);
    const World &world = *replay.world;
    out << QStringLiteral("%1: %2 frames (%3)\n").arg(path).arg(replay.frames.size())
               .arg(capture.nextGeneration ? QStringLiteral("pcapng") : QStringLiteral("pcap"));
    for (const QString &note : replay.notes)
        out << QStringLiteral("  %1\n").arg(note);
    for (HostId id = 0; id < world.hostCount(); ++id) {
        const Host &h = world.host(id);
        QStringList addresses;
        for (const IpAddress &address : h.addresses())
            addresses << address.toString();
        out << QStringLiteral("host %1%2\n").arg(h.name(), addresses.isEmpty() ? QString() : QStringLiteral(" ") + addresses.join(u' '));
        for (const SocketId socket : world.socketsOf(id))
            out << QStringLiteral("  %1 %2\n").arg(world.describeSocket(socket), ssStateName(world.socketAt(socket).state));
    }
    const auto label = [&world](SocketId id) { return world.describeSocket(id); };
    const int width = static_cast<int>(QString::number(replay.frames.size()).size()) + 1;
    const QString indent(width + 2 + 9 + 2, u' ');
    std::size_t next = 0;
    for (const ReplayedFrame &frame : replay.frames) {
        out << QStringLiteral("%1  %2  ").arg(QStringLiteral("#%1").arg(frame.recordIndex), -width).arg(formatSimTime(frame.time));
        if (!frame.envelope) {
            out << frame.summary << '\n';
            continue;
        }
        bool first = true;
        while (next < replay.events.size() && replay.events[next].envelope && replay.events[next].envelope->id == frame.recordIndex) {
            out << (first ? QString() : indent) << describeEvent(replay.events[next], world, label) << '\n';
            first = false;
            ++next;
        }
        if (first)
            out << frame.summary << '\n';
    }
    if (capture.error) {
        err << QStringLiteral("%1: error: %2\n  hint: %3\n").arg(path, capture.error->message, capture.error->hint);
        return ScenarioInvalid;
    }
    return RunSucceeded;
}

} // namespace portlab
