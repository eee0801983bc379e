// SPDX-License-Identifier: GPL-3.0-or-later
// Tab in the console: what completes where, from the language's words and the scene's names.
#include "script/completion.h"
#include "script/parser.h"

#include <QTest>

using namespace portlab;

namespace {

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ');
}

} // namespace

class TestCompletion : public QObject
{
    Q_OBJECT

private:
    std::vector<Statement> m_scene;

    // Tab with the cursor at the end of `line`.
    Completion tab(const QString &line) const
    {
        return completeLine(m_scene, line, static_cast<int>(line.size()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const ParsedScript script = parseScenario(QStringLiteral(
            "host laptop 192.168.1.10\n"
            "host server 93.184.216.34 2001:db8::34\n"
            "process nginx on server user root\n"
            "process netdata on server\n"
            "process chrome on laptop user alice\n"
            "nginx: s = socket tcp\n"
            "nginx: sock6 = socket tcp6\n"
            "chrome: c = socket tcp\n"
            "chrome: s = socket udp\n"), QStringLiteral("scene.portlab"));
        QVERIFY(script.errors.empty());
        m_scene = script.statements;
    }

    void oneCandidateCompletesTheWordAndABlank_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("completed");
        QTest::newRow("keyword") << QStringLiteral("exp") << QStringLiteral("expect ");
        QTest::newRow("process name") << QStringLiteral("ch") << QStringLiteral("chrome: ");
        QTest::newRow("verb") << QStringLiteral("nginx: li") << QStringLiteral("nginx: listen ");
        QTest::newRow("verb after assignment") << QStringLiteral("nginx: t = so") << QStringLiteral("nginx: t = socket ");
        QTest::newRow("socket type") << QStringLiteral("nginx: t = socket tcp6") << QStringLiteral("nginx: t = socket tcp6 ");
        QTest::newRow("variable of that process") << QStringLiteral("nginx: listen so") << QStringLiteral("nginx: listen sock6 ");
        QTest::newRow("option") << QStringLiteral("nginx: setsockopt s SO_REUSEP") << QStringLiteral("nginx: setsockopt s SO_REUSEPORT ");
        QTest::newRow("host of ss") << QStringLiteral("ss lap") << QStringLiteral("ss laptop ");
        QTest::newRow("host of process") << QStringLiteral("process web on se") << QStringLiteral("process web on server ");
        QTest::newRow("errno") << QStringLiteral("expect error EADDRI") << QStringLiteral("expect error EADDRINUSE ");
        QTest::newRow("socket of expect") << QStringLiteral("expect nginx.so") << QStringLiteral("expect nginx.sock6 ");
        QTest::newRow("nc after assignment") << QStringLiteral("chrome: w = n") << QStringLiteral("chrome: w = nc ");
        QTest::newRow("nc's listen flag") << QStringLiteral("nginx: nc -l") << QStringLiteral("nginx: nc -l ");
        QTest::newRow("nc's address") << QStringLiteral("chrome: nc -v 93") << QStringLiteral("chrome: nc -v 93.184.216.34 ");
        QTest::newRow("what is typed into nc") << QStringLiteral("chrome: nc 93.184.216.34 8080 s") << QStringLiteral("chrome: nc 93.184.216.34 8080 send ");
        QTest::newRow("nmap") << QStringLiteral("chrome: nm") << QStringLiteral("chrome: nmap ");
        QTest::newRow("process to kill") << QStringLiteral("kill ng") << QStringLiteral("kill nginx ");
        QTest::newRow("process to kill by signal") << QStringLiteral("kill -KILL ch") << QStringLiteral("kill -KILL chrome ");
    }

    void oneCandidateCompletesTheWordAndABlank()
    {
        QFETCH(QString, typed);
        QFETCH(QString, completed);
        const Completion c = tab(typed);
        QCOMPARE(c.line, completed);
        QCOMPARE(c.cursor, completed.size());
        QVERIFY2(c.candidates.isEmpty(), qPrintable(c.candidates.join(u' ')));
    }

    // An address is followed by its port, so no blank goes after it.
    void addressesCompleteWithoutABlank()
    {
        QCOMPARE(tab(QStringLiteral("chrome: connect c 93")).line, QStringLiteral("chrome: connect c 93.184.216.34:"));
        QCOMPARE(tab(QStringLiteral("chrome: connect c [2001")).line, QStringLiteral("chrome: connect c [2001:db8::34]:"));
        // bind offers the wildcards, loopback and the process's own host's addresses
        const Completion bind = tab(QStringLiteral("nginx: bind s "));
        QCOMPARE(bind.candidates, words("0.0.0.0: [::]: 127.0.0.1: [::1]: 93.184.216.34: [2001:db8::34]:"));
        QCOMPARE(bind.line, QStringLiteral("nginx: bind s "));
    }

    // Several candidates: the word grows to what they share, and they are listed.
    void severalCandidatesAreListed()
    {
        Completion c = tab(QStringLiteral("n"));
        QCOMPARE(c.candidates, words("netstat nginx: netdata:"));
        QCOMPARE(c.line, QStringLiteral("n"));
        c = tab(QStringLiteral("ne"));
        QCOMPARE(c.line, QStringLiteral("net"));
        QCOMPARE(c.candidates, words("netstat netdata:"));
        c = tab(QStringLiteral("nginx: t = socket ud"));
        QCOMPARE(c.line, QStringLiteral("nginx: t = socket udp"));
        QCOMPARE(c.candidates, words("udp udp6"));
        c = tab(QStringLiteral("nginx: send"));
        QCOMPARE(c.line, QStringLiteral("nginx: send"));
        QCOMPARE(c.candidates, words("send sendto"));
        c = tab(QStringLiteral("nginx: setsockopt s "));
        QCOMPARE(c.candidates, words("SO_REUSEADDR SO_REUSEPORT IPV6_V6ONLY"));
        QCOMPARE(c.line, QStringLiteral("nginx: setsockopt s "));
        c = tab(QStringLiteral("nginx: setsockopt s SO_"));
        QCOMPARE(c.line, QStringLiteral("nginx: setsockopt s SO_REUSE"));
        c = tab(QStringLiteral("sysctl server net.ipv4.ip_loc"));
        QCOMPARE(c.line, QStringLiteral("sysctl server net.ipv4.ip_local_"));
        QCOMPARE(c.candidates, words("net.ipv4.ip_local_port_range net.ipv4.ip_local_reserved_ports"));
    }

    void ncAndNmapFlagsAreListed()
    {
        QCOMPARE(tab(QStringLiteral("chrome: nc -")).candidates, words("-v -l -u -k -n -z"));
        QCOMPARE(tab(QStringLiteral("chrome: nmap -")).candidates, words("-sT -sU -p -Pn -n"));
    }

    // A socket that nc keeps is named like any other and offered where sockets are.
    void socketNamedByNcIsOffered()
    {
        const ParsedScript script = parseScenario(QStringLiteral(
            "host laptop 192.168.1.10\n"
            "process chrome on laptop\n"
            "chrome: conn = nc 192.168.1.10 80 send \"GET /\"\n"), QStringLiteral("scene.portlab"));
        QVERIFY(script.errors.empty());
        const QString line = QStringLiteral("chrome: close co");
        QCOMPARE(completeLine(script.statements, line, static_cast<int>(line.size())).line, QStringLiteral("chrome: close conn "));
    }

    // A process's variables are its own: chrome's c is not offered to nginx.
    void variablesBelongToTheirProcess()
    {
        QCOMPARE(tab(QStringLiteral("chrome: close ")).candidates, words("c s"));
        QCOMPARE(tab(QStringLiteral("nginx: close ")).candidates, words("s sock6"));
        // In an expectation a socket named by two processes needs its process: s is not offered alone.
        const QStringList refs = tab(QStringLiteral("expect delivered ")).candidates;
        QVERIFY(refs.contains(QStringLiteral("nginx.s")) && refs.contains(QStringLiteral("chrome.s")));
        QVERIFY(refs.contains(QStringLiteral("c")));
        QVERIFY(!refs.contains(QStringLiteral("s")));
    }

    // A process killed makes no more calls, so it is not offered to make one or to be killed;
    // its sockets can still be looked at.
    void anExitedProcessIsNotOffered()
    {
        std::vector<Statement> scene = m_scene;
        Diagnostic error;
        scene.push_back(*parseStatement(QStringLiteral("kill chrome"), 10, QString(), &error));
        QCOMPARE(completeLine(scene, QStringLiteral("ch"), 2).line, QStringLiteral("ch"));
        QCOMPARE(completeLine(scene, QStringLiteral("kill "), 5).candidates, words("-KILL nginx netdata"));
        QCOMPARE(completeLine(scene, QStringLiteral("expect chrome.c"), 15).line, QStringLiteral("expect chrome.c "));
        // declared again, it is a new process with no sockets yet
        scene.push_back(*parseStatement(QStringLiteral("process chrome on laptop"), 11, QString(), &error));
        QCOMPARE(completeLine(scene, QStringLiteral("ch"), 2).line, QStringLiteral("chrome: "));
        QCOMPARE(completeLine(scene, QStringLiteral("chrome: close "), 14).candidates, QStringList());
    }

    void everyStatementKeywordIsOfferedOnAnEmptyLine()
    {
        const QStringList offered = tab(QString()).candidates;
        for (const QString &keyword : words("host process sysctl wait kill ss netstat lsof services expect"))
            QVERIFY2(offered.contains(keyword), qPrintable(keyword));
        QVERIFY(offered.contains(QStringLiteral("nginx:")));
        const QStringList calls = tab(QStringLiteral("nginx: ")).candidates;
        for (const QString &verb : words("socket bind listen connect accept send sendto recv shutdown close setsockopt getsockname getpeername nc nmap"))
            QVERIFY2(calls.contains(verb), qPrintable(verb));
    }

    // The cursor in the middle of a line completes the word before it and keeps the rest.
    void completesAtTheCursor()
    {
        const QString line = QStringLiteral("nginx: bi s 0.0.0.0:80");
        const Completion c = completeLine(m_scene, line, 9);
        QCOMPARE(c.line, QStringLiteral("nginx: bind s 0.0.0.0:80"));
        QCOMPARE(c.cursor, 11);   // before the blank that was there
    }

    void nothingFitsNothingChanges_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::newRow("unknown word") << QStringLiteral("zz");
        QTest::newRow("inside a string") << QStringLiteral("nginx: send s \"ho");
        QTest::newRow("a number") << QStringLiteral("wait 6");
        QTest::newRow("unknown process's variables") << QStringLiteral("apache: close ");
    }

    void nothingFitsNothingChanges()
    {
        QFETCH(QString, typed);
        const Completion c = tab(typed);
        QCOMPARE(c.line, typed);
        QCOMPARE(c.cursor, typed.size());
        QVERIFY(c.candidates.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCompletion)
#include "tst_completion.moc"
