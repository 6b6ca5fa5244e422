#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/statshistory.h"
#include "hypervisor/domainstats.h"
#include "hypervisor/libvirthypervisor.h"
#include "hypervisor/syntheticload.h"
#include "hypervisor/libvirthostconnection.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

constexpr std::int64_t kNowMs = kSyntheticEpochMs + 5LL * 24 * 3600 * 1000;
constexpr std::uint64_t kMemoryKiB = 1024 * 1024;

core::SandboxStats syntheticAt(const std::string& name, std::int64_t nowMs, int vcpus = 2)
{
    core::SandboxStats stats;
    stats.domainName = name;
    fillSyntheticCounters(name, nowMs, vcpus, kMemoryKiB, stats);
    return stats;
}

core::StatsCounters countersOf(const core::SandboxStats& stats)
{
    return {stats.timestampMs, stats.cpuTimeNs, stats.blockReadBytes, stats.blockWriteBytes, stats.netRxBytes,
            stats.netTxBytes};
}

TEST(SyntheticLoad, SameNameAndTimeGiveSameCounters)
{
    const core::SandboxStats first = syntheticAt("shoal-abc123", kNowMs);
    const core::SandboxStats second = syntheticAt("shoal-abc123", kNowMs);
    EXPECT_EQ(first.cpuTimeNs, second.cpuTimeNs);
    EXPECT_EQ(first.netRxBytes, second.netRxBytes);
    EXPECT_EQ(first.guestUnusedKiB, second.guestUnusedKiB);
}

TEST(SyntheticLoad, RatesStayWithinTheSandboxSize)
{
    for (const char* name : {"shoal-aaaaaa", "shoal-bbbbbb", "shoal-cccccc", "shoal-dddddd", "shoal-eeeeee"}) {
        for (std::int64_t second = 0; second < 600; second += 37) {
            const std::int64_t startMs = kNowMs + second * 1000;
            const core::SandboxStats before = syntheticAt(name, startMs);
            const core::SandboxStats after = syntheticAt(name, startMs + 1000);
            const core::StatsPoint rates = core::statsRates(countersOf(before), after);

            ASSERT_FALSE(std::isnan(rates.cpuPercent)) << name << " at " << second << " s";
            EXPECT_GE(rates.cpuPercent, 0.0f) << name << " at " << second << " s";
            EXPECT_LE(rates.cpuPercent, 200.0f) << name << " at " << second << " s";
            EXPECT_GE(rates.blockReadBytesPerSecond, 0.0f) << name << " at " << second << " s";
            EXPECT_GE(rates.netTxBytesPerSecond, 0.0f) << name << " at " << second << " s";
            EXPECT_LE(rates.memoryUsedMiB, rates.memoryActualMiB) << name << " at " << second << " s";
            EXPECT_GT(rates.memoryUsedMiB, 0.0f) << name << " at " << second << " s";
        }
    }
}

TEST(SyntheticLoad, CpuRateChangesOverTime)
{
    float lowest = 1000.0f;
    float highest = 0.0f;
    for (std::int64_t second = 0; second < 900; second += 30) {
        const std::int64_t startMs = kNowMs + second * 1000;
        const core::StatsPoint rates =
            core::statsRates(countersOf(syntheticAt("shoal-k3x9q2", startMs)), syntheticAt("shoal-k3x9q2", startMs + 1000));
        lowest = std::min(lowest, rates.cpuPercent);
        highest = std::max(highest, rates.cpuPercent);
    }
    EXPECT_GT(highest - lowest, 0.5f);
}

TEST(SyntheticLoad, RecognisesSimulatedHostUris)
{
    EXPECT_TRUE(isSimulatedHostUri("test:///tmp/shoal-fleet-x/az1-baseline-01.simulated.xml"));
    EXPECT_FALSE(isSimulatedHostUri("test:///tmp/az1-baseline-01.xml"));
    EXPECT_FALSE(isSimulatedHostUri("test:///default"));
    EXPECT_FALSE(isSimulatedHostUri("qemu:///system"));
}

