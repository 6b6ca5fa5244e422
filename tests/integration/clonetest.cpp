// Clones of a running sandbox on the real libvirtd, booting the real guest.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <gtest/gtest.h>

#include "hypervisor/diskchain.h"
#include "hypervisor/storagepool.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

class Clone : public LifecycleTest {
protected:
    std::vector<core::CloneTarget> cloneTargets(const std::string& prefix, int count)
    {
        std::vector<core::CloneTarget> targets;
        for (int i = 1; i <= count; ++i) {
            core::SandboxSpec spec = tinySpec(prefix + std::to_string(i));
            targets.push_back({spec.metadata, spec.domainName});
        }
        return targets;
    }

    void suspend(const std::string& domainName)
    {
        virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
        ASSERT_NE(connection, nullptr);
        virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str());
        ASSERT_NE(domain, nullptr);
        EXPECT_EQ(virDomainSuspend(domain), 0) << lastLibvirtMessage();
        virDomainFree(domain);
        virConnectClose(connection);
    }

    // Returns the backing files under the domain's disk, after waiting for any running flatten.
    std::vector<std::string> settledBackingChain(const std::string& domainName)
    {
        std::vector<std::string> backing;
        virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
        EXPECT_NE(connection, nullptr);
        if (connection == nullptr)
            return backing;
        if (virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str())) {
            core::Status idle = hypervisor::waitForBlockJob(domain, domainName, m_settings.libvirtUri, std::chrono::seconds(120));
            EXPECT_TRUE(idle) << (idle ? "" : idle.error().detail);
            core::Result<hypervisor::DiskChain> chain = hypervisor::readDiskChain(domain, domainName);
            EXPECT_TRUE(chain) << (chain ? "" : chain.error().detail);
            if (chain)
                backing = chain->backing;
            virDomainFree(domain);
        } else {
            ADD_FAILURE() << "no domain " << domainName << ": " << lastLibvirtMessage();
        }
        virConnectClose(connection);
        return backing;
    }

    std::string parentIdOf(const std::string& domainName)
    {
        core::Result<std::vector<core::SandboxInfo>> listed = m_connection->listSandboxes();
        if (!listed)
            return {};
        for (const core::SandboxInfo& sandbox : *listed) {
            if (sandbox.domainName == domainName)
                return sandbox.metadata.parentId;
        }
        return {};
    }
};

TEST_F(Clone, CloneContinuesFromForkAndOutlivesSource)
{
    const core::SandboxSpec source = tinySpec("src");
    ASSERT_NO_FATAL_FAILURE(createReady(source));
    const std::string originalDisk = diskPath(source.domainName);
    const long beforeFork = lastHeartbeat(console(source.domainName)).value_or(-1);

    const auto requested = std::chrono::steady_clock::now();
    core::Result<core::CloneResult> cloned = m_connection->cloneSandbox(source.domainName, cloneTargets("clone", 1));
    const double cloneSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - requested).count();
    ASSERT_TRUE(cloned) << cloned.error().detail;
    ASSERT_EQ(cloned->clones.size(), 1u);
    std::printf("clone: source pause %.3f s, request to clone running %.3f s\n", cloned->sourcePauseSeconds, cloneSeconds);
    RecordProperty("source_pause_ms", static_cast<int>(cloned->sourcePauseSeconds * 1000));
    RecordProperty("clone_ms", static_cast<int>(cloneSeconds * 1000));
    const std::string clone = cloned->clones.front().domainName;
    EXPECT_EQ(cloned->frozenImage, originalDisk);
    // The pause comes from the source's Suspended and Resumed events, so it is never zero and
    // never longer than the whole clone.
    EXPECT_GT(cloned->sourcePauseSeconds, 0.0);
    EXPECT_LT(cloned->sourcePauseSeconds, cloneSeconds);
    // The snapshot memory and its copies are deleted once the clone runs.
    for (const std::string& volume : m_inspector->volumeNames(hypervisor::kScratchPoolName))
        EXPECT_NE(volume.rfind(source.domainName, 0), 0u) << "\"" << volume << "\" is left in the scratch pool";
    EXPECT_EQ(parentIdOf(clone), source.metadata.id);

    // The source runs on a new overlay over the frozen one, and so does the clone.
    EXPECT_EQ(domainState(source.domainName), VIR_DOMAIN_RUNNING);
    EXPECT_EQ(domainState(clone), VIR_DOMAIN_RUNNING);
    EXPECT_NE(diskPath(source.domainName), originalDisk);
    EXPECT_NE(diskPath(clone), originalDisk);
    EXPECT_NE(diskPath(clone), diskPath(source.domainName));

    const long cloneBeat = waitForHeartbeatAfter(clone, 0);
    EXPECT_GT(cloneBeat, beforeFork);
    EXPECT_LE(cloneBeat, beforeFork + 1 + static_cast<long>(cloneSeconds) + 1);
    const std::size_t sourceOffset = console(source.domainName).size();
    EXPECT_GT(waitForHeartbeatAfter(source.domainName, sourceOffset), cloneBeat - 1);

    // Destroying the source keeps the frozen image, which the clone still reads.
    core::Status destroyed = m_connection->destroySandbox(source.domainName);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    EXPECT_FALSE(m_inspector->hasDomain(source.domainName));
    EXPECT_TRUE(hasVolume(source.domainName + ".qcow2")) << "the frozen image went while a clone reads it";
    const std::size_t cloneOffset = console(clone).size();
    EXPECT_GT(waitForHeartbeatAfter(clone, cloneOffset), cloneBeat);
    EXPECT_EQ(domainState(clone), VIR_DOMAIN_RUNNING);

    destroyed = m_connection->destroySandbox(clone);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    EXPECT_TRUE(testVolumes().empty()) << ::testing::PrintToString(testVolumes());
}

