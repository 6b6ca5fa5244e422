#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/hosteventbridge.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/sandboxinventory.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

std::set<std::string> templateVolumes(const std::set<std::string>& volumes)
{
    std::set<std::string> result;
    for (const std::string& name : volumes) {
        if (name.rfind("tpl-", 0) == 0)
            result.insert(name);
    }
    return result;
}

const core::SandboxInfo* findSandbox(const std::vector<core::SandboxInfo>& sandboxes, const std::string& domainName)
{
    for (const core::SandboxInfo& sandbox : sandboxes) {
        if (sandbox.domainName == domainName)
            return &sandbox;
    }
    return nullptr;
}

class HostConnectionTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_template = testing::writeTemplateFiles(m_files.path());
        m_host = testing::connectHost(testing::writeEmptyHost(m_hostDirectory.path()));
        ASSERT_TRUE(m_host->isConnected());
    }

    virConnectPtr raw() const { return m_host->rawConnectionForTesting(); }

    TemporaryDirectory m_files{" files & [1]"};
    TemporaryDirectory m_hostDirectory;
    core::Template m_template;
    std::unique_ptr<LibvirtHostConnection> m_host;
};

TEST_F(HostConnectionTest, ConnectCreatesNothingButThePool)
{
    EXPECT_TRUE(testing::domainNames(raw()).empty());
    EXPECT_TRUE(testing::volumeNames(raw()).empty());
}

TEST_F(HostConnectionTest, ConnectDefinesMissingPool)
{
    TemporaryDirectory directory;
    std::ofstream(directory.path() / "bare.xml") << "<node><memory>1048576</memory></node>";
    auto host = testing::connectHost(testDriverUri((directory.path() / "bare.xml").string()));
    virStoragePoolPtr pool = virStoragePoolLookupByName(host->rawConnectionForTesting(), "shoal");
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(virStoragePoolIsActive(pool), 1);
    int autostart = 0;
    virStoragePoolGetAutostart(pool, &autostart);
    EXPECT_EQ(autostart, 1);
    virStoragePoolFree(pool);
}

TEST_F(HostConnectionTest, CreateStopStartDestroyLeavesNothingBehind)
{
    core::SandboxSpec spec = testing::sandboxSpec(m_template, "life01", "a&b <\xE6\xB2\x99\xE7\xAE\xB1> it's");
    core::Result<core::SandboxInfo> created = m_host->createSandbox(spec);
    ASSERT_TRUE(created.has_value()) << created.error().detail;
    EXPECT_EQ(created->state, core::SandboxState::Running);
    std::set<std::string> templateOnly = templateVolumes(testing::volumeNames(raw()));
    EXPECT_EQ(templateOnly.size(), 3u);
    EXPECT_TRUE(testing::volumeNames(raw()).count("shoal-life01.qcow2"));
    EXPECT_TRUE(testing::volumeNames(raw()).count("shoal-life01.log"));

    ASSERT_TRUE(testing::succeeded(m_host->stopSandbox("shoal-life01", core::StopMode::Force)));
    core::Result<std::vector<core::SandboxInfo>> listed = m_host->listSandboxes();
    ASSERT_TRUE(listed.has_value());
    ASSERT_NE(findSandbox(*listed, "shoal-life01"), nullptr);
    EXPECT_EQ(findSandbox(*listed, "shoal-life01")->state, core::SandboxState::Stopped);

    ASSERT_TRUE(testing::succeeded(m_host->startSandbox("shoal-life01")));
    listed = m_host->listSandboxes();
    ASSERT_TRUE(listed.has_value());
    const core::SandboxInfo* sandbox = findSandbox(*listed, "shoal-life01");
    ASSERT_NE(sandbox, nullptr);
    EXPECT_EQ(sandbox->state, core::SandboxState::Running);
    EXPECT_GT(sandbox->startedAtMs, 0);
    EXPECT_EQ(sandbox->metadata.displayName, "a&b <\xE6\xB2\x99\xE7\xAE\xB1> it's");
    EXPECT_EQ(sandbox->metadata.createdAtMs, spec.metadata.createdAtMs);
    EXPECT_EQ(sandbox->vcpus, 1);
    EXPECT_EQ(sandbox->memoryMiB, 256u);

    core::Status destroyed = m_host->destroySandbox("shoal-life01");
    ASSERT_TRUE(destroyed.has_value()) << destroyed.error().detail;
    EXPECT_TRUE(testing::domainNames(raw()).empty());
    EXPECT_EQ(testing::volumeNames(raw()), templateOnly);
}

