// SPDX-License-Identifier: GPL-3.0-or-later
// The console's C++ side, without a window: statements typed after the scene the window shows,
// printed as `portlab run` prints them and played on the stage; refused ones with a caret;
// completion; the history on disk; undo and redo; saving the scene as a scenario.

#include "console_session.h"
#include "lab_session.h"

#include "script/runner.h"
#include "wire/capture.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace portlab;

namespace {

// The step summaries of what the stage shows: equal when two recordings are the same run.
QStringList stepsOnStage(LabSession &lab)
{
    QStringList steps;
    for (const PlaybackStep &step : lab.player()->playback()->steps)
        steps.append(step.summary);
    return steps;
}

// The server's socket table at the end, as the Sockets panel shows it: local, peer, state.
QList<QStringList> serverSocketTable(LabSession &lab)
{
    lab.player()->toEnd();
    lab.player()->setSelectedHost(1);
    const SocketTableModel &table = *lab.player()->socketTable();
    QList<QStringList> rows;
    for (int row = 0; row < table.count(); ++row) {
        const QModelIndex at = table.index(row);
        rows.append({at.data(SocketTableModel::LocalRole).toString(), at.data(SocketTableModel::PeerRole).toString(),
                     at.data(SocketTableModel::StateRole).toString()});
    }
    return rows;
}

// Types each line into the console; false at the first one refused.
bool typeAll(ConsoleSession &console, const QStringList &lines)
{
    return std::all_of(lines.begin(), lines.end(), [&console](const QString &line) { return console.run(line); });
}

QStringList linesOf(const ConsoleTranscript &transcript, std::size_t from = 0)
{
    QStringList lines;
    for (std::size_t i = from; i < transcript.lines().size(); ++i)
        lines.append(transcript.lines()[i].text);
    return lines;
}

} // namespace

class TestConsoleSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void typedStatementsContinueTheSceneShown();
    void aStatementThatDoesNotParseIsRefusedWithACaret();
    void aNameThatDoesNotExistIsRefusedAndNothingIsAdded();
    void aBindConflictNamesAndMarksTheSocketInTheWay();
    void toolsPrintWhatTheToolPrints();
    void completionKnowsTheScene();
    void historyIsKeptBetweenSessions();
    void anUnreadableHistoryIsReportedAndKept();
    void historyIsCapped();
    void undoAndRedoRecordTheSameRunAgain();
    void aSavedSceneOpensToTheSameWorld();
    void openingAnotherScenarioStartsTheSceneAgain();
    void removingAHostIsAnEditThatUndoes();
    void changingAHostsOsRecordsTheSceneAgain();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LabSession> m_lab;
    std::unique_ptr<ConsoleSession> m_console;
};

void TestConsoleSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_lab = std::make_unique<LabSession>();
    QVERIFY(m_lab->showScenario(QStringLiteral(
        "host laptop 192.168.1.10\n"
        "host server 93.184.216.34\n"
        "\n"
        "# a comment, and a blank line above: the console numbers statements, not lines\n"
        "process nginx on server user root\n"
        "nginx: s = socket tcp\n"
        "nginx: bind s 0.0.0.0:8080\n"
        "nginx: listen s\n"
        "process app on server\n"
        "process chrome on laptop user alice\n"), QStringLiteral("scene.portlab")));
    m_console = std::make_unique<ConsoleSession>();
    m_console->setHistoryFolder(m_dir->filePath(QStringLiteral("data")));
    m_console->setLab(m_lab.get());
}

