// SPDX-License-Identifier: GPL-3.0-or-later
#include "socket_helper.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <vector>

namespace portlab::kernel {

namespace {

// The helper's control socket sits far above the descriptors the scenario's sockets get, so
// those start at 3 as in any freshly started program (and as the model numbers them).
constexpr int helperChannelFd = 900;

// A blocking connect() whose SYNs are dropped ends by the kernel's own ETIMEDOUT after the
// default 6 retries (127 s); this bound only stops a call that would block longer still.
constexpr int socketSendTimeoutSeconds = 150;
constexpr int socketReceiveTimeoutSeconds = 5;

// How long the controller waits for one answer: longer than any socket timeout above.
constexpr std::chrono::milliseconds answerLimit{200'000};

// --- the child -----------------------------------------------------------------------------
// Runs after fork() in a copy of the controller: only plain system calls from here on, and
// never a return into the controller's code.

[[noreturn]] void failChild(const char *what)
{
    const int error = errno;
    const char *reason = std::strerror(error);
    [[maybe_unused]] auto a = ::write(STDERR_FILENO, "portlab kernel helper: ", 23);
    [[maybe_unused]] auto b = ::write(STDERR_FILENO, what, std::strlen(what));
    [[maybe_unused]] auto c = ::write(STDERR_FILENO, ": ", 2);
    [[maybe_unused]] auto d = ::write(STDERR_FILENO, reason, std::strlen(reason));
    [[maybe_unused]] auto e = ::write(STDERR_FILENO, "\n", 1);
    ::_exit(127);
}

void describe(int fd, HelperReply &reply)
{
    socklen_t length = sizeof reply.local;
    reply.localLength = ::getsockname(fd, reinterpret_cast<sockaddr *>(&reply.local), &length) == 0 ? length : 0;
    length = sizeof reply.peer;
    reply.peerLength = ::getpeername(fd, reinterpret_cast<sockaddr *>(&reply.peer), &length) == 0 ? length : 0;
    struct stat status {};
    reply.inode = ::fstat(fd, &status) == 0 ? status.st_ino : 0;
}

void setTimeouts(int fd)
{
    timeval send{socketSendTimeoutSeconds, 0};
    timeval receive{socketReceiveTimeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send, sizeof send);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &receive, sizeof receive);
}

// recv() as the scenario language defines it: never sleeps (a call that would block reports
// EAGAIN); a stream returns everything that has arrived, a datagram socket one datagram.
ssize_t receiveAvailable(int fd, char *buffer, std::size_t capacity)
{
    int type = 0;
    socklen_t length = sizeof type;
    ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length);
    const ssize_t first = ::recv(fd, buffer, capacity, MSG_DONTWAIT);
    if (first <= 0 || type != SOCK_STREAM)
        return first;
    auto total = static_cast<std::size_t>(first);
    // Read on only while bytes are waiting, so a pending error (an RST after the data) stays
    // for the next call instead of being consumed here.
    int waiting = 0;
    while (total < capacity && ::ioctl(fd, FIONREAD, &waiting) == 0 && waiting > 0) {
        const ssize_t more = ::recv(fd, buffer + total, capacity - total, MSG_DONTWAIT);
        if (more <= 0)
            break;
        total += static_cast<std::size_t>(more);
    }
    return static_cast<ssize_t>(total);
}

void perform(const HelperRequest &request, const char *data, HelperReply &reply, char *received)
{
    const auto *address = reinterpret_cast<const sockaddr *>(&request.address);
    const int fd = request.fd;
    int subject = fd;
    long result = -1;
    switch (request.op) {
    case HelperOp::Socket:
        result = ::socket(request.a, request.b, 0);
        if (result >= 0) {
            subject = static_cast<int>(result);
            setTimeouts(subject);
        }
        break;
    case HelperOp::Setsockopt: {
        const int value = request.c;
        result = ::setsockopt(fd, request.a, request.b, &value, sizeof value);
        break;
    }
    case HelperOp::Bind: result = ::bind(fd, address, request.addressLength); break;
    case HelperOp::Listen: result = ::listen(fd, request.a); break;
    case HelperOp::Connect: result = ::connect(fd, address, request.addressLength); break;
    case HelperOp::Accept: {
        // accept() never sleeps here either: with nothing queued it says EAGAIN. The new
        // descriptor is blocking, as accept() makes it.
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags >= 0)
            ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        result = ::accept4(fd, nullptr, nullptr, 0);
        const int error = errno;
        if (flags >= 0)
            ::fcntl(fd, F_SETFL, flags);
        errno = error;
        if (result >= 0) {
            subject = static_cast<int>(result);
            setTimeouts(subject);
        }
        break;
    }
    case HelperOp::Send: result = ::send(fd, data, request.dataLength, MSG_NOSIGNAL); break;
    case HelperOp::SendTo: result = ::sendto(fd, data, request.dataLength, MSG_NOSIGNAL, address, request.addressLength); break;
    case HelperOp::Receive: {
        const ssize_t got = receiveAvailable(fd, received, maxHelperData);
        result = got;
        if (got > 0)
            reply.dataLength = static_cast<std::uint32_t>(got);
        break;
    }
    case HelperOp::Shutdown: result = ::shutdown(fd, request.a); break;
    case HelperOp::Close:
        describe(fd, reply);
        result = ::close(fd);
        reply.result = static_cast<std::int32_t>(result);
        reply.error = result < 0 ? errno : 0;
        reply.subjectFd = fd;
        return;
    case HelperOp::Getsockname: {
        sockaddr_storage name{};
        socklen_t length = sizeof name;
        result = ::getsockname(fd, reinterpret_cast<sockaddr *>(&name), &length);
        break;
    }
    case HelperOp::Getpeername: {
        sockaddr_storage name{};
        socklen_t length = sizeof name;
        result = ::getpeername(fd, reinterpret_cast<sockaddr *>(&name), &length);
        break;
    }
    case HelperOp::Describe: result = 0; break;
    }
    reply.result = result < 0 ? -1 : static_cast<std::int32_t>(std::min<long>(result, INT32_MAX));
    reply.error = result < 0 ? errno : 0;
    reply.subjectFd = subject;
    if (subject >= 0)
        describe(subject, reply);
}

