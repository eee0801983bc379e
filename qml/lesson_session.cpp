// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_session.h"

#include "lesson/lesson_check.h"
#include "play/playback.h"
#include "script/parser.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace portlab {

namespace {

const QString builtInLessons = QStringLiteral(":/lessons");
const QString builtInExperiments = QStringLiteral(":/experiments");

QString defaultProgressFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("progress"));
}

QString quizKey(int step, int question)
{
    return QStringLiteral("%1/%2").arg(step).arg(question);
}

QVariantMap questionMap(const Question &question, int chosen, bool revealed)
{
    return {{QStringLiteral("prompt"), question.prompt},
            {QStringLiteral("choices"), question.choices},
            {QStringLiteral("chosen"), chosen},
            {QStringLiteral("answer"), revealed ? question.answer : -1},
            {QStringLiteral("correct"), revealed && chosen == question.answer},
            {QStringLiteral("explanation"), revealed ? question.explanation : QString()}};
}

QString joined(const std::vector<SourceLine> &lines)
{
    QStringList text;
    for (const SourceLine &line : lines)
        text.append(line.text.trimmed());
    return text.join(QLatin1Char('\n'));
}

} // namespace

LessonText::LessonText(QObject *parent)
    : QObject(parent)
{
}

QString LessonText::readable(const QString &markdown) const
{
    return markdownForDisplay(markdown);
}

QString LessonText::plain(const QString &markdown) const
{
    return markdownPlainText(markdown);
}

// --- the library -----------------------------------------------------------------------------

LessonLibraryModel::LessonLibraryModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void LessonLibraryModel::reset(std::vector<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged();
}

void LessonLibraryModel::setProgress(const QString &lessonId, const LessonProgress &progress)
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].lesson.id == lessonId) {
            m_rows[i].progress = progress;
            const QModelIndex at = index(static_cast<int>(i));
            Q_EMIT dataChanged(at, at);
        }
    }
}

const LessonLibraryModel::Row *LessonLibraryModel::find(const QString &lessonId) const
{
    for (const Row &row : m_rows) {
        if (row.lesson.id == lessonId)
            return &row;
    }
    return nullptr;
}

int LessonLibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant LessonLibraryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= count())
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const Lesson &lesson = row.lesson;
    switch (role) {
    case IdRole:
        return lesson.id;
    case Qt::DisplayRole:
    case TitleRole:
        return lesson.title;
    case SummaryRole:
        return lesson.summary;
    case MinutesRole:
        return lesson.minutes;
    case StepCountRole:
        return static_cast<int>(lesson.steps.size());
    case StepsVisitedRole:
        return static_cast<int>(row.progress.visited.size());
    case GoalCountRole:
        return static_cast<int>(std::count_if(lesson.steps.begin(), lesson.steps.end(), [](const LessonStep &s) { return s.goal.has_value(); }));
    case GoalsMetRole:
        return static_cast<int>(row.progress.goalsMet.size());
    case CompletedRole:
        return row.progress.completed;
    case PrerequisitesRole: {
        QStringList titles;
        for (const QString &id : lesson.prerequisites) {
            const Row *other = find(id);
            titles.append(other ? other->lesson.title : id);
        }
        return titles.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> LessonLibraryModel::roleNames() const
{
    return {{IdRole, "lessonId"},           {TitleRole, "title"},         {SummaryRole, "summary"},
            {MinutesRole, "minutes"},       {StepCountRole, "stepCount"}, {StepsVisitedRole, "stepsVisited"},
            {GoalCountRole, "goalCount"},   {GoalsMetRole, "goalsMet"},   {CompletedRole, "completed"},
            {PrerequisitesRole, "prerequisites"}};
}

// --- the session -----------------------------------------------------------------------------

LessonSession::LessonSession(QObject *parent)
    : QObject(parent)
    , m_folder(builtInLessons)
    , m_experimentsFolder(builtInExperiments)
    , m_store(std::make_unique<ProgressStore>(defaultProgressFolder()))
{
    reloadLibrary();
}

LessonSession::~LessonSession() = default;

void LessonSession::setLab(LabSession *lab)
{
    if (lab == m_lab)
        return;
    m_lab = lab;
    Q_EMIT labChanged();
}

void LessonSession::setLessonsFolder(const QString &folder)
{
    if (folder == m_folder)
        return;
    m_folder = folder;
    Q_EMIT lessonsFolderChanged();
    reloadLibrary();
}

void LessonSession::setProgressFolder(const QString &folder)
{
    if (folder == m_store->folder())
        return;
    m_store = std::make_unique<ProgressStore>(folder);
    Q_EMIT progressFolderChanged();
    reloadLibrary();
}

void LessonSession::addProblems(const QStringList &problems)
{
    if (problems.isEmpty())
        return;
    m_problems.append(problems);
    Q_EMIT problemsChanged();
}

void LessonSession::clearProblems()
{
    if (m_problems.isEmpty())
        return;
    m_problems.clear();
    Q_EMIT problemsChanged();
}

void LessonSession::setExperimentsFolder(const QString &folder)
{
    if (folder == m_experimentsFolder)
        return;
    m_experimentsFolder = folder;
    Q_EMIT experimentsFolderChanged();
    reloadLibrary();
}

std::vector<LessonLibraryModel::Row> LessonSession::readLibraryFolder(const QString &folder, QStringList &problems)
{
    std::vector<LessonLibraryModel::Row> rows;
    const QDir dir(folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
        if (name == u"README.md")
            continue;
        LessonRead read = readLessonFile(dir.filePath(name));
        if (!read.lesson) {
            problems.append(tr("%1 is left out of the library: %2").arg(name, read.errors.front().toString()));
            continue;
        }
        LessonLibraryModel::Row row{std::move(*read.lesson), {}};
        row.progress = m_store->load(row.lesson.id);
        rows.push_back(std::move(row));
    }
    return rows;
}

void LessonSession::reloadLibrary()
{
    QStringList problems;
    m_library.reset(readLibraryFolder(m_folder, problems));
    m_experiments.reset(readLibraryFolder(m_experimentsFolder, problems));
    problems.append(m_store->takeProblems());
    // What the library says now replaces what it said before (the folders may have changed).
    m_problems = problems;
    Q_EMIT problemsChanged();
}

bool LessonSession::openLesson(const QString &lessonId)
{
    const LessonLibraryModel::Row *row = m_library.find(lessonId);
    if (!row) {
        addProblems({tr("There is no lesson '%1' in the library.").arg(lessonId)});
        return false;
    }
    open(row->lesson, m_folder, m_store->load(lessonId), false);
    return true;
}

bool LessonSession::runExperiment(const QString &experimentId)
{
    const LessonLibraryModel::Row *row = m_experiments.find(experimentId);
    if (!row) {
        addProblems({tr("There is no experiment '%1' in the gallery.").arg(experimentId)});
        return false;
    }
    // An experiment is run afresh every time: a new prediction, from its first step.
    open(row->lesson, m_experimentsFolder, LessonProgress{}, true);
    return true;
}

void LessonSession::open(const Lesson &lesson, const QString &folder, LessonProgress progress, bool experiment)
{
    m_lesson = std::make_unique<Lesson>(lesson);
    m_lessonFolder = folder;
    m_experiment = experiment;
    m_progress = std::move(progress);
    addProblems(m_store->takeProblems());
    Q_EMIT lessonChanged();
    enterStep(std::clamp(m_progress.step, 0, stepCount() - 1), true);
}

bool LessonSession::openLessonFile(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    LessonRead read = readLessonFile(path);
    std::vector<Diagnostic> errors = read.errors;
    if (read.lesson) {
        const std::vector<Diagnostic> checked = checkLesson(*read.lesson, QFileInfo(path).absolutePath());
        errors.insert(errors.end(), checked.begin(), checked.end());
    }
    if (!errors.empty()) {
        QStringList problems{tr("%1 cannot be opened: `portlab check %1` finds %2 problem(s):").arg(path).arg(errors.size())};
        for (const Diagnostic &error : errors)
            problems.append(error.toString());
        addProblems(problems);
        return false;
    }
    LessonProgress progress = m_store->load(read.lesson->id);
    open(*read.lesson, QFileInfo(path).absolutePath(), std::move(progress), false);
    return true;
}

void LessonSession::closeLesson()
{
    if (!m_lesson)
        return;
    saveProgress();
    m_lesson.reset();
    m_typed.clear();
    Q_EMIT lessonChanged();
    Q_EMIT stepChanged();
    Q_EMIT stepStateChanged();
}

void LessonSession::next()
{
    if (m_lesson && m_step + 1 < stepCount())
        enterStep(m_step + 1, true);
}

void LessonSession::back()
{
    if (m_lesson && m_step > 0)
        enterStep(m_step - 1, false);
}

void LessonSession::goToStep(int step)
{
    if (m_lesson && step >= 0 && step < stepCount() && step != m_step)
        enterStep(step, false);
}

void LessonSession::enterStep(int step, bool animate)
{
    m_step = step;
    const LessonStep &s = m_lesson->steps[static_cast<std::size_t>(step)];
    m_locked = m_progress.predictions.contains(step);
    m_chosen = m_locked ? m_progress.predictions.value(step) : -1;
    m_tally.assign(s.prediction ? static_cast<std::size_t>(s.prediction->choices.size()) : 0, 0);
    m_quizChoices.clear();
    for (int q = 0; q < static_cast<int>(s.quiz.size()); ++q) {
        if (m_progress.quizAnswers.contains(quizKey(step, q)))
            m_quizChoices.insert(q, m_progress.quizAnswers.value(quizKey(step, q)));
    }
    m_typed.clear();
    m_goalMet = false;
    m_hintShown = false;
    m_unmet.clear();
    // The setup is the scene the step starts in: shown as it stands; what follows it is played.
    replay(animate ? std::optional(StepWorld::Setup) : std::nullopt);
    if (s.goal)
        checkGoal(false);
    m_progress.step = step;
    m_progress.visited.insert(step);
    // Done once every step has been seen, not merely the last one jumped to.
    if (static_cast<int>(m_progress.visited.size()) == stepCount())
        m_progress.completed = true;
    saveProgress();
    Q_EMIT stepChanged();
    Q_EMIT stepStateChanged();
}

std::vector<Statement> LessonSession::stepStatements(StepWorld upTo) const
{
    std::vector<Diagnostic> ignored;   // the lesson was read and its statements parse
    return parseLines(stepLines(*m_lesson, static_cast<std::size_t>(m_step), upTo), m_lesson->file, &ignored);
}

std::vector<Statement> LessonSession::typedStatements() const
{
    std::vector<Statement> statements;
    for (const Typed &typed : m_typed) {
        if (typed.ran)
            statements.push_back(typed.statement);
    }
    return statements;
}

void LessonSession::replay(std::optional<StepWorld> animateFrom)
{
    std::vector<Statement> statements = stepStatements(awaitingPrediction() ? StepWorld::Setup : StepWorld::Complete);
    const std::vector<Statement> typed = typedStatements();
    statements.insert(statements.end(), typed.begin(), typed.end());
    const std::size_t total = statements.size();
    show(recordPlayback(std::move(statements), m_lesson->file), animateFrom ? stepStatements(*animateFrom).size() : total);
}

void LessonSession::show(Playback playback, std::size_t firstNewStatement)
{
    if (m_lab)
        m_lab->showRecordingFrom(std::move(playback), m_lesson->title, firstNewStatement);
}

void LessonSession::choose(int choice)
{
    const LessonStep *s = m_lesson ? &m_lesson->steps[static_cast<std::size_t>(m_step)] : nullptr;
    if (!s || !s->prediction || m_locked || choice < 0 || choice >= s->prediction->choices.size())
        return;
    m_chosen = choice;
    Q_EMIT stepStateChanged();
}

void LessonSession::lockPrediction()
{
    if (!awaitingPrediction() || m_chosen < 0)
        return;
    m_locked = true;
    m_progress.predictions.insert(m_step, m_chosen);
    saveProgress();
    replay(StepWorld::Setup);
    Q_EMIT stepChanged();
    Q_EMIT stepStateChanged();
}

void LessonSession::answerQuiz(int question, int choice)
{
    const LessonStep *s = m_lesson ? &m_lesson->steps[static_cast<std::size_t>(m_step)] : nullptr;
    if (!s || question < 0 || question >= static_cast<int>(s->quiz.size()) || m_quizChoices.contains(question))
        return;
    if (choice < 0 || choice >= s->quiz[static_cast<std::size_t>(question)].choices.size())
        return;
    m_quizChoices.insert(question, choice);
    m_progress.quizAnswers.insert(quizKey(m_step, question), choice);
    saveProgress();
    Q_EMIT stepStateChanged();
}

void LessonSession::vote(int choice)
{
    if (choice < 0 || static_cast<std::size_t>(choice) >= m_tally.size() || !awaitingPrediction())
        return;
    ++m_tally[static_cast<std::size_t>(choice)];
    Q_EMIT stepStateChanged();
}

void LessonSession::clearTally()
{
    std::fill(m_tally.begin(), m_tally.end(), 0);
    Q_EMIT stepStateChanged();
}

void LessonSession::refuse(const QString &text, const QString &why)
{
    m_typed.push_back({Statement{0, 0, text, {}}, false, false, why, {}});
    if (currentGoal() && !m_goalMet)
        m_hintShown = true;
    Q_EMIT stepStateChanged();
}

bool LessonSession::tryStatement(const QString &text)
{
    const QString statementText = text.trimmed();
    if (!m_lesson || statementText.isEmpty())
        return false;
    if (awaitingPrediction()) {
        refuse(statementText, tr("Lock in your prediction first: the step's scenario runs after it."));
        return false;
    }
    Diagnostic error;
    std::optional<Statement> statement = parseStatement(statementText, 1, tr("typed"), &error);
    if (!statement) {
        refuse(statementText, error.hint.isEmpty() ? error.message : QStringLiteral("%1 (%2)").arg(error.message, error.hint));
        return false;
    }
    return runTyped({std::move(*statement)});
}

void LessonSession::showSolution()
{
    const Goal *goal = currentGoal();
    if (!goal || awaitingPrediction())
        return;
    std::vector<Diagnostic> ignored;   // the checker ran this solution
    runTyped(parseLines(goal->solution, m_lesson->file, &ignored));
}

bool LessonSession::runTyped(std::vector<Statement> more)
{
    std::vector<Statement> statements = stepStatements(StepWorld::Complete);
    const std::vector<Statement> typed = typedStatements();
    statements.insert(statements.end(), typed.begin(), typed.end());
    const std::size_t first = statements.size();
    statements.insert(statements.end(), more.begin(), more.end());
    Playback playback = recordPlayback(std::move(statements), m_lesson->file);
    if (!playback.errors.empty()) {
        // What ran before still runs, so the error is in what was just typed; nothing of it ran.
        const Diagnostic &error = playback.errors.front();
        QStringList texts;
        for (const Statement &s : more)
            texts.append(s.text);
        refuse(texts.join(QStringLiteral("; ")), error.hint.isEmpty() ? error.message : QStringLiteral("%1 (%2)").arg(error.message, error.hint));
        return false;
    }
    for (std::size_t i = 0; i < more.size(); ++i) {
        const StatementOutcome &outcome = playback.outcomes[first + i];
        m_typed.push_back({std::move(more[i]), true, outcome.ok, outcome.message, outcome.output});
    }
    show(std::move(playback), first);
    checkGoal(true);
    Q_EMIT stepStateChanged();
    return true;
}

const Goal *LessonSession::currentGoal() const
{
    if (!m_lesson)
        return nullptr;
    const LessonStep &s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    return s.goal ? &*s.goal : nullptr;
}

void LessonSession::checkGoal(bool afterAttempt)
{
    const Goal *goal = currentGoal();
    if (!goal)
        return;
    std::vector<Statement> typed;
    for (const Typed &t : m_typed)
        typed.push_back(t.statement);
    const GoalCheck check = portlab::checkGoal(*m_lesson, static_cast<std::size_t>(m_step), typed);
    m_goalMet = check.met;
    m_unmet = check.unmet;
    if (check.met) {
        m_progress.goalsMet.insert(m_step);
        saveProgress();
    } else if (afterAttempt) {
        m_hintShown = true;
    }
}

void LessonSession::saveProgress()
{
    if (!m_lesson)
        return;
    m_store->save(m_lesson->id, m_progress);
    addProblems(m_store->takeProblems());
    m_library.setProgress(m_lesson->id, m_progress);
    m_experiments.setProgress(m_lesson->id, m_progress);
}

// --- what the views read ---------------------------------------------------------------------

QString LessonSession::lessonId() const
{
    return m_lesson ? m_lesson->id : QString();
}

QString LessonSession::lessonTitle() const
{
    return m_lesson ? m_lesson->title : QString();
}

QUrl LessonSession::baseUrl() const
{
    if (!m_lesson)
        return {};
    if (m_lessonFolder.startsWith(QLatin1Char(':')))
        return QUrl(QStringLiteral("qrc") + m_lessonFolder + QLatin1Char('/'));
    return QUrl::fromLocalFile(m_lessonFolder + QLatin1Char('/'));
}

int LessonSession::stepCount() const
{
    return m_lesson ? static_cast<int>(m_lesson->steps.size()) : 0;
}

QStringList LessonSession::stepTitles() const
{
    QStringList titles;
    if (m_lesson) {
        for (const LessonStep &step : m_lesson->steps)
            titles.append(step.title);
    }
    return titles;
}

QString LessonSession::stepTitle() const
{
    return m_lesson ? m_lesson->steps[static_cast<std::size_t>(m_step)].title : QString();
}

QString LessonSession::narration() const
{
    if (!m_lesson)
        return {};
    const LessonStep &step = m_lesson->steps[static_cast<std::size_t>(m_step)];
    if (step.afterPrediction.isEmpty() || awaitingPrediction())
        return step.narration;
    return step.narration.isEmpty() ? step.afterPrediction : step.narration + QStringLiteral("\n\n") + step.afterPrediction;
}

QString LessonSession::notes() const
{
    return m_lesson ? m_lesson->steps[static_cast<std::size_t>(m_step)].notes : QString();
}

QString LessonSession::cameraHost() const
{
    if (!m_lesson)
        return {};
    const auto &camera = m_lesson->steps[static_cast<std::size_t>(m_step)].camera;
    return camera ? camera->host : QString();
}

QString LessonSession::cameraLayer() const
{
    if (!m_lesson)
        return {};
    const auto &camera = m_lesson->steps[static_cast<std::size_t>(m_step)].camera;
    return camera && camera->layer ? stackLayerName(*camera->layer) : QString();
}

QVariantMap LessonSession::prediction() const
{
    if (!m_lesson)
        return {};
    const LessonStep &s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    if (!s.prediction)
        return {};
    QVariantMap map = questionMap(*s.prediction, m_chosen, m_locked);
    map.insert(QStringLiteral("locked"), m_locked);
    return map;
}

QVariantList LessonSession::tally() const
{
    QVariantList counts;
    for (int count : m_tally)
        counts.append(count);
    return counts;
}

QVariantList LessonSession::quiz() const
{
    QVariantList questions;
    if (!m_lesson)
        return questions;
    const LessonStep &s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    for (int q = 0; q < static_cast<int>(s.quiz.size()); ++q)
        questions.append(questionMap(s.quiz[static_cast<std::size_t>(q)], m_quizChoices.value(q, -1), m_quizChoices.contains(q)));
    return questions;
}

QVariantMap LessonSession::goal() const
{
    const Goal *goal = currentGoal();
    if (!goal)
        return {};
    return {{QStringLiteral("task"), goal->task},
            {QStringLiteral("hint"), goal->hint},
            {QStringLiteral("met"), m_goalMet},
            {QStringLiteral("hintShown"), m_hintShown},
            {QStringLiteral("unmet"), m_unmet},
            {QStringLiteral("solution"), joined(goal->solution)}};
}

QVariantList LessonSession::typed() const
{
    QVariantList list;
    for (const Typed &typed : m_typed)
        list.append(QVariantMap{{QStringLiteral("statement"), typed.statement.text},
                                {QStringLiteral("ok"), typed.ok},
                                {QStringLiteral("message"), typed.message},
                                {QStringLiteral("output"), typed.output}});
    return list;
}

bool LessonSession::awaitingPrediction() const
{
    return m_lesson && m_lesson->steps[static_cast<std::size_t>(m_step)].prediction && !m_locked;
}

} // namespace portlab
