// Lifecycle calls on libvirt's test driver, which has no restore of a rewritten save image: each
// must be rejected cleanly so the core can fall back, and destroy must respect disk readers.

#include <string>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/storagepool.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

class HostLifecycleTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_template = testing::writeTemplateFiles(m_files.path());
        m_host = testing::connectHost(testing::writeEmptyHost(m_hostDirectory.path()));
        ASSERT_TRUE(m_host->isConnected());
    }

    virConnectPtr raw() const { return m_host->rawConnectionForTesting(); }

    // Creates a qcow2 volume that reads `backingPath`, as a clone's overlay reads its source's
    // frozen image.
    void createReader(const std::string& name, const std::string& backingPath)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(raw(), kStoragePoolName);
        ASSERT_NE(pool, nullptr);
        const std::string xml = buildVolumeXml(name, "qcow2", 1 << 20, backingPath, "qcow2");
        virStorageVolPtr volume = virStorageVolCreateXML(pool, xml.c_str(), 0);
        ASSERT_NE(volume, nullptr);
        virStorageVolFree(volume);
        virStoragePoolFree(pool);
    }

    std::string volumePath(const std::string& name)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(raw(), kStoragePoolName);
        virStorageVolPtr volume = pool ? virStorageVolLookupByName(pool, name.c_str()) : nullptr;
        char* path = volume ? virStorageVolGetPath(volume) : nullptr;
        std::string result = path ? path : "";
        free(path);
        if (volume)
            virStorageVolFree(volume);
        if (pool)
            virStoragePoolFree(pool);
        return result;
    }

    TemporaryDirectory m_files;
    TemporaryDirectory m_hostDirectory;
    core::Template m_template;
    std::unique_ptr<LibvirtHostConnection> m_host;
};

TEST_F(HostLifecycleTest, ProbeReportsLifecycleMissing)
{
    core::Result<core::HostCapabilities> capabilities = m_host->probe();
    ASSERT_TRUE(testing::succeeded(capabilities));
    EXPECT_FALSE(capabilities->canSleep);
    EXPECT_FALSE(capabilities->canSnapshotStart);
    EXPECT_FALSE(capabilities->canClone);
    bool noted = false;
    for (const std::string& gap : capabilities->gaps)
        noted = noted || gap.find("no snapshot start") != std::string::npos;
    EXPECT_TRUE(noted) << ::testing::PrintToString(capabilities->gaps);
}

TEST_F(HostLifecycleTest, SnapshotStartIsUnsupportedAndLeavesNothing)
{
    ASSERT_TRUE(testing::succeeded(m_host->probe()));
    core::SandboxSpec spec = testing::sandboxSpec(m_template, "snap01");
    spec.startMode = core::StartMode::Snapshot;
    core::Result<core::SandboxInfo> created = m_host->createSandbox(spec);
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, core::ErrorCode::Unsupported);
    EXPECT_TRUE(testing::domainNames(raw()).empty());
    EXPECT_EQ(testing::volumeNames(raw()).count("shoal-snap01.qcow2"), 0u);
}

TEST_F(HostLifecycleTest, SleepCloneAndWarmStateAreUnsupported)
{
    ASSERT_TRUE(testing::succeeded(m_host->probe()));
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "src01"))));

    core::Result<core::SandboxInfo> asleep = m_host->sleepSandbox("shoal-src01");
    ASSERT_FALSE(asleep);
    EXPECT_EQ(asleep.error().code, core::ErrorCode::Unsupported);
    core::Result<core::CloneResult> cloned = m_host->cloneSandbox("shoal-src01", {{{}, "shoal-clone01"}});
    ASSERT_FALSE(cloned);
    EXPECT_EQ(cloned.error().code, core::ErrorCode::Unsupported);
    core::Result<core::WarmState> warm = m_host->prepareWarmState(m_template, core::DomainType::Qemu, 10);
    ASSERT_FALSE(warm);
    EXPECT_EQ(warm.error().code, core::ErrorCode::Unsupported);
    EXPECT_EQ(testing::domainNames(raw()), std::set<std::string>{"shoal-src01"});
}

TEST_F(HostLifecycleTest, DestroyKeepsImageAnotherDiskReads)
{
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "src02"))));
    const std::string frozen = volumePath("shoal-src02.qcow2");
    ASSERT_FALSE(frozen.empty());
    ASSERT_NO_FATAL_FAILURE(createReader("shoal-reader02.qcow2", frozen));

    ASSERT_TRUE(testing::succeeded(m_host->destroySandbox("shoal-src02")));
    EXPECT_EQ(testing::domainNames(raw()).count("shoal-src02"), 0u);
    EXPECT_EQ(testing::volumeNames(raw()).count("shoal-src02.qcow2"), 1u) << "an image with a reader was deleted";
    EXPECT_EQ(testing::volumeNames(raw()).count("shoal-src02.log"), 0u);

    // The reader's removal releases the frozen image, which then goes too.
    ASSERT_TRUE(testing::succeeded(m_host->destroySandbox("shoal-reader02")));
    EXPECT_EQ(testing::volumeNames(raw()).count("shoal-reader02.qcow2"), 0u);
    EXPECT_EQ(testing::volumeNames(raw()).count("shoal-src02.qcow2"), 0u) << "a frozen image without readers is left";
}

}  // namespace
}  // namespace shoal::hypervisor
