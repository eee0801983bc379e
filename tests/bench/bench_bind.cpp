// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: checking a bind() for conflicts takes at most 1 µs on a host with 100,000 bound TCP
// sockets.
//
// The bound sockets, built before any benchmark runs:
//
//   Spread     a host with 100 addresses (10.2.x.y) x 1,000 ports (20000-20999), one socket
//              each, one user, all bound through World::bind: every port's bind bucket holds
//              100 sockets, one per address.
//   ReusePort  100,000 TCP sockets of one user, all with SO_REUSEPORT, bound to 0.0.0.0:8080:
//              one bind bucket with 100,000 owners. These are written straight into a
//              SocketStore and a BindBucket, because going through World::bind costs O(n) per
//              member (the conflict check walks the whole group, and with success sentences on,
//              the sentence names every socket the port is shared with): O(n^2) for the group.
//   ReusePortWorld
//              the same kind of group, 2,000 members (--reuseport-world-group=N), bound through
//              World::bind, for the system-call cycle below; the time it took is printed.
//
// The worlds are built with World's success sentences off (as a bulk run would); the cycles
// below turn them on, as they are by default, except in the */quiet variants.
//
// and then, with 5 repetitions each (the *_median line is the figure):
//
//   BM_FindBindConflict/<case>/conflict     findBindConflict() for a candidate that a bound
//                                          socket stops (Spread: a random taken address and
//                                          port; ReusePort: an SO_REUSEPORT socket of another user)
//   BM_FindBindConflict/<case>/no_conflict  one that may bind (Spread: the spare 101st address
//                                          on a random taken port; ReusePort: a new member)
//   BM_WorldBind/<case>/...                 the whole system-call cycle socket() + bind() +
//                                          close(), for the same two cases (a failure always
//                                          builds its sentence; */quiet: no success sentences)
//   BM_WorldBind/Spread/socket_close_only   socket() + close(): what the cycle costs besides bind()
#include "bench_support.h"

#include "net/bind_rules.h"
#include "net/rng.h"

#include <chrono>
#include <iostream>