TEST_F(Clone, ThreeClonesDivergeWithOwnDisks)
{
    const core::SandboxSpec source = tinySpec("src3");
    ASSERT_NO_FATAL_FAILURE(createReady(source));
    const std::string frozen = diskPath(source.domainName);

    const auto requested = std::chrono::steady_clock::now();
    core::Result<core::CloneResult> cloned = m_connection->cloneSandbox(source.domainName, cloneTargets("fork", 3));
    const double allSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - requested).count();
    ASSERT_TRUE(cloned) << cloned.error().detail;
    ASSERT_EQ(cloned->clones.size(), 3u);
    std::printf("clone x3: source pause %.3f s, request to all running %.3f s\n", cloned->sourcePauseSeconds, allSeconds);
    RecordProperty("clone3_ms", static_cast<int>(allSeconds * 1000));

    // Every clone restores the same memory, so each prints the same next counter.
    std::vector<std::string> clones;
    std::vector<long> firstBeats;
    for (const core::SandboxInfo& clone : cloned->clones) {
        clones.push_back(clone.domainName);
        firstBeats.push_back(waitForHeartbeatAfter(clone.domainName, 0));
    }
    EXPECT_EQ(firstBeats[1], firstBeats[0]);
    EXPECT_EQ(firstBeats[2], firstBeats[0]);

    // No two running sandboxes write the same disk, and none writes the frozen one.
    std::set<std::string> disks{diskPath(source.domainName)};
    for (const std::string& clone : clones)
        disks.insert(diskPath(clone));
    EXPECT_EQ(disks.size(), 4u);
    EXPECT_EQ(disks.count(frozen), 0u);

    // Each heartbeat goes to the guest's own disk. With the first clone paused, the others
    // count on past its value, and their writes must not show up on its disk.
    ASSERT_NO_FATAL_FAILURE(suspend(clones[0]));
    const std::optional<long> pausedMarker = readDiskMarker(diskPath(clones[0]));
    ASSERT_TRUE(pausedMarker.has_value());
    for (const std::string& running : {clones[1], clones[2], source.domainName}) {
        waitForConsole(running, [&](const std::string& text) { return lastHeartbeat(text).value_or(0) >= *pausedMarker + 3; });
        const std::optional<long> marker = readDiskMarker(diskPath(running));
        ASSERT_TRUE(marker.has_value()) << running;
        EXPECT_GT(*marker, *pausedMarker + 1) << running;
    }
    EXPECT_EQ(readDiskMarker(diskPath(clones[0])), pausedMarker);
    const std::optional<long> frozenMarker = readDiskMarker(frozen);
    ASSERT_TRUE(frozenMarker.has_value());
    EXPECT_LT(*frozenMarker, firstBeats[0]);

    core::Status destroyed = m_connection->destroySandbox(source.domainName);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    const std::size_t cloneOffset = console(clones[2]).size();
    EXPECT_GT(waitForHeartbeatAfter(clones[2], cloneOffset), firstBeats[2]);
    for (const std::string& clone : clones) {
        destroyed = m_connection->destroySandbox(clone);
        EXPECT_TRUE(destroyed) << destroyed.error().detail;
    }
    EXPECT_TRUE(testVolumes().empty()) << ::testing::PrintToString(testVolumes());
}

