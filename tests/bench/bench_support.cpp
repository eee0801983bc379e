// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_support.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string_view>

namespace portlab::bench {

namespace {

// "--name=123" -> 123 in *value; false if `arg` is not that option.
bool intOption(std::string_view arg, std::string_view name, std::optional<int> *value)
{
    if (!arg.starts_with(name) || arg.size() <= name.size() || arg[name.size()] != '=')
        return false;
    const std::string text(arg.substr(name.size() + 1));
    char *end = nullptr;
    const long parsed = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || parsed <= 0 || parsed > 100'000'000) {
        std::cerr << "portlab bench: bad value in " << arg << '\n';
        std::exit(2);
    }
    *value = static_cast<int>(parsed);
    return true;
}

std::size_t statusKilobytes(std::string_view key)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':')
            return static_cast<std::size_t>(std::strtoull(line.c_str() + key.size() + 1, nullptr, 10)) * 1024;
    }
    return 0;
}

} // namespace

Options parseOptions(int &argc, char **argv, const Options &defaults)
{
    Options options = defaults;
    const char *env = std::getenv("PORTLAB_BENCH_SMOKE");
    options.smoke = env && *env && std::strcmp(env, "0") != 0;

    // Sizes named on the command line win over --smoke, wherever they stand.
    std::optional<int> clientHosts, connectionsPerHost, bindAddresses, bindPorts, reusePortGroup, reusePortWorldGroup;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--smoke")
            options.smoke = true;
        else if (arg == "--explain")
            options.explain = true;
        else if (!intOption(arg, "--client-hosts", &clientHosts)
                 && !intOption(arg, "--connections-per-host", &connectionsPerHost)
                 && !intOption(arg, "--bind-addresses", &bindAddresses)
                 && !intOption(arg, "--bind-ports", &bindPorts)
                 && !intOption(arg, "--reuseport-group", &reusePortGroup)
                 && !intOption(arg, "--reuseport-world-group", &reusePortWorldGroup))
            argv[kept++] = argv[i];   // for Google Benchmark
    }
    argc = kept;
    argv[argc] = nullptr;

    if (options.smoke) {
        options.clientHosts = 4;
        options.connectionsPerHost = 250;
        options.bindAddresses = 10;
        options.bindPorts = 100;
        options.reusePortGroup = 1000;
        options.reusePortWorldGroup = 100;
    }
    options.clientHosts = clientHosts.value_or(options.clientHosts);
    options.connectionsPerHost = connectionsPerHost.value_or(options.connectionsPerHost);
    options.bindAddresses = bindAddresses.value_or(options.bindAddresses);
    options.bindPorts = bindPorts.value_or(options.bindPorts);
    options.reusePortGroup = reusePortGroup.value_or(options.reusePortGroup);
    options.reusePortWorldGroup = reusePortWorldGroup.value_or(options.reusePortWorldGroup);
    if (options.clientHosts >= 250 * 256 || options.bindAddresses >= 250 * 256) {
        std::cerr << "portlab bench: fewer than 64000 hosts or addresses, please\n";
        std::exit(2);
    }
    if (options.bindPorts > 40000) {
        std::cerr << "portlab bench: at most 40000 ports (they start at 20000)\n";
        std::exit(2);
    }
    return options;
}

std::size_t peakRssBytes() { return statusKilobytes("VmHWM"); }
std::size_t currentRssBytes() { return statusKilobytes("VmRSS"); }

IpAddress addressInBlock(std::uint8_t block, int n)
{
    const auto high = static_cast<std::uint32_t>(n / 250);
    const auto low = static_cast<std::uint32_t>(n % 250 + 1);
    return IpAddress::v4((10U << 24) | (std::uint32_t{block} << 16) | (high << 8) | low);
}

std::string describe(const SysResult &result)
{
    return (errnoName(result.error) + QStringLiteral(": ") + result.explanation).toStdString();
}

namespace {
bool g_failed = false;
}

void fail(benchmark::State &state, const std::string &message)
{
    g_failed = true;
    std::cerr << "portlab bench: " << message << '\n';
    state.SkipWithError(message.c_str());
}

int exitCode() { return g_failed ? 1 : 0; }

int runBenchmarks(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    const std::size_t ran = benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (ran == 0) {
        std::cerr << "portlab bench: no benchmark matched\n";
        return 1;
    }
    return exitCode();
}

std::unique_ptr<ConnectionFarm> prepareFarm(const Options &options)
{
    auto farm = std::make_unique<ConnectionFarm>();
    World &world = farm->world;
    // A bulk run: success sentences cost more than the simulation itself (failures still
    // explain). --explain keeps them, to measure what a run with them costs.
    world.setExplainSuccess(options.explain);

    farm->serverHost = world.addHost(QStringLiteral("server"));
    const IpAddress serverAddress = IpAddress::v4(0x0a000001);   // 10.0.0.1
    if (const SysResult r = world.addAddress(farm->serverHost, serverAddress); !r.ok()) {
        farm->error = "addAddress(server): " + describe(r);
        return farm;
    }
    // Like nginx started with CAP_NET_BIND_SERVICE: port 80 without being root.
    farm->serverPid = world.addProcess(farm->serverHost, QStringLiteral("server"), QStringLiteral("www"), true);
    farm->serverEndpoint = {serverAddress, 80};

    const auto socket = world.socket(farm->serverPid, Protocol::Tcp, Family::IPv4);
    farm->listener = socket.value;
    if (const SysResult r = world.bind(farm->serverPid, farm->listener, farm->serverEndpoint); !r.ok()) {
        farm->error = "bind(server): " + describe(r);
        return farm;
    }
    if (const SysResult r = world.listen(farm->serverPid, farm->listener, 4096); !r.ok()) {
        farm->error = "listen(server): " + describe(r);
        return farm;
    }

    for (int i = 0; i < options.clientHosts; ++i) {
        const QString name = QStringLiteral("client-%1").arg(i);
        const HostId host = world.addHost(name);
        if (const SysResult r = world.addAddress(host, addressInBlock(1, i)); !r.ok()) {
            farm->error = "addAddress(client): " + describe(r);
            return farm;
        }
        farm->clientHosts.push_back(host);
        farm->clientPids.push_back(world.addProcess(host, name, QStringLiteral("user")));
    }
    farm->accepted.reserve(options.connections());
    return farm;
}

void connectAll(ConnectionFarm &farm, const Options &options)
{
    World &world = farm.world;
    for (std::size_t c = 0; c < farm.clientPids.size() && farm.ok(); ++c) {
        const Pid pid = farm.clientPids[c];
        for (int n = 0; n < options.connectionsPerHost; ++n) {
            const auto client = world.socket(pid, Protocol::Tcp, Family::IPv4);
            if (!client.ok()) {
                farm.error = "socket(client): " + describe(client.result);
                return;
            }
            if (const SysResult r = world.connect(pid, client.value, farm.serverEndpoint); !r.ok()) {
                farm.error = "connect() #" + std::to_string(n) + " of client " + std::to_string(c) + ": " + describe(r);
                return;
            }
            const auto server = world.accept(farm.serverPid, farm.listener);
            if (!server.ok()) {
                farm.error = "accept(): " + describe(server.result);
                return;
            }
            farm.accepted.push_back(server.value);
        }
    }
}

std::unique_ptr<ConnectionFarm> buildFarm(const Options &options)
{
    auto farm = prepareFarm(options);
    if (farm->ok())
        connectAll(*farm, options);
    return farm;
}

} // namespace portlab::bench
