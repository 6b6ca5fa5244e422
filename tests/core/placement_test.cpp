#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>

#include "core/placementengine.h"
#include "bench/placementreference.h"
#include "tests/core/placementrandom.h"

namespace shoal::core {
namespace {

using namespace std::chrono_literals;

PlacementHost makeHost(const std::string &zone, const std::string &pool, int cpus,
                       std::uint64_t memoryMiB)
{
    PlacementHost host;
    host.uri = "test:///" + zone + "-" + pool;
    host.labels.zone = zone;
    host.labels.pool = pool;
    host.cpus = cpus;
    host.memoryMiB = memoryMiB;
    return host;
}

Policy policyFrom(const std::string &text)
{
    Result<Policy> policy = parsePolicy(text);
    EXPECT_TRUE(policy.has_value()) << policy.error().detail;
    return policy.value_or(Policy{});
}

SandboxRequest requestOf(int vcpus, std::uint64_t memoryMiB)
{
    SandboxRequest request;
    request.vcpus = vcpus;
    request.memoryMiB = memoryMiB;
    return request;
}

std::int64_t rejected(const PlacementDecision &decision, std::size_t unit, RejectReason reason)
{
    return decision.rejections.at(unit).count(reason);
}

const QueueState kCalmQueue{0, 0ms};

TEST(PlacementScore, LeastAllocatedPicksEmptiestHost)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 8, 8192), makeHost("az1", "p", 8, 8192)};
    fleet.hosts[0].allocatedVcpus = 4;
    PlacementEngine engine(policyFrom("units: [{name: all}]\n"), fleet);

    const PlacementDecision decision = engine.place(requestOf(1, 1024), kCalmQueue);
    ASSERT_TRUE(decision.placed());
    EXPECT_EQ(decision.host->hostIndex, 1u);
    ASSERT_TRUE(decision.runnerUp.has_value());
    EXPECT_EQ(decision.runnerUp->hostIndex, 0u);
    EXPECT_GT(decision.host->score, decision.runnerUp->score);
}

TEST(PlacementScore, MostAllocatedPicksFullestHost)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 8, 8192), makeHost("az1", "p", 8, 8192)};
    fleet.hosts[1].allocatedMemoryMiB = 4096;
    PlacementEngine engine(policyFrom("units: [{name: all}]\nscore: most-allocated\n"), fleet);

    const PlacementDecision decision = engine.place(requestOf(1, 1024), kCalmQueue);
    ASSERT_TRUE(decision.placed());
    EXPECT_EQ(decision.host->hostIndex, 1u);
    EXPECT_DOUBLE_EQ(decision.host->score, (1.0 / 8 + 5120.0 / 8192) / 2);
}

TEST(PlacementScore, TieGoesToLowestHostIndex)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az2", "p", 4, 4096), makeHost("az1", "p", 4, 4096),
                   makeHost("az1", "p", 4, 4096)};
    PlacementEngine engine(policyFrom("units: [{name: all}]\n"), fleet);

    const PlacementDecision decision = engine.place(requestOf(1, 512), kCalmQueue);
    ASSERT_TRUE(decision.placed());
    EXPECT_EQ(decision.host->hostIndex, 0u);
    EXPECT_EQ(decision.runnerUp->hostIndex, 1u);
}

TEST(PlacementFilter, CapacityCountsCpuOvercommit)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 2, 8192)};
    PlacementEngine engine(policyFrom("units: [{name: all}]\novercommit: {cpu: 2.0}\n"), fleet);

    for (int i = 0; i < 4; ++i) {
        const PlacementDecision decision = engine.place(requestOf(1, 1024), kCalmQueue);
        ASSERT_TRUE(decision.placed()) << "sandbox " << i;
        engine.commit(decision);
    }
    const PlacementDecision refused = engine.place(requestOf(1, 1024), kCalmQueue);
    ASSERT_FALSE(refused.placed());
    ASSERT_EQ(refused.rejections.size(), 1u);
    EXPECT_EQ(refused.rejections[0].unit, "all");
    EXPECT_EQ(rejected(refused, 0, RejectReason::Capacity), 1);
}

TEST(PlacementFilter, MemoryLimitRejectsLargeRequest)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 16, 2048)};
    PlacementEngine engine(policyFrom("units: [{name: all}]\n"), fleet);

    EXPECT_TRUE(engine.place(requestOf(1, 2048), kCalmQueue).placed());
    EXPECT_FALSE(engine.place(requestOf(1, 2049), kCalmQueue).placed());
}

