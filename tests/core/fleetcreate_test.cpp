#include <algorithm>
#include <filesystem>
#include <future>

#include <gtest/gtest.h>

#include "tests/core/fleetfixture.h"

namespace shoal::tests {
namespace {

using core::ErrorCode;
using core::OperationUpdate;
using core::SandboxState;

constexpr const char* kHost = "test:///host-a.xml";
constexpr const char* kOtherHost = "test:///host-b.xml";

bool containsPhase(const OperationUpdate& update, const std::string& name)
{
    return std::any_of(update.phases.begin(), update.phases.end(),
                       [&name](const core::PhaseTiming& phase) { return phase.name == name; });
}

TEST_F(FleetTest, CreateRunsSandboxAndStoresIt)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);

    core::SandboxInfo sandbox = createOne("demo");

    EXPECT_EQ(sandbox.metadata.displayName, "demo");
    EXPECT_EQ(sandbox.state, SandboxState::Running);
    EXPECT_EQ(sandbox.hostUri, kHost);
    EXPECT_EQ(sandbox.domainName, "shoal-" + sandbox.metadata.id);
    EXPECT_EQ(sandbox.metadata.zone, "az1");
    EXPECT_TRUE(host->domain(sandbox.domainName).has_value());
    ASSERT_EQ(m_store->sandboxes()->size(), 1u);
    EXPECT_EQ(m_store->sandboxes()->front().metadata.displayName, "demo");
    ASSERT_TRUE(m_fleet->findSandbox("demo"));
    EXPECT_EQ(m_fleet->findSandbox("demo")->metadata.id, sandbox.metadata.id);
}

TEST_F(FleetTest, CreateReportsTimedPhases)
{
    addConnectedHost(kHost);

    createOne("demo");

    std::vector<OperationUpdate> finished = m_listener.finishedOperations();
    ASSERT_EQ(finished.size(), 2u);
    EXPECT_EQ(finished[0].kind, "add-host");
    const OperationUpdate& create = finished[1];
    EXPECT_EQ(create.kind, "create");
    EXPECT_EQ(create.target, "demo");
    EXPECT_EQ(create.state, OperationUpdate::State::Succeeded);
    EXPECT_GT(create.id, finished[0].id);
    EXPECT_DOUBLE_EQ(create.progress, 1.0);
    EXPECT_TRUE(containsPhase(create, "prepare-template"));
    EXPECT_TRUE(containsPhase(create, "define-and-start"));
    for (const core::PhaseTiming& phase : create.phases)
        EXPECT_GE(phase.durationMs, 0.0) << phase.name;
}

TEST_F(FleetTest, CreateFailingAtStartLeavesNothing)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    host->setFailAtStart(true);

    auto created = m_fleet->createSandboxes(createRequest("demo"));

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::HostError);
    EXPECT_TRUE(host->wasCalled("createSandbox"));
    EXPECT_TRUE(host->domainNames().empty());
    EXPECT_TRUE(m_store->sandboxes()->empty());
    EXPECT_TRUE(m_fleet->sandboxes().empty());
    std::vector<OperationUpdate> finished = m_listener.finishedOperations();
    ASSERT_FALSE(finished.empty());
    EXPECT_EQ(finished.back().state, OperationUpdate::State::Failed);
    EXPECT_EQ(finished.back().message, created.error().detail);
    // One removal as the sandbox leaves the queue for its host, one when its creation rolls back.
    EXPECT_EQ(m_listener.removedDomains().size(), 2u);
}

TEST_F(FleetTest, CreateFailingAtDefineLeavesNothing)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    host->setFailAtDefine(true);

    auto created = m_fleet->createSandboxes(createRequest("demo"));

    ASSERT_FALSE(created);
    EXPECT_TRUE(host->domainNames().empty());
    EXPECT_TRUE(m_store->sandboxes()->empty());
    EXPECT_TRUE(m_fleet->sandboxes().empty());
}

TEST_F(FleetTest, CreateRetryAfterFailureSucceeds)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    host->setFailAtStart(true);
    ASSERT_FALSE(m_fleet->createSandboxes(createRequest("demo")));
    host->setFailAtStart(false);

    core::SandboxInfo sandbox = createOne("demo");

    EXPECT_EQ(sandbox.state, SandboxState::Running);
    EXPECT_EQ(host->domainNames().size(), 1u);
    EXPECT_EQ(m_store->sandboxes()->size(), 1u);
}

