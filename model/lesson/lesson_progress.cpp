// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_progress.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace portlab {

namespace {

QJsonArray toArray(const std::set<int> &values)
{
    QJsonArray array;
    for (int value : values)
        array.append(value);
    return array;
}

// Every member is checked, so a file edited by hand or cut short is refused whole rather than
// half read.
std::optional<LessonProgress> fromJson(const QJsonObject &object)
{
    LessonProgress progress;
    const QJsonValue step = object.value(QStringLiteral("step"));
    const QJsonValue completed = object.value(QStringLiteral("completed"));
    if (!step.isDouble() || step.toInt() < 0 || !completed.isBool())
        return std::nullopt;
    progress.step = step.toInt();
    progress.completed = completed.toBool();
    for (const auto &[key, into] : {std::pair{"visited", &progress.visited}, std::pair{"goalsMet", &progress.goalsMet}}) {
        const QJsonValue list = object.value(QLatin1String(key));
        if (!list.isArray())
            return std::nullopt;
        for (const QJsonValue &value : list.toArray()) {
            if (!value.isDouble())
                return std::nullopt;
            into->insert(value.toInt());
        }
    }
    const QJsonValue predictions = object.value(QStringLiteral("predictions"));
    const QJsonValue quiz = object.value(QStringLiteral("quiz"));
    if (!predictions.isObject() || !quiz.isObject())
        return std::nullopt;
    const QJsonObject p = predictions.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        bool ok = false;
        const int stepIndex = it.key().toInt(&ok);
        if (!ok || !it.value().isDouble())
            return std::nullopt;
        progress.predictions.insert(stepIndex, it.value().toInt());
    }
    const QJsonObject q = quiz.toObject();
    for (auto it = q.begin(); it != q.end(); ++it) {
        if (!it.value().isDouble())
            return std::nullopt;
        progress.quizAnswers.insert(it.key(), it.value().toInt());
    }
    return progress;
}

} // namespace

ProgressStore::ProgressStore(QString folder)
    : m_folder(std::move(folder))
{
}

QString ProgressStore::pathOf(const QString &lessonId) const
{
    return QDir(m_folder).filePath(lessonId + QStringLiteral(".json"));
}

LessonProgress ProgressStore::load(const QString &lessonId)
{
    QFile file(pathOf(lessonId));
    if (!file.exists())
        return {};
    std::optional<LessonProgress> progress;
    if (file.open(QIODevice::ReadOnly)) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error == QJsonParseError::NoError && document.isObject())
            progress = fromJson(document.object());
        file.close();
    }
    if (progress)
        return *progress;
    // Set aside, not deleted: it may be worth a look, and the next save must not fail on it.
    const QString aside = file.fileName() + QStringLiteral(".unreadable");
    QFile::remove(aside);
    if (file.rename(aside))
        m_problems.append(QObject::tr("The progress of lesson '%1' could not be read; it starts afresh (the old file is kept as %2).")
                              .arg(lessonId, QDir::toNativeSeparators(aside)));
    else
        m_problems.append(QObject::tr("The progress of lesson '%1' could not be read (%2); it starts afresh.").arg(lessonId, QDir::toNativeSeparators(file.fileName())));
    return {};
}

bool ProgressStore::save(const QString &lessonId, const LessonProgress &progress)
{
    if (!QDir().mkpath(m_folder)) {
        m_problems.append(QObject::tr("Progress cannot be saved: the folder %1 cannot be made.").arg(QDir::toNativeSeparators(m_folder)));
        return false;
    }
    QJsonObject predictions;
    for (auto it = progress.predictions.begin(); it != progress.predictions.end(); ++it)
        predictions.insert(QString::number(it.key()), it.value());
    QJsonObject quiz;
    for (auto it = progress.quizAnswers.begin(); it != progress.quizAnswers.end(); ++it)
        quiz.insert(it.key(), it.value());
    const QJsonObject object{{QStringLiteral("step"), progress.step},
                             {QStringLiteral("completed"), progress.completed},
                             {QStringLiteral("visited"), toArray(progress.visited)},
                             {QStringLiteral("goalsMet"), toArray(progress.goalsMet)},
                             {QStringLiteral("predictions"), predictions},
                             {QStringLiteral("quiz"), quiz}};
    QSaveFile file(pathOf(lessonId));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit()) {
        m_problems.append(QObject::tr("The progress of lesson '%1' was not saved: %2.").arg(lessonId, file.errorString()));
        return false;
    }
    return true;
}

QStringList ProgressStore::takeProblems()
{
    return std::exchange(m_problems, {});
}

} // namespace portlab
