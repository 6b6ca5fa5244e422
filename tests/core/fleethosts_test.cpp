#include <gtest/gtest.h>

#include "core/templatecatalog.h"
#include "tests/core/fleetfixture.h"

namespace shoal::tests {
namespace {

using core::ConnectionState;
using core::DomainType;
using core::ErrorCode;
using core::SandboxState;

constexpr const char* kHost = "test:///host-a.xml";

TEST_F(FleetTest, AddHostConnectsProbesAndStores)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    core::HostSpec spec;
    spec.uri = kHost;
    spec.labels.zone = "az2";

    auto added = m_fleet->addHost(spec);

    ASSERT_TRUE(added) << added.error().detail;
    EXPECT_EQ(added->connection, ConnectionState::Connected);
    EXPECT_EQ(added->spec.name, "host-a");
    EXPECT_EQ(added->capacity.cpus, 4);
    EXPECT_TRUE(host->wasCalled("probe"));
    ASSERT_EQ(m_store->hosts()->size(), 1u);
    EXPECT_EQ(m_store->hosts()->front().labels.zone, "az2");
}

TEST_F(FleetTest, AddHostInMemoryIsNotStored)
{
    m_hypervisor.addHost(kHost);
    core::HostSpec spec;
    spec.uri = kHost;

    ASSERT_TRUE(m_fleet->addHost(spec, core::Fleet::Persistence::InMemory));

    EXPECT_EQ(m_fleet->hosts().size(), 1u);
    EXPECT_TRUE(m_store->hosts()->empty());
}

TEST_F(FleetTest, AddHostTwiceIsRejected)
{
    addConnectedHost(kHost);
    core::HostSpec spec;
    spec.uri = kHost;

    auto again = m_fleet->addHost(spec);

    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(again.error().detail, "Host \"test:///host-a.xml\" is already added");
}

TEST_F(FleetTest, AddUnreachableHostFailsAndIsNotKept)
{
    core::HostSpec spec;
    spec.uri = "qemu+ssh://root@unreachable/system";

    auto added = m_fleet->addHost(spec);

    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::HostUnreachable);
    EXPECT_TRUE(m_fleet->hosts().empty());
    EXPECT_TRUE(m_store->hosts()->empty());
}

TEST_F(FleetTest, DomainTypePrefersSpecOverProbe)
{
    std::shared_ptr<FakeHost> probed = m_hypervisor.addHost("test:///probed.xml");
    core::HostCapabilities kvm;
    kvm.domainType = DomainType::Kvm;
    kvm.canReadConsole = true;
    probed->setCapabilities(kvm);
    std::shared_ptr<FakeHost> pinned = m_hypervisor.addHost("test:///pinned.xml");
    pinned->setCapabilities(kvm);

    addConnectedHost("test:///probed.xml");
    core::HostSpec pinnedSpec;
    pinnedSpec.uri = "test:///pinned.xml";
    pinnedSpec.domainType = DomainType::Qemu;
    ASSERT_TRUE(m_fleet->addHost(pinnedSpec));

    for (const core::HostStatus& status : m_fleet->hosts()) {
        const DomainType expected = status.spec.uri == "test:///pinned.xml" ? DomainType::Qemu : DomainType::Kvm;
        EXPECT_EQ(status.capabilities.domainType, expected) << status.spec.uri;
    }
    createOne("on-probed", "test:///probed.xml");
    EXPECT_TRUE(probed->wasCalled("define shoal-"));
    bool definedAsKvm = false;
    for (const std::string& call : probed->calls())
        definedAsKvm = definedAsKvm || (call.starts_with("define ") && call.ends_with(" kvm"));
    EXPECT_TRUE(definedAsKvm);
}

TEST_F(FleetTest, ForcedDomainTypeOverridesHost)
{
    core::FleetOptions options;
    options.forcedDomainType = DomainType::Qemu;
    makeFleet(options);
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    core::HostCapabilities kvm;
    kvm.domainType = DomainType::Kvm;
    host->setCapabilities(kvm);
    core::HostSpec spec;
    spec.uri = kHost;
    spec.domainType = DomainType::Kvm;

    auto added = m_fleet->addHost(spec);

    ASSERT_TRUE(added);
    EXPECT_EQ(added->capabilities.domainType, DomainType::Qemu);
}

TEST_F(FleetTest, InventoryRebuiltFromHostMetadata)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    host->addDomain(makeListedSandbox("bbbb3333", "沙箱 two", SandboxState::Stopped));
    ASSERT_TRUE(m_store->sandboxes()->empty());

    addConnectedHost(kHost);

    ASSERT_EQ(m_fleet->sandboxes().size(), 2u);
    auto agent = m_fleet->findSandbox("agent-7");
    ASSERT_TRUE(agent);
    EXPECT_EQ(agent->state, SandboxState::Running);
    EXPECT_EQ(agent->hostUri, kHost);
    auto second = m_fleet->findSandbox("shoal-bbbb3333");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->metadata.displayName, "沙箱 two");
    EXPECT_EQ(second->state, SandboxState::Stopped);
    EXPECT_EQ(m_store->sandboxes()->size(), 2u);
}

