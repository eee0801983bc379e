// SPDX-License-Identifier: GPL-3.0-or-later
#include "stage_player.h"

#include "inspect/dissection.h"
#include "script/runner.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <array>

namespace portlab {

namespace {

QString protocolOf(const Envelope &envelope)
{
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment: return QStringLiteral("tcp");
    case EnvelopeKind::UdpDatagram: return QStringLiteral("udp");
    case EnvelopeKind::IcmpPortUnreachable: return QStringLiteral("icmp");
    }
    return {};
}

QString stepKindName(const PlaybackStep &step)
{
    switch (step.kind) {
    case StepKind::Call: return QStringLiteral("call");
    case StepKind::Return: return QStringLiteral("return");
    case StepKind::Event: break;
    }
    return traceKindName(step.event->kind);
}

QString portsOf(const Envelope &envelope)
{
    if (envelope.kind == EnvelopeKind::IcmpPortUnreachable)
        return QStringLiteral("about %1 → %2").arg(envelope.quotedSource.port).arg(envelope.quotedDestination.port);
    return QStringLiteral("%1 → %2").arg(envelope.source.port).arg(envelope.destination.port);
}

// The header fields each layer's strip shows, in this order, by the dissector's names: the
// values are read from the envelope's own bytes.
constexpr std::array<std::array<const char16_t *, 6>, 4> shownFields{{
    {u"Data"},
    {u"Source port", u"Destination port", u"Flags", u"Length", u"Type", u"Code"},
    {u"Source address", u"Destination address", u"Protocol", u"Next header", u"Time to live", u"Hop limit"},
    {u"Source", u"Destination", u"Type"},
}};

QVariantList fieldsOf(const DissectedLayer *layer, StackLayer stackLayer)
{
    QVariantList fields;
    if (!layer)
        return fields;
    for (const char16_t *wanted : shownFields[static_cast<std::size_t>(stackLayer)]) {
        if (!wanted)
            break;
        for (const DissectedField &field : layer->fields) {
            if (field.name == QStringView(wanted)) {
                fields.append(QVariantMap{{QStringLiteral("name"), field.name}, {QStringLiteral("value"), field.value}});
                break;
            }
        }
    }
    return fields;
}

QString unitName(StackLayer layer, const Envelope &envelope)
{
    const bool v4 = envelope.source.address.isV4();
    switch (layer) {
    case StackLayer::Application:
        return envelope.kind == EnvelopeKind::IcmpPortUnreachable ? StagePlayer::tr("quoted packet") : StagePlayer::tr("data");
    case StackLayer::Transport:
        return envelope.kind == EnvelopeKind::TcpSegment ? StagePlayer::tr("TCP segment")
            : envelope.kind == EnvelopeKind::UdpDatagram ? StagePlayer::tr("UDP datagram")
                                                         : (v4 ? StagePlayer::tr("ICMP message") : StagePlayer::tr("ICMPv6 message"));
    case StackLayer::Network:
        return v4 ? StagePlayer::tr("IPv4 packet") : StagePlayer::tr("IPv6 packet");
    case StackLayer::Link:
        return StagePlayer::tr("Ethernet frame");
    }
    return {};
}

QString headerName(StackLayer layer, const Envelope &envelope)
{
    const bool v4 = envelope.source.address.isV4();
    switch (layer) {
    case StackLayer::Application: return {};
    case StackLayer::Transport:
        return envelope.kind == EnvelopeKind::TcpSegment ? StagePlayer::tr("TCP header")
            : envelope.kind == EnvelopeKind::UdpDatagram ? StagePlayer::tr("UDP header")
                                                         : StagePlayer::tr("ICMP header");
    case StackLayer::Network: return v4 ? StagePlayer::tr("IPv4 header") : StagePlayer::tr("IPv6 header");
    case StackLayer::Link: return StagePlayer::tr("Ethernet header");
    }
    return {};
}

QString layerTitle(StackLayer layer)
{
    switch (layer) {
    case StackLayer::Application: return StagePlayer::tr("Application");
    case StackLayer::Transport: return StagePlayer::tr("Transport");
    case StackLayer::Network: return StagePlayer::tr("Network");
    case StackLayer::Link: return StagePlayer::tr("Link");
    }
    return {};
}

QString demuxMatchName(DemuxMatch match)
{
    switch (match) {
    case DemuxMatch::FourTuple: return QStringLiteral("four-tuple");
    case DemuxMatch::ExactListener: return QStringLiteral("exact listener");
    case DemuxMatch::WildcardListener: return QStringLiteral("wildcard listener");
    case DemuxMatch::Connected: return QStringLiteral("connected");
    case DemuxMatch::ExactAddress: return QStringLiteral("exact address");
    case DemuxMatch::WildcardAddress: return QStringLiteral("wildcard address");
    case DemuxMatch::WrongAddress: return QStringLiteral("wrong address");
    case DemuxMatch::WrongPeer: return QStringLiteral("wrong peer");
    case DemuxMatch::WrongFamily: return QStringLiteral("wrong family");
    case DemuxMatch::Outscored: return QStringLiteral("outscored");
    case DemuxMatch::NotChosenInGroup: return QStringLiteral("not chosen in group");
    }
    return {};
}

} // namespace

