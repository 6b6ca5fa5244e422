// Sleep and wake on the real libvirtd, booting the real guest.

#include <string>

#include <libvirt/libvirt.h>

#include <gtest/gtest.h>

#include "hypervisor/statevolumes.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

class SleepWake : public LifecycleTest {
protected:
    // Returns the sandbox's state as a fresh connection to the host lists it, as a console
    // started after the sleep would see it.
    core::SandboxState stateSeenByFreshConnection(const std::string& domainName)
    {
        core::HostSpec spec;
        spec.uri = m_settings.libvirtUri;
        core::Result<std::unique_ptr<core::HostConnection>> opened = m_hypervisor.open(spec);
        if (!opened || !(*opened)->connect())
            return core::SandboxState::Unknown;
        core::Result<std::vector<core::SandboxInfo>> listed = (*opened)->listSandboxes();
        if (!listed)
            return core::SandboxState::Unknown;
        for (const core::SandboxInfo& sandbox : *listed) {
            if (sandbox.domainName == domainName)
                return sandbox.state;
        }
        return core::SandboxState::Unknown;
    }

    // Overwrites the first bytes of the state volume through libvirt, as a damaged disk would.
    void overwriteStateHeader(const std::string& domainName, const std::string& bytes)
    {
        virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
        ASSERT_NE(connection, nullptr);
        virStoragePoolPtr pool = virStoragePoolLookupByName(connection, hypervisor::kStoragePoolName);
        ASSERT_NE(pool, nullptr);
        virStorageVolPtr volume = virStorageVolLookupByName(pool, hypervisor::stateVolumeName(domainName).c_str());
        ASSERT_NE(volume, nullptr);
        virStreamPtr stream = virStreamNew(connection, 0);
        ASSERT_EQ(virStorageVolUpload(volume, stream, 0, bytes.size(), 0), 0) << lastLibvirtMessage();
        ASSERT_EQ(virStreamSend(stream, bytes.data(), bytes.size()), static_cast<int>(bytes.size()));
        ASSERT_EQ(virStreamFinish(stream), 0) << lastLibvirtMessage();
        virStreamFree(stream);
        virStorageVolFree(volume);
        virStoragePoolFree(pool);
        virConnectClose(connection);
    }
};

TEST_F(SleepWake, FiveCyclesContinueHeartbeatAndKeepDisk)
{
    const core::SandboxSpec spec = tinySpec("sleep5");
    ASSERT_NO_FATAL_FAILURE(createReady(spec));
    // The first heartbeat may not have reached the disk yet when it shows on the console, and
    // before it the disk contains no marker at all, so the first sleep waits for the second one.
    waitForConsole(spec.domainName, [](const std::string& text) { return lastHeartbeat(text).value_or(0) >= 2; });
    const std::string stateVolume = hypervisor::stateVolumeName(spec.domainName);

    for (int cycle = 1; cycle <= 5; ++cycle) {
        SCOPED_TRACE("cycle " + std::to_string(cycle));
        core::Result<core::SandboxInfo> asleep = m_connection->sleepSandbox(spec.domainName);
        ASSERT_TRUE(asleep) << asleep.error().detail;
        EXPECT_EQ(asleep->state, core::SandboxState::Asleep);
        EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_SHUTOFF);
        EXPECT_TRUE(hasVolume(stateVolume));
        EXPECT_EQ(stateSeenByFreshConnection(spec.domainName), core::SandboxState::Asleep);

        // The guest writes each heartbeat to the disk right after printing it, so the save may
        // catch the disk one value behind the last heartbeat printed.
        const std::string before = console(spec.domainName);
        const long lastBeat = lastHeartbeat(before).value_or(-1);
        ASSERT_GT(lastBeat, 0) << before;
        const std::optional<long> marker = readDiskMarker(diskPath(spec.domainName));
        ASSERT_TRUE(marker.has_value()) << "no disk marker in \"" << diskPath(spec.domainName) << "\"";
        EXPECT_GE(*marker, lastBeat - 1);
        EXPECT_LE(*marker, lastBeat);

        core::Result<core::SandboxInfo> awake = m_connection->wakeSandbox(spec.domainName, core::WakeMode::Restore);
        ASSERT_TRUE(awake) << awake.error().detail;
        EXPECT_EQ(awake->state, core::SandboxState::Running);
        // The image outlives the restore until the caller deletes it.
        EXPECT_TRUE(hasVolume(stateVolume));
        ASSERT_TRUE(m_connection->deleteStateImage(spec.domainName));
        EXPECT_FALSE(hasVolume(stateVolume)) << "the state volume is left after its deletion";
        EXPECT_EQ(waitForHeartbeatAfter(spec.domainName, before.size()), lastBeat + 1);

        const std::optional<long> markerAfter = readDiskMarker(diskPath(spec.domainName));
        ASSERT_TRUE(markerAfter.has_value());
        EXPECT_GE(*markerAfter, *marker);
    }
}

