// SPDX-License-Identifier: GPL-3.0-or-later
#include "example_scene.h"

#include "sim/world.h"

#include <QDebug>

namespace portlab {

namespace {

IpAddress address(QStringView text)
{
    return IpAddress::parse(text).value_or(IpAddress());
}

Endpoint endpoint(QStringView text)
{
    return Endpoint::parse(text).value_or(Endpoint());
}

// The example is fixed, so every call has one right answer; say so loudly if the model ever
// gives another, instead of showing a scene that silently differs.
void expect(const SysResult &result, Errno expected, const char *what)
{
    if (result.error != expected) {
        qWarning().noquote() << QStringLiteral("example scene: %1 gave %2 (%3), expected %4")
                                    .arg(QLatin1StringView(what), errnoName(result.error), result.explanation,
                                         errnoName(expected));
    }
}

SocketId openSocket(World &world, Pid pid, Protocol protocol, const char *what)
{
    const SysValue<SocketId> socket = world.socket(pid, protocol, Family::IPv4);
    expect(socket.result, Errno::Ok, what);
    return socket.value;
}

SocketId tcpListener(World &world, Pid pid, QStringView at, bool reuseAddr, const char *what)
{
    const SocketId s = openSocket(world, pid, Protocol::Tcp, what);
    if (reuseAddr)
        expect(world.setsockopt(pid, s, SocketOption::ReuseAddr, 1), Errno::Ok, what);
    expect(world.bind(pid, s, endpoint(at)), Errno::Ok, what);
    expect(world.listen(pid, s, 511), Errno::Ok, what);
    return s;
}

void tcpConnect(World &world, Pid pid, QStringView to, const char *what)
{
    const SocketId s = openSocket(world, pid, Protocol::Tcp, what);
    expect(world.connect(pid, s, endpoint(to)), Errno::Ok, what);
}

} // namespace

std::unique_ptr<World> buildExampleWorld()
{
    auto world = std::make_unique<World>();
    World &w = *world;

    const HostId laptop = w.addHost(QStringLiteral("laptop"));
    expect(w.addAddress(laptop, address(u"192.168.1.10")), Errno::Ok, "laptop's address");
    const HostId server = w.addHost(QStringLiteral("server"));
    expect(w.addAddress(server, address(u"93.184.216.34")), Errno::Ok, "server's address");

    const Pid nginx = w.addProcess(server, QStringLiteral("nginx"), QStringLiteral("root"));
    const SocketId web = tcpListener(w, nginx, u"0.0.0.0:80", true, "nginx listening on 80");

    // named starts as root to bind port 53, then runs as "bind"; the capability stands for that.
    const Pid named = w.addProcess(server, QStringLiteral("named"), QStringLiteral("bind"), true);
    const SocketId dns = openSocket(w, named, Protocol::Udp, "named's socket");
    expect(w.bind(named, dns, endpoint(u"0.0.0.0:53")), Errno::Ok, "named binding 53");

    const Pid sshd = w.addProcess(server, QStringLiteral("sshd"), QStringLiteral("root"));
    tcpListener(w, sshd, u"0.0.0.0:22", false, "sshd listening on 22");

    // nginx listens on 0.0.0.0:80: apache's bind fails with EADDRINUSE, whatever the options.
    const Pid apache = w.addProcess(server, QStringLiteral("apache"), QStringLiteral("root"));
    const SocketId refused = openSocket(w, apache, Protocol::Tcp, "apache's socket");
    expect(w.bind(apache, refused, endpoint(u"0.0.0.0:80")), Errno::AddrInUse, "apache binding 80");

    const Pid chrome = w.addProcess(laptop, QStringLiteral("chrome"), QStringLiteral("alice"));
    tcpConnect(w, chrome, u"93.184.216.34:80", "chrome's first connection");
    tcpConnect(w, chrome, u"93.184.216.34:80", "chrome's second connection");
    const Pid firefox = w.addProcess(laptop, QStringLiteral("firefox"), QStringLiteral("alice"));
    tcpConnect(w, firefox, u"93.184.216.34:80", "firefox's connection");

    for (int i = 0; i < 3; ++i)
        expect(w.accept(nginx, web).result, Errno::Ok, "nginx accepting");
    w.settle();
    return world;
}

ExampleSceneModel::ExampleSceneModel(QObject *parent)
    : SceneModel(parent)
{
    setWorld(buildExampleWorld());
}

} // namespace portlab