// --- envelopes -------------------------------------------------------------------------------

StageEnvelopeModel::StageEnvelopeModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void StageEnvelopeModel::update(std::vector<Row> rows)
{
    const int before = count();
    for (int i = count() - 1; i >= 0; --i) {
        const QString &key = m_rows[static_cast<std::size_t>(i)].key;
        if (std::none_of(rows.begin(), rows.end(), [&key](const Row &r) { return r.key == key; })) {
            beginRemoveRows({}, i, i);
            m_rows.erase(m_rows.begin() + i);
            endRemoveRows();
        }
    }
    for (Row &row : rows) {
        const auto found = std::find_if(m_rows.begin(), m_rows.end(), [&row](const Row &r) { return r.key == row.key; });
        if (found == m_rows.end()) {
            beginInsertRows({}, count(), count());
            m_rows.push_back(std::move(row));
            endInsertRows();
        } else if (!(*found == row)) {
            *found = std::move(row);
            const QModelIndex at = index(static_cast<int>(found - m_rows.begin()));
            Q_EMIT dataChanged(at, at);
        }
    }
    if (count() != before)
        Q_EMIT countChanged();
}

int StageEnvelopeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant StageEnvelopeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case SummaryRole: return r.summary;
    case KeyRole: return r.key;
    case EnvelopeIdRole: return r.envelopeId;
    case LabelRole: return r.label;
    case ProtocolRole: return r.protocol;
    case FromHostRole: return r.fromHost;
    case ToHostRole: return r.toHost;
    case AtHostRole: return r.atHost;
    case PlaceRole: return static_cast<int>(r.place);
    case LayerRole: return static_cast<int>(r.layer);
    case GoingDownRole: return r.goingDown;
    case SocketIdRole: return r.socketId;
    case NoteRole: return r.note;
    case SourcePortRole: return r.sourcePort;
    case DestinationPortRole: return r.destinationPort;
    default: return {};
    }
}

QHash<int, QByteArray> StageEnvelopeModel::roleNames() const
{
    return {{KeyRole, "key"}, {EnvelopeIdRole, "envelopeId"}, {LabelRole, "label"}, {ProtocolRole, "protocol"},
            {FromHostRole, "fromHost"}, {ToHostRole, "toHost"}, {AtHostRole, "atHost"}, {PlaceRole, "place"},
            {LayerRole, "layer"}, {GoingDownRole, "goingDown"}, {SocketIdRole, "socketId"}, {NoteRole, "note"},
            {SummaryRole, "summary"}, {SourcePortRole, "sourcePort"}, {DestinationPortRole, "destinationPort"}};
}

// --- steps -----------------------------------------------------------------------------------

StepListModel::StepListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void StepListModel::reset(std::vector<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged();
}

int StepListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant StepListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case StepIndexRole: return index.row();
    case TimeRole: return r.time;
    case FromRole: return r.from;
    case ToRole: return r.to;
    case ProtocolRole: return r.protocol;
    case PortsRole: return r.ports;
    case Qt::DisplayRole:
    case SummaryRole: return r.summary;
    case KindRole: return r.kind;
    case IsPacketRole: return r.isPacket;
    case OkRole: return r.ok;
    default: return {};
    }
}

