// SPDX-License-Identifier: GPL-3.0-or-later
// The interpreter one statement at a time, as a console drives it: names persist between
// statements, a new statement is checked against what has run, and nothing runs if it is wrong.
#include "script/runner.h"

#include <QTest>

using namespace portlab;

class TestInterpreter : public QObject
{
    Q_OBJECT

private:
    static Statement parsed(const QString &line, int number = 1)
    {
        Diagnostic error;
        const auto statement = parseStatement(line, number, QStringLiteral("console"), &error);
        if (!statement)
            qFatal("test statement did not parse: %s", qPrintable(error.toString()));
        return *statement;
    }

private Q_SLOTS:
    void blankAndCommentLinesAreNotStatements_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("empty") << QString();
        QTest::newRow("blanks") << QStringLiteral("   \t ");
        QTest::newRow("comment") << QStringLiteral("  # host a 10.0.0.1");
    }

    void blankAndCommentLinesAreNotStatements()
    {
        QFETCH(QString, line);
        Diagnostic error;
        QVERIFY(!parseStatement(line, 1, QStringLiteral("console"), &error));
        QVERIFY(error.message.isEmpty());
    }

    void namesPersistBetweenStatements()
    {
        World world;
        Interpreter interpreter(world);
        for (const QString &line : {QStringLiteral("host server 10.0.0.1"), QStringLiteral("process nginx on server user root"),
                                    QStringLiteral("nginx: s = socket tcp"), QStringLiteral("nginx: bind s 0.0.0.0:80")}) {
            const Statement statement = parsed(line);
            QVERIFY(interpreter.checkNames({statement}, QStringLiteral("console")).empty());
            QVERIFY2(interpreter.execute(statement).ok, qPrintable(line));
        }
        const SocketId s = interpreter.socketOf(QStringLiteral("nginx"), QStringLiteral("s"));
        QVERIFY(s != NoSocket);
        QCOMPARE(interpreter.socketName(s), QStringLiteral("nginx.s"));
        QCOMPARE(world.socketAt(s).local.toString(), QStringLiteral("0.0.0.0:80"));

        // A later statement naming an unknown socket is refused before it runs, pointing at it.
        const Statement wrong = parsed(QStringLiteral("nginx: listen t"));
        const auto errors = interpreter.checkNames({wrong}, QStringLiteral("console"));
        QCOMPARE(errors.size(), std::size_t{1});
        QCOMPARE(errors.front().column, 15);
        QVERIFY(errors.front().hint.contains(QStringLiteral("did you mean 's'")));
    }

    void failedCallsAndExpectationsAreReported()
    {
        World world;
        Interpreter interpreter(world);
        const ScenarioRun run = runScenario(interpreter, QStringLiteral(
            "host server 10.0.0.1\n"
            "process web on server user alice\n"
            "web: s = socket tcp\n"
            "web: bind s 0.0.0.0:80\n"
            "expect ok\n"
            "expect error EACCES\n"), QStringLiteral("t.portlab"));
        QCOMPARE(run.exitCode, int(ExpectationFailed));
        QCOMPARE(run.outcomes.size(), std::size_t{6});
        QCOMPARE(run.outcomes[3].error, Errno::Acces);
        QVERIFY(run.outcomes[3].message.contains(QStringLiteral("web runs as alice")));
        QVERIFY(!run.outcomes[4].ok);
        QVERIFY(run.outcomes[5].ok);
        QCOMPARE(interpreter.failedExpectations(), 1);
    }

    // nmap's verdicts stay in the outcome port by port, with the evidence: answers (syn-ack,
    // conn-refused, port-unreach) and silence (no-response), which takes nmap's two tries.
    void nmapKeepsEachPortsStateAndReason()
    {
        World world;
        Interpreter interpreter(world);
        const ScenarioRun run = runScenario(interpreter, QStringLiteral(
            "host server 10.0.0.1\n"
            "host laptop 10.0.0.2\n"
            "process sshd on server user root\n"
            "process dns on server user root\n"
            "process scanner on laptop user root\n"
            "sshd: s = socket tcp\n"
            "sshd: bind s 0.0.0.0:22\n"
            "sshd: listen s\n"
            "dns: d = socket udp\n"
            "dns: bind d 0.0.0.0:53\n"
            "scanner: nmap -sT -p 22,23 10.0.0.1\n"
            "scanner: nmap -sU -p 53,54 10.0.0.1\n"
            "scanner: nmap -sT -Pn -p 22 10.0.0.9\n"), QStringLiteral("t.portlab"));
        QCOMPARE(run.exitCode, 0);
        const auto verdicts = [](const StatementOutcome &outcome) {
            QStringList list;
            for (const PortScanResult &port : outcome.portScan)
                list << QStringLiteral("%1/%2 %3 %4").arg(port.port).arg(protocolName(port.protocol), portStateName(port.state), port.reason);
            return list.join(QStringLiteral("; "));
        };
        QCOMPARE(verdicts(run.outcomes[10]), QStringLiteral("22/tcp open syn-ack; 23/tcp closed conn-refused"));
        QCOMPARE(verdicts(run.outcomes[11]), QStringLiteral("53/udp open|filtered no-response; 54/udp closed port-unreach"));
        QCOMPARE(verdicts(run.outcomes[12]), QStringLiteral("22/tcp filtered no-response"));
        // Nothing answers at 10.0.0.9: two tries, each waiting nmap's first timeout of 1 s.
        QVERIFY(run.outcomes[12].output.contains(QStringLiteral("scanned in 2.00 seconds")));
        QVERIFY(run.outcomes[12].output.contains(QStringLiteral("\nHost is up.\n")));
    }

    // A bind or listen refused because another socket holds the port names that socket, so a
    // view can point at it; other failures name none.
    void aConflictNamesTheSocketThatHoldsThePort()
    {
        World world;
        Interpreter interpreter(world);
        const ScenarioRun run = runScenario(interpreter, QStringLiteral(
            "host server 10.0.0.1\n"
            "process nginx on server user root\n"
            "process apache on server user root\n"
            "nginx: s = socket tcp\n"
            "nginx: bind s 0.0.0.0:80\n"
            "nginx: listen s\n"
            "apache: t = socket tcp\n"
            "apache: bind t 10.0.0.1:80\n"
            "apache: u = socket tcp\n"
            "apache: setsockopt u SO_REUSEADDR 1\n"
            "apache: bind u 10.0.0.1:8080\n"
            "nginx: w = socket tcp\n"
            "nginx: setsockopt w SO_REUSEADDR 1\n"
            "nginx: bind w 10.0.0.1:8080\n"
            "apache: listen u\n"
            "nginx: listen w\n"
            "nginx: bind s 10.0.0.1:81\n"), QStringLiteral("t.portlab"));
        QCOMPARE(run.exitCode, int(RunSucceeded));
        const SocketId nginx = interpreter.socketOf(QStringLiteral("nginx"), QStringLiteral("s"));
        QCOMPARE(run.outcomes[7].error, Errno::AddrInUse);
        QCOMPARE(run.outcomes[7].culprit, nginx);
        QVERIFY(run.outcomes[7].message.contains(QStringLiteral("nginx (pid 1000) is listening on tcp 0.0.0.0:80")));
        // Two sockets bound the same port with SO_REUSEADDR: the second to listen finds the first.
        QVERIFY(run.outcomes[13].ok);
        QVERIFY(run.outcomes[14].ok);
        QCOMPARE(run.outcomes[15].error, Errno::AddrInUse);
        QCOMPARE(run.outcomes[15].culprit, interpreter.socketOf(QStringLiteral("apache"), QStringLiteral("u")));
        // EINVAL (already bound) is about the socket itself: no other socket to blame.
        QCOMPARE(run.outcomes[16].error, Errno::Inval);
        QCOMPARE(run.outcomes[16].culprit, NoSocket);
        QCOMPARE(run.outcomes[4].culprit, NoSocket);
    }

    void anInvalidScriptRunsNothing()
    {
        World world;
        Interpreter interpreter(world);
        const ScenarioRun run = runScenario(interpreter, QStringLiteral(
            "host server 10.0.0.1\n"
            "process web on server\n"
            "web: s = socket tcp\n"
            "web: bind s 10.0.0.1:99999\n"), QStringLiteral("t.portlab"));
        QCOMPARE(run.exitCode, int(ScenarioInvalid));
        QVERIFY(run.outcomes.empty());
        QCOMPARE(world.hostCount(), std::size_t{0});
        QCOMPARE(run.errors.size(), std::size_t{1});
        QCOMPARE(run.errors.front().line, 4);
        QCOMPARE(run.errors.front().column, 13);
    }
};

QTEST_GUILESS_MAIN(TestInterpreter)
#include "tst_interpreter.moc"
