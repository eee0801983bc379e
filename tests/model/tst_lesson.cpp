// SPDX-License-Identifier: GPL-3.0-or-later
// Lesson files: reading (front matter, steps, blocks), the checker's verdicts with their
// file:line:column, the world each step starts from, goals, and progress kept on disk.

#include "lesson/lesson.h"
#include "lesson/lesson_check.h"
#include "lesson/lesson_progress.h"

#include "../lesson_example.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace portlab;

namespace {


int lineOf(const QString &text, const QString &needle)
{
    const qsizetype at = text.indexOf(needle);
    return at < 0 ? -1 : static_cast<int>(text.left(at).count(QLatin1Char('\n'))) + 1;
}

QString errorsText(const std::vector<Diagnostic> &errors)
{
    QStringList lines;
    for (const Diagnostic &error : errors)
        lines.append(error.toString());
    return lines.join(QLatin1Char('\n'));
}

std::vector<Diagnostic> readAndCheck(const QString &text, const QString &folder = QStringLiteral("."))
{
    LessonRead read = readLesson(text, QStringLiteral("lesson.md"));
    if (!read.lesson)
        return read.errors;
    return checkLesson(*read.lesson, folder);
}

void writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
}

} // namespace

class TestLesson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readmeExampleReadsAsWritten();
    void readmeExamplePassesTheChecker();
    void errorsPointAtTheirPlace_data();
    void errorsPointAtTheirPlace();
    void everyPrefixOfALessonIsReadWithoutCrashing();
    void stepWorldsAreBuiltFromEarlierSteps();
    void goalIsMetOnlyByWhatMeetsIt();
    void folderCheckFindsDuplicateIdsAndMissingPrerequisites();
    void proseAfterAPredictionWaitsForIt();
    void markdownIsShownWithReadableCode();
    void progressRoundTrips();
    void unreadableProgressIsSetAsideAndReported();
};

void TestLesson::readmeExampleReadsAsWritten()
{
    const QString text = readmeLessonExample();
    const LessonRead read = readLesson(text, QStringLiteral("example.md"));
    QVERIFY2(read.errors.empty(), qPrintable(errorsText(read.errors)));
    const Lesson &lesson = *read.lesson;
    QCOMPARE(lesson.format, 1);
    QCOMPARE(lesson.id, QStringLiteral("example-binding-twice"));
    QCOMPARE(lesson.title, QStringLiteral("Binding the same port twice"));
    QCOMPARE(lesson.minutes, 5);
    QVERIFY(lesson.prerequisites.isEmpty());
    QCOMPARE(lesson.objectives.size(), 2);
    QCOMPARE(lesson.steps.size(), std::size_t(3));

    const LessonStep &first = lesson.steps[0];
    QCOMPARE(first.title, QStringLiteral("One server on port 80"));
    QCOMPARE(first.line, lineOf(text, QStringLiteral("## One server on port 80")));
    QCOMPARE(first.scenario.size(), std::size_t(5));
    QCOMPARE(first.scenario.front().line, lineOf(text, QStringLiteral("host server 10.0.0.1")));
    QCOMPARE(first.scenario.front().text, QStringLiteral("host server 10.0.0.1"));
    QVERIFY(first.narration.contains(QStringLiteral("**tcp 80**")));
    QVERIFY2(!first.narration.contains(QStringLiteral("```")), "blocks that do something are not part of the prose");
    QCOMPARE(first.camera->host, QStringLiteral("server"));
    QCOMPARE(*first.camera->layer, StackLayer::Transport);
    QVERIFY(first.notes.startsWith(QStringLiteral("Point at the door")));

    const Question &prediction = *lesson.steps[1].prediction;
    QCOMPARE(prediction.choices.size(), 3);
    QCOMPARE(prediction.answer, 1);
    QCOMPARE(lesson.steps[1].setup.size(), std::size_t(2));
    QCOMPARE(lesson.steps[1].setup.front().line, lineOf(text, QStringLiteral("process apache on server")));
    QCOMPARE(lesson.steps[1].scenario.size(), std::size_t(2));
    QVERIFY(prediction.choices[1].startsWith(QStringLiteral("EADDRINUSE")));
    QVERIFY2(prediction.explanation.contains(QStringLiteral("\nthe port")), "an indented line continues the field above it");

    const Goal &goal = *lesson.steps[2].goal;
    QCOMPARE(goal.expectations.size(), std::size_t(2));
    QCOMPARE(goal.solution.size(), std::size_t(3));
    QVERIFY(goal.task.contains(QStringLiteral("make it listen")));
    QCOMPARE(lesson.steps[2].quiz.size(), std::size_t(1));
}

