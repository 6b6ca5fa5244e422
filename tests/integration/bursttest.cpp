// Burst quotas on the real libvirtd: applied and read back, refused out of range with nothing
// changed, reverted at the deadline, and reverted after the console restarts. Every check of
// what the host applies reads the scheduler parameters through libvirt directly.

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include "core/burst.h"
#include "core/fleet.h"
#include "core/store.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

using namespace std::chrono_literals;

// How long the tests wait for a revert before failing. It guards against a hang only; the
// benchmark measures the lateness.
constexpr auto kRevertWaitLimit = 60s;

// Returns vcpu_quota / vcpu_period in percent as the host reports it, or nothing when the domain
// is missing or the call fails.
std::optional<double> hostCpuPercent(virConnectPtr connection, const std::string& domainName)
{
    virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str());
    if (domain == nullptr)
        return std::nullopt;
    virTypedParameter parameters[16];
    int count = 16;
    std::optional<double> percent;
    if (virDomainGetSchedulerParametersFlags(domain, parameters, &count, VIR_DOMAIN_AFFECT_LIVE) == 0) {
        long long quota = 0;
        unsigned long long period = 0;
        for (int i = 0; i < count; ++i) {
            if (std::strcmp(parameters[i].field, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA) == 0)
                quota = parameters[i].value.l;
            if (std::strcmp(parameters[i].field, VIR_DOMAIN_SCHEDULER_VCPU_PERIOD) == 0)
                period = parameters[i].value.ul;
        }
        if (period > 0)
            percent = 100.0 * static_cast<double>(quota) / static_cast<double>(period);
    }
    virDomainFree(domain);
    return percent;
}

// Returns the balloon target in MiB as the host reports it.
std::optional<std::uint64_t> hostMemoryMiB(virConnectPtr connection, const std::string& domainName)
{
    virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str());
    if (domain == nullptr)
        return std::nullopt;
    virDomainInfo info{};
    std::optional<std::uint64_t> memory;
    if (virDomainGetInfo(domain, &info) == 0)
        memory = info.memory / 1024;
    virDomainFree(domain);
    return memory;
}

// Waits until the balloon reaches `expectedMiB`, because the guest's balloon driver moves it
// after the request, and returns the last size read. It guards against a hang only.
std::optional<std::uint64_t> waitForHostMemory(virConnectPtr connection, const std::string& domainName,
                                               std::uint64_t expectedMiB)
{
    const auto limit = std::chrono::steady_clock::now() + kRevertWaitLimit;
    std::optional<std::uint64_t> memory = hostMemoryMiB(connection, domainName);
    while (memory != expectedMiB && std::chrono::steady_clock::now() < limit) {
        std::this_thread::sleep_for(100ms);
        memory = hostMemoryMiB(connection, domainName);
    }
    return memory;
}

// Waits until the balloon is below `limitMiB` and returns the last size read. The guest returns
// only the memory it can free, so after a revert the balloon shrinks towards the target without
// always reaching it (275 MiB of a 256 MiB target was seen here).
std::uint64_t waitForHostMemoryBelow(virConnectPtr connection, const std::string& domainName, std::uint64_t limitMiB)
{
    const auto limit = std::chrono::steady_clock::now() + kRevertWaitLimit;
    std::uint64_t memory = hostMemoryMiB(connection, domainName).value_or(0);
    while (memory >= limitMiB && std::chrono::steady_clock::now() < limit) {
        std::this_thread::sleep_for(100ms);
        memory = hostMemoryMiB(connection, domainName).value_or(0);
    }
    return memory;
}

core::BurstPlan samplePlan(int windowSeconds)
{
    return core::BurstPlan{25.0, 4.0, windowSeconds, 384};
}

class BurstHostTest : public LifecycleTest {};

