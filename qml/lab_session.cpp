// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab_session.h"

#include "script/runner.h"
#include "sim/capture_export.h"
#include "sim/capture_replay.h"
#include "sim/world.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>

#include <algorithm>

namespace portlab {

namespace {

QString protocolOf(const std::optional<Envelope> &envelope)
{
    if (!envelope)
        return QStringLiteral("other");
    switch (envelope->kind) {
    case EnvelopeKind::TcpSegment: return QStringLiteral("tcp");
    case EnvelopeKind::UdpDatagram: return QStringLiteral("udp");
    case EnvelopeKind::IcmpPortUnreachable: return QStringLiteral("icmp");
    }
    return QStringLiteral("other");
}

// One line of the packet list: what the envelope is first, so a narrow panel still shows it.
QString packetLine(const Envelope &e)
{
    QString line = envelopeKindName(e) + QStringLiteral("  ");
    if (e.kind == EnvelopeKind::IcmpPortUnreachable)
        line += e.source.address.toString() + QStringLiteral(" → ") + e.destination.address.toString()
            + QStringLiteral(" about udp ") + e.quotedDestination.toString();
    else
        line += e.source.toString() + QStringLiteral(" → ") + e.destination.toString();
    if (e.kind != EnvelopeKind::IcmpPortUnreachable && !e.payload.isEmpty())
        line += QStringLiteral(", %1 bytes").arg(e.payload.size());
    return line;
}

// What the receiving host did with envelope `id`: the first delivery, rejection or drop that
// names it, in words.
QString outcomeOf(std::uint64_t id, const std::vector<const TraceEvent *> &events, const std::function<QString(SocketId)> &describeSocket)
{
    for (const TraceEvent *e : events) {
        if (!e->envelope || e->envelope->id != id)
            continue;
        switch (e->kind) {
        case TraceKind::EnvelopeDelivered:
            return e->socket == NoSocket ? e->note : QStringLiteral("→ %1").arg(describeSocket(e->socket));
        case TraceKind::EnvelopeRejected:
        case TraceKind::EnvelopeDropped:
        case TraceKind::EnvelopeForwarded:
            return e->note;
        default:
            break;
        }
    }
    return {};
}

// A simulation's packets: every frame that left a host, in order, each with its step.
std::vector<PacketListModel::Row> packetRowsOf(const Playback &playback)
{
    const WorldSnapshot &world = playback.worldAt(static_cast<int>(playback.size()) - 1);
    std::vector<const TraceEvent *> events;
    for (const PlaybackStep &step : playback.steps) {
        if (step.event)
            events.push_back(&*step.event);
    }
    const auto describeSocket = [&world](SocketId id) {
        const SocketSnapshot *socket = findSocket(world, id);
        return socket ? socket->description : QString();
    };
    std::vector<PacketListModel::Row> rows;
    for (std::size_t i = 0; i < playback.size(); ++i) {
        const PlaybackStep &step = playback.steps[i];
        if (!step.event || step.event->kind != TraceKind::EnvelopeSent || !step.event->envelope)
            continue;
        PacketListModel::Row row;
        row.number = static_cast<int>(rows.size()) + 1;
        row.time = step.time;
        row.summary = packetLine(*step.event->envelope);
        row.outcome = outcomeOf(step.event->envelope->id, events, describeSocket);
        row.protocol = protocolOf(step.event->envelope);
        row.bytes = step.event->envelope->frame;
        row.step = static_cast<int>(i);
        row.envelopeId = step.event->envelope->id;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

// --- packet list -----------------------------------------------------------------------------

PacketListModel::PacketListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void PacketListModel::reset(std::vector<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged();
}

const PacketListModel::Row *PacketListModel::row(int index) const
{
    return index >= 0 && index < count() ? &m_rows[static_cast<std::size_t>(index)] : nullptr;
}

int PacketListModel::rowOfEnvelope(std::uint64_t id) const
{
    const auto found = std::find_if(m_rows.begin(), m_rows.end(), [id](const Row &r) { return r.envelopeId == id; });
    return id == 0 || found == m_rows.end() ? -1 : static_cast<int>(found - m_rows.begin());
}

int PacketListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant PacketListModel::data(const QModelIndex &index, int role) const
{
    const Row *r = row(index.row());
    if (!r || !index.isValid())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case SummaryRole: return r->summary;
    case NumberRole: return r->number;
    case TimeRole: return formatSimTime(r->time);
    case OutcomeRole: return r->outcome;
    case ProtocolRole: return r->protocol;
    default: return {};
    }
}

QHash<int, QByteArray> PacketListModel::roleNames() const
{
    return {{NumberRole, "number"}, {TimeRole, "time"}, {SummaryRole, "summary"}, {OutcomeRole, "outcome"}, {ProtocolRole, "protocol"}};
}

// --- session ---------------------------------------------------------------------------------

LabSession::LabSession(QObject *parent)
    : QObject(parent)
{
    connect(&m_player, &StagePlayer::stepChanged, this, &LabSession::followStep);
}

LabSession::~LabSession() = default;

bool LabSession::showScenario(const QString &source, const QString &fileName)
{
    if (!m_player.load(source, fileName)) {
        setError(m_player.errorText());
        return false;
    }
    showPlayback(QFileInfo(fileName).fileName(), source, {}, packetRowsOf(*m_player.playback()));
    m_player.toEnd();
    // Said where it is seen: a run cut short must not pass for the whole of it.
    if (m_player.truncated())
        setError(tr("%1: the stage shows the first %2 steps; the statements after them did not run here. "
                    "`portlab run %1` runs and prints the whole scenario.")
                     .arg(QFileInfo(fileName).fileName()).arg(m_player.stepCount()));
    else
        clearError();
    return true;
}

void LabSession::showRecording(Playback playback, const QString &title, int startStep, bool play)
{
    const QString source = playback.source;
    m_player.show(std::move(playback), title);
    showPlayback(title, source, {}, packetRowsOf(*m_player.playback()));
    m_player.jumpTo(startStep);
    m_player.setPlaying(play);
    clearError();
}

void LabSession::showRecordingFrom(Playback playback, const QString &title, std::size_t firstNew)
{
    const auto first = std::find_if(playback.steps.begin(), playback.steps.end(), [firstNew](const PlaybackStep &step) { return step.statement >= firstNew; });
    const int last = static_cast<int>(playback.size()) - 1;
    const int start = first == playback.steps.end() ? last : static_cast<int>(first - playback.steps.begin()) - 1;
    showRecording(std::move(playback), title, start, start < last);
}

bool LabSession::exportScreenshot(QQuickWindow *window, const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const QImage image = window ? window->grabWindow() : QImage();
    if (image.isNull()) {
        setError(tr("%1: the window could not be captured.").arg(path));
        return false;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit()) {
        setError(tr("%1: the screenshot could not be written: %2").arg(path, out.errorString()));
        return false;
    }
    clearError();
    return true;
}

void LabSession::showExample()
{
    showScenario(StagePlayer::exampleSource(), QStringLiteral("example.portlab"));
}

bool LabSession::openScenario(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        setError(tr("%1: cannot read the scenario: %2").arg(path, in.errorString()));
        return false;
    }
    return showScenario(QString::fromUtf8(in.readAll()), path);
}

void LabSession::showPlayback(QString title, QString scenarioSource, QStringList notes, std::vector<PacketListModel::Row> packets)
{
    m_personalityNote.clear();
    if (!scenarioSource.isEmpty()) {
        const Playback &playback = *m_player.playback();
        QStringList otherRules;
        for (const HostSnapshot &host : playback.worldAt(static_cast<int>(playback.size()) - 1)) {
            if (host.personality != Personality::forLinux().displayName)
                otherRules << QStringLiteral("%1 (%2)").arg(host.name, host.personality);
        }
        if (!otherRules.isEmpty())
            m_personalityNote = tr("This computer's kernel is Linux, and answers with Linux's rules: where %1 would answer otherwise, "
                                   "the two columns differ for that reason alone.").arg(otherRules.join(QStringLiteral(", ")));
    }
    m_scenarioSource = std::move(scenarioSource);
    m_canExport = !m_scenarioSource.isEmpty();
    m_packets.reset(std::move(packets));
    m_title = std::move(title);
    m_notes = notes.join(u'\n');
    m_selectedPacket = -1;
    m_inspector.clear();
    Q_EMIT sessionChanged();
    Q_EMIT selectedPacketChanged();
}

void LabSession::followStep()
{
    const Envelope *envelope = m_player.currentEnvelope();
    const int row = envelope ? m_packets.rowOfEnvelope(envelope->id) : -1;
    if (row >= 0 && row != m_selectedPacket)
        showPacket(row);
}

bool LabSession::openCapture(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const QString name = QFileInfo(path).fileName();
    const wire::CaptureContents capture = wire::readCaptureFile(path);
    if (capture.records.empty()) {
        setError(capture.error ? QStringLiteral("%1: %2\n%3").arg(name, capture.error->message, capture.error->hint)
                               : tr("%1 holds no packets.").arg(name));
        return false;
    }
    const CaptureReplay replay = replayCapture(capture);
    m_player.show(playbackOfCapture(replay, name), name);
    // The packet list of a capture is its records, every one, those the model does not read too.
    std::vector<const TraceEvent *> events;
    for (const TraceEvent &event : replay.events)
        events.push_back(&event);
    const auto describeSocket = [&replay](SocketId id) { return replay.world->describeSocket(id); };
    std::vector<PacketListModel::Row> rows;
    std::size_t sentStep = 0;
    for (const ReplayedFrame &frame : replay.frames) {
        PacketListModel::Row row;
        row.number = static_cast<int>(frame.recordIndex);
        row.time = frame.time;
        row.summary = frame.envelope ? packetLine(*frame.envelope) : frame.summary;
        row.outcome = frame.envelope ? outcomeOf(frame.envelope->id, events, describeSocket) : QString();
        row.protocol = protocolOf(frame.envelope);
        row.bytes = frame.bytes;
        row.networkOffset = frame.networkOffset;
        row.ethernet = frame.ethernet;
        if (frame.envelope) {
            row.envelopeId = frame.envelope->id;
            while (sentStep < replay.events.size()
                   && !(replay.events[sentStep].kind == TraceKind::EnvelopeSent && replay.events[sentStep].envelope->id == frame.envelope->id))
                ++sentStep;
            if (sentStep < replay.events.size() && sentStep < m_player.playback()->size())
                row.step = static_cast<int>(sentStep);
        }
        rows.push_back(std::move(row));
    }
    showPlayback(name, {}, replay.notes, std::move(rows));
    m_player.toEnd();
    // A capture cut short still shows what it holds, and says where it ends.
    if (capture.error)
        setError(QStringLiteral("%1: %2\n%3").arg(name, capture.error->message, capture.error->hint));
    else if (m_player.truncated())
        setError(tr("%1: the stage plays the first %2 steps; every packet is in the packet list.").arg(name).arg(m_player.stepCount()));
    else
        clearError();
    return true;
}

bool LabSession::exportCapture(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    std::vector<TraceEvent> sent;
    if (const Playback *playback = m_player.playback()) {
        for (const PlaybackStep &step : playback->steps) {
            if (step.event && step.event->kind == TraceKind::EnvelopeSent)
                sent.push_back(*step.event);
        }
    }
    if (const auto problem = writeCaptureFile(path, sent)) {
        setError(*problem);
        return false;
    }
    clearError();
    return true;
}

void LabSession::selectPacket(int row)
{
    showPacket(row);
    // Choosing a packet moves the stage to the moment it leaves its sender.
    if (const PacketListModel::Row *r = m_packets.row(row); r && r->step >= 0)
        m_player.jumpTo(r->step);
}

void LabSession::showPacket(int row)
{
    const PacketListModel::Row *r = m_packets.row(row);
    m_selectedPacket = r ? row : -1;
    if (!r)
        m_inspector.clear();
    else if (r->ethernet)
        m_inspector.showFrame(r->bytes);
    else
        m_inspector.showCapturedPacket(r->bytes, r->networkOffset);
    Q_EMIT selectedPacketChanged();
}

void LabSession::runOnKernel()
{
    if (canRunOnKernel())
        m_comparison.compare(m_scenarioSource, m_title);
}

void LabSession::clearError()
{
    setError({});
}

void LabSession::setError(const QString &text)
{
    if (text == m_errorText)
        return;
    m_errorText = text;
    Q_EMIT errorTextChanged();
}

} // namespace portlab