TEST(PlacementFilter, RefusalCountsEachReason)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "baseline", 8, 8192), makeHost("az1", "baseline", 8, 8192),
                   makeHost("az1", "baseline", 8, 8192), makeHost("az1", "baseline", 1, 512),
                   makeHost("az1", "other", 8, 8192)};
    fleet.hosts[0].connected = false;
    fleet.hosts[1].lowOnDisk = true;
    fleet.hosts[2].cpuModels = {"zen3"};
    fleet.hosts[3].cpuModels = {"skylake"};
    PlacementEngine engine(policyFrom("units: [{name: b, hosts: {pool: baseline}}]\n"), fleet);
    SandboxRequest request = requestOf(2, 1024);
    request.cpuModel = "skylake";

    const PlacementDecision decision = engine.place(request, kCalmQueue);
    ASSERT_FALSE(decision.placed());
    EXPECT_EQ(rejected(decision, 0, RejectReason::Unhealthy), 2);
    EXPECT_EQ(rejected(decision, 0, RejectReason::CpuIncompatible), 1);
    EXPECT_EQ(rejected(decision, 0, RejectReason::Capacity), 1);
    EXPECT_EQ(rejected(decision, 0, RejectReason::Label), 1);
    EXPECT_EQ(rejected(decision, 0, RejectReason::Spread), 0);
}

TEST(PlacementUnits, MaxReachedMovesToNextUnit)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "a", 8, 8192), makeHost("az1", "b", 8, 8192)};
    PlacementEngine engine(policyFrom("units:\n  - {name: first, hosts: {pool: a}, max: 2}\n"
                                      "  - {name: second, hosts: {pool: b}, max: 1}\n"),
                           fleet);

    const std::size_t expectedUnits[] = {0, 0, 1};
    for (std::size_t expected : expectedUnits) {
        const PlacementDecision decision = engine.place(requestOf(1, 256), kCalmQueue);
        ASSERT_TRUE(decision.placed());
        EXPECT_EQ(decision.unitIndex, expected);
        engine.commit(decision);
    }
    const PlacementDecision refused = engine.place(requestOf(1, 256), kCalmQueue);
    ASSERT_FALSE(refused.placed());
    EXPECT_EQ(rejected(refused, 0, RejectReason::MaxReached), 1);
    EXPECT_EQ(rejected(refused, 0, RejectReason::Label), 1);
    EXPECT_EQ(rejected(refused, 1, RejectReason::MaxReached), 1);
    EXPECT_EQ(engine.unitSandboxes(0), 2);
    EXPECT_EQ(engine.unitSandboxes(1), 1);
}

TEST(PlacementUnits, OverflowFollowsPendingCount)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "baseline", 1, 1024), makeHost("az1", "serverless", 8, 8192)};
    fleet.hosts[0].allocatedVcpus = 1;
    PlacementEngine engine(
        policyFrom("units:\n  - {name: baseline, hosts: {pool: baseline}}\n"
                   "  - {name: serverless, hosts: {pool: serverless}, when: {pendingAbove: 5}}\n"),
        fleet);

    const PlacementDecision calm = engine.place(requestOf(1, 256), QueueState{5, 0ms});
    ASSERT_FALSE(calm.placed());
    EXPECT_EQ(rejected(calm, 0, RejectReason::Capacity), 1);
    EXPECT_EQ(rejected(calm, 1, RejectReason::OverflowNotEligible), 1);

    const PlacementDecision busy = engine.place(requestOf(1, 256), QueueState{6, 0ms});
    ASSERT_TRUE(busy.placed());
    EXPECT_EQ(busy.unitIndex, 1u);

    const PlacementDecision drained = engine.place(requestOf(1, 256), QueueState{2, 0ms});
    EXPECT_FALSE(drained.placed());
}

TEST(PlacementUnits, OverflowFollowsOldestWait)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "serverless", 8, 8192)};
    PlacementEngine engine(
        policyFrom("units:\n  - {name: s, when: {pendingAbove: 100, oldestWaitAbove: 30s}}\n"),
        fleet);

    EXPECT_FALSE(engine.place(requestOf(1, 256), QueueState{1, 30s}).placed());
    EXPECT_TRUE(engine.place(requestOf(1, 256), QueueState{1, 30001ms}).placed());
    EXPECT_TRUE(engine.place(requestOf(1, 256), QueueState{101, 0ms}).placed());
    EXPECT_FALSE(engine.place(requestOf(1, 256), QueueState{100, 1s}).placed());
}

