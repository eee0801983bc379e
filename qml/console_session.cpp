// SPDX-License-Identifier: GPL-3.0-or-later
#include "console_session.h"

#include "play/playback.h"
#include "script/completion.h"
#include "script/parser.h"
#include "script/runner.h"
#include "script/scene_edits.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStringDecoder>

namespace portlab {

namespace {

const QString consoleFile = QStringLiteral("console");

QString defaultHistoryFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString historyPath(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("console-history.txt"));
}

QString statementsText(std::size_t count)
{
    return count == 1 ? ConsoleSession::tr("1 statement") : ConsoleSession::tr("%1 statements").arg(count);
}

// The transcript keeps the newest lines; a terminal's scrollback is not endless either.
constexpr std::size_t transcriptLimit = 5000;

} // namespace

// --- the transcript --------------------------------------------------------------------------

ConsoleTranscript::ConsoleTranscript(QObject *parent)
    : QAbstractListModel(parent)
{
}

void ConsoleTranscript::append(Kind kind, const QString &text)
{
    if (m_lines.size() >= transcriptLimit) {
        beginRemoveRows({}, 0, 0);
        m_lines.erase(m_lines.begin());
        endRemoveRows();
    }
    beginInsertRows({}, count(), count());
    m_lines.push_back({kind, text});
    endInsertRows();
    Q_EMIT countChanged();
}

void ConsoleTranscript::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
    Q_EMIT countChanged();
}

QString ConsoleTranscript::text() const
{
    QStringList lines;
    for (const Line &line : m_lines)
        lines.append(line.text);
    return lines.join(u'\n');
}

void ConsoleTranscript::copyToClipboard() const
{
    QGuiApplication::clipboard()->setText(text());
}

int ConsoleTranscript::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant ConsoleTranscript::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= count())
        return {};
    const Line &line = m_lines[static_cast<std::size_t>(index.row())];
    switch (role) {
    case KindRole: return line.kind;
    case Qt::DisplayRole:
    case TextRole: return line.text;
    default: return {};
    }
}

QHash<int, QByteArray> ConsoleTranscript::roleNames() const
{
    return {{KindRole, "kind"}, {TextRole, "text"}};
}

// --- the console -----------------------------------------------------------------------------

ConsoleSession::ConsoleSession(QObject *parent)
    : QObject(parent)
    , m_historyFolder(defaultHistoryFolder())
{
    loadHistory();
}

ConsoleSession::~ConsoleSession() = default;

void ConsoleSession::setLab(LabSession *lab)
{
    if (lab == m_lab)
        return;
    if (m_lab)
        disconnect(m_lab, nullptr, this, nullptr);
    m_lab = lab;
    if (m_lab) {
        connect(m_lab, &LabSession::sessionChanged, this, [this] {
            if (!m_showing)
                adoptShownScene();
        });
    }
    adoptShownScene();
    Q_EMIT labChanged();
}

void ConsoleSession::setHistoryFolder(const QString &folder)
{
    if (folder == m_historyFolder)
        return;
    m_historyFolder = folder;
    loadHistory();
    Q_EMIT historyFolderChanged();
}

std::vector<Statement> ConsoleSession::scene() const
{
    std::vector<Statement> statements = m_base;
    statements.insert(statements.end(), m_typed.begin(), m_typed.end());
    // Numbered as the console numbers them, statement by statement, also after an edit.
    for (std::size_t i = 0; i < statements.size(); ++i)
        statements[i].line = static_cast<int>(i) + 1;
    return statements;
}

void ConsoleSession::adoptShownScene()
{
    m_base.clear();
    m_typed.clear();
    m_done.clear();
    m_undone.clear();
    setCulprit(-1);
    const Playback *shown = m_lab ? m_lab->player()->playback() : nullptr;
    // A capture has no scenario behind it (no world of its own): typing starts a scene afresh.
    if (shown && shown->world) {
        m_base = parseScenario(shown->source, shown->fileName).statements;
        m_title = m_lab->title();
        m_transcript.append(ConsoleTranscript::Note, tr("# the scene: %1, %2; what you type continues it").arg(m_title, statementsText(m_base.size())));
    } else {
        m_title = tr("console");
        if (shown)
            m_transcript.append(ConsoleTranscript::Note, tr("# the stage shows a capture; what you type starts a scene of its own"));
    }
    Q_EMIT sceneChanged();
}

