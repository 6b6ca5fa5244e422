#include "bench/placementtrace.h"

#include <algorithm>
#include <array>
#include <random>
#include <string>

namespace shoal::bench {

namespace {

using namespace std::chrono_literals;

struct InstanceType {
    const char *name;
    int cpus;
    std::uint64_t memoryMiB;
    std::vector<std::string> cpuModels;
};

const std::array<InstanceType, 3> kInstanceTypes = {{
    {"m.small", 4, 8192, {"skylake"}},
    {"m.medium", 8, 16384, {"skylake", "icelake"}},
    {"m.large", 16, 32768, {"skylake", "icelake", "sapphirerapids"}},
}};

// The request mix: templates with their share of requests, in percent.
struct Template {
    int percent;
    int vcpus;
    std::uint64_t memoryMiB;
};

const std::array<Template, 3> kTemplates = {{
    {50, 1, 1024},
    {35, 2, 2048},
    {15, 4, 4096},
}};

constexpr double kCpuOvercommit = 2.0;
constexpr double kMemoryOvercommit = 1.0;
constexpr int kBurstWindowPercent = 30;      // requests that start inside their burst window
constexpr int kBurstVcpus = 1;
constexpr std::uint64_t kBurstMemoryMiB = 512;
constexpr int kIcelakePercent = 10;          // requests that need the icelake CPU model
constexpr double kTargetOccupancy = 0.7;
constexpr std::chrono::milliseconds kMeanLifetime = 600s;

core::Policy makePolicy()
{
    core::Policy policy;
    policy.units.push_back({"baseline", {std::nullopt, "baseline", std::nullopt}, std::nullopt,
                            std::nullopt});
    policy.units.push_back({"burst", {std::nullopt, "burst", std::nullopt}, std::nullopt,
                            std::nullopt});
    policy.units.push_back({"serverless", {std::nullopt, "serverless", std::nullopt}, std::nullopt,
                            core::OverflowCondition{500, 30s}});
    policy.spread = core::SpreadRule{1, core::WhenUnsatisfiable::ScheduleAnyway};
    policy.score = core::ScoreStrategy::LeastAllocated;
    policy.overcommit = {kCpuOvercommit, kMemoryOvercommit};
    policy.burstHeadroom = true;
    return policy;
}

// Returns how many sandboxes of the average request fit on one host, limited by CPU or memory.
double sandboxesPerHost(const InstanceType &type)
{
    double vcpus = 0.0;
    double memoryMiB = 0.0;
    for (const Template &entry : kTemplates) {
        vcpus += entry.percent / 100.0 * entry.vcpus;
        memoryMiB += entry.percent / 100.0 * static_cast<double>(entry.memoryMiB);
    }
    vcpus += kBurstWindowPercent / 100.0 * kBurstVcpus;
    memoryMiB += kBurstWindowPercent / 100.0 * static_cast<double>(kBurstMemoryMiB);
    return std::min(type.cpus * kCpuOvercommit / vcpus,
                    static_cast<double>(type.memoryMiB) * kMemoryOvercommit / memoryMiB);
}

}  // namespace

SyntheticFleet makeSyntheticFleet(const PlacementTraceOptions &options)
{
    SyntheticFleet result;
    result.policy = makePolicy();
    const int hosts = std::max(options.hosts, 3);
    result.baselineHosts = hosts * 3 / 5;
    result.burstHosts = hosts * 3 / 10;
    result.serverlessHosts = hosts - result.baselineHosts - result.burstHosts;

    std::mt19937 random(options.seed);
    std::uniform_int_distribution<int> percent(1, 100);
    for (int h = 0; h < hosts; ++h) {
        const char *pool = h < result.baselineHosts ? "baseline"
                           : h < result.baselineHosts + result.burstHosts ? "burst"
                                                                           : "serverless";
        // Zones take every third host and instance types every third block of three, so each
        // zone holds each type.
        const InstanceType &type = kInstanceTypes[static_cast<std::size_t>(h / 3 % 3)];
        core::PlacementHost host;
        host.uri = "test:///bench-host-" + std::to_string(h);
        host.labels = {"az" + std::to_string(h % 3 + 1), pool, type.name, 0.0};
        host.connected = percent(random) > 1;
        host.lowOnDisk = percent(random) == 1;
        host.cpuModels = type.cpuModels;
        host.cpus = type.cpus;
        host.memoryMiB = type.memoryMiB;
        if (h < result.baselineHosts + result.burstHosts && host.connected && !host.lowOnDisk)
            result.estimatedCapacity += sandboxesPerHost(type);
        result.fleet.hosts.push_back(std::move(host));
    }
    return result;
}

PlacementTrace makePlacementTrace(const PlacementTraceOptions &options,
                                  const SyntheticFleet &fleet)
{
    PlacementTrace trace;
    TraceShape &shape = trace.shape;
    shape.meanLifetime = kMeanLifetime;
    const double meanLifetimeSeconds = std::chrono::duration<double>(kMeanLifetime).count();
    shape.arrivalsPerSecond =
        std::max(0.01, kTargetOccupancy * fleet.estimatedCapacity / meanLifetimeSeconds);

    const int requests = std::max(options.requests, 1);
    const int burstFirst = requests * 45 / 100;
    const int burstLast = requests * 75 / 100;  // first request after the burst
    std::mt19937 random(options.seed ^ 0x5eedu);
    std::uniform_int_distribution<int> percent(1, 100);
    std::uniform_real_distribution<double> lifetimeFactor(0.5, 1.5);
    double now = 0.0;                        // seconds

    for (int i = 0; i < requests; ++i) {
        const bool inBurst = i >= burstFirst && i < burstLast;
        std::exponential_distribution<double> gap(shape.arrivalsPerSecond * (inBurst ? 3.0 : 1.0));
        now += gap(random);
        if (i == burstFirst)
            shape.burstStart = std::chrono::milliseconds(static_cast<std::int64_t>(now * 1000));
        if (i == burstLast)
            shape.burstEnd = std::chrono::milliseconds(static_cast<std::int64_t>(now * 1000));

        int roll = percent(random);
        const Template *chosen = &kTemplates.back();
        for (const Template &entry : kTemplates) {
            if (roll <= entry.percent) {
                chosen = &entry;
                break;
            }
            roll -= entry.percent;
        }
        TraceRequest request;
        request.id = static_cast<std::uint64_t>(i) + 1;
        request.request.vcpus = chosen->vcpus;
        request.request.memoryMiB = chosen->memoryMiB;
        request.request.burstVcpus = kBurstVcpus;
        request.request.burstMemoryMiB = kBurstMemoryMiB;
        request.request.inBurstWindow = percent(random) <= kBurstWindowPercent;
        if (percent(random) <= kIcelakePercent)
            request.request.cpuModel = "icelake";
        request.arrival = std::chrono::milliseconds(static_cast<std::int64_t>(now * 1000));
        request.lifetime = std::chrono::milliseconds(
            static_cast<std::int64_t>(lifetimeFactor(random) * meanLifetimeSeconds * 1000));
        trace.requests.push_back(std::move(request));
    }
    shape.lastArrival = trace.requests.back().arrival;
    return trace;
}

}  // namespace shoal::bench