TEST_F(HostConnectionTest, StartTimeIsReadBackByAnotherProcess)
{
    core::Result<core::SandboxInfo> created = m_host->createSandbox(testing::sandboxSpec(m_template, "uptime01"));
    ASSERT_TRUE(created.has_value()) << created.error().detail;
    ASSERT_GT(created->startedAtMs, 0);

    // A fresh event bridge has seen no start, as in a later shoalctl call: the time must come
    // from the domain's live metadata.
    HostEventBridge freshEvents("test:///fresh");
    SandboxInventory inventory(raw(), "test:///fresh", freshEvents);
    core::Result<std::vector<core::SandboxInfo>> listed = inventory.list(DomainFilter::All);
    ASSERT_TRUE(listed.has_value()) << listed.error().detail;
    const core::SandboxInfo* sandbox = findSandbox(*listed, "shoal-uptime01");
    ASSERT_NE(sandbox, nullptr);
    EXPECT_EQ(sandbox->startedAtMs, created->startedAtMs);
}

TEST_F(HostConnectionTest, DestroyKeepsOtherSandboxesAndTemplate)
{
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "keep01"))));
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "gone01"))));

    ASSERT_TRUE(testing::succeeded(m_host->destroySandbox("shoal-gone01")));
    EXPECT_EQ(testing::domainNames(raw()), std::set<std::string>{"shoal-keep01"});
    std::set<std::string> volumes = testing::volumeNames(raw());
    EXPECT_TRUE(volumes.count("shoal-keep01.qcow2"));
    EXPECT_TRUE(volumes.count("shoal-keep01.log"));
    EXPECT_FALSE(volumes.count("shoal-gone01.qcow2"));
    EXPECT_FALSE(volumes.count("shoal-gone01.log"));
    EXPECT_EQ(templateVolumes(volumes).size(), 3u);
}

TEST_F(HostConnectionTest, DestroyRemovesLeftoverVolumesWithoutDomain)
{
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "half01"))));
    virDomainPtr domain = virDomainLookupByName(raw(), "shoal-half01");
    ASSERT_NE(domain, nullptr);
    virDomainDestroy(domain);
    virDomainUndefine(domain);
    virDomainFree(domain);

    ASSERT_TRUE(testing::succeeded(m_host->destroySandbox("shoal-half01")));
    EXPECT_FALSE(testing::volumeNames(raw()).count("shoal-half01.qcow2"));
    EXPECT_FALSE(testing::volumeNames(raw()).count("shoal-half01.log"));
}

TEST_F(HostConnectionTest, DestroyUnknownSandboxIsNotFound)
{
    core::Status destroyed = m_host->destroySandbox("shoal-nosuch");
    ASSERT_FALSE(destroyed.has_value());
    EXPECT_EQ(destroyed.error().code, core::ErrorCode::NotFound);
    EXPECT_NE(destroyed.error().detail.find("\"shoal-nosuch\""), std::string::npos);
}

TEST_F(HostConnectionTest, PrepareTemplateTwiceAddsNoVolume)
{
    ASSERT_TRUE(testing::succeeded(m_host->prepareTemplate(m_template)));
    std::set<std::string> first = testing::volumeNames(raw());
    EXPECT_EQ(first.size(), 3u);
    ASSERT_TRUE(testing::succeeded(m_host->prepareTemplate(m_template)));
    EXPECT_EQ(testing::volumeNames(raw()), first);
}

TEST_F(HostConnectionTest, ChangedKernelGetsNewVolume)
{
    ASSERT_TRUE(testing::succeeded(m_host->prepareTemplate(m_template)));
    std::set<std::string> first = testing::volumeNames(raw());
    std::ofstream(m_template.kernelPath, std::ios::binary | std::ios::trunc) << "a different kernel";
    ASSERT_TRUE(testing::succeeded(m_host->prepareTemplate(m_template)));
    std::set<std::string> second = testing::volumeNames(raw());
    EXPECT_EQ(second.size(), 4u);
    EXPECT_TRUE(std::includes(second.begin(), second.end(), first.begin(), first.end()));
}

// The test driver cannot upload, so a missing local file costs nothing there: the simulated fleet
// works without a built guest. On a host that uploads, the integration tests check the failure.
TEST_F(HostConnectionTest, MissingKernelGetsPlaceholderOnTestDriver)
{
    std::filesystem::remove(m_template.kernelPath);
    core::Result<core::SandboxInfo> created = m_host->createSandbox(testing::sandboxSpec(m_template, "nokern"));
    ASSERT_TRUE(created.has_value()) << created.error().detail;
    EXPECT_TRUE(testing::volumeNames(raw()).count("tpl-tiny-kernel-nofile"));

    ASSERT_TRUE(testing::succeeded(m_host->destroySandbox("shoal-nokern")));
    EXPECT_TRUE(testing::domainNames(raw()).empty());
}

