// SPDX-License-Identifier: GPL-3.0-or-later
// What the benchmarks share: the command line they understand before Google Benchmark sees
// it, the process's memory figures, and the "connection farm": one server listening on one
// port with a million clients connected to it, built through the model's system calls.
#pragma once

#include "sim/world.h"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace portlab::bench {

struct Options {
    bool smoke = false;              // --smoke or PORTLAB_BENCH_SMOKE=1: tiny sizes, for CTest
    bool explain = false;            // --explain: World's success sentences on, as outside bulk runs
    int clientHosts = 80;            // --client-hosts=N
    int connectionsPerHost = 12500;  // --connections-per-host=N: below half the ephemeral range
    int bindAddresses = 100;         // --bind-addresses=N
    int bindPorts = 1000;            // --bind-ports=N
    int reusePortGroup = 100000;     // --reuseport-group=N: sockets given to findBindConflict()
    int reusePortWorldGroup = 2000;  // --reuseport-world-group=N: members bound through World::bind

    std::size_t connections() const
    {
        return static_cast<std::size_t>(clientHosts) * static_cast<std::size_t>(connectionsPerHost);
    }
};

// Takes PortLab's own options out of argv (so benchmark::Initialize never sees them) and
// returns them, starting from `defaults`; --smoke shrinks every size unless a size is also
// given explicitly.
Options parseOptions(int &argc, char **argv, const Options &defaults = {});

// Kilobyte figures of /proc/self/status, in bytes (0 if the line is missing).
std::size_t peakRssBytes();     // VmHWM: the most resident memory the process ever had
std::size_t currentRssBytes();  // VmRSS

inline double megabytes(std::size_t bytes) { return static_cast<double>(bytes) / 1e6; }

// One listening server (10.0.0.1:80, backlog 4096) and `clientHosts` client hosts with one
// IPv4 address each (10.1.x.y); every client connect()s `connectionsPerHost` times, and each
// connect() is followed by the server's accept(), so the accept queue never fills.
struct ConnectionFarm {
    World world{1};
    HostId serverHost = 0;
    Pid serverPid = NoProcess;
    SocketId listener = NoSocket;
    Endpoint serverEndpoint;
    std::vector<HostId> clientHosts;
    std::vector<Pid> clientPids;
    std::vector<SocketId> accepted;   // the server's side of every connection, in order
    std::string error;                // the first failed call, if any

    bool ok() const { return error.empty(); }
};

// Adds the hosts, processes and the listener; no connections yet.
std::unique_ptr<ConnectionFarm> prepareFarm(const Options &options);
// Opens every connection; stops at the first failing system call and records it in `error`.
void connectAll(ConnectionFarm &farm, const Options &options);
// Both of the above.
std::unique_ptr<ConnectionFarm> buildFarm(const Options &options);

// The n-th address of a made-up block: 10.<block>.<n / 250>.<n % 250 + 1>.
IpAddress addressInBlock(std::uint8_t block, int n);

// A system call's errno and sentence, for error messages.
std::string describe(const SysResult &result);

// Marks the benchmark as failed (SkipWithError) and remembers it, so that main() can exit
// non-zero and CTest notices: Google Benchmark itself still exits 0 after such an error.
void fail(benchmark::State &state, const std::string &message);
int exitCode();   // 0, or 1 once fail() was called

// Initialize, run what the command line selects, and return exitCode().
int runBenchmarks(int argc, char **argv);

} // namespace portlab::bench
