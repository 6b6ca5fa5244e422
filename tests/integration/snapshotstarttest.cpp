// Warm states and snapshot start on the real libvirtd, booting the real guest.

#include <chrono>
#include <string>
#include <thread>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "hypervisor/warmstate.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

using Clock = std::chrono::steady_clock;

std::string domainUuid(const std::string& uri, const std::string& domainName)
{
    virConnectPtr connection = virConnectOpen(uri.c_str());
    if (connection == nullptr)
        return {};
    std::string uuid;
    if (virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str())) {
        char text[VIR_UUID_STRING_BUFLEN] = {};
        if (virDomainGetUUIDString(domain, text) == 0)
            uuid = text;
        virDomainFree(domain);
    }
    virResetLastError();
    virConnectClose(connection);
    return uuid;
}

class SnapshotStart : public LifecycleTest {
protected:
    void SetUp() override
    {
        ASSERT_NO_FATAL_FAILURE(LifecycleTest::SetUp());
        ASSERT_TRUE(m_capabilities.canSnapshotStart) << ::testing::PrintToString(m_capabilities.gaps);
        // A template of the test's own, so its volumes and warm states are clearly test ones.
        m_template.name = templateName();
        m_template.builtIn = false;
    }

    // Removes the warm states and template volumes of the test templates once all tests ran, so
    // the tests share one warm state.
    static void TearDownTestSuite()
    {
        core::Result<IntegrationSettings> settings = readIntegrationSettings();
        if (!settings)
            return;
        hypervisor::LibvirtHypervisor libvirt;
        core::HostSpec spec;
        spec.uri = settings->libvirtUri;
        core::Result<std::unique_ptr<core::HostConnection>> opened = libvirt.open(spec);
        ASSERT_TRUE(opened) << opened.error().detail;
        ASSERT_TRUE((*opened)->connect());
        auto* host = dynamic_cast<hypervisor::LibvirtHostConnection*>(opened->get());
        ASSERT_NE(host, nullptr);
        HostInspector inspector(settings->libvirtUri);
        for (const std::string& name : {templateName(), templateName() + "-b"}) {
            core::Result<int> discarded = host->discardWarmStates(name);
            EXPECT_TRUE(discarded) << discarded.error().detail;
            for (const std::string& volume : inspector.volumeNames(hypervisor::kStoragePoolName)) {
                if (volume.rfind("tpl-" + name + "-", 0) == 0)
                    deleteVolume(settings->libvirtUri, volume);
                EXPECT_NE(volume.rfind(hypervisor::warmStatePrefix(name), 0), 0u) << "warm-state volume \"" << volume << "\" is left";
            }
        }
    }

    static std::string templateName() { return "itlc-" + std::to_string(getpid()); }

    static void deleteVolume(const std::string& uri, const std::string& name)
    {
        virConnectPtr connection = virConnectOpen(uri.c_str());
        ASSERT_NE(connection, nullptr);
        virStoragePoolPtr pool = virStoragePoolLookupByName(connection, hypervisor::kStoragePoolName);
        if (virStorageVolPtr volume = pool ? virStorageVolLookupByName(pool, name.c_str()) : nullptr) {
            virStorageVolDelete(volume, 0);
            virStorageVolFree(volume);
        }
        if (pool)
            virStoragePoolFree(pool);
        virConnectClose(connection);
    }

    core::WarmState prepareWarm(const core::Template& sandboxTemplate)
    {
        core::Result<core::WarmState> warm = m_connection->prepareWarmState(sandboxTemplate, m_capabilities.domainType, 120);
        EXPECT_TRUE(warm) << warm.error().detail;
        return warm ? *warm : core::WarmState{};
    }
};

TEST_F(SnapshotStart, WarmStateReusedAndReplacedOnChange)
{
    core::Template changing = m_template;
    changing.name = m_template.name + "-b";
    const core::WarmState first = prepareWarm(changing);
    EXPECT_FALSE(first.reused);
    EXPECT_TRUE(hasVolume(first.stateVolume));
    EXPECT_TRUE(hasVolume(first.diskVolume));
    EXPECT_GT(first.stateBytes, 0u);

    const core::WarmState again = prepareWarm(changing);
    EXPECT_TRUE(again.reused);
    EXPECT_EQ(again.stateVolume, first.stateVolume);

    // An extra kernel argument changes what the guest boots, so the warm state is made anew.
    changing.kernelCmdline += " shoal.variant=2";
    const core::WarmState changed = prepareWarm(changing);
    EXPECT_FALSE(changed.reused);
    EXPECT_NE(changed.contentHash, first.contentHash);
    EXPECT_TRUE(hasVolume(changed.stateVolume));
    EXPECT_FALSE(hasVolume(first.stateVolume)) << "the outdated warm state is left";
    EXPECT_FALSE(hasVolume(first.diskVolume)) << "the outdated warm disk is left";
}