void TestConsoleSession::typedStatementsContinueTheSceneShown()
{
    QCOMPARE(m_console->statementCount(), 8);
    QCOMPARE(m_console->title(), QStringLiteral("scene.portlab"));
    const std::size_t before = m_console->transcript()->lines().size();
    QSignalSpy ran(m_console.get(), &ConsoleSession::statementRan);
    QVERIFY(m_console->run(QStringLiteral("  chrome: c = socket tcp  ")));
    QVERIFY(m_console->run(QStringLiteral("chrome: connect c 93.184.216.34:8080")));
    QCOMPARE(ran.count(), 2);
    QCOMPARE(ran.at(1).at(1).toBool(), true);
    QCOMPARE(m_console->statementCount(), 10);
    QCOMPARE(m_console->typedCount(), 2);

    const QStringList printed = linesOf(*m_console->transcript(), before);
    QCOMPARE(printed.at(0), QStringLiteral("> chrome: c = socket tcp"));
    QCOMPARE(printed.at(1), QStringLiteral("ok: a new tcp socket (fd 3), not bound to any port yet"));
    QCOMPARE(printed.at(2), QStringLiteral("> chrome: connect c 93.184.216.34:8080"));
    QVERIFY2(printed.at(3).startsWith(QStringLiteral("ok: connected: 192.168.1.10:")), qPrintable(printed.at(3)));
    QCOMPARE(m_console->transcript()->lines().back().kind, ConsoleTranscript::Output);

    // The stage shows the whole scene recorded again, the new statement's steps playing from
    // where they start: the handshake's envelopes are still to come.
    const Playback &shown = *m_lab->player()->playback();
    QCOMPARE(shown.outcomes.size(), std::size_t{10});
    QCOMPARE(shown.outcomes.back().text, QStringLiteral("chrome: connect c 93.184.216.34:8080"));
    QCOMPARE(shown.outcomes.back().line, 10);
    const int current = m_lab->player()->currentStep();
    QCOMPARE(shown.steps[static_cast<std::size_t>(current) + 1].statement, std::size_t{9});
    QVERIFY(m_lab->player()->playing());
    QCOMPARE(m_lab->title(), QStringLiteral("scene.portlab"));
    // What the kernel comparison and the pcap export read is the console's scene.
    QVERIFY(m_lab->canRunOnKernel());
    QCOMPARE(m_lab->packets()->count(), 3);   // SYN, SYN-ACK, ACK
    const QString pcap = m_dir->filePath(QStringLiteral("scene.pcap"));
    QVERIFY(m_lab->exportCapture(QUrl::fromLocalFile(pcap)));
    QCOMPARE(wire::readCaptureFile(pcap).records.size(), std::size_t{3});
}

void TestConsoleSession::aStatementThatDoesNotParseIsRefusedWithACaret()
{
    const std::size_t before = m_console->transcript()->lines().size();
    const QStringList stepsBefore = stepsOnStage(*m_lab);
    QVERIFY(!m_console->run(QStringLiteral("nginx: bind s 0.0.0.0:99999")));
    const auto &lines = m_console->transcript()->lines();
    QCOMPARE(lines.size(), before + 4);
    QCOMPARE(lines[before].text, QStringLiteral("> nginx: bind s 0.0.0.0:99999"));
    // The caret stands under the column the error names, past the prompt.
    QCOMPARE(lines[before + 1].kind, ConsoleTranscript::Caret);
    QCOMPARE(lines[before + 1].text, QStringLiteral("                ^"));
    QCOMPARE(lines[before].text.indexOf(QStringLiteral("0.0.0.0")), lines[before + 1].text.indexOf(u'^'));
    QCOMPARE(lines[before + 2].kind, ConsoleTranscript::Error);
    QCOMPARE(lines[before + 2].text, QStringLiteral("console:9:15: error: '0.0.0.0:99999' is not an address and port"));
    QCOMPARE(lines[before + 3].kind, ConsoleTranscript::Hint);
    QCOMPARE(lines[before + 3].text, QStringLiteral("hint: a port is a 16-bit number, 0-65535; 99999 is too large"));
    QCOMPARE(m_console->statementCount(), 8);
    QCOMPARE(stepsOnStage(*m_lab), stepsBefore);
    QVERIFY(!m_console->canUndo());
}

void TestConsoleSession::aNameThatDoesNotExistIsRefusedAndNothingIsAdded()
{
    const std::size_t before = m_console->transcript()->lines().size();
    QVERIFY(!m_console->run(QStringLiteral("nginx: listen sock")));
    const QStringList printed = linesOf(*m_console->transcript(), before);
    QCOMPARE(printed.at(1), QStringLiteral("                ^"));
    QVERIFY2(printed.at(2).startsWith(QStringLiteral("console:9:15: error: ")), qPrintable(printed.at(2)));
    QCOMPARE(printed.at(3), QStringLiteral("hint: create it first, like: nginx: sock = socket tcp"));
    QCOMPARE(m_console->statementCount(), 8);
    // The next statement still takes the next number.
    QVERIFY(!m_console->run(QStringLiteral("bogus")));
    QVERIFY(linesOf(*m_console->transcript()).contains(QStringLiteral("console:9:1: error: unknown statement 'bogus'")));
}

