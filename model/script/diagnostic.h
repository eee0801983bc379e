// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace portlab {

// A problem with a scenario's text, pointing at the exact place, with a way to fix it.
struct Diagnostic {
    QString file;
    int line = 0;
    int column = 0;
    QString message;
    QString hint;

    QString toString() const;   // "file:3:14: error: … (hint: …)"
};

} // namespace portlab