TEST_F(Clone, DeepChainFlattensWhileRunning)
{
    const core::SandboxSpec source = tinySpec("deep");
    ASSERT_NO_FATAL_FAILURE(createReady(source));
    const std::vector<std::string> initial = settledBackingChain(source.domainName);
    ASSERT_FALSE(initial.empty());
    const std::string base = initial.back();

    // Each clone adds a frozen layer under the source. The clone that takes the chain past the
    // limit starts a pull that leaves only the template's base under the source's overlay.
    std::size_t deepest = initial.size();
    bool flattened = false;
    for (std::size_t round = 1; round <= hypervisor::kFlattenDepth + 1 && !flattened; ++round) {
        core::Result<core::CloneResult> cloned =
            m_connection->cloneSandbox(source.domainName, cloneTargets("d" + std::to_string(round) + "-", 1));
        ASSERT_TRUE(cloned) << "round " << round << ": " << cloned.error().detail;
        core::Status destroyed = m_connection->destroySandbox(cloned->clones.front().domainName);
        ASSERT_TRUE(destroyed) << destroyed.error().detail;

        const std::vector<std::string> chain = settledBackingChain(source.domainName);
        ASSERT_FALSE(chain.empty());
        EXPECT_EQ(chain.back(), base) << "round " << round;
        flattened = chain.size() < deepest;
        if (flattened) {
            EXPECT_EQ(chain.size(), 1u) << ::testing::PrintToString(chain);
        }
        deepest = std::max(deepest, chain.size());
    }
    EXPECT_TRUE(flattened) << "the chain grew to " << deepest << " backing files and was never flattened";
    EXPECT_LE(deepest, hypervisor::kFlattenDepth);

    // The guest ran on through the pull, and its disk kept every write.
    const long beat = waitForHeartbeatAfter(source.domainName, console(source.domainName).size());
    const std::optional<long> marker = readDiskMarker(diskPath(source.domainName));
    ASSERT_TRUE(marker.has_value());
    EXPECT_GE(*marker, beat - 1);
    EXPECT_EQ(domainState(source.domainName), VIR_DOMAIN_RUNNING);

    // A clone of the flattened source still works.
    core::Result<core::CloneResult> after = m_connection->cloneSandbox(source.domainName, cloneTargets("after", 1));
    ASSERT_TRUE(after) << after.error().detail;
    EXPECT_GT(waitForHeartbeatAfter(after->clones.front().domainName, 0), 0);

    for (const std::string& domain : {after->clones.front().domainName, source.domainName}) {
        core::Status destroyed = m_connection->destroySandbox(domain);
        EXPECT_TRUE(destroyed) << destroyed.error().detail;
    }
    EXPECT_TRUE(testVolumes().empty()) << ::testing::PrintToString(testVolumes());
}

TEST_F(Clone, ForkLayersWithoutReadersAreCollected)
{
    // A flatten that ends after the last clone reading its layers was destroyed leaves those
    // layers with no reader. This builds that state by hand beside a running sandbox: an orphan
    // layer of its own, and an overlay over its disk as a clone makes one just before its snapshot.
    const core::SandboxSpec owner = tinySpec("gc");
    const core::SandboxSpec other = tinySpec("gc2");
    ASSERT_NO_FATAL_FAILURE(createReady(owner));
    ASSERT_NO_FATAL_FAILURE(createReady(other));
    hypervisor::StoragePool pool(m_host->rawConnectionForTesting(), m_settings.libvirtUri);
    ASSERT_TRUE(pool.ensure({}));
    const std::string ownerDisk = diskPath(owner.domainName);
    const std::vector<std::string> chain = settledBackingChain(owner.domainName);
    ASSERT_FALSE(chain.empty());
    const std::uint64_t capacity = 64ull << 20;
    core::Result<hypervisor::StorageVolumeHandle> orphan = pool.createOverlay(owner.domainName + ".1.qcow2", capacity, chain.back(), "raw");
    ASSERT_TRUE(orphan) << orphan.error().detail;
    core::Result<hypervisor::StorageVolumeHandle> forking = pool.createOverlay(owner.domainName + ".2.qcow2", capacity, ownerDisk, "qcow2");
    ASSERT_TRUE(forking) << forking.error().detail;

    // Destroying any sandbox collects the orphan and keeps the overlay that is about to become
    // the owner's disk.
    core::Status destroyed = m_connection->destroySandbox(other.domainName);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    EXPECT_FALSE(hasVolume(owner.domainName + ".1.qcow2"));
    EXPECT_TRUE(hasVolume(owner.domainName + ".2.qcow2"));
    EXPECT_EQ(domainState(owner.domainName), VIR_DOMAIN_RUNNING);

    // Once the owner is gone, its overlay and the one over it go with it.
    destroyed = m_connection->destroySandbox(owner.domainName);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    EXPECT_TRUE(testVolumes().empty()) << ::testing::PrintToString(testVolumes());
}

}  // namespace
}  // namespace shoal::integration