[[noreturn]] void serve(int channel)
{
    std::vector<char> incoming(sizeof(HelperRequest) + maxHelperData);
    std::vector<char> outgoing(sizeof(HelperReply) + maxHelperData);
    for (;;) {
        const ssize_t got = ::recv(channel, incoming.data(), incoming.size(), 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < static_cast<ssize_t>(sizeof(HelperRequest)))
            ::_exit(0);   // the controller closed the channel (or sent nonsense): done
        HelperRequest request;
        std::memcpy(&request, incoming.data(), sizeof request);
        request.dataLength = std::min<std::uint32_t>(request.dataLength, static_cast<std::uint32_t>(static_cast<std::size_t>(got) - sizeof request));
        request.addressLength = std::min<std::uint32_t>(request.addressLength, sizeof request.address);
        HelperReply reply;
        perform(request, incoming.data() + sizeof request, reply, outgoing.data() + sizeof reply);
        std::memcpy(outgoing.data(), &reply, sizeof reply);
        if (::send(channel, outgoing.data(), sizeof reply + reply.dataLength, MSG_NOSIGNAL) < 0)
            ::_exit(0);
    }
}

[[noreturn]] void becomeHelper(const HelperIdentity &identity, const char *commandName, int channel, pid_t controller)
{
    // Die with the controller, even if it is killed outright.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != controller)
        ::_exit(0);
    // A terminal's Ctrl-C goes to the controller alone, which then ends its helpers in order.
    ::setpgid(0, 0);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        ::signal(signal, SIG_DFL);
    ::signal(SIGPIPE, SIG_IGN);

    // Into the host's namespace first: its descriptor is one of those closed below.
    if (::setns(identity.namespaceFd, CLONE_NEWNET) != 0)
        failChild("setns");
    if (::dup2(channel, helperChannelFd) < 0)
        failChild("dup2");
    const int devNull = ::open("/dev/null", O_RDWR);
    if (devNull >= 0) {
        ::dup2(devNull, STDIN_FILENO);
        ::dup2(devNull, STDOUT_FILENO);
    }
    ::syscall(SYS_close_range, 3U, static_cast<unsigned>(helperChannelFd - 1), 0U);
    ::syscall(SYS_close_range, static_cast<unsigned>(helperChannelFd + 1), ~0U, 0U);
    ::fcntl(helperChannelFd, F_SETFD, FD_CLOEXEC);
    ::prctl(PR_SET_NAME, commandName);
    if (identity.uid != 0) {
        if (identity.keepBindCapability)
            ::prctl(PR_SET_KEEPCAPS, 1);
        if (::setgroups(0, nullptr) != 0 || ::setresgid(identity.uid, identity.uid, identity.uid) != 0
            || ::setresuid(identity.uid, identity.uid, identity.uid) != 0)
            failChild("dropping root");
    }
    if ((identity.uid != 0 && identity.keepBindCapability) || identity.dropCapabilitiesOnly) {
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        std::array<__user_cap_data_struct, 2> capabilities{};
        if (identity.keepBindCapability)
            capabilities[0].effective = capabilities[0].permitted = 1U << CAP_NET_BIND_SERVICE;
        if (::syscall(SYS_capset, &header, capabilities.data()) != 0)
            failChild("capset");
    }
    serve(helperChannelFd);
}

} // namespace