void TestLesson::readmeExamplePassesTheChecker()
{
    const std::vector<Diagnostic> errors = readAndCheck(readmeLessonExample());
    QVERIFY2(errors.empty(), qPrintable(errorsText(errors)));
}

// Each row changes one thing in the README's example; the error must name the file, the line
// holding `lineOfText` after the change and the column, and say how to fix it. `whenRun`: found
// by the checker running the lesson, rather than by reading it (which refuses the lesson).
void TestLesson::errorsPointAtTheirPlace_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("lineOfText");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("whenRun");

    QTest::newRow("no front matter") << QStringLiteral("---\nformat: 1\n") << QStringLiteral("format: 1\n") << QStringLiteral("format: 1") << 1 << QStringLiteral("starts with front matter") << false;
    QTest::newRow("misspelt key") << QStringLiteral("summary:") << QStringLiteral("sumary:") << QStringLiteral("sumary:") << 1 << QStringLiteral("unknown front-matter key 'sumary'") << false;
    QTest::newRow("duration out of range") << QStringLiteral("duration: 5") << QStringLiteral("duration: 50") << QStringLiteral("duration: 50") << 11 << QStringLiteral("from 5 to 15") << false;
    QTest::newRow("bad id") << QStringLiteral("id: example-binding-twice") << QStringLiteral("id: Binding Twice") << QStringLiteral("id: Binding") << 5 << QStringLiteral("not a lesson id") << false;
    QTest::newRow("misspelt block") << QStringLiteral("```notes") << QStringLiteral("```note") << QStringLiteral("```note") << 4 << QStringLiteral("unknown block type 'note'") << false;
    QTest::newRow("two answers") << QStringLiteral("choice: EACCES") << QStringLiteral("answer: EACCES") << QStringLiteral("answer: EACCES") << 1 << QStringLiteral("a second 'answer:'") << false;
    QTest::newRow("unknown question field") << QStringLiteral("explain: nginx") << QStringLiteral("explanation: nginx") << QStringLiteral("explanation: nginx") << 1 << QStringLiteral("unknown field 'explanation'") << false;
    QTest::newRow("solution without goal") << QStringLiteral("```goal\n") << QStringLiteral("```text\n") << QStringLiteral("```solution") << 1 << QStringLiteral("a 'solution' with no 'goal'") << false;
    QTest::newRow("prose before the first step") << QStringLiteral("# Binding the same port twice\n") << QStringLiteral("# Binding the same port twice\n\nStray words.\n") << QStringLiteral("Stray words.") << 1 << QStringLiteral("text before the first step") << false;
    QTest::newRow("block inside a list") << QStringLiteral("```notes\nPoint") << QStringLiteral("- a list item\n\n  ```notes\n  Point") << QStringLiteral("  ```notes") << 3 << QStringLiteral("inside a list or a quote") << false;
    QTest::newRow("two scenarios in a step") << QStringLiteral("```camera") << QStringLiteral("```scenario\nwait 1s\n```\n\n```camera") << QStringLiteral("```scenario\nwait 1s") << 1 << QStringLiteral("a second 'scenario' block") << false;
    QTest::newRow("setup after the prediction") << QStringLiteral("```camera") << QStringLiteral("```setup\nwait 1s\n```\n\n```camera") << QStringLiteral("```setup\nwait 1s") << 1 << QStringLiteral("the setup comes after the step's prediction") << false;
    QTest::newRow("unknown layer") << QStringLiteral("layer: transport") << QStringLiteral("layer: session") << QStringLiteral("layer: session") << 8 << QStringLiteral("unknown layer 'session'") << false;
    QTest::newRow("expectation that fails") << QStringLiteral("expect error EADDRINUSE") << QStringLiteral("expect error EACCES") << QStringLiteral("expect error EACCES") << 1 << QStringLiteral("this expectation fails when the lesson runs") << true;
    QTest::newRow("statement that does not parse") << QStringLiteral("nginx: listen s\n") << QStringLiteral("nginx: lisen s\n") << QStringLiteral("nginx: lisen s") << 8 << QStringLiteral("lisen") << true;
    QTest::newRow("name that does not exist") << QStringLiteral("apache: t = socket tcp") << QStringLiteral("apache: u = socket tcp") << QStringLiteral("apache: bind t") << 14 << QStringLiteral("no socket named 't'") << true;
    QTest::newRow("goal already met") << QStringLiteral("expect apache.t state LISTEN\nexpect apache.t local 0.0.0.0:80") << QStringLiteral("expect nginx.s state LISTEN") << QStringLiteral("```goal") << 1 << QStringLiteral("met before the student does anything") << true;
    QTest::newRow("solution that falls short") << QStringLiteral("apache: listen t\n") << QStringLiteral("") << QStringLiteral("```goal") << 1 << QStringLiteral("solution does not meet this goal") << true;
    QTest::newRow("camera on a host that does not exist") << QStringLiteral("host: server") << QStringLiteral("host: sever") << QStringLiteral("host: sever") << 1 << QStringLiteral("host 'sever'") << true;
    QTest::newRow("missing image") << QStringLiteral("Apache starts") << QStringLiteral("![the door](images/door.svg) Apache starts") << QStringLiteral("![the door]") << 13 << QStringLiteral("the image 'images/door.svg' does not exist") << true;
}

