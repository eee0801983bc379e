// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a student has done in each lesson, one small JSON file per lesson, so a damaged file
// costs that lesson's progress only. Writes are atomic (a temporary file renamed into place).

#include <QHash>
#include <QString>

#include <set>

namespace portlab {

struct LessonProgress {
    int step = 0;                     // where the student was
    std::set<int> visited;            // steps seen
    std::set<int> goalsMet;           // steps whose goal the student met
    QHash<int, int> predictions;      // step -> the choice locked in
    QHash<QString, int> quizAnswers;  // "step/question" -> the choice
    bool completed = false;           // every step seen

    bool operator==(const LessonProgress &) const = default;
};

class ProgressStore {
public:
    explicit ProgressStore(QString folder);   // created when first written

    // The lesson's progress; a fresh one when there is none. A file that cannot be read is
    // renamed aside (ID.json.unreadable) and reported by problems(), never thrown away.
    LessonProgress load(const QString &lessonId);
    // False, with the reason in problems(), when it cannot be written; the old file stays whole.
    bool save(const QString &lessonId, const LessonProgress &progress);

    const QString &folder() const { return m_folder; }
    QStringList takeProblems();   // what went wrong since the last call, one sentence each

private:
    QString pathOf(const QString &lessonId) const;

    QString m_folder;
    QStringList m_problems;
};

} // namespace portlab
