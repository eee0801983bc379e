// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lesson/lesson.h"
#include "lesson/lesson_check.h"
#include "lab_session.h"
#include "lesson/lesson_progress.h"
#include "play/playback.h"
#include "script/statement.h"

#include <QAbstractListModel>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace portlab {

// The lessons the library screen lists, in file-name order. Roles: "lessonId", "title",
// "summary", "minutes" (int), "stepCount" (int), "stepsVisited" (int), "goalCount" (int),
// "goalsMet" (int), "completed" (bool), "prerequisites" (comma-separated titles).
class LessonLibraryModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LessonSession owns it")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { IdRole = Qt::UserRole + 1, TitleRole, SummaryRole, MinutesRole, StepCountRole, StepsVisitedRole, GoalCountRole, GoalsMetRole, CompletedRole, PrerequisitesRole };
    Q_ENUM(Role)

    struct Row {
        Lesson lesson;
        LessonProgress progress;
    };

    explicit LessonLibraryModel(QObject *parent = nullptr);
    void reset(std::vector<Row> rows);
    void setProgress(const QString &lessonId, const LessonProgress &progress);
    const Row *find(const QString &lessonId) const;
    int count() const { return static_cast<int>(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<Row> m_rows;
};

// A lesson's Markdown for the views: `readable` for Text.MarkdownText, `plain` for screen readers.
class LessonText : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit LessonText(QObject *parent = nullptr);
    Q_INVOKABLE QString readable(const QString &markdown) const;
    Q_INVOKABLE QString plain(const QString &markdown) const;
};

// A lesson being taken: its steps, each replayed on the lab session's stage; the prediction,
// quiz and goal of the current step; the statements the student typed there; progress saved
// as it is made. Going to a step rebuilds its world from the lesson (lessons/README.md, "How a
// step's world is built"), so Back shows exactly what that step showed.
class LessonSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // The lab session whose stage the lesson drives; set it first.
    Q_PROPERTY(portlab::LabSession *lab READ lab WRITE setLab NOTIFY labChanged)
    // Where the lessons are: the curriculum built into the app (":/lessons") unless set.
    Q_PROPERTY(QString lessonsFolder READ lessonsFolder WRITE setLessonsFolder NOTIFY lessonsFolderChanged)
    // Where progress is kept: the user's application data folder unless set.
    Q_PROPERTY(QString progressFolder READ progressFolder WRITE setProgressFolder NOTIFY progressFolderChanged)
    Q_PROPERTY(portlab::LessonLibraryModel *library READ library CONSTANT)
    // The gallery's experiments: short lessons run afresh from one click. Built in
    // (":/experiments") unless set; their ids and the lessons' share one progress folder.
    Q_PROPERTY(QString experimentsFolder READ experimentsFolder WRITE setExperimentsFolder NOTIFY experimentsFolderChanged)
    Q_PROPERTY(portlab::LessonLibraryModel *experiments READ experiments CONSTANT)
    // Problems with the lessons or the progress files, one per line; empty when all is well.
    Q_PROPERTY(QString problems READ problems NOTIFY problemsChanged)
    Q_PROPERTY(bool open READ isOpen NOTIFY lessonChanged)
    Q_PROPERTY(QString lessonId READ lessonId NOTIFY lessonChanged)
    Q_PROPERTY(bool experiment READ isExperiment NOTIFY lessonChanged)   // opened from the gallery
    Q_PROPERTY(QString lessonTitle READ lessonTitle NOTIFY lessonChanged)
    Q_PROPERTY(QUrl baseUrl READ baseUrl NOTIFY lessonChanged)   // for the narration's images
    Q_PROPERTY(int stepCount READ stepCount NOTIFY lessonChanged)
    Q_PROPERTY(QStringList stepTitles READ stepTitles NOTIFY lessonChanged)
    Q_PROPERTY(int currentStep READ currentStep NOTIFY stepChanged)
    Q_PROPERTY(QString stepTitle READ stepTitle NOTIFY stepChanged)
    // Markdown; what a step says after its prediction is added once the prediction is locked in.
    Q_PROPERTY(QString narration READ narration NOTIFY stepChanged)
    Q_PROPERTY(QString notes READ notes NOTIFY stepChanged)           // Markdown, the presenter's
    Q_PROPERTY(QString cameraHost READ cameraHost NOTIFY stepChanged)   // empty: the whole network
    Q_PROPERTY(QString cameraLayer READ cameraLayer NOTIFY stepChanged) // "", "application", … "link"
    // The prediction: {prompt, choices: [..], chosen: int (-1), locked: bool, answer: int (-1
    // until locked), explanation: string ("" until locked)}; empty map when the step has none.
    Q_PROPERTY(QVariantMap prediction READ prediction NOTIFY stepStateChanged)
    // The class's answers counted by the teacher (presenter mode), one count per choice.
    Q_PROPERTY(QVariantList tally READ tally NOTIFY stepStateChanged)
    // The quiz: a list of {prompt, choices, chosen (-1), answer (-1 until answered), correct,
    // explanation ("" until answered)}.
    Q_PROPERTY(QVariantList quiz READ quiz NOTIFY stepStateChanged)
    // The goal: {task, hint, met: bool, hintShown: bool (after an attempt that did not meet it),
    // unmet: [what is not true yet], solution: string (its statements, one per line)}; empty
    // map when the step has none.
    Q_PROPERTY(QVariantMap goal READ goal NOTIFY stepStateChanged)
    // What the student typed in this step, with its result: a list of {statement, ok, message, output}.
    Q_PROPERTY(QVariantList typed READ typed NOTIFY stepStateChanged)
    // The stage is waiting for the prediction before it runs the step's scenario.
    Q_PROPERTY(bool awaitingPrediction READ awaitingPrediction NOTIFY stepStateChanged)

