// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab_session.h"

#include "example_scene.h"
#include "script/runner.h"
#include "sim/capture_export.h"
#include "sim/capture_replay.h"
#include "sim/world.h"

#include <QFileInfo>

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
QString outcomeOf(std::uint64_t id, const std::vector<TraceEvent> &events, const World &world)
{
    for (const TraceEvent &e : events) {
        if (!e.envelope || e.envelope->id != id)
            continue;
        switch (e.kind) {
        case TraceKind::EnvelopeDelivered:
            return e.socket == NoSocket ? e.note : QStringLiteral("→ %1").arg(world.describeSocket(e.socket));
        case TraceKind::EnvelopeRejected:
        case TraceKind::EnvelopeDropped:
            return e.note;
        default:
            break;
        }
    }
    return {};
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
}

LabSession::~LabSession() = default;

void LabSession::showSimulation(std::shared_ptr<const World> world, const std::vector<TraceEvent> &events, const QString &title,
                                const QString &scenarioSource)
{
    QStringList otherRules;
    for (HostId id = 0; id < world->hostCount(); ++id) {
        const Personality &personality = world->host(id).personality();
        if (personality.name != Personality::forLinux().name)
            otherRules << QStringLiteral("%1 (%2)").arg(world->host(id).name(), personality.displayName);
    }
    m_personalityNote = otherRules.isEmpty()
        ? QString()
        : QStringLiteral("This computer's kernel is Linux, and answers with Linux's rules: where %1 would answer otherwise, "
                         "the two columns differ for that reason alone.").arg(otherRules.join(QStringLiteral(", ")));
    m_scenarioSource = scenarioSource;
    std::vector<PacketListModel::Row> rows;
    for (const TraceEvent &e : events) {
        if (e.kind != TraceKind::EnvelopeSent || !e.envelope)
            continue;
        PacketListModel::Row row;
        row.number = static_cast<int>(rows.size()) + 1;
        row.time = e.time;
        row.summary = packetLine(*e.envelope);
        row.outcome = outcomeOf(e.envelope->id, events, *world);
        row.protocol = protocolOf(e.envelope);
        row.bytes = e.envelope->frame;
        rows.push_back(std::move(row));
    }
    m_events = events;
    m_scene.setWorld(world.get());
    m_packets.reset(std::move(rows));
    m_title = title;
    m_notes.clear();
    m_selectedPacket = -1;
    m_inspector.clear();
    Q_EMIT sessionChanged();
    Q_EMIT selectedPacketChanged();
}

void LabSession::showExample()
{
    ExampleRun example = runExample();
    showSimulation(std::move(example.world), example.events, QStringLiteral("example.portlab"), example.source);
}

bool LabSession::openCapture(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const wire::CaptureContents capture = wire::readCaptureFile(path);
    if (capture.records.empty()) {
        setError(capture.error ? QStringLiteral("%1: %2\n%3").arg(QFileInfo(path).fileName(), capture.error->message, capture.error->hint)
                               : QStringLiteral("%1 holds no packets.").arg(QFileInfo(path).fileName()));
        return false;
    }
    CaptureReplay replay = replayCapture(capture);
    std::vector<PacketListModel::Row> rows;
    for (const ReplayedFrame &frame : replay.frames) {
        PacketListModel::Row row;
        row.number = static_cast<int>(frame.recordIndex);
        row.time = frame.time;
        row.summary = frame.envelope ? packetLine(*frame.envelope) : frame.summary;
        row.outcome = frame.envelope ? outcomeOf(frame.envelope->id, replay.events, *replay.world) : QString();
        row.protocol = protocolOf(frame.envelope);
        row.bytes = frame.bytes;
        row.networkOffset = frame.networkOffset;
        row.ethernet = frame.ethernet;
        rows.push_back(std::move(row));
    }
    m_events.clear();
    m_scenarioSource.clear();
    m_personalityNote.clear();
    m_scene.setWorld(replay.world.get());
    m_packets.reset(std::move(rows));
    m_title = QFileInfo(path).fileName();
    m_notes = replay.notes.join(u'\n');
    m_selectedPacket = -1;
    m_inspector.clear();
    // A capture cut short still shows what it holds, and says where it ends.
    if (capture.error)
        setError(QStringLiteral("%1: %2\n%3").arg(m_title, capture.error->message, capture.error->hint));
    else
        clearError();
    Q_EMIT sessionChanged();
    Q_EMIT selectedPacketChanged();
    return true;
}

bool LabSession::exportCapture(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    if (const auto problem = writeCaptureFile(path, m_events)) {
        setError(*problem);
        return false;
    }
    clearError();
    return true;
}

void LabSession::selectPacket(int row)
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
