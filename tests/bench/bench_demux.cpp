// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: demultiplexing an arriving TCP segment takes at most 200 ns (median) on a host that
// holds 1,000,000 established connections.
//
// A connection farm like bench_million_connections's is built once, before any benchmark runs;
// then Demultiplexer::tcp() is asked about four-tuples drawn at random from all the server's
// connections (so the lookups touch the whole index and socket store, not a cached corner):
//
//   Established/*              a segment of an existing connection: the four-tuple hit
//   SynToListener/*            a SYN from a new client: four-tuple miss, then the listener
//   UnknownSegment             a non-SYN segment nobody holds: the miss the kernel answers with RST
//   */decision_reused          recording the DemuxDecision into one object reused every time
//   */decision_fresh           a new DemuxDecision per segment, as World::arriveTcp makes when tracing
//   Established/independent    lookups that do not wait for each other: throughput, not latency
//                              (all the others are chained, so each lookup's latency is measured)
//   BindConflict_PortWith1MConnections
//                              findBindConflict() for bind(10.0.0.2:80) on the server, whose
//                              port-80 bind bucket holds the listener and all accepted connections
//
//   MachineBaseline/RandomLoad/<MiB>
//                              not the model: one dependent load at a random place in a buffer
//                              of that size (a pointer chase), the cost of a single cache and
//                              TLB miss on this machine. An established lookup makes two
//                              dependent ones: the index slot, then the socket it names.
//
// Each runs 5 repetitions; the *_median line is the figure the goal is about.
#include "bench_support.h"

#include "net/bind_rules.h"
#include "net/rng.h"

#include <chrono>
#include <iostream>

