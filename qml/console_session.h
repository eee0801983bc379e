// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lab_session.h"
#include "script/statement.h"

#include <QAbstractListModel>
#include <QUrl>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace portlab {

// What the console has printed, one row per line, as a terminal shows a shell session.
// Roles: "kind" (Kind), "text" (the line; monospace, so a caret lines up under its column).
class ConsoleTranscript : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConsoleSession owns it")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Kind {
        Input,     // the prompt and what was typed
        Output,    // what the statement printed: a tool's output, an "ok: …" sentence, "pass: …"
        Error,     // an errno and its explanation, a failed expectation, or why a line was refused
        Caret,     // "^" under the column an error points at
        Hint,      // how to fix it
        Culprit,   // the socket in the way, as the stage marks it
        Note,      // what the console itself did: the scene it continues, undo, redo, save
    };
    Q_ENUM(Kind)
    enum Role { KindRole = Qt::UserRole + 1, TextRole };
    Q_ENUM(Role)

    struct Line {
        Kind kind = Output;
        QString text;
    };

    explicit ConsoleTranscript(QObject *parent = nullptr);
    void append(Kind kind, const QString &text);
    Q_INVOKABLE void clear();
    int count() const { return static_cast<int>(m_lines.size()); }
    const std::vector<Line> &lines() const { return m_lines; }
    Q_INVOKABLE QString text() const;   // every line, one per line, as a terminal would copy them
    // Puts text() on the clipboard, as selecting a terminal's whole scrollback and copying would.
    Q_INVOKABLE void copyToClipboard() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Line> m_lines;
};

// The console: a scene that grows by one typed statement at a time, shown on the lab's stage.
// The scene starts as the scenario the window shows (the example, a file opened, a lesson's
// step) and each statement typed is appended and the whole scene recorded again; the model is
// deterministic, so the recording is exactly what running the scene would give, and the stage
// plays the new statement's steps from where they start. A statement that does not parse or
// names what does not exist is refused, with a caret under the column, and nothing is added.
// The stage also edits the scene as a whole: a host removed with every statement about it, a
// host's declaration rewritten for another OS; the edited scene is recorded again and the
// console lists the statements that now answer differently. Undo takes back the last change
// (a statement typed, or an edit), redo puts it back; the history of typed lines outlives the
// window, in the application's data folder.
class ConsoleSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // The lab session whose stage shows the scene; set it first.
    Q_PROPERTY(portlab::LabSession *lab READ lab WRITE setLab NOTIFY labChanged)
    // Where the history of typed lines is kept: the user's application data folder unless set.
    Q_PROPERTY(QString historyFolder READ historyFolder WRITE setHistoryFolder NOTIFY historyFolderChanged)
    Q_PROPERTY(portlab::ConsoleTranscript *transcript READ transcript CONSTANT)
    Q_PROPERTY(QString prompt READ prompt CONSTANT)
    Q_PROPERTY(QString title READ title NOTIFY sceneChanged)               // the scene's
    Q_PROPERTY(int statementCount READ statementCount NOTIFY sceneChanged) // in the scene, typed ones too
    Q_PROPERTY(int typedCount READ typedCount NOTIFY sceneChanged)         // typed here, and still in the scene
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY sceneChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY sceneChanged)
    Q_PROPERTY(QStringList history READ history NOTIFY historyChanged)     // oldest first
    // The socket in the way of the last statement (its bind or listen failed), -1 when none.
    Q_PROPERTY(int culprit READ culprit NOTIFY culpritChanged)

