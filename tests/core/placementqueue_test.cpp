#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "bench/placementreference.h"
#include "core/placementqueue.h"
#include "tests/core/placementrandom.h"

namespace shoal::core {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

const TimePoint kStart{std::chrono::hours(1)};

PlacementHost makeHost(const std::string &zone, const std::string &pool, int cpus)
{
    PlacementHost host;
    host.uri = "test:///" + zone + "-" + pool;
    host.labels.zone = zone;
    host.labels.pool = pool;
    host.cpus = cpus;
    host.memoryMiB = 1024 * 1024;
    return host;
}

SandboxRequest oneVcpu()
{
    SandboxRequest request;
    request.vcpus = 1;
    request.memoryMiB = 256;
    return request;
}

// A baseline of ten 100-vCPU hosts (1,000 one-vCPU sandboxes) and an overflow pool that could
// take every request, used only while more than 500 wait or the oldest waited over 30 s.
PlacementEngine overflowFleet()
{
    Policy policy;
    policy.units.push_back({"baseline", {std::nullopt, "baseline", std::nullopt}, std::nullopt,
                            std::nullopt});
    policy.units.push_back({"serverless", {std::nullopt, "serverless", std::nullopt}, std::nullopt,
                            OverflowCondition{500, 30s}});
    FleetSnapshot fleet;
    for (int h = 0; h < 10; ++h)
        fleet.hosts.push_back(makeHost(h % 2 == 0 ? "az1" : "az2", "baseline", 100));
    for (int h = 0; h < 4; ++h)
        fleet.hosts.push_back(makeHost(h % 2 == 0 ? "az1" : "az2", "serverless", 1000));
    return PlacementEngine(policy, fleet);
}

std::map<std::size_t, int> countByUnit(const std::vector<Placement> &placements)
{
    std::map<std::size_t, int> counts;
    for (const Placement &placement : placements)
        ++counts[placement.decision.unitIndex];
    return counts;
}

TEST(PlacementQueueOverflow, FillsBaselineThenOverflowUntilFiveHundredWait)
{
    PlacementQueue queue(overflowFleet());
    for (std::uint64_t id = 1; id <= 2000; ++id)
        queue.enqueue(id, oneVcpu(), kStart);

    const std::vector<Placement> placed = queue.schedule(kStart);

    ASSERT_EQ(placed.size(), 1500u);
    for (std::size_t i = 0; i < 1000; ++i)
        EXPECT_EQ(placed[i].decision.unitIndex, 0u) << "placement " << i;
    for (std::size_t i = 1000; i < 1500; ++i)
        EXPECT_EQ(placed[i].decision.unitIndex, 1u) << "placement " << i;
    EXPECT_EQ(placed.front().id, 1u);
    EXPECT_EQ(placed.back().id, 1500u);
    EXPECT_EQ(queue.pendingCount(), 500u);
    EXPECT_EQ(queue.engine().unitSandboxes(0), 1000);
    EXPECT_EQ(queue.engine().unitSandboxes(1), 500);
}

TEST(PlacementQueueOverflow, WaitingRequestExplainsIneligibleOverflow)
{
    PlacementQueue queue(overflowFleet());
    for (std::uint64_t id = 1; id <= 2000; ++id)
        queue.enqueue(id, oneVcpu(), kStart);
    queue.schedule(kStart);

    const PlacementDecision *decision = queue.lastDecision(2000);
    ASSERT_NE(decision, nullptr);
    EXPECT_FALSE(decision->placed());
    ASSERT_EQ(decision->rejections.size(), 2u);
    EXPECT_EQ(decision->rejections[0].count(RejectReason::Capacity), 10);
    EXPECT_EQ(decision->rejections[1].count(RejectReason::OverflowNotEligible), 4);
    EXPECT_EQ(queue.lastDecision(1), nullptr);
}

TEST(PlacementQueueOverflow, StaysOffUntilCapacityFreesOrWaitPasses)
{
    PlacementQueue queue(overflowFleet());
    for (std::uint64_t id = 1; id <= 2000; ++id)
        queue.enqueue(id, oneVcpu(), kStart);
    const std::vector<Placement> first = queue.schedule(kStart);

    EXPECT_TRUE(queue.schedule(kStart + 10s).empty());

    const Placement &baseline = first.front();
    queue.release(baseline.decision.host->hostIndex, baseline.decision.unitIndex,
                  baseline.decision.reservation);
    const std::vector<Placement> afterRelease = queue.schedule(kStart + 20s);
    ASSERT_EQ(afterRelease.size(), 1u);
    EXPECT_EQ(afterRelease[0].id, 1501u);
    EXPECT_EQ(afterRelease[0].decision.unitIndex, 0u);
    EXPECT_EQ(queue.pendingCount(), 499u);

    const std::vector<Placement> afterWait = queue.schedule(kStart + 31s);
    EXPECT_EQ(afterWait.size(), 499u);
    EXPECT_EQ(countByUnit(afterWait)[1], 499);
    EXPECT_EQ(queue.pendingCount(), 0u);
}

TEST(PlacementQueueOverflow, TurnsOnAgainWhenQueueGrows)
{
    PlacementQueue queue(overflowFleet());
    for (std::uint64_t id = 1; id <= 1000; ++id)
        queue.enqueue(id, oneVcpu(), kStart);
    EXPECT_EQ(countByUnit(queue.schedule(kStart))[0], 1000);

    for (std::uint64_t id = 1001; id <= 1400; ++id)
        queue.enqueue(id, oneVcpu(), kStart + 1s);
    EXPECT_TRUE(queue.schedule(kStart + 2s).empty());

    for (std::uint64_t id = 1401; id <= 1600; ++id)
        queue.enqueue(id, oneVcpu(), kStart + 3s);
    const std::vector<Placement> placed = queue.schedule(kStart + 4s);
    EXPECT_EQ(placed.size(), 100u);
    EXPECT_EQ(countByUnit(placed)[1], 100);
    EXPECT_EQ(queue.state(kStart + 4s).pending, 500);
    EXPECT_EQ(queue.state(kStart + 4s).oldestWait, 3s);
}

TEST(PlacementQueue, CancelRemovesWaitingRequest)
{
    PlacementQueue queue(overflowFleet());
    queue.enqueue(7, oneVcpu(), kStart);

    EXPECT_TRUE(queue.cancel(7));
    EXPECT_FALSE(queue.cancel(7));
    EXPECT_EQ(queue.pendingCount(), 0u);
    EXPECT_TRUE(queue.schedule(kStart).empty());
}

TEST(PlacementQueue, EarlierArrivalIsTriedFirst)
{
    PlacementQueue queue(overflowFleet());
    queue.enqueue(1, oneVcpu(), kStart + 2s);
    queue.enqueue(2, oneVcpu(), kStart);
    queue.enqueue(3, oneVcpu(), kStart + 1s);

    const std::vector<Placement> placed = queue.schedule(kStart + 3s);

    ASSERT_EQ(placed.size(), 3u);
    EXPECT_EQ(placed[0].id, 2u);
    EXPECT_EQ(placed[1].id, 3u);
    EXPECT_EQ(placed[2].id, 1u);
}

TEST(PlacementQueue, DuplicateIdIsIgnored)
{
    PlacementQueue queue(overflowFleet());
    queue.enqueue(1, oneVcpu(), kStart);
    queue.enqueue(1, oneVcpu(), kStart);

    EXPECT_EQ(queue.pendingCount(), 1u);
}

// Spread must hold after every single placement, not only at the end of a pass.
TEST(PlacementQueueSpread, SkewHeldAfterEveryPlacement)
{
    Policy policy;
    policy.units.push_back({"all", {}, std::nullopt, std::nullopt});
    policy.spread = SpreadRule{1, WhenUnsatisfiable::DoNotSchedule};
    FleetSnapshot fleet;
    fleet.hosts.push_back(makeHost("az1", "baseline", 40));
    fleet.hosts.push_back(makeHost("az2", "baseline", 10));
    fleet.hosts.push_back(makeHost("az2", "baseline", 10));
    fleet.hosts.push_back(makeHost("az3", "baseline", 25));
    PlacementQueue queue(PlacementEngine(policy, fleet));
    for (std::uint64_t id = 1; id <= 100; ++id)
        queue.enqueue(id, oneVcpu(), kStart);

    const std::vector<Placement> placed = queue.schedule(kStart);

    std::map<std::string, std::int64_t> zones;
    for (const Placement &placement : placed) {
        ++zones[queue.engine().hosts()[placement.decision.host->hostIndex].labels.zone];
        std::int64_t low = INT64_MAX;
        std::int64_t high = 0;
        for (const char *zone : {"az1", "az2", "az3"}) {
            low = std::min(low, zones[zone]);
            high = std::max(high, zones[zone]);
        }
        EXPECT_LE(high - low, 1) << "after placing request " << placement.id;
    }
    // az2 is full at 20, so the other zones may reach 21 and no further.
    EXPECT_EQ(placed.size(), 62u);
    EXPECT_EQ(queue.pendingCount(), 38u);
    ASSERT_NE(queue.lastDecision(100), nullptr);
    EXPECT_EQ(queue.lastDecision(100)->rejections[0].count(RejectReason::Spread), 2);
}

std::vector<std::uint64_t> idsOf(const std::vector<Placement> &placements)
{
    std::vector<std::uint64_t> ids;
    for (const Placement &placement : placements)
        ids.push_back(placement.id);
    return ids;
}

TEST(PlacementScaleIn, OverflowUnitsEmptyFirstNewestFirst)
{
    std::vector<PlacedSandbox> sandboxes = {
        {1, 0, 0, kStart},      {2, 0, 1, kStart + 1s}, {3, 0, 0, kStart + 2s},
        {4, 0, 2, kStart + 3s}, {5, 0, 1, kStart + 4s}, {6, 0, 2, kStart + 1s},
        {7, 0, 0, kStart + 2s},
    };

    EXPECT_EQ(chooseScaleIn(sandboxes, 4), (std::vector<std::uint64_t>{4, 6, 5, 2}));
    EXPECT_EQ(chooseScaleIn(sandboxes, 100), (std::vector<std::uint64_t>{4, 6, 5, 2, 7, 3, 1}));
    EXPECT_TRUE(chooseScaleIn(sandboxes, 0).empty());
}

TEST(PlacementScaleIn, OrderDoesNotDependOnInputOrder)
{
    std::vector<PlacedSandbox> sandboxes;
    for (std::uint64_t id = 1; id <= 30; ++id)
        sandboxes.push_back({id, 0, id % 3, kStart + std::chrono::seconds(id % 4)});
    std::vector<PlacedSandbox> reversed(sandboxes.rbegin(), sandboxes.rend());

    EXPECT_EQ(chooseScaleIn(sandboxes, 12), chooseScaleIn(reversed, 12));
}

void expectSameEngineState(const PlacementEngine &before, const PlacementEngine &after)
{
    const FleetSnapshot a = before.snapshot();
    const FleetSnapshot b = after.snapshot();
    ASSERT_EQ(a.hosts.size(), b.hosts.size());
    for (std::size_t h = 0; h < a.hosts.size(); ++h) {
        EXPECT_EQ(a.hosts[h].allocatedVcpus, b.hosts[h].allocatedVcpus) << "host " << h;
        EXPECT_EQ(a.hosts[h].allocatedMemoryMiB, b.hosts[h].allocatedMemoryMiB) << "host " << h;
    }
    ASSERT_EQ(a.loads.size(), b.loads.size());
    for (std::size_t l = 0; l < a.loads.size(); ++l) {
        EXPECT_EQ(a.loads[l].unit, b.loads[l].unit);
        EXPECT_EQ(a.loads[l].zone, b.loads[l].zone);
        EXPECT_EQ(a.loads[l].sandboxes, b.loads[l].sandboxes);
    }
    EXPECT_EQ(before.version(), after.version());
}

TEST(PlacementWhatIf, CountsOverflowWithoutChangingQueue)
{
    PlacementQueue queue(overflowFleet());
    for (std::uint64_t id = 1; id <= 900; ++id)
        queue.enqueue(id, oneVcpu(), kStart);
    queue.schedule(kStart);
    for (std::uint64_t id = 901; id <= 1000; ++id)
        queue.enqueue(id, oneVcpu(), kStart + 1s);
    const PlacementEngine engineBefore = queue.engine();
    const QueueState stateBefore = queue.state(kStart + 2s);

    const WhatIfResult result = whatIf(queue, oneVcpu(), 800, kStart + 2s);

    EXPECT_EQ(result.queuedPlaced, 100);           // the 100 already waiting fill the baseline
    EXPECT_EQ(result.placed, 300);                 // overflow takes them while more than 500 wait
    EXPECT_EQ(result.pending, 500);
    EXPECT_TRUE(result.overflowUsed);
    ASSERT_EQ(result.units.size(), 2u);
    EXPECT_EQ(result.units[0].placed, 0);
    EXPECT_EQ(result.units[1].placed, 300);
    ASSERT_EQ(result.zones.size(), 2u);
    EXPECT_EQ(result.zones[0].zone, "az1");
    EXPECT_EQ(result.zones[0].placed + result.zones[1].placed, 300);

    expectSameEngineState(engineBefore, queue.engine());
    EXPECT_EQ(queue.pendingCount(), 100u);
    EXPECT_EQ(queue.state(kStart + 2s).pending, stateBefore.pending);
    EXPECT_EQ(queue.state(kStart + 2s).oldestWait, stateBefore.oldestWait);
    EXPECT_EQ(queue.lastDecision(901), nullptr);
}

TEST(PlacementWhatIf, WithoutOverflowNeedReportsNoOverflow)
{
    PlacementQueue queue(overflowFleet());

    const WhatIfResult result = whatIf(queue, oneVcpu(), 300, kStart);

    EXPECT_EQ(result.placed, 300);
    EXPECT_EQ(result.pending, 0);
    EXPECT_FALSE(result.overflowUsed);
    EXPECT_EQ(result.units[0].placed, 300);
    EXPECT_EQ(queue.engine().unitSandboxes(0), 0);
}

// The queue's pass written plainly over the reference: every waiting request gets a decision
// from the reference, with the queue state the pass defines, and nothing is reused.
struct PlainWaiting {
    std::uint64_t id;
    SandboxRequest request;
    TimePoint arrival;
    PlacementDecision last;
};

std::vector<Placement> scheduleWithReference(PlacementReference &reference,
                                             std::vector<PlainWaiting> &waiting, TimePoint now)
{
    std::vector<Placement> placed;
    std::vector<PlainWaiting> kept;
    for (std::size_t i = 0; i < waiting.size(); ++i) {
        const TimePoint oldest = kept.empty() ? waiting[i].arrival : kept.front().arrival;
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(now - oldest);
        const QueueState queue{static_cast<std::int64_t>(kept.size() + waiting.size() - i),
                               std::max(wait, std::chrono::milliseconds{0})};
        PlacementDecision decision = reference.place(waiting[i].request, queue);
        if (decision.placed()) {
            reference.commit(decision);
            placed.push_back({waiting[i].id, decision});
        } else {
            waiting[i].last = decision;
            kept.push_back(waiting[i]);
        }
    }
    waiting = kept;
    return placed;
}

// Many identical requests, so refusals are reused, checked against the plain pass.
TEST(PlacementQueueReference, ReusedRefusalsMatchPlainPass)
{
    int reusedTotal = 0;
    int placedTotal = 0;
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        RandomCase random(seed, RandomFleetSize::Medium);
        const Policy policy = random.makePolicy();
        const FleetSnapshot fleet = random.makeFleet();
        PlacementQueue queue(PlacementEngine(policy, fleet));
        PlacementReference reference(policy, fleet);
        std::vector<PlainWaiting> plain;
        std::vector<Placement> live;
        const SandboxRequest kinds[] = {random.makeRequest(), random.makeRequest()};
        std::uint64_t nextId = 1;
        TimePoint now = kStart;

        for (int round = 0; round < 30; ++round) {
            const int arrivals = random.pick(0, 25);
            for (int a = 0; a < arrivals; ++a) {
                const SandboxRequest &request = kinds[random.pick(0, 1)];
                queue.enqueue(nextId, request, now);
                plain.push_back({nextId, request, now, {}});
                ++nextId;
            }
            while (!live.empty() && random.chance(40)) {
                const Placement gone = live[static_cast<std::size_t>(random.pick(0, static_cast<int>(live.size()) - 1))];
                std::erase_if(live, [&gone](const Placement &p) { return p.id == gone.id; });
                queue.release(gone.decision.host->hostIndex, gone.decision.unitIndex, gone.decision.reservation);
                reference.release(gone.decision.host->hostIndex, gone.decision.unitIndex, gone.decision.reservation);
            }
            now += std::chrono::milliseconds(random.pick(0, 3000));

            const std::vector<Placement> fast = queue.schedule(now);
            const std::vector<Placement> expected = scheduleWithReference(reference, plain, now);
            ASSERT_EQ(idsOf(fast), idsOf(expected)) << "seed " << seed << " round " << round;
            for (std::size_t i = 0; i < fast.size(); ++i)
                ASSERT_TRUE(fast[i].decision == expected[i].decision) << "seed " << seed << " round " << round;
            ASSERT_EQ(queue.pendingCount(), plain.size());
            for (const PlainWaiting &waiting : plain) {
                const PlacementDecision *last = queue.lastDecision(waiting.id);
                ASSERT_NE(last, nullptr);
                ASSERT_TRUE(*last == waiting.last)
                    << "seed " << seed << " round " << round << " request " << waiting.id
                    << "\n queue:     " << describe(*last) << "\n reference: " << describe(waiting.last);
            }
            live.insert(live.end(), fast.begin(), fast.end());
            placedTotal += static_cast<int>(fast.size());
        }
        reusedTotal += static_cast<int>(queue.reusedRefusals());
    }
    EXPECT_GT(reusedTotal, 1000);
    EXPECT_GT(placedTotal, 1000);
}

}  // namespace
}  // namespace shoal::core
