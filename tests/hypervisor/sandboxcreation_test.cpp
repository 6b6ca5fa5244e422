#include <algorithm>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/sandboxcreation.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

class SandboxRollback : public ::testing::TestWithParam<CreateStep> {
protected:
    void SetUp() override
    {
        m_template = testing::writeTemplateFiles(m_files.path());
        m_host = testing::connectHost(testing::writeEmptyHost(m_hostDirectory.path()));
        ASSERT_TRUE(testing::succeeded(m_host->prepareTemplate(m_template)));
        m_volumesBefore = testing::volumeNames(raw());
    }

    virConnectPtr raw() const { return m_host->rawConnectionForTesting(); }

    TemporaryDirectory m_files;
    TemporaryDirectory m_hostDirectory;
    core::Template m_template;
    std::unique_ptr<LibvirtHostConnection> m_host;
    std::set<std::string> m_volumesBefore;
};

TEST_P(SandboxRollback, FailedStepLeavesNothingAndRetrySucceeds)
{
    const CreateStep failing = GetParam();
    m_host->setCreateStepHookForTesting([failing](CreateStep step) -> core::Status {
        if (step == failing)
            return core::fail(core::ErrorCode::HostError, "injected failure");
        return {};
    });

    core::SandboxSpec spec = testing::sandboxSpec(m_template, "roll01");
    core::Result<core::SandboxInfo> created = m_host->createSandbox(spec);
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().detail, "injected failure");
    EXPECT_TRUE(testing::domainNames(raw()).empty());
    EXPECT_EQ(testing::volumeNames(raw()), m_volumesBefore);

    m_host->setCreateStepHookForTesting({});
    core::Result<core::SandboxInfo> retried = m_host->createSandbox(spec);
    ASSERT_TRUE(retried.has_value()) << retried.error().detail;
    EXPECT_EQ(testing::domainNames(raw()), std::set<std::string>{"shoal-roll01"});
}

INSTANTIATE_TEST_SUITE_P(EachStep, SandboxRollback,
                         ::testing::Values(CreateStep::Overlay, CreateStep::ConsoleLog, CreateStep::Define, CreateStep::Start),
                         [](const ::testing::TestParamInfo<CreateStep>& info) {
                             std::string name(toString(info.param));
                             name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                             return name;
                         });

TEST_F(SandboxRollback, TakenDomainNameKeepsExistingDomain)
{
    const char* existing = "<domain type='test'><name>shoal-taken1</name><memory>65536</memory>"
                           "<os><type>hvm</type></os></domain>";
    virDomainPtr domain = virDomainDefineXML(raw(), existing);
    ASSERT_NE(domain, nullptr);
    virDomainFree(domain);

    core::Result<core::SandboxInfo> created = m_host->createSandbox(testing::sandboxSpec(m_template, "taken1"));
    ASSERT_FALSE(created.has_value());
    EXPECT_NE(created.error().detail.find("Failed to define sandbox \"shoal-taken1\""), std::string::npos) << created.error().detail;
    EXPECT_NE(created.error().hypervisorCode, 0);
    EXPECT_EQ(testing::domainNames(raw()), std::set<std::string>{"shoal-taken1"});
    EXPECT_EQ(testing::volumeNames(raw()), m_volumesBefore);

    domain = virDomainLookupByName(raw(), "shoal-taken1");
    ASSERT_NE(domain, nullptr);
    EXPECT_EQ(virDomainIsActive(domain), 0);
    virDomainFree(domain);
}

TEST_F(SandboxRollback, LeftoverVolumesAreReplacedOnRetry)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName(raw(), "shoal");
    ASSERT_NE(pool, nullptr);
    for (const char* xml : {"<volume><name>shoal-left01.qcow2</name><capacity>1</capacity></volume>",
                            "<volume><name>shoal-left01.log</name><capacity>0</capacity></volume>"}) {
        virStorageVolPtr volume = virStorageVolCreateXML(pool, xml, 0);
        ASSERT_NE(volume, nullptr);
        virStorageVolFree(volume);
    }
    virStoragePoolFree(pool);

    core::Result<core::SandboxInfo> created = m_host->createSandbox(testing::sandboxSpec(m_template, "left01"));
    ASSERT_TRUE(testing::succeeded(created));
    EXPECT_EQ(testing::domainNames(raw()), std::set<std::string>{"shoal-left01"});

    virStorageVolPtr overlay = virStorageVolLookupByName(virStoragePoolLookupByName(raw(), "shoal"), "shoal-left01.qcow2");
    ASSERT_NE(overlay, nullptr);
    virStorageVolInfo info{};
    ASSERT_EQ(virStorageVolGetInfo(overlay, &info), 0);
    EXPECT_EQ(info.capacity, 64u * 1024 * 1024) << "the leftover 1-byte volume was not replaced";
    virStorageVolFree(overlay);
}

TEST_F(SandboxRollback, VolumesOfExistingDomainAreKept)
{
    const char* existing = "<domain type='test'><name>shoal-own001</name><memory>65536</memory>"
                           "<os><type>hvm</type></os></domain>";
    virDomainPtr domain = virDomainDefineXML(raw(), existing);
    ASSERT_NE(domain, nullptr);
    virDomainFree(domain);
    virStoragePoolPtr pool = virStoragePoolLookupByName(raw(), "shoal");
    virStorageVolPtr volume = virStorageVolCreateXML(pool, "<volume><name>shoal-own001.qcow2</name><capacity>1</capacity></volume>", 0);
    ASSERT_NE(volume, nullptr);
    virStorageVolFree(volume);
    virStoragePoolFree(pool);
    std::set<std::string> before = testing::volumeNames(raw());

    core::Result<core::SandboxInfo> created = m_host->createSandbox(testing::sandboxSpec(m_template, "own001"));
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().code, core::ErrorCode::AlreadyExists);
    EXPECT_EQ(testing::volumeNames(raw()), before);
    EXPECT_EQ(testing::domainNames(raw()), std::set<std::string>{"shoal-own001"});
}

TEST(CreateStep, NamesAreStable)
{
    EXPECT_EQ(toString(CreateStep::Overlay), "overlay");
    EXPECT_EQ(toString(CreateStep::ConsoleLog), "console-log");
    EXPECT_EQ(toString(CreateStep::Define), "define");
    EXPECT_EQ(toString(CreateStep::Start), "start");
}

TEST(DomainName, CheckAcceptsGeneratedNames)
{
    EXPECT_TRUE(checkDomainName("shoal-k3x9q2").has_value());
    EXPECT_TRUE(checkDomainName("shoal-a.b_c-d").has_value());
}

TEST(DomainName, CheckRejectsUnsafeNames)
{
    for (const char* name : {"", "shoal-", "k3x9q2", "shoal-a/b", "shoal-a b", "shoal-\xE6\xB2\x99"}) {
        core::Status checked = checkDomainName(name);
        EXPECT_FALSE(checked.has_value()) << name;
    }
    EXPECT_FALSE(checkDomainName("shoal-" + std::string(59, 'a')).has_value());
    EXPECT_TRUE(checkDomainName("shoal-" + std::string(58, 'a')).has_value());
}

}  // namespace
}  // namespace shoal::hypervisor