SocketHelper::SocketHelper(const HelperIdentity &identity, RunControl &control)
    : m_control(control)
    , m_name(identity.processName)
{
    std::array<int, 2> pair{};
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair.data()) != 0)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot create a socketpair: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    UniqueFd mine(pair[0]);
    UniqueFd theirs(pair[1]);
    // Prepared before fork(), so the child needs no allocation to know its name.
    const QByteArray commandName = identity.processName.toUtf8().left(15);
    const pid_t controller = ::getpid();
    const pid_t child = ::fork();
    if (child < 0)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot fork a helper for %1: %2").arg(m_name, QString::fromLocal8Bit(std::strerror(errno))));
    if (child == 0)
        becomeHelper(identity, commandName.constData(), theirs.get(), controller);
    m_pid = child;
    m_channel = std::move(mine);
    // The first answer proves the helper got into its namespace and became its user.
    const Answer hello = call(HelperRequest{});
    (void)hello;
}

SocketHelper::~SocketHelper()
{
    m_channel.reset();
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
}

int SocketHelper::endWith(int signal)
{
    if (m_pid <= 0)
        return ESRCH;
    if (::kill(m_pid, signal) != 0)
        return errno;
    while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    m_channel.reset();
    return 0;
}

SocketHelper::Answer SocketHelper::call(const HelperRequest &request, const QByteArray &data)
{
    HelperRequest header = request;
    header.dataLength = static_cast<std::uint32_t>(std::min<qsizetype>(data.size(), maxHelperData));
    QByteArray message(reinterpret_cast<const char *>(&header), sizeof header);
    message.append(data.left(header.dataLength));
    if (::send(m_channel.get(), message.constData(), static_cast<std::size_t>(message.size()), MSG_NOSIGNAL) < 0)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("the helper process for %1 is gone (%2)").arg(m_name, QString::fromLocal8Bit(std::strerror(errno))));
    if (!m_control.waitReadable(m_channel.get(), answerLimit, QStringLiteral("waiting for %1's system call").arg(m_name)))
        throw RunAborted(RunAborted::Reason::Timeout, QStringLiteral("%1's system call did not return within %2 s").arg(m_name).arg(answerLimit.count() / 1000));
    QByteArray buffer(static_cast<qsizetype>(sizeof(HelperReply) + maxHelperData), Qt::Uninitialized);
    ssize_t got = -1;
    do {
        got = ::recv(m_channel.get(), buffer.data(), static_cast<std::size_t>(buffer.size()), 0);
    } while (got < 0 && errno == EINTR);
    if (got < static_cast<ssize_t>(sizeof(HelperReply)))
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("the helper process for %1 ended unexpectedly (it could not enter its namespace or become its user?)").arg(m_name));
    Answer answer;
    std::memcpy(&answer.reply, buffer.constData(), sizeof answer.reply);
    const auto dataLength = std::min<std::size_t>(answer.reply.dataLength, static_cast<std::size_t>(got) - sizeof(HelperReply));
    answer.data = buffer.mid(sizeof(HelperReply), static_cast<qsizetype>(dataLength));
    return answer;
}

} // namespace portlab::kernel
