#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/fleetfixture.h"

namespace shoal::tests {
namespace {

using core::ConnectionState;
using core::SandboxState;

constexpr const char* kHost = "test:///host-a.xml";
constexpr const char* kOtherHost = "test:///host-b.xml";

class FleetStatsTest : public FleetTest {
protected:
    void SetUp() override
    {
        FleetTest::SetUp();
        core::FleetOptions options;
        options.statsInterval = std::chrono::milliseconds(5);
        options.reconnectInitialDelay = std::chrono::milliseconds(5);
        options.reconnectMaxDelay = std::chrono::milliseconds(40);
        makeFleet(options);
    }

    // Returns how many ticks of `uri` carried a CPU rate for sandbox `id`.
    static std::size_t ticksWithRate(const std::vector<core::HostStatsTick>& ticks, const std::string& uri,
                                     const std::string& id)
    {
        return static_cast<std::size_t>(std::count_if(ticks.begin(), ticks.end(), [&](const core::HostStatsTick& tick) {
            return tick.hostUri == uri && std::any_of(tick.sandboxes.begin(), tick.sandboxes.end(), [&](const auto& value) {
                       return value.sandboxId == id && !std::isnan(value.point.cpuPercent);
                   });
        }));
    }
};

TEST_F(FleetStatsTest, TickCarriesRatesOfActiveSandboxes)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    host->addDomain(makeListedSandbox("bbbb3333", "agent-8"));
    host->addDomain(makeListedSandbox("cccc4444", "stopped", SandboxState::Stopped));
    addConnectedHost(kHost);

    ASSERT_TRUE(m_listener.waitForTicks([](const auto& ticks) { return ticksWithRate(ticks, kHost, "bbbb3333") > 0; }));

    std::vector<core::HostStatsTick> ticks = m_listener.statsTicks();
    const core::HostStatsTick& tick = ticks.back();
    EXPECT_EQ(tick.hostUri, kHost);
    ASSERT_EQ(tick.sandboxes.size(), 2u);
    EXPECT_EQ(tick.runningSandboxes, 2);
    EXPECT_FLOAT_EQ(tick.sandboxes[0].point.cpuPercent, 50.0F);
    EXPECT_FLOAT_EQ(tick.sandboxes[0].point.blockReadBytesPerSecond, 1024.0F * 1024.0F);
    EXPECT_FLOAT_EQ(tick.sandboxes[0].point.memoryActualMiB, 256.0F);
    EXPECT_FLOAT_EQ(tick.total.cpuPercent, 100.0F);
}

TEST_F(FleetStatsTest, SandboxAndHostSeriesFillUp)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    addConnectedHost(kHost);

    ASSERT_TRUE(m_listener.waitForTicks([](const auto& ticks) { return ticksWithRate(ticks, kHost, "aaaa2222") >= 3; }));

    auto series = m_fleet->sandboxStats("agent-7");
    ASSERT_TRUE(series) << series.error().detail;
    EXPECT_EQ(series->key, "aaaa2222");
    ASSERT_GE(series->points.size(), 4u);
    EXPECT_FLOAT_EQ(series->points.back().cpuPercent, 50.0F);
    auto hostSeries = m_fleet->hostStats(kHost);
    ASSERT_TRUE(hostSeries) << hostSeries.error().detail;
    EXPECT_GE(hostSeries->points.size(), 4u);
    EXPECT_EQ(m_fleet->sandboxStats("nobody").error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(m_fleet->hostStats("test:///nowhere.xml").error().code, core::ErrorCode::NotFound);
}

TEST_F(FleetStatsTest, WedgedHostDoesNotDelayOtherHost)
{
    std::shared_ptr<FakeHost> wedged = m_hypervisor.addHost(kHost);
    wedged->addDomain(makeListedSandbox("aaaa2222", "on-wedged"));
    std::shared_ptr<FakeHost> healthy = m_hypervisor.addHost(kOtherHost);
    healthy->addDomain(makeListedSandbox("bbbb3333", "on-healthy"));
    std::promise<void> release;
    std::future<void> reached = wedged->setStatsGate(release.get_future().share());
    addConnectedHost(kHost);
    addConnectedHost(kOtherHost);

    reached.wait();
    const int wedgedCalls = wedged->statsCalls();
    const std::size_t before = ticksWithRate(m_listener.statsTicks(), kOtherHost, "bbbb3333");
    const bool healthyTicked = m_listener.waitForTicks(
        [before](const auto& ticks) { return ticksWithRate(ticks, kOtherHost, "bbbb3333") >= before + 5; });
    const int wedgedCallsAfter = wedged->statsCalls();
    release.set_value();

    EXPECT_TRUE(healthyTicked);
    EXPECT_EQ(wedgedCallsAfter, wedgedCalls);
}

TEST_F(FleetStatsTest, LostHostReconnectsAndRestoresStates)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    addConnectedHost(kHost);
    host->setReachable(false);

