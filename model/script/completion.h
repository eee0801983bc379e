// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "statement.h"

#include <QStringList>

namespace portlab {

// What Tab does to a line being typed, as a shell does: the word before the cursor completed
// when one candidate fits (with a blank after it, unless more of the word must follow: an
// address wants its port), extended to what all candidates share when several fit, and those
// candidates listed.
struct Completion {
    QString line;              // the line after completing
    int cursor = 0;            // where the cursor goes
    QStringList candidates;    // every word that fits, when more than one does
};

// The words that fit where the cursor is in `line`, knowing the scene so far (`scene`, the
// statements that ran): statement keywords and process names ("nginx:") first on a line; a
// process's calls after its name; its socket variables where a call takes a socket; host names
// after ss, netstat, lsof, sysctl and `process … on`; running processes after kill; socket options; the hosts' addresses
// where an address is written; errno names after `expect error`.
Completion completeLine(const std::vector<Statement> &scene, const QString &line, int cursor);

} // namespace portlab
