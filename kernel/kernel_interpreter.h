// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "network_lab.h"
#include "script/statement.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <chrono>
#include <optional>
#include <vector>

namespace portlab::kernel {

// What the kernel let an observer see a statement cause. The model knows every envelope; on a
// real kernel only these are visible from outside: a socket's receive queue (or a listener's
// accept queue) that grew, and the RSTs and ICMP destination-unreachable messages a host's
// namespace counted as sent.
struct Observation {
    enum class Kind { Delivered, ResetSent, UnreachableSent };
    Kind kind = Kind::Delivered;
    QString host;
    QString socket;    // "nginx.s" for a delivery
    QString summary;
};

// One statement's result on the kernel, in the shape the model's outcome has.
struct KernelOutcome {
    int line = 0;
    QString text;
    QString host;            // the scenario host the statement concerns, if one
    bool ok = true;
    int error = 0;           // the errno a system call or sysctl write returned
    QString errorName;       // "EADDRINUSE"; empty when ok or not a system call's failure
    QString message;
    std::optional<Endpoint> local;
    std::optional<Endpoint> remote;
    QString output;          // what ss printed
    QByteArray received;     // what recv returned
    bool isExpectation = false;
    QString personalityNote; // why the row is not comparable: the scenario's host is not Linux, or a statement the kernel does not run came before
    std::chrono::microseconds time{0};   // real time since the run started
    std::vector<Observation> observations;
};

// A scenario socket's ports as the kernel has them now, for the comparison with the model.
struct KernelSocketView {
    QString name;            // "nginx.s"
    QString host;
    Protocol protocol = Protocol::Tcp;
    bool open = false;       // the descriptor is open
    std::optional<Endpoint> local;   // when it has a port
    std::optional<Endpoint> remote;  // when it is connected
};

// Runs scenario statements on the real kernel: hosts become namespaces of the lab, processes
// helper processes, calls real system calls, expectations are judged on what the kernel did,
// by the same rules as the model's interpreter.
class KernelInterpreter {
public:
    KernelInterpreter(NetworkLab &lab, RunControl &control);

    KernelOutcome execute(const Statement &statement);
    int failedExpectations() const { return m_failedExpectations; }

    std::vector<KernelSocketView> sockets() const;
    // The host's ephemeral range as set in its namespace.
    std::pair<int, int> portRange(const QString &host) const;
    // The namespace a scenario host runs in (for the transcript's first lines).
    QString namespaceOf(const QString &host) const;

private:
    struct NamedSocket {
        int fd = -1;               // -1: the call that should have made it failed
        int line = 0;
        bool open = false;
        Protocol protocol = Protocol::Tcp;
        Family family = Family::IPv4;
        std::uint64_t inode = 0;
        std::optional<Endpoint> local;    // last known (kept after close, as the kernel keeps
        std::optional<Endpoint> remote;   // the connection in TIME_WAIT or FIN_WAIT2 under it)
    };
    struct ScenarioProcess {
        QString host;
        bool root = false;
        SocketHelper *helper = nullptr;   // owned by the lab's host
        QHash<QString, NamedSocket> sockets;
        QStringList order;                // variable names in order of creation
    };
    struct HostState {
        int low = 32768;
        int high = 60999;
        QString personality = QStringLiteral("linux");
    };
    struct Snapshot {
        QHash<QString, std::vector<DiagSocket>> sockets;   // per host
        QHash<QString, NamespaceCounters> counters;
    };
    struct SocketNow {
        Endpoint local;
        bool bound = false;
        std::optional<Endpoint> remote;
        SocketState state = SocketState::Closed;
    };

    void declareHost(const HostDecl &decl, KernelOutcome &out);
    void declareProcess(const ProcessDecl &decl, KernelOutcome &out);
    void setSysctl(const SysctlSet &set, KernelOutcome &out);
    void executeCall(const Call &call, KernelOutcome &out);
    void killProcess(const Kill &kill, KernelOutcome &out);
    void executeExpectation(const Expectation &expectation, KernelOutcome &out);
    void runSs(const SsCommand &command, KernelOutcome &out);
    void runNetstat(const NetstatCommand &command, KernelOutcome &out);
    void runLsof(const LsofCommand &command, KernelOutcome &out);
    void runNc(const NcCommand &command, KernelOutcome &out);
    void runNmap(const NmapCommand &command, KernelOutcome &out);
    void runIptables(const IptablesCommand &command, KernelOutcome &out);
    // How a tool answers: on stdout, exit 0 (ss, netstat); also exit 1 with nothing printed
    // (lsof found nothing); on stderr, exit 1 when every port failed (nc -z -v).
    // nmap prints on stdout and exits 1 with a reason on stderr when it cannot scan at all;
    // iptables prints its refusal on stderr and exits 1 (or 2 for bad arguments).
    enum class ToolReport { Stdout, EmptyMayExitOne, NcStderr, StderrOnFailure };
    void runTool(const QString &host, const QString &program, const QStringList &arguments, KernelOutcome &out,
                 ToolReport report = ToolReport::Stdout);
    Snapshot snapshot() const;
    std::vector<Observation> observe(const Snapshot &before, const Snapshot &after) const;
    bool resolve(const SocketRef &ref, QString *process, QString *why) const;
    SocketNow socketNow(const QString &process, const QString &variable);
    // Where an open socket is now, as getsockname() and getpeername() in its process say.
    void describeOpen(ScenarioProcess &process, NamedSocket &s);
    static void fail(KernelOutcome &out, int error, const QString &message);

    NetworkLab &m_lab;
    RunControl &m_control;
    QHash<QString, ScenarioProcess> m_processes;
    QStringList m_processOrder;
    QHash<QString, HostState> m_hosts;
    QStringList m_users;             // non-root user names, in order of first use
    QString m_notComparable;         // why no later statement can be compared, once one cannot
    KernelOutcome m_last;
    int m_failedExpectations = 0;
};

// "EADDRINUSE" for 98; the number itself if the C library has no name for it.
QString kernelErrnoName(int error);

} // namespace portlab::kernel
