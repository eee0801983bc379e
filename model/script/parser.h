// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lexer.h"
#include "statement.h"

namespace portlab {

struct ParsedScript {
    std::vector<Statement> statements;
    std::vector<Diagnostic> errors;   // syntax errors; the script must not run if any
};

// Parses a whole scenario. Every line is parsed even after an error, so an author sees all
// the mistakes at once.
ParsedScript parseScenario(QStringView source, const QString &fileName);

// Parses one line (the console's unit). Returns nothing for a blank or comment line.
std::optional<Statement> parseStatement(QStringView line, int lineNumber, const QString &fileName, Diagnostic *error);

// The words the parser knows, for completing what is typed: what a statement starts with
// (host … expect), what a process can do (socket … getpeername, nc), and the sysctl settings.
QStringList statementKeywords();
QStringList processCommands();
QStringList sysctlSettings();

} // namespace portlab
