// SPDX-License-Identifier: GPL-3.0-or-later
#include "network_lab.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace portlab::kernel {

namespace {

constexpr int commandTimeoutMs = 20'000;
const QString netnsDirectory = QStringLiteral("/run/netns");

QString findTool(const QString &name)
{
    const QString onPath = QStandardPaths::findExecutable(name);
    if (!onPath.isEmpty())
        return onPath;
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
}

// Whether this process may create a network namespace: tried in a throw-away child, which
// is the only honest test (capabilities, seccomp and container policies all have a say).
int tryUnshareNetwork()
{
    const pid_t child = ::fork();
    if (child < 0)
        return errno;
    if (child == 0)
        ::_exit(::unshare(CLONE_NEWNET) == 0 ? 0 : (errno & 0x7f));
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
}

bool processAlive(pid_t pid)
{
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

// Distinct per run of this program, so one program may build several labs one after another
// (the window's comparison panel) and parallel programs never collide (the pid differs).
std::atomic<int> nextNamespaceNumber{0};

} // namespace

QString NetworkLab::unavailableReason()
{
    if (::geteuid() != 0)
        return QStringLiteral("the kernel backend needs root: every scenario host becomes a network namespace of its own, "
                              "and only root (CAP_SYS_ADMIN and CAP_NET_ADMIN) may create those and switch users");
    if (findTool(QStringLiteral("ip")).isEmpty() || findTool(QStringLiteral("ss")).isEmpty())
        return QStringLiteral("the kernel backend needs the iproute2 tools ip and ss (Debian: apt-get install iproute2)");
    if (const int error = tryUnshareNetwork(); error != 0)
        return QStringLiteral("this system does not let even root create a network namespace (%1); "
                              "inside a container, run it with --privileged or CAP_SYS_ADMIN")
            .arg(QString::fromLocal8Bit(std::strerror(error)));
    return {};
}

QStringList NetworkLab::existingLabNamespaces()
{
    return QDir(netnsDirectory).entryList({QStringLiteral("portlab-*")}, QDir::Files | QDir::System | QDir::Hidden, QDir::Name);
}

void NetworkLab::removeStaleNamespaces()
{
    static const QRegularExpression pattern(QStringLiteral("^portlab-(\\d+)-"));
    const QString ipTool = findTool(QStringLiteral("ip"));
    for (const QString &name : existingLabNamespaces()) {
        const auto match = pattern.match(name);
        if (!match.hasMatch() || processAlive(static_cast<pid_t>(match.captured(1).toInt())))
            continue;
        QProcess::execute(ipTool, {QStringLiteral("netns"), QStringLiteral("delete"), name});
    }
}

QString NetworkLab::enterPrivateUserNamespace()
{
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    auto failure = [](const QString &step) {
        return QStringLiteral("%1: %2").arg(step, QString::fromLocal8Bit(std::strerror(errno)));
    };
    // A network namespace of its own too: the controller returns to it after each visit to a
    // host, and may only enter namespaces its user namespace owns.
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) != 0)
        return failure(QStringLiteral("creating a user namespace"));
    auto writeFile = [](const char *path, const QByteArray &text) {
        const UniqueFd fd(::open(path, O_WRONLY | O_CLOEXEC));
        return fd && ::write(fd.get(), text.constData(), static_cast<std::size_t>(text.size())) == text.size();
    };
    if (!writeFile("/proc/self/setgroups", "deny") || !writeFile("/proc/self/uid_map", QByteArray("0 ") + QByteArray::number(uid) + " 1")
        || !writeFile("/proc/self/gid_map", QByteArray("0 ") + QByteArray::number(gid) + " 1"))
        return failure(QStringLiteral("mapping the user into the user namespace"));
    // A private /run, where `ip netns add` may create its mount points; it goes away with us.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return failure(QStringLiteral("making the mounts private"));
    if (::mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        return failure(QStringLiteral("mounting a private /run"));
    return {};
}

NetworkLab::NetworkLab(RunControl &control, bool inUserNamespace)
    : m_control(control)
    , m_inUserNamespace(inUserNamespace)
{
    removeStaleNamespaces();
    m_switchNamespace = newNamespaceName();
    createNamespace(m_switchNamespace);
    // The bridge's namespace carries no IPv6 at all, so its ports send nothing of their own
    // (no router solicitations, no multicast listener reports).
    {
        const UniqueFd fd(::open(QStringLiteral("%1/%2").arg(netnsDirectory, m_switchNamespace).toUtf8().constData(), O_RDONLY | O_CLOEXEC));
        if (!fd)
            throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot open namespace %1").arg(m_switchNamespace));
        const NamespaceProbe probe(fd.get());
        probe.writeSysctl(QStringLiteral("net/ipv6/conf/default/disable_ipv6"), "1");
        probe.writeSysctl(QStringLiteral("net/ipv6/conf/all/disable_ipv6"), "1");
    }
    ip(m_switchNamespace, {QStringLiteral("link add br0 type bridge mcast_snooping 0"), QStringLiteral("link set br0 up")});
}