void TestLesson::errorsPointAtTheirPlace()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, lineOfText);
    QFETCH(int, column);
    QFETCH(QString, message);
    QFETCH(bool, whenRun);
    QString text = readmeLessonExample();
    QVERIFY2(text.contains(from), qPrintable(from));
    text.replace(text.indexOf(from), from.size(), to);
    const LessonRead read = readLesson(text, QStringLiteral("lesson.md"));
    QCOMPARE(read.lesson.has_value(), whenRun);
    const std::vector<Diagnostic> errors = whenRun ? checkLesson(*read.lesson, QStringLiteral(".")) : read.errors;
    const auto found = std::find_if(errors.begin(), errors.end(), [&](const Diagnostic &e) { return e.message.contains(message); });
    QVERIFY2(found != errors.end(), qPrintable(errorsText(errors)));
    QCOMPARE(found->file, QStringLiteral("lesson.md"));
    QCOMPARE(found->line, lineOf(text, lineOfText));
    QCOMPARE(found->column, column);
    QVERIFY2(!found->hint.isEmpty(), "every error says how to fix it");
}

void TestLesson::everyPrefixOfALessonIsReadWithoutCrashing()
{
    const QString text = readmeLessonExample();
    for (qsizetype length = 0; length <= text.size(); length += 7) {
        const LessonRead read = readLesson(QStringView(text).left(length), QStringLiteral("cut.md"));
        QVERIFY(read.lesson.has_value() != !read.errors.empty());
        if (read.lesson)
            checkLesson(*read.lesson, QStringLiteral("."));   // must not crash either
    }
}

void TestLesson::stepWorldsAreBuiltFromEarlierSteps()
{
    const Lesson lesson = *readLesson(readmeLessonExample(), QStringLiteral("example.md")).lesson;
    QVERIFY(stepLines(lesson, 0, StepWorld::Before).empty());
    QCOMPARE(stepLines(lesson, 0, StepWorld::Setup).size(), std::size_t(0));
    QCOMPARE(stepLines(lesson, 0, StepWorld::Complete).size(), std::size_t(5));
    QCOMPARE(stepLines(lesson, 1, StepWorld::Before).size(), std::size_t(5));
    // A prediction is made in the world of the step's setup, before its scenario.
    const std::vector<SourceLine> predictedIn = stepLines(lesson, 1, StepWorld::Setup);
    QCOMPARE(predictedIn.size(), std::size_t(7));
    QCOMPARE(predictedIn.back().text, QStringLiteral("apache: t = socket tcp"));
    QCOMPARE(stepLines(lesson, 1, StepWorld::Complete).size(), std::size_t(9));
    // Past the goal's step, its solution stands in for whatever the student typed.
    const std::vector<SourceLine> after = stepLines(lesson, 3, StepWorld::Before);
    QCOMPARE(after.size(), std::size_t(12));
    QCOMPARE(after.back().text, QStringLiteral("apache: listen t"));
}