TEST_F(SnapshotStart, SandboxesRunWithOwnIdentity)
{
    const core::WarmState warm = prepareWarm(m_template);
    const std::string warmDisk = volumePath(warm.diskVolume);

    std::vector<core::SandboxSpec> specs{tinySpec("snap-a", core::StartMode::Snapshot), tinySpec("snap-b", core::StartMode::Snapshot)};
    for (const core::SandboxSpec& spec : specs) {
        const auto requested = Clock::now();
        core::Result<core::SandboxInfo> created = m_connection->createSandbox(spec);
        const double seconds = std::chrono::duration<double>(Clock::now() - requested).count();
        ASSERT_TRUE(created) << created.error().detail;
        RecordProperty("snapshot_start_ms_" + spec.metadata.displayName, static_cast<int>(seconds * 1000));
        EXPECT_EQ(created->state, core::SandboxState::Running);
        EXPECT_EQ(created->metadata.displayName, spec.metadata.displayName);
        EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_RUNNING);
        EXPECT_FALSE(hasVolume(spec.domainName + ".restore")) << "the image copy is left after the restore";
        EXPECT_GT(created->startedAtMs, 0) << "a snapshot start reported no start time";
    }

    // The guest passed its ready line before the warm state was saved, so its counter goes on
    // from there in each sandbox's own console.
    for (const core::SandboxSpec& spec : specs) {
        const long beat = waitForHeartbeatAfter(spec.domainName, 0);
        EXPECT_GE(beat, 1);
        EXPECT_LE(beat, 3);
        EXPECT_EQ(diskPath(spec.domainName), volumePath(spec.domainName + ".qcow2"));
    }
    EXPECT_NE(domainUuid(m_settings.libvirtUri, specs[0].domainName), domainUuid(m_settings.libvirtUri, specs[1].domainName));
    EXPECT_NE(diskPath(specs[0].domainName), diskPath(specs[1].domainName));
    EXPECT_FALSE(warmDisk.empty());

    core::Result<std::vector<core::SandboxInfo>> listed = m_connection->listSandboxes();
    ASSERT_TRUE(listed) << listed.error().detail;
    int found = 0;
    for (const core::SandboxInfo& sandbox : *listed) {
        if (sandbox.domainName == specs[0].domainName || sandbox.domainName == specs[1].domainName) {
            ++found;
            EXPECT_EQ(sandbox.metadata.templateName, m_template.name);
        }
    }
    EXPECT_EQ(found, 2);

    // A console started later reads the start time from the domain's metadata.
    core::HostSpec hostSpec;
    hostSpec.uri = m_settings.libvirtUri;
    core::Result<std::unique_ptr<core::HostConnection>> fresh = m_hypervisor.open(hostSpec);
    ASSERT_TRUE(fresh) << fresh.error().detail;
    ASSERT_TRUE((*fresh)->connect());
    core::Result<std::vector<core::SandboxInfo>> relisted = (*fresh)->listSandboxes();
    ASSERT_TRUE(relisted) << relisted.error().detail;
    const std::int64_t nowMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (const core::SandboxInfo& sandbox : *relisted) {
        if (sandbox.domainName != specs[0].domainName && sandbox.domainName != specs[1].domainName)
            continue;
        EXPECT_GT(sandbox.startedAtMs, nowMs - 600'000) << sandbox.domainName << " has no recent start time in its metadata";
        EXPECT_LE(sandbox.startedAtMs, nowMs) << sandbox.domainName;
    }
}

TEST_F(SnapshotStart, PausedEntryRunsAfterResume)
{
    prepareWarm(m_template);
    const core::SandboxSpec spec = tinySpec("pool", core::StartMode::PoolPaused);
    core::Result<core::SandboxInfo> created = m_connection->createSandbox(spec);
    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->state, core::SandboxState::Paused);
    EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_PAUSED);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_FALSE(lastHeartbeat(console(spec.domainName)).has_value()) << "a paused pool entry printed a heartbeat";

    const auto claimed = Clock::now();
    core::Status resumed = m_connection->resumeSandbox(spec.domainName);
    RecordProperty("pool_claim_ms", static_cast<int>(std::chrono::duration<double>(Clock::now() - claimed).count() * 1000));
    ASSERT_TRUE(resumed) << resumed.error().detail;
    EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_RUNNING);
    EXPECT_GE(waitForHeartbeatAfter(spec.domainName, 0), 1);
}

TEST_F(SnapshotStart, FailedRestoreRollsBack)
{
    prepareWarm(m_template);
    const core::SandboxSpec spec = tinySpec("rollback", core::StartMode::Snapshot);
    for (hypervisor::CreateStep failing : {hypervisor::CreateStep::Define, hypervisor::CreateStep::Start}) {
        SCOPED_TRACE(std::string(hypervisor::toString(failing)));
        m_host->setCreateStepHookForTesting([failing](hypervisor::CreateStep step) -> core::Status {
            if (step == failing)
                return core::fail(core::ErrorCode::HostError, "injected failure");
            return {};
        });
        core::Result<core::SandboxInfo> created = m_connection->createSandbox(spec);
        ASSERT_FALSE(created);
        EXPECT_NE(created.error().detail.find("injected failure"), std::string::npos) << created.error().detail;
        EXPECT_FALSE(m_inspector->hasDomain(spec.domainName));
        EXPECT_TRUE(testVolumes().empty()) << ::testing::PrintToString(testVolumes());
    }

    m_host->setCreateStepHookForTesting({});
    core::Result<core::SandboxInfo> retried = m_connection->createSandbox(spec);
    ASSERT_TRUE(retried) << retried.error().detail;
    EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_RUNNING);
}

}  // namespace
}  // namespace shoal::integration
