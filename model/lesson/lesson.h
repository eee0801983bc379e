// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A lesson file (lessons/README.md): front matter, one step per `## ` heading, CommonMark prose,
// and fenced blocks that drive the simulation. Reading a lesson checks its form; running what
// it says is lesson_check's job.

#include "script/diagnostic.h"
#include "sim/envelope.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace portlab {

// A line of a block, with where it is in the lesson file, so every diagnostic points into it.
struct SourceLine {
    int line = 0;
    QString text;   // the whole line as written, indentation included, so columns are the file's
};

struct Question {
    int line = 0;             // the `question:` line
    QString prompt;           // Markdown
    QStringList choices;      // Markdown, in the order written
    int answer = -1;          // index into choices
    QString explanation;      // Markdown
};

struct Goal {
    int line = 0;                       // the block's fence
    QString task;                       // Markdown
    QString hint;                       // Markdown
    std::vector<SourceLine> expectations;
    std::vector<SourceLine> solution;   // the `solution` block that follows
    int solutionLine = 0;               // its fence, 0 when there is none
};

struct CameraHint {
    int line = 0;
    QString host;                       // empty: the whole network
    std::optional<StackLayer> layer;    // nullopt: the whole building
};

struct LessonStep {
    int line = 0;                       // the `## ` heading
    QString title;
    QString narration;                  // Markdown: every part of the step that is not a block
    QString afterPrediction;            // Markdown written after the `predict` block: shown once it is locked in
    std::vector<SourceLine> setup;      // runs as the step begins, before any prediction
    int setupLine = 0;                  // the setup block's fence, 0 when there is none
    std::vector<SourceLine> scenario;
    int scenarioLine = 0;               // the scenario block's fence, 0 when there is none
    std::optional<Question> prediction;
    std::vector<Question> quiz;
    std::optional<Goal> goal;
    std::optional<CameraHint> camera;
    QString notes;                      // Markdown, for the presenter
};

// A link or image whose target is a file beside the lesson (not a URL or an anchor).
struct LocalReference {
    int line = 0;
    int column = 0;
    QString target;
    bool image = false;
};

struct Lesson {
    QString file;                       // as given to readLesson, used in diagnostics
    int format = 0;
    QString id;
    QString title;
    QString summary;
    int minutes = 0;
    QStringList prerequisites;
    int prerequisitesLine = 0;
    QStringList objectives;
    int idLine = 0;
    std::vector<LessonStep> steps;
    std::vector<LocalReference> references;
};

struct LessonRead {
    std::optional<Lesson> lesson;       // present when the lesson's form is sound
    std::vector<Diagnostic> errors;     // in file order
};

inline constexpr int LessonFormatVersion = 1;

LessonRead readLesson(QStringView text, const QString &fileName);
LessonRead readLessonFile(const QString &path);

// A lesson's Markdown as Qt's Markdown text shows it well: code spans and blocks become HTML
// spans in a monospaced font at the size of the text around them (Qt draws Markdown code in the
// system's fixed font, smaller than the views' minimum type size). The rest is left as written.
QString markdownForDisplay(const QString &markdown);
// The words alone, for a screen reader: no emphasis, code, link or heading marks.
QString markdownPlainText(const QString &markdown);

} // namespace portlab
