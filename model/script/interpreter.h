// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "parser.h"
#include "tools/services.h"

#include <QHash>
#include <QSet>

namespace portlab {

// A line that a program running in the background (a listening nc) printed.
struct BackgroundLine {
    QString process;
    QString text;
};

// What one statement did, in the shape the transcript, the JSON output and the views need.
struct StatementOutcome {
    int line = 0;
    QString text;
    bool ok = true;
    Errno error = Errno::Ok;
    QString message;
    SocketId culprit = NoSocket;   // the socket that holds what a failed call wanted
    std::optional<Endpoint> local;
    std::optional<Endpoint> remote;
    std::vector<TraceEvent> events;
    QString output;              // what a tool (ss, services) printed
    std::vector<BackgroundLine> background;   // what running programs printed meanwhile
    std::vector<PortScanResult> portScan;   // nmap: each port's state and the evidence for it
    QByteArray received;         // what recv returned
    bool isExpectation = false;
    SimTime time{0};
};

// Runs scenario statements against a world, one at a time (the console) or a whole script.
class Interpreter {
public:
    explicit Interpreter(World &world, const ServiceRegistry &services = ServiceRegistry::builtIn());
    ~Interpreter();
    Interpreter(const Interpreter &) = delete;
    Interpreter &operator=(const Interpreter &) = delete;

    // Checks every name (hosts, processes, sockets, addresses) as if the statements ran in order
    // after what has run so far. Nothing runs; an empty result means the script can start.
    std::vector<Diagnostic> checkNames(const std::vector<Statement> &statements, const QString &fileName) const;

    StatementOutcome execute(const Statement &statement);

    // Called with each trace event as it happens, while the world is as the event left it
    // (the stage records a snapshot of the world there); the event is still collected in the
    // statement's outcome.
    void setEventObserver(TraceSink observer) { m_observer = std::move(observer); }

    bool anyExpectationFailed() const { return m_failedExpectations > 0; }
    int failedExpectations() const { return m_failedExpectations; }
    World &world() { return m_world; }
    const World &world() const { return m_world; }
    // The socket a process's variable names, or NoSocket.
    SocketId socketOf(const QString &process, const QString &variable) const;
    QString socketName(SocketId id) const;   // "nginx.s", or empty if no variable names it

private:
    struct Symbols {
        QHash<QString, int> hosts;                       // name -> line declared
        QHash<QString, QString> processHosts;            // process -> host
        QHash<QString, QHash<QString, int>> variables;   // process -> variable -> line
        QHash<QString, QString> addressOwners;           // address text -> host
        QSet<QString> windowsHosts;                      // hosts without Linux's commands
        struct Exited {
            int line = 0;   // of the kill that ended it
            QString host;
        };
        QHash<QString, Exited> exited;                   // process -> how it ended
    };
    struct Variable {
        SocketId socket = NoSocket;
        int line = 0;
    };

    void executeCall(const Call &call, StatementOutcome &out);
    void executeExpectation(const Expectation &expectation, StatementOutcome &out);
    void executeSysctl(const SysctlSet &set, StatementOutcome &out);
    void executeNc(const NcCommand &command, StatementOutcome &out);
    void executeNmap(const NmapCommand &command, StatementOutcome &out);
    void executeKill(const Kill &kill, StatementOutcome &out);
    bool resolveRef(const SocketRef &ref, SocketId *id, QString *why) const;
    void describeEndpoints(SocketId id, StatementOutcome &out) const;
    static void fail(StatementOutcome &out, Errno error, const QString &message);

    World &m_world;
    const ServiceRegistry &m_services;
    Symbols m_symbols;
    QHash<QString, QHash<QString, Variable>> m_variables;
    QHash<QString, Pid> m_exitedPids;   // what a process killed had, for a kill that comes too late
    StatementOutcome m_last;
    std::vector<TraceEvent> *m_collecting = nullptr;
    TraceSink m_observer;
    NcPrograms m_nc;
    int m_failedExpectations = 0;
};

} // namespace portlab
