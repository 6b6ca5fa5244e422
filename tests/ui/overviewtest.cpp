// The Overview tab and the stats collector on scripted snapshots and stats ticks. The models run
// under QAbstractItemModelTester in fatal mode throughout.

#include <chrono>
#include <cmath>

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <qcustomplot.h>

#include "app/composition.h"
#include "samples.h"
#include "ui/fleetcontroller.h"
#include "ui/fleettreemodel.h"
#include "ui/hostheatmap.h"
#include "ui/overviewpanel.h"
#include "ui/sandboxcharts.h"
#include "ui/sandboxtablemodel.h"
#include "ui/statscollector.h"

namespace shoal::ui {
namespace {

using test::makeHost;
using test::makeSandbox;

core::HostStatsTick hostTick(const std::string& uri, std::int64_t timestampMs, float cpuPercent,
                             std::vector<core::SandboxTickValue> sandboxes = {})
{
    core::HostStatsTick tick;
    tick.hostUri = uri;
    tick.timestampMs = timestampMs;
    tick.total.timestampMs = timestampMs;
    tick.total.cpuPercent = cpuPercent;
    tick.sandboxes = std::move(sandboxes);
    return tick;
}

core::SandboxTickValue sandboxValue(const std::string& id, std::int64_t timestampMs, float cpuPercent)
{
    core::SandboxTickValue value;
    value.sandboxId = id;
    value.point.timestampMs = timestampMs;
    value.point.cpuPercent = cpuPercent;
    return value;
}

core::SandboxInfo placedSandbox(const std::string& name, const std::string& hostUri, const std::string& zone,
                                const std::string& pool, bool bursting = false)
{
    core::SandboxInfo sandbox = makeSandbox(name, hostUri);
    sandbox.metadata.zone = zone;
    sandbox.metadata.pool = pool;
    sandbox.burst.active = bursting;
    if (bursting) {
        sandbox.burst.windowStartMs = 1000;
        sandbox.burst.windowEndMs = 61000;
    }
    return sandbox;
}

TEST(StatsCollector, SendsLatestTotalPerHost)
{
    StatsCollector collector;
    QSignalSpy ticked(&collector, &StatsCollector::ticked);
    collector.add(hostTick("test:///a", 1000, 10.0f));
    collector.add(hostTick("test:///b", 1100, 20.0f));
    collector.add(hostTick("test:///a", 2000, 30.0f));

    collector.flush();

    ASSERT_EQ(ticked.count(), 1);
    const auto tick = ticked.first().first().value<FleetStatsTick>();
    ASSERT_EQ(tick.hosts.size(), 2u);
    EXPECT_EQ(tick.hosts[0].hostUri, "test:///a");
    EXPECT_EQ(tick.hosts[0].timestampMs, 2000);
    EXPECT_EQ(tick.hosts[0].total.cpuPercent, 30.0f);
    EXPECT_EQ(tick.hosts[1].total.cpuPercent, 20.0f);
    EXPECT_TRUE(tick.watchedPoints.empty());
}

TEST(StatsCollector, CarriesWatchedSandboxPointsOnly)
{
    StatsCollector collector;
    QSignalSpy ticked(&collector, &StatsCollector::ticked);
    collector.watchSandbox("bbb");
    collector.add(hostTick("test:///a", 1000, 10.0f, {sandboxValue("aaa", 1000, 1.0f), sandboxValue("bbb", 1000, 2.0f)}));
    collector.add(hostTick("test:///a", 2000, 10.0f, {sandboxValue("bbb", 2000, 3.0f)}));
    collector.flush();

    ASSERT_EQ(ticked.count(), 1);
    const auto tick = ticked.first().first().value<FleetStatsTick>();
    EXPECT_EQ(tick.watchedSandboxId, "bbb");
    ASSERT_EQ(tick.watchedPoints.size(), 2u);
    EXPECT_EQ(tick.watchedPoints[0].cpuPercent, 2.0f);
    EXPECT_EQ(tick.watchedPoints[1].cpuPercent, 3.0f);

    collector.add(hostTick("test:///a", 3000, 10.0f, {sandboxValue("bbb", 3000, 4.0f)}));
    collector.watchSandbox("aaa");
    collector.flush();
    ASSERT_EQ(ticked.count(), 2);
    EXPECT_TRUE(ticked.last().first().value<FleetStatsTick>().watchedPoints.empty());
}

TEST(SandboxCharts, MergesLoadedSeriesWithNewerPoints)
{
    SandboxCharts charts;
    charts.appendPoints({sandboxValue("x", 5000, 1.0f).point, sandboxValue("x", 6000, 1.0f).point});
    charts.setSeries({sandboxValue("x", 4000, 1.0f).point, sandboxValue("x", 5000, 1.0f).point});
    EXPECT_EQ(charts.pointCount(), 3u);

    charts.appendPoints({sandboxValue("x", 6000, 1.0f).point, sandboxValue("x", 7000, 1.0f).point});
    EXPECT_EQ(charts.pointCount(), 4u);

    charts.replot(7000 + 900'000);
    EXPECT_EQ(charts.pointCount(), 1u);
}

TEST(SandboxCharts, BurstTextShowsPlannedAndApplied)
{
    SandboxCharts charts;
    EXPECT_EQ(charts.burstText(), QStringLiteral("Burst: no burst window yet."));

    core::BurstStatus burst;
    burst.windowStartMs = 1000;
    burst.windowEndMs = 2000;
    burst.active = true;
    burst.plannedCpuPercent = 200.0;
    burst.appliedCpuPercent = 150.0;
    burst.plannedMemoryMiB = 512;
    burst.appliedOnHost = true;
    charts.setBurst(burst);

    EXPECT_TRUE(charts.burstText().contains(QStringLiteral("planned 200 %"))) << charts.burstText().toStdString();
    EXPECT_TRUE(charts.burstText().contains(QStringLiteral("applied 150 %"))) << charts.burstText().toStdString();
    EXPECT_TRUE(charts.burstText().contains(QStringLiteral("not applied"))) << charts.burstText().toStdString();
}

class OverviewTest : public testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(guestDirectory.isValid());
        auto built = app::Composition::build({":memory:", guestDirectory.path().toStdString(), core::DomainType::Auto});
        ASSERT_TRUE(built) << built.error().detail;
        composition = std::move(*built);
        controller = std::make_unique<FleetController>(composition->fleet());
        fleetTester = std::make_unique<QAbstractItemModelTester>(&fleet, QAbstractItemModelTester::FailureReportingMode::Fatal);
        sandboxTester = std::make_unique<QAbstractItemModelTester>(&sandboxes, QAbstractItemModelTester::FailureReportingMode::Fatal);
        panel = std::make_unique<OverviewPanel>(*controller, fleet, sandboxes);
    }