NetworkLab::~NetworkLab() = default;

NetworkLab::OwnedNamespaces::~OwnedNamespaces()
{
    const QString ipTool = findTool(QStringLiteral("ip"));
    for (auto it = m_names.rbegin(); it != m_names.rend(); ++it) {
        if (!QFileInfo::exists(QStringLiteral("%1/%2").arg(netnsDirectory, *it)))
            continue;
        QProcess process;
        process.start(ipTool, {QStringLiteral("netns"), QStringLiteral("delete"), *it});
        if (!process.waitForFinished(commandTimeoutMs) || process.exitCode() != 0)
            std::fprintf(stderr, "portlab: could not delete network namespace %s: %s\n", qPrintable(*it),
                         qPrintable(QString::fromLocal8Bit(process.readAllStandardError()).trimmed()));
    }
}

QString NetworkLab::newNamespaceName()
{
    return QStringLiteral("portlab-%1-%2").arg(::getpid()).arg(nextNamespaceNumber++);
}

void NetworkLab::runOrThrow(const QString &program, const QStringList &arguments, const QByteArray &input)
{
    m_control.throwIfInterrupted();
    QProcess process;
    process.start(program, arguments);
    if (!input.isEmpty()) {
        process.write(input);
        process.closeWriteChannel();
    }
    const bool finished = process.waitForFinished(commandTimeoutMs);
    // A terminal's Ctrl-C reaches `ip` too: report the interruption, not the command it killed.
    m_control.throwIfInterrupted();
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString errors = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
        throw RunAborted(RunAborted::Reason::Setup,
                         QStringLiteral("setting up the network failed: %1 %2: %3")
                             .arg(program, arguments.join(u' '), errors.isEmpty() ? process.errorString() : errors));
    }
    m_control.throwIfInterrupted();
}

void NetworkLab::createNamespace(const QString &name)
{
    // Owned before it exists: an interruption right after `ip` created it must not leak it.
    m_namespaces.add(name);
    runOrThrow(findTool(QStringLiteral("ip")), {QStringLiteral("netns"), QStringLiteral("add"), name});
}

void NetworkLab::ip(const QString &namespaceName, const QStringList &batch)
{
    runOrThrow(findTool(QStringLiteral("ip")), {QStringLiteral("-n"), namespaceName, QStringLiteral("-batch"), QStringLiteral("-")},
               (batch.join(u'\n') + u'\n').toUtf8());
}