TEST_F(FleetTest, RefreshDropsVanishedSandbox)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    host->addDomain(makeListedSandbox("bbbb3333", "agent-8"));
    addConnectedHost(kHost);
    host->removeDomain("shoal-aaaa2222");

    ASSERT_TRUE(m_fleet->refreshHost(kHost));

    EXPECT_FALSE(m_fleet->findSandbox("agent-7"));
    EXPECT_TRUE(m_fleet->findSandbox("agent-8"));
    ASSERT_EQ(m_store->sandboxes()->size(), 1u);
    EXPECT_EQ(m_store->sandboxes()->front().metadata.id, "bbbb3333");
}

TEST_F(FleetTest, ConnectionLostMarksSandboxesUnknown)
{
    core::FleetOptions options;
    options.reconnectInitialDelay = std::chrono::hours(1);
    makeFleet(options);
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    addConnectedHost(kHost);

    host->loseConnection("keepalive timed out");

    ASSERT_EQ(m_fleet->hosts().size(), 1u);
    EXPECT_EQ(m_fleet->hosts().front().connection, ConnectionState::Disconnected);
    EXPECT_EQ(m_fleet->hosts().front().lastError, "keepalive timed out");
    EXPECT_EQ(m_fleet->findSandbox("agent-7")->state, SandboxState::Unknown);
    core::Status stopped = m_fleet->stopSandbox("agent-7", core::StopMode::Graceful);
    ASSERT_FALSE(stopped);
    EXPECT_EQ(stopped.error().code, ErrorCode::InvalidState);
    EXPECT_NE(stopped.error().detail.find("its host is disconnected"), std::string::npos) << stopped.error().detail;
    EXPECT_EQ(m_store->sandboxes()->size(), 1u);
    EXPECT_EQ(host->callsFromEventHandler(), 0);
}

TEST_F(FleetTest, RefreshReconnectsLostHost)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    addConnectedHost(kHost);
    host->loseConnection("closed by peer");

    ASSERT_TRUE(m_fleet->refreshHost(kHost));

    EXPECT_EQ(m_fleet->hosts().front().connection, ConnectionState::Connected);
    EXPECT_EQ(m_fleet->findSandbox("agent-7")->state, SandboxState::Running);
}

TEST_F(FleetTest, LifecycleEventUpdatesStateAndListener)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    core::SandboxInfo sandbox = createOne("demo");

    host->sendStateEvent(sandbox.domainName, SandboxState::Paused);

    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Paused);
    std::vector<core::SandboxInfo> changes = m_listener.sandboxChanges();
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.back().state, SandboxState::Paused);
}

TEST_F(FleetTest, EventForUnknownDomainAddsIt)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    host->addDomain(makeListedSandbox("cccc4444", "made elsewhere"));

    host->sendStateEvent("shoal-cccc4444", SandboxState::Running);
    m_listener.waitForSandbox([](const core::SandboxInfo& sandbox) { return sandbox.domainName == "shoal-cccc4444"; });

    ASSERT_TRUE(m_fleet->findSandbox("made elsewhere"));
    EXPECT_EQ(host->callsFromEventHandler(), 0);
}

TEST_F(FleetTest, StartStopDestroyFollowStateTable)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    core::SandboxInfo sandbox = createOne("demo");

    core::Status startedTwice = m_fleet->startSandbox("demo");
    ASSERT_FALSE(startedTwice);
    EXPECT_EQ(startedTwice.error().detail, "Cannot start sandbox \"demo\" because it is running; it is already started");

    ASSERT_TRUE(m_fleet->stopSandbox("demo", core::StopMode::Force));
    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Stopped);
    EXPECT_EQ(host->domain(sandbox.domainName)->state, SandboxState::Stopped);

    ASSERT_TRUE(m_fleet->startSandbox("DEMO"));
    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Running);

    ASSERT_TRUE(m_fleet->destroySandbox(sandbox.metadata.id));
    EXPECT_FALSE(m_fleet->findSandbox("demo"));
    EXPECT_FALSE(host->domain(sandbox.domainName).has_value());
    EXPECT_TRUE(m_store->sandboxes()->empty());

    core::Status destroyedTwice = m_fleet->destroySandbox("demo");
    ASSERT_FALSE(destroyedTwice);
    EXPECT_EQ(destroyedTwice.error().detail, "Sandbox \"demo\" not found");
}

TEST_F(FleetTest, DestroyUpdatesHostSandboxCount)
{
    addConnectedHost(kHost);
    core::SandboxInfo sandbox = createOne("demo");

    ASSERT_TRUE(m_fleet->destroySandbox(sandbox.metadata.id));

    std::vector<core::HostStatus> changes = m_listener.hostChanges();
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.back().spec.uri, kHost);
    EXPECT_EQ(changes.back().sandboxCount, 0);
}

TEST_F(FleetTest, GracefulStopReadsStateBack)
{
    addConnectedHost(kHost);
    createOne("demo");

    ASSERT_TRUE(m_fleet->stopSandbox("demo", core::StopMode::Graceful));

    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Stopped);
}

