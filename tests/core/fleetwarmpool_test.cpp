#include <algorithm>
#include <thread>

#include <gtest/gtest.h>

#include "tests/core/fleetfixture.h"

namespace shoal::tests {
namespace {

using core::ErrorCode;
using core::SandboxState;
using core::StartMode;

constexpr const char* kHost = "test:///host-a.xml";

// A guard against a hang, not a time limit: every pool here settles within milliseconds.
constexpr std::chrono::seconds kSettleGuard{120};

class WarmPoolTest : public FleetTest {
protected:
    // Adds a connected host that can start sandboxes from a warm state.
    std::shared_ptr<FakeHost> addRestoringHost()
    {
        std::shared_ptr<FakeHost> host = m_hypervisor.host(kHost);
        if (!host)
            host = m_hypervisor.addHost(kHost);
        core::HostCapabilities capabilities;
        capabilities.canSnapshotStart = true;
        capabilities.canSaveRestore = true;
        capabilities.canUploadVolumes = true;
        host->setCapabilities(capabilities);
        return addConnectedHost(kHost);
    }

    core::WarmPoolStatus settledPool()
    {
        std::vector<core::WarmPoolStatus> pools = m_fleet->settleWarmPools(kSettleGuard);
        auto found = std::find_if(pools.begin(), pools.end(), [](const core::WarmPoolStatus& pool) {
            return pool.templateName == "tiny" && pool.hostUri == kHost;
        });
        return found == pools.end() ? core::WarmPoolStatus{} : *found;
    }

    std::vector<core::SandboxInfo> pausedEntries(const FakeHost& host) const
    {
        std::vector<core::SandboxInfo> entries;
        for (const std::string& name : host.domainNames()) {
            std::optional<core::SandboxInfo> domain = host.domain(name);
            if (domain && domain->metadata.warmPoolEntry && domain->state == SandboxState::Paused)
                entries.push_back(*domain);
        }
        return entries;
    }

    core::Result<core::SandboxInfo> createFromPool(const std::string& name, std::optional<StartMode> mode)
    {
        core::CreateRequest request = createRequest(name, kHost);
        request.startMode = mode;
        core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);
        if (!created)
            return tl::unexpected(created.error());
        return created->front();
    }

    int callCount(const FakeHost& host, const std::string& prefix) const
    {
        std::vector<std::string> calls = host.calls();
        return static_cast<int>(std::count_if(calls.begin(), calls.end(), [&prefix](const std::string& call) {
            return call.rfind(prefix, 0) == 0;
        }));
    }
};

TEST_F(WarmPoolTest, FillsToTargetSize)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();

    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    core::WarmPoolStatus pool = settledPool();

    EXPECT_EQ(pool.target, 2);
    EXPECT_EQ(pool.ready, 2);
    EXPECT_FALSE(pool.filling);
    EXPECT_EQ(pool.failures, 0);
    EXPECT_EQ(pausedEntries(*host).size(), 2u);
    ASSERT_EQ(m_store->warmPoolTargets()->size(), 1u);
    EXPECT_EQ(m_store->warmPoolTargets()->front().size, 2);
}

TEST_F(WarmPoolTest, EntriesAreNotUserSandboxes)
{
    addRestoringHost();

    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    settledPool();
    ASSERT_TRUE(m_fleet->refreshHost(kHost));

    EXPECT_TRUE(m_fleet->sandboxes().empty());
    EXPECT_TRUE(m_store->sandboxes()->empty());
    EXPECT_EQ(m_fleet->hosts().front().sandboxCount, 0);
    EXPECT_EQ(settledPool().ready, 2);
}

TEST_F(WarmPoolTest, ClaimResumesEntryUnderUserName)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    settledPool();
    std::vector<core::SandboxInfo> before = pausedEntries(*host);

    core::Result<core::SandboxInfo> claimed = createFromPool("agent", StartMode::PoolPaused);

    ASSERT_TRUE(claimed) << claimed.error().detail;
    EXPECT_EQ(claimed->state, SandboxState::Running);
    EXPECT_EQ(claimed->metadata.displayName, "agent");
    EXPECT_FALSE(claimed->metadata.warmPoolEntry);
    EXPECT_TRUE(std::any_of(before.begin(), before.end(), [&](const core::SandboxInfo& entry) {
        return entry.domainName == claimed->domainName;
    }));
    std::optional<core::SandboxInfo> domain = host->domain(claimed->domainName);
    ASSERT_TRUE(domain);
    EXPECT_EQ(domain->state, SandboxState::Running);
    EXPECT_EQ(domain->metadata.displayName, "agent");
    EXPECT_FALSE(domain->metadata.warmPoolEntry);
    EXPECT_TRUE(host->wasCalled("resumeSandbox " + claimed->domainName));
    ASSERT_EQ(m_store->sandboxes()->size(), 1u);
    EXPECT_EQ(m_store->sandboxes()->front().metadata.displayName, "agent");
    ASSERT_TRUE(m_fleet->findSandbox("agent"));
    EXPECT_EQ(m_fleet->sandboxes().size(), 1u);
    EXPECT_TRUE(m_store->openJournalEntries()->empty());
}