TEST(PlacementSpread, SkewHeldAtEveryStep)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 64, 65536), makeHost("az2", "p", 64, 65536),
                   makeHost("az3", "p", 64, 65536), makeHost("az1", "p", 64, 65536)};
    // Most-allocated alone would stack everything on one host, so only spread keeps zones level.
    PlacementEngine engine(policyFrom("units: [{name: all}]\nscore: most-allocated\n"
                                      "spread: {by: zone, maxSkew: 1}\n"),
                           fleet);

    for (int step = 0; step < 60; ++step) {
        const PlacementDecision decision = engine.place(requestOf(1, 512), kCalmQueue);
        ASSERT_TRUE(decision.placed()) << "step " << step;
        engine.commit(decision);
        const std::int64_t counts[] = {engine.zoneSandboxes(0, "az1"),
                                       engine.zoneSandboxes(0, "az2"),
                                       engine.zoneSandboxes(0, "az3")};
        const auto [low, high] = std::minmax_element(std::begin(counts), std::end(counts));
        EXPECT_LE(*high - *low, 1) << "step " << step;
    }
}

TEST(PlacementSpread, DoNotScheduleRefusesWhenZoneIsFull)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 8, 8192), makeHost("az2", "p", 1, 8192)};
    PlacementEngine engine(policyFrom("units: [{name: all}]\nspread: {by: zone, maxSkew: 1}\n"),
                           fleet);

    for (int i = 0; i < 3; ++i) {
        const PlacementDecision decision = engine.place(requestOf(1, 256), kCalmQueue);
        ASSERT_TRUE(decision.placed()) << "sandbox " << i;
        EXPECT_FALSE(decision.spreadIgnored);
        engine.commit(decision);
    }
    EXPECT_EQ(engine.zoneSandboxes(0, "az1"), 2);
    EXPECT_EQ(engine.zoneSandboxes(0, "az2"), 1);

    const PlacementDecision refused = engine.place(requestOf(1, 256), kCalmQueue);
    ASSERT_FALSE(refused.placed());
    EXPECT_EQ(rejected(refused, 0, RejectReason::Spread), 1);
    EXPECT_EQ(rejected(refused, 0, RejectReason::Capacity), 1);
}

TEST(PlacementSpread, ScheduleAnywayFallsBackToBestHost)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 8, 8192), makeHost("az2", "p", 1, 8192)};
    fleet.loads = {{"all", "az1", 1}, {"all", "az2", 0}};
    fleet.hosts[1].allocatedVcpus = 1;
    PlacementEngine engine(
        policyFrom("units: [{name: all}]\n"
                   "spread: {by: zone, maxSkew: 1, whenUnsatisfiable: schedule-anyway}\n"),
        fleet);

    const PlacementDecision decision = engine.place(requestOf(1, 256), kCalmQueue);
    ASSERT_TRUE(decision.placed());
    EXPECT_EQ(decision.host->hostIndex, 0u);
    EXPECT_TRUE(decision.spreadIgnored);
}

TEST(PlacementSpread, UnhealthyZoneDoesNotHoldFloor)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 8, 8192), makeHost("az2", "p", 8, 8192)};
    fleet.hosts[1].connected = false;
    fleet.loads = {{"all", "az1", 3}};
    PlacementEngine engine(policyFrom("units: [{name: all}]\nspread: {by: zone, maxSkew: 1}\n"),
                           fleet);

    EXPECT_TRUE(engine.place(requestOf(1, 256), kCalmQueue).placed());
}

TEST(PlacementBurst, HeadroomReservedOnlyInsideWindow)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 2, 8192)};
    PlacementEngine engine(policyFrom("units: [{name: all}]\nburstHeadroom: true\n"), fleet);
    SandboxRequest request = requestOf(1, 512);
    request.burstVcpus = 2;

    request.inBurstWindow = true;
    const PlacementDecision bursting = engine.place(request, kCalmQueue);
    EXPECT_FALSE(bursting.placed());

    request.inBurstWindow = false;
    const PlacementDecision steady = engine.place(request, kCalmQueue);
    ASSERT_TRUE(steady.placed());
    EXPECT_EQ(steady.reservation, (Reservation{1, 512}));
}

TEST(PlacementBurst, HeadroomIgnoredWithoutPolicyFlag)
{
    const Policy policy = policyFrom("units: [{name: all}]\n");
    SandboxRequest request = requestOf(1, 512);
    request.burstVcpus = 2;
    request.burstMemoryMiB = 256;
    request.inBurstWindow = true;

    EXPECT_EQ(reservationFor(policy, request), (Reservation{1, 512}));
}