std::optional<Playback> ConsoleSession::record(const std::vector<Statement> &statements) const
{
    Playback playback = recordPlayback(statements, consoleFile);
    if (!playback.errors.empty() || playback.outcomes.size() < statements.size())
        return std::nullopt;
    return playback;
}

bool ConsoleSession::run(const QString &statement)
{
    const QString line = statement.trimmed();
    if (line.isEmpty())
        return false;
    remember(line);
    m_transcript.append(ConsoleTranscript::Input, prompt() + line);
    Diagnostic error;
    std::optional<Statement> parsed = parseStatement(line, statementCount() + 1, consoleFile, &error);
    if (!parsed) {
        if (!error.message.isEmpty())   // (a comment runs nothing and is no error)
            refuse(error);
        return false;
    }
    std::vector<Statement> statements = scene();
    statements.push_back(*parsed);
    Playback playback = recordPlayback(statements, consoleFile);
    if (!playback.errors.empty()) {
        // What ran before still runs, so the error is in this statement; nothing of it ran.
        refuse(playback.errors.front());
        return false;
    }
    if (playback.outcomes.size() < statements.size()) {
        m_transcript.append(ConsoleTranscript::Error,
                            tr("✗ not run: the stage holds %1 steps and the scene fills them. Save the scene and run it with `portlab run`.")
                                .arg(playback.size()));
        return false;
    }
    m_done.push_back({parsed->text, false, {}, {{m_base.size() + m_typed.size(), *parsed, true}}});
    m_typed.push_back(std::move(*parsed));
    m_undone.clear();
    showAdded(std::move(playback));
    return true;
}

void ConsoleSession::showAdded(Playback playback)
{
    const std::size_t index = playback.outcomes.size() - 1;
    printOutcome(playback, index);
    const QString text = playback.outcomes[index].text;
    const bool ok = playback.outcomes[index].ok;
    show(std::move(playback), index);
    Q_EMIT sceneChanged();
    Q_EMIT statementRan(text, ok);
}

void ConsoleSession::refuse(const Diagnostic &error)
{
    setCulprit(-1);
    m_transcript.append(ConsoleTranscript::Caret, QString(prompt().size() + std::max(error.column, 1) - 1, u' ') + u'^');
    printDiagnostic(error);
}

void ConsoleSession::printDiagnostic(const Diagnostic &error)
{
    const QStringList lines = error.toString().split(u'\n');
    m_transcript.append(ConsoleTranscript::Error, lines.front());
    for (const QString &hint : lines.mid(1))
        m_transcript.append(ConsoleTranscript::Hint, hint.trimmed());
}

void ConsoleSession::printOutcome(const Playback &playback, std::size_t index)
{
    const StatementOutcome &outcome = playback.outcomes[index];
    for (const QString &line : printedLines(outcome))
        m_transcript.append(outcome.ok ? ConsoleTranscript::Output : ConsoleTranscript::Error, line);
    setCulprit(outcome.culprit == NoSocket ? -1 : static_cast<int>(outcome.culprit));
    if (outcome.culprit != NoSocket) {
        //: the socket that holds the port a failed bind() or listen() wanted, e.g. "nginx (pid 1000) tcp 0.0.0.0:80"
        m_transcript.append(ConsoleTranscript::Culprit, tr("in the way: %1, marked on the stage").arg(playback.world->describeSocket(outcome.culprit)));
    }
}

void ConsoleSession::setCulprit(int socket)
{
    if (socket == m_culprit)
        return;
    m_culprit = socket;
    Q_EMIT culpritChanged();
}

void ConsoleSession::show(Playback playback, std::size_t firstNew)
{
    if (!m_lab)
        return;
    m_showing = true;
    m_lab->showRecordingFrom(std::move(playback), m_title, firstNew);
    m_showing = false;
}

void ConsoleSession::apply(const Change &change, bool forward)
{
    const std::vector<Placed> &leaving = forward ? change.removed : change.added;
    const std::vector<Placed> &coming = forward ? change.added : change.removed;
    const auto at = [](std::vector<Statement> &statements, std::size_t index) {
        return std::next(statements.begin(), static_cast<std::ptrdiff_t>(index));
    };
    for (auto it = leaving.rbegin(); it != leaving.rend(); ++it) {
        if (it->index < m_base.size())
            m_base.erase(at(m_base, it->index));
        else
            m_typed.erase(at(m_typed, it->index - m_base.size()));
    }
    for (const Placed &placed : coming) {
        if (placed.typed)
            m_typed.insert(at(m_typed, placed.index - m_base.size()), placed.statement);
        else
            m_base.insert(at(m_base, placed.index), placed.statement);
    }
}