TEST_F(WarmPoolTest, ClaimTriggersRefill)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    settledPool();

    ASSERT_TRUE(createFromPool("agent", StartMode::PoolPaused));
    core::WarmPoolStatus pool = settledPool();

    EXPECT_EQ(pool.ready, 2);
    EXPECT_EQ(pausedEntries(*host).size(), 2u);
    EXPECT_EQ(host->domainNames().size(), 3u);
}

TEST_F(WarmPoolTest, DefaultStartClaimsReadyEntry)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    settledPool();
    const std::string entry = pausedEntries(*host).front().domainName;

    core::Result<core::SandboxInfo> created = createFromPool("agent", std::nullopt);

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->domainName, entry);
    EXPECT_EQ(created->state, SandboxState::Running);
}

TEST_F(WarmPoolTest, ClaimStartsBurst)
{
    addRestoringHost();
    core::BurstPlan plan;
    plan.cpuFactor = 2.0;
    plan.windowSeconds = 30;
    ASSERT_TRUE(m_fleet->setBurstPlan("tiny", plan));
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    settledPool();

    core::Result<core::SandboxInfo> claimed = createFromPool("agent", StartMode::PoolPaused);

    ASSERT_TRUE(claimed) << claimed.error().detail;
    EXPECT_GT(claimed->burst.windowEndMs, 0);
    EXPECT_GT(m_fleet->findSandbox("agent")->burst.windowEndMs, 0);
}

TEST_F(WarmPoolTest, PoolStartWithoutEntryFallsBack)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();

    core::Result<core::SandboxInfo> created = createFromPool("agent", StartMode::PoolPaused);

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->state, SandboxState::Running);
    EXPECT_FALSE(host->wasCalled("resumeSandbox"));
    std::vector<core::OperationUpdate> finished = m_listener.finishedOperations();
    ASSERT_FALSE(finished.empty());
    EXPECT_EQ(finished.back().kind, "create");
    EXPECT_NE(finished.back().message.find("No warm-pool entry"), std::string::npos) << finished.back().message;
}

TEST_F(WarmPoolTest, RefillFailureIsRecordedNotLooped)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    host->setFailAtDefine(true);

    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    core::WarmPoolStatus pool = settledPool();

    EXPECT_EQ(pool.ready, 0);
    EXPECT_EQ(pool.failures, 1);
    EXPECT_NE(pool.lastError.find("fault injected"), std::string::npos) << pool.lastError;
    EXPECT_GT(pool.nextRetryAtMs, 0);
    EXPECT_EQ(callCount(*host, "createSandbox"), 1);
    EXPECT_TRUE(host->domainNames().empty());
    EXPECT_TRUE(m_store->openJournalEntries()->empty());
}

TEST_F(WarmPoolTest, NewSizeRetriesAfterFailure)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    host->setFailAtDefine(true);
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    settledPool();

    host->setFailAtDefine(false);
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    core::WarmPoolStatus pool = settledPool();

    EXPECT_EQ(pool.ready, 1);
    EXPECT_EQ(pool.failures, 0);
    EXPECT_TRUE(pool.lastError.empty());
    EXPECT_EQ(pool.nextRetryAtMs, 0);
}

TEST_F(WarmPoolTest, RetryAfterBackoffFillsPool)
{
    core::FleetOptions options;
    options.warmPoolRetryInitialDelay = std::chrono::milliseconds(1);
    options.warmPoolRetryMaxDelay = std::chrono::milliseconds(1);
    makeFleet(options);
    std::shared_ptr<FakeHost> host = addRestoringHost();
    host->setFailAtDefine(true);
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    // With a 1 ms delay the retries may already have failed again, so at least one failure.
    ASSERT_GE(settledPool().failures, 1);

    host->setFailAtDefine(false);
    // Nothing but the retry timer refills the pool now. The loop bound guards against a hang.
    core::WarmPoolStatus pool;
    for (int round = 0; round < 100000 && pool.ready < 1; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        pool = m_fleet->warmPools().front();
    }

    EXPECT_EQ(pool.ready, 1);
    EXPECT_EQ(pool.failures, 0);
}

