// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "interpreter.h"

#include <QTextStream>

namespace portlab {

struct RunOptions {
    bool json = false;     // one JSON object per statement instead of the transcript
    bool events = false;   // the transcript lists every event under its statement
    bool layers = false;   // ... including each layer wrapping and unwrapping, with its bytes
    QString capturePath;   // write every frame that crossed a link to this pcap file
};

// Exit codes of a scenario run, as `portlab run` returns them.
enum RunExit { RunSucceeded = 0, ExpectationFailed = 1, ScenarioInvalid = 2, OutputFailed = 3 };

// Parses, checks every name, and only then runs: a script with any syntax or name error runs
// no statement at all.
struct ScenarioRun {
    std::vector<Diagnostic> errors;
    std::vector<StatementOutcome> outcomes;
    int exitCode = RunSucceeded;
};
ScenarioRun runScenario(Interpreter &interpreter, QStringView source, const QString &fileName);

// A scenario parsed and its names checked against what the interpreter has run so far: the
// statements to run, or the errors (in file order) that stop it from running at all.
struct PreparedScenario {
    std::vector<Statement> statements;
    std::vector<Diagnostic> errors;
};
PreparedScenario prepareScenario(const Interpreter &interpreter, QStringView source, const QString &fileName);

int runScenarioFile(const QString &path, const RunOptions &options, QTextStream &out, QTextStream &err);

// A scenario file's text, or nothing after saying on `err` why it cannot be read.
std::optional<QString> readScenarioFile(const QString &path, QTextStream &err);

// `portlab open FILE`: reads a pcap or pcapng capture, prints the hosts, processes and sockets
// it implies and each frame as the receiving transport layer demultiplexes it.
int printCaptureReplay(const QString &path, QTextStream &out, QTextStream &err);

// What `portlab run` prints under a statement: a tool's output as the tool prints it, or the
// result: "ok: …", "EADDRINUSE (Address already in use): …", "pass: …" or "FAIL: …"; then
// what programs running in the background printed meanwhile, each line after "[PROCESS] ".
QStringList printedLines(const StatementOutcome &outcome);
QString resultLine(const StatementOutcome &outcome);   // the result alone, in one line

// Shared by the transcript and the views.
QString printableBytes(const QByteArray &bytes);   // C-style escapes for what is not printable
QString describeEvent(const TraceEvent &event, const Interpreter &interpreter);
// The same for a world without a script: sockets are labelled by `socketLabel`.
QString describeEvent(const TraceEvent &event, const World &world, const std::function<QString(SocketId)> &socketLabel);

} // namespace portlab
