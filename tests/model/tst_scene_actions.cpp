// SPDX-License-Identifier: GPL-3.0-or-later
#include "play/playback.h"
#include "script/parser.h"
#include "script/scene_actions.h"
#include "script/scene_edits.h"

#include <QTest>

using namespace portlab;

namespace {

const QString scene = QStringLiteral(
    "host web 10.0.0.1 2001:db8::1\n"
    "host laptop 10.0.0.2\n"
    "process nginx on web user root\n"
    "process curl on laptop\n"
    "nginx: s = socket tcp\n"
    "nginx: bind s 0.0.0.0:80\n"
    "nginx: listen s\n"
    "nginx: d = socket udp\n"
    "nginx: bind d 10.0.0.1:53\n"
    "nginx: v6 = socket tcp6\n"
    "nginx: setsockopt v6 IPV6_V6ONLY 1\n"
    "nginx: bind v6 [::]:443\n"
    "nginx: listen v6\n");

Playback record(const QString &source)
{
    Playback playback = recordPlayback(source, QStringLiteral("scene"));
    if (!playback.errors.empty())
        qWarning("%s", qPrintable(playback.errors.front().toString()));
    return playback;
}

// The scene with more statements after it, run; the last outcome of them must succeed.
Playback extended(const QStringList &more)
{
    return record(scene + more.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

// The process's socket bound to `port` (0: its first socket, whatever its port).
SocketId socketOn(const World &world, const QString &processName, std::uint16_t port)
{
    const Pid pid = *world.findProcess(processName);
    for (const Socket &socket : world.sockets()) {
        if (socket.owner == pid && (port == 0 || socket.local.port == port))
            return socket.id;
    }
    return NoSocket;
}

} // namespace

class TestSceneActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newNamesDoNotClash();
    void openServerListensOnThePort();
    void connectingToADoorReachesIt();
    void callsOnASocketNameIt();
    void hostSettingsAreSysctls();
    void endingAProcessIsKill();
    void removingAHostTakesWhatIsAboutIt();
    void changingTheOsRewritesTheDeclaration();
};

void TestSceneActions::newNamesDoNotClash()
{
    const Playback playback = record(scene);
    const SceneActions actions(*playback.world, playback.socketNames);
    QCOMPARE(actions.addHost(), QStringLiteral("host host1 10.0.0.3"));
    QCOMPARE(actions.addProcess(*playback.world->findHost(u"web"), QStringLiteral("alice")), QStringLiteral("process app1 on web user alice"));
    QCOMPARE(actions.addProcess(0, {}), QStringLiteral("process app1 on web"));
    // and once they exist, the next ones differ
    const Playback more = extended({actions.addHost(), QStringLiteral("process app1 on web")});
    QVERIFY(more.errors.empty());
    const SceneActions next(*more.world, more.socketNames);
    QCOMPARE(next.addHost(), QStringLiteral("host host2 10.0.0.4"));
    QCOMPARE(next.addProcess(0, {}), QStringLiteral("process app2 on web"));
}

void TestSceneActions::openServerListensOnThePort()
{
    const Playback playback = record(scene);
    const SceneActions actions(*playback.world, playback.socketNames);
    const Pid nginx = *playback.world->findProcess(u"nginx");
    const QStringList tcp = actions.openServer(nginx, Protocol::Tcp, 8080);
    QCOMPARE(tcp, (QStringList{QStringLiteral("nginx: s1 = socket tcp"), QStringLiteral("nginx: bind s1 0.0.0.0:8080"), QStringLiteral("nginx: listen s1")}));
    const Playback run = extended(tcp);
    QVERIFY(run.outcomes.back().ok);
    const SocketId opened = socketOn(*run.world, QStringLiteral("nginx"), 8080);
    QCOMPARE(run.world->socketAt(opened).state, SocketState::Listen);
    QCOMPARE(run.socketNames.value(opened), QStringLiteral("nginx.s1"));

    const QStringList udp = actions.openServer(nginx, Protocol::Udp, 5353);
    QCOMPARE(udp.size(), 2);   // a UDP socket does not listen
    QVERIFY(extended(udp).outcomes.back().ok);
}

void TestSceneActions::connectingToADoorReachesIt()
{
    const Playback playback = record(scene);
    const World &world = *playback.world;
    const SceneActions actions(world, playback.socketNames);
    const Pid curl = *world.findProcess(u"curl");

    // a wildcard listener is reached at its host's first address
    QStringList statements = actions.connectTo(curl, socketOn(world, QStringLiteral("nginx"), 80));
    QCOMPARE(statements, (QStringList{QStringLiteral("curl: c1 = socket tcp"), QStringLiteral("curl: connect c1 10.0.0.1:80")}));
    Playback run = extended(statements);
    QVERIFY2(run.outcomes.back().ok, qPrintable(run.outcomes.back().message));

    // an IPv6-only listener over IPv6
    statements = actions.connectTo(curl, socketOn(world, QStringLiteral("nginx"), 443));
    QCOMPARE(statements.last(), QStringLiteral("curl: connect c1 [2001:db8::1]:443"));
    QVERIFY(statements.first().endsWith(QStringLiteral("socket tcp6")));

    // a UDP door gets a datagram, and the transport layer hands it to that socket
    statements = actions.connectTo(curl, socketOn(world, QStringLiteral("nginx"), 53));
    QCOMPARE(statements.last(), QStringLiteral("curl: sendto c1 10.0.0.1:53 \"hello\""));
    run = extended(statements << QStringLiteral("expect delivered nginx.d"));
    QVERIFY2(run.outcomes.back().ok, qPrintable(run.outcomes.back().message));
}

void TestSceneActions::callsOnASocketNameIt()
{
    const QString connected = scene + QStringLiteral("curl: c = socket tcp\ncurl: connect c 10.0.0.1:80\n");
    const Playback playback = record(connected);
    const World &world = *playback.world;
    const SceneActions actions(world, playback.socketNames);
    const SocketId listener = socketOn(world, QStringLiteral("nginx"), 80);
    const SocketId client = socketOn(world, QStringLiteral("curl"), 0);
    QCOMPARE(playback.socketNames.value(client), QStringLiteral("curl.c"));

    const QString accept = actions.call(listener, SceneActions::SocketCall::Accept);
    QCOMPARE(accept, QStringLiteral("nginx: a1 = accept s"));
    const QString send = actions.call(client, SceneActions::SocketCall::Send);
    QCOMPARE(send, QStringLiteral("curl: send c \"hello\""));
    QCOMPARE(actions.call(client, SceneActions::SocketCall::ShutdownWrite), QStringLiteral("curl: shutdown c wr"));
    QCOMPARE(actions.call(listener, SceneActions::SocketCall::Close), QStringLiteral("nginx: close s"));

    // accepted, then read from: the accepted socket has a name, so it can be clicked too
    Playback run = record(connected + accept + QLatin1Char('\n') + send + QLatin1Char('\n'));
    QVERIFY(run.outcomes.back().ok);
    const SceneActions after(*run.world, run.socketNames);
    SocketId accepted = NoSocket;
    for (auto it = run.socketNames.begin(); it != run.socketNames.end(); ++it) {
        if (it.value() == u"nginx.a1")
            accepted = it.key();
    }
    QVERIFY(accepted != NoSocket);
    const QString receive = after.call(accepted, SceneActions::SocketCall::Receive);
    QCOMPARE(receive, QStringLiteral("nginx: recv a1"));
    run = record(connected + accept + QLatin1Char('\n') + send + QLatin1Char('\n') + receive + QStringLiteral("\nexpect received \"hello\"\n"));
    QVERIFY2(run.outcomes.back().ok, qPrintable(run.outcomes.back().message));

    // a socket that no variable names cannot be called on
    QVERIFY(actions.call(NoSocket, SceneActions::SocketCall::Close).isEmpty());
}

void TestSceneActions::hostSettingsAreSysctls()
{
    const Playback playback = record(scene);
    const SceneActions actions(*playback.world, playback.socketNames);
    const QString range = actions.setEphemeralRange(1, 40000, 40009);
    QCOMPARE(range, QStringLiteral("sysctl laptop net.ipv4.ip_local_port_range 40000 40009"));
    const QString start = actions.setUnprivilegedPortStart(0, 80);
    QCOMPARE(start, QStringLiteral("sysctl web net.ipv4.ip_unprivileged_port_start 80"));
    const QString forwarding = actions.setForwarding(0, true);
    QCOMPARE(forwarding, QStringLiteral("sysctl web net.ipv4.ip_forward 1"));
    QCOMPARE(actions.setForwarding(0, false), QStringLiteral("sysctl web net.ipv4.ip_forward 0"));
    const Playback after = extended({range, start, forwarding});
    QVERIFY(after.outcomes.back().ok);
    QVERIFY(after.world->host(0).settings().ipForward);
}

void TestSceneActions::endingAProcessIsKill()
{
    const QString connected = scene + QStringLiteral("curl: c = socket tcp\ncurl: connect c 10.0.0.1:80\nnginx: a = accept s\n");
    const Playback playback = record(connected);
    const SceneActions actions(*playback.world, playback.socketNames);
    const Pid nginx = *playback.world->findProcess(u"nginx");
    const QString kill = actions.kill(nginx);
    QCOMPARE(kill, QStringLiteral("kill nginx"));
    const Playback killed = record(connected + kill + QLatin1Char('\n'));
    QVERIFY2(killed.outcomes.back().ok, qPrintable(killed.outcomes.back().message));

    // Once it has exited, nothing more is offered in its name (the stage may show an earlier
    // step, where its office and doors still are): no kill, no server, no call on its sockets.
    const SceneActions after(*killed.world, killed.socketNames);
    QVERIFY(after.kill(nginx).isEmpty());
    QVERIFY(after.openServer(nginx, Protocol::Tcp, 8080).isEmpty());
    QVERIFY(after.connectTo(nginx, socketOn(*killed.world, QStringLiteral("curl"), 0)).isEmpty());
    const SocketId accepted = killed.socketNames.key(QStringLiteral("nginx.a"));
    QVERIFY(accepted != NoSocket);
    QVERIFY(after.call(accepted, SceneActions::SocketCall::Close).isEmpty());
    QVERIFY(after.call(socketOn(*playback.world, QStringLiteral("nginx"), 80), SceneActions::SocketCall::Accept).isEmpty());
    // and its name is not given to a new process, which would be taken for it
    QCOMPARE(after.addProcess(0, {}), QStringLiteral("process app1 on web"));
    const Playback app1 = record(connected + QStringLiteral("process app1 on web\nkill app1\n"));
    QCOMPARE(SceneActions(*app1.world, app1.socketNames).addProcess(0, {}), QStringLiteral("process app2 on web"));
}

namespace {

std::vector<Statement> statementsOf(const QString &source)
{
    ParsedScript script = parseScenario(source, QStringLiteral("scene"));
    for (std::size_t i = 0; i < script.statements.size(); ++i)
        script.statements[i].line = static_cast<int>(i) + 1;
    return script.statements;
}

QStringList textsAt(const std::vector<Statement> &statements, const std::vector<std::size_t> &indexes)
{
    QStringList texts;
    for (const std::size_t index : indexes)
        texts.append(statements[index].text);
    return texts;
}

} // namespace

void TestSceneActions::removingAHostTakesWhatIsAboutIt()
{
    const std::vector<Statement> statements = statementsOf(QStringLiteral(
        "host db 10.0.0.5\n"
        "host app 10.0.0.6\n"
        "process pg on db user root\n"
        "process client on app\n"
        "sysctl db net.ipv4.ip_unprivileged_port_start 0\n"
        "pg: l = socket tcp\n"
        "expect ok\n"
        "pg: bind l 0.0.0.0:5432\n"
        "pg: listen l\n"
        "client: c = socket tcp\n"
        "expect c state CLOSED\n"
        "client: connect c 10.0.0.5:5432\n"
        "expect ok\n"
        "pg: a = accept l\n"
        "expect l state LISTEN\n"
        "expect a port same l\n"
        "expect c port differs a\n"
        "ss db -tan\n"
        "iptables app -t nat -A OUTPUT -p tcp --dport 80 -j DNAT --to-destination 10.0.0.6:8080\n"
        "kill pg\n"
        "process pg on app\n"
        "pg: s = socket udp\n"
        "expect pg.s state CLOSED\n"
        "client: nc -z -v 10.0.0.5 5432\n"));
    QCOMPARE(textsAt(statements, statementsAboutHost(statements, QStringLiteral("db"))),
             (QStringList{QStringLiteral("host db 10.0.0.5"), QStringLiteral("process pg on db user root"),
                          QStringLiteral("sysctl db net.ipv4.ip_unprivileged_port_start 0"), QStringLiteral("pg: l = socket tcp"),
                          QStringLiteral("expect ok"),   // it checked pg's socket()
                          QStringLiteral("pg: bind l 0.0.0.0:5432"), QStringLiteral("pg: listen l"),
                          QStringLiteral("pg: a = accept l"), QStringLiteral("expect l state LISTEN"), QStringLiteral("expect a port same l"),
                          QStringLiteral("expect c port differs a"), QStringLiteral("ss db -tan"), QStringLiteral("kill pg")}));
    // What stays only reaches db's address: the client's connect, its expectation, nc; the pg
    // started again on app is another process.
    std::vector<Statement> rest;
    const std::vector<std::size_t> removed = statementsAboutHost(statements, QStringLiteral("db"));
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (std::find(removed.begin(), removed.end(), i) == removed.end())
            rest.push_back(statements[i]);
    }
    QStringList source;
    for (const Statement &statement : rest)
        source.append(statement.text);
    const Playback without = record(source.join(QLatin1Char('\n')));
    QVERIFY(without.errors.empty());
    const StatementOutcome &connect = without.outcomes[4];
    QCOMPARE(connect.text, QStringLiteral("client: connect c 10.0.0.5:5432"));
    QCOMPARE(connect.error, Errno::HostUnreach);

