// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kernel_runner.h"

#include <QTextStream>

#include <functional>

namespace portlab::kernel {

// One statement as the model and the kernel answered it.
struct ComparisonRow {
    enum class Verdict { Agree, Differ, NotComparable };
    int line = 0;
    QString statement;
    bool isExpectation = false;
    QString model;            // "ok 10.0.0.2:40002 → 10.0.0.1:80", "EADDRINUSE", "pass"
    QString kernel;
    Verdict verdict = Verdict::Agree;
    QString why;              // what differs, or how random values were compared
    QString modelOutput;      // a tool's output (ss), when the row is a tool's
    QString kernelOutput;
};

struct Comparison {
    std::vector<Diagnostic> errors;   // invalid scenario: nothing ran
    std::vector<ComparisonRow> rows;
    int agree = 0;
    int differ = 0;
    int notComparable = 0;
    int exitCode = 0;                 // 0 all agree, 1 some differ, else the kernel run's code
    QString stopMessage;
};

// Runs the scenario on the model, then on the kernel, comparing statement by statement (each
// row is handed to `onRow` as soon as the kernel has run it). Exact values must be equal; an
// ephemeral port, random by nature, is compared by its properties: inside the host's range,
// the parity the model chose, and the same equalities with the other sockets' ports (distinct
// where the model's are distinct, the same port where the model reuses one).
Comparison compareScenario(QStringView source, const QString &fileName, const std::function<void(const ComparisonRow &)> &onRow = {});

// `portlab run FILE --compare`: the side-by-side table (or one JSON object per row).
int runComparisonFile(const QString &path, const RunOptions &options, QTextStream &out, QTextStream &err);

QString verdictName(ComparisonRow::Verdict verdict);   // "agree", "differ", "n/a"

} // namespace portlab::kernel
