// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Running a lesson: the statements behind each step's world, goals checked against the
// simulation, and the checker that `portlab check` and the test suite run on the curriculum.

#include "lesson.h"
#include "script/statement.h"

#include <QTextStream>

namespace portlab {

// How far into a step its world is built.
enum class StepWorld : std::uint8_t {
    Before,     // the steps before it: their setup and scenario blocks and the solutions of their goals
    Setup,      // and the step's own setup: the world a prediction is made in
    Complete,   // and the step's own scenario: the world its goal starts from
};

// The statements that make a step's world, replayed from an empty world, up to `upTo`.
std::vector<SourceLine> stepLines(const Lesson &lesson, std::size_t step, StepWorld upTo);

// Parses lines that were written in a lesson (or typed: line numbers are the caller's).
std::vector<Statement> parseLines(const std::vector<SourceLine> &lines, const QString &fileName, std::vector<Diagnostic> *errors);

struct GoalCheck {
    bool met = false;
    std::vector<Diagnostic> errors;   // a statement did not parse or named nothing; nothing ran
    QStringList unmet;                // for each expectation that failed, what is true instead
};

// Whether the step's goal holds once `typed` has run after the step's world was built.
GoalCheck checkGoal(const Lesson &lesson, std::size_t step, const std::vector<Statement> &typed);

// Every check in lessons/README.md ("What the checker verifies") that concerns one lesson.
// `folder` is where its links, images and prerequisites are looked for.
std::vector<Diagnostic> checkLesson(const Lesson &lesson, const QString &folder);

struct LessonFolderCheck {
    std::vector<Lesson> lessons;       // those that read without errors, by file name
    std::vector<Diagnostic> errors;
};
// Every *.md in `folder` except README.md, each checked, and ids unique among them.
LessonFolderCheck checkLessonFolder(const QString &folder);

// `portlab check PATH…`: folders and single lesson files. Prints each problem and a summary;
// returns 0 when everything passes, 2 otherwise.
int runLessonCheck(const QStringList &paths, QTextStream &out, QTextStream &err);

} // namespace portlab