TEST_F(HostConnectionTest, RejectsUnsafeDomainName)
{
    core::SandboxSpec spec = testing::sandboxSpec(m_template, "x");
    spec.domainName = "shoal-../../etc";
    core::Result<core::SandboxInfo> created = m_host->createSandbox(spec);
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_TRUE(testing::volumeNames(raw()).empty());
}

TEST_F(HostConnectionTest, RejectsUnresolvedDomainType)
{
    core::SandboxSpec spec = testing::sandboxSpec(m_template, "auto01");
    spec.domainType = core::DomainType::Auto;
    core::Result<core::SandboxInfo> created = m_host->createSandbox(spec);
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().code, core::ErrorCode::InvalidArgument);
}

TEST_F(HostConnectionTest, ListSkipsDomainsWithoutShoalMetadata)
{
    const char* foreign = "<domain type='test'><name>shoal-foreign</name><memory>65536</memory>"
                          "<os><type>hvm</type></os></domain>";
    virDomainPtr domain = virDomainDefineXML(raw(), foreign);
    ASSERT_NE(domain, nullptr);
    virDomainFree(domain);
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "mine01"))));

    core::Result<std::vector<core::SandboxInfo>> listed = m_host->listSandboxes();
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().domainName, "shoal-mine01");
    EXPECT_EQ(listed->front().hostUri, m_host->uri());
}

TEST_F(HostConnectionTest, ReadConsoleOnTestDriverIsUnsupported)
{
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "cons01"))));
    core::Result<std::string> console = m_host->readConsole("shoal-cons01", 4096);
    ASSERT_FALSE(console.has_value());
    EXPECT_EQ(console.error().code, core::ErrorCode::Unsupported);
}

TEST_F(HostConnectionTest, CallsFailWhenDisconnected)
{
    m_host->disconnect();
    EXPECT_FALSE(m_host->isConnected());
    core::Result<std::vector<core::SandboxInfo>> listed = m_host->listSandboxes();
    ASSERT_FALSE(listed.has_value());
    EXPECT_EQ(listed.error().code, core::ErrorCode::HostUnreachable);
    EXPECT_EQ(m_host->destroySandbox("shoal-x1").error().code, core::ErrorCode::HostUnreachable);
    EXPECT_EQ(m_host->capacity().error().code, core::ErrorCode::HostUnreachable);
}

TEST_F(HostConnectionTest, ReconnectsAfterDisconnect)
{
    m_host->disconnect();
    ASSERT_TRUE(testing::succeeded(m_host->connect()));
    EXPECT_TRUE(m_host->isConnected());
    EXPECT_TRUE(testing::succeeded(m_host->listSandboxes()));
}

TEST(HostConnection, MissingTestDriverFileFailsClearly)
{
    core::HostSpec spec;
    spec.uri = "test:///nonexistent-shoal-dir/host.xml";
    auto connection = std::make_unique<LibvirtHostConnection>(spec, *ConnectionUri::parse(spec.uri));
    core::Status connected = connection->connect();
    ASSERT_FALSE(connected.has_value());
    EXPECT_EQ(connected.error().code, core::ErrorCode::HostUnreachable);
    EXPECT_EQ(connected.error().detail,
              "Failed to connect to host \"test:///nonexistent-shoal-dir/host.xml\": the test driver file "
              "\"/nonexistent-shoal-dir/host.xml\" does not exist");
    EXPECT_FALSE(connection->isConnected());
}

TEST(HostConnection, CapacityCountsActiveSandboxesOnly)
{
    TemporaryDirectory files;
    TemporaryDirectory hostDirectory;
    core::Template small = testing::writeTemplateFiles(files.path());
    small.vcpus = 2;
    small.memoryMiB = 512;
    auto host = testing::connectHost(testing::writeEmptyHost(hostDirectory.path()));
    ASSERT_TRUE(testing::succeeded(host->createSandbox(testing::sandboxSpec(small, "cap001"))));
    ASSERT_TRUE(testing::succeeded(host->createSandbox(testing::sandboxSpec(small, "cap002"))));
    ASSERT_TRUE(testing::succeeded(host->stopSandbox("shoal-cap002", core::StopMode::Force)));

    core::Result<core::HostCapacity> capacity = host->capacity();
    ASSERT_TRUE(capacity.has_value()) << capacity.error().detail;
    EXPECT_EQ(capacity->cpus, 8);
    EXPECT_EQ(capacity->memoryMiB, 16384u);
    EXPECT_EQ(capacity->allocatedVcpus, 2);
    EXPECT_EQ(capacity->allocatedMemoryMiB, 512u);
    EXPECT_GT(capacity->storageCapacityBytes, 0u);
    EXPECT_LE(capacity->storageFreeBytes, capacity->storageCapacityBytes);
}

}  // namespace
}  // namespace shoal::hypervisor
