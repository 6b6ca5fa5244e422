#include "tests/core/fleetfixture.h"

namespace shoal::tests {

void FleetTest::SetUp()
{
    m_guest.write("vmlinuz", "kernel");
    m_guest.write("initramfs.img", "initramfs");
    m_guest.write("base.raw", std::string(512, '\0'));
    m_guest.write("cmdline", "console=ttyS0 panic=-1 quiet\n");

    core::Result<std::unique_ptr<core::Store>> store = core::Store::open(":memory:");
    ASSERT_TRUE(store) << store.error().detail;
    m_store = std::move(*store);
    makeFleet();
}

void FleetTest::makeFleet(core::FleetOptions options)
{
    m_fleet.reset();
    options.guestDirectory = m_guest.path().string();
    options.readyPollInterval = std::chrono::milliseconds(5);
    m_fleet = std::make_unique<core::Fleet>(m_hypervisor, *m_store, options);
    m_fleet->setListener(&m_listener);
}

std::shared_ptr<FakeHost> FleetTest::addConnectedHost(const std::string& uri, const std::string& zone)
{
    std::shared_ptr<FakeHost> host = m_hypervisor.host(uri);
    if (!host)
        host = m_hypervisor.addHost(uri);
    core::HostSpec spec;
    spec.uri = uri;
    spec.labels.zone = zone;
    spec.labels.pool = "baseline";
    core::Result<core::HostStatus> added = m_fleet->addHost(spec);
    EXPECT_TRUE(added) << added.error().detail;
    return host;
}

core::CreateRequest FleetTest::createRequest(const std::string& displayName, const std::string& hostUri) const
{
    core::CreateRequest request;
    request.templateName = "tiny";
    request.displayName = displayName;
    request.hostUri = hostUri;
    return request;
}

core::SandboxInfo FleetTest::createOne(const std::string& displayName, const std::string& hostUri)
{
    core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(createRequest(displayName, hostUri));
    EXPECT_TRUE(created) << created.error().detail;
    if (!created || created->size() != 1)
        return {};
    return created->front();
}

}  // namespace shoal::tests
