// SPDX-License-Identifier: GPL-3.0-or-later
// The stage player as the views bind it: steps forwards and back, the clock and its speed, the
// item models (hosts, envelopes, steps, socket table) and what the current step shows in detail.
#include "stage_player.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace portlab;

namespace {

// The first step whose summary contains every one of `parts`, or -1.
int stepWith(StagePlayer &player, std::initializer_list<QStringView> parts, int from = 0)
{
    for (int i = from; i < player.stepCount(); ++i) {
        const QString summary = player.steps()->index(i).data(StepListModel::SummaryRole).toString();
        if (std::all_of(parts.begin(), parts.end(), [&summary](QStringView part) { return summary.contains(part); }))
            return i;
    }
    return -1;
}

QVariantMap fieldsByName(const QVariantMap &layer)
{
    QVariantMap byName;
    for (const QVariant &field : layer.value(QStringLiteral("fields")).toList())
        byName.insert(field.toMap().value(QStringLiteral("name")).toString(), field.toMap().value(QStringLiteral("value")));
    return byName;
}

const char *const unreachable = R"(host client 10.0.0.2
host server 10.0.0.1
process dig on client user alice
dig: q = socket udp
dig: sendto q 10.0.0.1:53 "query"
process curl on client user alice
curl: c = socket tcp
curl: connect c 10.0.0.1:80
expect error ECONNREFUSED
)";

} // namespace

class TestStagePlayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelsPassTheItemModelChecks()
    {
        StagePlayer player;
        QAbstractItemModelTester hosts(player.hosts(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester envelopes(player.envelopes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester steps(player.steps(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filtered(player.filteredSteps(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester table(player.socketTable(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        player.loadExample();
        QVERIFY(player.stepCount() > 100);
        for (int i = 0; i < player.stepCount(); i += 3)
            player.jumpTo(i);
        player.jumpTo(-1);
        player.filteredSteps()->setProtocol(QStringLiteral("udp"));
        player.filteredSteps()->setHost(QStringLiteral("laptop"));
        player.filteredSteps()->setPacketsOnly(true);
    }

    void startsBeforeTheFirstStepAndSteps()
    {
        StagePlayer player;
        QSignalSpy changed(&player, &StagePlayer::stepChanged);
        player.loadExample();
        QCOMPARE(player.currentStep(), -1);
        QCOMPARE(player.hosts()->count(), 0);   // nothing declared yet
        QVERIFY(player.step().isEmpty());
        player.stepForward();
        QCOMPARE(player.currentStep(), 0);
        QCOMPARE(player.hosts()->count(), 1);
        QCOMPARE(player.step().value(QStringLiteral("statement")).toString(), QStringLiteral("host laptop 192.168.1.10"));
        player.stepBack();
        player.stepBack();   // no step before the start
        QCOMPARE(player.currentStep(), -1);
        player.toEnd();
        QCOMPARE(player.currentStep(), player.stepCount() - 1);
        player.stepForward();
        QCOMPARE(player.currentStep(), player.stepCount() - 1);
        QVERIFY(changed.count() >= 4);
        QCOMPARE(player.hostNames(), (QStringList{QStringLiteral("laptop"), QStringLiteral("server")}));
    }

    void bindFailureShowsItsErrno()
    {
        StagePlayer player;
        player.loadExample();
        const int bind = stepWith(player, {u"apache: bind", u"EADDRINUSE"});
        QVERIFY(bind >= 0);
        player.jumpTo(bind);
        QCOMPARE(player.step().value(QStringLiteral("errno")).toString(), QStringLiteral("EADDRINUSE"));
        QCOMPARE(player.step().value(QStringLiteral("ok")).toBool(), false);
        QVERIFY(player.caption().contains(QStringLiteral("nginx")));
        QCOMPARE(player.focusHost(), 1);   // apache runs on the server
        QVERIFY(!player.steps()->index(bind).data(StepListModel::OkRole).toBool());
    }

    void toolOutputIsTheStepsResult()
    {
        StagePlayer player;
        QVERIFY(player.load(QStringLiteral("host a 10.0.0.1\nss a -tan\nprocess p on a user root\np: s = socket tcp\np: connect s 10.0.0.1:9\n"),
                            QStringLiteral("tool.portlab")));
        player.jumpTo(1);
        QCOMPARE(player.step().value(QStringLiteral("finished")).toBool(), true);
        QVERIFY(player.step().value(QStringLiteral("output")).toString().startsWith(QStringLiteral("State")));
        // a call that goes on with events is not finished until its return step
        const int call = player.findStep({QStringLiteral("p: connect s 10.0.0.1:9")});
        player.jumpTo(call);
        QCOMPARE(player.step().value(QStringLiteral("finished")).toBool(), false);
        player.toEnd();
        QCOMPARE(player.step().value(QStringLiteral("kind")).toString(), QStringLiteral("return"));
        QCOMPARE(player.step().value(QStringLiteral("finished")).toBool(), true);
        QCOMPARE(player.step().value(QStringLiteral("errno")).toString(), QStringLiteral("ECONNREFUSED"));
    }

    void wrappingShowsTheRealHeaderValues()
    {
        StagePlayer player;
        player.loadExample();
        const int wrapped = stepWith(player, {u"laptop link layer writes", u"PSH"});
        QVERIFY(wrapped >= 0);
        player.jumpTo(wrapped);
        const QVariantMap stack = player.stack();
        QCOMPARE(stack.value(QStringLiteral("hostName")).toString(), QStringLiteral("laptop"));
        QCOMPARE(stack.value(QStringLiteral("goingDown")).toBool(), true);
        QCOMPARE(stack.value(QStringLiteral("layer")).toInt(), int(StageEnvelopeModel::Link));
        const QVariantList layers = stack.value(QStringLiteral("layers")).toList();
        QCOMPARE(layers.size(), 4);
        for (const QVariant &layer : layers)
            QVERIFY(layer.toMap().value(QStringLiteral("wrapped")).toBool());   // all four, down to the frame
        QCOMPARE(fieldsByName(layers[0].toMap()).value(QStringLiteral("Data")).toString(), QStringLiteral("GET / HTTP/1.1"));
        const QVariantMap tcp = fieldsByName(layers[1].toMap());
        QCOMPARE(tcp.value(QStringLiteral("Destination port")).toString(), QStringLiteral("80 (http)"));
        const int ephemeral = tcp.value(QStringLiteral("Source port")).toInt();
        QVERIFY2(ephemeral >= 32768 && ephemeral <= 60999, qPrintable(tcp.value(QStringLiteral("Source port")).toString()));
        QVERIFY(tcp.value(QStringLiteral("Flags")).toString().contains(QStringLiteral("PSH")));
        const QVariantMap ip = fieldsByName(layers[2].toMap());
        QCOMPARE(ip.value(QStringLiteral("Source address")).toString(), QStringLiteral("192.168.1.10"));
        QCOMPARE(ip.value(QStringLiteral("Destination address")).toString(), QStringLiteral("93.184.216.34"));
        const QVariantMap ethernet = fieldsByName(layers[3].toMap());
        QVERIFY(ethernet.value(QStringLiteral("Source")).toString().startsWith(QStringLiteral("02:50:4c")));
        QCOMPARE(layers[3].toMap().value(QStringLiteral("size")).toInt(), 80);   // 14 + 20 + 32 + 14

        // Going up, the layer that acts has just removed its header: only those above remain.
        const int unwrapped = stepWith(player, {u"server network layer reads", u"PSH"});
        player.jumpTo(unwrapped);
        const QVariantList up = player.stack().value(QStringLiteral("layers")).toList();
        QCOMPARE(player.stack().value(QStringLiteral("goingDown")).toBool(), false);
        QCOMPARE(up[1].toMap().value(QStringLiteral("wrapped")).toBool(), true);
        QCOMPARE(up[2].toMap().value(QStringLiteral("wrapped")).toBool(), false);
        QCOMPARE(up[3].toMap().value(QStringLiteral("wrapped")).toBool(), false);
        QVERIFY(player.mailRoom().isEmpty());
    }

    void mailRoomChoosesTheAcceptedSocket()
    {
        StagePlayer player;
        player.loadExample();
        const int delivered = stepWith(player, {u"server delivers", u"PSH", u"nginx.a1"});
        QVERIFY(delivered >= 0);
        player.jumpTo(delivered);
        const QVariantMap room = player.mailRoom();
        QCOMPARE(room.value(QStringLiteral("outcome")).toString(), QStringLiteral("delivered"));
        QCOMPARE(room.value(QStringLiteral("destination")).toString(), QStringLiteral("93.184.216.34:80"));
        const QVariantList rows = room.value(QStringLiteral("rows")).toList();
        QVERIFY(rows.size() >= 2);
        const QVariantMap chosen = rows[0].toMap();
        QVERIFY(chosen.value(QStringLiteral("chosen")).toBool());
        QCOMPARE(chosen.value(QStringLiteral("match")).toString(), QStringLiteral("four-tuple"));
        QCOMPARE(chosen.value(QStringLiteral("socketId")).toInt(), room.value(QStringLiteral("chosenSocket")).toInt());
        QCOMPARE(player.focusSocket(), room.value(QStringLiteral("chosenSocket")).toInt());
        // The listener on port 80 is shown, and why it was never asked.
        bool listenerShown = false;
        for (const QVariant &row : rows) {
            const QVariantMap r = row.toMap();
            if (r.value(QStringLiteral("state")).toString() == QStringLiteral("LISTEN")) {
                listenerShown = true;
                QCOMPARE(r.value(QStringLiteral("considered")).toBool(), false);
                QCOMPARE(r.value(QStringLiteral("match")).toString(), QStringLiteral("not looked at"));
            }
        }
        QVERIFY(listenerShown);
        // The envelope is at the door of that socket.
        bool atDoor = false;
        for (const StageEnvelopeModel::Row &e : player.envelopes()->rows())
            atDoor = atDoor || (e.place == StageEnvelopeModel::Door && e.socketId == room.value(QStringLiteral("chosenSocket")).toInt());
        QVERIFY(atDoor);
    }

    void noMatchShowsWhatGoesBack()
    {
        StagePlayer player;
        QVERIFY(player.load(QString::fromUtf8(unreachable), QStringLiteral("closed.portlab")));
        const int udp = stepWith(player, {u"udp"});
        QVERIFY(udp >= 0);
        int rejected = -1;
        for (int i = 0; i < player.stepCount(); ++i) {
            if (player.steps()->index(i).data(StepListModel::KindRole).toString() == QStringLiteral("rejected")) {
                player.jumpTo(i);
                const QString consequence = player.mailRoom().value(QStringLiteral("consequence")).toString();
                QVERIFY2(consequence == QStringLiteral("ICMP port unreachable") || consequence == QStringLiteral("RST"), qPrintable(consequence));
                QCOMPARE(player.mailRoom().value(QStringLiteral("chosenSocket")).toInt(), -1);
                QVERIFY(!player.mailRoom().value(QStringLiteral("reason")).toString().isEmpty());
                QVERIFY(!player.steps()->index(i).data(StepListModel::OkRole).toBool());
                rejected = rejected < 0 ? i : rejected;
            }
        }
        QVERIFY(rejected >= 0);
        player.jumpTo(rejected);
        QCOMPARE(player.mailRoom().value(QStringLiteral("consequence")).toString(), QStringLiteral("ICMP port unreachable"));
        // Envelopes bounce where they were refused.
        QCOMPARE(player.envelopes()->count(), 1);
        QCOMPARE(player.envelopes()->rows()[0].place, StageEnvelopeModel::Bounced);
    }

    void steppingBackShowsWhatSteppingForwardShowed()
    {
        StagePlayer player;
        player.loadExample();
        const int middle = stepWith(player, {u"sends", u"SYN, ACK"});
        player.jumpTo(middle);
        const QVariantMap step = player.step();
        const QVariantMap stack = player.stack();
        const auto envelopes = player.envelopes()->rows();
        const int tableRows = player.socketTable()->count();
        player.stepForward();
        player.stepForward();
        player.stepBack();
        player.stepBack();
        QCOMPARE(player.step(), step);
        QCOMPARE(player.stack(), stack);
        QVERIFY(player.envelopes()->rows() == envelopes);
        QCOMPARE(player.socketTable()->count(), tableRows);
    }

    void envelopeRowsAreUpdatedInPlace()
    {
        StagePlayer player;
        player.loadExample();
        player.jumpTo(stepWith(player, {u"laptop transport layer writes", u"SYN"}));
        QCOMPARE(player.envelopes()->count(), 1);
        QSignalSpy inserted(player.envelopes(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(player.envelopes(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(player.envelopes(), &QAbstractItemModel::dataChanged);
        const QString key = player.envelopes()->rows()[0].key;
        player.stepForward();   // network layer
        player.stepForward();   // link layer
        player.stepForward();   // on the wire
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(changed.count(), 3);
        QCOMPARE(player.envelopes()->rows()[0].key, key);
        QCOMPARE(player.envelopes()->rows()[0].place, StageEnvelopeModel::Wire);
    }

    void socketTableFollowsTheStepAndTheHost()
    {
        StagePlayer player;
        player.loadExample();
        // Until the viewer chooses a host, the table is the one of the host the step is about.
        QCOMPARE(player.selectedHost(), -1);
        player.jumpTo(stepWith(player, {u"server delivers", u"PSH"}));
        QCOMPARE(player.tableHost(), 1);
        QVERIFY(player.socketTable()->count() >= 5);
        player.jumpTo(stepWith(player, {u"laptop delivers", u"SYN, ACK"}));
        QCOMPARE(player.tableHost(), 0);
        player.setSelectedHost(1);
        QCOMPARE(player.tableHost(), 1);
        player.jumpTo(stepWith(player, {u"nginx: bind web"}));
        QCOMPARE(player.socketTable()->count(), 0);   // bound but not listening: ss lists no TCP socket
        player.jumpTo(stepWith(player, {u"CLOSED → LISTEN"}));
        QCOMPARE(player.socketTable()->count(), 1);
        const QModelIndex row = player.socketTable()->index(0);
        QCOMPARE(row.data(SocketTableModel::StateRole).toString(), QStringLiteral("LISTEN"));
        QCOMPARE(row.data(SocketTableModel::LocalRole).toString(), QStringLiteral("0.0.0.0:80"));
        QCOMPARE(row.data(SocketTableModel::ProcessRole).toString(), QStringLiteral("users:((\"nginx\",pid=1000,fd=3))"));
        player.setSelectedHost(0);
        QCOMPARE(player.socketTable()->count(), 0);   // the laptop has no sockets yet
    }

    void filtersNarrowTheStepList()
    {
        StagePlayer player;
        QVERIFY(player.load(QString::fromUtf8(unreachable), QStringLiteral("closed.portlab")));
        StepFilterModel *filter = player.filteredSteps();
        const int all = filter->count();
        filter->setPacketsOnly(true);
        // dig's datagram, its ICMP answer, curl's SYN and the RST: four packets.
        QCOMPARE(filter->count(), 4);
        filter->setProtocol(QStringLiteral("icmp"));
        QCOMPARE(filter->count(), 1);
        QCOMPARE(filter->index(0, 0).data(StepListModel::FromRole).toString(), QStringLiteral("server"));
        filter->setProtocol({});
        filter->setPacketsOnly(false);
        QCOMPARE(filter->count(), all);
        filter->setHost(QStringLiteral("nobody"));
        QCOMPARE(filter->count(), 0);
        filter->setHost({});
        QCOMPARE(filter->rowForStep(5), 5);
    }

    void clockPlaysAtTheChosenSpeed()
    {
        StagePlayer player;
        player.loadExample();
        player.setBaseStepDuration(40);
        player.setSpeed(4);
        QCOMPARE(player.stepDuration(), 10);
        player.setSpeed(100);
        QCOMPARE(player.speed(), 4.0);
        player.slower();
        QCOMPARE(player.speed(), 2.0);
        player.setSpeed(0.01);
        QCOMPARE(player.speed(), 0.25);
        player.faster();
        player.faster();
        player.faster();
        QCOMPARE(player.speed(), 2.0);
        player.setSpeed(4);
        player.setPlaying(true);
        QVERIFY(player.playing());
        QTRY_VERIFY_WITH_TIMEOUT(player.currentStep() >= 5, 5000);
        player.setPlaying(false);
        const int stopped = player.currentStep();
        QTest::qWait(60);
        QCOMPARE(player.currentStep(), stopped);
        // Played to the end, it stops there; playing again starts over.
        player.jumpTo(player.stepCount() - 2);
        player.setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(!player.playing(), 5000);
        QCOMPARE(player.currentStep(), player.stepCount() - 1);
        player.setPlaying(true);
        QVERIFY(player.currentStep() < 2);
        player.setPlaying(false);
    }

    void badScenarioKeepsWhatWasShown()
    {
        StagePlayer player;
        player.loadExample();
        player.jumpTo(10);
        const int steps = player.stepCount();
        QVERIFY(!player.load(QStringLiteral("host a 10.0.0.1\nfrobnicate\n"), QStringLiteral("broken.portlab")));
        QVERIFY2(player.errorText().contains(QStringLiteral("broken.portlab:2:")), qPrintable(player.errorText()));
        QCOMPARE(player.stepCount(), steps);
        QCOMPARE(player.currentStep(), 10);
        QCOMPARE(player.title(), QStringLiteral("example.portlab"));
    }
};

QTEST_MAIN(TestStagePlayer)
#include "tst_stage_player.moc"