TEST_F(FleetTest, CreateWithInvalidNameCallsNoHost)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);

    auto created = m_fleet->createSandboxes(createRequest(" lead"));

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(created.error().detail.find("starts with white space"), std::string::npos);
    EXPECT_FALSE(host->wasCalled("prepareTemplate"));
    EXPECT_FALSE(host->wasCalled("createSandbox"));
    EXPECT_TRUE(m_fleet->sandboxes().empty());
}

TEST_F(FleetTest, CreateBatchWithOneTakenNameCreatesNone)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    createOne("Batch-2");
    core::CreateRequest request = createRequest("batch");
    request.count = 3;

    auto created = m_fleet->createSandboxes(request);

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::AlreadyExists);
    EXPECT_NE(created.error().detail.find("\"batch-2\" is already used by sandbox \"Batch-2\""), std::string::npos)
        << created.error().detail;
    EXPECT_EQ(m_fleet->sandboxes().size(), 1u);
    EXPECT_EQ(host->domainNames().size(), 1u);
}

TEST_F(FleetTest, CreateRejectsNameDifferingOnlyInCase)
{
    addConnectedHost(kHost);
    createOne("Box1");

    auto created = m_fleet->createSandboxes(createRequest("box1"));

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::AlreadyExists);
    EXPECT_NE(created.error().detail.find("sandbox \"Box1\""), std::string::npos) << created.error().detail;
}

TEST_F(FleetTest, CreateAcceptsFreeTextNames)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);

    for (const char* name : {"a b", "a/b", "a&b", "a<b", "it's", "\"q\"", "沙箱-1", "x"}) {
        core::SandboxInfo sandbox = createOne(name);
        EXPECT_EQ(sandbox.metadata.displayName, name);
        EXPECT_EQ(sandbox.domainName.rfind("shoal-", 0), 0u) << sandbox.domainName;
    }
    EXPECT_EQ(host->domainNames().size(), 8u);
}

TEST_F(FleetTest, CreateNumbersNamesForCount)
{
    addConnectedHost(kHost);
    core::CreateRequest request = createRequest("batch");
    request.count = 3;

    auto created = m_fleet->createSandboxes(request);

    ASSERT_TRUE(created) << created.error().detail;
    ASSERT_EQ(created->size(), 3u);
    EXPECT_EQ((*created)[0].metadata.displayName, "batch-1");
    EXPECT_EQ((*created)[1].metadata.displayName, "batch-2");
    EXPECT_EQ((*created)[2].metadata.displayName, "batch-3");
}

TEST_F(FleetTest, CreateWithoutNameUsesTemplateAndId)
{
    addConnectedHost(kHost);

    core::SandboxInfo sandbox = createOne("");

    EXPECT_EQ(sandbox.metadata.displayName, "tiny-" + sandbox.metadata.id);
}

TEST_F(FleetTest, CreateWithMissingKernelCallsNoHost)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    std::filesystem::remove(m_guest.path() / "vmlinuz");

    auto created = m_fleet->createSandboxes(createRequest("demo"));

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::NotFound);
    EXPECT_EQ(created.error().detail,
              "Template \"tiny\" kernel file \"" + (m_guest.path() / "vmlinuz").string() + "\" not found");
    EXPECT_FALSE(host->wasCalled("prepareTemplate"));
    EXPECT_TRUE(m_fleet->sandboxes().empty());
}

TEST_F(FleetTest, CreateOnTestDriverNeedsNoGuestFiles)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    core::HostCapabilities capabilities;
    capabilities.isTestDriver = true;
    capabilities.canUploadVolumes = false;
    host->setCapabilities(capabilities);
    addConnectedHost(kHost);
    std::filesystem::remove(m_guest.path() / "vmlinuz");

    auto created = m_fleet->createSandboxes(createRequest("demo"));

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_TRUE(host->wasCalled("createSandbox"));
}

TEST_F(FleetTest, CreateWithUnknownTemplateNamesIt)
{
    addConnectedHost(kHost);
    core::CreateRequest request = createRequest("demo");
    request.templateName = "no-such-template";

    auto created = m_fleet->createSandboxes(request);

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::NotFound);
    EXPECT_EQ(created.error().detail, "Template \"no-such-template\" not found");
}

TEST_F(FleetTest, CreateOnUnknownHostNamesIt)
{
    addConnectedHost(kHost);

    auto created = m_fleet->createSandboxes(createRequest("demo", "qemu+ssh://nowhere/system"));

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().detail, "Host \"qemu+ssh://nowhere/system\" not found");
}

