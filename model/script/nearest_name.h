// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace portlab {

// The known name a misspelt one most likely meant, for "did you mean …?" hints: one or two edits
// away, or another form of the same word ("explanation" for "explain"). Empty when none is close.
QString nearestName(const QString &word, const QStringList &known);

} // namespace portlab