namespace {

using namespace portlab;
using namespace portlab::bench;

struct Query {
    Endpoint source;        // as on the wire: the client
    Endpoint destination;   // the server
    SocketId expected = NoSocket;
};

struct Fixture {
    std::unique_ptr<ConnectionFarm> farm;
    std::vector<Query> established;   // random existing four-tuples
    std::vector<Query> newcomers;     // four-tuples no connection has
    std::size_t mask = 0;             // both vectors hold mask + 1 queries
    std::uint64_t secret = 0x5eed;
};

Fixture *g_fixture = nullptr;

enum class DecisionMode { None, Reused, Fresh, Independent };

void setCommonCounters(benchmark::State &state, const Fixture &f)
{
    state.counters["connections"] = static_cast<double>(
        f.farm->world.host(f.farm->serverHost).ports().connections(Protocol::Tcp).size());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// The next query's index depends on the socket the last lookup found, so lookups cannot
// overlap: each one's full latency is measured, as when the simulation delivers one envelope
// at a time. (Independent, in contrast, lets the processor run several lookups' cache misses
// at once, which measures throughput instead.)
inline std::size_t after(std::size_t i, SocketId found)
{
    return i + 1 + static_cast<std::size_t>(found == NoSocket - 1);
}

void BM_DemuxTcp(benchmark::State &state, bool established, bool isSyn, DecisionMode mode)
{
    const Fixture &f = *g_fixture;
    const World &world = f.farm->world;
    const Demultiplexer demux(world.host(f.farm->serverHost), world.sockets(), f.secret);
    const std::vector<Query> &queries = established ? f.established : f.newcomers;
    const SocketId want = isSyn ? f.farm->listener : NoSocket;

    // Outside the timing: every query must find what it should.
    for (const Query &q : queries) {
        const SocketId got = demux.tcp(q.source, q.destination, isSyn, nullptr);
        if (got != (established ? q.expected : want)) {
            fail(state, "Demultiplexer::tcp() found the wrong socket for " + q.source.toString().toStdString());
            return;
        }
    }

    std::size_t i = 0;
    DemuxDecision reused;
    switch (mode) {
    case DecisionMode::None:
        for (auto _ : state) {
            const Query &q = queries[i & f.mask];
            i = after(i, demux.tcp(q.source, q.destination, isSyn, nullptr));
        }
        break;
    case DecisionMode::Reused:
        for (auto _ : state) {
            const Query &q = queries[i & f.mask];
            i = after(i, demux.tcp(q.source, q.destination, isSyn, &reused));
            benchmark::DoNotOptimize(reused.considered.data());
        }
        break;
    case DecisionMode::Fresh:
        for (auto _ : state) {
            const Query &q = queries[i & f.mask];
            DemuxDecision decision;
            i = after(i, demux.tcp(q.source, q.destination, isSyn, &decision));
            benchmark::DoNotOptimize(decision.considered.data());
        }
        break;
    case DecisionMode::Independent:
        for (auto _ : state) {
            const Query &q = queries[i++ & f.mask];
            benchmark::DoNotOptimize(demux.tcp(q.source, q.destination, isSyn, nullptr));
        }
        break;
    }
    benchmark::DoNotOptimize(i);
    setCommonCounters(state, f);
}

void BM_BindConflict_PortWith1MConnections(benchmark::State &state)
{
    Fixture &f = *g_fixture;
    World &world = f.farm->world;
    const Host &server = world.host(f.farm->serverHost);
    const BindBucket *bucket = server.ports().bucket(Protocol::Tcp, f.farm->serverEndpoint.port);
    const auto candidate = world.socket(f.farm->serverPid, Protocol::Tcp, Family::IPv4);
    if (!bucket || !candidate.ok()) {
        fail(state, "no port-80 bucket or no candidate socket");
        return;
    }
    // Another address of the same server: nothing on it yet, so the bind would succeed.
    const BoundAddress elsewhere{Family::IPv4, IpAddress::v4(0x0a000002), false};
    const Socket &socket = world.socketAt(candidate.value);
    for (auto _ : state) {
        const BindConflict conflict = findBindConflict(socket, elsewhere, *bucket, world.sockets(), server.personality(),
                                                       BindCheck::Explicit);
        if (conflict) {
            fail(state, "bind(10.0.0.2:80) conflicts with " + world.describeSocket(conflict.holder).toStdString());
            return;
        }
    }
    state.counters["bucket_owners"] = static_cast<double>(bucket->owners.size());
    setCommonCounters(state, f);
}

void BM_MachineBaseline_RandomLoad(benchmark::State &state)
{
    // A single random cycle through every slot, so each load depends on the one before; made
    // once per size (benchmark calls this function several times per repetition).
    static std::vector<std::uint64_t> next;
    const std::size_t count = static_cast<std::size_t>(state.range(0)) * 1024 * 1024 / sizeof(std::uint64_t);
    if (next.size() != count) {
        next.assign(count, 0);
        std::vector<std::uint64_t> order(count);
        for (std::size_t i = 0; i < count; ++i)
            order[i] = i;
        Rng rng(7);
        for (std::size_t i = count - 1; i > 0; --i)
            std::swap(order[i], order[rng.next() % (i + 1)]);
        for (std::size_t i = 0; i < count; ++i)
            next[order[i]] = order[(i + 1) % count];
    }
    std::uint64_t at = 0;
    for (auto _ : state) {
        at = next[at];
        benchmark::DoNotOptimize(at);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void makeQueries(Fixture &f, const Options &options)
{
    const ConnectionFarm &farm = *f.farm;
    const auto &store = farm.world.sockets();
    std::size_t count = options.smoke ? 1024 : std::size_t{1} << 20;
    while (count > 2 * farm.accepted.size() && count > 1024)
        count /= 2;
    f.mask = count - 1;
    Rng rng(20240611);
    f.established.reserve(count);
    f.newcomers.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const SocketId id = farm.accepted[rng.below(static_cast<std::uint32_t>(farm.accepted.size()))];
        const Socket &s = store[id];
        f.established.push_back({s.remote, s.local, id});
        // Clients the farm never had (10.2.0.0/16), from a port in the ephemeral range.
        const Endpoint stranger{addressInBlock(2, static_cast<int>(rng.below(60000))),
                                static_cast<std::uint16_t>(32768 + rng.below(28232))};
        f.newcomers.push_back({stranger, farm.serverEndpoint, NoSocket});
    }
}

} // namespace

int main(int argc, char **argv)
{
    // 80 hosts x 12,500: the same million connections as bench_million_connections, in a
    // layout that takes seconds, not minutes, to build (more than 14,116 connections from one
    // address to one destination make each connect() scan every port of the preferred parity;
    // see bench_million_connections.cpp). The lookups do not depend on the layout.
    const Options options = parseOptions(argc, argv);

    Fixture fixture;
    const auto start = std::chrono::steady_clock::now();
    fixture.farm = buildFarm(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!fixture.farm->ok()) {
        std::cerr << "bench_demux: building the connections failed: " << fixture.farm->error << '\n';
        return 1;
    }
    std::cerr << "bench_demux: " << fixture.farm->accepted.size() << " connections (" << options.clientHosts
              << " hosts x " << options.connectionsPerHost << ") established in " << seconds << " s; peak RSS "
              << megabytes(peakRssBytes()) << " MB\n";
    makeQueries(fixture, options);
    g_fixture = &fixture;

    const auto lookup = [](const char *name, bool established, bool isSyn, DecisionMode mode) {
        benchmark::RegisterBenchmark(name, BM_DemuxTcp, established, isSyn, mode)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    };
    lookup("BM_DemuxTcp/Established", true, false, DecisionMode::None);
    lookup("BM_DemuxTcp/Established/decision_reused", true, false, DecisionMode::Reused);
    lookup("BM_DemuxTcp/Established/decision_fresh", true, false, DecisionMode::Fresh);
    lookup("BM_DemuxTcp/SynToListener", false, true, DecisionMode::None);
    lookup("BM_DemuxTcp/SynToListener/decision_reused", false, true, DecisionMode::Reused);
    lookup("BM_DemuxTcp/SynToListener/decision_fresh", false, true, DecisionMode::Fresh);
    lookup("BM_DemuxTcp/UnknownSegment", false, false, DecisionMode::None);
    lookup("BM_DemuxTcp/Established/independent", true, false, DecisionMode::Independent);
    benchmark::RegisterBenchmark("BM_BindConflict_PortWith1MConnections", BM_BindConflict_PortWith1MConnections)
        ->Unit(benchmark::kMicrosecond)
        ->Repetitions(5)
        ->ReportAggregatesOnly(true);

    const std::int64_t baselineSizes[] = {options.smoke ? 1 : 32, options.smoke ? 4 : 256};
    for (const std::int64_t mebibytes : baselineSizes) {
        benchmark::RegisterBenchmark("BM_MachineBaseline/RandomLoad", BM_MachineBaseline_RandomLoad)
            ->Arg(mebibytes)
            ->Unit(benchmark::kNanosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
    }

    return runBenchmarks(argc, argv);
}
