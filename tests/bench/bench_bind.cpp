// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: checking a bind() for conflicts takes at most 1 µs on a host with 100,000 bound TCP
// sockets.
//
// Two hosts, each in its own world, built through the model's system calls before any
// benchmark runs:
//
//   Spread     100 addresses (10.2.x.y) x 1,000 ports (20000-20999), one socket each, owned by
//              one user: every port's bind bucket holds 100 sockets, one per address.
//   ReusePort  100,000 sockets of one user, all with SO_REUSEPORT, on 0.0.0.0:8080: a single
//              bind bucket with 100,000 owners (building it is itself O(n^2): each bind() checks
//              every earlier member; the figure is printed).
//
// and then, with 5 repetitions each (the *_median line is the figure):
//
//   BM_FindBindConflict/<host>/conflict     findBindConflict() for a candidate that a bound
//                                          socket stops (Spread: a random taken address and
//                                          port; ReusePort: a member of another user)
//   BM_FindBindConflict/<host>/no_conflict  one that may bind (Spread: the spare 101st address
//                                          on a random taken port; ReusePort: a new member)
//   BM_WorldBind/<host>/...                 the whole system-call cycle socket() + bind() +
//                                          close(), for the same two cases
//   BM_WorldBind/<host>/socket_close_only   socket() + close(): what the cycle costs besides bind()
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

std::unique_ptr<BusyHost> g_spread;
std::unique_ptr<BusyHost> g_reusePort;

bool addHost(BusyHost &b, const QString &name, int addressCount)
{
    World &w = b.world;
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

std::unique_ptr<BusyHost> buildReusePort(const Options &options)
{
    auto b = std::make_unique<BusyHost>();
    if (!addHost(*b, QStringLiteral("reuseport"), 1))
        return b;
    World &w = b->world;
    const Endpoint wildcard{IpAddress::anyV4(), groupPort};
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < options.reusePortGroup; ++i) {
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

enum class Cycle { Bind, SocketCloseOnly };

// socket() [+ setsockopt(SO_REUSEPORT)] + bind() + close(): each round opens a new socket,
// as a program would (a closed socket cannot be bound again).
void BM_WorldBind(benchmark::State &state, BusyHost *b, bool conflict, bool reusePort, bool asStranger, Cycle cycle)
{
    World &w = b->world;
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
    g_reusePort = buildReusePort(options);
    if (!g_reusePort->error.empty()) {
        std::cerr << "bench_bind: building the SO_REUSEPORT group failed: " << g_reusePort->error << '\n';
        return 1;
    }
    std::cerr << "bench_bind: SO_REUSEPORT group of " << g_reusePort->bound << " sockets on 0.0.0.0:8080 bound in "
              << g_reusePort->buildSeconds << " s\n";

    BusyHost *spread = g_spread.get();
    BusyHost *group = g_reusePort.get();
    const auto find = [](const char *name, BusyHost *b, bool conflict, bool reusePort, bool asStranger) {
        benchmark::RegisterBenchmark(name, BM_FindBindConflict, b, conflict, reusePort, asStranger)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    };
    const auto cycle = [](const char *name, BusyHost *b, bool conflict, bool reusePort, bool asStranger, Cycle c) {
        benchmark::RegisterBenchmark(name, BM_WorldBind, b, conflict, reusePort, asStranger, c)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    };
    find("BM_FindBindConflict/Spread/conflict", spread, true, false, false);
    find("BM_FindBindConflict/Spread/no_conflict", spread, false, false, false);
    find("BM_FindBindConflict/ReusePort/conflict", group, true, true, true);
    find("BM_FindBindConflict/ReusePort/no_conflict", group, false, true, false);
    cycle("BM_WorldBind/Spread/conflict", spread, true, false, false, Cycle::Bind);
    cycle("BM_WorldBind/Spread/no_conflict", spread, false, false, false, Cycle::Bind);
    cycle("BM_WorldBind/Spread/socket_close_only", spread, false, false, false, Cycle::SocketCloseOnly);
    cycle("BM_WorldBind/ReusePort/conflict", group, true, true, true, Cycle::Bind);
    cycle("BM_WorldBind/ReusePort/no_conflict", group, false, true, false, Cycle::Bind);

    return runBenchmarks(argc, argv);
}