TEST_F(BurstHostTest, AppliesAndReadsBackQuota)
{
    ASSERT_TRUE(m_capabilities.canSetSchedulerQuota) << "the real host must offer scheduler quotas";
    m_template.burst = samplePlan(10);
    core::SandboxSpec spec = tinySpec("burst-apply");
    ASSERT_NO_FATAL_FAILURE(createReady(spec));
    virConnectPtr raw = m_host->rawConnectionForTesting();

    // The domain starts at its baseline from its XML, with room to balloon up to the burst.
    EXPECT_EQ(hostCpuPercent(raw, spec.domainName), 25.0);
    // The balloon reaches its 256 MiB target only once the guest's driver has run, which at a
    // 25 % quota can take a few seconds after the ready line.
    core::Result<core::AppliedQuota> before = m_connection->readSandboxQuota(spec.domainName);
    for (int attempt = 0; attempt < 200 && before && before->memoryMiB != 256u; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        before = m_connection->readSandboxQuota(spec.domainName);
    }
    ASSERT_TRUE(before) << before.error().detail;
    EXPECT_EQ(before->cpuPercent, 25.0);
    EXPECT_EQ(before->memoryMiB, 256u);

    core::Result<core::AppliedQuota> burst = m_connection->setSandboxQuota(spec.domainName, core::burstQuota(m_template));
    ASSERT_TRUE(burst) << burst.error().detail;
    EXPECT_EQ(burst->cpuPercent, 100.0);
    EXPECT_EQ(hostCpuPercent(raw, spec.domainName), 100.0);
    EXPECT_EQ(waitForHostMemory(raw, spec.domainName, 384), 384u);
    core::Result<core::AppliedQuota> afterBalloon = m_connection->readSandboxQuota(spec.domainName);
    ASSERT_TRUE(afterBalloon) << afterBalloon.error().detail;
    EXPECT_EQ(afterBalloon->memoryMiB, 384u);

    core::Result<core::AppliedQuota> reverted = m_connection->setSandboxQuota(spec.domainName, core::baselineQuota(m_template));
    ASSERT_TRUE(reverted) << reverted.error().detail;
    EXPECT_EQ(hostCpuPercent(raw, spec.domainName), 25.0);
    EXPECT_LT(waitForHostMemoryBelow(raw, spec.domainName, 384), 384u);
}

