// SPDX-License-Identifier: GPL-3.0-or-later
// The stage's recording of a scenario: every step with the world as it stood after it, and
// every envelope's place at every step.

#include "model_test_support.h"
#include "play/playback.h"
#include "sim/capture_replay.h"
#include "wire/capture.h"

#include <QFile>
#include <QSet>

using namespace portlab;

namespace {

QString scenarioText(const char *path)
{
    QFile file(QString::fromUtf8(path));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", path);
    return QString::fromUtf8(file.readAll());
}

QString exampleScenario()
{
    return scenarioText(PORTLAB_EXAMPLE_SCENARIO);
}

const ProcessSnapshot *findProcess(const WorldSnapshot &world, const QString &name)
{
    for (const HostSnapshot &host : world) {
        for (const ProcessSnapshot &process : host.processes) {
            if (process.name == name)
                return &process;
        }
    }
    return nullptr;
}

int firstStep(const Playback &playback, const std::function<bool(const PlaybackStep &)> &wanted, int from = 0)
{
    for (int i = from; i < static_cast<int>(playback.size()); ++i) {
        if (wanted(playback.steps[static_cast<std::size_t>(i)]))
            return i;
    }
    return -1;
}

bool isEvent(const PlaybackStep &step, TraceKind kind)
{
    return step.event && step.event->kind == kind;
}

} // namespace