void TestLesson::goalIsMetOnlyByWhatMeetsIt()
{
    const Lesson lesson = *readLesson(readmeLessonExample(), QStringLiteral("example.md")).lesson;
    std::vector<Diagnostic> errors;
    const auto typed = [&](const QString &text) { return parseLines({{1, text}}, QStringLiteral("typed"), &errors); };

    GoalCheck check = checkGoal(lesson, 2, {});
    QVERIFY(!check.met);
    QCOMPARE(check.unmet.size(), 2);

    // Binding while nginx still holds the port fails: the goal stays unmet, and says why.
    std::vector<Statement> attempt = typed(QStringLiteral("apache: bind t 0.0.0.0:80"));
    check = checkGoal(lesson, 2, attempt);
    QVERIFY(!check.met);
    QVERIFY2(check.unmet.join(QLatin1Char(' ')).contains(QStringLiteral("apache.t")), qPrintable(check.unmet.join(QLatin1Char('\n'))));

    std::vector<Statement> solved;
    for (const QString &line : {QStringLiteral("nginx: close s"), QStringLiteral("apache: bind t 0.0.0.0:80"), QStringLiteral("apache: listen t")}) {
        const std::vector<Statement> one = typed(line);
        solved.insert(solved.end(), one.begin(), one.end());
    }
    QVERIFY(errors.empty());
    check = checkGoal(lesson, 2, solved);
    QVERIFY2(check.met, qPrintable(check.unmet.join(QLatin1Char('\n'))));

    // A name nothing has is an error of what was typed, not a crash or a pass.
    check = checkGoal(lesson, 2, typed(QStringLiteral("apache: listen nothing")));
    QVERIFY(!check.met);
    QCOMPARE(check.errors.size(), std::size_t(1));
}

void TestLesson::folderCheckFindsDuplicateIdsAndMissingPrerequisites()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString example = readmeLessonExample();
    writeFile(dir.filePath(QStringLiteral("README.md")), QStringLiteral("not a lesson"));
    writeFile(dir.filePath(QStringLiteral("01-first.md")), example);
    QString second = example;
    second.replace(QStringLiteral("prerequisites: []"), QStringLiteral("prerequisites: [example-binding-twice, not-written]"));
    writeFile(dir.filePath(QStringLiteral("02-second.md")), second);

    const LessonFolderCheck folder = checkLessonFolder(dir.path());
    QCOMPARE(folder.lessons.size(), std::size_t(2));
    QStringList messages;
    for (const Diagnostic &error : folder.errors)
        messages.append(QStringLiteral("%1:%2 %3").arg(QFileInfo(error.file).fileName()).arg(error.line).arg(error.message));
    QCOMPARE(messages, (QStringList{QStringLiteral("02-second.md:3 the id 'example-binding-twice' is also %1's").arg(dir.filePath(QStringLiteral("01-first.md"))),
                                    QStringLiteral("02-second.md:7 the lesson lists itself as a prerequisite"),
                                    QStringLiteral("02-second.md:7 the prerequisite 'not-written' is not a lesson in this folder")}));

    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    QCOMPARE(runLessonCheck({dir.path()}, outStream, errStream), 2);
    errStream.flush();
    QVERIFY2(err.contains(QStringLiteral("02-second.md:7:1: error: the prerequisite 'not-written'")), qPrintable(err));
    QVERIFY(err.contains(QStringLiteral("2 lesson(s) checked: 3 problem(s)")));
}

