// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "console_session.h"
#include "script/scene_actions.h"

#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace portlab {

// What the stage's menus and drags do: each is the statement (or the few statements) a student
// would type for it, run through the console, so clicking shows the command that does the
// same. They act on the scene as it ends, whatever step the stage is showing.
class StageActions : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(portlab::ConsoleSession *console READ console WRITE setConsole NOTIFY consoleChanged)

public:
    explicit StageActions(QObject *parent = nullptr);

    ConsoleSession *console() const { return m_console; }
    void setConsole(ConsoleSession *console);

    // Each returns whether every statement it ran succeeded (a failed call, such as a bind
    // refused, is still the kernel's answer and stays in the scene).
    Q_INVOKABLE bool addHost();
    Q_INVOKABLE bool addProcess(const QString &hostName, bool asRoot);
    // protocol: "tcp" or "udp"
    Q_INVOKABLE bool openServer(int pid, const QString &protocol, int port);
    // A new socket of `pid` to the door `socketId`: connect for TCP, a datagram for UDP.
    Q_INVOKABLE bool connectTo(int pid, int socketId);
    // call: "listen", "accept", "send", "recv", "shutdown", "close"
    Q_INVOKABLE bool callOn(int socketId, const QString &call);
    // What a call on the door would be, or "" when none (the socket has no name in the scene).
    Q_INVOKABLE QString statementFor(int socketId, const QString &call) const;
    // `kill NAME`: the process ends, and the kernel closes its sockets.
    Q_INVOKABLE QString killStatement(int pid) const;
    Q_INVOKABLE bool kill(int pid);
    Q_INVOKABLE bool setEphemeralRange(const QString &hostName, int low, int high);
    Q_INVOKABLE bool setUnprivilegedPortStart(const QString &hostName, int port);
    Q_INVOKABLE bool setForwarding(const QString &hostName, bool forwards);
    Q_INVOKABLE bool showSockets(const QString &hostName);   // ss -tuanp on that host
    // The host as the scene ends, for its settings dialog: {os ("linux", "iana", "windows"),
    // ephemeralLow, ephemeralHigh, unprivilegedPortStart}; empty when there is no such host.
    Q_INVOKABLE QVariantMap hostSettings(const QString &hostName) const;

Q_SIGNALS:
    void consoleChanged();

private:
    std::optional<SceneActions> actions() const;
    std::optional<HostId> hostNamed(const QString &name) const;
    bool runAll(const QStringList &statements);

    ConsoleSession *m_console = nullptr;
};

} // namespace portlab