QHash<int, QByteArray> StepListModel::roleNames() const
{
    return {{StepIndexRole, "stepIndex"}, {TimeRole, "time"}, {FromRole, "from"}, {ToRole, "to"}, {ProtocolRole, "protocol"},
            {PortsRole, "ports"}, {SummaryRole, "summary"}, {KindRole, "kind"}, {IsPacketRole, "isPacket"}, {OkRole, "ok"}};
}

StepFilterModel::StepFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    connect(this, &QAbstractItemModel::rowsInserted, this, &StepFilterModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &StepFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &StepFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &StepFilterModel::countChanged);
}

void StepFilterModel::setProtocol(const QString &protocol)
{
    if (protocol == m_protocol)
        return;
    m_protocol = protocol;
    invalidateRowsFilter();
    Q_EMIT filterChanged();
    Q_EMIT countChanged();
}

void StepFilterModel::setHost(const QString &host)
{
    if (host == m_host)
        return;
    m_host = host;
    invalidateRowsFilter();
    Q_EMIT filterChanged();
    Q_EMIT countChanged();
}

void StepFilterModel::setPacketsOnly(bool packetsOnly)
{
    if (packetsOnly == m_packetsOnly)
        return;
    m_packetsOnly = packetsOnly;
    invalidateRowsFilter();
    Q_EMIT filterChanged();
    Q_EMIT countChanged();
}

int StepFilterModel::rowForStep(int stepIndex) const
{
    int best = -1;
    for (int row = 0; row < rowCount(); ++row) {
        if (index(row, 0).data(StepListModel::StepIndexRole).toInt() > stepIndex)
            break;
        best = row;
    }
    return best;
}

bool StepFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex at = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_packetsOnly && !at.data(StepListModel::IsPacketRole).toBool())
        return false;
    if (!m_protocol.isEmpty() && at.data(StepListModel::ProtocolRole).toString() != m_protocol)
        return false;
    if (!m_host.isEmpty() && at.data(StepListModel::FromRole).toString() != m_host && at.data(StepListModel::ToRole).toString() != m_host)
        return false;
    return true;
}

// --- socket table ----------------------------------------------------------------------------

SocketTableModel::SocketTableModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void SocketTableModel::update(std::vector<SsRow> rows)
{
    if (rows == m_rows)
        return;
    const int before = count();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (count() != before)
        Q_EMIT countChanged();
}

int SocketTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant SocketTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SsRow &r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case NetidRole: return r.netid;
    case StateRole: return r.state;
    case RecvQRole: return r.recvQ;
    case SendQRole: return r.sendQ;
    case LocalRole: return r.localAddress + r.localPort;
    case PeerRole: return r.peerAddress + r.peerPort;
    case ProcessRole: return r.process.trimmed();
    case SocketIdRole: return static_cast<qint64>(r.socket);
    default: return {};
    }
}

QHash<int, QByteArray> SocketTableModel::roleNames() const
{
    return {{NetidRole, "netid"}, {StateRole, "state"}, {RecvQRole, "recvQ"}, {SendQRole, "sendQ"}, {LocalRole, "local"},
            {PeerRole, "peer"}, {ProcessRole, "process"}, {SocketIdRole, "socketId"}};
}

// --- the player ------------------------------------------------------------------------------

StagePlayer::StagePlayer(QObject *parent)
    : QObject(parent)
{
    m_filteredSteps.setSourceModel(&m_steps);
    m_clock.setSingleShot(false);
    m_clock.setInterval(stepDuration());
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (m_current + 1 >= stepCount())
            setPlaying(false);
        else
            stepForward();
    });
}

StagePlayer::~StagePlayer() = default;

bool StagePlayer::load(const QString &source, const QString &fileName)
{
    Playback playback = recordPlayback(source, fileName);
    if (!playback.errors.empty()) {
        QStringList lines;
        for (const Diagnostic &error : playback.errors)
            lines << error.toString();
        m_errorText = lines.join(u'\n');
        Q_EMIT loaded();
        return false;
    }
    show(std::move(playback), QFileInfo(fileName).fileName());
    return true;
}

