// SPDX-License-Identifier: GPL-3.0-or-later
// The lesson player's C++ side, without a window: every lesson of the curriculum played from
// its first step to its last, each prediction locked, each goal met by the lesson's solution;
// the stage following each step; Back restoring a step; typed statements; progress on disk.

#include "lab_session.h"
#include "lesson_session.h"

#include "../lesson_example.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace portlab;

namespace {

// The statements the stage has recorded, in order.
QStringList statementsOnStage(LabSession &lab)
{
    QStringList statements;
    for (const StatementOutcome &outcome : lab.player()->playback()->outcomes)
        statements.append(outcome.text);
    return statements;
}

} // namespace

class TestLessonSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void everyLessonPlaysToItsEndWithItsOwnSolutions();
    void everyExperimentRunsFromOneClick();
    void stepsReplayTheirWorldAndBackRestoresIt();
    void predictionHoldsTheScenarioUntilLockedIn();
    void typedStatementsRunAndTheGoalTicks();
    void progressIsSavedAndResumed();
    void unreadableProgressIsReportedNotFatal();
    void aLessonFileThatFailsTheCheckerIsRefusedWithItsErrors();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LabSession> m_lab;
    std::unique_ptr<LessonSession> m_lessons;
    QString exampleFolder();
    int playOpenLessonToItsEnd(const QString &id);
};

void TestLessonSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_lab = std::make_unique<LabSession>();
    m_lessons = std::make_unique<LessonSession>();
    m_lessons->setLab(m_lab.get());
    m_lessons->setProgressFolder(m_dir->filePath(QStringLiteral("progress")));
}

QString TestLessonSession::exampleFolder()
{
    const QString folder = m_dir->filePath(QStringLiteral("lessons"));
    QDir().mkpath(folder);
    QFile file(QDir(folder).filePath(QStringLiteral("example.md")));
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write the example lesson");
    file.write(readmeLessonExample().toUtf8());
    return folder;
}

// Plays the open lesson to its end: each prediction locked in (then its answer read), each
// goal met by the lesson's own solution. Returns how many predictions and goals it had.
int TestLessonSession::playOpenLessonToItsEnd(const QString &id)
{
    int predictionsAndGoals = 0;
    for (int step = 0; step < m_lessons->stepCount(); ++step) {
        [&] {
            QCOMPARE(m_lessons->currentStep(), step);
            const QString where = QStringLiteral("%1, step %2 (%3)").arg(id).arg(step + 1).arg(m_lessons->stepTitle());
            const bool saysSomething = !m_lessons->narration().trimmed().isEmpty() || !m_lessons->prediction().isEmpty() || !m_lessons->goal().isEmpty()
                || !m_lessons->quiz().isEmpty();
            QVERIFY2(saysSomething, qPrintable(where + QStringLiteral(": nothing for the student to read")));
            if (!m_lessons->prediction().isEmpty()) {
                ++predictionsAndGoals;
                QVERIFY(m_lessons->awaitingPrediction());
                const int answer = [&] {
                    // The answer is hidden until the prediction is locked: pick the first, then read it.
                    m_lessons->choose(0);
                    m_lessons->lockPrediction();
                    return m_lessons->prediction().value(QStringLiteral("answer")).toInt();
                }();
                QVERIFY2(answer >= 0, qPrintable(where));
                QVERIFY(!m_lessons->awaitingPrediction());
                QVERIFY(!m_lessons->prediction().value(QStringLiteral("explanation")).toString().isEmpty());
            }
            if (!m_lessons->goal().isEmpty()) {
                ++predictionsAndGoals;
                QVERIFY2(!m_lessons->goal().value(QStringLiteral("met")).toBool(), qPrintable(where + QStringLiteral(": goal met before anything was typed")));
                m_lessons->showSolution();
                QVERIFY2(m_lessons->goal().value(QStringLiteral("met")).toBool(),
                         qPrintable(where + QStringLiteral(": ") + m_lessons->goal().value(QStringLiteral("unmet")).toStringList().join(QLatin1Char(' '))));
                for (const QVariant &typed : m_lessons->typed())
                    QVERIFY2(typed.toMap().value(QStringLiteral("statement")).toString().size() > 0, qPrintable(where));
            }
            QVERIFY2(m_lab->errorText().isEmpty(), qPrintable(where + QStringLiteral(": ") + m_lab->errorText()));
        }();
        if (QTest::currentTestFailed())
            return predictionsAndGoals;
        m_lessons->next();
    }
    return predictionsAndGoals;
}