TEST_F(BurstHostTest, OutOfRangeQuotaChangesNothing)
{
    m_template.burst = samplePlan(10);
    core::SandboxSpec spec = tinySpec("burst-range");
    ASSERT_NO_FATAL_FAILURE(createReady(spec));
    virConnectPtr raw = m_host->rawConnectionForTesting();
    // The balloon settles a few MiB around its target after boot, so the size is compared with
    // the one read now, within that margin.
    const std::optional<std::uint64_t> memoryBefore = hostMemoryMiB(raw, spec.domainName);
    ASSERT_TRUE(memoryBefore.has_value());
    const auto unchanged = [&] {
        const std::optional<std::uint64_t> now = hostMemoryMiB(raw, spec.domainName);
        return now.has_value() && std::max(*now, *memoryBefore) - std::min(*now, *memoryBefore) <= 8;
    };

    // The CPU part is valid and the memory is above the domain's maximum: neither may change.
    core::Result<core::AppliedQuota> tooMuchMemory = m_connection->setSandboxQuota(spec.domainName, core::SandboxQuota{100.0, 4096});
    ASSERT_FALSE(tooMuchMemory);
    EXPECT_EQ(tooMuchMemory.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(tooMuchMemory.error().detail.find("maximum is 384 MiB"), std::string::npos) << tooMuchMemory.error().detail;
    EXPECT_EQ(hostCpuPercent(raw, spec.domainName), 25.0);
    EXPECT_TRUE(unchanged()) << "balloon was " << *memoryBefore << " MiB";

    core::Result<core::AppliedQuota> tooLittleCpu = m_connection->setSandboxQuota(spec.domainName, core::SandboxQuota{0.5, 384});
    ASSERT_FALSE(tooLittleCpu);
    EXPECT_EQ(tooLittleCpu.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(tooLittleCpu.error().detail.find("valid range is 1000"), std::string::npos) << tooLittleCpu.error().detail;
    EXPECT_EQ(hostCpuPercent(raw, spec.domainName), 25.0);
    EXPECT_TRUE(unchanged()) << "balloon was " << *memoryBefore << " MiB";
}

// A fleet on a store in a temporary directory, with the real host stored, so that a second
// fleet on the same store picks up the first one's burst deadlines.
class BurstFleetTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        core::Result<IntegrationSettings> settings = readIntegrationSettings();
        ASSERT_TRUE(settings) << settings.error().detail;
        m_settings = *settings;
        ASSERT_FALSE(m_directory.path().empty());
        core::Result<std::unique_ptr<core::Store>> store = core::Store::open((m_directory.path() / "shoal.db").string());
        ASSERT_TRUE(store) << store.error().detail;
        m_store = std::move(*store);
        m_raw = virConnectOpen(m_settings.libvirtUri.c_str());
        ASSERT_NE(m_raw, nullptr);
    }

    void TearDown() override
    {
        if (m_fleet && m_sandbox)
            m_fleet->destroySandbox(m_sandbox->metadata.id);
        m_fleet.reset();
        if (m_raw)
            virConnectClose(m_raw);
    }

    // Starts a fleet on the store; the first call adds and stores the host, later calls load it.
    void startFleet()
    {
        core::FleetOptions options;
        options.guestDirectory = m_settings.guestDirectory;
        options.statsInterval = 0ms;
        m_fleet = std::make_unique<core::Fleet>(m_hypervisor, *m_store, options);
        core::Status loaded = m_fleet->load();
        ASSERT_TRUE(loaded) << loaded.error().detail;
        if (!m_hostStored) {
            core::HostSpec host;
            host.uri = m_settings.libvirtUri;
            core::Result<core::HostStatus> added = m_fleet->addHost(host);
            ASSERT_TRUE(added) << added.error().detail;
            m_hostStored = true;
        }
    }

    void createBursting(int windowSeconds)
    {
        core::Result<core::Template> set = m_fleet->setBurstPlan("tiny", samplePlan(windowSeconds));
        ASSERT_TRUE(set) << set.error().detail;
        core::CreateRequest request;
        request.templateName = "tiny";
        request.hostUri = m_settings.libvirtUri;
        request.displayName = "it-burst-" + std::to_string(getpid()) + "-" + std::to_string(windowSeconds);
        request.startMode = core::StartMode::Cold;
        core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);
        ASSERT_TRUE(created) << created.error().detail;
        ASSERT_EQ(created->size(), 1u);
        m_sandbox = created->front();
    }

    // Waits until the host reports `percent` for the sandbox; fails after kRevertWaitLimit.
    void waitForHostCpu(double percent)
    {
        const auto limit = std::chrono::steady_clock::now() + kRevertWaitLimit;
        while (hostCpuPercent(m_raw, m_sandbox->domainName) != percent) {
            ASSERT_LT(std::chrono::steady_clock::now(), limit)
                << "the host still reports " << hostCpuPercent(m_raw, m_sandbox->domainName).value_or(-1) << " %";
            std::this_thread::sleep_for(50ms);
        }
    }

    // Waits until the fleet shows the sandbox's burst as ended, which it does after it removed
    // the stored deadline.
    void waitForRevertPublished()
    {
        const auto limit = std::chrono::steady_clock::now() + kRevertWaitLimit;
        for (;;) {
            core::Result<core::SandboxInfo> found = m_fleet->findSandbox(m_sandbox->metadata.id);
            ASSERT_TRUE(found) << found.error().detail;
            // A restarted fleet reports no window until it has reverted the stored one.
            if (found->burst.windowEndMs != 0 && !found->burst.active)
                return;
            ASSERT_LT(std::chrono::steady_clock::now(), limit) << "the fleet still shows the burst as active";
            std::this_thread::sleep_for(50ms);
        }
    }

    IntegrationSettings m_settings;
    TemporaryDirectory m_directory;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::Fleet> m_fleet;
    std::optional<core::SandboxInfo> m_sandbox;
    virConnectPtr m_raw = nullptr;
    bool m_hostStored = false;
};