void StagePlayer::show(Playback playback, const QString &title)
{
    setPlaying(false);
    m_playback = std::make_unique<Playback>(std::move(playback));
    m_errorText.clear();
    m_title = title;

    std::vector<StepListModel::Row> rows;
    rows.reserve(m_playback->size());
    for (const PlaybackStep &step : m_playback->steps) {
        StepListModel::Row row;
        row.time = formatSimTime(step.time);
        row.summary = step.summary;
        row.kind = stepKindName(step);
        if (step.event && step.event->envelope) {
            const Envelope &e = *step.event->envelope;
            const WorldSnapshot &world = *step.world;
            if (e.fromHost < world.size())
                row.from = world[e.fromHost].name;
            if (e.toHost < world.size())
                row.to = world[e.toHost].name;
            row.protocol = protocolOf(e);
            row.ports = portsOf(e);
            row.isPacket = step.event->kind == TraceKind::EnvelopeSent;
            row.ok = step.event->kind != TraceKind::EnvelopeRejected && step.event->kind != TraceKind::EnvelopeDropped;
        } else {
            const StatementOutcome &outcome = m_playback->outcomes[step.statement];
            if (step.event && step.event->host < step.world->size())
                row.from = (*step.world)[step.event->host].name;
            row.ok = step.kind == StepKind::Event || outcome.ok;
        }
        rows.push_back(std::move(row));
    }
    m_steps.reset(std::move(rows));
    m_current = -1;
    m_selectedHost = -1;
    Q_EMIT loaded();
    Q_EMIT selectedHostChanged();
    showCurrentStep();
}

const Envelope *StagePlayer::currentEnvelope() const
{
    if (!m_playback || m_current < 0)
        return nullptr;
    const PlaybackStep &step = m_playback->steps[static_cast<std::size_t>(m_current)];
    return step.event && step.event->envelope ? &*step.event->envelope : nullptr;
}