namespace {

using namespace portlab;
using namespace portlab::bench;

constexpr std::uint16_t firstPort = 20000;
constexpr std::uint16_t groupPort = 8080;

struct Candidate {
    BoundAddress address;
    const BindBucket *bucket = nullptr;
    Endpoint endpoint;
};

struct BusyHost {
    World world{7};
    HostId host = 0;
    Pid owner = NoProcess;       // the user who holds every bound socket
    Pid stranger = NoProcess;    // another user
    std::vector<IpAddress> addresses;
    IpAddress spare;             // an address of the host with nothing bound to it
    std::size_t bound = 0;
    double buildSeconds = 0;
    std::vector<Candidate> conflicting;
    std::vector<Candidate> free;
    std::size_t mask = 0;
    std::string error;
};

// 100,000 SO_REUSEPORT members of one bind bucket, with no world around them.
struct PlainGroup {
    SocketStore store;
    BindBucket bucket;
    Personality personality = Personality::forLinux();
    SocketId member = NoSocket;     // would join: same user, SO_REUSEPORT
    SocketId stranger = NoSocket;   // would be refused: SO_REUSEPORT, but another user
    BoundAddress wildcard{Family::IPv4, IpAddress::anyV4(), false};
};

std::unique_ptr<BusyHost> g_spread;
std::unique_ptr<BusyHost> g_reusePort;
std::unique_ptr<PlainGroup> g_plainGroup;

std::unique_ptr<PlainGroup> buildPlainGroup(int size)
{
    auto g = std::make_unique<PlainGroup>();
    g->store.reserve(static_cast<std::size_t>(size) + 2);
    const auto make = [&g](Uid uid) {
        const SocketId id = g->store.create();
        Socket &s = g->store[id];
        s.host = 0;
        s.owner = 1000;
        s.uid = uid;
        s.fd = static_cast<int>(id) + 3;
        s.protocol = Protocol::Tcp;
        s.family = Family::IPv4;
        s.reusePort = true;
        s.local = {IpAddress::anyV4(), 0};
        s.remote = s.local;
        return id;
    };
    for (int i = 0; i < size; ++i) {
        const SocketId id = make(1000);
        Socket &s = g->store[id];
        s.bound = true;
        s.portLocked = true;
        s.local.port = groupPort;
        g->bucket.add(g->store[id]);
    }
    g->member = make(1000);
    g->stranger = make(1001);
    return g;
}

bool addHost(BusyHost &b, const QString &name, int addressCount)
{
    World &w = b.world;
    w.setExplainSuccess(false);   // building is a bulk run
    b.host = w.addHost(name);
    for (int i = 0; i <= addressCount; ++i) {
        const IpAddress address = addressInBlock(2, i);
        if (const SysResult r = w.addAddress(b.host, address); !r.ok()) {
            b.error = "addAddress: " + describe(r);
            return false;
        }
        if (i < addressCount)
            b.addresses.push_back(address);
        else
            b.spare = address;
    }
    b.owner = w.addProcess(b.host, QStringLiteral("daemon"), QStringLiteral("alice"));
    b.stranger = w.addProcess(b.host, QStringLiteral("intruder"), QStringLiteral("bob"));
    return true;
}

// socket() [+ SO_REUSEPORT] + bind(), as the program would.
SysResult openAndBind(World &w, Pid pid, const Endpoint &endpoint, bool reusePort, SocketId *id)
{
    const auto s = w.socket(pid, Protocol::Tcp, Family::IPv4);
    if (!s.ok())
        return s.result;
    *id = s.value;
    if (reusePort) {
        if (const SysResult r = w.setsockopt(pid, s.value, SocketOption::ReusePort, 1); !r.ok())
            return r;
    }
    return w.bind(pid, s.value, endpoint);
}

std::unique_ptr<BusyHost> buildSpread(const Options &options)
{
    auto b = std::make_unique<BusyHost>();
    if (!addHost(*b, QStringLiteral("spread"), options.bindAddresses))
        return b;
    World &w = b->world;
    const auto start = std::chrono::steady_clock::now();
    for (const IpAddress &address : b->addresses) {
        for (int p = 0; p < options.bindPorts; ++p) {
            SocketId id = NoSocket;
            const Endpoint endpoint{address, static_cast<std::uint16_t>(firstPort + p)};
            if (const SysResult r = openAndBind(w, b->owner, endpoint, false, &id); !r.ok()) {
                b->error = "bind(" + endpoint.toString().toStdString() + "): " + describe(r);
                return b;
            }
            ++b->bound;
        }
    }
    b->buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const std::size_t count = options.smoke ? 256 : 4096;
    b->mask = count - 1;
    Rng rng(99);
    const PortTable &ports = w.host(b->host).ports();
    for (std::size_t i = 0; i < count; ++i) {
        const auto port = static_cast<std::uint16_t>(firstPort + rng.below(static_cast<std::uint32_t>(options.bindPorts)));
        const IpAddress &taken = b->addresses[rng.below(static_cast<std::uint32_t>(b->addresses.size()))];
        const BindBucket *bucket = ports.bucket(Protocol::Tcp, port);
        b->conflicting.push_back({{Family::IPv4, taken, false}, bucket, {taken, port}});
        b->free.push_back({{Family::IPv4, b->spare, false}, bucket, {b->spare, port}});
    }
    return b;
}

std::unique_ptr<BusyHost> buildReusePortWorld(const Options &options)
{
    auto b = std::make_unique<BusyHost>();
    if (!addHost(*b, QStringLiteral("reuseport"), 1))
        return b;
    World &w = b->world;
    const Endpoint wildcard{IpAddress::anyV4(), groupPort};
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < options.reusePortWorldGroup; ++i) {
        SocketId id = NoSocket;
        if (const SysResult r = openAndBind(w, b->owner, wildcard, true, &id); !r.ok()) {
            b->error = "bind(0.0.0.0:8080) #" + std::to_string(i) + ": " + describe(r);
            return b;
        }
        ++b->bound;
    }
    b->buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const BindBucket *bucket = w.host(b->host).ports().bucket(Protocol::Tcp, groupPort);
    b->mask = 0;
    b->conflicting.push_back({{Family::IPv4, IpAddress::anyV4(), false}, bucket, wildcard});
    b->free.push_back({{Family::IPv4, IpAddress::anyV4(), false}, bucket, wildcard});
    return b;
}