TEST_F(BurstFleetTest, RevertsAtDeadline)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    ASSERT_NO_FATAL_FAILURE(createBursting(3));

    const core::BurstStatus& burst = m_sandbox->burst;
    EXPECT_TRUE(burst.active);
    EXPECT_TRUE(burst.appliedOnHost);
    EXPECT_EQ(burst.plannedCpuPercent, 100.0);
    EXPECT_EQ(burst.appliedCpuPercent, 100.0);
    EXPECT_EQ(burst.appliedMemoryMiB, 384u);
    EXPECT_EQ(burst.windowEndMs - burst.windowStartMs, 3000);

    ASSERT_NO_FATAL_FAILURE(waitForHostCpu(25.0));
    const auto revertedAt = std::chrono::system_clock::now();
    EXPECT_GE(std::chrono::duration_cast<std::chrono::milliseconds>(revertedAt.time_since_epoch()).count(),
              burst.windowEndMs);
    EXPECT_LT(waitForHostMemoryBelow(m_raw, m_sandbox->domainName, 384), 384u);
    ASSERT_NO_FATAL_FAILURE(waitForRevertPublished());
    core::Result<std::vector<core::BurstDeadline>> stored = m_store->burstDeadlines();
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->empty());
}

TEST_F(BurstFleetTest, RevertsAfterRestartMidWindow)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    ASSERT_NO_FATAL_FAILURE(createBursting(8));
    const std::int64_t windowEndMs = m_sandbox->burst.windowEndMs;
    m_fleet.reset();

    // No console runs: the burst stays applied and its deadline stays stored.
    EXPECT_EQ(hostCpuPercent(m_raw, m_sandbox->domainName), 100.0);
    core::Result<std::vector<core::BurstDeadline>> stored = m_store->burstDeadlines();
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ(stored->front().windowEndMs, windowEndMs);

    ASSERT_NO_FATAL_FAILURE(startFleet());
    // The restarted console shows the window again, with the quota the host still applies.
    core::BurstStatus restartedBurst;
    for (int attempt = 0; attempt < 100 && !restartedBurst.active; ++attempt) {
        if (core::Result<core::SandboxInfo> found = m_fleet->findSandbox(m_sandbox->metadata.id))
            restartedBurst = found->burst;
        if (!restartedBurst.active)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(restartedBurst.active);
    EXPECT_EQ(restartedBurst.windowEndMs, windowEndMs);
    EXPECT_TRUE(restartedBurst.appliedOnHost);
    EXPECT_EQ(restartedBurst.appliedCpuPercent.value_or(0.0), 100.0);

    ASSERT_NO_FATAL_FAILURE(waitForHostCpu(25.0));
    const std::int64_t nowMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_GE(nowMs, windowEndMs) << "the restarted console reverted before the deadline";
}

TEST_F(BurstFleetTest, RevertsAtOnceAfterRestartPastDeadline)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    ASSERT_NO_FATAL_FAILURE(createBursting(2));
    const std::int64_t windowEndMs = m_sandbox->burst.windowEndMs;
    m_fleet.reset();

    // Let the deadline pass while no console runs.
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::milliseconds(windowEndMs + 1000)));
    EXPECT_EQ(hostCpuPercent(m_raw, m_sandbox->domainName), 100.0);

    ASSERT_NO_FATAL_FAILURE(startFleet());
    ASSERT_NO_FATAL_FAILURE(waitForHostCpu(25.0));
    ASSERT_NO_FATAL_FAILURE(waitForRevertPublished());
    core::Result<std::vector<core::BurstDeadline>> stored = m_store->burstDeadlines();
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->empty());
}

}  // namespace
}  // namespace shoal::integration