void TestLesson::proseAfterAPredictionWaitsForIt()
{
    QString text = readmeLessonExample();
    const QString scenarioEnd = QStringLiteral("expect error EADDRINUSE\n```\n");
    text.replace(scenarioEnd, scenarioEnd + QStringLiteral("\nSo the second bind fails.\n"));
    const LessonRead read = readLesson(text, QStringLiteral("lesson.md"));
    QVERIFY2(read.lesson, qPrintable(errorsText(read.errors)));
    const LessonStep &step = read.lesson->steps[1];
    QVERIFY(step.narration.startsWith(QStringLiteral("Apache starts")));
    QVERIFY(!step.narration.contains(QStringLiteral("second bind fails")));
    QCOMPARE(step.afterPrediction, QStringLiteral("So the second bind fails."));
    QVERIFY(read.lesson->steps[0].afterPrediction.isEmpty());
}

void TestLesson::markdownIsShownWithReadableCode()
{
    const QString inline_ = markdownForDisplay(QStringLiteral("Run `ss -tln` and compare `a<b`."));
    QVERIFY2(!inline_.contains(QLatin1Char('`')), qPrintable(inline_));
    QVERIFY2(inline_.contains(QStringLiteral("monospace; white-space:pre-wrap\">ss -tln</span>")), qPrintable(inline_));
    QVERIFY2(inline_.contains(QStringLiteral(">a&lt;b</span>")), qPrintable(inline_));
    QVERIFY(inline_.startsWith(QStringLiteral("Run ")));

    const QString block = markdownForDisplay(QStringLiteral("Output:\n\n```\nState  Local\nLISTEN 0.0.0.0:80\n```\n\n- **one**\n- two"));
    QVERIFY2(block.contains(QStringLiteral(">State  Local<br/>LISTEN 0.0.0.0:80</p>")), qPrintable(block));
    QVERIFY2(block.contains(QStringLiteral("**one**")), "the rest of the Markdown is left as it is");

    QCOMPARE(markdownPlainText(QStringLiteral("**Bold** `code` and [a link](ranges.md).\n\n# Heading")), QStringLiteral("Bold code and a link. Heading"));
}

void TestLesson::progressRoundTrips()
{
    QTemporaryDir dir;
    ProgressStore store(dir.filePath(QStringLiteral("progress")));
    QCOMPARE(store.load(QStringLiteral("binding")), LessonProgress{});
    LessonProgress progress;
    progress.step = 2;
    progress.visited = {0, 1, 2};
    progress.goalsMet = {2};
    progress.predictions.insert(1, 1);
    progress.quizAnswers.insert(QStringLiteral("2/0"), 1);
    progress.completed = true;
    QVERIFY(store.save(QStringLiteral("binding"), progress));
    ProgressStore again(dir.filePath(QStringLiteral("progress")));
    QCOMPARE(again.load(QStringLiteral("binding")), progress);
    QVERIFY(again.takeProblems().isEmpty());
}

void TestLesson::unreadableProgressIsSetAsideAndReported()
{
    QTemporaryDir dir;
    ProgressStore store(dir.path());
    LessonProgress other;
    other.step = 3;
    other.visited = {0, 1, 2, 3};
    QVERIFY(store.save(QStringLiteral("other"), other));
    for (const QByteArray &damaged : {QByteArray("{\"step\": 2, \"comp"), QByteArray("[1, 2]"), QByteArray("{\"step\": \"two\", \"completed\": false, \"visited\": [], \"goalsMet\": [], \"predictions\": {}, \"quiz\": {}}")}) {
        QFile file(dir.filePath(QStringLiteral("binding.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(damaged);
        file.close();
        QCOMPARE(store.load(QStringLiteral("binding")), LessonProgress{});
        const QStringList problems = store.takeProblems();
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.front().contains(QStringLiteral("binding.json.unreadable")), qPrintable(problems.front()));
        QFile aside(dir.filePath(QStringLiteral("binding.json.unreadable")));
        QVERIFY(aside.open(QIODevice::ReadOnly));
        QCOMPARE(aside.readAll(), damaged);   // kept, not lost
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("binding.json"))));
    }
    // The other lesson's progress is untouched, and the damaged one can be saved afresh.
    QCOMPARE(store.load(QStringLiteral("other")), other);
    QVERIFY(store.save(QStringLiteral("binding"), other));
    QCOMPARE(store.load(QStringLiteral("binding")), other);
}

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
