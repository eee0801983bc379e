// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kernel_interpreter.h"
#include "script/diagnostic.h"
#include "script/runner.h"

#include <QTextStream>

#include <functional>

namespace portlab::kernel {

// Exit codes a kernel run adds to the model's 0 (expectations held), 1 (one failed) and
// 2 (invalid scenario). An interrupted run exits with 128 + the signal's number, as a shell does.
enum KernelRunExit {
    KernelRunStopped = 3,      // the network could not be set up, or the run ran out of time
    KernelUnavailable = 77,    // not root, or no network namespaces here: nothing was run
};

// Called after every statement the kernel ran, with the interpreter as it is then.
using KernelStepObserver = std::function<void(const Statement &, const KernelOutcome &, const KernelInterpreter &)>;

struct KernelRunResult {
    std::vector<Diagnostic> errors;        // the scenario is invalid: nothing ran
    std::vector<KernelOutcome> outcomes;
    int exitCode = RunSucceeded;
    QString stopMessage;                   // why the run stopped early, or why it could not start
    QStringList namespaces;                // the lab's namespaces, in order (switch first)
    bool inUserNamespace = false;          // not root: ran as root of a user namespace of its own
};

// Parses and name-checks like the model, then runs every statement on the kernel. Cleans up
// (namespaces, helpers) before it returns, whatever happened.
KernelRunResult runKernelScenario(QStringView source, const QString &fileName, const KernelStepObserver &observer = {});

// `portlab run FILE --backend kernel`: the model's transcript or JSON shape, from the kernel.
int runKernelScenarioFile(const QString &path, const RunOptions &options, QTextStream &out, QTextStream &err);

// Shared by the transcript and the comparison.
QString kernelResultLine(const KernelOutcome &outcome);

} // namespace portlab::kernel