QString StagePlayer::exampleSource()
{
    QFile file(QStringLiteral(":/PortLab/example.portlab"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("example.portlab is missing from the resources");
    return QString::fromUtf8(file.readAll());
}

void StagePlayer::loadExample()
{
    load(exampleSource(), QStringLiteral("example.portlab"));
}

void StagePlayer::stepForward()
{
    jumpTo(m_current + 1);
}

void StagePlayer::stepBack()
{
    jumpTo(m_current - 1);
}

void StagePlayer::jumpTo(int step)
{
    step = std::clamp(step, -1, stepCount() - 1);
    if (step == m_current)
        return;
    m_current = step;
    showCurrentStep();
}

void StagePlayer::faster()
{
    setSpeed(std::min(4.0, m_speed * 2));
}

void StagePlayer::slower()
{
    setSpeed(std::max(0.25, m_speed / 2));
}

int StagePlayer::findStep(const QStringList &parts, int from) const
{
    for (int i = std::max(0, from); i < stepCount(); ++i) {
        const QString &summary = m_playback->steps[static_cast<std::size_t>(i)].summary;
        if (std::all_of(parts.begin(), parts.end(), [&summary](const QString &part) { return summary.contains(part); }))
            return i;
    }
    return -1;
}

void StagePlayer::setPlaying(bool playing)
{
    playing = playing && stepCount() > 0;
    if (playing == m_playing)
        return;
    m_playing = playing;
    if (playing) {
        if (m_current + 1 >= stepCount())
            jumpTo(-1);   // play again from the start
        m_clock.start(stepDuration());
    } else {
        m_clock.stop();
    }
    Q_EMIT playingChanged();
}

void StagePlayer::setSpeed(double speed)
{
    speed = std::clamp(speed, 0.25, 4.0);
    if (qFuzzyCompare(speed, m_speed))
        return;
    m_speed = speed;
    m_clock.setInterval(stepDuration());
    Q_EMIT speedChanged();
}

void StagePlayer::setBaseStepDuration(int milliseconds)
{
    milliseconds = std::max(1, milliseconds);
    if (milliseconds == m_baseStepDuration)
        return;
    m_baseStepDuration = milliseconds;
    m_clock.setInterval(stepDuration());
    Q_EMIT speedChanged();
}

int StagePlayer::stepDuration() const
{
    return std::max(1, static_cast<int>(m_baseStepDuration / m_speed));
}

QString StagePlayer::timeText() const
{
    if (!m_playback || m_current < 0)
        return formatSimTime(SimTime{0});
    return formatSimTime(m_playback->steps[static_cast<std::size_t>(m_current)].time);
}

QString StagePlayer::caption() const
{
    if (!m_playback)
        return {};
    if (m_current < 0)
        return tr("%1: %n step(s). Press Space to play, → to step.", nullptr, stepCount()).arg(m_title);
    return m_playback->steps[static_cast<std::size_t>(m_current)].summary;
}

void StagePlayer::setSelectedHost(int host)
{
    if (host == m_selectedHost)
        return;
    m_selectedHost = host;
    updateSocketTable();
    Q_EMIT tableHostChanged();
    Q_EMIT selectedHostChanged();
}

QStringList StagePlayer::hostNames() const
{
    QStringList names;
    if (m_playback) {
        for (const HostSnapshot &host : m_playback->worldAt(stepCount() - 1))
            names << host.name;
    }
    return names;
}

int StagePlayer::tableHost() const
{
    if (m_selectedHost >= 0)
        return m_selectedHost;
    return m_focusHost >= 0 ? m_focusHost : 0;
}

void StagePlayer::updateSocketTable()
{
    const WorldSnapshot *world = m_playback ? &m_playback->worldAt(m_current) : nullptr;
    const int host = tableHost();
    if (!world || host >= static_cast<int>(world->size()))
        m_socketTable.update({});
    else
        m_socketTable.update((*world)[static_cast<std::size_t>(host)].socketTable);
}

void StagePlayer::showCurrentStep()
{
    if (!m_playback)
        return;
    const WorldSnapshot &world = m_playback->worldAt(m_current);
    m_hosts.setSnapshot(world);

    std::vector<StageEnvelopeModel::Row> rows;
    for (const EnvelopeState &state : m_playback->envelopesAt(m_current)) {
        const Envelope &e = *state.envelope;
        StageEnvelopeModel::Row row;
        row.key = QStringLiteral("%1/%2").arg(state.id).arg(state.toHost);
        row.envelopeId = static_cast<int>(state.id);
        row.label = envelopeKindName(e);
        row.protocol = protocolOf(e);
        row.fromHost = static_cast<int>(state.fromHost);
        row.toHost = static_cast<int>(state.toHost);
        row.atHost = static_cast<int>(state.at);
        row.place = static_cast<StageEnvelopeModel::Place>(state.place);
        row.layer = static_cast<StageEnvelopeModel::Layer>(state.layer);
        row.goingDown = state.goingDown;
        row.socketId = state.socket == NoSocket ? -1 : static_cast<int>(state.socket);
        row.note = state.note;
        row.summary = envelopeSummary(e);
        row.sourcePort = e.source.port;
        row.destinationPort = e.destination.port;
        rows.push_back(std::move(row));
    }
    m_envelopes.update(std::move(rows));

    m_step.clear();
    m_stack.clear();
    m_mailRoom.clear();
    m_focusHost = -1;
    m_focusSocket = -1;
    m_conflictSocket = -1;
    if (m_current >= 0) {
        const PlaybackStep &step = m_playback->steps[static_cast<std::size_t>(m_current)];
        m_step = stepMap(step);
        const SocketId culprit = m_playback->outcomes[step.statement].culprit;
        if (m_step.value(QStringLiteral("finished")).toBool() && culprit != NoSocket)
            m_conflictSocket = static_cast<int>(culprit);
        if (step.event) {
            const TraceEvent &event = *step.event;
            m_focusHost = static_cast<int>(event.host);
            if (event.socket != NoSocket)
                m_focusSocket = static_cast<int>(event.socket);
            if (event.envelope) {
                switch (event.kind) {
                case TraceKind::EnvelopeWrapped:
                case TraceKind::EnvelopeSent:
                case TraceKind::EnvelopeUnwrapped:
                case TraceKind::EnvelopeForwarded:
                    m_stack = stackMap(event);
                    break;
                case TraceKind::EnvelopeDelivered:
                case TraceKind::EnvelopeRejected:
                    m_mailRoom = mailRoomMap(event);
                    break;
                case TraceKind::EnvelopeDropped:
                    if (event.layer == StackLayer::Transport || event.decision)
                        m_mailRoom = mailRoomMap(event);
                    else
                        m_stack = stackMap(event);
                    break;
                default:
                    break;
                }
            }
        } else {
            // A statement is about the host its process runs on, and the socket it names.
            const StatementOutcome &outcome = m_playback->outcomes[step.statement];
            const QString process = outcome.text.section(u':', 0, 0).trimmed();
            for (std::size_t h = 0; h < world.size() && m_focusHost < 0; ++h) {
                for (const ProcessSnapshot &p : world[h].processes) {
                    if (p.name == process)
                        m_focusHost = static_cast<int>(h);
                }
            }
        }
    }
    const bool onWire = m_current >= 0 && m_playback->steps[static_cast<std::size_t>(m_current)].event
        && m_playback->steps[static_cast<std::size_t>(m_current)].event->kind == TraceKind::EnvelopeSent;
    m_cameraHost = onWire ? -1 : m_focusHost;
    updateSocketTable();
    Q_EMIT stepChanged();
    Q_EMIT tableHostChanged();
}

QVariantMap StagePlayer::stepMap(const PlaybackStep &step) const
{
    const StatementOutcome &outcome = m_playback->outcomes[step.statement];
    // A call whose statement goes on with events has no result yet; its return step has it.
    const bool next = m_current + 1 < stepCount();
    const bool resultShown = step.kind == StepKind::Return
        || (step.kind == StepKind::Call && !(next && m_playback->steps[static_cast<std::size_t>(m_current) + 1].kind == StepKind::Event));
    bool ok = true;
    if (resultShown)
        ok = outcome.ok;
    else if (step.event)
        ok = step.event->kind != TraceKind::EnvelopeRejected && step.event->kind != TraceKind::EnvelopeDropped;
    return {
        {QStringLiteral("index"), m_current},
        {QStringLiteral("kind"), stepKindName(step)},
        {QStringLiteral("time"), formatSimTime(step.time)},
        {QStringLiteral("line"), outcome.line},
        {QStringLiteral("statement"), outcome.text},
        {QStringLiteral("host"), step.event ? static_cast<int>(step.event->host) : -1},
        {QStringLiteral("ok"), ok},
        {QStringLiteral("errno"), resultShown && !outcome.ok && outcome.error != Errno::Ok ? errnoName(outcome.error) : QString()},
        {QStringLiteral("message"), resultShown ? outcome.message : step.event ? step.event->note : QString()},
        {QStringLiteral("finished"), resultShown},
        {QStringLiteral("output"), resultShown ? outcome.output : QString()},
        {QStringLiteral("caption"), step.summary},
    };
}

QVariantMap StagePlayer::stackMap(const TraceEvent &event) const
{
    const Envelope &e = *event.envelope;
    const Dissection dissection = dissectEthernetFrame(wire::ByteView(reinterpret_cast<const std::uint8_t *>(e.frame.constData()),
                                                                      static_cast<std::size_t>(e.frame.size())));
    // The dissection runs outermost first: Ethernet, IP, then the transport header.
    auto dissected = [&dissection](std::size_t index) -> const DissectedLayer * {
        return index < dissection.layers.size() ? &dissection.layers[index] : nullptr;
    };
    const bool sent = event.kind == TraceKind::EnvelopeSent;
    const bool goingDown = event.kind == TraceKind::EnvelopeWrapped || sent
        || (event.kind == TraceKind::EnvelopeDropped && event.host == e.fromHost);
    const int acting = static_cast<int>(event.layer);
    QVariantList layers;
    for (const StackLayer layer : {StackLayer::Application, StackLayer::Transport, StackLayer::Network, StackLayer::Link}) {
        const int index = static_cast<int>(layer);
        // Going down, the layers down to the acting one have wrapped; going up, the acting one
        // has just opened its envelope, so only those above it remain.
        const bool wrapped = layer == StackLayer::Application || (goingDown ? index <= acting : index < acting);
        QVariantList fields;
        if (layer == StackLayer::Application) {
            const QString text = e.kind == EnvelopeKind::IcmpPortUnreachable
                ? tr("the start of the datagram that could not be delivered (%n byte(s))", nullptr, static_cast<int>(e.payload.size()))
                : e.payload.isEmpty() ? tr("(no data: this segment carries only its header)") : printableBytes(e.payload);
            fields.append(QVariantMap{{QStringLiteral("name"), tr("Data")}, {QStringLiteral("value"), text}});
        } else {
            fields = fieldsOf(dissected(3 - static_cast<std::size_t>(index)), layer);
        }
        layers.append(QVariantMap{
            {QStringLiteral("layer"), index},
            {QStringLiteral("name"), layerTitle(layer)},
            {QStringLiteral("unit"), unitName(layer, e)},
            {QStringLiteral("header"), headerName(layer, e)},
            {QStringLiteral("fields"), fields},
            {QStringLiteral("size"), static_cast<int>(e.bytesAt(layer).size())},
            {QStringLiteral("wrapped"), wrapped},
        });
    }
    const WorldSnapshot &world = m_playback->worldAt(m_current);
    QVariantMap stack;
    // What no layer's header says by itself: the frame leaving, or lost on the way.
    if (sent) {
        const QString to = e.toHost < world.size() ? world[e.toHost].name : e.destination.address.toString();
        stack.insert(QStringLiteral("sentence"), tr("The frame leaves on the wire: %n byte(s) for %1", nullptr, static_cast<int>(e.frame.size())).arg(to));
    } else if (event.kind == TraceKind::EnvelopeDropped) {
        stack.insert(QStringLiteral("sentence"), tr("Dropped: %1").arg(event.note));
    } else if (event.kind == TraceKind::EnvelopeForwarded) {
        stack.insert(QStringLiteral("sentence"), tr("Forwarded: %1").arg(event.note));
    }
    stack.insert({
        {QStringLiteral("host"), static_cast<int>(event.host)},
        {QStringLiteral("hostName"), event.host < world.size() ? world[event.host].name : QString()},
        {QStringLiteral("label"), envelopeKindName(e)},
        {QStringLiteral("goingDown"), goingDown},
        {QStringLiteral("layer"), acting},
        {QStringLiteral("layers"), layers},
    });
    return stack;
}

QString StagePlayer::answerTo(const Envelope &rejected, HostId host) const
{
    // What the kernel sent back, as the steps that follow show it leaving the same host.
    for (std::size_t i = static_cast<std::size_t>(m_current) + 1; i < m_playback->size(); ++i) {
        const PlaybackStep &step = m_playback->steps[i];
        if (step.kind != StepKind::Event)
            break;
        if (step.event->kind != TraceKind::EnvelopeSent || step.event->host != host || !step.event->envelope)
            continue;
        const Envelope &answer = *step.event->envelope;
        if (answer.kind == EnvelopeKind::TcpSegment && answer.has(TcpFlag::Rst) && answer.destination == rejected.source
            && answer.source == rejected.destination)
            return QStringLiteral("RST");
        if (answer.kind == EnvelopeKind::IcmpPortUnreachable && answer.quotedSource == rejected.source
            && answer.quotedDestination == rejected.destination)
            return envelopeKindName(answer);   // port unreachable, or a firewall's prohibited
    }
    return {};
}

QVariantMap StagePlayer::mailRoomMap(const TraceEvent &event) const
{
    const Envelope &e = *event.envelope;
    const WorldSnapshot &world = m_playback->worldAt(m_current);
    QVariantList rows;
    SocketId chosen = NoSocket;
    QString source = e.source.toString();
    QString destination = e.destination.toString();
    if (event.decision) {
        const DemuxDecision &d = *event.decision;
        chosen = event.kind == TraceKind::EnvelopeDelivered ? d.chosen : NoSocket;
        source = d.source.toString();
        destination = d.destination.toString();
        for (const DemuxCandidate &c : d.considered) {
            const SocketSnapshot *socket = findSocket(world, c.socket);
            const bool isChosen = c.socket == chosen;
            rows.append(QVariantMap{
                {QStringLiteral("socketId"), static_cast<int>(c.socket)},
                {QStringLiteral("description"), socket ? socket->description : QString()},
                {QStringLiteral("local"), socket ? socket->local : QString()},
                {QStringLiteral("remote"), socket ? socket->remote : QString()},
                {QStringLiteral("state"), socket ? socket->state : QString()},
                {QStringLiteral("match"), demuxMatchName(isChosen ? d.reason : c.match)},
                {QStringLiteral("matchText"), demuxMatchText(isChosen ? d.reason : c.match)},
                {QStringLiteral("score"), c.score},
                {QStringLiteral("chosen"), isChosen},
                {QStringLiteral("considered"), true},
            });
        }
    }
    // Sockets on the same port the lookup never asked: a segment of a known connection goes
    // to it straight from the four-tuple table, and one that is not a SYN never reaches a listener.
    if (e.kind == EnvelopeKind::TcpSegment && event.host < world.size()) {
        const bool connectionFound = event.decision && event.decision->reason == DemuxMatch::FourTuple && chosen != NoSocket;
        const bool isSyn = e.has(TcpFlag::Syn) && !e.has(TcpFlag::Ack);
        const QString why = connectionFound
            ? tr("the kernel first looks for a connection with exactly this four-tuple, and found one")
            : tr("only a SYN (a new connection) may go to a listening socket");
        if (connectionFound || !isSyn) {
            auto addSkipped = [&](const SocketSnapshot &socket) {
                if (socket.protocol != Protocol::Tcp || socket.port != e.destination.port || socket.id == chosen)
                    return;
                for (const QVariant &row : std::as_const(rows)) {
                    if (row.toMap().value(QStringLiteral("socketId")).toInt() == static_cast<int>(socket.id))
                        return;
                }
                rows.append(QVariantMap{
                    {QStringLiteral("socketId"), static_cast<int>(socket.id)},
                    {QStringLiteral("description"), socket.description},
                    {QStringLiteral("local"), socket.local},
                    {QStringLiteral("remote"), socket.remote},
                    {QStringLiteral("state"), socket.state},
                    {QStringLiteral("match"), QStringLiteral("not looked at")},
                    {QStringLiteral("matchText"), why},
                    {QStringLiteral("score"), -1},
                    {QStringLiteral("chosen"), false},
                    {QStringLiteral("considered"), false},
                });
            };
            const HostSnapshot &host = world[event.host];
            for (const ProcessSnapshot &process : host.processes) {
                for (const SocketSnapshot &socket : process.sockets)
                    addSkipped(socket);
            }
            for (const SocketSnapshot &socket : host.kernelSockets)
                addSkipped(socket);
        }
    }
    QString outcome;
    QString consequence;
    QString reason = event.note;
    switch (event.kind) {
    case TraceKind::EnvelopeDelivered:
        outcome = QStringLiteral("delivered");
        if (reason.isEmpty() && event.decision) {
            const SocketSnapshot *socket = findSocket(world, chosen);
            reason = tr("%1: %2").arg(socket ? socket->description : QString(), demuxMatchText(event.decision->reason));
        }
        break;
    case TraceKind::EnvelopeRejected:
        outcome = QStringLiteral("rejected");
        consequence = answerTo(e, event.host);
        break;
    default:
        outcome = QStringLiteral("dropped");
        break;
    }
    return {
        {QStringLiteral("host"), static_cast<int>(event.host)},
        {QStringLiteral("hostName"), event.host < world.size() ? world[event.host].name : QString()},
        {QStringLiteral("protocol"), protocolOf(e)},
        {QStringLiteral("envelope"), envelopeSummary(e)},
        {QStringLiteral("source"), source},
        {QStringLiteral("destination"), destination},
        {QStringLiteral("rows"), rows},
        {QStringLiteral("chosenSocket"), chosen == NoSocket ? -1 : static_cast<int>(chosen)},
        {QStringLiteral("outcome"), outcome},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("consequence"), consequence},
    };
}

} // namespace portlab