void TestConsoleSession::aBindConflictNamesAndMarksTheSocketInTheWay()
{
    QVERIFY(m_console->run(QStringLiteral("app: t = socket tcp")));
    const std::size_t before = m_console->transcript()->lines().size();
    QSignalSpy culprit(m_console.get(), &ConsoleSession::culpritChanged);
    // A statement that runs and fails is part of the scene: the kernel answered it.
    QVERIFY(m_console->run(QStringLiteral("app: bind t 0.0.0.0:8080")));
    const auto &lines = m_console->transcript()->lines();
    QCOMPARE(lines[before + 1].kind, ConsoleTranscript::Error);
    QCOMPARE(lines[before + 1].text, QStringLiteral("EADDRINUSE (Address already in use): nginx (pid 1000) is listening on tcp 0.0.0.0:8080 "
                                                    "(a listening socket shares its port only through SO_REUSEPORT, set on both sockets by one user)"));
    QCOMPARE(lines[before + 2].kind, ConsoleTranscript::Culprit);
    QCOMPARE(lines[before + 2].text, QStringLiteral("in the way: nginx (pid 1000) tcp 0.0.0.0:8080, marked on the stage"));

    const Playback &shown = *m_lab->player()->playback();
    QCOMPARE(culprit.count(), 1);
    QCOMPARE(m_console->culprit(), static_cast<int>(shown.outcomes.back().culprit));
    QVERIFY(m_console->culprit() >= 0);
    // The stage, at the failed bind's result, marks the socket in the way.
    m_lab->player()->setPlaying(false);
    m_lab->player()->toEnd();
    QCOMPARE(m_lab->player()->conflictSocket(), m_console->culprit());
    m_lab->player()->stepBack();
    QCOMPARE(m_lab->player()->conflictSocket(), -1);
    // The next statement clears it.
    QVERIFY(m_console->run(QStringLiteral("ss server -tln")));
    QCOMPARE(m_console->culprit(), -1);
}

void TestConsoleSession::toolsPrintWhatTheToolPrints()
{
    const std::size_t before = m_console->transcript()->lines().size();
    QVERIFY(m_console->run(QStringLiteral("ss server -tlnp")));
    const QStringList printed = linesOf(*m_console->transcript(), before + 1);
    QVERIFY2(printed.at(0).startsWith(QStringLiteral("State")), qPrintable(printed.join(u'\n')));
    QVERIFY(printed.at(1).contains(QStringLiteral("0.0.0.0:8080")));
    QVERIFY(printed.at(1).contains(QStringLiteral("users:((\"nginx\",pid=1000,fd=3))")));
    // exactly what `portlab run` prints under the statement
    const StatementOutcome &outcome = m_lab->player()->playback()->outcomes.back();
    QCOMPARE(printed, printedLines(outcome));
}

void TestConsoleSession::completionKnowsTheScene()
{
    QVariantMap result = m_console->complete(QStringLiteral("ng"), 2).toMap();
    QCOMPARE(result.value(QStringLiteral("line")).toString(), QStringLiteral("nginx: "));
    QCOMPARE(result.value(QStringLiteral("cursor")).toInt(), 7);
    result = m_console->complete(QStringLiteral("nginx: listen "), 14).toMap();
    QCOMPARE(result.value(QStringLiteral("line")).toString(), QStringLiteral("nginx: listen s "));
    // A socket made in the console is offered as soon as it exists.
    QVERIFY(m_console->run(QStringLiteral("nginx: second = socket udp")));
    result = m_console->complete(QStringLiteral("nginx: close "), 13).toMap();
    QCOMPARE(result.value(QStringLiteral("candidates")).toStringList(), (QStringList{QStringLiteral("s"), QStringLiteral("second")}));
}