void addCounters(benchmark::State &state, const BusyHost &b)
{
    state.counters["bound_sockets"] = static_cast<double>(b.bound);
    state.counters["build_s"] = b.buildSeconds;
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// findBindConflict() alone, for a fresh socket of `pid` (with SO_REUSEPORT if `reusePort`).
void BM_FindBindConflict(benchmark::State &state, BusyHost *b, bool conflict, bool reusePort, bool asStranger)
{
    World &w = b->world;
    const Pid pid = asStranger ? b->stranger : b->owner;
    const auto s = w.socket(pid, Protocol::Tcp, Family::IPv4);
    if (reusePort)
        w.setsockopt(pid, s.value, SocketOption::ReusePort, 1);
    const Socket &candidate = w.socketAt(s.value);
    const SocketStore &store = w.sockets();
    const Personality &personality = w.host(b->host).personality();
    const std::vector<Candidate> &candidates = conflict ? b->conflicting : b->free;
    for (const Candidate &c : candidates) {
        const bool found = static_cast<bool>(findBindConflict(candidate, c.address, *c.bucket, store, personality, BindCheck::Explicit));
        if (found != conflict) {
            fail(state, "findBindConflict() disagrees about " + c.endpoint.toString().toStdString());
            return;
        }
    }
    std::size_t i = 0;
    for (auto _ : state) {
        const Candidate &c = candidates[i++ & b->mask];
        benchmark::DoNotOptimize(findBindConflict(candidate, c.address, *c.bucket, store, personality, BindCheck::Explicit));
    }
    addCounters(state, *b);
}

void BM_FindBindConflict_PlainGroup(benchmark::State &state, bool conflict)
{
    const PlainGroup &g = *g_plainGroup;
    const Socket &candidate = g.store[conflict ? g.stranger : g.member];
    const bool found = static_cast<bool>(
        findBindConflict(candidate, g.wildcard, g.bucket, g.store, g.personality, BindCheck::Explicit));
    if (found != conflict) {
        fail(state, std::string("findBindConflict() ") + (found ? "refuses" : "allows") + " the candidate");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(findBindConflict(candidate, g.wildcard, g.bucket, g.store, g.personality, BindCheck::Explicit));
    state.counters["bound_sockets"] = static_cast<double>(g.bucket.owners.size());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

enum class Cycle { Bind, SocketCloseOnly };

// socket() [+ setsockopt(SO_REUSEPORT)] + bind() + close(): each round opens a new socket,
// as a program would (a closed socket cannot be bound again).
void BM_WorldBind(benchmark::State &state, BusyHost *b, bool conflict, bool reusePort, bool asStranger, Cycle cycle,
                  bool explain)
{
    World &w = b->world;
    w.setExplainSuccess(explain);
    const Pid pid = asStranger ? b->stranger : b->owner;
    const std::vector<Candidate> &candidates = conflict ? b->conflicting : b->free;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto s = w.socket(pid, Protocol::Tcp, Family::IPv4);
        if (reusePort)
            w.setsockopt(pid, s.value, SocketOption::ReusePort, 1);
        if (cycle == Cycle::Bind) {
            const SysResult r = w.bind(pid, s.value, candidates[i++ & b->mask].endpoint);
            if (r.ok() == conflict) {
                fail(state, "bind() " + std::string(conflict ? "succeeded" : "failed") + ": " + describe(r));
                return;
            }
        }
        w.close(pid, s.value);
    }
    addCounters(state, *b);
}

} // namespace

int main(int argc, char **argv)
{
    const Options options = parseOptions(argc, argv);

    g_spread = buildSpread(options);
    if (!g_spread->error.empty()) {
        std::cerr << "bench_bind: building the spread host failed: " << g_spread->error << '\n';
        return 1;
    }
    std::cerr << "bench_bind: spread host, " << g_spread->bound << " sockets (" << options.bindAddresses
              << " addresses x " << options.bindPorts << " ports) bound in " << g_spread->buildSeconds << " s\n";
    const auto plainStart = std::chrono::steady_clock::now();
    g_plainGroup = buildPlainGroup(options.reusePortGroup);
    std::cerr << "bench_bind: SO_REUSEPORT group of " << g_plainGroup->bucket.owners.size()
              << " sockets on 0.0.0.0:8080 written into a bind bucket in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - plainStart).count() << " s\n";
    g_reusePort = buildReusePortWorld(options);
    if (!g_reusePort->error.empty()) {
        std::cerr << "bench_bind: building the SO_REUSEPORT group failed: " << g_reusePort->error << '\n';
        return 1;
    }
    std::cerr << "bench_bind: SO_REUSEPORT group of " << g_reusePort->bound << " sockets on 0.0.0.0:8080 bound through World::bind in "
              << g_reusePort->buildSeconds << " s\n";

    BusyHost *spread = g_spread.get();
    BusyHost *group = g_reusePort.get();
    const auto find = [](const char *name, BusyHost *b, bool conflict, bool reusePort, bool asStranger) {
        benchmark::RegisterBenchmark(name, BM_FindBindConflict, b, conflict, reusePort, asStranger)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    };
    const auto findInGroup = [](const char *name, bool conflict) {
        benchmark::RegisterBenchmark(name, BM_FindBindConflict_PlainGroup, conflict)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    };
    const auto cycle = [](const char *name, BusyHost *b, bool conflict, bool reusePort, bool asStranger, Cycle c,
                          bool explain) {
        benchmark::RegisterBenchmark(name, BM_WorldBind, b, conflict, reusePort, asStranger, c, explain)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    };
    find("BM_FindBindConflict/Spread/conflict", spread, true, false, false);
    find("BM_FindBindConflict/Spread/no_conflict", spread, false, false, false);
    findInGroup("BM_FindBindConflict/ReusePort/conflict", true);
    findInGroup("BM_FindBindConflict/ReusePort/no_conflict", false);
    cycle("BM_WorldBind/Spread/conflict", spread, true, false, false, Cycle::Bind, true);
    cycle("BM_WorldBind/Spread/no_conflict", spread, false, false, false, Cycle::Bind, true);
    cycle("BM_WorldBind/Spread/no_conflict/quiet", spread, false, false, false, Cycle::Bind, false);
    cycle("BM_WorldBind/Spread/socket_close_only", spread, false, false, false, Cycle::SocketCloseOnly, true);
    cycle("BM_WorldBind/Spread/socket_close_only/quiet", spread, false, false, false, Cycle::SocketCloseOnly, false);
    cycle("BM_WorldBind/ReusePortWorld/conflict", group, true, true, true, Cycle::Bind, true);
    cycle("BM_WorldBind/ReusePortWorld/no_conflict", group, false, true, false, Cycle::Bind, true);
    cycle("BM_WorldBind/ReusePortWorld/no_conflict/quiet", group, false, true, false, Cycle::Bind, false);

    return runBenchmarks(argc, argv);
}