void TestLessonSession::everyLessonPlaysToItsEndWithItsOwnSolutions()
{
    LessonLibraryModel *library = m_lessons->library();
    QVERIFY2(m_lessons->problems().isEmpty(), qPrintable(m_lessons->problems()));
    for (int row = 0; row < library->count(); ++row) {
        const QString id = library->data(library->index(row), LessonLibraryModel::IdRole).toString();
        QVERIFY(m_lessons->openLesson(id));
        QCOMPARE(m_lessons->currentStep(), 0);
        const int predictionsAndGoals = playOpenLessonToItsEnd(id);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(predictionsAndGoals > 0, qPrintable(id + QStringLiteral(" has neither a prediction nor a goal")));
        QVERIFY2(library->data(library->index(row), LessonLibraryModel::CompletedRole).toBool(), qPrintable(id));
        m_lessons->closeLesson();
    }
    QVERIFY2(library->count() >= 14, qPrintable(QStringLiteral("the curriculum has %1 lessons").arg(library->count())));
}

void TestLessonSession::everyExperimentRunsFromOneClick()
{
    LessonLibraryModel *gallery = m_lessons->experiments();
    QVERIFY2(m_lessons->problems().isEmpty(), qPrintable(m_lessons->problems()));
    QVERIFY2(gallery->count() >= 10, qPrintable(QStringLiteral("the gallery has %1 experiments").arg(gallery->count())));
    for (int row = 0; row < gallery->count(); ++row) {
        const QString id = gallery->data(gallery->index(row), LessonLibraryModel::IdRole).toString();
        QVERIFY2(!m_lessons->library()->find(id), qPrintable(id + QStringLiteral(": a lesson has the same id, and they share progress")));
        // One click: the scene is on the stage and the question is asked.
        QVERIFY(m_lessons->runExperiment(id));
        QCOMPARE(m_lessons->currentStep(), 0);
        QVERIFY2(m_lessons->awaitingPrediction(), qPrintable(id + QStringLiteral(" does not start with a prediction")));
        QVERIFY2(m_lab->scene()->rowCount() > 0, qPrintable(id + QStringLiteral(": no hosts on the stage while the prediction is asked")));
        QVERIFY(playOpenLessonToItsEnd(id) > 0);
        if (QTest::currentTestFailed())
            return;
        // Run again: a fresh prediction.
        QVERIFY(m_lessons->runExperiment(id));
        QVERIFY2(m_lessons->awaitingPrediction(), qPrintable(id + QStringLiteral(": a second run does not ask again")));
        m_lessons->closeLesson();
    }
}

void TestLessonSession::stepsReplayTheirWorldAndBackRestoresIt()
{
    m_lessons->setLessonsFolder(exampleFolder());
    QVERIFY(m_lessons->openLesson(QStringLiteral("example-binding-twice")));
    QCOMPARE(m_lessons->stepCount(), 3);
    QCOMPARE(m_lessons->cameraHost(), QStringLiteral("server"));
    QCOMPARE(m_lessons->cameraLayer(), QStringLiteral("transport"));
    QVERIFY(m_lessons->notes().startsWith(QStringLiteral("Point at the door")));
    // Entering a step plays its scenario from the start of the step.
    QCOMPARE(statementsOnStage(*m_lab).size(), 5);
    QCOMPARE(m_lab->player()->currentStep(), -1);
    QVERIFY(m_lab->player()->playing());
    const int stepsOfFirst = m_lab->player()->stepCount();

    m_lessons->next();
    m_lessons->choose(1);
    m_lessons->lockPrediction();
    m_lessons->next();
    QCOMPARE(m_lessons->currentStep(), 2);
    QCOMPARE(statementsOnStage(*m_lab).size(), 9);

    // Back shows the step as it ended, still, and the same as it was the first time.
    m_lessons->back();
    m_lessons->back();
    QCOMPARE(m_lessons->currentStep(), 0);
    QCOMPARE(m_lab->player()->stepCount(), stepsOfFirst);
    QCOMPARE(m_lab->player()->currentStep(), stepsOfFirst - 1);
    QVERIFY(!m_lab->player()->playing());
}