TEST_F(WarmPoolTest, DisconnectedHostIsNotRefilled)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    settledPool();
    host->setReachable(false);
    host->loseConnection("closed by peer");

    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    core::WarmPoolStatus whileLost = settledPool();

    EXPECT_EQ(whileLost.ready, 0);
    EXPECT_EQ(callCount(*host, "createSandbox"), 1);

    host->setReachable(true);
    ASSERT_TRUE(m_fleet->refreshHost(kHost));
    core::WarmPoolStatus reconnected = settledPool();

    EXPECT_EQ(reconnected.ready, 2);
    EXPECT_EQ(pausedEntries(*host).size(), 2u);
    EXPECT_EQ(callCount(*host, "createSandbox"), 2);
}

TEST_F(WarmPoolTest, SizeZeroRemovesEntries)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 2));
    settledPool();

    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 0));
    m_fleet->settleWarmPools(kSettleGuard);

    EXPECT_TRUE(host->domainNames().empty());
    EXPECT_TRUE(m_fleet->warmPools().empty());
    ASSERT_EQ(m_store->warmPoolTargets()->size(), 1u);
    EXPECT_EQ(m_store->warmPoolTargets()->front().size, 0);
}

TEST_F(WarmPoolTest, OtherStoresEntryIsHiddenAndKept)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    core::SandboxInfo entry = makeListedSandbox("pool01", "warm-pool-pool01", SandboxState::Paused);
    entry.metadata.templateName = "tiny";
    entry.metadata.warmPoolEntry = true;
    host->addDomain(entry);
    addRestoringHost();
    m_fleet->settleWarmPools(kSettleGuard);

    EXPECT_TRUE(m_fleet->sandboxes().empty());
    EXPECT_TRUE(host->domain(entry.domainName).has_value());
    ASSERT_EQ(m_fleet->warmPools().size(), 1u);
    EXPECT_EQ(m_fleet->warmPools().front().ready, 1);
    EXPECT_EQ(m_fleet->warmPools().front().target, 0);
}

TEST_F(WarmPoolTest, StoppedEntryIsReplaced)
{
    std::shared_ptr<FakeHost> host = addRestoringHost();
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", kHost, 1));
    settledPool();
    const std::string stopped = pausedEntries(*host).front().domainName;
    host->sendStateEvent(stopped, SandboxState::Stopped);
    ASSERT_TRUE(host->setDomainState("stopSandbox", stopped, SandboxState::Stopped));

    ASSERT_TRUE(m_fleet->refreshHost(kHost));
    core::WarmPoolStatus pool = settledPool();

    EXPECT_EQ(pool.ready, 1);
    EXPECT_FALSE(host->domain(stopped).has_value());
    EXPECT_EQ(pausedEntries(*host).size(), 1u);
}

TEST_F(WarmPoolTest, InvalidSizeChangesNothing)
{
    addRestoringHost();

    core::Result<core::WarmPoolStatus> negative = m_fleet->setWarmPoolSize("tiny", kHost, -1);
    core::Result<core::WarmPoolStatus> huge = m_fleet->setWarmPoolSize("tiny", kHost, core::kMaxWarmPoolSize + 1);
    core::Result<core::WarmPoolStatus> unknownTemplate = m_fleet->setWarmPoolSize("missing", kHost, 1);

    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().code, ErrorCode::InvalidArgument);
    ASSERT_FALSE(huge);
    EXPECT_EQ(huge.error().code, ErrorCode::InvalidArgument);
    ASSERT_FALSE(unknownTemplate);
    EXPECT_EQ(unknownTemplate.error().code, ErrorCode::NotFound);
    EXPECT_TRUE(m_store->warmPoolTargets()->empty());
}

TEST_F(WarmPoolTest, HostWithoutRestoreIsRejected)
{
    addConnectedHost(kHost);

    core::Result<core::WarmPoolStatus> set = m_fleet->setWarmPoolSize("tiny", kHost, 1);

    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, ErrorCode::Unsupported);
}

TEST(WarmPoolReconcile, InterruptedClaimKeepsPausedDomain)
{
    core::JournalEntry entry;
    entry.kind = "claim";
    entry.domainName = "shoal-abc";
    core::SandboxRemains paused;
    paused.defined = true;
    paused.state = SandboxState::Paused;

    EXPECT_EQ(core::planReconcile(entry, {{"shoal-abc", paused}}).decision, core::ReconcileDecision::RollForward);
    EXPECT_EQ(core::planReconcile(entry, {}).decision, core::ReconcileDecision::RollBack);
}

}  // namespace
}  // namespace shoal::tests