void TestConsoleSession::historyIsKeptBetweenSessions()
{
    QVERIFY(m_console->run(QStringLiteral("chrome: c = socket tcp")));
    QVERIFY(!m_console->run(QStringLiteral("nonsense here")));   // a refused line is history too
    QVERIFY(m_console->run(QStringLiteral("ss server -tln")));
    QVERIFY(m_console->run(QStringLiteral("ss server -tln")));   // a repeat is kept once
    QCOMPARE(m_console->history(), (QStringList{QStringLiteral("chrome: c = socket tcp"), QStringLiteral("nonsense here"), QStringLiteral("ss server -tln")}));

    // Up walks back, Down forward, and past the newest gives back what was being typed.
    QCOMPARE(m_console->historyBack(QStringLiteral("half typ")), QStringLiteral("ss server -tln"));
    QCOMPARE(m_console->historyBack({}), QStringLiteral("nonsense here"));
    QCOMPARE(m_console->historyBack({}), QStringLiteral("chrome: c = socket tcp"));
    QCOMPARE(m_console->historyBack({}), QStringLiteral("chrome: c = socket tcp"));
    QCOMPARE(m_console->historyForward({}), QStringLiteral("nonsense here"));
    QCOMPARE(m_console->historyForward({}), QStringLiteral("ss server -tln"));
    QCOMPARE(m_console->historyForward({}), QStringLiteral("half typ"));
    QCOMPARE(m_console->historyForward(QStringLiteral("half typ")), QStringLiteral("half typ"));

    // Another session (the app started again) finds them.
    ConsoleSession next;
    next.setHistoryFolder(m_console->historyFolder());
    QCOMPARE(next.history(), m_console->history());
    QCOMPARE(next.historyBack({}), QStringLiteral("ss server -tln"));
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("data/console-history.txt"))));
}