bool ConsoleSession::undo()
{
    if (m_done.empty()) {
        m_transcript.append(ConsoleTranscript::Note, tr("# nothing to undo: the scene is as it started"));
        return false;
    }
    const std::vector<Statement> before = scene();
    m_undone.push_back(std::move(m_done.back()));
    m_done.pop_back();
    const Change &change = m_undone.back();
    apply(change, false);
    setCulprit(-1);
    const QString note = tr("# undone: %1").arg(change.description);
    if (change.edit) {
        if (!showEdited(before, change, false, note))
            m_transcript.append(ConsoleTranscript::Note, note);   // (too long for the stage now)
    } else {
        m_transcript.append(ConsoleTranscript::Note, note);
        const std::vector<Statement> statements = scene();
        if (std::optional<Playback> playback = record(statements))
            show(std::move(*playback), statements.size());
    }
    Q_EMIT sceneChanged();
    return true;
}

bool ConsoleSession::redo()
{
    if (m_undone.empty()) {
        m_transcript.append(ConsoleTranscript::Note, tr("# nothing to redo"));
        return false;
    }
    const std::vector<Statement> before = scene();
    m_done.push_back(std::move(m_undone.back()));
    m_undone.pop_back();
    const Change &change = m_done.back();
    apply(change, true);
    const QString note = tr("# redone: %1").arg(change.description);
    if (change.edit) {
        if (!showEdited(before, change, true, note))
            m_transcript.append(ConsoleTranscript::Note, note);   // (too long for the stage now)
        Q_EMIT sceneChanged();
        return true;
    }
    m_transcript.append(ConsoleTranscript::Note, note);
    std::optional<Playback> playback = record(scene());
    if (!playback)
        return false;
    showAdded(std::move(*playback));
    return true;
}

// --- editing the scene -----------------------------------------------------------------------

namespace {

// "EHOSTUNREACH", "ok"; an expectation is met or not.
QString answerOf(const StatementOutcome &outcome)
{
    if (outcome.isExpectation)
        return outcome.ok ? ConsoleSession::tr("met") : ConsoleSession::tr("not met");
    return outcome.ok ? ConsoleSession::tr("ok") : errnoName(outcome.error);
}

// The statements a change leaves alone, as (index before, index after), in order.
std::vector<std::pair<std::size_t, std::size_t>> untouched(std::size_t countBefore, const std::vector<std::size_t> &gone, const std::vector<std::size_t> &came)
{
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::size_t after = 0;
    auto goneAt = gone.begin();
    auto cameAt = came.begin();
    for (std::size_t before = 0; before < countBefore; ++before) {
        if (goneAt != gone.end() && *goneAt == before) {
            ++goneAt;
            continue;
        }
        while (cameAt != came.end() && *cameAt == after) {
            ++cameAt;
            ++after;
        }
        pairs.emplace_back(before, after++);
    }
    return pairs;
}

} // namespace

bool ConsoleSession::showEdited(const std::vector<Statement> &before, const Change &change, bool forward, const QString &note,
                                std::optional<Diagnostic> *refusal)
{
    const std::vector<Statement> statements = scene();
    Playback recorded = recordPlayback(statements, consoleFile);
    if (!recorded.errors.empty() || recorded.outcomes.size() < statements.size()) {
        if (refusal && !recorded.errors.empty())
            *refusal = recorded.errors.front();
        return false;
    }
    m_transcript.append(ConsoleTranscript::Note, note);
    const std::optional<Playback> previous = record(before);
    if (!previous) {
        // The scene before did not fit on the stage: there is nothing to compare with.
        show(std::move(recorded), statements.size());
        return true;
    }
    std::vector<std::size_t> gone;
    std::vector<std::size_t> came;
    for (const Placed &placed : forward ? change.removed : change.added)
        gone.push_back(placed.index);
    for (const Placed &placed : forward ? change.added : change.removed)
        came.push_back(placed.index);
    QStringList differences;
    std::size_t firstChanged = statements.size();
    for (const auto &[was, now] : untouched(before.size(), gone, came)) {
        const StatementOutcome &old = previous->outcomes[was];
        const StatementOutcome &fresh = recorded.outcomes[now];
        if (old.ok == fresh.ok && old.error == fresh.error)
            continue;
        firstChanged = std::min(firstChanged, now);
        //: a statement whose answer an edit of the scene changed: its number, the statement, the answer now and before
        differences.append(tr("#   line %1: %2 → %3 (was %4)").arg(now + 1).arg(fresh.text, answerOf(fresh), answerOf(old)));
    }
    constexpr qsizetype listed = 12;
    if (differences.isEmpty()) {
        m_transcript.append(ConsoleTranscript::Note, tr("# every other statement answers as before"));
    } else {
        m_transcript.append(ConsoleTranscript::Note, differences.size() == 1 ? tr("# 1 statement now answers differently:")
                                                                             : tr("# %1 statements now answer differently:").arg(differences.size()));
        for (const QString &line : differences.mid(0, listed))
            m_transcript.append(ConsoleTranscript::Note, line);
        if (differences.size() > listed)
            m_transcript.append(ConsoleTranscript::Note, tr("#   … and %1 more").arg(differences.size() - listed));
    }
    // The stage plays from the first statement that answers differently, to show why.
    show(std::move(recorded), firstChanged);
    return true;
}