TEST_F(FleetTest, FailedActionRestoresState)
{
    std::shared_ptr<FakeHost> host = addConnectedHost(kHost);
    core::SandboxInfo sandbox = createOne("demo");
    host->removeDomain(sandbox.domainName);

    core::Status stopped = m_fleet->stopSandbox("demo", core::StopMode::Force);

    ASSERT_FALSE(stopped);
    EXPECT_EQ(m_fleet->findSandbox("demo")->state, SandboxState::Running);
    EXPECT_EQ(m_listener.finishedOperations().back().kind, "stop");
    EXPECT_EQ(m_listener.finishedOperations().back().state, core::OperationUpdate::State::Failed);
}

TEST_F(FleetTest, LoadConnectsStoredHostsInBackground)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    core::HostSpec spec;
    spec.uri = kHost;
    spec.name = "a";
    ASSERT_TRUE(m_store->saveHost(spec));
    ASSERT_TRUE(m_store->saveSandbox({makeListedSandbox("aaaa2222", "agent-7").metadata, "shoal-aaaa2222", kHost}));

    ASSERT_TRUE(m_fleet->load());
    m_listener.waitForHost([](const core::HostStatus& status) {
        return status.connection == ConnectionState::Connected;
    });

    EXPECT_EQ(m_fleet->hosts().front().spec.name, "a");
    EXPECT_EQ(m_fleet->findSandbox("agent-7")->state, SandboxState::Running);
}

TEST_F(FleetTest, LoadMarksUnreachableHostDisconnected)
{
    core::HostSpec spec;
    spec.uri = "qemu+ssh://root@gone/system";
    ASSERT_TRUE(m_store->saveHost(spec));

    ASSERT_TRUE(m_fleet->load());
    m_listener.waitForHost([](const core::HostStatus& status) {
        return status.connection == ConnectionState::Disconnected;
    });

    ASSERT_EQ(m_fleet->hosts().size(), 1u);
    EXPECT_NE(m_fleet->hosts().front().lastError.find("Failed to connect"), std::string::npos);
}

TEST_F(FleetTest, LoadDropsRowsOfUnstoredHosts)
{
    core::HostSpec spec;
    spec.uri = kHost;
    ASSERT_TRUE(m_store->saveHost(spec));
    m_hypervisor.addHost(kHost)->addDomain(makeListedSandbox("aaaa2222", "kept"));
    ASSERT_TRUE(m_store->saveSandbox({makeListedSandbox("aaaa2222", "kept").metadata, "shoal-aaaa2222", kHost}));
    ASSERT_TRUE(m_store->saveSandbox(
        {makeListedSandbox("bbbb3333", "simulated").metadata, "shoal-bbbb3333", "test:///tmp/old-run/host-1.xml"}));

    ASSERT_TRUE(m_fleet->load());

    EXPECT_FALSE(m_fleet->findSandbox("simulated"));
    ASSERT_TRUE(m_fleet->findSandbox("kept"));
    ASSERT_EQ(m_store->sandboxes()->size(), 1u);
    EXPECT_EQ(m_store->sandboxes()->front().metadata.id, "aaaa2222");
}

TEST_F(FleetTest, RemoveHostForgetsItsSandboxesOnly)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.addHost(kHost);
    host->addDomain(makeListedSandbox("aaaa2222", "agent-7"));
    addConnectedHost(kHost);

    ASSERT_TRUE(m_fleet->removeHost(kHost));

    EXPECT_TRUE(m_fleet->hosts().empty());
    EXPECT_TRUE(m_fleet->sandboxes().empty());
    EXPECT_TRUE(m_store->hosts()->empty());
    EXPECT_EQ(host->domainNames().size(), 1u);
    EXPECT_FALSE(host->isConnected());
}

TEST_F(FleetTest, BuiltInTemplateReadsCmdline)
{
    auto tiny = m_fleet->findTemplate("tiny");

    ASSERT_TRUE(tiny);
    EXPECT_TRUE(tiny->builtIn);
    EXPECT_EQ(tiny->vcpus, 1);
    EXPECT_EQ(tiny->memoryMiB, 256u);
    EXPECT_EQ(tiny->diskMiB, 64u);
    EXPECT_EQ(tiny->kernelPath, (m_guest.path() / "vmlinuz").string());
    EXPECT_EQ(tiny->initrdPath, (m_guest.path() / "initramfs.img").string());
    EXPECT_EQ(tiny->baseImagePath, (m_guest.path() / "base.raw").string());
    EXPECT_EQ(tiny->kernelCmdline, "console=ttyS0 panic=-1 quiet");
}

TEST(TemplateCatalog, DefaultCmdlineWithoutFile)
{
    TemporaryDirectory empty;

    core::Template tiny = core::TemplateCatalog::builtInTiny(empty.path().string());

    EXPECT_EQ(tiny.kernelCmdline, "console=ttyS0 panic=-1");
}

}  // namespace
}  // namespace shoal::tests
