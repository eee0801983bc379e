// SPDX-License-Identifier: GPL-3.0-or-later
#include "nearest_name.h"

#include <algorithm>
#include <vector>

namespace portlab {

namespace {

int editDistance(QStringView a, QStringView b)
{
    std::vector<int> row(static_cast<std::size_t>(b.size()) + 1);
    for (std::size_t j = 0; j < row.size(); ++j)
        row[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const auto uj = static_cast<std::size_t>(j);
            const int above = row[uj];
            row[uj] = std::min({row[uj] + 1, row[uj - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

qsizetype commonPrefix(QStringView a, QStringView b)
{
    qsizetype n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

} // namespace

QString nearestName(const QString &word, const QStringList &known)
{
    QString best;
    int bestDistance = 3;   // farther than two edits is not a misspelling
    for (const QString &candidate : known) {
        const int distance = commonPrefix(word, candidate) >= 5 ? 0 : editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace portlab