bool ConsoleSession::edit(Change change)
{
    const std::vector<Statement> before = scene();
    apply(change, true);
    std::optional<Diagnostic> refusal;
    if (!showEdited(before, change, true, QStringLiteral("# ") + change.description, &refusal)) {
        apply(change, false);
        // What the edit would make of the scene cannot run (a Windows host has no sysctl), or
        // no longer fits on the stage: the scene stays as it was, and the console says why.
        m_transcript.append(ConsoleTranscript::Error, tr("✗ not changed: %1").arg(change.description));
        if (refusal)
            printDiagnostic(*refusal);
        else
            m_transcript.append(ConsoleTranscript::Error, tr("✗ the scene so edited would not fit on the stage"));
        return false;
    }
    m_done.push_back(std::move(change));
    m_undone.clear();
    setCulprit(-1);
    Q_EMIT sceneChanged();
    return true;
}

bool ConsoleSession::removeHost(const QString &host)
{
    const std::vector<Statement> statements = scene();
    const std::vector<std::size_t> about = portlab::statementsAboutHost(statements, host);
    if (about.empty())
        return false;
    Change change;
    change.edit = true;
    for (const std::size_t index : about)
        change.removed.push_back({index, statements[index], index >= m_base.size()});
    const std::size_t others = about.size() - 1;
    change.description = others == 0 ? tr("removed host %1; no other statement was about it").arg(host)
                       : others == 1 ? tr("removed host %1 and the statement about it").arg(host)
                                     : tr("removed host %1 and the %2 statements about it").arg(host).arg(others);
    return edit(std::move(change));
}

int ConsoleSession::statementsAboutHost(const QString &host) const
{
    return static_cast<int>(portlab::statementsAboutHost(scene(), host).size()) - 1;
}

QString ConsoleSession::declarationWithOs(const QString &host, const QString &os) const
{
    const std::optional<Rewrite> rewrite = portlab::declarationWithOs(scene(), host, os);
    return rewrite ? rewrite->statement.text : QString();
}

bool ConsoleSession::setHostOs(const QString &host, const QString &os)
{
    const std::vector<Statement> statements = scene();
    std::optional<Rewrite> rewrite = portlab::declarationWithOs(statements, host, os);
    if (!rewrite)
        return false;
    const Statement &old = statements[rewrite->index];
    const bool typed = rewrite->index >= m_base.size();
    const QString from = std::get<HostDecl>(old.body).personality.displayName;
    const QString to = std::get<HostDecl>(rewrite->statement.body).personality.displayName;
    Change change;
    change.edit = true;
    //: a host's declaration rewritten for another operating system: host, OS before, OS after, the new declaration
    change.description = tr("host %1 now runs %2 instead of %3: %4").arg(host, to, from, rewrite->statement.text);
    change.removed.push_back({rewrite->index, old, typed});
    change.added.push_back({rewrite->index, std::move(rewrite->statement), typed});
    return edit(std::move(change));
}

QString ConsoleSession::osChangeProblem(const QString &host, const QString &os) const
{
    std::vector<Statement> statements = scene();
    std::optional<Rewrite> rewrite = portlab::declarationWithOs(statements, host, os);
    if (!rewrite)
        return {};
    statements[rewrite->index] = std::move(rewrite->statement);
    World world;
    const std::vector<Diagnostic> errors = Interpreter(world).checkNames(statements, consoleFile);
    if (errors.empty())
        return {};
    const Diagnostic &first = errors.front();
    const auto refused = std::ranges::find(statements, first.line, &Statement::line);
    //: why the settings dialog cannot apply an OS: the statement that stands in the way, and why
    return tr("%1 would be refused: %2").arg(refused == statements.end() ? QString() : refused->text, first.message);
}

