// SPDX-License-Identifier: GPL-3.0-or-later
#include "kernel_runner.h"

#include "script/interpreter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>
#include <unistd.h>

namespace portlab::kernel {

namespace {

// However long its waits, a run gets this much more for everything else: a few blocking
// connect()s that wait out the kernel's 127 s of SYN retries, and the set-up.
constexpr std::chrono::seconds runBudgetBeyondWaits{600};

std::chrono::seconds budgetFor(const std::vector<Statement> &statements)
{
    std::chrono::microseconds waits{0};
    for (const Statement &statement : statements) {
        if (const auto *wait = std::get_if<Wait>(&statement.body))
            waits += wait->duration;
    }
    return runBudgetBeyondWaits + std::chrono::ceil<std::chrono::seconds>(waits);
}

QJsonValue endpointJson(const std::optional<Endpoint> &e)
{
    return e ? QJsonValue(e->toString()) : QJsonValue(QJsonValue::Null);
}

QJsonObject outcomeJson(const KernelOutcome &outcome)
{
    QJsonObject o;
    o.insert(QStringLiteral("line"), outcome.line);
    o.insert(QStringLiteral("statement"), outcome.text);
    o.insert(QStringLiteral("ok"), outcome.ok);
    o.insert(QStringLiteral("errno"), outcome.errorName.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.errorName));
    o.insert(QStringLiteral("message"), outcome.message);
    o.insert(QStringLiteral("local"), endpointJson(outcome.local));
    o.insert(QStringLiteral("remote"), endpointJson(outcome.remote));
    o.insert(QStringLiteral("time_us"), static_cast<qint64>(outcome.time.count()));
    o.insert(QStringLiteral("backend"), QStringLiteral("kernel"));
    if (outcome.isExpectation)
        o.insert(QStringLiteral("expectation"), true);
    if (!outcome.output.isEmpty())
        o.insert(QStringLiteral("output"), outcome.output);
    if (!outcome.personalityNote.isEmpty())
        o.insert(QStringLiteral("note"), outcome.personalityNote);
    QJsonArray events;
    for (const Observation &observation : outcome.observations) {
        QJsonObject e;
        e.insert(QStringLiteral("time_us"), static_cast<qint64>(outcome.time.count()));
        e.insert(QStringLiteral("kind"), observation.kind == Observation::Kind::Delivered ? QStringLiteral("delivered") : QStringLiteral("sent"));
        e.insert(QStringLiteral("host"), observation.host);
        e.insert(QStringLiteral("socket"), observation.socket.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(observation.socket));
        if (observation.kind != Observation::Kind::Delivered) {
            QJsonObject envelope;
            envelope.insert(QStringLiteral("type"), observation.kind == Observation::Kind::ResetSent ? QStringLiteral("tcp") : QStringLiteral("icmp"));
            envelope.insert(QStringLiteral("protocol"), observation.kind == Observation::Kind::ResetSent ? QStringLiteral("tcp") : QStringLiteral("icmp"));
            if (observation.kind == Observation::Kind::ResetSent)
                envelope.insert(QStringLiteral("flags"), QStringLiteral("RST"));
            e.insert(QStringLiteral("envelope"), envelope);
        }
        e.insert(QStringLiteral("summary"), observation.summary);
        e.insert(QStringLiteral("observed"), QStringLiteral("kernel counters and socket queues"));
        events.append(e);
    }
    o.insert(QStringLiteral("events"), events);
    return o;
}

QString describeErrno(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

QString kernelResultLine(const KernelOutcome &outcome)
{
    if (outcome.isExpectation)
        return (outcome.ok ? QStringLiteral("pass: ") : QStringLiteral("FAIL: ")) + outcome.message.section(QStringLiteral(": "), 1);
    if (!outcome.ok) {
        if (outcome.errorName.isEmpty())
            return outcome.message;
        return QStringLiteral("%1 (%2): %3").arg(outcome.errorName, describeErrno(outcome.error), outcome.message);
    }
    return outcome.message.isEmpty() ? QStringLiteral("ok") : QStringLiteral("ok: ") + outcome.message;
}

KernelRunResult runKernelScenario(QStringView source, const QString &fileName, const KernelStepObserver &observer)
{
    KernelRunResult run;
    ParsedScript script = parseScenario(source, fileName);
    run.errors = std::move(script.errors);
    {
        // The name check is the model's; it only reads the statements.
        World world;
        const Interpreter checker(world);
        auto nameErrors = checker.checkNames(script.statements, fileName);
        run.errors.insert(run.errors.end(), nameErrors.begin(), nameErrors.end());
    }
    std::sort(run.errors.begin(), run.errors.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    if (!run.errors.empty()) {
        run.exitCode = ScenarioInvalid;
        return run;
    }
    bool inUserNamespace = false;
    if (::geteuid() != 0) {
        // Without root there is one way in: a user namespace of our own, where only one user
        // exists. A scenario whose processes run as several users would not be the same
        // experiment (SO_REUSEPORT compares owners, root may bind what others may not).
        QStringList users;
        for (const Statement &statement : script.statements) {
            if (const auto *process = std::get_if<ProcessDecl>(&statement.body); process && !users.contains(process->user))
                users << process->user;
        }
        if (users.size() > 1) {
            run.exitCode = KernelUnavailable;
            run.stopMessage = QStringLiteral("the kernel backend needs root for this scenario: its processes run as %1, and only root can "
                                             "give each user a uid of its own (without root, a scenario whose processes all run as one "
                                             "user runs in a user namespace)").arg(users.join(QStringLiteral(", ")));
            return run;
        }
        if (const QString why = NetworkLab::enterPrivateUserNamespace(); !why.isEmpty()) {
            run.exitCode = KernelUnavailable;
            run.stopMessage = QStringLiteral("the kernel backend needs root, or a user namespace to run in without it, and this system "
                                             "refuses to create one (%1)").arg(why);
            return run;
        }
        inUserNamespace = true;
        run.inUserNamespace = true;
    }
    if (const QString reason = NetworkLab::unavailableReason(); !reason.isEmpty()) {
        run.exitCode = KernelUnavailable;
        run.stopMessage = reason;
        return run;
    }
    try {
        // Declared in this order so they go away in the reverse one: the lab (helpers, then
        // namespaces) while the signal handlers still protect the clean-up.
        RunControl control(budgetFor(script.statements));
        NetworkLab lab(control, inUserNamespace);
        KernelInterpreter interpreter(lab, control);
        for (const Statement &statement : script.statements) {
            run.outcomes.push_back(interpreter.execute(statement));
            if (observer)
                observer(statement, run.outcomes.back(), interpreter);
        }
        for (const auto &host : lab.hosts())
            run.namespaces << host->namespaceName;
        run.exitCode = interpreter.failedExpectations() > 0 ? ExpectationFailed : RunSucceeded;
    } catch (const RunAborted &aborted) {
        run.stopMessage = aborted.message();
        run.exitCode = aborted.signal() != 0 ? 128 + aborted.signal() : KernelRunStopped;
    }
    return run;
}

int runKernelScenarioFile(const QString &path, const RunOptions &options, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> read = readScenarioFile(path, err);
    if (!read)
        return ScenarioInvalid;
    const QString &source = *read;
    const QStringList lines = source.split(u'\n');
    const int width = static_cast<int>(QString::number(lines.size()).size());
    const QString indent(width + 2, u' ');
    int passed = 0;
    int failed = 0;
    // Printed as each statement finishes: a run with long waits shows its progress.
    auto print = [&](const Statement &, const KernelOutcome &outcome, const KernelInterpreter &) {
        if (outcome.isExpectation)
            (outcome.ok ? passed : failed) += 1;
        if (options.json) {
            out << QString::fromUtf8(QJsonDocument(outcomeJson(outcome)).toJson(QJsonDocument::Compact)) << '\n';
            out.flush();
            return;
        }
        out << QStringLiteral("%1  %2\n").arg(outcome.line, width).arg(outcome.text);
        if (!outcome.output.isEmpty() && outcome.ok) {
            for (const QString &line : outcome.output.split(u'\n'))
                out << indent << line << '\n';
        } else {
            out << indent << kernelResultLine(outcome) << '\n';
        }
        if (!outcome.personalityNote.isEmpty())
            out << indent << QStringLiteral("note: ") << outcome.personalityNote << '\n';
        if (options.events) {
            for (const Observation &observation : outcome.observations)
                out << indent << QStringLiteral("  %1\n").arg(observation.summary);
        }
        out.flush();
    };
    const KernelRunResult run = runKernelScenario(source, path, print);
    if (!run.errors.empty()) {
        // An invalid scenario is reported exactly as the model reports it: nothing runs.
        return runScenarioFile(path, options, out, err);
    }
    if (run.exitCode == KernelUnavailable) {
        err << QStringLiteral("portlab: cannot run on the kernel: %1\n").arg(run.stopMessage);
        return run.exitCode;
    }
    if (!run.stopMessage.isEmpty()) {
        const QString text = QStringLiteral("the kernel run stopped: %1 (every namespace and helper process it made has been removed)").arg(run.stopMessage);
        if (options.json) {
            QJsonObject o;
            o.insert(QStringLiteral("line"), 0);
            o.insert(QStringLiteral("statement"), QString());
            o.insert(QStringLiteral("ok"), false);
            o.insert(QStringLiteral("errno"), QJsonValue(QJsonValue::Null));
            o.insert(QStringLiteral("message"), text);
            o.insert(QStringLiteral("local"), QJsonValue(QJsonValue::Null));
            o.insert(QStringLiteral("remote"), QJsonValue(QJsonValue::Null));
            o.insert(QStringLiteral("events"), QJsonArray());
            o.insert(QStringLiteral("backend"), QStringLiteral("kernel"));
            o.insert(QStringLiteral("error"), QStringLiteral("kernel run stopped"));
            out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
        }
        err << QStringLiteral("portlab: %1\n").arg(text);
        return run.exitCode;
    }
    if (!options.json)
        out << QStringLiteral("expectations: %1 passed, %2 failed (on this computer's kernel%3)\n")
                   .arg(passed).arg(failed).arg(run.inUserNamespace ? QStringLiteral(", in a user namespace") : QString());
    return run.exitCode;
}

} // namespace portlab::kernel
