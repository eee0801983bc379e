// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "play/playback.h"
#include "scene_model.h"

#include <QAbstractListModel>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace portlab {

// The envelopes on the stage at the player's current step, one row per envelope copy. Rows
// are kept across steps (updated, not replaced), so a view's delegate for an envelope lives
// as long as the envelope and can animate from one place to the next.
// Roles:
//   "key" (QString, "<id>/<toHost>"), "envelopeId" (int), "label" ("SYN", "SYN-ACK", "DATA",
//   "UDP", "ICMP port unreachable"), "protocol" ("tcp", "udp", "icmp"), "fromHost", "toHost",
//   "atHost" (host rows of the SceneModel), "place" (Place), "layer" (Layer), "goingDown" (bool),
//   "socketId" (int, the door it reached, -1), "note" (why it bounced or dropped),
//   "summary" (one line), "sourcePort", "destinationPort" (int)
class StageEnvelopeModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("StagePlayer owns it")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, EnvelopeIdRole, LabelRole, ProtocolRole, FromHostRole, ToHostRole, AtHostRole,
        PlaceRole, LayerRole, GoingDownRole, SocketIdRole, NoteRole, SummaryRole, SourcePortRole, DestinationPortRole,
    };
    Q_ENUM(Role)
    enum Place { Stack, Wire, Door, Bounced, Dropped, Forwarded };   // as EnvelopePlace
    Q_ENUM(Place)
    enum Layer { Application, Transport, Network, Link };  // as StackLayer
    Q_ENUM(Layer)

    struct Row {
        QString key;
        int envelopeId = 0;
        QString label, protocol;
        int fromHost = 0, toHost = 0, atHost = 0;
        Place place = Stack;
        Layer layer = Transport;
        bool goingDown = true;
        int socketId = -1;
        QString note, summary;
        int sourcePort = 0, destinationPort = 0;
        bool operator==(const Row &) const = default;
    };

    explicit StageEnvelopeModel(QObject *parent = nullptr);
    // Makes the rows these: rows whose key is gone are removed, others updated in place, new
    // ones appended.
    void update(std::vector<Row> rows);
    int count() const { return static_cast<int>(m_rows.size()); }
    const std::vector<Row> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