TEST(SyntheticLoad, SimulatedHostReportsLoadForRunningSandboxes)
{
    testing::TemporaryDirectory directory;
    SimulatedFleetOptions options;
    options.zones = 1;
    options.pools = {"baseline"};
    options.hostsPerPool = 1;
    options.sandboxesPerHost = 20;
    options.directory = directory.path().string();
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(options);
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;

    auto host = testing::connectHost(hosts->front().uri);
    core::Result<std::vector<core::SandboxStats>> stats = host->collectStats();
    ASSERT_TRUE(stats.has_value()) << stats.error().detail;
    int running = 0;
    for (const core::SandboxStats& sandbox : *stats) {
        if (sandbox.state == core::SandboxState::Running) {
            ++running;
            EXPECT_TRUE(sandbox.cpuTimeNs.has_value()) << sandbox.domainName;
            EXPECT_TRUE(sandbox.netRxBytes.has_value()) << sandbox.domainName;
            EXPECT_TRUE(sandbox.guestUnusedKiB.has_value()) << sandbox.domainName;
        } else if (sandbox.state == core::SandboxState::Paused) {
            EXPECT_FALSE(sandbox.cpuTimeNs.has_value()) << sandbox.domainName;
            EXPECT_TRUE(sandbox.balloonCurrentKiB.has_value()) << sandbox.domainName;
        }
    }
    EXPECT_GT(running, 0);
}

bool isActive(const core::SandboxStats& stats)
{
    return stats.state == core::SandboxState::Running || stats.state == core::SandboxState::Paused;
}

TEST(SyntheticLoad, ShapeCacheFollowsActiveSandboxes)
{
    testing::TemporaryDirectory directory;
    SimulatedFleetOptions options;
    options.zones = 1;
    options.pools = {"baseline"};
    options.hostsPerPool = 1;
    options.sandboxesPerHost = 20;
    options.directory = directory.path().string();
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(options);
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;
    auto host = testing::connectHost(hosts->front().uri);
    SyntheticShapeCache cache;
    DomainStatsReader cached(host->rawConnectionForTesting(), hosts->front().uri, StatsSource::Synthetic, &cache);
    DomainStatsReader uncached(host->rawConnectionForTesting(), hosts->front().uri, StatsSource::Synthetic);

    core::Result<std::vector<core::SandboxStats>> first = cached.collect();
    ASSERT_TRUE(first.has_value()) << first.error().detail;
    const auto active = std::count_if(first->begin(), first->end(), isActive);
    ASSERT_GT(active, 1);
    EXPECT_EQ(cache.shapes.size(), std::size_t(active));
    auto running = std::find_if(first->begin(), first->end(),
                                [](const auto& stats) { return stats.state == core::SandboxState::Running; });
    ASSERT_NE(running, first->end());
    const std::string stopped = running->domainName;
    ASSERT_TRUE(host->stopSandbox(stopped, core::StopMode::Force));
    // The stop's lifecycle event, as the connection counts it before a poll.
    ++cache.lifecycleEvents;

    core::Result<std::vector<core::SandboxStats>> second = cached.collect();
    core::Result<std::vector<core::SandboxStats>> fresh = uncached.collect();

    ASSERT_TRUE(second.has_value()) << second.error().detail;
    ASSERT_TRUE(fresh.has_value()) << fresh.error().detail;
    EXPECT_EQ(cache.shapes.size(), std::size_t(active - 1));
    EXPECT_FALSE(cache.shapes.contains(stopped));
    ASSERT_EQ(second->size(), fresh->size());
    for (std::size_t i = 0; i < second->size(); ++i) {
        EXPECT_EQ((*second)[i].domainName, (*fresh)[i].domainName);
        EXPECT_EQ((*second)[i].vcpus, (*fresh)[i].vcpus) << (*second)[i].domainName;
        EXPECT_EQ((*second)[i].balloonMaximumKiB, (*fresh)[i].balloonMaximumKiB) << (*second)[i].domainName;
    }
}

core::Result<std::vector<core::HostSpec>> writeOneHost(const testing::TemporaryDirectory& directory)
{
    SimulatedFleetOptions options;
    options.zones = 1;
    options.pools = {"baseline"};
    options.hostsPerPool = 1;
    options.sandboxesPerHost = 20;
    options.directory = directory.path().string();
    return createSimulatedFleet(options);
}

std::optional<core::SandboxState> stateOf(const std::vector<core::SandboxStats>& stats, const std::string& domainName)
{
    for (const core::SandboxStats& sandbox : stats) {
        if (sandbox.domainName == domainName)
            return sandbox.state;
    }
    return std::nullopt;
}

// Suspends the first running sandbox behind the reader's back, without a lifecycle event reaching
// the cache, and returns its name.
std::string suspendFirstRunning(virConnectPtr connection, const std::vector<core::SandboxStats>& stats)
{
    auto running = std::find_if(stats.begin(), stats.end(),
                                [](const auto& sandbox) { return sandbox.state == core::SandboxState::Running; });
    if (running == stats.end())
        return {};
    virDomainPtr domain = virDomainLookupByName(connection, running->domainName.c_str());
    const bool suspended = domain && virDomainSuspend(domain) == 0;
    if (domain)
        virDomainFree(domain);
    return suspended ? running->domainName : std::string();
}

