// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: 1,000,000 concurrent TCP connections to one listening port in at most 2 s of wall time
// and 600 MB of peak resident memory.
//
// The whole process does nothing else, so VmHWM (the peak resident set) is the farm's peak plus
// the few megabytes Qt and the benchmark library need; rss_before_MB says how many.
//
//   bench_million_connections                      80 client hosts x 12,500 connections
//   bench_million_connections --client-hosts=40 --connections-per-host=25000
//   bench_million_connections --smoke              4 x 250, what CTest runs
//   bench_million_connections --explain            with World's success sentences (off by
//                                                  default here, as in any bulk run)
//
// The layout matters. Like Linux's __inet_hash_connect(), the model's connect() tries ports of
// the range's low parity first (14,116 even ports of 32768-60999) and turns to the odd ones only
// after scanning all of those; so once a client address has more than 14,116 connections to
// the same destination, every further connect() walks 14,116 taken ports first. 40 x 25,000
// pays that on 10,884 connections per host (as a real kernel would); 80 x 12,500 never does,
// which is how a load test spreads its clients.
#include "bench_support.h"

#include <chrono>
#include <iostream>

namespace {

using namespace portlab;
using namespace portlab::bench;

void BM_MillionConnections(benchmark::State &state, const Options &options)
{
    const std::size_t rssBefore = currentRssBytes();
    const std::size_t peakBefore = peakRssBytes();
    std::unique_ptr<ConnectionFarm> farm;
    double setupSeconds = 0;
    for (auto _ : state) {
        // Hosts, processes and the listener are not what the goal is about; time them apart.
        state.PauseTiming();
        const auto setupStart = std::chrono::steady_clock::now();
        farm = prepareFarm(options);
        setupSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - setupStart).count();
        state.ResumeTiming();
        if (farm->ok())
            connectAll(*farm, options);
    }
    // Measured before the farm is destroyed, which the timed loop does not include either.
    const std::size_t peak = peakRssBytes();
    const std::size_t rssAfter = currentRssBytes();
    if (!farm || !farm->ok()) {
        fail(state, farm ? farm->error : std::string("no farm"));
        return;
    }

    const World &world = farm->world;
    const Host &server = world.host(farm->serverHost);
    const std::size_t established = server.ports().connections(Protocol::Tcp).size();
    if (farm->accepted.size() != options.connections() || established != options.connections()) {
        fail(state, "the server does not hold one connection per connect()");
        return;
    }
    const auto connections = static_cast<double>(established);
    state.counters["connections"] = connections;
    state.counters["sockets"] = static_cast<double>(world.sockets().size());
    state.counters["rate"] = benchmark::Counter(connections, benchmark::Counter::kIsRate);
    state.counters["setup_ms"] = setupSeconds * 1e3;
    state.counters["sim_seconds"] = std::chrono::duration<double>(world.now()).count();
    state.counters["rss_before_MB"] = megabytes(rssBefore);
    state.counters["peak_rss_MB"] = megabytes(peak);
    state.counters["peak_delta_MB"] = megabytes(peak - std::min(peak, peakBefore));
    state.counters["rss_after_MB"] = megabytes(rssAfter);
    state.counters["B_per_conn"] = static_cast<double>(rssAfter - std::min(rssAfter, rssBefore)) / connections;
    state.counters["sizeof_Socket"] = static_cast<double>(sizeof(Socket));
    state.SetLabel(std::to_string(options.clientHosts) + " hosts x " + std::to_string(options.connectionsPerHost)
                   + (options.explain ? ", success sentences on" : ", success sentences off"));
}

} // namespace

int main(int argc, char **argv)
{
    const Options options = parseOptions(argc, argv);
    benchmark::RegisterBenchmark("BM_MillionConnections", BM_MillionConnections, options)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    return runBenchmarks(argc, argv);
}