// Every step of the playback, as a capture tool lists packets: one row per step.
// Roles: "stepIndex" (int), "time" ("0.001000s"), "from" and "to" (host names, empty when it
// is no envelope), "protocol" ("tcp", "udp", "icmp", or "" for a statement), "ports"
// ("51234 → 80"), "summary" (one line), "kind" ("call", "return", "wrapped", "sent",
// "unwrapped", "delivered", "rejected", "dropped", "port chosen", "state", "queued", "error"),
// "isPacket" (true for the step where an envelope leaves its sender: "sent"),
// "ok" (false for a statement that failed, an envelope bounced or dropped).
class StepListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("StagePlayer owns it")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { StepIndexRole = Qt::UserRole + 1, TimeRole, FromRole, ToRole, ProtocolRole, PortsRole, SummaryRole, KindRole, IsPacketRole, OkRole };
    Q_ENUM(Role)

    struct Row {
        QString time, from, to, protocol, ports, summary, kind;
        bool isPacket = false;
        bool ok = true;
    };

    explicit StepListModel(QObject *parent = nullptr);
    void reset(std::vector<Row> rows);
    int count() const { return static_cast<int>(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

// The step list filtered as a capture tool's display filter would: by protocol ("tcp", "udp",
// "icmp"; empty for all) and by host name (as sender or receiver; empty for all), and, when
// packetsOnly is set, to the steps where an envelope leaves its sender. Statements pass the
// protocol filter only when it is empty, and the host filter when their process runs there.
class StepFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("StagePlayer owns it")
    Q_PROPERTY(QString protocol READ protocol WRITE setProtocol NOTIFY filterChanged)
    Q_PROPERTY(QString host READ host WRITE setHost NOTIFY filterChanged)
    Q_PROPERTY(bool packetsOnly READ packetsOnly WRITE setPacketsOnly NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit StepFilterModel(QObject *parent = nullptr);
    const QString &protocol() const { return m_protocol; }
    void setProtocol(const QString &protocol);
    const QString &host() const { return m_host; }
    void setHost(const QString &host);
    bool packetsOnly() const { return m_packetsOnly; }
    void setPacketsOnly(bool packetsOnly);
    int count() const { return rowCount(); }
    // The row showing step `stepIndex`, or the last row before it; -1 if none.
    Q_INVOKABLE int rowForStep(int stepIndex) const;

Q_SIGNALS:
    void filterChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_protocol;
    QString m_host;
    bool m_packetsOnly = false;
};

// One host's socket table at the player's current step, as `ss -tuanp` prints it.
// Roles: "netid", "state", "recvQ", "sendQ", "local", "peer", "process" (QString, as ss's
// columns: "users:((\"nginx\",pid=1000,fd=3))"), "socketId" (int).
class SocketTableModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("StagePlayer owns it")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { NetidRole = Qt::UserRole + 1, StateRole, RecvQRole, SendQRole, LocalRole, PeerRole, ProcessRole, SocketIdRole };
    Q_ENUM(Role)

    explicit SocketTableModel(QObject *parent = nullptr);
    void update(std::vector<SsRow> rows);
    int count() const { return static_cast<int>(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<SsRow> m_rows;
};

// Plays a recorded scenario on the stage: the current step, the world as it stood then (hosts,
// doors, socket tables), the envelopes under way, and what the current step shows in detail
// (a layer wrapping or unwrapping, the mail room's lookup, a statement's result). Every view
// binds to this; none keeps its own idea of time. Going back shows exactly what going forward
// showed, since every step's world was recorded as it ran.
//
// step (QVariantMap), the current step; empty before the first:
//   index (int), kind ("call", "return", or the event kind as StepListModel names it),
//   time ("0.001000s"), line (int, of the statement), statement (its text), host (int, -1),
//   ok (bool), errno ("EADDRINUSE", empty when ok), message (the result in words),
//   finished (bool: the statement's result is known at this step), output (what a tool such
//   as ss printed, once finished),
//   caption (one line: what happens now)
// stack (QVariantMap), when the current step wraps, unwraps or sends an envelope; else empty:
//   host (int), hostName, label ("SYN", "DATA"), goingDown (bool), layer (int, Layer),
//   layers (list, Application first), each: layer (int), name ("Application", "Transport",
//   "Network", "Link"), unit ("data", "TCP segment", "IPv4 packet", "Ethernet frame"),
//   header ("TCP header"...), fields (list of {name, value}: the header's values read from the
//   envelope's bytes), size (int, bytes of this layer's unit), wrapped (bool: this layer's
//   envelope exists at this moment); sentence (what happens, when no layer's header says it:
//   the frame leaving on the wire, or dropped)
// mailRoom (QVariantMap), when the current step is a delivery, rejection, or a drop after
// the transport layer; else empty:
//   host (int), hostName, protocol ("tcp", "udp", "icmp"), envelope (one line), source and
//   destination ("192.168.1.10:51234"), rows (list, as the lookup considered them), each:
//   socketId (int), description ("nginx (pid 1000) tcp 0.0.0.0:80"), local, remote, state,
//   match ("four-tuple", "exact listener", "wildcard listener", "connected", "exact address",
//   "wildcard address", "wrong address", "wrong peer", "wrong family", "outscored",
//   "not chosen in group", "not looked at"), matchText (why, in words), score (int), chosen (bool),
//   considered (bool: false for sockets on the port that the lookup never asked, listed after
//   the others: the listener, when a connection's four-tuple matched first);
//   chosenSocket (int, -1), outcome ("delivered", "rejected", "dropped"), reason (the sentence
//   why), consequence (what goes back: "RST", "ICMP port unreachable", or empty)
class StagePlayer : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString title READ title NOTIFY loaded)
    Q_PROPERTY(QString errorText READ errorText NOTIFY loaded)
    Q_PROPERTY(bool truncated READ truncated NOTIFY loaded)
    Q_PROPERTY(int stepCount READ stepCount NOTIFY loaded)
    Q_PROPERTY(int currentStep READ currentStep WRITE jumpTo NOTIFY stepChanged)
    Q_PROPERTY(bool playing READ playing WRITE setPlaying NOTIFY playingChanged)
    // 0.25× to 4×; the player's clock and every animation divide their durations by it.
    Q_PROPERTY(double speed READ speed WRITE setSpeed NOTIFY speedChanged)
    // How long one step lasts at 1× (the views' Theme.stepDuration); and at the current speed.
    Q_PROPERTY(int baseStepDuration READ baseStepDuration WRITE setBaseStepDuration NOTIFY speedChanged)
    Q_PROPERTY(int stepDuration READ stepDuration NOTIFY speedChanged)
    Q_PROPERTY(QString timeText READ timeText NOTIFY stepChanged)
    Q_PROPERTY(QString caption READ caption NOTIFY stepChanged)
    Q_PROPERTY(QVariantMap step READ step NOTIFY stepChanged)
    Q_PROPERTY(QVariantMap stack READ stack NOTIFY stepChanged)
    Q_PROPERTY(QVariantMap mailRoom READ mailRoom NOTIFY stepChanged)
    // The host and socket the current step is about (-1 when none), for views to highlight.
    Q_PROPERTY(int focusHost READ focusHost NOTIFY stepChanged)
    Q_PROPERTY(int focusSocket READ focusSocket NOTIFY stepChanged)
    // The socket that holds the port a bind or listen wanted, while the current step shows that
    // call failing (EADDRINUSE); -1 otherwise. Views mark its door as the one in the way.
    Q_PROPERTY(int conflictSocket READ conflictSocket NOTIFY stepChanged)
    // What a camera following the steps frames: the focus host while the step happens inside
    // one host, -1 (the whole network) while an envelope crosses the wire or no host is concerned.
    Q_PROPERTY(int cameraHost READ cameraHost NOTIFY stepChanged)
    // The host the viewer chose (-1: none), and the host whose socket table is shown: the one
    // chosen, or else the one the current step is about.
    Q_PROPERTY(int selectedHost READ selectedHost WRITE setSelectedHost NOTIFY selectedHostChanged)
    Q_PROPERTY(int tableHost READ tableHost NOTIFY tableHostChanged)
    Q_PROPERTY(QStringList hostNames READ hostNames NOTIFY loaded)
    Q_PROPERTY(portlab::SceneModel *hosts READ hosts CONSTANT)
    Q_PROPERTY(portlab::StageEnvelopeModel *envelopes READ envelopes CONSTANT)
    Q_PROPERTY(portlab::StepListModel *steps READ steps CONSTANT)
    Q_PROPERTY(portlab::StepFilterModel *filteredSteps READ filteredSteps CONSTANT)
    Q_PROPERTY(portlab::SocketTableModel *socketTable READ socketTable CONSTANT)

public:
    explicit StagePlayer(QObject *parent = nullptr);
    ~StagePlayer() override;

    // Records and shows a scenario, at its start (step -1). A scenario that does not parse
    // leaves what was shown untouched, sets errorText (file:line:column and a hint) and
    // returns false.
    Q_INVOKABLE bool load(const QString &source, const QString &fileName);
    // Shows a recording made elsewhere (a capture's), at its start.
    void show(Playback playback, const QString &title);
    Q_INVOKABLE void loadExample();
    static QString exampleSource();   // the scenario the window opens with (example.portlab)

    Q_INVOKABLE void stepForward();
    Q_INVOKABLE void stepBack();
    Q_INVOKABLE void jumpTo(int step);     // clamped to -1 .. stepCount-1
    Q_INVOKABLE void toStart() { jumpTo(-1); }
    Q_INVOKABLE void toEnd() { jumpTo(stepCount() - 1); }
    Q_INVOKABLE void togglePlaying() { setPlaying(!m_playing); }
    Q_INVOKABLE void faster();             // the next of 0.25, 0.5, 1, 2, 4
    Q_INVOKABLE void slower();
    // The first step from `from` on whose one-line summary contains every one of `parts`
    // (case-sensitive), or -1: how a test or a lesson finds "the moment the SYN arrives".
    Q_INVOKABLE int findStep(const QStringList &parts, int from = 0) const;

    const QString &title() const { return m_title; }
    const QString &errorText() const { return m_errorText; }
    bool truncated() const { return m_playback && m_playback->truncated; }
    int stepCount() const { return m_playback ? static_cast<int>(m_playback->size()) : 0; }
    int currentStep() const { return m_current; }
    bool playing() const { return m_playing; }
    void setPlaying(bool playing);
    double speed() const { return m_speed; }
    void setSpeed(double speed);
    int baseStepDuration() const { return m_baseStepDuration; }
    void setBaseStepDuration(int milliseconds);
    int stepDuration() const;
    QString timeText() const;
    QString caption() const;
    const QVariantMap &step() const { return m_step; }
    const QVariantMap &stack() const { return m_stack; }
    const QVariantMap &mailRoom() const { return m_mailRoom; }
    int focusHost() const { return m_focusHost; }
    int focusSocket() const { return m_focusSocket; }
    int conflictSocket() const { return m_conflictSocket; }
    int cameraHost() const { return m_cameraHost; }
    int selectedHost() const { return m_selectedHost; }
    void setSelectedHost(int host);
    int tableHost() const;
    QStringList hostNames() const;
    SceneModel *hosts() { return &m_hosts; }
    StageEnvelopeModel *envelopes() { return &m_envelopes; }
    StepListModel *steps() { return &m_steps; }
    StepFilterModel *filteredSteps() { return &m_filteredSteps; }
    SocketTableModel *socketTable() { return &m_socketTable; }
    const Playback *playback() const { return m_playback.get(); }
    // The envelope the current step is about, or none.
    const Envelope *currentEnvelope() const;

Q_SIGNALS:
    void loaded();
    void stepChanged();
    void playingChanged();
    void speedChanged();
    void selectedHostChanged();
    void tableHostChanged();

private:
    void showCurrentStep();   // the views, at m_current
    void updateSocketTable();
    QVariantMap stepMap(const PlaybackStep &step) const;
    QVariantMap stackMap(const TraceEvent &event) const;
    QVariantMap mailRoomMap(const TraceEvent &event) const;
    QString answerTo(const Envelope &rejected, HostId host) const;   // "RST", "ICMP port unreachable" or empty

    std::unique_ptr<Playback> m_playback;
    SceneModel m_hosts;
    StageEnvelopeModel m_envelopes;
    StepListModel m_steps;
    StepFilterModel m_filteredSteps;
    SocketTableModel m_socketTable;
    QTimer m_clock;
    QString m_title;
    QString m_errorText;
    int m_current = -1;
    bool m_playing = false;
    double m_speed = 1.0;
    int m_baseStepDuration = 900;
    QVariantMap m_step;
    QVariantMap m_stack;
    QVariantMap m_mailRoom;
    int m_focusHost = -1;
    int m_focusSocket = -1;
    int m_conflictSocket = -1;
    int m_cameraHost = -1;
    int m_selectedHost = -1;
};

} // namespace portlab
