#include <cmath>

#include <gtest/gtest.h>

#include "core/backoff.h"
#include "core/statsencoding.h"
#include "core/statshistory.h"
#include "core/store.h"

namespace shoal::tests {
namespace {

using core::SandboxState;
using core::StatsResolution;

// A minute boundary, so the tests know which minute each point falls in.
constexpr std::int64_t kStartMs = 1699999980LL * 1000;

core::SandboxStats sample(std::int64_t second, std::uint64_t cpuSeconds, SandboxState state = SandboxState::Running)
{
    core::SandboxStats stats;
    stats.domainName = "shoal-aaaa2222";
    stats.timestampMs = kStartMs + second * 1000;
    stats.state = state;
    stats.vcpus = 2;
    stats.cpuTimeNs = cpuSeconds * 1'000'000'000ULL;
    stats.balloonCurrentKiB = 256 * 1024;
    stats.guestAvailableKiB = 200 * 1024;
    stats.guestUnusedKiB = 150 * 1024;
    stats.blockReadBytes = static_cast<std::uint64_t>(second) * 4096;
    return stats;
}

// Records the ticks of seconds `first` to `end` - 1, in which the sandbox burns half a core.
void recordTicks(core::StatsHistory& history, int end, int first = 0)
{
    for (int second = first; second < end; ++second) {
        core::SandboxStats stats = sample(second, 0);
        stats.cpuTimeNs = static_cast<std::uint64_t>(second) * 500'000'000ULL;
        history.record("test:///host.xml", {{"aaaa2222", stats}}, stats.timestampMs);
    }
}

std::unique_ptr<core::Store> openStore()
{
    core::Result<std::unique_ptr<core::Store>> store = core::Store::open(":memory:");
    EXPECT_TRUE(store) << store.error().detail;
    return store ? std::move(*store) : nullptr;
}

TEST(StatsRates, CpuAndIoFromCounterDeltas)
{
    core::StatsCounters previous{kStartMs, 1'000'000'000ULL, 0, std::nullopt, std::nullopt, std::nullopt};
    core::SandboxStats current = sample(2, 2);

    core::StatsPoint point = core::statsRates(previous, current);

    EXPECT_FLOAT_EQ(point.cpuPercent, 50.0F);
    EXPECT_FLOAT_EQ(point.blockReadBytesPerSecond, 4096.0F);
    EXPECT_FLOAT_EQ(point.memoryActualMiB, 256.0F);
    EXPECT_FLOAT_EQ(point.memoryUsedMiB, 50.0F);
    EXPECT_TRUE(std::isnan(point.blockWriteBytesPerSecond));
    EXPECT_TRUE(std::isnan(point.netRxBytesPerSecond));
}

TEST(StatsRates, FirstSampleHasNoRates)
{
    core::StatsPoint point = core::statsRates(core::StatsCounters{}, sample(1, 1));

    EXPECT_TRUE(std::isnan(point.cpuPercent));
    EXPECT_FLOAT_EQ(point.memoryActualMiB, 256.0F);
}

TEST(StatsRates, CounterGoingBackwardsHasNoRate)
{
    core::StatsCounters previous{kStartMs, 9'000'000'000ULL, 0, std::nullopt, std::nullopt, std::nullopt};

    core::StatsPoint point = core::statsRates(previous, sample(1, 1));

    EXPECT_TRUE(std::isnan(point.cpuPercent));
}

TEST(StatsEncoding, Bfloat16KeepsThreeDigitsAndNaN)
{
    for (float value : {0.0F, 1.0F, 49.5F, 12345.0F, 3.5e9F}) {
        const float back = core::fromBfloat16(core::toBfloat16(value));
        EXPECT_NEAR(back, value, std::abs(value) * 0.004F) << value;
    }
    EXPECT_TRUE(std::isnan(core::fromBfloat16(core::toBfloat16(core::kNoValue))));
}

TEST(StatsEncoding, PointsRoundTripThroughBytes)
{
    core::StatsPoint point;
    point.timestampMs = kStartMs + 7000;
    point.cpuPercent = 25.0F;
    point.netTxBytesPerSecond = 1024.0F;

    std::vector<core::StatsPoint> decoded = core::decodePoints(core::encodePoints({core::compress(point)}));

    ASSERT_EQ(decoded.size(), 1u);
    EXPECT_EQ(decoded[0].timestampMs, point.timestampMs);
    EXPECT_FLOAT_EQ(decoded[0].cpuPercent, 25.0F);
    EXPECT_FLOAT_EQ(decoded[0].netTxBytesPerSecond, 1024.0F);
    EXPECT_TRUE(std::isnan(decoded[0].memoryUsedMiB));
}

TEST(StatsHistory, TickSumsSandboxesIntoHostTotal)
{
    core::StatsHistory history(900);
    core::SandboxStats other = sample(0, 0);
    other.domainName = "shoal-bbbb3333";
    history.record("test:///host.xml", {{"aaaa2222", sample(0, 0)}, {"bbbb3333", other}}, kStartMs);
    core::SandboxStats stopped = sample(1, 0, SandboxState::Stopped);
    stopped.domainName = "shoal-cccc4444";
    other = sample(1, 1);
    other.domainName = "shoal-bbbb3333";

    core::HostStatsTick tick =
        history.record("test:///host.xml", {{"aaaa2222", sample(1, 1)}, {"bbbb3333", other}, {"cccc4444", stopped}}, 0);

    EXPECT_EQ(tick.hostUri, "test:///host.xml");
    EXPECT_EQ(tick.timestampMs, kStartMs + 1000);
    ASSERT_EQ(tick.sandboxes.size(), 2u);
    EXPECT_EQ(tick.runningSandboxes, 2);
    EXPECT_FLOAT_EQ(tick.sandboxes[0].point.cpuPercent, 100.0F);
    EXPECT_FLOAT_EQ(tick.total.cpuPercent, 200.0F);
    EXPECT_FLOAT_EQ(tick.total.memoryActualMiB, 512.0F);
}

TEST(StatsHistory, EmptyHostTotalsZero)
{
    core::StatsHistory history(900);

    core::HostStatsTick tick = history.record("test:///host.xml", {}, kStartMs);

    EXPECT_EQ(tick.timestampMs, kStartMs);
    EXPECT_EQ(tick.runningSandboxes, 0);
    EXPECT_FLOAT_EQ(tick.total.cpuPercent, 0.0F);
    auto series = history.series("test:///host.xml", StatsResolution::Second, nullptr, kStartMs);
    ASSERT_TRUE(series);
    ASSERT_EQ(series->points.size(), 1u);
    EXPECT_FLOAT_EQ(series->points[0].memoryActualMiB, 0.0F);
}

TEST(StatsHistory, RingKeepsNewestPoints)
{
    core::StatsHistory history(3);
    recordTicks(history, 5);

    auto series = history.series("aaaa2222", StatsResolution::Second, nullptr, kStartMs + 5000);

    ASSERT_TRUE(series);
    ASSERT_EQ(series->points.size(), 3u);
    EXPECT_EQ(series->points.front().timestampMs, kStartMs + 2000);
    EXPECT_EQ(series->points.back().timestampMs, kStartMs + 4000);
    EXPECT_FLOAT_EQ(series->points.back().cpuPercent, 50.0F);
}

TEST(StatsHistory, StoredMinutesSurviveRestart)
{
    std::unique_ptr<core::Store> store = openStore();
    ASSERT_TRUE(store);
    const std::int64_t nowMs = kStartMs + 125'000;
    {
        core::StatsHistory history(900);
        recordTicks(history, 125);
        ASSERT_TRUE(history.flush(*store, nowMs));
    }

    core::StatsHistory restarted(900);
    auto seconds = restarted.series("aaaa2222", StatsResolution::Second, store.get(), nowMs);
    auto minutes = restarted.series("aaaa2222", StatsResolution::Minute, store.get(), nowMs);
    auto host = restarted.series("test:///host.xml", StatsResolution::Minute, store.get(), nowMs);

    ASSERT_TRUE(seconds);
    ASSERT_EQ(seconds->points.size(), 120u);
    EXPECT_EQ(seconds->points.front().timestampMs, kStartMs);
    EXPECT_FLOAT_EQ(seconds->points.back().cpuPercent, 50.0F);
    ASSERT_TRUE(minutes);
    ASSERT_EQ(minutes->points.size(), 2u);
    EXPECT_EQ(minutes->points[1].timestampMs, kStartMs + 60'000);
    EXPECT_FLOAT_EQ(minutes->points[1].cpuPercent, 50.0F);
    ASSERT_TRUE(host);
    EXPECT_EQ(host->points.size(), 2u);
}

TEST(StatsHistory, SeriesJoinsStoreAndMemory)
{
    std::unique_ptr<core::Store> store = openStore();
    ASSERT_TRUE(store);
    core::StatsHistory history(70);
    recordTicks(history, 61);
    ASSERT_TRUE(history.flush(*store, kStartMs + 61'000));
    recordTicks(history, 125, 61);
    ASSERT_TRUE(history.flush(*store, kStartMs + 125'000));

    auto series = history.series("aaaa2222", StatsResolution::Second, store.get(), kStartMs + 125'000);

    ASSERT_TRUE(series);
    ASSERT_EQ(series->points.size(), 125u);
    for (std::size_t i = 0; i < series->points.size(); ++i)
        EXPECT_EQ(series->points[i].timestampMs, kStartMs + static_cast<std::int64_t>(i) * 1000) << i;
}

TEST(StatsHistory, FlushWritesEachMinuteOnce)
{
    std::unique_ptr<core::Store> store = openStore();
    ASSERT_TRUE(store);
    core::StatsHistory history(900);
    recordTicks(history, 90);

    ASSERT_TRUE(history.flush(*store, kStartMs + 90'000));
    ASSERT_TRUE(history.flush(*store, kStartMs + 90'000));
    ASSERT_TRUE(history.flush(*store, kStartMs + 120'000));

    auto minutes = history.series("aaaa2222", StatsResolution::Minute, store.get(), kStartMs + 120'000);
    ASSERT_TRUE(minutes);
    ASSERT_EQ(minutes->points.size(), 2u);
    auto stored = store->statsBuckets("aaaa2222", 1, 0);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ(core::decodePoints(stored->at(1).samples).size(), 30u);
}

TEST(StatsHistory, FlushPrunesOldRows)
{
    std::unique_ptr<core::Store> store = openStore();
    ASSERT_TRUE(store);
    core::StatsHistory history(900);
    recordTicks(history, 61);
    ASSERT_TRUE(history.flush(*store, kStartMs + 61'000));

    const std::int64_t hourLaterMs = kStartMs + 3600'000;
    ASSERT_TRUE(history.flush(*store, hourLaterMs));

    EXPECT_TRUE(store->statsBuckets("aaaa2222", 1, 0)->empty());
    EXPECT_EQ(store->statsBuckets("aaaa2222", 60, 0)->size(), 1u);
    ASSERT_TRUE(history.flush(*store, kStartMs + 26 * 3600'000LL));
    EXPECT_TRUE(store->statsBuckets("aaaa2222", 60, 0)->empty());
}

TEST(StatsHistory, ForgetDropsSeries)
{
    core::StatsHistory history(900);
    recordTicks(history, 2);
    ASSERT_EQ(history.seriesCount(), 2u);

    history.forget("aaaa2222");

    EXPECT_EQ(history.seriesCount(), 1u);
    EXPECT_TRUE(history.series("aaaa2222", StatsResolution::Second, nullptr, kStartMs)->points.empty());
}

TEST(ReconnectDelay, DoublesUpToCapWithJitter)
{
    using std::chrono::milliseconds;
    const milliseconds initial(1000);
    const milliseconds cap(30000);

    EXPECT_EQ(core::reconnectDelay(0, initial, cap, 0.0), milliseconds(1000));
    EXPECT_EQ(core::reconnectDelay(1, initial, cap, 0.0), milliseconds(2000));
    EXPECT_EQ(core::reconnectDelay(4, initial, cap, 0.0), milliseconds(16000));
    EXPECT_EQ(core::reconnectDelay(5, initial, cap, 0.0), milliseconds(30000));
    EXPECT_EQ(core::reconnectDelay(500, initial, cap, 0.0), milliseconds(30000));
    EXPECT_EQ(core::reconnectDelay(2, initial, cap, 1.0), milliseconds(3000));
}

}  // namespace
}  // namespace shoal::tests
