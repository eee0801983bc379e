// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a click on the stage means, written as the statements a student would type: adding a
// host or a process, opening a server, connecting to a door, each call on a socket, ending a
// process. The
// window runs them through the console, so clicking shows the command that does the same.
// Names for new things are chosen so they do not clash with any name the scene already uses.
// A process that is not running as the scene ends (the stage may show a step before its
// kill) makes no call: what it would do is empty.

#include "sim/world.h"

#include <QHash>
#include <QStringList>

namespace portlab {

class SceneActions {
public:
    // `world` is the scene as it ends; `socketNames` what each socket is called there
    // ("nginx.s"), as Interpreter::socketName gives it.
    SceneActions(const World &world, QHash<SocketId, QString> socketNames);

    // `host host2 10.0.0.2`: the next free name, and the next free address of 10.0.0.0/24.
    QString addHost() const;
    // `process app1 on web user alice` (no user: the language's ordinary user).
    QString addProcess(HostId host, const QString &user) const;
    // A new socket bound to every address at `port`; TCP listens too.
    QStringList openServer(Pid pid, Protocol protocol, int port) const;
    // A new socket of `pid` to the door `target`: TCP connects, UDP sends a datagram there.
    QStringList connectTo(Pid pid, SocketId target) const;

    enum class SocketCall : std::uint8_t { Listen, Accept, Send, Receive, ShutdownWrite, Close };
    // The call on a named socket, by its process; empty when no variable names the socket.
    QString call(SocketId socket, SocketCall call) const;

    // `kill app1`: the process ends, and the kernel closes its sockets.
    QString kill(Pid pid) const;

    // The host's settings, as `sysctl` lines.
    QString setEphemeralRange(HostId host, int low, int high) const;
    QString setUnprivilegedPortStart(HostId host, int port) const;
    QString setForwarding(HostId host, bool forwards) const;

private:
    QString freshName(const QString &stem, const QStringList &taken) const;
    QStringList variablesOf(const QString &process) const;

    const World &m_world;
    QHash<SocketId, QString> m_socketNames;
};

} // namespace portlab