QVariant ConsoleSession::complete(const QString &line, int cursor) const
{
    const Completion completion = completeLine(scene(), line, cursor);
    return QVariantMap{{QStringLiteral("line"), completion.line},
                       {QStringLiteral("cursor"), completion.cursor},
                       {QStringLiteral("candidates"), completion.candidates}};
}

// --- saving ----------------------------------------------------------------------------------

QString ConsoleSession::sceneText() const
{
    QString text = tr("# %1, saved from PortLab's console on %2\n").arg(m_title, QDateTime::currentDateTime().toString(Qt::ISODate));
    for (const Statement &statement : scene())
        text += statement.text + u'\n';
    return text;
}

bool ConsoleSession::saveScene(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(sceneText().toUtf8()) < 0 || !out.commit()) {
        m_transcript.append(ConsoleTranscript::Error, tr("✗ the scene was not saved to %1: %2").arg(QDir::toNativeSeparators(path), out.errorString()));
        return false;
    }
    m_transcript.append(ConsoleTranscript::Note, tr("# saved %1 to %2").arg(statementsText(m_base.size() + m_typed.size()), QDir::toNativeSeparators(path)));
    return true;
}

// --- history ---------------------------------------------------------------------------------

QString ConsoleSession::historyBack(const QString &current)
{
    if (m_historyAt == m_history.size())
        m_draft = current;
    if (m_historyAt > 0)
        --m_historyAt;
    return m_history.isEmpty() ? current : m_history[m_historyAt];
}

QString ConsoleSession::historyForward(const QString &current)
{
    if (m_historyAt == m_history.size())
        return current;
    ++m_historyAt;
    return m_historyAt == m_history.size() ? m_draft : m_history[m_historyAt];
}

void ConsoleSession::remember(const QString &line)
{
    if (m_history.isEmpty() || m_history.back() != line)
        m_history.append(line);
    if (m_history.size() > historyLimit)
        m_history.remove(0, m_history.size() - historyLimit);
    m_historyAt = m_history.size();
    m_draft.clear();
    saveHistory();
    Q_EMIT historyChanged();
}

void ConsoleSession::loadHistory()
{
    m_history.clear();
    m_historyWritable = true;
    QFile file(historyPath(m_historyFolder));
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            // Left where it is and as it is: this session's lines are not saved over it.
            m_historyWritable = false;
            m_transcript.append(ConsoleTranscript::Error, tr("⚠ the console's history %1 cannot be read (%2); it is left as it is, and this session's lines are not kept")
                                                              .arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
        } else {
            QStringDecoder decode(QStringDecoder::Utf8);
            const QString text = decode(file.readAll());
            file.close();
            if (decode.hasError()) {
                const QString aside = file.fileName() + QStringLiteral(".unreadable");
                QFile::remove(aside);
                const bool setAside = file.rename(aside);
                m_historyWritable = setAside;
                m_transcript.append(ConsoleTranscript::Error,
                                    setAside ? tr("⚠ the console's history was not text; it starts afresh, and the old file is kept as %1").arg(QDir::toNativeSeparators(aside))
                                             : tr("⚠ the console's history %1 was not text, and could not be set aside; this session's lines are not kept")
                                                   .arg(QDir::toNativeSeparators(file.fileName())));
            } else {
                m_history = text.split(u'\n', Qt::SkipEmptyParts);
                if (m_history.size() > historyLimit)
                    m_history.remove(0, m_history.size() - historyLimit);
            }
        }
    }
    m_historyAt = m_history.size();
    m_draft.clear();
    Q_EMIT historyChanged();
}

void ConsoleSession::saveHistory()
{
    if (!m_historyWritable)
        return;
    QSaveFile file(historyPath(m_historyFolder));
    if (!QDir().mkpath(m_historyFolder) || !file.open(QIODevice::WriteOnly) || file.write((m_history.join(u'\n') + u'\n').toUtf8()) < 0 || !file.commit()) {
        // Said once: the lines are still in this session's history.
        m_historyWritable = false;
        m_transcript.append(ConsoleTranscript::Error, tr("⚠ the console's history could not be saved to %1: %2")
                                                          .arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
    }
}

} // namespace portlab
