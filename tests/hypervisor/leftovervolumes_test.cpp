// The reconcile calls of LibvirtHostConnection on libvirt's test driver: inspecting what is left
// of a sandbox, discarding leftovers beside a domain, and sweeping volumes of vanished domains.

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/leftovervolumes.h"
#include "hypervisor/libvirthostconnection.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

class LeftoverVolumesTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_template = testing::writeTemplateFiles(m_files.path());
        m_host = testing::connectHost(testing::writeEmptyHost(m_hostDirectory.path()));
        ASSERT_TRUE(testing::succeeded(m_host->prepareTemplate(m_template)));
        ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "livebox2"))));
    }

    virConnectPtr raw() const { return m_host->rawConnectionForTesting(); }

    // Creates a raw volume in Shoal's pool, reading `backingPath` when it is not empty.
    void createVolume(const std::string& name, const std::string& backingPath = {})
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(raw(), "shoal");
        ASSERT_NE(pool, nullptr);
        std::string xml = "<volume><name>" + name + "</name><capacity>1024</capacity>";
        if (!backingPath.empty())
            xml += "<backingStore><path>" + backingPath + "</path><format type='qcow2'/></backingStore>";
        xml += "</volume>";
        virStorageVolPtr volume = virStorageVolCreateXML(pool, xml.c_str(), 0);
        EXPECT_NE(volume, nullptr) << name;
        if (volume)
            virStorageVolFree(volume);
        virStoragePoolFree(pool);
    }

    std::string pathOf(const std::string& name)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(raw(), "shoal");
        virStorageVolPtr volume = pool ? virStorageVolLookupByName(pool, name.c_str()) : nullptr;
        std::string path;
        if (volume) {
            char* text = virStorageVolGetPath(volume);
            path = text ? text : "";
            free(text);
            virStorageVolFree(volume);
        }
        if (pool)
            virStoragePoolFree(pool);
        return path;
    }

    bool hasVolume(const std::string& name) { return testing::volumeNames(raw()).count(name) > 0; }

    TemporaryDirectory m_files;
    TemporaryDirectory m_hostDirectory;
    core::Template m_template;
    std::unique_ptr<LibvirtHostConnection> m_host;
};

TEST_F(LeftoverVolumesTest, SweepDeletesVolumesOfVanishedDomain)
{
    createVolume("shoal-gonebox2.qcow2");
    createVolume("shoal-gonebox2.log");
    createVolume("shoal-gonebox2.save");

    core::Result<std::vector<std::string>> deleted = m_host->sweepOrphanVolumes({}, std::chrono::seconds(0));
    ASSERT_TRUE(testing::succeeded(deleted));
    EXPECT_EQ(std::set<std::string>(deleted->begin(), deleted->end()),
              (std::set<std::string>{"shoal-gonebox2.qcow2", "shoal-gonebox2.log", "shoal-gonebox2.save"}));
    EXPECT_FALSE(hasVolume("shoal-gonebox2.qcow2"));
    EXPECT_TRUE(hasVolume("shoal-livebox2.qcow2"));
    EXPECT_TRUE(hasVolume("shoal-livebox2.log"));
}

TEST_F(LeftoverVolumesTest, SweepKeepsFrozenImageWithReader)
{
    // The reader belongs to a domain that exists, so the sweep keeps it, and with it the frozen image.
    createVolume("shoal-frozen22.qcow2");
    createVolume("shoal-livebox2.1.qcow2", pathOf("shoal-frozen22.qcow2"));

    core::Result<std::vector<std::string>> deleted = m_host->sweepOrphanVolumes({}, std::chrono::seconds(0));
    ASSERT_TRUE(testing::succeeded(deleted));
    EXPECT_TRUE(hasVolume("shoal-frozen22.qcow2"));
    EXPECT_TRUE(deleted->empty());
}

TEST_F(LeftoverVolumesTest, SweepFollowsReleasedBackingChain)
{
    createVolume("shoal-frozen33.qcow2");
    createVolume("shoal-frozen33.1.qcow2", pathOf("shoal-frozen33.qcow2"));

    core::Result<std::vector<std::string>> deleted = m_host->sweepOrphanVolumes({}, std::chrono::seconds(0));
    ASSERT_TRUE(testing::succeeded(deleted));
    EXPECT_FALSE(hasVolume("shoal-frozen33.1.qcow2"));
    EXPECT_FALSE(hasVolume("shoal-frozen33.qcow2"));
}