TEST_F(SleepWake, TooSmallPoolIsRejected)
{
    const core::SandboxSpec spec = tinySpec("nospace");
    ASSERT_NO_FATAL_FAILURE(createReady(spec));

    // A margin larger than any disk here makes every pool too small.
    m_host->setStateSpaceMargin(1ULL << 60);
    core::Result<core::SandboxInfo> asleep = m_connection->sleepSandbox(spec.domainName);
    ASSERT_FALSE(asleep) << "the sleep succeeded with no room for its image";
    EXPECT_EQ(asleep.error().code, core::ErrorCode::StorageError);
    EXPECT_NE(asleep.error().detail.find("MiB free, but the save needs"), std::string::npos) << asleep.error().detail;
    EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_RUNNING);
    EXPECT_FALSE(hasVolume(hypervisor::stateVolumeName(spec.domainName)));
    const std::size_t offset = console(spec.domainName).size();
    EXPECT_GT(waitForHeartbeatAfter(spec.domainName, offset), 0);

    m_host->setStateSpaceMargin(hypervisor::kDefaultStateSpaceMarginBytes);
    core::Result<core::SandboxInfo> retried = m_connection->sleepSandbox(spec.domainName);
    EXPECT_TRUE(retried) << retried.error().detail;
}

TEST_F(SleepWake, DamagedImageRetriedAfterRepair)
{
    const core::SandboxSpec spec = tinySpec("damaged");
    ASSERT_NO_FATAL_FAILURE(createReady(spec));
    core::Result<core::SandboxInfo> asleep = m_connection->sleepSandbox(spec.domainName);
    ASSERT_TRUE(asleep) << asleep.error().detail;
    const std::string before = console(spec.domainName);
    const long lastBeat = lastHeartbeat(before).value_or(-1);

    // libvirt marks an unfinished save with this magic; a wake must never restore it.
    ASSERT_NO_FATAL_FAILURE(overwriteStateHeader(spec.domainName, "LibvirtQemudPart"));
    core::Result<core::SandboxInfo> failed = m_connection->wakeSandbox(spec.domainName, core::WakeMode::Restore);
    ASSERT_FALSE(failed) << "a wake restored a partial image";
    EXPECT_EQ(failed.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(failed.error().detail.find("incomplete"), std::string::npos) << failed.error().detail;
    EXPECT_EQ(domainState(spec.domainName), VIR_DOMAIN_SHUTOFF);
    EXPECT_TRUE(hasVolume(hypervisor::stateVolumeName(spec.domainName)));
    EXPECT_EQ(stateSeenByFreshConnection(spec.domainName), core::SandboxState::Asleep);

    ASSERT_NO_FATAL_FAILURE(overwriteStateHeader(spec.domainName, "LibvirtQemudSave"));
    core::Result<core::SandboxInfo> awake = m_connection->wakeSandbox(spec.domainName, core::WakeMode::Restore);
    ASSERT_TRUE(awake) << awake.error().detail;
    EXPECT_EQ(waitForHeartbeatAfter(spec.domainName, before.size()), lastBeat + 1);
}

TEST_F(SleepWake, FreshBootDiscardsImageAndKeepsDisk)
{
    const core::SandboxSpec spec = tinySpec("fresh");
    ASSERT_NO_FATAL_FAILURE(createReady(spec));
    // The guest prints each heartbeat before it writes it to the disk, so once a heartbeat after
    // the first one is on the console, the disk contains a marker.
    waitForHeartbeatAfter(spec.domainName, 0);
    waitForHeartbeatAfter(spec.domainName, console(spec.domainName).size());
    core::Result<core::SandboxInfo> asleep = m_connection->sleepSandbox(spec.domainName);
    ASSERT_TRUE(asleep) << asleep.error().detail;
    const std::optional<long> marker = readDiskMarker(diskPath(spec.domainName));
    ASSERT_TRUE(marker.has_value());

    core::Result<core::SandboxInfo> awake = m_connection->wakeSandbox(spec.domainName, core::WakeMode::FreshBoot);
    ASSERT_TRUE(awake) << awake.error().detail;
    EXPECT_FALSE(hasVolume(hypervisor::stateVolumeName(spec.domainName)));

    // A boot truncates the console log, and the first boot printed "none", so the marker line
    // of the new boot names the value the disk kept.
    const std::string expected = "SHOAL-DISK-MARKER " + std::to_string(*marker) + "\r\nSHOAL-READY";
    waitForConsole(spec.domainName, [&](const std::string& current) { return current.find(expected) != std::string::npos; });
}

}  // namespace
}  // namespace shoal::integration
