// SPDX-License-Identifier: GPL-3.0-or-later
#include "stage_actions.h"

#include "play/playback.h"

namespace portlab {

namespace {

std::optional<SceneActions::SocketCall> socketCallNamed(const QString &name)
{
    static const QHash<QString, SceneActions::SocketCall> calls = {
        {QStringLiteral("listen"), SceneActions::SocketCall::Listen},   {QStringLiteral("accept"), SceneActions::SocketCall::Accept},
        {QStringLiteral("send"), SceneActions::SocketCall::Send},       {QStringLiteral("recv"), SceneActions::SocketCall::Receive},
        {QStringLiteral("shutdown"), SceneActions::SocketCall::ShutdownWrite}, {QStringLiteral("close"), SceneActions::SocketCall::Close},
    };
    const auto found = calls.find(name);
    return found == calls.end() ? std::nullopt : std::optional(*found);
}

} // namespace

StageActions::StageActions(QObject *parent)
    : QObject(parent)
{
}

void StageActions::setConsole(ConsoleSession *console)
{
    if (console == m_console)
        return;
    m_console = console;
    Q_EMIT consoleChanged();
}

std::optional<SceneActions> StageActions::actions() const
{
    const Playback *playback = m_console && m_console->lab() ? m_console->lab()->player()->playback() : nullptr;
    if (!playback || !playback->world)
        return std::nullopt;
    return SceneActions(*playback->world, playback->socketNames);
}

std::optional<HostId> StageActions::hostNamed(const QString &name) const
{
    const Playback *playback = m_console && m_console->lab() ? m_console->lab()->player()->playback() : nullptr;
    return playback && playback->world ? playback->world->findHost(name) : std::nullopt;
}

bool StageActions::runAll(const QStringList &statements)
{
    if (!m_console || statements.isEmpty())
        return false;
    bool allOk = true;
    for (const QString &statement : statements) {
        bool ok = false;
        const auto connection = connect(m_console, &ConsoleSession::statementRan, this, [&ok](const QString &, bool succeeded) { ok = succeeded; });
        const bool ran = m_console->run(statement);
        disconnect(connection);
        if (!ran)
            return false;   // refused: what follows it would name what does not exist
        allOk = allOk && ok;
    }
    return allOk;
}

bool StageActions::addHost()
{
    const std::optional<SceneActions> scene = actions();
    return scene && runAll({scene->addHost()});
}

bool StageActions::addProcess(const QString &hostName, bool asRoot)
{
    const std::optional<SceneActions> scene = actions();
    const std::optional<HostId> host = hostNamed(hostName);
    return scene && host && runAll({scene->addProcess(*host, asRoot ? QStringLiteral("root") : QString())});
}

bool StageActions::openServer(int pid, const QString &protocol, int port)
{
    const std::optional<SceneActions> scene = actions();
    if (!scene || pid < 0 || port < 0 || port > 65535)
        return false;
    return runAll(scene->openServer(static_cast<Pid>(pid), protocol == u"udp" ? Protocol::Udp : Protocol::Tcp, port));
}

bool StageActions::connectTo(int pid, int socketId)
{
    const std::optional<SceneActions> scene = actions();
    if (!scene || pid < 0 || socketId < 0)
        return false;
    return runAll(scene->connectTo(static_cast<Pid>(pid), static_cast<SocketId>(socketId)));
}

QString StageActions::statementFor(int socketId, const QString &call) const
{
    const std::optional<SceneActions> scene = actions();
    const std::optional<SceneActions::SocketCall> which = socketCallNamed(call);
    if (!scene || !which || socketId < 0)
        return {};
    return scene->call(static_cast<SocketId>(socketId), *which);
}

bool StageActions::callOn(int socketId, const QString &call)
{
    const QString statement = statementFor(socketId, call);
    return !statement.isEmpty() && runAll({statement});
}

QString StageActions::killStatement(int pid) const
{
    const std::optional<SceneActions> scene = actions();
    return scene && pid >= 0 ? scene->kill(static_cast<Pid>(pid)) : QString();
}

bool StageActions::kill(int pid)
{
    const QString statement = killStatement(pid);
    return !statement.isEmpty() && runAll({statement});
}

bool StageActions::setEphemeralRange(const QString &hostName, int low, int high)
{
    const std::optional<SceneActions> scene = actions();
    const std::optional<HostId> host = hostNamed(hostName);
    return scene && host && runAll({scene->setEphemeralRange(*host, low, high)});
}

bool StageActions::setUnprivilegedPortStart(const QString &hostName, int port)
{
    const std::optional<SceneActions> scene = actions();
    const std::optional<HostId> host = hostNamed(hostName);
    return scene && host && runAll({scene->setUnprivilegedPortStart(*host, port)});
}

bool StageActions::setForwarding(const QString &hostName, bool forwards)
{
    const std::optional<SceneActions> scene = actions();
    const std::optional<HostId> host = hostNamed(hostName);
    return scene && host && runAll({scene->setForwarding(*host, forwards)});
}

QVariantMap StageActions::hostSettings(const QString &hostName) const
{
    const std::optional<HostId> id = hostNamed(hostName);
    if (!id)
        return {};
    const Host &host = m_console->lab()->player()->playback()->world->host(*id);
    return {{QStringLiteral("os"), host.personality().name},
            {QStringLiteral("ephemeralLow"), int(host.settings().ephemeralLow)},
            {QStringLiteral("ephemeralHigh"), int(host.settings().ephemeralHigh)},
            {QStringLiteral("unprivilegedPortStart"), int(host.settings().unprivilegedPortStart)},
            {QStringLiteral("forwards"), host.settings().ipForward}};
}

bool StageActions::showSockets(const QString &hostName)
{
    return hostNamed(hostName) && runAll({QStringLiteral("ss %1 -tuanp").arg(hostName)});
}

} // namespace portlab