TEST_F(LeftoverVolumesTest, SweepSkipsProtectedAndForeignNames)
{
    createVolume("shoal-journal2.qcow2");
    createVolume("shoal-itlc-42-src.qcow2");
    createVolume("shoal-warm-tiny-0123456789abcdef.save");

    core::Result<std::vector<std::string>> deleted =
        m_host->sweepOrphanVolumes({"shoal-journal2"}, std::chrono::seconds(0));
    ASSERT_TRUE(testing::succeeded(deleted));
    EXPECT_TRUE(deleted->empty());
    EXPECT_TRUE(hasVolume("shoal-journal2.qcow2"));
    EXPECT_TRUE(hasVolume("shoal-itlc-42-src.qcow2"));
    EXPECT_TRUE(hasVolume("shoal-warm-tiny-0123456789abcdef.save"));
}

TEST_F(LeftoverVolumesTest, SweepKeepsVolumesOfUnknownAge)
{
    // The test driver reports no file times, so with a minimum age nothing counts as old enough.
    createVolume("shoal-gonebox3.qcow2");

    core::Result<std::vector<std::string>> deleted = m_host->sweepOrphanVolumes({}, std::chrono::hours(1));
    ASSERT_TRUE(testing::succeeded(deleted));
    EXPECT_TRUE(deleted->empty());
    EXPECT_TRUE(hasVolume("shoal-gonebox3.qcow2"));
}

TEST_F(LeftoverVolumesTest, DiscardDeletesForkLeftovers)
{
    createVolume("shoal-livebox2.fork1.mem");
    createVolume("shoal-livebox2.fork1.mem.r1");
    createVolume("shoal-livebox2.fork1.mem.lock");
    createVolume("shoal-livebox2.fork1.mem.r1.lock");
    createVolume("shoal-livebox2.1.qcow2", pathOf("shoal-livebox2.qcow2"));
    // Not a fork file: the suffix after ".mem" is not a thread number.
    createVolume("shoal-livebox2.fork1.mem.rx");

    core::Result<std::vector<std::string>> deleted = m_host->discardLeftovers("shoal-livebox2");
    ASSERT_TRUE(testing::succeeded(deleted));
    for (const char* name : {"shoal-livebox2.fork1.mem", "shoal-livebox2.fork1.mem.r1", "shoal-livebox2.fork1.mem.lock",
                             "shoal-livebox2.fork1.mem.r1.lock"})
        EXPECT_FALSE(hasVolume(name)) << name;
    EXPECT_TRUE(hasVolume("shoal-livebox2.fork1.mem.rx"));
    EXPECT_FALSE(hasVolume("shoal-livebox2.1.qcow2"));
    // The domain's disk stays, although no volume reads it any more.
    EXPECT_TRUE(hasVolume("shoal-livebox2.qcow2"));
    EXPECT_TRUE(hasVolume("shoal-livebox2.log"));
}

TEST_F(LeftoverVolumesTest, InspectReportsDomainAndImage)
{
    core::Result<core::SandboxRemains> live = m_host->inspectRemains("shoal-livebox2");
    ASSERT_TRUE(testing::succeeded(live));
    EXPECT_TRUE(live->defined);
    EXPECT_EQ(live->state, core::SandboxState::Running);
    EXPECT_FALSE(live->hasStateVolume);

    createVolume("shoal-gonebox4.save");
    core::Result<core::SandboxRemains> gone = m_host->inspectRemains("shoal-gonebox4");
    ASSERT_TRUE(testing::succeeded(gone));
    EXPECT_FALSE(gone->defined);
    EXPECT_TRUE(gone->hasStateVolume);
    EXPECT_FALSE(gone->stateImageComplete);
}

TEST(GeneratedDomainName, AcceptsOnlyShoalIds)
{
    EXPECT_TRUE(isGeneratedDomainName("shoal-abcdef27"));
    EXPECT_FALSE(isGeneratedDomainName("shoal-abcdef2"));
    EXPECT_FALSE(isGeneratedDomainName("shoal-ABCDEF27"));
    EXPECT_FALSE(isGeneratedDomainName("shoal-itlc-42-src"));
    EXPECT_FALSE(isGeneratedDomainName("shoal-warm-tiny-0123"));
    EXPECT_EQ(domainOfVolume("shoal-abcdef27.fork2.mem"), "shoal-abcdef27");
}

}  // namespace
}  // namespace shoal::hypervisor
