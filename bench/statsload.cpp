// Measures what stats polling costs: a simulated fleet of test-driver hosts, polled once a second
// for a while, and the process's CPU time, ticks and memory over that time, printed as JSON.
//
//   shoal_bench_statsload [--hosts N] [--sandboxes N] [--seconds N] [--interval-ms N]
//                         [--memory-window-s N] [--database FILE]
//
// --interval-ms 0 turns polling off, which gives the cost of the fleet alone.

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "core/fleet.h"
#include "core/log.h"
#include "core/store.h"
#include "hypervisor/libvirthypervisor.h"

namespace {

using namespace shoal;

class TickCounter : public core::FleetListener {
public:
    void statsTick(const core::HostStatsTick& tick) override
    {
        ++ticks;
        values += tick.sandboxes.size();
    }
    std::atomic<long> ticks{0};
    std::atomic<long> values{0};
};

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& time) { return static_cast<double>(time.tv_sec) + time.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long residentMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6) / 1024;
    }
    return 0;
}

int intArgument(int argc, char** argv, const char* name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv)
{
    const int hosts = intArgument(argc, argv, "--hosts", 100);
    const int sandboxes = intArgument(argc, argv, "--sandboxes", 10000);
    const int seconds = intArgument(argc, argv, "--seconds", 60);
    std::string database = ":memory:";
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--database") == 0)
            database = argv[i + 1];
    }
    core::LogOptions logging;
    logging.levels = "warn";
    logging.toFile = false;
    core::setupLogging(logging);

    hypervisor::SimulatedFleetOptions simulated;
    simulated.zones = 1;
    simulated.pools = {"baseline"};
    simulated.hostsPerPool = hosts;
    simulated.sandboxesPerHost = (sandboxes + hosts - 1) / std::max(hosts, 1);
    core::Result<std::vector<core::HostSpec>> specs = hypervisor::createSimulatedFleet(simulated);
    if (!specs) {
        std::cerr << specs.error().detail << '\n';
        return 1;
    }

    core::Result<std::unique_ptr<core::Store>> store = core::Store::open(database);
    if (!store) {
        std::cerr << store.error().detail << '\n';
        return 1;
    }
    hypervisor::LibvirtHypervisor hypervisor;
    TickCounter counter;
    core::FleetOptions options;
    options.statsInterval = std::chrono::milliseconds(intArgument(argc, argv, "--interval-ms", 1000));
    options.statsMemoryWindow = std::chrono::seconds(intArgument(argc, argv, "--memory-window-s", 15 * 60));
    core::Fleet fleet(hypervisor, **store, options);
    fleet.setListener(&counter);
    for (const core::HostSpec& spec : *specs) {
        if (auto added = fleet.addHost(spec, core::Fleet::Persistence::InMemory); !added) {
            std::cerr << added.error().detail << '\n';
            return 1;
        }
    }

    // The first seconds fill the history's rings and maps; measure the steady state after them.
    std::this_thread::sleep_for(std::chrono::seconds(5));
    const long ticksBefore = counter.ticks;
    const long valuesBefore = counter.values;
    const double cpuBefore = cpuSeconds();
    const auto started = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpuPercent = 100.0 * (cpuSeconds() - cpuBefore) / wallSeconds;

    std::printf("{\"hosts\": %zu, \"sandboxes\": %zu, \"seconds\": %.1f, \"cpu_percent\": %.1f, "
                "\"ticks_per_second\": %.1f, \"sandbox_values_per_second\": %.0f, \"rss_mb\": %ld}\n",
                specs->size(), fleet.sandboxes().size(), wallSeconds, cpuPercent,
                static_cast<double>(counter.ticks - ticksBefore) / wallSeconds,
                static_cast<double>(counter.values - valuesBefore) / wallSeconds, residentMiB());
    return 0;
}
