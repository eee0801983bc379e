// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_check.h"

#include "script/interpreter.h"
#include "script/parser.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

namespace portlab {

namespace {

template<typename T>
void append(std::vector<T> &to, const std::vector<T> &more)
{
    to.insert(to.end(), more.begin(), more.end());
}

struct Run {
    std::vector<Diagnostic> errors;          // parse or name errors: nothing ran
    std::vector<StatementOutcome> outcomes;
};

// Runs statements from an empty world, or reports why they cannot start.
Run run(const std::vector<Statement> &statements, const QString &fileName, const std::function<void(const World &)> &atEnd = {})
{
    Run result;
    World world;
    Interpreter interpreter(world);
    result.errors = interpreter.checkNames(statements, fileName);
    if (!result.errors.empty())
        return result;
    for (const Statement &statement : statements)
        result.outcomes.push_back(interpreter.execute(statement));
    if (atEnd)
        atEnd(world);
    return result;
}

bool isBlank(const SourceLine &line)
{
    const QString trimmed = line.text.trimmed();
    return trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#'));
}

} // namespace

std::vector<SourceLine> stepLines(const Lesson &lesson, std::size_t step, StepWorld upTo)
{
    std::vector<SourceLine> lines;
    for (std::size_t i = 0; i < step && i < lesson.steps.size(); ++i) {
        append(lines, lesson.steps[i].setup);
        append(lines, lesson.steps[i].scenario);
        if (lesson.steps[i].goal)
            append(lines, lesson.steps[i].goal->solution);
    }
    if (step < lesson.steps.size() && upTo != StepWorld::Before)
        append(lines, lesson.steps[step].setup);
    if (step < lesson.steps.size() && upTo == StepWorld::Complete)
        append(lines, lesson.steps[step].scenario);
    return lines;
}

std::vector<Statement> parseLines(const std::vector<SourceLine> &lines, const QString &fileName, std::vector<Diagnostic> *errors)
{
    std::vector<Statement> statements;
    for (const SourceLine &line : lines) {
        if (isBlank(line))
            continue;
        Diagnostic error;
        if (std::optional<Statement> statement = parseStatement(line.text, line.line, fileName, &error))
            statements.push_back(std::move(*statement));
        else if (!error.message.isEmpty())
            errors->push_back(error);
    }
    return statements;
}

GoalCheck checkGoal(const Lesson &lesson, std::size_t step, const std::vector<Statement> &typed)
{
    GoalCheck check;
    if (step >= lesson.steps.size() || !lesson.steps[step].goal)
        return check;
    const Goal &goal = *lesson.steps[step].goal;
    std::vector<Statement> statements = parseLines(stepLines(lesson, step, StepWorld::Complete), lesson.file, &check.errors);
    statements.insert(statements.end(), typed.begin(), typed.end());
    const std::vector<Statement> expectations = parseLines(goal.expectations, lesson.file, &check.errors);
    statements.insert(statements.end(), expectations.begin(), expectations.end());
    if (!check.errors.empty())
        return check;
    Run result = run(statements, lesson.file);
    if (!result.errors.empty()) {
        // An expectation that names a socket the student has not made yet is simply not met.
        for (Diagnostic &error : result.errors) {
            const bool inGoal = std::any_of(goal.expectations.begin(), goal.expectations.end(), [&](const SourceLine &l) { return l.line == error.line; });
            if (inGoal)
                check.unmet.append(error.message);
            else
                check.errors.push_back(std::move(error));
        }
        check.unmet.removeDuplicates();   // several expectations may name the same missing socket
        return check;
    }
    const std::size_t first = result.outcomes.size() - expectations.size();
    for (std::size_t i = first; i < result.outcomes.size(); ++i) {
        if (!result.outcomes[i].ok)
            check.unmet.append(result.outcomes[i].message);
    }
    check.unmet.removeDuplicates();
    check.met = check.unmet.isEmpty();
    return check;
}

std::vector<Diagnostic> checkLesson(const Lesson &lesson, const QString &folder)
{
    std::vector<Diagnostic> errors;
    auto report = [&](int line, int column, const QString &message, const QString &hint) {
        errors.push_back({lesson.file, line, column, message, hint});
    };

    // The whole lesson, as a student who meets every goal with its solution plays it: every
    // statement must parse and name what exists, and every expectation in a scenario must hold.
    std::vector<SourceLine> all = stepLines(lesson, lesson.steps.size(), StepWorld::Before);
    std::vector<Statement> statements = parseLines(all, lesson.file, &errors);
    if (!errors.empty())
        return errors;
    QHash<int, bool> inSolution;
    for (const LessonStep &step : lesson.steps) {
        if (step.goal) {
            for (const SourceLine &line : step.goal->solution)
                inSolution.insert(line.line, true);
        }
    }
    Run whole = run(statements, lesson.file);
    errors = std::move(whole.errors);
    if (!errors.empty())
        return errors;
    for (const StatementOutcome &outcome : whole.outcomes) {
        if (outcome.isExpectation && !outcome.ok)
            report(outcome.line, 1, QStringLiteral("this expectation fails when the lesson runs: %1").arg(outcome.message),
                   inSolution.contains(outcome.line) ? QStringLiteral("the solution must do what the goal asks; run its statements with `portlab run` to see what happens")
                                                     : QStringLiteral("the scenario must do what the prose says; fix the statements above it or the expectation"));
    }

    for (std::size_t k = 0; k < lesson.steps.size(); ++k) {
        const LessonStep &step = lesson.steps[k];
        if (step.camera && !step.camera->host.isEmpty()) {
            std::vector<Diagnostic> ignored;
            bool found = false;
            run(parseLines(stepLines(lesson, k, StepWorld::Complete), lesson.file, &ignored), lesson.file,
                [&](const World &world) { found = world.findHost(step.camera->host).has_value(); });
            if (!found)
                report(step.camera->line + 1, 1, QStringLiteral("the camera looks for host '%1', which this step's world does not have").arg(step.camera->host),
                       QStringLiteral("name a host the scenario declared (host NAME ADDRESS) in this step or one before it"));
        }
        if (!step.goal || step.goal->expectations.empty())
            continue;
        const Goal &goal = *step.goal;
        if (checkGoal(lesson, k, {}).met)
            report(goal.line, 1, QStringLiteral("this goal is met before the student does anything"),
                   QStringLiteral("a goal asks for a change: make its expectations false at the start of the step"));
        std::vector<Diagnostic> solutionErrors;
        const std::vector<Statement> solution = parseLines(goal.solution, lesson.file, &solutionErrors);
        if (goal.solutionLine == 0) {
            report(goal.line, 1, QStringLiteral("a goal with no solution"), QStringLiteral("follow the goal with a 'solution' block of the statements that meet it"));
            continue;
        }
        const GoalCheck solved = checkGoal(lesson, k, solution);
        for (const Diagnostic &error : solved.errors)
            errors.push_back(error);
        if (!solved.met && solved.errors.empty())
            report(goal.line, 1, QStringLiteral("the lesson's solution does not meet this goal: %1").arg(solved.unmet.join(QStringLiteral("; "))),
                   QStringLiteral("fix the solution or the expectations until `portlab check` passes"));
    }

    const QDir dir(folder);
    for (const LocalReference &reference : lesson.references) {
        if (!QFileInfo::exists(dir.filePath(reference.target)))
            report(reference.line, reference.column, QStringLiteral("%1 '%2' does not exist").arg(reference.image ? QStringLiteral("the image") : QStringLiteral("the linked file"), reference.target),
                   QStringLiteral("paths are relative to the lesson's folder, %1").arg(QDir::toNativeSeparators(dir.path())));
    }
    if (lesson.prerequisites.contains(lesson.id))
        report(lesson.prerequisitesLine, 1, QStringLiteral("the lesson lists itself as a prerequisite"), QStringLiteral("remove '%1' from the prerequisites").arg(lesson.id));
    std::stable_sort(errors.begin(), errors.end(), [](const Diagnostic &a, const Diagnostic &b) { return a.line < b.line; });
    return errors;
}

namespace {

QStringList lessonFiles(const QString &folder)
{
    QStringList files;
    const QDir dir(folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
        if (name != u"README.md")
            files.append(dir.filePath(name));
    }
    return files;
}

void checkPrerequisites(const Lesson &lesson, const QHash<QString, QString> &idsToFiles, std::vector<Diagnostic> &errors)
{
    for (const QString &id : lesson.prerequisites) {
        if (id != lesson.id && !idsToFiles.contains(id))
            errors.push_back({lesson.file, lesson.prerequisitesLine, 1, QStringLiteral("the prerequisite '%1' is not a lesson in this folder").arg(id),
                              QStringLiteral("use the id from another lesson's front matter")});
    }
}

} // namespace

LessonFolderCheck checkLessonFolder(const QString &folder)
{
    LessonFolderCheck result;
    QHash<QString, QString> ids;
    for (const QString &file : lessonFiles(folder)) {
        LessonRead read = readLessonFile(file);
        append(result.errors, read.errors);
        if (!read.lesson)
            continue;
        const Lesson &lesson = *read.lesson;
        if (ids.contains(lesson.id))
            result.errors.push_back({file, lesson.idLine, 1, QStringLiteral("the id '%1' is also %2's").arg(lesson.id, ids.value(lesson.id)),
                                     QStringLiteral("give each lesson its own id")});
        else
            ids.insert(lesson.id, file);
        append(result.errors, checkLesson(lesson, folder));
        result.lessons.push_back(std::move(*read.lesson));
    }
    for (const Lesson &lesson : result.lessons)
        checkPrerequisites(lesson, ids, result.errors);
    return result;
}

int runLessonCheck(const QStringList &paths, QTextStream &out, QTextStream &err)
{
    if (paths.isEmpty()) {
        err << "usage: portlab check LESSON.md|FOLDER…\n";
        return 2;
    }
    int lessons = 0;
    std::size_t problems = 0;
    auto print = [&](const std::vector<Diagnostic> &errors) {
        for (const Diagnostic &error : errors)
            err << error.toString() << '\n';
        problems += errors.size();
    };
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            const LessonFolderCheck folder = checkLessonFolder(path);
            lessons += static_cast<int>(lessonFiles(path).size());
            print(folder.errors);
            if (lessonFiles(path).isEmpty()) {
                print({{path, 0, 0, QStringLiteral("no lessons here"), QStringLiteral("a lesson is a .md file other than README.md")}});
            }
            continue;
        }
        ++lessons;
        LessonRead read = readLessonFile(path);
        print(read.errors);
        if (!read.lesson)
            continue;
        print(checkLesson(*read.lesson, info.absolutePath()));
        // The prerequisites are looked for among the lessons beside this one.
        QHash<QString, QString> ids;
        for (const QString &file : lessonFiles(info.absolutePath())) {
            const LessonRead sibling = readLessonFile(file);
            if (sibling.lesson)
                ids.insert(sibling.lesson->id, file);
        }
        std::vector<Diagnostic> missing;
        checkPrerequisites(*read.lesson, ids, missing);
        print(missing);
    }
    if (problems == 0) {
        out << QStringLiteral("%1 lesson(s) checked: all pass\n").arg(lessons);
        return 0;
    }
    err << QStringLiteral("%1 lesson(s) checked: %2 problem(s)\n").arg(lessons).arg(problems);
    return 2;
}

} // namespace portlab
