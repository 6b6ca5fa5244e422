#include <cmath>

#include <gtest/gtest.h>

#include "samples.h"
#include "ui/chartdata.h"

namespace shoal::ui {
namespace {

using namespace chartdata;
using test::makeHost;

core::Policy twoUnitPolicy()
{
    core::Policy policy;
    core::PlacementUnit baseline;
    baseline.name = "base";
    baseline.hosts.pool = "baseline";
    core::PlacementUnit overflow;
    overflow.name = "burst-out";
    overflow.hosts.pool = "serverless";
    overflow.when = core::OverflowCondition{};
    overflow.when->pendingAbove = 10;
    policy.units = {baseline, overflow};
    return policy;
}

core::StatsPoint pointAt(std::int64_t timestampMs, float cpuPercent)
{
    core::StatsPoint point;
    point.timestampMs = timestampMs;
    point.cpuPercent = cpuPercent;
    return point;
}

TEST(TimeSeriesWindow, DropsPointsOlderThanSpan)
{
    TimeSeriesWindow window(10.0);
    for (int second = 0; second <= 25; ++second)
        window.append(second, second * 2.0);

    ASSERT_EQ(window.times().size(), 11);
    EXPECT_EQ(window.times().front(), 15.0);
    EXPECT_EQ(window.times().back(), 25.0);
    EXPECT_EQ(window.values().front(), 30.0);
    EXPECT_EQ(window.maxValue(), 50.0);
}

TEST(TimeSeriesWindow, IgnoresPointsBeforeNewest)
{
    TimeSeriesWindow window(60.0);
    window.append(5.0, 1.0);
    window.append(4.0, 2.0);

    ASSERT_EQ(window.times().size(), 1);
    EXPECT_EQ(window.values().front(), 1.0);
}

TEST(TimeSeriesWindow, MaxValueSkipsNaN)
{
    TimeSeriesWindow window(60.0);
    EXPECT_EQ(window.maxValue(), 0.0);
    window.append(1.0, std::nan(""));
    window.append(2.0, 3.0);
    EXPECT_EQ(window.maxValue(), 3.0);
}

TEST(PoolUtilisation, GroupsByPoolInUnitOrder)
{
    const QList<core::HostStatus> hosts = {
        makeHost("test:///s1", "az1", "serverless", 8, 16),
        makeHost("test:///b1", "az1", "baseline", 4, 16),
        makeHost("test:///b2", "az2", "baseline", 12, 16),
    };
    const QHash<QString, double> cpu = {{QStringLiteral("test:///b1"), 800.0}, {QStringLiteral("test:///s1"), 400.0}};

    const std::vector<PoolUtilisation> pools = poolUtilisation(hosts, twoUnitPolicy(), cpu);

    ASSERT_EQ(pools.size(), 2u);
    EXPECT_EQ(pools[0].pool, QStringLiteral("baseline"));
    EXPECT_EQ(pools[0].unit, QStringLiteral("base"));
    EXPECT_FALSE(pools[0].overflow);
    EXPECT_EQ(pools[0].hosts, 2);
    EXPECT_DOUBLE_EQ(pools[0].vcpuAllocated, 16.0 / 32.0);
    EXPECT_DOUBLE_EQ(pools[0].memoryAllocated, 16.0 * 1024 / (2 * 65536.0));
    EXPECT_DOUBLE_EQ(pools[0].cpuUsed, 800.0 / 3200.0);
    EXPECT_EQ(pools[1].pool, QStringLiteral("serverless"));
    EXPECT_EQ(pools[1].unit, QStringLiteral("burst-out"));
    EXPECT_TRUE(pools[1].overflow);
    EXPECT_DOUBLE_EQ(pools[1].cpuUsed, 400.0 / 1600.0);
}

TEST(PoolUtilisation, AppliesOvercommitAndSkipsDisconnectedHosts)
{
    core::Policy policy = twoUnitPolicy();
    policy.overcommit.cpu = 4.0;
    core::HostStatus down = makeHost("test:///b2", "az1", "baseline", 16, 16);
    down.connection = core::ConnectionState::Disconnected;

    const std::vector<PoolUtilisation> pools =
        poolUtilisation({makeHost("test:///b1", "az1", "baseline", 32, 16), down}, policy, {});

    ASSERT_EQ(pools.size(), 1u);
    EXPECT_EQ(pools[0].hosts, 1);
    EXPECT_DOUBLE_EQ(pools[0].vcpuAllocated, 32.0 / 64.0);
    EXPECT_DOUBLE_EQ(pools[0].cpuUsed, 0.0);
}

TEST(PoolUtilisation, PoolOutsideEveryUnitComesLast)
{
    const std::vector<PoolUtilisation> pools = poolUtilisation(
        {makeHost("test:///x1", "az1", "spare"), makeHost("test:///b1", "az1", "baseline")}, twoUnitPolicy(), {});

    ASSERT_EQ(pools.size(), 2u);
    EXPECT_EQ(pools[0].pool, QStringLiteral("baseline"));
    EXPECT_EQ(pools[1].pool, QStringLiteral("spare"));
    EXPECT_TRUE(pools[1].unit.isEmpty());
}

TEST(OverflowShare, CountsSandboxesInOverflowUnits)
{
    core::QueueStatus queue;
    EXPECT_FALSE(overflowShare(queue).has_value());

    queue.units = {{"base", 30, std::nullopt, false, true, 2}, {"burst-out", 10, std::nullopt, true, true, 1}};
    ASSERT_TRUE(overflowShare(queue).has_value());
    EXPECT_DOUBLE_EQ(*overflowShare(queue), 0.25);
}

TEST(HeatMapLayout, OneRowPerZoneAndPool)
{
    core::HostStatus named = makeHost("test:///a", "az2", "baseline");
    named.spec.name = "az2-b-01";
    const HeatMapLayout layout = heatMapLayout({
        makeHost("test:///c", "az1", "serverless"),
        named,
        makeHost("test:///b", "az1", "baseline"),
        makeHost("test:///d", "az1", "baseline"),
    });

    ASSERT_EQ(layout.rowLabels.size(), 3);
    EXPECT_EQ(layout.rowLabels[0], QStringLiteral("az1 / baseline"));
    EXPECT_EQ(layout.rowLabels[1], QStringLiteral("az1 / serverless"));
    EXPECT_EQ(layout.rowLabels[2], QStringLiteral("az2 / baseline"));
    EXPECT_EQ(layout.columns, 2);
    ASSERT_NE(layout.cellAt(1, 0), nullptr);
    EXPECT_EQ(layout.cellAt(1, 0)->hostUri, QStringLiteral("test:///d"));
    ASSERT_NE(layout.cellAt(0, 2), nullptr);
    EXPECT_EQ(layout.cellAt(0, 2)->hostName, QStringLiteral("az2-b-01"));
    EXPECT_EQ(layout.cellAt(1, 1), nullptr);
}

TEST(MetricSeries, KeepsWindowAndMarksGaps)
{
    const std::int64_t now = 1'000'000;
    const std::vector<core::StatsPoint> points = {
        pointAt(now - 20'000, 1.0f),   // before the window
        pointAt(now - 9'000, 2.0f),
        pointAt(now - 8'000, 3.0f),
        pointAt(now - 2'000, 4.0f),    // six seconds after the previous one
        pointAt(now - 1'000, core::kNoValue),
    };

    const MetricSeries series = metricSeries(points, Metric::Cpu, now, 10.0, 2'500);

    ASSERT_EQ(series.seconds.size(), 5);
    EXPECT_EQ(series.seconds[0], -9.0);
    EXPECT_EQ(series.values[0], 2.0);
    EXPECT_EQ(series.seconds[1], -8.0);
    EXPECT_EQ(series.seconds[2], -5.0);
    EXPECT_TRUE(std::isnan(series.values[2]));
    EXPECT_EQ(series.values[3], 4.0);
    EXPECT_TRUE(std::isnan(series.values[4]));
}

TEST(BurstSpan, ClipsToWindow)
{
    const std::int64_t now = 10'000'000;
    core::BurstStatus burst;
    EXPECT_FALSE(burstSpan(burst, now, 900.0).has_value());

    burst.windowStartMs = now - 1'000'000;
    burst.windowEndMs = now - 860'000;
    auto span = burstSpan(burst, now, 900.0);
    ASSERT_TRUE(span.has_value());
    EXPECT_EQ(span->first, -900.0);
    EXPECT_EQ(span->second, -860.0);

    burst.windowStartMs = now - 30'000;
    burst.windowEndMs = now + 60'000;
    span = burstSpan(burst, now, 900.0);
    ASSERT_TRUE(span.has_value());
    EXPECT_EQ(span->first, -30.0);
    EXPECT_EQ(span->second, 0.0);

    burst.windowStartMs = now - 2'000'000;
    burst.windowEndMs = now - 1'000'000;
    EXPECT_FALSE(burstSpan(burst, now, 900.0).has_value());
}

}  // namespace
}  // namespace shoal::ui
