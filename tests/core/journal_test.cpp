#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/journal.h"
#include "core/store.h"
#include "tests/core/fleetfixture.h"

namespace shoal::core {
namespace {

std::unique_ptr<Store> openMemoryStore()
{
    Result<std::unique_ptr<Store>> store = Store::open(":memory:");
    EXPECT_TRUE(store) << (store ? "" : store.error().detail);
    return store ? std::move(*store) : nullptr;
}

JournalEntry cloneEntry()
{
    JournalEntry entry;
    entry.kind = "clone";
    entry.hostUri = "qemu:///system";
    entry.sandboxId = "source22";
    entry.displayName = "agent 7";
    entry.domainName = "shoal-source22";
    entry.targetDomains = {"shoal-clonea22", "shoal-cloneb22"};
    entry.targetIds = {"clonea22", "cloneb22"};
    return entry;
}

SandboxRemains running()
{
    SandboxRemains remains;
    remains.defined = true;
    remains.state = SandboxState::Running;
    return remains;
}

SandboxRemains stopped()
{
    SandboxRemains remains;
    remains.defined = true;
    remains.state = SandboxState::Stopped;
    return remains;
}

TEST(Journal, OpenRecordAndReadBack)
{
    std::unique_ptr<Store> store = openMemoryStore();
    ASSERT_TRUE(store);
    OperationJournal journal(*store, {});
    ASSERT_TRUE(journal.open(cloneEntry()));
    journal.record("shoal-source22", "snapshot", PhaseEvent::Kind::Started);
    journal.record("shoal-clonea22", "restore", PhaseEvent::Kind::Finished);

    Result<std::vector<JournalEntry>> entries = store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    ASSERT_EQ(entries->size(), 1u);
    const JournalEntry& stored = entries->front();
    EXPECT_EQ(stored.kind, "clone");
    EXPECT_EQ(stored.domainName, "shoal-source22");
    EXPECT_EQ(stored.targetDomains, cloneEntry().targetDomains);
    EXPECT_EQ(stored.targetIds, cloneEntry().targetIds);
    EXPECT_EQ(stored.owner.pid, currentProcess().pid);
    EXPECT_EQ(stored.owner.startTime, currentProcess().startTime);
    ASSERT_EQ(stored.phases.size(), 2u);
    EXPECT_EQ(stored.phases[0].phase, "snapshot");
    EXPECT_EQ(stored.phases[0].event, PhaseEvent::Kind::Started);
    EXPECT_EQ(stored.phases[1].domainName, "shoal-clonea22");
    EXPECT_EQ(stored.phases[1].event, PhaseEvent::Kind::Finished);
}

TEST(Journal, CloseDeletesEntryAndPhases)
{
    std::unique_ptr<Store> store = openMemoryStore();
    ASSERT_TRUE(store);
    OperationJournal journal(*store, {});
    ASSERT_TRUE(journal.open(cloneEntry()));
    journal.record("shoal-source22", "snapshot", PhaseEvent::Kind::Started);
    journal.close();

    Result<std::vector<JournalEntry>> entries = store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    EXPECT_TRUE(entries->empty());

    // The phases went with the closed entry, so a new entry starts without any.
    OperationJournal next(*store, {});
    ASSERT_TRUE(next.open(cloneEntry()));
    entries = store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_TRUE(entries->front().phases.empty());
}

TEST(Journal, HostLossKeepsEntryOpen)
{
    std::unique_ptr<Store> store = openMemoryStore();
    ASSERT_TRUE(store);
    OperationJournal lost(*store, {});
    ASSERT_TRUE(lost.open(cloneEntry()));
    lost.closeUnlessHostLost(Error{ErrorCode::HostUnreachable, "connection closed", 0, {}});
    OperationJournal failed(*store, {});
    ASSERT_TRUE(failed.open(cloneEntry()));
    failed.closeUnlessHostLost(Error{ErrorCode::HostError, "restore failed", 0, {}});

    Result<std::vector<JournalEntry>> entries = store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    EXPECT_EQ(entries->size(), 1u);
}

TEST(Journal, HookSeesEveryRecordedEvent)
{
    std::unique_ptr<Store> store = openMemoryStore();
    ASSERT_TRUE(store);
    std::vector<std::string> seen;
    OperationJournal journal(*store, [&seen](std::string_view kind, std::string_view phase, PhaseEvent::Kind event) {
        seen.push_back(std::string(kind) + ":" + std::string(phase) + ":" + std::string(toString(event)));
    });
    ASSERT_TRUE(journal.open(cloneEntry()));
    journal.record("shoal-source22", "snapshot", PhaseEvent::Kind::Started);
    journal.record("shoal-source22", "snapshot", PhaseEvent::Kind::Failed);
    EXPECT_EQ(seen, (std::vector<std::string>{"clone:snapshot:started", "clone:snapshot:failed"}));
}

TEST(Journal, CurrentProcessIsAlive)
{
    EXPECT_TRUE(isProcessAlive(currentProcess()));
}

TEST(Journal, ReusedPidIsNotTheOwner)
{
    ProcessIdentity reused = currentProcess();
    if (reused.startTime.empty())
        GTEST_SKIP() << "/proc has no start time here";
    reused.startTime += "1";
    EXPECT_FALSE(isProcessAlive(reused));
}

struct ReconcileCase {
    const char* name;
    const char* kind;
    SandboxRemains domain;
    ReconcileDecision expected;
};

class ReconcileDecisionTest : public ::testing::TestWithParam<ReconcileCase> {};

TEST_P(ReconcileDecisionTest, DecidesFromRemains)
{
    const ReconcileCase& testCase = GetParam();
    JournalEntry entry;
    entry.kind = testCase.kind;
    entry.domainName = "shoal-abcdefgh";
    const std::map<std::string, SandboxRemains> remains{{entry.domainName, testCase.domain}};
    EXPECT_EQ(planReconcile(entry, remains).decision, testCase.expected) << testCase.name;
}

SandboxRemains withImage(SandboxRemains remains, bool complete)
{
    remains.hasStateVolume = true;
    remains.stateImageComplete = complete;
    return remains;
}

SandboxRemains busy(SandboxRemains remains)
{
    remains.jobActive = true;
    return remains;
}

INSTANTIATE_TEST_SUITE_P(
    Journal, ReconcileDecisionTest,
    ::testing::Values(ReconcileCase{"create never defined", "create", SandboxRemains{}, ReconcileDecision::RollBack},
                      ReconcileCase{"create defined, not started", "create", stopped(), ReconcileDecision::RollBack},
                      ReconcileCase{"create running", "create", running(), ReconcileDecision::RollForward},
                      ReconcileCase{"sleep still running", "sleep", withImage(running(), false), ReconcileDecision::RollBack},
                      ReconcileCase{"sleep saving", "sleep", busy(withImage(running(), false)), ReconcileDecision::Wait},
                      ReconcileCase{"sleep saved", "sleep", withImage(stopped(), true), ReconcileDecision::RollForward},
                      ReconcileCase{"sleep partial", "sleep", withImage(stopped(), false), ReconcileDecision::RollBack},
                      ReconcileCase{"wake not started", "wake", withImage(stopped(), true), ReconcileDecision::RollBack},
                      ReconcileCase{"wake running", "wake", withImage(running(), true), ReconcileDecision::RollForward},
                      ReconcileCase{"destroy", "destroy", running(), ReconcileDecision::RollForward}));

TEST(Journal, CloneRollsForwardOnlyWhenEveryCloneRuns)
{
    const JournalEntry entry = cloneEntry();
    std::map<std::string, SandboxRemains> remains{{entry.domainName, running()},
                                                  {entry.targetDomains[0], running()}};
    EXPECT_EQ(planReconcile(entry, remains).decision, ReconcileDecision::RollBack);

    remains[entry.targetDomains[1]] = stopped();
    EXPECT_EQ(planReconcile(entry, remains).decision, ReconcileDecision::RollBack);

    remains[entry.targetDomains[1]] = running();
    EXPECT_EQ(planReconcile(entry, remains).decision, ReconcileDecision::RollForward);

    remains[entry.targetDomains[1]] = busy(running());
    EXPECT_EQ(planReconcile(entry, remains).decision, ReconcileDecision::Wait);
}

class JournalReconcile : public tests::FleetTest {
protected:
    // Stores an open entry whose owner process no longer exists.
    void storeDeadEntry(const std::string& kind, const std::string& id)
    {
        JournalEntry entry;
        entry.kind = kind;
        entry.hostUri = "test:///reconcile";
        entry.sandboxId = id;
        entry.displayName = "crashed " + id;
        entry.domainName = "shoal-" + id;
        // Larger than Linux's maximum PID (2^22), so no process has it.
        entry.owner = ProcessIdentity{std::int64_t{1} << 40, "1"};
        ASSERT_TRUE(m_store->openJournalEntry(entry));
    }
};

TEST_F(JournalReconcile, DeadCreateRollsBackOnConnect)
{
    std::shared_ptr<tests::FakeHost> host = m_hypervisor.addHost("test:///reconcile");
    host->addDomain(tests::makeListedSandbox("deadbox2", "crashed deadbox2", SandboxState::Stopped));
    storeDeadEntry("create", "deadbox2");

    addConnectedHost("test:///reconcile");

    EXPECT_FALSE(host->domain("shoal-deadbox2").has_value());
    EXPECT_TRUE(host->wasCalled("destroySandbox shoal-deadbox2"));
    Result<std::vector<JournalEntry>> entries = m_store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    EXPECT_TRUE(entries->empty());
    EXPECT_FALSE(m_fleet->findSandbox("crashed deadbox2"));

    std::vector<OperationUpdate> operations = m_listener.operations();
    const auto reconcile = std::find_if(operations.begin(), operations.end(),
                                        [](const OperationUpdate& update) { return update.kind == "reconcile"; });
    ASSERT_NE(reconcile, operations.end());
    EXPECT_EQ(reconcile->state, OperationUpdate::State::Succeeded);
    EXPECT_NE(reconcile->message.find("create of \"crashed deadbox2\" rolled back"), std::string::npos)
        << reconcile->message;
}

TEST_F(JournalReconcile, DeadCreateOfRunningSandboxRollsForward)
{
    std::shared_ptr<tests::FakeHost> host = m_hypervisor.addHost("test:///reconcile");
    host->addDomain(tests::makeListedSandbox("livebox2", "crashed livebox2", SandboxState::Running));
    storeDeadEntry("create", "livebox2");

    addConnectedHost("test:///reconcile");

    EXPECT_TRUE(host->domain("shoal-livebox2").has_value());
    Result<std::vector<JournalEntry>> entries = m_store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    EXPECT_TRUE(entries->empty());
    Result<SandboxInfo> found = m_fleet->findSandbox("crashed livebox2");
    ASSERT_TRUE(found) << found.error().detail;
    EXPECT_EQ(found->state, SandboxState::Running);
}

TEST_F(JournalReconcile, EntryOfLiveProcessStaysOpen)
{
    std::shared_ptr<tests::FakeHost> host = m_hypervisor.addHost("test:///reconcile");
    host->addDomain(tests::makeListedSandbox("busybox2", "busy", SandboxState::Stopped));
    JournalEntry entry;
    entry.kind = "create";
    entry.hostUri = "test:///reconcile";
    entry.sandboxId = "busybox2";
    entry.displayName = "busy";
    entry.domainName = "shoal-busybox2";
    // The parent process runs this test, so it is alive and its entries are its own to finish.
    entry.owner = ProcessIdentity{::getppid(), ""};
    ASSERT_TRUE(m_store->openJournalEntry(entry));

    addConnectedHost("test:///reconcile");

    EXPECT_TRUE(host->domain("shoal-busybox2").has_value());
    Result<std::vector<JournalEntry>> entries = m_store->openJournalEntries();
    ASSERT_TRUE(entries) << entries.error().detail;
    EXPECT_EQ(entries->size(), 1u);
}

}  // namespace
}  // namespace shoal::core
