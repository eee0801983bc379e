// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_control.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <array>

namespace portlab::kernel {

namespace {

constexpr std::array<int, 3> handledSignals{SIGINT, SIGTERM, SIGHUP};

// The signal handler may only touch these: a flag and the write end of the wake-up pipe
// (lock-free atomics, so a stop request from another thread may set them too).
constexpr int stopRequested = -1;
std::atomic<int> caughtSignal{0};
std::atomic<int> wakeWriteFd{-1};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");
std::array<struct sigaction, handledSignals.size()> previousActions{};
std::atomic<bool> controlExists{false};

extern "C" void onStopSignal(int signal)
{
    const int savedErrno = errno;
    caughtSignal.store(signal);
    if (const int fd = wakeWriteFd.load(); fd >= 0) {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(fd, &byte, 1);
    }
    errno = savedErrno;
}

QString signalName(int signal)
{
    switch (signal) {
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGHUP: return QStringLiteral("SIGHUP");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

} // namespace

RunAborted::RunAborted(Reason reason, const QString &message, int signal)
    : std::runtime_error(message.toStdString())
    , m_reason(reason)
    , m_signal(signal)
{
}

RunControl::RunControl(std::chrono::seconds budget)
    : m_start(std::chrono::steady_clock::now())
    , m_budget(budget)
{
    if (controlExists.exchange(true))
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("a kernel run is already in progress in this program"));
    std::array<int, 2> pipeFds{};
    if (::pipe2(pipeFds.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        controlExists.store(false);
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot create a pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    m_wakeRead.reset(pipeFds[0]);
    wakeWriteFd.store(pipeFds[1]);
    caughtSignal.store(0);
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < handledSignals.size(); ++i)
        ::sigaction(handledSignals[i], &action, &previousActions[i]);
}

RunControl::~RunControl()
{
    for (std::size_t i = 0; i < handledSignals.size(); ++i)
        ::sigaction(handledSignals[i], &previousActions[i], nullptr);
    ::close(wakeWriteFd.exchange(-1));
    controlExists.store(false);
}

void RunControl::throwIfInterrupted() const
{
    const int signal = caughtSignal.load();
    if (signal == stopRequested)
        throw RunAborted(RunAborted::Reason::Interrupted, QStringLiteral("stopped on request"));
    if (signal != 0)
        throw RunAborted(RunAborted::Reason::Interrupted, QStringLiteral("interrupted by %1").arg(signalName(signal)), signal);
}

void RunControl::requestStop()
{
    // The same path a signal takes: the run wakes from whatever it waits for, and unwinds.
    onStopSignal(stopRequested);
}

std::chrono::microseconds RunControl::elapsed() const
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_start);
}

bool RunControl::waitReadable(int fd, std::chrono::milliseconds limit, const QString &what)
{
    using namespace std::chrono;
    const auto until = steady_clock::now() + limit;
    const auto budgetEnd = m_start + m_budget;
    for (;;) {
        throwIfInterrupted();
        const auto now = steady_clock::now();
        if (now >= budgetEnd)
            throw RunAborted(RunAborted::Reason::Timeout,
                             QStringLiteral("the run took longer than its limit of %1 s (while %2)").arg(m_budget.count()).arg(what));
        if (fd >= 0 && now >= until)
            return false;
        if (fd < 0 && now >= until)
            return true;
        const auto left = duration_cast<milliseconds>(std::min(until, budgetEnd) - now) + milliseconds(1);
        std::array<pollfd, 2> fds{{{m_wakeRead.get(), POLLIN, 0}, {fd, POLLIN, 0}}};
        const int ready = ::poll(fds.data(), fd >= 0 ? 2 : 1, static_cast<int>(std::min<milliseconds::rep>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR)
            throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("poll failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (fd >= 0 && ready > 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
            return true;
    }
}

void RunControl::sleepFor(std::chrono::microseconds duration, const QString &what)
{
    waitReadable(-1, std::chrono::ceil<std::chrono::milliseconds>(duration), what);
}

} // namespace portlab::kernel
