// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "unique_fd.h"

#include <QString>

#include <chrono>
#include <stdexcept>

namespace portlab::kernel {

// Why a kernel run stopped before its last statement. Thrown from wherever the run was
// waiting; the destructors on the way out remove the namespaces and end the helpers.
class RunAborted : public std::runtime_error {
public:
    enum class Reason { Setup, Timeout, Interrupted };
    RunAborted(Reason reason, const QString &message, int signal = 0);
    Reason reason() const { return m_reason; }
    int signal() const { return m_signal; }
    QString message() const { return QString::fromUtf8(what()); }

private:
    Reason m_reason;
    int m_signal;
};

// The clock and the brakes of one kernel run. While it exists, SIGINT, SIGTERM and SIGHUP only
// set a flag and wake whatever the run waits for (a helper's answer, a `wait`), so the run
// unwinds and cleans up instead of dying with its namespaces and helpers left behind. Every
// wait is also bounded by the run's overall time budget. Only one may exist at a time.
class RunControl {
public:
    explicit RunControl(std::chrono::seconds budget);
    ~RunControl();
    RunControl(const RunControl &) = delete;
    RunControl &operator=(const RunControl &) = delete;

    // Waits until fd is readable or `limit` has passed (false). Throws RunAborted on a signal or
    // when the run's budget is spent; `what` names the wait in that message.
    bool waitReadable(int fd, std::chrono::milliseconds limit, const QString &what);
    void sleepFor(std::chrono::microseconds duration, const QString &what);
    void throwIfInterrupted() const;
    // Asks the run in progress, if any, to stop as if interrupted (from any thread).
    static void requestStop();
    std::chrono::microseconds elapsed() const;
    std::chrono::seconds budget() const { return m_budget; }

private:
    std::chrono::steady_clock::time_point m_start;
    std::chrono::seconds m_budget;
    UniqueFd m_wakeRead;
};

} // namespace portlab::kernel