    // A host nobody declared has nothing to remove.
    QVERIFY(statementsAboutHost(statements, QStringLiteral("nowhere")).empty());
    // The app host takes its DNAT rule, the second pg and the expectation about its socket.
    QCOMPARE(textsAt(statements, statementsAboutHost(statements, QStringLiteral("app"))).mid(0, 4),
             (QStringList{QStringLiteral("host app 10.0.0.6"), QStringLiteral("process client on app"), QStringLiteral("client: c = socket tcp"),
                          QStringLiteral("expect c state CLOSED")}));
}

void TestSceneActions::changingTheOsRewritesTheDeclaration()
{
    const std::vector<Statement> statements = statementsOf(QStringLiteral(
        "host web 10.0.0.1 2001:db8::1   # the server\n"
        "host laptop 10.0.0.2 os windows\n"));
    const std::optional<Rewrite> windows = declarationWithOs(statements, QStringLiteral("web"), QStringLiteral("windows"));
    QVERIFY(windows);
    QCOMPARE(windows->index, std::size_t{0});
    QCOMPARE(windows->statement.text, QStringLiteral("host web 10.0.0.1 2001:db8::1 os windows"));
    QCOMPARE(std::get<HostDecl>(windows->statement.body).personality.kind, PersonalityKind::Windows);
    const std::optional<Rewrite> linux = declarationWithOs(statements, QStringLiteral("laptop"), QStringLiteral("linux"));
    QVERIFY(linux);
    QCOMPARE(linux->statement.text, QStringLiteral("host laptop 10.0.0.2"));
    QCOMPARE(declarationWithOs(statements, QStringLiteral("laptop"), QStringLiteral("iana"))->statement.text, QStringLiteral("host laptop 10.0.0.2 os iana"));
    // Nothing to rewrite: the OS it has, an OS the language does not know, a host it does not have.
    QVERIFY(!declarationWithOs(statements, QStringLiteral("web"), QStringLiteral("linux")));
    QVERIFY(!declarationWithOs(statements, QStringLiteral("web"), QStringLiteral("beos")));
    QVERIFY(!declarationWithOs(statements, QStringLiteral("nowhere"), QStringLiteral("windows")));
}

QTEST_GUILESS_MAIN(TestSceneActions)
#include "tst_scene_actions.moc"