public:
    explicit LessonSession(QObject *parent = nullptr);
    ~LessonSession() override;

    LabSession *lab() const { return m_lab; }
    void setLab(LabSession *lab);
    const QString &lessonsFolder() const { return m_folder; }
    void setLessonsFolder(const QString &folder);       // and reads the library again
    const QString &progressFolder() const { return m_store->folder(); }
    void setProgressFolder(const QString &folder);      // and reads the library again
    const QString &experimentsFolder() const { return m_experimentsFolder; }
    void setExperimentsFolder(const QString &folder);   // and reads the library again

    // Reads every lesson in the folder and its progress; a lesson that does not read is left out
    // and named in problems.
    Q_INVOKABLE void reloadLibrary();
    Q_INVOKABLE bool openLesson(const QString &lessonId);   // at the step the student left it
    Q_INVOKABLE bool openLessonFile(const QUrl &file);      // a lesson from anywhere, e.g. a teacher's own
    Q_INVOKABLE bool runExperiment(const QString &experimentId);   // from its start, predictions cleared
    Q_INVOKABLE void closeLesson();                        // back to the library
    Q_INVOKABLE void next();
    Q_INVOKABLE void back();
    Q_INVOKABLE void goToStep(int step);
    Q_INVOKABLE void choose(int choice);        // the prediction, until it is locked in
    Q_INVOKABLE void lockPrediction();          // reveals it and plays the step's scenario
    Q_INVOKABLE void answerQuiz(int question, int choice);
    Q_INVOKABLE void vote(int choice);          // presenter: one more of the class chose it
    Q_INVOKABLE void clearTally();
    // Runs a statement of the scenario language in the step's world; the goal is checked after
    // it. False when it did not parse or name what exists (nothing ran; the message says why).
    Q_INVOKABLE bool tryStatement(const QString &text);
    Q_INVOKABLE void showSolution();            // runs the solution as if typed
    Q_INVOKABLE void clearProblems();

    LessonLibraryModel *library() { return &m_library; }
    LessonLibraryModel *experiments() { return &m_experiments; }
    QString problems() const { return m_problems.join(QLatin1Char('\n')); }
    bool isOpen() const { return m_lesson != nullptr; }
    bool isExperiment() const { return m_lesson && m_experiment; }
    QString lessonId() const;
    QString lessonTitle() const;
    QUrl baseUrl() const;
    int stepCount() const;
    QStringList stepTitles() const;
    int currentStep() const { return m_step; }
    QString stepTitle() const;
    QString narration() const;
    QString notes() const;
    QString cameraHost() const;
    QString cameraLayer() const;
    QVariantMap prediction() const;
    QVariantList tally() const;
    QVariantList quiz() const;
    QVariantMap goal() const;
    QVariantList typed() const;
    bool awaitingPrediction() const;

Q_SIGNALS:
    void labChanged();
    void lessonsFolderChanged();
    void experimentsFolderChanged();
    void progressFolderChanged();
    void problemsChanged();
    void lessonChanged();
    void stepChanged();
    void stepStateChanged();

private:
    struct Typed {
        Statement statement;
        bool ran = false;       // parsed and named what exists; what ran is replayed with the step
        bool ok = false;
        QString message;
        QString output;
    };
    std::vector<LessonLibraryModel::Row> readLibraryFolder(const QString &folder, QStringList &problems);
    void open(const Lesson &lesson, const QString &folder, LessonProgress progress, bool experiment);
    void enterStep(int step, bool animate);
    std::vector<Statement> stepStatements(StepWorld upTo) const;
    std::vector<Statement> typedStatements() const;
    // The step's world (up to its setup while a prediction is awaited) plus what was typed, on
    // the stage: animated from the first statement past `animateFrom`, or as the step ends.
    void replay(std::optional<StepWorld> animateFrom);
    void show(Playback playback, std::size_t firstNewStatement);
    bool runTyped(std::vector<Statement> statements);
    void refuse(const QString &text, const QString &why);
    const Goal *currentGoal() const;
    void checkGoal(bool afterAttempt);
    void saveProgress();
    void addProblems(const QStringList &problems);

    LabSession *m_lab = nullptr;
    QString m_folder;
    QString m_experimentsFolder;
    std::unique_ptr<ProgressStore> m_store;
    LessonLibraryModel m_library;
    LessonLibraryModel m_experiments;
    std::unique_ptr<Lesson> m_lesson;
    QString m_lessonFolder;                 // where the open lesson's links and images are
    bool m_experiment = false;              // the open lesson is one of the gallery's
    LessonProgress m_progress;
    int m_step = 0;
    int m_chosen = -1;                      // the prediction's choice this time through
    bool m_locked = false;
    std::vector<int> m_tally;
    QHash<int, int> m_quizChoices;          // question -> choice
    std::vector<Typed> m_typed;
    bool m_goalMet = false;
    bool m_hintShown = false;
    QStringList m_unmet;
    QStringList m_problems;
};

} // namespace portlab
