// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diagnostic.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace portlab {

// A scenario line reads like a shell command: whitespace-separated words, "quoted strings"
// with C escapes, and # comments. Columns are 1-based and count characters.
struct Token {
    enum class Kind { Word, String };
    Kind kind = Kind::Word;
    QString text;         // a word as written; a string's decoded text
    QByteArray bytes;     // a string's decoded bytes (\xHH may make them non-UTF-8)
    int column = 0;
};

struct LexedLine {
    std::vector<Token> tokens;
    QString text;   // the statement as written, without comment and surrounding blanks
};

std::optional<LexedLine> lexLine(QStringView line, int lineNumber, Diagnostic *error);

} // namespace portlab
