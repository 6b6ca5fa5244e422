#include "tests/core/placementrandom.h"

#include <sstream>

namespace shoal::core {

std::string describe(const PlacementDecision &decision)
{
    std::ostringstream out;
    if (decision.placed()) {
        out << "host " << decision.host->hostIndex << " score " << decision.host->score
            << " unit " << decision.unitIndex << " spreadIgnored " << decision.spreadIgnored;
        if (decision.runnerUp)
            out << " runner-up " << decision.runnerUp->hostIndex;
        return out.str();
    }
    out << "refused:";
    for (const UnitRejections &unit : decision.rejections) {
        out << " " << unit.unit << "[";
        for (std::int64_t count : unit.hosts)
            out << count << " ";
        out << "]";
    }
    return out.str();
}

Policy RandomCase::makePolicy()
{
    static const char *const kPools[] = {"baseline", "burst", "serverless"};
    static const char *const kZones[] = {"az1", "az2", "az3"};
    static const char *const kTypes[] = {"small", "large"};
    static const double kCpuOvercommit[] = {1.0, 1.5, 2.0, 4.0};
    static const double kMemoryOvercommit[] = {1.0, 1.25};
    Policy policy;
    const int unitCount = pick(1, 3);
    for (int u = 0; u < unitCount; ++u) {
        PlacementUnit unit;
        unit.name = "u" + std::to_string(u);
        if (chance(70))
            unit.hosts.pool = oneOf(kPools);
        if (chance(20))
            unit.hosts.zone = oneOf(kZones);
        if (chance(15))
            unit.hosts.instanceType = oneOf(kTypes);
        if (chance(40))
            unit.max = m_size == RandomFleetSize::Small ? pick(0, 6) : pick(0, 150);
        if (chance(40)) {
            OverflowCondition when;
            if (chance(60))
                when.pendingAbove = m_size == RandomFleetSize::Small ? pick(0, 10) : pick(0, 40);
            if (!when.pendingAbove || chance(40))
                when.oldestWaitAbove = std::chrono::milliseconds(pick(0, 5000));
            unit.when = when;
        }
        policy.units.push_back(unit);
    }
    if (chance(60)) {
        SpreadRule spread;
        spread.maxSkew = pick(1, 2);
        spread.whenUnsatisfiable = chance(50) ? WhenUnsatisfiable::DoNotSchedule
                                              : WhenUnsatisfiable::ScheduleAnyway;
        policy.spread = spread;
    }
    policy.score = chance(50) ? ScoreStrategy::LeastAllocated : ScoreStrategy::MostAllocated;
    policy.overcommit = {oneOf(kCpuOvercommit), oneOf(kMemoryOvercommit)};
    policy.burstHeadroom = chance(50);
    return policy;
}

PlacementHost RandomCase::makeSmallHost(int index)
{
    static const char *const kPools[] = {"baseline", "burst", "serverless"};
    static const char *const kZones[] = {"az1", "az2", "az3"};
    static const char *const kTypes[] = {"small", "large", ""};
    static const int kCpus[] = {0, 1, 2, 4, 4, 8};
    static const std::uint64_t kMemory[] = {0, 1024, 2048, 4096, 4096, 8192};
    PlacementHost host;
    host.uri = "test:///host" + std::to_string(index);
    host.labels = {oneOf(kZones), oneOf(kPools), oneOf(kTypes), 0.0};
    host.connected = chance(90);
    host.lowOnDisk = chance(10);
    if (chance(70))
        host.cpuModels.push_back("skylake");
    if (chance(50))
        host.cpuModels.push_back("zen3");
    host.cpus = oneOf(kCpus);
    host.memoryMiB = oneOf(kMemory);
    host.allocatedVcpus = pick(0, host.cpus);
    host.allocatedMemoryMiB = static_cast<std::uint64_t>(pick(0, 2)) * 512;
    return host;
}

// Two or three host shapes shared by many hosts, most of them empty, so groups hold more hosts
// than one block and many hosts share an allocation.
FleetSnapshot RandomCase::makeMediumFleet()
{
    static const char *const kPools[] = {"baseline", "burst", "serverless"};
    static const char *const kZones[] = {"az1", "az2", "az3"};
    static const char *const kTypes[] = {"small", "large"};
    struct Shape {
        int cpus;
        std::uint64_t memoryMiB;
        std::vector<std::string> cpuModels;
    };
    static const Shape kShapes[] = {
        {4, 4096, {"skylake"}},  {8, 8192, {"skylake", "zen3"}}, {8, 16384, {}},
        {16, 16384, {"zen3"}},   {2, 3000, {"skylake"}},        {0, 4096, {"skylake"}},
    };
    const Shape *shapes[] = {&oneOf(kShapes), &oneOf(kShapes), &oneOf(kShapes)};
    const int shapeCount = pick(2, 3);

    FleetSnapshot fleet;
    const int hostCount = pick(20, 120);
    for (int h = 0; h < hostCount; ++h) {
        const Shape &shape = *shapes[pick(0, shapeCount - 1)];
        PlacementHost host;
        host.uri = "test:///host" + std::to_string(h);
        host.labels = {oneOf(kZones), oneOf(kPools), oneOf(kTypes), 0.0};
        host.connected = chance(96);
        host.lowOnDisk = chance(3);
        host.cpuModels = shape.cpuModels;
        host.cpus = shape.cpus;
        host.memoryMiB = shape.memoryMiB;
        if (chance(30)) {
            host.allocatedVcpus = pick(0, host.cpus);
            host.allocatedMemoryMiB = static_cast<std::uint64_t>(pick(0, 4)) * 512;
        }
        fleet.hosts.push_back(host);
    }
    return fleet;
}

FleetSnapshot RandomCase::makeFleet()
{
    static const char *const kZones[] = {"az1", "az2", "az3"};
    FleetSnapshot fleet;
    if (m_size == RandomFleetSize::Medium) {
        fleet = makeMediumFleet();
    } else {
        const int hostCount = pick(1, 8);
        for (int h = 0; h < hostCount; ++h)
            fleet.hosts.push_back(makeSmallHost(h));
    }
    const int loadCount = pick(0, 4);
    for (int l = 0; l < loadCount; ++l) {
        const std::string unit = chance(90) ? "u" + std::to_string(pick(0, 2)) : "ghost";
        fleet.loads.push_back({unit, oneOf(kZones), pick(0, 3)});
    }
    return fleet;
}

SandboxRequest RandomCase::makeRequest()
{
    static const std::uint64_t kMemory[] = {256, 512, 1024, 2048};
    static const char *const kModels[] = {"", "", "", "skylake", "zen3"};
    SandboxRequest request;
    request.vcpus = pick(1, 3);
    request.memoryMiB = oneOf(kMemory);
    request.cpuModel = oneOf(kModels);
    request.burstVcpus = pick(0, 2);
    request.burstMemoryMiB = chance(50) ? 0 : 512;
    request.inBurstWindow = chance(50);
    return request;
}

QueueState RandomCase::makeQueue()
{
    return QueueState{pick(0, 15), std::chrono::milliseconds(pick(0, 6000))};
}

}  // namespace shoal::core