class TestPlayback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepsInterleaveStatementsAndEvents()
    {
        const Playback p = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        QVERIFY(p.errors.empty());
        QVERIFY(!p.truncated);
        QVERIFY(p.size() > 100);
        // Every statement has its call step, in order; a statement that caused events ends with
        // a return step after them.
        std::size_t expectedStatement = 0;
        for (std::size_t i = 0; i < p.size(); ++i) {
            const PlaybackStep &step = p.steps[i];
            if (step.kind == StepKind::Call) {
                QCOMPARE(step.statement, expectedStatement);
                ++expectedStatement;
            } else {
                QCOMPARE(step.statement + 1, expectedStatement);
            }
            QVERIFY2(!step.summary.isEmpty(), qPrintable(QString::number(i)));
            if (i > 0)
                QVERIFY(step.time >= p.steps[i - 1].time);
        }
        QCOMPARE(expectedStatement, p.outcomes.size());
    }

    void bindFailureIsAStepWithTheErrnoAndNoDoor()
    {
        const Playback p = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        const int bind = firstStep(p, [&p](const PlaybackStep &s) {
            return s.kind == StepKind::Call && p.outcomes[s.statement].error == Errno::AddrInUse;
        });
        QVERIFY(bind >= 0);
        const PlaybackStep &step = p.steps[static_cast<std::size_t>(bind)];
        QVERIFY(p.outcomes[step.statement].text.startsWith(QStringLiteral("apache: bind")));
        QVERIFY2(step.summary.contains(QStringLiteral("EADDRINUSE")), qPrintable(step.summary));
        const ProcessSnapshot *apache = findProcess(*step.world, QStringLiteral("apache"));
        QVERIFY(apache);
        QVERIFY(apache->sockets.empty());   // the socket exists, but it holds no port: no door
        const ProcessSnapshot *nginx = findProcess(*step.world, QStringLiteral("nginx"));
        QVERIFY(nginx && nginx->sockets.size() == 1);
        QCOMPARE(nginx->sockets[0].state, QStringLiteral("LISTEN"));
        QCOMPARE(nginx->sockets[0].kind, DoorKind::Listening);
    }

    void socketTablesChangeInStepWithTheEvents()
    {
        const Playback p = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        // The client's socket is SYN-SENT until the SYN-ACK reaches it, not before nor after.
        const int chosen = firstStep(p, [](const PlaybackStep &s) { return isEvent(s, TraceKind::PortChosen); });
        QVERIFY(chosen >= 0);
        const SocketId client = p.steps[static_cast<std::size_t>(chosen)].event->socket;
        const int established = firstStep(p, [client](const PlaybackStep &s) {
            return isEvent(s, TraceKind::StateChanged) && s.event->socket == client && s.event->to == SocketState::Established;
        });
        QVERIFY(established > chosen);
        const SocketSnapshot *before = findSocket(p.worldAt(established - 1), client);
        const SocketSnapshot *after = findSocket(p.worldAt(established), client);
        QVERIFY(before && after);
        QCOMPARE(before->state, QStringLiteral("SYN-SENT"));
        QCOMPARE(after->state, QStringLiteral("ESTAB"));
        // The ephemeral port is in Linux's range and on the door from the step that chose it.
        const SocketSnapshot *door = findSocket(p.worldAt(chosen), client);
        QVERIFY(door);
        QVERIFY2(door->port >= 32768 && door->port <= 60999, qPrintable(QString::number(door->port)));
        QVERIFY(!findSocket(p.worldAt(chosen - 1), client));
        // ss's table agrees with the doors.
        bool listed = false;
        for (const SsRow &row : p.worldAt(established)[0].socketTable)
            listed = listed || (row.socket == client && row.state == QStringLiteral("ESTAB"));
        QVERIFY(listed);
    }

    void lastStepShowsTheWorldAsItEnds()
    {
        const Playback p = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        QVERIFY(p.worldAt(static_cast<int>(p.size()) - 1) == snapshotWorld(*p.world));
        QVERIFY(p.worldAt(-1).empty());   // before the first step: no hosts yet
        // Unchanged steps share their snapshot instead of copying it.
        QSet<const WorldSnapshot *> distinct;
        for (const PlaybackStep &step : p.steps)
            distinct.insert(step.world.get());
        QVERIFY2(static_cast<std::size_t>(distinct.size()) < p.size() / 2, qPrintable(QStringLiteral("%1 of %2").arg(distinct.size()).arg(p.size())));
    }

    void everyEnvelopeIsAccountedFor_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("forwarded");
        QTest::newRow("the example") << exampleScenario() << 0;
        // A gateway routes envelopes on: each ends there as forwarded, and a new one leaves. Three
        // SYNs whose answers go round it, then a connection's handshake (3), request and its
        // ACK, answer and its ACK (4) through it, and a datagram and the ICMP error about it.
        QTest::newRow("a forwarding gateway") << scenarioText(PORTLAB_FORWARDING_SCENARIO) << 12;
    }

    void everyEnvelopeIsAccountedFor()
    {
        QFETCH(QString, scenario);
        QFETCH(int, forwarded);
        const Playback p = recordPlayback(scenario, QStringLiteral("scenario.portlab"));
        QSet<std::uint64_t> sent;
        QSet<std::uint64_t> forwardedIds;
        QSet<std::uint64_t> ended;
        for (int i = 0; i < static_cast<int>(p.size()); ++i) {
            const PlaybackStep &step = p.steps[static_cast<std::size_t>(i)];
            if (!step.event || !step.event->envelope)
                continue;
            const TraceEvent &e = *step.event;
            const std::vector<EnvelopeState> stage = p.envelopesAt(i);
            const auto here = std::find_if(stage.begin(), stage.end(), [&e](const EnvelopeState &s) {
                return s.id == e.envelope->id && s.toHost == e.envelope->toHost;
            });
            QVERIFY2(here != stage.end(), qPrintable(step.summary));
            QCOMPARE(here->at, e.host);
            switch (e.kind) {
            case TraceKind::EnvelopeWrapped:
                QCOMPARE(here->place, EnvelopePlace::Stack);
                QCOMPARE(here->layer, e.layer);
                QVERIFY(here->goingDown);
                break;
            case TraceKind::EnvelopeSent:
                QCOMPARE(here->place, EnvelopePlace::Wire);
                sent.insert(e.envelope->id);
                break;
            case TraceKind::EnvelopeUnwrapped:
                QCOMPARE(here->place, EnvelopePlace::Stack);
                QVERIFY(!here->goingDown);
                break;
            case TraceKind::EnvelopeDelivered:
                QCOMPARE(here->place, EnvelopePlace::Door);
                QCOMPARE(here->socket, e.socket);
                ended.insert(e.envelope->id);
                break;
            case TraceKind::EnvelopeRejected:
                QCOMPARE(here->place, EnvelopePlace::Bounced);
                ended.insert(e.envelope->id);
                break;
            case TraceKind::EnvelopeDropped:
                QCOMPARE(here->place, EnvelopePlace::Dropped);
                QVERIFY(!here->note.isEmpty());
                ended.insert(e.envelope->id);
                break;
            case TraceKind::EnvelopeForwarded:
                QCOMPARE(here->place, EnvelopePlace::Forwarded);
                QCOMPARE(here->layer, StackLayer::Network);
                QVERIFY(here->note.contains(u"ip_forward = 1"));
                QVERIFY(e.envelope->toHost == e.host);
                ended.insert(e.envelope->id);
                forwardedIds.insert(e.envelope->id);
                break;
            default:
                break;
            }
            // What ended at the step before is gone from the stage now.
            if (i > 0) {
                for (const EnvelopeState &previous : p.envelopesAt(i - 1)) {
                    if (previous.place >= EnvelopePlace::Door)
                        QVERIFY(std::none_of(stage.begin(), stage.end(), [&previous](const EnvelopeState &s) {
                            return s.id == previous.id && s.toHost == previous.toHost;
                        }));
                }
            }
        }
        QVERIFY(sent.size() >= 10);
        QCOMPARE(ended, sent);   // every envelope that left a host reached a door, bounced, was dropped or forwarded
        QCOMPARE(forwardedIds.size(), forwarded);
        QVERIFY(p.envelopesAt(static_cast<int>(p.size()) - 1).size() <= 1);
    }

    void dataReachesTheAcceptedSocketNotTheListener()
    {
        const Playback p = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        const int delivered = firstStep(p, [](const PlaybackStep &s) {
            return isEvent(s, TraceKind::EnvelopeDelivered) && !s.event->envelope->payload.isEmpty();
        });
        QVERIFY(delivered >= 0);
        const TraceEvent &e = *p.steps[static_cast<std::size_t>(delivered)].event;
        QVERIFY(e.decision);
        QCOMPARE(e.decision->reason, DemuxMatch::FourTuple);
        const SocketSnapshot *door = findSocket(p.worldAt(delivered), e.socket);
        QVERIFY(door);
        QCOMPARE(door->port, std::uint16_t(80));   // the accepted socket keeps the server's port
        QCOMPARE(door->state, QStringLiteral("ESTAB"));
        QVERIFY(!door->remote.isEmpty());
    }

    void replayingGivesTheSameSteps()
    {
        const Playback a = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        const Playback b = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"));
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a.steps[i].summary, b.steps[i].summary);
            QVERIFY(*a.steps[i].world == *b.steps[i].world);
        }
        // Back and forth over the same step shows the same envelopes.
        const int middle = static_cast<int>(a.size()) / 2;
        const auto first = a.envelopesAt(middle);
        a.envelopesAt(middle + 5);
        const auto again = a.envelopesAt(middle);
        QCOMPARE(first.size(), again.size());
        for (std::size_t i = 0; i < first.size(); ++i) {
            QCOMPARE(first[i].id, again[i].id);
            QCOMPARE(first[i].place, again[i].place);
            QCOMPARE(first[i].layer, again[i].layer);
        }
    }

    void groupDatagramGoesToEveryHostAsItsOwnCopy()
    {
        const Playback p = recordPlayback(QStringLiteral(
            "host a 10.0.0.1\nhost b 10.0.0.2\nhost c 10.0.0.3\n"
            "process app on a user root\n"
            "app: u = socket udp\n"
            "app: sendto u 224.0.0.1:9999 \"hello\"\n"), QStringLiteral("group.portlab"));
        QVERIFY(p.errors.empty());
        QSet<HostId> reached;
        for (int i = 0; i < static_cast<int>(p.size()); ++i) {
            const PlaybackStep &step = p.steps[static_cast<std::size_t>(i)];
            if (!isEvent(step, TraceKind::EnvelopeRejected))
                continue;
            reached.insert(step.event->host);
            for (const EnvelopeState &s : p.envelopesAt(i)) {
                if (s.toHost == step.event->host)
                    QCOMPARE(s.place, EnvelopePlace::Bounced);
            }
        }
        QCOMPARE(reached, (QSet<HostId>{0, 1, 2}));
    }

    void badScenarioRunsNothingAndSaysWhere()
    {
        const Playback p = recordPlayback(QStringLiteral("host a 10.0.0.1\nprocess x on nowhere user root\n"), QStringLiteral("bad.portlab"));
        QVERIFY(!p.errors.empty());
        QCOMPARE(p.errors.front().line, 2);
        QVERIFY(p.steps.empty());
        QVERIFY(p.worldAt(0).empty());
    }

    // A capture plays as steps too: each packet leaving, then taken or refused, in the world
    // the whole capture implies.
    void captureReplaysAsSteps()
    {
        const wire::CaptureContents capture = wire::readCaptureFile(QStringLiteral(PORTLAB_CAPTURE_DIR "/lo_ethernet.pcap"));
        QVERIFY(!capture.records.empty());
        const CaptureReplay replay = replayCapture(capture);
        const Playback p = playbackOfCapture(replay, QStringLiteral("lo_ethernet.pcap"));
        QCOMPARE(p.size(), replay.events.size());
        QCOMPARE(p.outcomes.size(), std::size_t(1));
        QCOMPARE(p.outcomes[0].text, QStringLiteral("open lo_ethernet.pcap"));
        QVERIFY(!p.worldAt(-1).empty());
        QVERIFY(p.worldAt(-1) == snapshotWorld(*replay.world));
        int sent = 0;
        for (int i = 0; i < static_cast<int>(p.size()); ++i) {
            const PlaybackStep &step = p.steps[static_cast<std::size_t>(i)];
            QCOMPARE(step.world.get(), p.initialWorld.get());
            QVERIFY(!step.summary.isEmpty());
            if (step.event->kind != TraceKind::EnvelopeSent)
                continue;
            ++sent;
            const auto stage = p.envelopesAt(i);
            QVERIFY(std::any_of(stage.begin(), stage.end(), [&step](const EnvelopeState &s) {
                return s.id == step.event->envelope->id && s.place == EnvelopePlace::Wire;
            }));
        }
        QVERIFY(sent >= 3);
    }

    void longRunsStopAtTheLimit()
    {
        const Playback p = recordPlayback(exampleScenario(), QStringLiteral("example.portlab"), 40);
        QVERIFY(p.truncated);
        QCOMPARE(p.size(), std::size_t(40));
        QVERIFY(p.outcomes.size() < recordPlayback(exampleScenario(), QStringLiteral("example.portlab")).outcomes.size());
    }
};

QTEST_GUILESS_MAIN(TestPlayback)
#include "tst_playback.moc"