LabHost &NetworkLab::addHost(const QString &name, const std::vector<IpAddress> &addresses)
{
    auto host = std::make_unique<LabHost>();
    host->name = name;
    host->namespaceName = newNamespaceName();
    host->addresses = addresses;
    const int index = static_cast<int>(m_hosts.size()) + 1;
    // Locally administered, unicast, and readable: 02:50:4c ("PL") and the host's number
    // counted from 1, as the model numbers its cards (nmap prints the address it found).
    host->macAddress = QStringLiteral("02:50:4c:%1:%2:%3")
                           .arg((index >> 16) & 0xff, 2, 16, QLatin1Char('0'))
                           .arg((index >> 8) & 0xff, 2, 16, QLatin1Char('0'))
                           .arg(index & 0xff, 2, 16, QLatin1Char('0'));
    createNamespace(host->namespaceName);
    host->namespaceFd.reset(::open(QStringLiteral("%1/%2").arg(netnsDirectory, host->namespaceName).toUtf8().constData(), O_RDONLY | O_CLOEXEC));
    if (!host->namespaceFd)
        throw RunAborted(RunAborted::Reason::Setup, QStringLiteral("cannot open namespace %1: %2").arg(host->namespaceName, QString::fromLocal8Bit(std::strerror(errno))));
    host->probe = std::make_unique<NamespaceProbe>(host->namespaceFd.get());
    // The model has no ICMP rate limit; the kernel sends at most a burst of 6 unreachables per
    // peer and then one a second (icmp_ratelimit), which would hide the ICMP of a later
    // statement. Loopback is exempt anyway; between namespaces it is turned off.
    host->probe->writeSysctl(QStringLiteral("net/ipv4/icmp_ratelimit"), "0");
    host->probe->writeSysctl(QStringLiteral("net/ipv6/icmp/ratelimit"), "0");

    const QString port = QStringLiteral("p%1").arg(index);
    ip(m_switchNamespace, {QStringLiteral("link add %1 type veth peer name eth0 netns %2").arg(port, host->namespaceName),
                           QStringLiteral("link set %1 master br0 up").arg(port)});
    QStringList setup{
        QStringLiteral("link set lo up"),
        // No link-local address: nothing to run duplicate address detection or solicitations for.
        QStringLiteral("link set eth0 addrgenmode none"),
        QStringLiteral("link set eth0 address %1").arg(host->macAddress),
    };
    for (const IpAddress &address : addresses) {
        // nodad: an IPv6 address is usable at once, not "tentative" for a second or two.
        setup << (address.isV4() ? QStringLiteral("address add %1/32 dev eth0").arg(address.toString())
                                 : QStringLiteral("address add %1/128 dev eth0 nodad").arg(address.toString()));
    }
    // Every address is on the link, as on the model's one segment: an address no host has is
    // asked for by ARP (or neighbour solicitation), nobody answers, and after about 3 s the
    // kernel gives up (a TCP connect() then fails with EHOSTUNREACH). The bridge has no way
    // out, so those requests never leave the lab either.
    setup << QStringLiteral("link set eth0 up")
          << QStringLiteral("route add 0.0.0.0/0 dev eth0")
          << QStringLiteral("route add ::/0 dev eth0");
    // Routes and permanent neighbour entries both ways between the new host and every other.
    for (const auto &other : m_hosts) {
        QStringList back;
        for (const IpAddress &address : other->addresses) {
            const QString prefix = address.isV4() ? QStringLiteral("/32") : QStringLiteral("/128");
            setup << QStringLiteral("route add %1%2 dev eth0").arg(address.toString(), prefix)
                  << QStringLiteral("neigh add %1 lladdr %2 dev eth0 nud permanent").arg(address.toString(), other->macAddress);
        }
        for (const IpAddress &address : addresses) {
            const QString prefix = address.isV4() ? QStringLiteral("/32") : QStringLiteral("/128");
            back << QStringLiteral("route add %1%2 dev eth0").arg(address.toString(), prefix)
                 << QStringLiteral("neigh add %1 lladdr %2 dev eth0 nud permanent").arg(address.toString(), host->macAddress);
        }
        if (!back.isEmpty() && !addresses.empty())
            ip(other->namespaceName, back);
    }
    ip(host->namespaceName, setup);
    m_hosts.push_back(std::move(host));
    return *m_hosts.back();
}

LabHost *NetworkLab::findHost(const QString &name)
{
    for (auto &host : m_hosts) {
        if (host->name == name)
            return host.get();
    }
    return nullptr;
}

SocketHelper &NetworkLab::startProcess(LabHost &host, const HelperIdentity &identity)
{
    HelperIdentity inHost = identity;
    inHost.namespaceFd = host.namespaceFd.get();
    host.helpers.push_back(std::make_unique<SocketHelper>(inHost, m_control));
    return *host.helpers.back();
}

void NetworkLab::settle()
{
    using namespace std::chrono_literals;
    auto total = [this] {
        std::uint64_t packets = 0;
        for (const auto &host : m_hosts)
            packets += host->probe->counters().packets;
        return packets;
    };
    std::uint64_t last = total();
    int quietRounds = 0;
    // Three quiet readings 2 ms apart; never more than 200 ms (a SYN being retransmitted every
    // second, for example, is not something to wait for).
    for (int round = 0; round < 100 && quietRounds < 3; ++round) {
        m_control.sleepFor(2ms, QStringLiteral("letting packets arrive"));
        const std::uint64_t now = total();
        quietRounds = now == last ? quietRounds + 1 : 0;
        last = now;
    }
}

CommandResult NetworkLab::runInside(const LabHost &host, const QString &program, const QStringList &arguments)
{
    m_control.throwIfInterrupted();
    CommandResult result;
    const QString path = findTool(program);
    if (path.isEmpty()) {
        result.errors = QStringLiteral("%1: not found").arg(program);
        return result;
    }
    QProcess process;
    const int namespaceFd = host.namespaceFd.get();
    // Runs in the child between fork and exec: only the system call.
    process.setChildProcessModifier([namespaceFd] {
        if (::setns(namespaceFd, CLONE_NEWNET) != 0)
            ::_exit(127);   // never show this computer's own sockets instead
    });
    process.start(path, arguments);
    if (!process.waitForFinished(commandTimeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    m_control.throwIfInterrupted();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.errors = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

} // namespace portlab::kernel
