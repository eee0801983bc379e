// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kernel_comparison.h"
#include "packet_inspector.h"
#include "scene_model.h"
#include "stage_player.h"
#include "sim/trace.h"

#include <QAbstractListModel>
#include <QQuickWindow>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace portlab {

class World;

// The packets of what the window shows, one row per frame that crossed a link, as a capture
// tool lists them. Roles: "number" (int, from 1), "time" ("0.001000s"), "summary" (the frame
// in one line), "outcome" (what the receiving transport layer did with it, empty when the
// model does not read the protocol), "protocol" ("tcp", "udp", "icmp", "other").
class PacketListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LabSession owns it")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { NumberRole = Qt::UserRole + 1, TimeRole, SummaryRole, OutcomeRole, ProtocolRole };
    Q_ENUM(Role)

    struct Row {
        int number = 0;
        SimTime time{0};
        QString summary;
        QString outcome;
        QString protocol;
        QByteArray bytes;
        std::size_t networkOffset = 0;
        bool ethernet = true;
        int step = -1;   // the step of the playback where it leaves its sender; -1 if none
        std::uint64_t envelopeId = 0;   // 0: no envelope the model reads
    };

    explicit PacketListModel(QObject *parent = nullptr);
    void reset(std::vector<Row> rows);
    const Row *row(int index) const;
    int rowOfEnvelope(std::uint64_t id) const;   // the packet that carries that envelope, or -1
    int count() const { return static_cast<int>(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

// What the window is looking at: a scenario played on the stage (the example, or a file the
// user opened), or a capture file replayed; the packets that crossed its links; and the
// inspector on the selected packet, which follows the step the stage shows. Opening a file
// that cannot be read leaves what was shown untouched and says why.
class LabSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(portlab::StagePlayer *player READ player CONSTANT)
    Q_PROPERTY(portlab::SceneModel *scene READ scene CONSTANT)   // the player's hosts
    Q_PROPERTY(portlab::PacketListModel *packets READ packets CONSTANT)
    Q_PROPERTY(portlab::PacketInspector *inspector READ inspector CONSTANT)
    Q_PROPERTY(QString title READ title NOTIFY sessionChanged)
    Q_PROPERTY(QString notes READ notes NOTIFY sessionChanged)   // one per line
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    Q_PROPERTY(bool canExport READ canExport NOTIFY sessionChanged)
    Q_PROPERTY(int selectedPacket READ selectedPacket NOTIFY selectedPacketChanged)
    // "Run on this computer's kernel": the scenario shown, compared statement by statement.
    Q_PROPERTY(portlab::kernel::ComparisonModel *kernelComparison READ kernelComparison CONSTANT)
    Q_PROPERTY(bool canRunOnKernel READ canRunOnKernel NOTIFY sessionChanged)
    // Why the kernel may answer otherwise: this computer runs Linux, a host may have other rules.
    Q_PROPERTY(QString personalityNote READ personalityNote NOTIFY sessionChanged)

public:
    explicit LabSession(QObject *parent = nullptr);
    ~LabSession() override;

    // A scenario, played to its end (a step back from there shows how it came about). False,
    // with errorText saying where and why, if it does not parse.
    Q_INVOKABLE bool showScenario(const QString &source, const QString &fileName);
    // The scene the window opens with: example.portlab.
    Q_INVOKABLE void showExample();
    Q_INVOKABLE bool openScenario(const QUrl &file);
    Q_INVOKABLE bool openCapture(const QUrl &file);
    Q_INVOKABLE bool exportCapture(const QUrl &file);
    Q_INVOKABLE void selectPacket(int row);
    Q_INVOKABLE void runOnKernel();
    Q_INVOKABLE void clearError();
    // A recording made elsewhere (a lesson's step), shown as a scenario is, the stage at
    // `startStep` (-1: before the first) and playing on from there if `play`.
    void showRecording(Playback playback, const QString &title, int startStep, bool play);
    // The same, the stage just before the steps of statement `firstNew` (an index into the
    // playback's outcomes) and playing them; at the end when there are none.
    void showRecordingFrom(Playback playback, const QString &title, std::size_t firstNew);
    // A PNG of the window as it is now. False, with errorText saying why, if it cannot be written.
    Q_INVOKABLE bool exportScreenshot(QQuickWindow *window, const QUrl &file);

    StagePlayer *player() { return &m_player; }
    SceneModel *scene() { return m_player.hosts(); }
    PacketListModel *packets() { return &m_packets; }
    PacketInspector *inspector() { return &m_inspector; }
    const QString &title() const { return m_title; }
    const QString &notes() const { return m_notes; }
    const QString &errorText() const { return m_errorText; }
    bool canExport() const { return m_canExport; }
    int selectedPacket() const { return m_selectedPacket; }
    kernel::ComparisonModel *kernelComparison() { return &m_comparison; }
    bool canRunOnKernel() const { return !m_scenarioSource.isEmpty(); }
    const QString &personalityNote() const { return m_personalityNote; }

Q_SIGNALS:
    void sessionChanged();
    void errorTextChanged();
    void selectedPacketChanged();

private:
    void setError(const QString &text);
    // What the window says of the player's recording: its title, the scenario the kernel can
    // run (none for a capture), notes, and the packet list.
    void showPlayback(QString title, QString scenarioSource, QStringList notes, std::vector<PacketListModel::Row> packets);
    void followStep();   // the inspector shows the packet the player's current step is about
    void showPacket(int row);   // in the inspector, without moving the stage

    StagePlayer m_player;
    PacketListModel m_packets;
    PacketInspector m_inspector;
    kernel::ComparisonModel m_comparison;
    bool m_canExport = false;           // a simulation: its frames can be written as a capture
    QString m_scenarioSource;           // of a simulation: what the kernel runs
    QString m_personalityNote;
    QString m_title;
    QString m_notes;
    QString m_errorText;
    int m_selectedPacket = -1;
};

} // namespace portlab