TEST(SyntheticLoad, PollsReuseStatesUntilLifecycleEvent)
{
    testing::TemporaryDirectory directory;
    core::Result<std::vector<core::HostSpec>> hosts = writeOneHost(directory);
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;
    auto host = testing::connectHost(hosts->front().uri);
    SyntheticShapeCache cache;
    DomainStatsReader reader(host->rawConnectionForTesting(), hosts->front().uri, StatsSource::Synthetic, &cache);
    core::Result<std::vector<core::SandboxStats>> first = reader.collect();
    ASSERT_TRUE(first.has_value()) << first.error().detail;
    const std::string suspended = suspendFirstRunning(host->rawConnectionForTesting(), *first);
    ASSERT_FALSE(suspended.empty());

    core::Result<std::vector<core::SandboxStats>> reused = reader.collect();
    ++cache.lifecycleEvents;
    core::Result<std::vector<core::SandboxStats>> read = reader.collect();

    ASSERT_TRUE(reused.has_value()) << reused.error().detail;
    ASSERT_TRUE(read.has_value()) << read.error().detail;
    EXPECT_EQ(reused->size(), first->size());
    EXPECT_EQ(stateOf(*reused, suspended), core::SandboxState::Running);
    EXPECT_EQ(stateOf(*read, suspended), core::SandboxState::Paused);
    for (std::size_t i = 0; i < reused->size(); ++i) {
        const core::SandboxStats& before = (*first)[i];
        const core::SandboxStats& after = (*reused)[i];
        EXPECT_EQ(after.domainName, before.domainName);
        EXPECT_EQ(after.vcpus, before.vcpus) << after.domainName;
        EXPECT_EQ(after.cpuTimeNs.has_value(), before.cpuTimeNs.has_value()) << after.domainName;
        if (after.cpuTimeNs && before.cpuTimeNs) {
            EXPECT_GE(*after.cpuTimeNs, *before.cpuTimeNs) << after.domainName;
        }
    }
}

TEST(SyntheticLoad, PollsReadStatesAgainAfterTenPolls)
{
    testing::TemporaryDirectory directory;
    core::Result<std::vector<core::HostSpec>> hosts = writeOneHost(directory);
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;
    auto host = testing::connectHost(hosts->front().uri);
    SyntheticShapeCache cache;
    DomainStatsReader reader(host->rawConnectionForTesting(), hosts->front().uri, StatsSource::Synthetic, &cache);
    core::Result<std::vector<core::SandboxStats>> first = reader.collect();
    ASSERT_TRUE(first.has_value()) << first.error().detail;
    const std::string suspended = suspendFirstRunning(host->rawConnectionForTesting(), *first);
    ASSERT_FALSE(suspended.empty());

    for (int poll = 1; poll < SyntheticShapeCache::kPollsPerStatesRead; ++poll) {
        core::Result<std::vector<core::SandboxStats>> reused = reader.collect();
        ASSERT_TRUE(reused.has_value()) << reused.error().detail;
        EXPECT_EQ(stateOf(*reused, suspended), core::SandboxState::Running) << "poll " << poll;
    }
    core::Result<std::vector<core::SandboxStats>> read = reader.collect();

    ASSERT_TRUE(read.has_value()) << read.error().detail;
    EXPECT_EQ(stateOf(*read, suspended), core::SandboxState::Paused);
}

TEST(SyntheticLoad, HostStatsFollowStopWithinTenPolls)
{
    testing::TemporaryDirectory directory;
    core::Result<std::vector<core::HostSpec>> hosts = writeOneHost(directory);
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;
    auto host = testing::connectHost(hosts->front().uri);
    core::Result<std::vector<core::SandboxStats>> first = host->collectStats();
    ASSERT_TRUE(first.has_value()) << first.error().detail;
    auto running = std::find_if(first->begin(), first->end(),
                                [](const auto& sandbox) { return sandbox.state == core::SandboxState::Running; });
    ASSERT_NE(running, first->end());
    const std::string stopped = running->domainName;

    ASSERT_TRUE(host->stopSandbox(stopped, core::StopMode::Force));

    // The lifecycle event may reach the connection after the next poll, but no later than the
    // poll that reads the states again.
    std::optional<core::SandboxState> state;
    for (int poll = 0; poll < SyntheticShapeCache::kPollsPerStatesRead; ++poll) {
        core::Result<std::vector<core::SandboxStats>> stats = host->collectStats();
        ASSERT_TRUE(stats.has_value()) << stats.error().detail;
        state = stateOf(*stats, stopped);
        if (state != core::SandboxState::Running)
            break;
    }
    EXPECT_EQ(state, core::SandboxState::Stopped);
}

}  // namespace
}  // namespace shoal::hypervisor
