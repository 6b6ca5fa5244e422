// The managed warm pool on the real libvirtd: a pool of two fills, a claim resumes an entry under
// the user's name, the pool refills, and size 0 removes the entries with their volumes. The test
// reads the host's domains and volumes through libvirt directly, not through the fleet.

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "core/fleet.h"
#include "core/store.h"
#include "hypervisor/sandboxmetadataxml.h"
#include "hypervisor/storagepool.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

using namespace std::chrono_literals;

// Guards against a hang only. A refill here is a restore of about 0.7 s, but the first one may
// prepare the warm state, which boots the guest once.
constexpr auto kSettleGuard = std::chrono::seconds(300);

// One Shoal domain as libvirt reports it.
struct HostDomain {
    std::string name;
    int state = VIR_DOMAIN_NOSTATE;
    core::SandboxMetadata metadata;
};

std::vector<HostDomain> shoalDomains(virConnectPtr connection)
{
    std::vector<HostDomain> found;
    virDomainPtr* domains = nullptr;
    const int count = virConnectListAllDomains(connection, &domains, 0);
    for (int i = 0; i < count; ++i) {
        HostDomain domain;
        domain.name = virDomainGetName(domains[i]);
        int reason = 0;
        virDomainGetState(domains[i], &domain.state, &reason, 0);
        const std::string ns(hypervisor::kSandboxNamespace);
        if (char* xml = virDomainGetMetadata(domains[i], VIR_DOMAIN_METADATA_ELEMENT, ns.c_str(), 0)) {
            if (core::Result<core::SandboxMetadata> parsed = hypervisor::parseSandboxMetadata(std::string_view(xml)))
                domain.metadata = *parsed;
            free(xml);
            found.push_back(domain);
        }
        virResetLastError();
        virDomainFree(domains[i]);
    }
    free(domains);
    return found;
}

class WarmPoolFleetTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        core::Result<IntegrationSettings> settings = readIntegrationSettings();
        ASSERT_TRUE(settings) << settings.error().detail;
        m_settings = *settings;
        core::Result<std::unique_ptr<core::Store>> store = core::Store::open((m_directory.path() / "shoal.db").string());
        ASSERT_TRUE(store) << store.error().detail;
        m_store = std::move(*store);
        m_raw = virConnectOpen(m_settings.libvirtUri.c_str());
        ASSERT_NE(m_raw, nullptr);

        core::FleetOptions options;
        options.guestDirectory = m_settings.guestDirectory;
        options.statsInterval = 0ms;
        m_fleet = std::make_unique<core::Fleet>(m_hypervisor, *m_store, options);
        ASSERT_TRUE(m_fleet->load());
        core::HostSpec host;
        host.uri = m_settings.libvirtUri;
        core::Result<core::HostStatus> added = m_fleet->addHost(host);
        ASSERT_TRUE(added) << added.error().detail;
    }

    void TearDown() override
    {
        if (m_fleet) {
            if (!m_claimedName.empty() && m_fleet->findSandbox(m_claimedName))
                m_fleet->destroySandbox(m_claimedName);
            if (m_fleet->setWarmPoolSize("tiny", m_settings.libvirtUri, 0))
                m_fleet->settleWarmPools(kSettleGuard);
        }
        m_fleet.reset();
        if (m_raw)
            virConnectClose(m_raw);
    }

    // Returns the warm-pool entries of the template "tiny" on the host.
    std::vector<HostDomain> entries()
    {
        std::vector<HostDomain> found;
        for (const HostDomain& domain : shoalDomains(m_raw)) {
            if (domain.metadata.warmPoolEntry && domain.metadata.templateName == "tiny")
                found.push_back(domain);
        }
        return found;
    }

    core::WarmPoolStatus settle()
    {
        for (const core::WarmPoolStatus& pool : m_fleet->settleWarmPools(kSettleGuard)) {
            if (pool.templateName == "tiny" && pool.hostUri == m_settings.libvirtUri)
                return pool;
        }
        return {};
    }

    IntegrationSettings m_settings;
    TemporaryDirectory m_directory;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::Fleet> m_fleet;
    virConnectPtr m_raw = nullptr;
    std::string m_claimedName;
};

TEST_F(WarmPoolFleetTest, FillClaimRefillAndRemove)
{
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", m_settings.libvirtUri, 2));
    core::WarmPoolStatus filled = settle();
    ASSERT_EQ(filled.ready, 2) << filled.lastError;
    std::vector<HostDomain> before = entries();
    ASSERT_EQ(before.size(), 2u);
    for (const HostDomain& entry : before)
        EXPECT_EQ(entry.state, VIR_DOMAIN_PAUSED) << entry.name;
    // Other sandboxes may share this libvirtd, so only the entries must be missing from the list.
    for (const core::SandboxInfo& sandbox : m_fleet->sandboxes()) {
        for (const HostDomain& entry : before)
            EXPECT_NE(sandbox.domainName, entry.name);
    }

    m_claimedName = "it-pool-" + std::to_string(getpid());
    core::CreateRequest request;
    request.templateName = "tiny";
    request.hostUri = m_settings.libvirtUri;
    request.displayName = m_claimedName;
    request.startMode = core::StartMode::PoolPaused;
    const auto requested = std::chrono::steady_clock::now();
    core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);
    const auto returned = std::chrono::steady_clock::now();
    ASSERT_TRUE(created) << created.error().detail;
    ASSERT_EQ(created->size(), 1u);
    const core::SandboxInfo claimed = created->front();
    RecordProperty("claim_ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(returned - requested).count()));

    EXPECT_EQ(claimed.state, core::SandboxState::Running);
    EXPECT_TRUE(std::any_of(before.begin(), before.end(), [&](const HostDomain& entry) {
        return entry.name == claimed.domainName;
    }));
    std::vector<HostDomain> all = shoalDomains(m_raw);
    auto onHost = std::find_if(all.begin(), all.end(), [&](const HostDomain& domain) {
        return domain.name == claimed.domainName;
    });
    ASSERT_NE(onHost, all.end());
    EXPECT_EQ(onHost->state, VIR_DOMAIN_RUNNING);
    EXPECT_EQ(onHost->metadata.displayName, m_claimedName);
    EXPECT_FALSE(onHost->metadata.warmPoolEntry);

    core::WarmPoolStatus refilled = settle();
    EXPECT_EQ(refilled.ready, 2) << refilled.lastError;
    EXPECT_EQ(entries().size(), 2u);

    ASSERT_TRUE(m_fleet->destroySandbox(m_claimedName));
    std::vector<std::string> entryNames;
    for (const HostDomain& entry : entries())
        entryNames.push_back(entry.name);
    ASSERT_TRUE(m_fleet->setWarmPoolSize("tiny", m_settings.libvirtUri, 0));
    core::WarmPoolStatus removed = settle();
    EXPECT_EQ(removed.ready, 0);
    EXPECT_TRUE(entries().empty());

    HostInspector inspector(m_settings.libvirtUri);
    entryNames.push_back(claimed.domainName);
    for (const std::string& volume : inspector.volumeNames(hypervisor::kStoragePoolName)) {
        for (const std::string& name : entryNames)
            EXPECT_NE(volume.rfind(name, 0), 0u) << "volume \"" << volume << "\" is left";
    }
}

}  // namespace
}  // namespace shoal::integration