void TestLessonSession::predictionHoldsTheScenarioUntilLockedIn()
{
    m_lessons->setLessonsFolder(exampleFolder());
    QVERIFY(m_lessons->openLesson(QStringLiteral("example-binding-twice")));
    m_lessons->next();
    QVERIFY(m_lessons->awaitingPrediction());
    QVariantMap prediction = m_lessons->prediction();
    QCOMPARE(prediction.value(QStringLiteral("choices")).toStringList().size(), 3);
    QCOMPARE(prediction.value(QStringLiteral("answer")).toInt(), -1);   // not given away
    QVERIFY(prediction.value(QStringLiteral("explanation")).toString().isEmpty());
    // The step's setup has run (apache and its socket), not yet its scenario (the bind); the
    // stage shows the scene as the setup leaves it, still.
    QCOMPARE(statementsOnStage(*m_lab).size(), 7);
    QCOMPARE(statementsOnStage(*m_lab).last(), QStringLiteral("apache: t = socket tcp"));
    QVERIFY(!m_lab->player()->playing());
    QCOMPARE(m_lab->player()->currentStep(), m_lab->player()->stepCount() - 1);

    m_lessons->vote(2);
    m_lessons->vote(2);
    m_lessons->vote(0);
    QCOMPARE(m_lessons->tally(), (QVariantList{1, 0, 2}));
    m_lessons->lockPrediction();   // nothing chosen yet: nothing happens
    QVERIFY(m_lessons->awaitingPrediction());
    QVERIFY(!m_lessons->tryStatement(QStringLiteral("host other 10.0.0.9")));
    QVERIFY(m_lessons->typed().last().toMap().value(QStringLiteral("message")).toString().contains(QStringLiteral("prediction first")));

    m_lessons->choose(2);
    m_lessons->lockPrediction();
    prediction = m_lessons->prediction();
    QVERIFY(prediction.value(QStringLiteral("locked")).toBool());
    QCOMPARE(prediction.value(QStringLiteral("chosen")).toInt(), 2);
    QCOMPARE(prediction.value(QStringLiteral("answer")).toInt(), 1);
    QVERIFY(!prediction.value(QStringLiteral("correct")).toBool());
    QVERIFY(prediction.value(QStringLiteral("explanation")).toString().contains(QStringLiteral("nginx")));
    QCOMPARE(statementsOnStage(*m_lab).size(), 9);   // now apache's bind has run
    QVERIFY(m_lab->player()->playing());
    // and the stage plays on from the bind, not from the start of the step
    QCOMPARE(m_lab->player()->playback()->steps[static_cast<std::size_t>(m_lab->player()->currentStep() + 1)].statement, std::size_t(7));
    m_lessons->choose(0);   // locked: cannot be changed afterwards
    QCOMPARE(m_lessons->prediction().value(QStringLiteral("chosen")).toInt(), 2);
}