TEST(PlacementRelease, FreesCapacityAndUnitCount)
{
    FleetSnapshot fleet;
    fleet.hosts = {makeHost("az1", "p", 1, 1024)};
    PlacementEngine engine(policyFrom("units: [{name: all, max: 1}]\n"), fleet);

    const PlacementDecision first = engine.place(requestOf(1, 512), kCalmQueue);
    ASSERT_TRUE(first.placed());
    engine.commit(first);
    EXPECT_FALSE(engine.place(requestOf(1, 512), kCalmQueue).placed());

    engine.release(first.host->hostIndex, first.unitIndex, first.reservation);
    EXPECT_EQ(engine.unitSandboxes(0), 0);
    EXPECT_EQ(engine.hosts()[0].allocatedVcpus, 0);
    EXPECT_TRUE(engine.place(requestOf(1, 512), kCalmQueue).placed());
}

// Random fleets, policies and queues, replayed against the exhaustive reference.

struct Placed {
    std::size_t host;
    std::size_t unit;
    Reservation reservation;
};

struct ReplayCounts {
    int placed = 0;
    int refused = 0;
    int overflow = 0;
    int spreadIgnored = 0;
    int runnerUps = 0;
};

// Replays random requests and releases on one random fleet through the engine and the
// reference, and stops at the first decision where they differ.
void replayRandomCase(RandomCase &random, int steps, const std::string &label,
                      ReplayCounts &counts)
{
    const Policy policy = random.makePolicy();
    const FleetSnapshot fleet = random.makeFleet();
    PlacementEngine engine(policy, fleet);
    PlacementReference reference(policy, fleet);
    std::vector<Placed> live;

    for (int step = 0; step < steps; ++step) {
        if (!live.empty() && random.chance(30)) {
            const std::size_t which = static_cast<std::size_t>(
                random.pick(0, static_cast<int>(live.size()) - 1));
            engine.release(live[which].host, live[which].unit, live[which].reservation);
            reference.release(live[which].host, live[which].unit, live[which].reservation);
            live.erase(live.begin() + static_cast<std::ptrdiff_t>(which));
            continue;
        }
        const SandboxRequest request = random.makeRequest();
        const QueueState queue = random.makeQueue();
        const PlacementDecision fast = engine.place(request, queue);
        const PlacementDecision plain = reference.place(request, queue);
        ASSERT_TRUE(fast == plain) << label << " step " << step
                                   << "\n engine:    " << describe(fast)
                                   << "\n reference: " << describe(plain);
        if (!fast.placed()) {
            ++counts.refused;
            continue;
        }
        ++counts.placed;
        counts.overflow += policy.units[fast.unitIndex].when ? 1 : 0;
        counts.spreadIgnored += fast.spreadIgnored ? 1 : 0;
        counts.runnerUps += fast.runnerUp ? 1 : 0;
        engine.commit(fast);
        reference.commit(plain);
        live.push_back({fast.host->hostIndex, fast.unitIndex, fast.reservation});
    }
}

class PlacementMatchesReference : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(PlacementMatchesReference, OnRandomFleetsAndQueues)
{
    constexpr int kCasesPerSeed = 1000;
    constexpr int kStepsPerCase = 25;
    RandomCase random(GetParam(), RandomFleetSize::Small);
    ReplayCounts counts;
    for (int c = 0; c < kCasesPerSeed; ++c) {
        replayRandomCase(random, kStepsPerCase,
                         "seed " + std::to_string(GetParam()) + " case " + std::to_string(c), counts);
        ASSERT_FALSE(HasFatalFailure());
    }

    // Both outcomes must be common, or the comparison proves little.
    EXPECT_GT(counts.placed, kCasesPerSeed);
    EXPECT_GT(counts.refused, kCasesPerSeed);
    EXPECT_GT(counts.overflow, 0);
    EXPECT_GT(counts.spreadIgnored, 0);
}

TEST_P(PlacementMatchesReference, OnMediumFleetsWithManyEqualHosts)
{
    constexpr int kCasesPerSeed = 60;
    constexpr int kStepsPerCase = 300;
    RandomCase random(GetParam(), RandomFleetSize::Medium);
    ReplayCounts counts;
    for (int c = 0; c < kCasesPerSeed; ++c) {
        replayRandomCase(random, kStepsPerCase,
                         "seed " + std::to_string(GetParam()) + " case " + std::to_string(c), counts);
        ASSERT_FALSE(HasFatalFailure());
    }

    EXPECT_GT(counts.placed, kCasesPerSeed * kStepsPerCase / 4);
    EXPECT_GT(counts.refused, kCasesPerSeed);
    EXPECT_GT(counts.overflow, 0);
    EXPECT_GT(counts.spreadIgnored, 0);
    EXPECT_GT(counts.runnerUps, counts.placed / 2);
}

INSTANTIATE_TEST_SUITE_P(FixedSeeds, PlacementMatchesReference,
                         ::testing::Values(1u, 2u, 3u, 5u, 8u, 13u, 21u, 34u, 55u, 89u));

}  // namespace
}  // namespace shoal::core
