// SPDX-License-Identifier: GPL-3.0-or-later
// The complete example lesson of lessons/README.md, which tests take as an author would: copied
// out of the document that describes the format. Needs PORTLAB_LESSONS_README (its path).
#pragma once

#include <QFile>
#include <QString>

namespace portlab {

inline QString readmeLessonExample()
{
    QFile file(QStringLiteral(PORTLAB_LESSONS_README));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", PORTLAB_LESSONS_README);
    const QString text = QString::fromUtf8(file.readAll());
    const QString open = QStringLiteral("````markdown\n");
    const qsizetype start = text.indexOf(open) + open.size();
    const qsizetype end = text.indexOf(QStringLiteral("\n````"), start);
    if (start < open.size() || end < 0)
        qFatal("lessons/README.md has no ````markdown example");
    return text.mid(start, end - start + 1);
}

} // namespace portlab