TEST_F(FleetTest, CreateWithZeroCountIsRejected)
{
    addConnectedHost(kHost);
    core::CreateRequest request = createRequest("demo");
    request.count = 0;

    auto created = m_fleet->createSandboxes(request);

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::InvalidArgument);
}

TEST_F(FleetTest, CreateWaitsForReadyMarker)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    core::CreateRequest request = createRequest("demo");
    request.waitReady = true;

    auto created = m_fleet->createSandboxes(request);

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->front().state, SandboxState::Running);
    EXPECT_TRUE(host->wasCalled("readConsole"));
    std::vector<OperationUpdate> finished = m_listener.finishedOperations();
    ASSERT_FALSE(finished.empty());
    EXPECT_TRUE(containsPhase(finished.back(), "ready"));
}

TEST_F(FleetTest, WaitReadyTimesOutWithMessage)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    host->setBootConsole("Linux version 6.1\nKernel panic\n");
    core::CreateRequest request = createRequest("demo");
    request.waitReady = true;
    request.readyTimeout = std::chrono::seconds(1);

    auto created = m_fleet->createSandboxes(request);

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::Timeout);
    EXPECT_EQ(created.error().detail, "Sandbox \"demo\" did not become ready within 1 s");
    ASSERT_TRUE(m_fleet->findSandbox("demo"));
    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Booting);
}

TEST_F(FleetTest, WaitReadyOnConsolelessHostCountsRunning)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    core::HostCapabilities capabilities;
    capabilities.isTestDriver = true;
    capabilities.canReadConsole = false;
    host->setCapabilities(capabilities);
    host->setBootConsole("");
    addConnectedHost(kHost);
    core::CreateRequest request = createRequest("demo");
    request.waitReady = true;

    auto created = m_fleet->createSandboxes(request);

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->front().state, SandboxState::Running);
    EXPECT_FALSE(host->wasCalled("readConsole"));
    std::vector<OperationUpdate> finished = m_listener.finishedOperations();
    ASSERT_FALSE(finished.empty());
    EXPECT_NE(finished.back().message.find("cannot read the serial console"), std::string::npos)
        << finished.back().message;
}

TEST_F(FleetTest, SlowHostDoesNotBlockOtherHost)
{
    std::shared_ptr<FakeHost> slow = addConnectedHost(kHost);
    std::shared_ptr<FakeHost> fast = addConnectedHost(kOtherHost);
    std::promise<void> release;
    std::future<void> reached = slow->setGate(release.get_future().share());

    auto slowCreate = std::async(std::launch::async, [this] {
        return m_fleet->createSandboxes(createRequest("slow", kHost));
    });
    reached.wait();
    core::SandboxInfo quick = createOne("quick", kOtherHost);

    EXPECT_EQ(quick.state, SandboxState::Running);
    EXPECT_EQ(fast->domainNames().size(), 1u);
    EXPECT_NE(slowCreate.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    release.set_value();
    auto slowResult = slowCreate.get();
    ASSERT_TRUE(slowResult) << slowResult.error().detail;
    EXPECT_EQ(slow->domainNames().size(), 1u);
}

TEST_F(FleetTest, EventsDuringCreateAreLeftToIt)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    std::promise<void> release;
    std::future<void> reached = host->setGate(release.get_future().share());
    auto creating = std::async(std::launch::async, [this] { return m_fleet->createSandboxes(createRequest("demo")); });
    reached.wait();
    auto reserved = m_fleet->findSandbox("demo");
    ASSERT_TRUE(reserved);

    host->sendStateEvent(reserved->domainName, SandboxState::Stopped);

    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Creating);
    release.set_value();
    auto created = creating.get();
    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Running);
}

TEST_F(FleetTest, HostChoicePrefersLeastAllocated)
{
    std::shared_ptr<FakeHost> busy = m_hypervisor.addHost(kHost);
    busy->addDomain(makeListedSandbox("busy2222", "busy-1"));
    busy->addDomain(makeListedSandbox("busy3333", "busy-2"));
    addConnectedHost(kHost);
    addConnectedHost(kOtherHost);

    core::SandboxInfo sandbox = createOne("placed");

    EXPECT_EQ(sandbox.hostUri, kOtherHost);
}

TEST_F(FleetTest, CreateWithoutAnyHostFails)
{
    auto created = m_fleet->createSandboxes(createRequest("demo"));

    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, ErrorCode::InvalidState);
    EXPECT_TRUE(m_fleet->sandboxes().empty());
    EXPECT_EQ(m_fleet->queueStatus().pending, 0);
}

}  // namespace
}  // namespace shoal::tests
