#include <algorithm>
#include <cstdlib>
#include <optional>

#include <gtest/gtest.h>

#include "hypervisor/hostprobe.h"
#include "hypervisor/libvirthostconnection.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

bool hasGap(const core::HostCapabilities& capabilities, const std::string& start)
{
    return std::any_of(capabilities.gaps.begin(), capabilities.gaps.end(),
                       [&](const std::string& gap) { return gap.rfind(start, 0) == 0; });
}

// Sets an environment variable for one test and restores the old value afterwards.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const char* value) : m_name(name)
    {
        if (const char* old = std::getenv(name))
            m_old = old;
        ::setenv(name, value, 1);
    }
    ~ScopedEnvironment()
    {
        if (m_old)
            ::setenv(m_name, m_old->c_str(), 1);
        else
            ::unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

class HostProbeTest : public ::testing::Test {
protected:
    std::unique_ptr<LibvirtHostConnection> connect(core::DomainType hostSetting = core::DomainType::Auto)
    {
        core::HostSpec spec;
        spec.uri = testing::writeEmptyHost(m_directory.path());
        spec.domainType = hostSetting;
        auto host = std::make_unique<LibvirtHostConnection>(spec, *ConnectionUri::parse(spec.uri));
        EXPECT_TRUE(testing::succeeded(host->connect()));
        return host;
    }

    TemporaryDirectory m_directory;
};

TEST_F(HostProbeTest, RecordsTestDriverGaps)
{
    auto host = connect();
    core::Result<core::HostCapabilities> capabilities = host->probe();
    ASSERT_TRUE(capabilities.has_value()) << capabilities.error().detail;

    EXPECT_TRUE(capabilities->isTestDriver);
    EXPECT_FALSE(capabilities->canUploadVolumes);
    EXPECT_FALSE(capabilities->canReadConsole);
    EXPECT_FALSE(capabilities->canSaveRestore);
    EXPECT_FALSE(capabilities->canBulkStats);
    EXPECT_FALSE(capabilities->canSetSchedulerQuota);
    EXPECT_FALSE(capabilities->kvmAvailable);
    EXPECT_EQ(capabilities->domainType, core::DomainType::Qemu);
    EXPECT_TRUE(hasGap(*capabilities, "no volume upload"));
    EXPECT_TRUE(hasGap(*capabilities, "no console read-back"));
    EXPECT_TRUE(hasGap(*capabilities, "no save/restore with XML"));
    EXPECT_TRUE(hasGap(*capabilities, "no bulk stats groups"));
    EXPECT_TRUE(hasGap(*capabilities, "no scheduler quotas"));
    EXPECT_EQ(capabilities->libvirtVersion.empty(), false);
    EXPECT_EQ(capabilities->hypervisorVersion.rfind("TEST ", 0), 0u) << capabilities->hypervisorVersion;
}

TEST_F(HostProbeTest, LeavesNoProbeVolume)
{
    auto host = connect();
    ASSERT_TRUE(testing::succeeded(host->probe()));
    EXPECT_TRUE(testing::volumeNames(host->rawConnectionForTesting()).empty());
}

TEST_F(HostProbeTest, AsksExistingDomainForSchedulerParameters)
{
    auto host = connect();
    TemporaryDirectory files;
    ASSERT_TRUE(testing::succeeded(host->createSandbox(testing::sandboxSpec(testing::writeTemplateFiles(files.path()), "sched1"))));
    core::Result<core::HostCapabilities> capabilities = host->probe();
    ASSERT_TRUE(capabilities.has_value());
    EXPECT_FALSE(capabilities->canSetSchedulerQuota);
    EXPECT_TRUE(hasGap(*capabilities, "no scheduler quotas: the scheduler has no vcpu_quota"))
        << ::testing::PrintToString(capabilities->gaps);
}

TEST_F(HostProbeTest, EnvironmentForcesDomainType)
{
    ScopedEnvironment forced("SHOAL_DOMAIN_TYPE", "kvm");
    auto host = connect(core::DomainType::Qemu);
    core::Result<core::HostCapabilities> capabilities = host->probe();
    ASSERT_TRUE(capabilities.has_value());
    EXPECT_EQ(capabilities->domainType, core::DomainType::Kvm);
    EXPECT_FALSE(capabilities->kvmAvailable);
    EXPECT_TRUE(hasGap(*capabilities, "kvm is set for this host but its capabilities do not offer it"));
}

TEST_F(HostProbeTest, HostSettingPicksDomainType)
{
    auto host = connect(core::DomainType::Kvm);
    core::Result<core::HostCapabilities> capabilities = host->probe();
    ASSERT_TRUE(capabilities.has_value());
    EXPECT_EQ(capabilities->domainType, core::DomainType::Kvm);
}

TEST_F(HostProbeTest, ProbeNeedsConnection)
{
    auto host = connect();
    host->disconnect();
    core::Result<core::HostCapabilities> capabilities = host->probe();
    ASSERT_FALSE(capabilities.has_value());
    EXPECT_EQ(capabilities.error().code, core::ErrorCode::HostUnreachable);
}

TEST(DomainTypeEnvironment, ReadsKnownValues)
{
    {
        ScopedEnvironment forced("SHOAL_DOMAIN_TYPE", "qemu");
        EXPECT_EQ(domainTypeFromEnvironment(), core::DomainType::Qemu);
    }
    {
        ScopedEnvironment forced("SHOAL_DOMAIN_TYPE", "kvm");
        EXPECT_EQ(domainTypeFromEnvironment(), core::DomainType::Kvm);
    }
    {
        ScopedEnvironment forced("SHOAL_DOMAIN_TYPE", "xen");
        EXPECT_EQ(domainTypeFromEnvironment(), core::DomainType::Auto);
    }
    {
        ScopedEnvironment forced("SHOAL_DOMAIN_TYPE", "");
        EXPECT_EQ(domainTypeFromEnvironment(), core::DomainType::Auto);
    }
}

TEST(GuestCapabilities, PrefersHostArchitecture)
{
    GuestCapabilities guests = GuestCapabilities::parse(
        "<capabilities><host><cpu><arch>x86_64</arch></cpu></host>"
        "<guest><os_type>hvm</os_type><arch name='i686'><domain type='qemu'/></arch></guest>"
        "<guest><os_type>hvm</os_type><arch name='x86_64'><domain type='qemu'/><domain type='kvm'/></arch></guest>"
        "<guest><os_type>xen</os_type><arch name='x86_64'><domain type='xen'/></arch></guest>"
        "</capabilities>");
    EXPECT_EQ(guests.hostArch(), "x86_64");
    EXPECT_EQ(guests.archFor("qemu"), "x86_64");
    EXPECT_EQ(guests.archFor("kvm"), "x86_64");
    EXPECT_TRUE(guests.offersDomainType("kvm"));
    EXPECT_FALSE(guests.offersDomainType("xen"));
    EXPECT_EQ(guests.archFor("xen"), "");
}

}  // namespace
}  // namespace shoal::hypervisor