void TestConsoleSession::anUnreadableHistoryIsReportedAndKept()
{
    // Not text: set aside, reported, and a fresh history starts.
    const QString folder = m_dir->filePath(QStringLiteral("broken"));
    QVERIFY(QDir().mkpath(folder));
    QFile file(QDir(folder).filePath(QStringLiteral("console-history.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("ss server\n\xff\xfe\x80 not text\n"));
    file.close();
    ConsoleSession broken;
    broken.setHistoryFolder(folder);
    QVERIFY(broken.history().isEmpty());
    const auto &lines = broken.transcript()->lines();
    QVERIFY(!lines.empty());
    QCOMPARE(lines.back().kind, ConsoleTranscript::Error);
    QVERIFY2(lines.back().text.contains(QStringLiteral("console-history.txt.unreadable")), qPrintable(lines.back().text));
    QFile aside(file.fileName() + QStringLiteral(".unreadable"));
    QVERIFY(aside.open(QIODevice::ReadOnly));
    QCOMPARE(aside.readAll(), QByteArray("ss server\n\xff\xfe\x80 not text\n"));

    // Cannot be opened at all (here: a folder in its place): reported, and never written over.
    const QString blocked = m_dir->filePath(QStringLiteral("blocked"));
    QVERIFY(QDir().mkpath(QDir(blocked).filePath(QStringLiteral("console-history.txt"))));
    ConsoleSession refused;
    refused.setHistoryFolder(blocked);
    refused.setLab(m_lab.get());
    QVERIFY(refused.transcript()->text().contains(QStringLiteral("cannot be read")));
    QVERIFY(refused.run(QStringLiteral("ss server -tln")));
    QCOMPARE(refused.history(), QStringList{QStringLiteral("ss server -tln")});
    QVERIFY(QFileInfo(QDir(blocked).filePath(QStringLiteral("console-history.txt"))).isDir());
}

void TestConsoleSession::historyIsCapped()
{
    QStringList many;
    for (int i = 0; i < ConsoleSession::historyLimit + 20; ++i)
        many.append(QStringLiteral("wait %1ms").arg(i));
    const QString folder = m_dir->filePath(QStringLiteral("many"));
    QVERIFY(QDir().mkpath(folder));
    QFile file(QDir(folder).filePath(QStringLiteral("console-history.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write((many.join(u'\n') + u'\n').toUtf8());
    file.close();
    ConsoleSession console;
    console.setHistoryFolder(folder);
    QCOMPARE(console.history().size(), ConsoleSession::historyLimit);
    QCOMPARE(console.history().front(), QStringLiteral("wait 20ms"));
    console.setLab(m_lab.get());
    QVERIFY(console.run(QStringLiteral("wait 1s")));
    QCOMPARE(console.history().size(), ConsoleSession::historyLimit);
    QCOMPARE(console.history().back(), QStringLiteral("wait 1s"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), ConsoleSession::historyLimit);
}

void TestConsoleSession::undoAndRedoRecordTheSameRunAgain()
{
    const QStringList start = stepsOnStage(*m_lab);
    QVERIFY(m_console->run(QStringLiteral("chrome: c = socket tcp")));
    const QStringList afterOne = stepsOnStage(*m_lab);
    QVERIFY(m_console->run(QStringLiteral("chrome: connect c 93.184.216.34:8080")));
    const QStringList afterTwo = stepsOnStage(*m_lab);
    QVERIFY(afterTwo.size() > afterOne.size() + 3);

    QVERIFY(m_console->undo());
    QCOMPARE(stepsOnStage(*m_lab), afterOne);
    QCOMPARE(m_lab->player()->currentStep(), m_lab->player()->stepCount() - 1);
    QVERIFY(m_console->transcript()->text().endsWith(QStringLiteral("# undone: chrome: connect c 93.184.216.34:8080")));
    QVERIFY(m_console->canRedo());
    QVERIFY(m_console->undo());
    QCOMPARE(stepsOnStage(*m_lab), start);
    QVERIFY(!m_console->canUndo());
    QVERIFY(!m_console->undo());   // the scenario's own statements are not the console's to take back
    QCOMPARE(m_console->statementCount(), 8);

    QVERIFY(m_console->redo());
    QCOMPARE(stepsOnStage(*m_lab), afterOne);
    QVERIFY(m_console->redo());
    QCOMPARE(stepsOnStage(*m_lab), afterTwo);
    QVERIFY(m_console->transcript()->text().contains(QStringLiteral("# redone: chrome: connect c 93.184.216.34:8080\nok: connected: ")));
    QVERIFY(!m_console->redo());

    // Typing after an undo forgets what could be redone.
    QVERIFY(m_console->undo());
    QVERIFY(m_console->run(QStringLiteral("ss laptop")));
    QVERIFY(!m_console->canRedo());
}

void TestConsoleSession::aSavedSceneOpensToTheSameWorld()
{
    QVERIFY(m_console->run(QStringLiteral("chrome: c = socket tcp")));
    QVERIFY(m_console->run(QStringLiteral("chrome: connect c 93.184.216.34:8080")));
    QVERIFY(m_console->run(QStringLiteral("app: t = socket tcp")));
    QVERIFY(m_console->run(QStringLiteral("app: bind t 0.0.0.0:8080")));
    QVERIFY(m_console->run(QStringLiteral("chrome: send c \"GET / HTTP/1.1\\r\\n\"")));
    m_lab->player()->toEnd();
    const QStringList steps = stepsOnStage(*m_lab);
    const QList<QStringList> table = serverSocketTable(*m_lab);
    QCOMPARE(table.size(), 2);   // the listener and the connection it took

    const QString path = m_dir->filePath(QStringLiteral("saved.portlab"));
    QVERIFY(m_console->saveScene(QUrl::fromLocalFile(path)));
    QVERIFY(m_console->transcript()->text().endsWith(QStringLiteral("# saved 13 statements to %1").arg(path)));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(saved.readAll());
    QVERIFY(text.startsWith(QStringLiteral("# scene.portlab, saved from PortLab's console on ")));
    QVERIFY(text.endsWith(QStringLiteral("app: bind t 0.0.0.0:8080\nchrome: send c \"GET / HTTP/1.1\\r\\n\"\n")));

    // Opened again, it is the same run: the same steps, the same socket table.
    LabSession reopened;
    QVERIFY(reopened.openScenario(QUrl::fromLocalFile(path)));
    QCOMPARE(stepsOnStage(reopened), steps);
    QCOMPARE(serverSocketTable(reopened), table);
    // and `portlab run` runs it
    QString printed;
    QString errors;
    QTextStream out(&printed);
    QTextStream err(&errors);
    QCOMPARE(runScenarioFile(path, {}, out, err), int(RunSucceeded));
    QVERIFY(errors.isEmpty());

    // A file that cannot be written is said so in the console.
    QVERIFY(!m_console->saveScene(QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("no/such/folder/x.portlab")))));
    QCOMPARE(m_console->transcript()->lines().back().kind, ConsoleTranscript::Error);
}

void TestConsoleSession::openingAnotherScenarioStartsTheSceneAgain()
{
    QVERIFY(m_console->run(QStringLiteral("chrome: c = socket tcp")));
    m_lab->showExample();
    QCOMPARE(m_console->title(), QStringLiteral("example.portlab"));
    QCOMPARE(m_console->typedCount(), 0);
    QVERIFY(!m_console->canUndo());
    QVERIFY(m_console->transcript()->text().endsWith(QStringLiteral("what you type continues it")));
    QVERIFY(m_console->run(QStringLiteral("firefox: tab2 = socket tcp")));
    QCOMPARE(m_lab->player()->playback()->outcomes.front().text, QStringLiteral("host laptop 192.168.1.10"));
}

void TestConsoleSession::removingAHostIsAnEditThatUndoes()
{
    // chrome (on the laptop) connects to nginx (on the server); then the server goes.
    QVERIFY(typeAll(*m_console, {QStringLiteral("chrome: c = socket tcp"), QStringLiteral("chrome: connect c 93.184.216.34:8080"),
                                 QStringLiteral("expect ok"), QStringLiteral("nginx: a = accept s"), QStringLiteral("ss server -tan")}));
    const QStringList withServer = stepsOnStage(*m_lab);
    QCOMPARE(m_console->statementsAboutHost(QStringLiteral("server")), 7);
    QCOMPARE(m_console->statementsAboutHost(QStringLiteral("nowhere")), -1);
    const std::size_t before = m_console->transcript()->lines().size();

    QVERIFY(m_console->removeHost(QStringLiteral("server")));
    // Its declaration, nginx's and app's, nginx's four calls (three of the scenario's, one
    // typed) and the ss: eight out of thirteen. The client's connect stays, and now fails.
    QCOMPARE(m_console->statementCount(), 5);
    QCOMPARE(m_console->typedCount(), 3);
    QCOMPARE(linesOf(*m_console->transcript(), before),
             (QStringList{QStringLiteral("# removed host server and the 7 statements about it"),
                          QStringLiteral("# 2 statements now answer differently:"),
                          QStringLiteral("#   line 4: chrome: connect c 93.184.216.34:8080 → EHOSTUNREACH (was ok)"),
                          QStringLiteral("#   line 5: expect ok → not met (was met)")}));
    const Playback &shown = *m_lab->player()->playback();
    QCOMPARE(shown.outcomes.size(), std::size_t{5});
    QCOMPARE(shown.world->hostCount(), std::size_t{1});
    // the stage plays from the connect that now fails
    QCOMPARE(shown.steps[static_cast<std::size_t>(m_lab->player()->currentStep()) + 1].statement, std::size_t{3});
    QVERIFY(m_console->canUndo());
    QVERIFY(!m_console->removeHost(QStringLiteral("server")));   // gone already: nothing to do

    // Undo puts every statement back where it was; redo takes them out again.
    QVERIFY(m_console->undo());
    QCOMPARE(m_console->statementCount(), 13);
    QCOMPARE(stepsOnStage(*m_lab), withServer);
    QVERIFY(m_console->transcript()->text().contains(QStringLiteral("# undone: removed host server and the 7 statements about it\n"
                                                                    "# 2 statements now answer differently:\n"
                                                                    "#   line 10: chrome: connect c 93.184.216.34:8080 → ok (was EHOSTUNREACH)")));
    QVERIFY(m_console->redo());
    QCOMPARE(m_console->statementCount(), 5);
    QVERIFY(m_console->transcript()->text().contains(QStringLiteral("# redone: removed host server and the 7 statements about it")));
    // and the typed statements still undo one by one, after it
    QVERIFY(m_console->undo());
    QVERIFY(m_console->undo());
    QCOMPARE(m_console->statementCount(), 12);
    QVERIFY(m_console->transcript()->text().endsWith(QStringLiteral("# undone: ss server -tan")));

    // The scene saved is the scene as edited.
    QVERIFY(m_console->redo());
    QVERIFY(m_console->removeHost(QStringLiteral("server")));
    QVERIFY(!m_console->sceneText().contains(QStringLiteral("server")));
    QVERIFY(!m_console->canRedo());
}

void TestConsoleSession::changingAHostsOsRecordsTheSceneAgain()
{
    // On Linux an ordinary user cannot bind port 80; on Windows there are no privileged ports.
    QVERIFY(typeAll(*m_console, {QStringLiteral("app: t = socket tcp"), QStringLiteral("app: bind t 0.0.0.0:80"), QStringLiteral("expect error EACCES")}));
    QCOMPARE(m_console->declarationWithOs(QStringLiteral("server"), QStringLiteral("windows")), QStringLiteral("host server 93.184.216.34 os windows"));
    QCOMPARE(m_console->declarationWithOs(QStringLiteral("server"), QStringLiteral("linux")), QString());
    const std::size_t before = m_console->transcript()->lines().size();

    QVERIFY(m_console->setHostOs(QStringLiteral("server"), QStringLiteral("windows")));
    QCOMPARE(linesOf(*m_console->transcript(), before),
             (QStringList{QStringLiteral("# host server now runs Windows instead of Linux: host server 93.184.216.34 os windows"),
                          QStringLiteral("# 2 statements now answer differently:"),
                          QStringLiteral("#   line 10: app: bind t 0.0.0.0:80 → ok (was EACCES)"),
                          QStringLiteral("#   line 11: expect error EACCES → not met (was met)")}));
    QCOMPARE(m_console->statementCount(), 11);
    QCOMPARE(m_lab->player()->playback()->outcomes[1].text, QStringLiteral("host server 93.184.216.34 os windows"));
    QVERIFY(!m_console->setHostOs(QStringLiteral("server"), QStringLiteral("windows")));   // it runs Windows already

    QVERIFY(m_console->undo());
    QCOMPARE(m_lab->player()->playback()->outcomes[1].text, QStringLiteral("host server 93.184.216.34"));
    QVERIFY(m_console->transcript()->text().contains(QStringLiteral("# undone: host server now runs Windows instead of Linux")));
    QVERIFY(m_console->redo());
    QCOMPARE(m_lab->player()->playback()->outcomes[1].text, QStringLiteral("host server 93.184.216.34 os windows"));
    // and back to Linux by the same edit: the declaration loses its `os` word
    QVERIFY(m_console->setHostOs(QStringLiteral("server"), QStringLiteral("linux")));
    QVERIFY(m_console->transcript()->text().contains(QStringLiteral("# host server now runs Linux instead of Windows: host server 93.184.216.34\n")));

    // A scene that would not run under the other OS stays as it is, and the console says why.
    QVERIFY(m_console->run(QStringLiteral("ss server -tan")));
    const int statements = m_console->statementCount();
    const std::size_t refusedAt = m_console->transcript()->lines().size();
    QVERIFY(!m_console->setHostOs(QStringLiteral("server"), QStringLiteral("windows")));
    QCOMPARE(m_console->statementCount(), statements);
    const QStringList refused = linesOf(*m_console->transcript(), refusedAt);
    QCOMPARE(refused.value(0), QStringLiteral("✗ not changed: host server now runs Windows instead of Linux: host server 93.184.216.34 os windows"));
    QVERIFY2(refused.value(1).startsWith(QStringLiteral("console:%1:1: error: server is a Windows host, and ss is a Linux command").arg(statements)),
             qPrintable(refused.join(u'\n')));
    QCOMPARE(m_console->transcript()->lines()[refusedAt + 2].kind, ConsoleTranscript::Hint);
    QVERIFY(m_console->undo());   // the ss typed: the OS change was never made
    QVERIFY(m_console->transcript()->text().endsWith(QStringLiteral("# undone: ss server -tan")));
}

QTEST_MAIN(TestConsoleSession)
#include "tst_console_session.moc"