public:
    static constexpr int historyLimit = 1000;

    explicit ConsoleSession(QObject *parent = nullptr);
    ~ConsoleSession() override;

    LabSession *lab() const { return m_lab; }
    void setLab(LabSession *lab);
    const QString &historyFolder() const { return m_historyFolder; }
    void setHistoryFolder(const QString &folder);   // and reads the history kept there

    // Runs one statement of the scenario language after the scene and prints the result. False
    // when it did not parse or names what does not exist: then nothing was added. (The stage's
    // own actions, such as a door's menu, call this too, with the statement they stand for.)
    Q_INVOKABLE bool run(const QString &statement);
    // Tab: a map {line, cursor, candidates} (completion.h, completeLine) in the scene as it is.
    Q_INVOKABLE QVariant complete(const QString &line, int cursor) const;
    // Up and Down: the line before or after the one shown, in the history; walking down past
    // the newest gives back what was being typed (`current`, given on the first step up).
    Q_INVOKABLE QString historyBack(const QString &current);
    Q_INVOKABLE QString historyForward(const QString &current);
    Q_INVOKABLE bool undo();
    Q_INVOKABLE bool redo();
    // Scene edits, each undone and redone as one change. False when there is nothing to do
    // (no such host, or it already runs that OS) or the edited scene would not record.
    Q_INVOKABLE bool removeHost(const QString &host);
    Q_INVOKABLE bool setHostOs(const QString &host, const QString &os);   // os: linux, iana, windows
    // How many statements besides its declaration removeHost would take with the host.
    Q_INVOKABLE int statementsAboutHost(const QString &host) const;
    // The host's declaration as it would read running `os` ("" when it would not change).
    Q_INVOKABLE QString declarationWithOs(const QString &host, const QString &os) const;
    // Why setHostOs would refuse that OS: the first statement the host could not run then, and
    // why ("" when nothing stands in the way), so that a dialog can say so before it is chosen.
    Q_INVOKABLE QString osChangeProblem(const QString &host, const QString &os) const;
    // Writes the scene as a scenario (.portlab), which opens again to the same world.
    Q_INVOKABLE bool saveScene(const QUrl &file);

    ConsoleTranscript *transcript() { return &m_transcript; }
    static QString prompt() { return QStringLiteral("> "); }
    const QString &title() const { return m_title; }
    int statementCount() const { return static_cast<int>(m_base.size() + m_typed.size()); }
    int typedCount() const { return static_cast<int>(m_typed.size()); }
    bool canUndo() const { return !m_done.empty(); }
    bool canRedo() const { return !m_undone.empty(); }
    const QStringList &history() const { return m_history; }
    int culprit() const { return m_culprit; }
    std::vector<Statement> scene() const;   // the scenario's statements, then those typed
    QString sceneText() const;              // as saveScene writes it

Q_SIGNALS:
    void labChanged();
    void historyFolderChanged();
    void sceneChanged();
    void historyChanged();
    void culpritChanged();
    // After a statement ran (typed, or redone): whether it succeeded.
    void statementRan(const QString &statement, bool ok);

private:
    // A statement where it stands in the scene, and whether it was typed here (typed ones
    // always follow the scenario's own).
    struct Placed {
        std::size_t index = 0;
        Statement statement;
        bool typed = false;
    };
    // One change of the scene as undo and redo take it: a statement added (typed, or run by the
    // stage), or an edit of what is there.
    struct Change {
        QString description;        // the statement added, or what the edit did
        bool edit = false;
        std::vector<Placed> removed;   // as they stood before, by ascending index
        std::vector<Placed> added;     // as they stand after, by ascending index
    };
    void apply(const Change &change, bool forward);
    bool edit(Change change);
    // Records the scene after `change` was applied (forward or back); unless that fails (with
    // the first name error, if that was why, in `refusal`), prints `note` and the statements
    // whose answer is not what it was in `before`, and plays the stage from the first of them.
    bool showEdited(const std::vector<Statement> &before, const Change &change, bool forward, const QString &note,
                    std::optional<Diagnostic> *refusal = nullptr);
    void adoptShownScene();     // the lab shows another scenario: the scene starts again from it
    // The scene recorded (nothing if it no longer records, which a scene that ran always does),
    // and shown with the stage playing statement `firstNew` on (at the end if it is past the last).
    std::optional<Playback> record(const std::vector<Statement> &statements) const;
    void show(Playback playback, std::size_t firstNew);
    void showAdded(Playback playback);   // its last statement was just added: printed, and played
    void printOutcome(const Playback &playback, std::size_t index);
    void setCulprit(int socket);
    void refuse(const Diagnostic &error);
    void printDiagnostic(const Diagnostic &error);   // the error, then its hint
    void remember(const QString &line);
    void loadHistory();
    void saveHistory();

    LabSession *m_lab = nullptr;
    ConsoleTranscript m_transcript;
    QString m_title;
    std::vector<Statement> m_base;      // the scenario the scene started from
    std::vector<Statement> m_typed;     // typed after it
    std::vector<Change> m_done;         // the changes undo takes back, the last one last
    std::vector<Change> m_undone;       // taken back, the last taken back last
    bool m_showing = false;             // the lab is showing this console's own recording
    int m_culprit = -1;
    QString m_historyFolder;
    QStringList m_history;
    bool m_historyWritable = true;      // false while the file there cannot be read: it is not overwritten
    qsizetype m_historyAt = 0;          // the line Up/Down shows; m_history.size() for the one being typed
    QString m_draft;
};

} // namespace portlab