void TestLessonSession::typedStatementsRunAndTheGoalTicks()
{
    m_lessons->setLessonsFolder(exampleFolder());
    QVERIFY(m_lessons->openLesson(QStringLiteral("example-binding-twice")));
    m_lessons->goToStep(2);
    QVariantMap goal = m_lessons->goal();
    QVERIFY(!goal.value(QStringLiteral("met")).toBool());
    QVERIFY(!goal.value(QStringLiteral("hintShown")).toBool());

    // A statement that does not parse runs nothing; the hint appears after a failed attempt.
    QVERIFY(!m_lessons->tryStatement(QStringLiteral("apache: bnd t 0.0.0.0:80")));
    QVERIFY(m_lessons->goal().value(QStringLiteral("hintShown")).toBool());
    // One that runs but fails shows the errno, on the stage too.
    QVERIFY(m_lessons->tryStatement(QStringLiteral("apache: bind t 0.0.0.0:80")));
    QVariantMap last = m_lessons->typed().last().toMap();
    QVERIFY(!last.value(QStringLiteral("ok")).toBool());
    QVERIFY(last.value(QStringLiteral("message")).toString().contains(QStringLiteral("nginx")));
    QCOMPARE(statementsOnStage(*m_lab).last(), QStringLiteral("apache: bind t 0.0.0.0:80"));
    QVERIFY(!m_lessons->goal().value(QStringLiteral("met")).toBool());

    QVERIFY(m_lessons->tryStatement(QStringLiteral("nginx: close s")));
    QVERIFY(m_lessons->tryStatement(QStringLiteral("apache: bind t 0.0.0.0:80")));
    QVERIFY(!m_lessons->goal().value(QStringLiteral("met")).toBool());
    QVERIFY(m_lessons->tryStatement(QStringLiteral("apache: listen t")));
    QVERIFY(m_lessons->goal().value(QStringLiteral("met")).toBool());
    QCOMPARE(m_lessons->typed().size(), 5);
    QCOMPARE(m_lessons->library()->data(m_lessons->library()->index(0), LessonLibraryModel::GoalsMetRole).toInt(), 1);

    // A name that does not exist is refused and runs nothing.
    const int before = m_lab->player()->stepCount();
    QVERIFY(!m_lessons->tryStatement(QStringLiteral("apache: close nothing")));
    QCOMPARE(m_lab->player()->stepCount(), before);
}

void TestLessonSession::progressIsSavedAndResumed()
{
    const QString folder = exampleFolder();
    m_lessons->setLessonsFolder(folder);
    QVERIFY(m_lessons->openLesson(QStringLiteral("example-binding-twice")));
    m_lessons->next();
    m_lessons->choose(1);
    m_lessons->lockPrediction();
    m_lessons->closeLesson();

    LessonSession again;
    again.setLab(m_lab.get());
    again.setProgressFolder(m_dir->filePath(QStringLiteral("progress")));
    again.setLessonsFolder(folder);
    QCOMPARE(again.library()->data(again.library()->index(0), LessonLibraryModel::StepsVisitedRole).toInt(), 2);
    QVERIFY(again.openLesson(QStringLiteral("example-binding-twice")));
    QCOMPARE(again.currentStep(), 1);
    QVERIFY(!again.awaitingPrediction());   // locked in last time
    QCOMPARE(again.prediction().value(QStringLiteral("chosen")).toInt(), 1);
    QVERIFY(again.prediction().value(QStringLiteral("correct")).toBool());
}

void TestLessonSession::unreadableProgressIsReportedNotFatal()
{
    const QString folder = exampleFolder();
    QDir().mkpath(m_dir->filePath(QStringLiteral("progress")));
    QFile damaged(m_dir->filePath(QStringLiteral("progress/example-binding-twice.json")));
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write("{ not json");
    damaged.close();
    m_lessons->setLessonsFolder(folder);
    QVERIFY2(m_lessons->problems().contains(QStringLiteral("could not be read")), qPrintable(m_lessons->problems()));
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("progress/example-binding-twice.json.unreadable"))));
    QVERIFY(m_lessons->openLesson(QStringLiteral("example-binding-twice")));
    QCOMPARE(m_lessons->currentStep(), 0);
}

void TestLessonSession::aLessonFileThatFailsTheCheckerIsRefusedWithItsErrors()
{
    QString text = readmeLessonExample();
    text.replace(QStringLiteral("expect error EADDRINUSE"), QStringLiteral("expect error EACCES"));
    const QString path = m_dir->filePath(QStringLiteral("broken.md"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();
    QVERIFY(!m_lessons->openLessonFile(QUrl::fromLocalFile(path)));
    QVERIFY(!m_lessons->isOpen());
    QVERIFY2(m_lessons->problems().contains(QStringLiteral("broken.md:%1:1: error: this expectation fails").arg(text.left(text.indexOf(QStringLiteral("expect error EACCES"))).count(QLatin1Char('\n')) + 1)),
             qPrintable(m_lessons->problems()));
}

QTEST_MAIN(TestLessonSession)
#include "tst_lesson_session.moc"