    host->loseConnection("keepalive timed out");

    EXPECT_EQ(m_fleet->findSandbox("agent-7")->state, SandboxState::Unknown);
    m_listener.waitForHost([](const core::HostStatus& status) { return status.reconnectAttempts >= 3; });
    EXPECT_EQ(m_fleet->hosts().front().connection, ConnectionState::Disconnected);
    EXPECT_EQ(m_fleet->findSandbox("agent-7")->state, SandboxState::Unknown);

    const std::size_t ticksBefore = ticksWithRate(m_listener.statsTicks(), kHost, "aaaa2222");
    host->setReachable(true);
    m_listener.waitForSandbox([](const core::SandboxInfo& sandbox) {
        return sandbox.domainName == "shoal-aaaa2222" && sandbox.state == SandboxState::Running &&
               sandbox.metadata.displayName == "agent-7";
    });
    ASSERT_TRUE(m_listener.waitForTicks(
        [ticksBefore](const auto& ticks) { return ticksWithRate(ticks, kHost, "aaaa2222") > ticksBefore; }));

    core::HostStatus status = m_fleet->hosts().front();
    EXPECT_EQ(status.connection, ConnectionState::Connected);
    EXPECT_EQ(status.reconnectAttempts, 0);
    EXPECT_EQ(status.nextReconnectAtMs, 0);
    EXPECT_EQ(m_fleet->findSandbox("agent-7")->state, SandboxState::Running);
    EXPECT_EQ(host->callsFromEventHandler(), 0);
}

TEST_F(FleetStatsTest, FailedStatsCallMarksHostDisconnected)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    addConnectedHost(kHost);
    ASSERT_TRUE(m_listener.waitForTicks([](const auto& ticks) { return !ticks.empty(); }));
    host->setReachable(false);

    host->dropConnection();

    m_listener.waitForHost([](const core::HostStatus& status) {
        return status.connection == ConnectionState::Disconnected;
    });
    m_listener.waitForSandbox([](const core::SandboxInfo& sandbox) { return sandbox.state == SandboxState::Unknown; });
    EXPECT_NE(m_fleet->hosts().front().lastError.find("is not connected"), std::string::npos)
        << m_fleet->hosts().front().lastError;
}

TEST_F(FleetStatsTest, RemovedSandboxLeavesNoSeries)
{
    addConnectedHost(kHost);
    core::SandboxInfo sandbox = createOne("demo");
    ASSERT_TRUE(m_listener.waitForTicks(
        [&sandbox](const auto& ticks) { return ticksWithRate(ticks, kHost, sandbox.metadata.id) > 0; }));

    ASSERT_TRUE(m_fleet->destroySandbox("demo"));

    EXPECT_EQ(m_fleet->sandboxStats(sandbox.metadata.id).error().code, core::ErrorCode::NotFound);
}

}  // namespace
}  // namespace shoal::tests
