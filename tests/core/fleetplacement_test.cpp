// Placement inside the fleet: the pending queue, overflow units, explanations, what-if runs and
// applying a policy.

#include <algorithm>
#include <map>
#include <thread>

#include "core/placementtext.h"
#include "tests/core/fleetfixture.h"

namespace shoal::tests {
namespace {

using core::ErrorCode;
using core::SandboxState;

constexpr const char* kOverflowPolicy = R"yaml(
units:
  - name: baseline
    hosts: {pool: baseline}
  - name: serverless
    hosts: {pool: serverless}
    when: {pendingAbove: 3}
overcommit: {cpu: 1.0, memory: 1.0}
)yaml";

class FleetPlacementTest : public FleetTest {
protected:
    // Adds a connected fake host with `cpus` CPUs and 64 GiB, labelled with `zone` and `pool`.
    std::shared_ptr<FakeHost> addHost(const std::string& uri, const std::string& zone, const std::string& pool,
                                      int cpus)
    {
        std::shared_ptr<FakeHost> host = m_hypervisor.addHost(uri);
        host->setCapacity(cpus, 64 * 1024);
        core::HostSpec spec;
        spec.uri = uri;
        spec.labels.zone = zone;
        spec.labels.pool = pool;
        core::Result<core::HostStatus> added = m_fleet->addHost(spec);
        EXPECT_TRUE(added) << added.error().detail;
        return host;
    }

    void applyPolicy(const char* text)
    {
        core::Status applied = m_fleet->applyPolicy(text);
        ASSERT_TRUE(applied) << applied.error().detail;
    }

    core::CreateRequest launch(int count, std::chrono::seconds queueTimeout) const
    {
        core::CreateRequest request = createRequest("load");
        request.count = count;
        request.queueTimeout = queueTimeout;
        return request;
    }

    std::map<std::string, int> sandboxesPerHost() const
    {
        std::map<std::string, int> counts;
        for (const core::SandboxInfo& sandbox : m_fleet->sandboxes())
            ++counts[sandbox.hostUri];
        return counts;
    }

    // Waits until `condition` holds, for at most 10 s.
    template <typename Condition>
    bool eventually(Condition condition) const
    {
        for (int attempt = 0; attempt < 1000; ++attempt) {
            if (condition())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return condition();
    }
};

TEST_F(FleetPlacementTest, OverflowUnitTakesSandboxesOnlyWhileTheQueueIsLong)
{
    addHost("fake://b1", "az1", "baseline", 2);
    addHost("fake://s1", "az1", "serverless", 8);
    applyPolicy(kOverflowPolicy);

    // 8 requests: the baseline has room for 2, then the serverless unit takes requests while more than 3
    // wait, which leaves 3 in the queue until the caller gives up.
    auto created = m_fleet->createSandboxes(launch(8, std::chrono::seconds(1)));

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->size(), 5u);
    std::map<std::string, int> perHost = sandboxesPerHost();
    EXPECT_EQ(perHost["fake://b1"], 2);
    EXPECT_EQ(perHost["fake://s1"], 3);
    EXPECT_EQ(perHost.count(""), 0u) << "cancelled requests leave the queue";
    EXPECT_EQ(m_fleet->queueStatus().pending, 0);

    for (const core::SandboxInfo& sandbox : *created) {
        auto explanation = m_fleet->explainPlacement(sandbox.metadata.displayName);
        ASSERT_TRUE(explanation) << explanation.error().detail;
        ASSERT_TRUE(explanation->record);
        EXPECT_EQ(explanation->record->hostUri, sandbox.hostUri);
        EXPECT_EQ(explanation->record->unit, sandbox.hostUri == "fake://b1" ? "baseline" : "serverless");
        if (explanation->record->unit == "serverless") {
            EXPECT_GT(explanation->record->pendingAtDecision, 3);
        }
    }