    void TearDown() override
    {
        panel.reset();
        if (controller)
            controller->shutdown();
        if (composition)
            composition->destroyFleet();
        controller.reset();
    }

    QTemporaryDir guestDirectory;
    std::unique_ptr<app::Composition> composition;
    std::unique_ptr<FleetController> controller;
    FleetTreeModel fleet;
    SandboxTableModel sandboxes;
    std::unique_ptr<QAbstractItemModelTester> fleetTester;
    std::unique_ptr<QAbstractItemModelTester> sandboxTester;
    std::unique_ptr<OverviewPanel> panel;
};

TEST_F(OverviewTest, CountsFollowScriptedSnapshots)
{
    fleet.applySnapshot({makeHost("test:///b1", "az1", "baseline", 2), makeHost("test:///s1", "az2", "serverless")});
    sandboxes.applySnapshot({placedSandbox("a", "test:///b1", "az1", "baseline"),
                             placedSandbox("b", "test:///b1", "az1", "baseline", true),
                             placedSandbox("c", "test:///s1", "az2", "serverless")});
    panel->replot();

    auto counts = panel->countsByZoneAndPool();
    EXPECT_EQ(counts[QStringLiteral("az1")][QStringLiteral("baseline")], 2);
    EXPECT_EQ(counts[QStringLiteral("az2")][QStringLiteral("serverless")], 1);
    EXPECT_EQ(panel->burstingSandboxes(), 1);

    // The next snapshot removes one sandbox and ends the burst of another.
    sandboxes.applySnapshot({placedSandbox("b", "test:///b1", "az1", "baseline"),
                             placedSandbox("c", "test:///s1", "az2", "serverless")});
    panel->replot();

    counts = panel->countsByZoneAndPool();
    EXPECT_EQ(counts[QStringLiteral("az1")][QStringLiteral("baseline")], 1);
    EXPECT_EQ(panel->burstingSandboxes(), 0);
    ASSERT_EQ(panel->poolUtilisation().size(), 2u);
}

TEST_F(OverviewTest, StatsTickColoursHeatMap)
{
    fleet.applySnapshot({makeHost("test:///b1", "az1", "baseline", 2, 16), makeHost("test:///b2", "az1", "baseline")});
    panel->replot();
    ASSERT_EQ(panel->heatMap().layout().cells.size(), 2u);

    FleetStatsTick tick;
    tick.timestampMs = 5000;
    tick.hosts.push_back(HostLoad{"test:///b1", 5000, hostTick("test:///b1", 5000, 800.0f).total, 3});
    panel->applyStatsTick(tick);

    EXPECT_DOUBLE_EQ(panel->heatMap().usedPercent(QStringLiteral("test:///b1")), 800.0 / 16);
    EXPECT_TRUE(std::isnan(panel->heatMap().usedPercent(QStringLiteral("test:///b2"))));
    const chartdata::PoolUtilisation& pool = panel->poolUtilisation().front();
    EXPECT_DOUBLE_EQ(pool.cpuUsed, 800.0 / (100.0 * 32));
}

FleetStatsTick tickWithLoad(std::int64_t timestampMs, float cpuPercent)
{
    FleetStatsTick tick;
    tick.timestampMs = timestampMs;
    tick.hosts.push_back(HostLoad{"test:///b1", timestampMs, hostTick("test:///b1", timestampMs, cpuPercent).total, 1});
    return tick;
}

TEST_F(OverviewTest, ZoneSpreadRedrawsOnlyAfterCountChange)
{
    fleet.applySnapshot({makeHost("test:///b1", "az1", "baseline", 2)});
    sandboxes.applySnapshot({placedSandbox("a", "test:///b1", "az1", "baseline")});
    panel->resize(800, 600);
    panel->show();
    panel->applyStatsTick(tickWithLoad(1000, 10.0f));
    QCoreApplication::processEvents();
    QSignalSpy zoneDrawn(panel->zonePlot(), &QCustomPlot::afterReplot);

    panel->applyStatsTick(tickWithLoad(2000, 20.0f));
    panel->applyStatsTick(tickWithLoad(3000, 30.0f));
    QCoreApplication::processEvents();
    EXPECT_EQ(zoneDrawn.count(), 0);

    sandboxes.applySnapshot({placedSandbox("a", "test:///b1", "az1", "baseline"),
                             placedSandbox("b", "test:///b1", "az1", "baseline")});
    panel->applyStatsTick(tickWithLoad(4000, 40.0f));
    QCoreApplication::processEvents();
    EXPECT_EQ(zoneDrawn.count(), 1);
    EXPECT_EQ(panel->countsByZoneAndPool()[QStringLiteral("az1")][QStringLiteral("baseline")], 2);
}

TEST_F(OverviewTest, QueueChartRedrawsWhenQueueChanges)
{
    fleet.applySnapshot({makeHost("test:///b1", "az1", "baseline", 2)});
    panel->resize(800, 600);
    panel->show();
    panel->applyStatsTick(tickWithLoad(1000, 10.0f));
    QCoreApplication::processEvents();
    QSignalSpy queueDrawn(panel->queuePlot(), &QCustomPlot::afterReplot);

    core::QueueStatus queue;
    queue.pending = 3;
    queue.oldestWait = std::chrono::milliseconds(1500);
    controller->queueChanged(queue);
    QCoreApplication::processEvents();
    ASSERT_EQ(controller->queue().pending, 3);
    panel->applyStatsTick(tickWithLoad(2000, 10.0f));
    QCoreApplication::processEvents();

    EXPECT_EQ(queueDrawn.count(), 1);
}

}  // namespace
}  // namespace shoal::ui
