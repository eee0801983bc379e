// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison a window panel shows: rows arrive as the kernel runs the scenario, a stop
// ends the run and removes what it made, and without root it says why instead.
#include "comparison_model.h"
#include "network_lab.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

using portlab::kernel::ComparisonModel;
using portlab::kernel::NetworkLab;

namespace {

const QString smallScenario = QStringLiteral(
    "host server 10.7.0.1\n"
    "host client 10.7.0.2\n"
    "host win 10.7.0.3 os windows\n"
    "process srv on server user root\n"
    "process app on client user alice\n"
    "srv: l = socket tcp\n"
    "srv: bind l 10.7.0.1:80\n"
    "srv: listen l\n"
    "app: c = socket tcp\n"
    "app: connect c 10.7.0.1:80\n"
    "expect c port 32768-60999\n"
    "srv: a = accept l\n"
    "app: send c \"hello\"\n"
    "expect delivered srv.a\n"
    "srv: recv a\n"
    "expect received \"hello\"\n"
    // read from the namespace's counters, which a worker thread must find in its own namespace
    "app: r = socket tcp\n"
    "app: connect r 10.7.0.1:81\n"
    "expect error ECONNREFUSED\n"
    "expect reply rst\n");

QStringList labNamespacesOfThisProcess()
{
    return NetworkLab::existingLabNamespaces().filter(QStringLiteral("portlab-%1-").arg(::getpid()));
}

} // namespace

class ComparisonModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowsArriveAndAgree()
    {
        ComparisonModel model;
        QSignalSpy finished(&model, &ComparisonModel::finished);
        model.compare(smallScenario);
        QVERIFY(model.running());
        QVERIFY(finished.wait(60'000));
        QVERIFY(!model.running());
        if (!model.unavailableReason().isEmpty()) {
            QCOMPARE(finished.first().first().toInt(), 77);
            QVERIFY2(model.status().contains(QStringLiteral("Cannot run")), qPrintable(model.status()));
            QCOMPARE(model.rowCount(), 0);
            return;
        }
        QCOMPARE(finished.first().first().toInt(), 0);
        QCOMPARE(model.rowCount(), 20);
        const QHash<int, QByteArray> roles = model.roleNames();
        for (const QByteArray &name : {QByteArrayLiteral("line"), QByteArrayLiteral("statement"), QByteArrayLiteral("model"),
                                       QByteArrayLiteral("kernel"), QByteArrayLiteral("verdict"), QByteArrayLiteral("why")})
            QVERIFY2(roles.values().contains(name), name.constData());
        // The Windows host's declaration runs on Linux: not comparable, and said so.
        const QModelIndex windows = model.index(2);
        QCOMPARE(model.data(windows, ComparisonModel::VerdictRole).toString(), QStringLiteral("n/a"));
        QVERIFY(model.data(windows, ComparisonModel::WhyRole).toString().contains(QStringLiteral("Windows")));
        for (int row = 0; row < model.rowCount(); ++row) {
            if (row == 2)
                continue;
            const QModelIndex index = model.index(row);
            QVERIFY2(model.data(index, ComparisonModel::VerdictRole).toString() == QStringLiteral("agree"),
                     qPrintable(model.data(index, ComparisonModel::StatementRole).toString() + QStringLiteral(": ")
                                + model.data(index, ComparisonModel::WhyRole).toString()));
        }
        QCOMPARE(model.data(model.index(9), ComparisonModel::LineRole).toInt(), 10);
        QVERIFY(model.data(model.index(9), ComparisonModel::KernelRole).toString().startsWith(QStringLiteral("ok 10.7.0.2:")));
        QCOMPARE(model.agreeing(), 19);
        QCOMPARE(model.notComparable(), 1);
        QCOMPARE(model.differing(), 0);
        QVERIFY2(model.status().contains(QStringLiteral("agrees")), qPrintable(model.status()));
        QVERIFY(labNamespacesOfThisProcess().isEmpty());
    }

    void stopEndsTheRunAndRemovesItsNamespaces()
    {
        if (!NetworkLab::unavailableReason().isEmpty())
            QSKIP("needs root and network namespaces");
        ComparisonModel model;
        QSignalSpy finished(&model, &ComparisonModel::finished);
        model.compare(QStringLiteral("host a 10.7.1.1\nprocess p on a user alice\np: s = socket udp\nwait 60s\np: bind s 10.7.1.1:0\n"));
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 3, 20'000);
        QVERIFY(!labNamespacesOfThisProcess().isEmpty());
        model.stop();
        QVERIFY(finished.wait(20'000));
        QVERIFY2(model.status().contains(QStringLiteral("stopped")), qPrintable(model.status()));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(labNamespacesOfThisProcess().isEmpty());
    }

    void anInvalidScenarioRunsNothing()
    {
        ComparisonModel model;
        QSignalSpy finished(&model, &ComparisonModel::finished);
        model.compare(QStringLiteral("host a 10.7.2.1\nnobody: s = socket tcp\n"));
        QVERIFY(finished.wait(20'000));
        QCOMPARE(finished.first().first().toInt(), 2);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY2(model.status().contains(QStringLiteral("error")), qPrintable(model.status()));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ComparisonModelTest test;
    const int failed = QTest::qExec(&test, argc, argv);
    if (failed == 0 && !NetworkLab::unavailableReason().isEmpty()) {
        // What could be checked without root passed; the comparison itself did not run.
        std::puts("skipped: needs root and network namespaces");
        return 77;
    }
    return failed;
}

#include "tst_comparison_model.moc"