    std::vector<core::OperationUpdate> failed;
    for (const core::OperationUpdate& update : m_listener.finishedOperations()) {
        if (update.state == core::OperationUpdate::State::Failed)
            failed.push_back(update);
    }
    ASSERT_EQ(failed.size(), 3u);
    EXPECT_NE(failed.front().message.find("still pending after 1 s"), std::string::npos) << failed.front().message;
    EXPECT_NE(failed.front().message.find("serverless: overflow condition not met"), std::string::npos)
        << failed.front().message;
}

TEST_F(FleetPlacementTest, OverflowUnitOpensOnceTheOldestHasWaitedLongEnough)
{
    addHost("fake://b1", "az1", "baseline", 1);
    addHost("fake://s1", "az1", "serverless", 4);
    applyPolicy(R"yaml(
units:
  - name: baseline
    hosts: {pool: baseline}
  - name: serverless
    hosts: {pool: serverless}
    when: {oldestWaitAbove: 300ms}
overcommit: {cpu: 1.0, memory: 1.0}
)yaml");
    createOne("first");

    core::SandboxInfo second = createOne("second");

    EXPECT_EQ(second.hostUri, "fake://s1");
    auto explanation = m_fleet->explainPlacement("second");
    ASSERT_TRUE(explanation);
    ASSERT_TRUE(explanation->record);
    EXPECT_EQ(explanation->record->unit, "serverless");
    EXPECT_GT(explanation->record->oldestWaitMsAtDecision, 300);
    EXPECT_GE(explanation->record->waitedMs, explanation->record->oldestWaitMsAtDecision);
}

TEST_F(FleetPlacementTest, ZoneSpreadHoldsAcrossZones)
{
    addHost("fake://a1", "az1", "baseline", 16);
    addHost("fake://b1", "az2", "baseline", 4);
    applyPolicy(R"yaml(
units:
  - name: baseline
spread: {by: zone, maxSkew: 1, whenUnsatisfiable: do-not-schedule}
overcommit: {cpu: 1.0, memory: 1.0}
)yaml");

    auto created = m_fleet->createSandboxes(launch(6, std::chrono::seconds(10)));

    ASSERT_TRUE(created) << created.error().detail;
    std::map<std::string, int> perHost = sandboxesPerHost();
    EXPECT_EQ(perHost["fake://a1"], 3);
    EXPECT_EQ(perHost["fake://b1"], 3);
}

TEST_F(FleetPlacementTest, PendingSandboxExplainsItselfAndCanBeDestroyed)
{
    addHost("fake://b1", "az1", "baseline", 1);
    applyPolicy(kOverflowPolicy);
    createOne("first");

    core::CreateRequest request = createRequest("waiting");
    request.detached = true;
    auto queued = m_fleet->createSandboxes(request);
    ASSERT_TRUE(queued) << queued.error().detail;
    ASSERT_EQ(queued->size(), 1u);
    EXPECT_EQ(queued->front().state, SandboxState::Pending);

    ASSERT_TRUE(eventually([&] {
        auto explanation = m_fleet->explainPlacement("waiting");
        return explanation && !explanation->rejections.empty();
    }));
    auto explanation = m_fleet->explainPlacement("waiting");
    ASSERT_TRUE(explanation) << explanation.error().detail;
    EXPECT_TRUE(explanation->pending);
    ASSERT_EQ(explanation->rejections.size(), 2u);
    EXPECT_EQ(explanation->rejections[0].unit, "baseline");
    EXPECT_EQ(explanation->rejections[0].count(core::RejectReason::Capacity), 1);
    EXPECT_EQ(explanation->rejections[1].count(core::RejectReason::Label), 1);
    EXPECT_EQ(m_fleet->queueStatus().pending, 1);

    core::Status destroyed = m_fleet->destroySandbox("waiting");

    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    EXPECT_FALSE(m_fleet->findSandbox("waiting"));
    EXPECT_EQ(m_fleet->queueStatus().pending, 0);
    EXPECT_EQ(m_store->sandboxes()->size(), 1u);
}

TEST_F(FleetPlacementTest, QueuedSandboxIsPlacedWhenCapacityFreesUp)
{
    addHost("fake://b1", "az1", "baseline", 1);
    applyPolicy(kOverflowPolicy);
    createOne("first");
    core::CreateRequest request = createRequest("next");
    request.detached = true;
    ASSERT_TRUE(m_fleet->createSandboxes(request));

    ASSERT_TRUE(m_fleet->destroySandbox("first"));

    ASSERT_TRUE(eventually([&] {
        auto sandbox = m_fleet->findSandbox("next");
        return sandbox && sandbox->state == SandboxState::Running;
    }));
    EXPECT_EQ(m_fleet->findSandbox("next")->hostUri, "fake://b1");
    EXPECT_EQ(m_fleet->queueStatus().pending, 0);
}

TEST_F(FleetPlacementTest, WhatIfChangesNothing)
{
    std::shared_ptr<FakeHost> baseline = addHost("fake://b1", "az1", "baseline", 2);
    std::shared_ptr<FakeHost> serverless = addHost("fake://s1", "az2", "serverless", 8);
    applyPolicy(kOverflowPolicy);
    createOne("existing");
    const std::size_t storedBefore = m_store->sandboxes()->size();
    const std::vector<core::SandboxInfo> before = m_fleet->sandboxes();

    auto report = m_fleet->whatIf("tiny", 8);

    ASSERT_TRUE(report) << report.error().detail;
    // 1 more fits the baseline; the serverless unit takes requests while more than 3 wait.
    std::map<std::string, std::int64_t> perUnit;
    for (const core::WhatIfReport::Landing& landing : report->landings)
        perUnit[landing.unit + "/" + landing.zone] += landing.sandboxes;
    EXPECT_EQ(perUnit["baseline/az1"], 1);
    EXPECT_EQ(perUnit["serverless/az2"], 4);
    EXPECT_EQ(report->stillPending, 3);
    EXPECT_TRUE(report->overflowUsed);
    ASSERT_EQ(report->refusal.size(), 2u);
    EXPECT_EQ(report->refusal[1].count(core::RejectReason::OverflowNotEligible), 1);

    EXPECT_EQ(m_fleet->sandboxes().size(), before.size());
    EXPECT_EQ(m_store->sandboxes()->size(), storedBefore);
    EXPECT_EQ(m_fleet->queueStatus().pending, 0);
    EXPECT_FALSE(serverless->wasCalled("createSandbox"));
}

TEST_F(FleetPlacementTest, BrokenPolicyIsRefusedAndTheOldOneStays)
{
    addHost("fake://b1", "az1", "baseline", 2);
    applyPolicy(kOverflowPolicy);

    core::Status refused = m_fleet->applyPolicy("units:\n  - name: baseline\n    max: -4\n");

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(refused.error().detail.find("line 3"), std::string::npos) << refused.error().detail;
    EXPECT_EQ(m_fleet->policy().text, kOverflowPolicy);
    EXPECT_EQ(m_fleet->policy().policy.units.size(), 2u);
    EXPECT_FALSE(m_fleet->policy().isDefault);

    // The applied policy is stored, so the next fleet on this database starts with it.
    makeFleet();
    ASSERT_TRUE(m_fleet->load());
    EXPECT_EQ(m_fleet->policy().text, kOverflowPolicy);
}

TEST_F(FleetPlacementTest, QueueStatusNamesTheUnitsAndThresholds)
{
    addHost("fake://b1", "az1", "baseline", 2);
    addHost("fake://s1", "az1", "serverless", 2);
    applyPolicy(kOverflowPolicy);
    createOne("one");

    core::QueueStatus status = m_fleet->queueStatus();

    ASSERT_EQ(status.units.size(), 2u);
    EXPECT_EQ(status.units[0].name, "baseline");
    EXPECT_EQ(status.units[0].sandboxes, 1);
    EXPECT_TRUE(status.units[0].eligible);
    EXPECT_EQ(status.units[0].hosts, 1);
    EXPECT_TRUE(status.units[1].overflow);
    EXPECT_FALSE(status.units[1].eligible);
    EXPECT_EQ(status.pendingThreshold, 3);
    EXPECT_FALSE(status.waitThreshold);
}

TEST_F(FleetPlacementTest, ScaleInEmptiesQueueThenOverflowThenNewestBaseline)
{
    addHost("fake://b1", "az1", "baseline", 3);
    addHost("fake://s1", "az1", "serverless", 2);
    applyPolicy(R"yaml(
units:
  - name: baseline
    hosts: {pool: baseline}
  - name: serverless
    hosts: {pool: serverless}
overcommit: {cpu: 1.0, memory: 1.0}
)yaml");
    // Creation times have millisecond resolution, and sandboxes made in the same millisecond are
    // ordered by id, so the pauses make "newest" well defined here.
    for (const char* name : {"b-old", "b-mid", "b-new", "s-one", "s-two"}) {
        createOne(name);
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    core::CreateRequest waiting = createRequest("queued");
    waiting.detached = true;
    ASSERT_TRUE(m_fleet->createSandboxes(waiting));
    ASSERT_EQ(m_fleet->findSandbox("s-one")->hostUri, "fake://s1");

    auto report = m_fleet->scaleIn("tiny", 4);

    ASSERT_TRUE(report) << report.error().detail;
    EXPECT_TRUE(report->failures.empty());
    ASSERT_EQ(report->removed.size(), 4u);
    EXPECT_EQ(report->removed[0].displayName, "queued");
    EXPECT_TRUE(report->removed[0].wasPending);
    EXPECT_EQ(report->removed[1].unit, "serverless");
    EXPECT_EQ(report->removed[2].unit, "serverless");
    EXPECT_EQ(report->removed[3].displayName, "b-new");
    EXPECT_TRUE(m_fleet->findSandbox("b-old"));
    EXPECT_TRUE(m_fleet->findSandbox("b-mid"));
    EXPECT_FALSE(m_fleet->findSandbox("s-one"));
    EXPECT_EQ(m_fleet->sandboxes().size(), 2u);
}

TEST(PlacementText, DescribesEachUnitOfARefusal)
{
    core::UnitRejections baseline{"baseline", {}};
    baseline.hosts[static_cast<std::size_t>(core::RejectReason::Label)] = 4;
    baseline.hosts[static_cast<std::size_t>(core::RejectReason::Capacity)] = 3;
    baseline.hosts[static_cast<std::size_t>(core::RejectReason::Unhealthy)] = 1;
    core::UnitRejections empty{"spare", {}};

    EXPECT_EQ(core::describeRefusal({baseline, empty}),
              "baseline: host disconnected or low on disk (1 host), not enough capacity (3 hosts); "
              "spare: no host matches its selector");
}

}  // namespace
}  // namespace shoal::tests
