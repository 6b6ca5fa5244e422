// The quota calls of LibvirtHostConnection: live CPU quota and balloon changes for bursts.

#include "hypervisor/burstcontrol.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/sandboxinventory.h"

namespace shoal::hypervisor {

core::Status LibvirtHostConnection::requireQuotaSupport(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    // Without a probe the driver name decides; the test driver has a CPU weight and no quota.
    const bool supported = m_capabilities ? m_capabilities->canSetSchedulerQuota : !m_isTestDriver;
    if (supported)
        return {};
    return core::fail(core::ErrorCode::Unsupported, "Failed to set the quota of sandbox \"" + domainName + "\" on host \"" +
                                                        m_uri.text() + "\": the host cannot apply CPU quotas");
}

core::Result<core::AppliedQuota> LibvirtHostConnection::setSandboxQuota(const std::string& domainName,
                                                                        const core::SandboxQuota& quota)
{
    if (auto supported = requireQuotaSupport(domainName); !supported)
        return tl::unexpected(supported.error());
    core::Result<DomainHandle> domain = SandboxInventory(m_connection, m_uri.text(), *m_events).lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());
    // NOTE: the cgroup version of a remote host is not visible through libvirt, so remote hosts
    // get the ranges that hold on both versions.
    const CgroupVersion version = m_uri.isRemote() ? CgroupVersion::Unknown : localCgroupVersion();
    return BurstControl(domain->get(), m_uri.text(), version).apply(quota);
}

core::Result<core::AppliedQuota> LibvirtHostConnection::readSandboxQuota(const std::string& domainName)
{
    if (auto supported = requireQuotaSupport(domainName); !supported)
        return tl::unexpected(supported.error());
    core::Result<DomainHandle> domain = SandboxInventory(m_connection, m_uri.text(), *m_events).lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());
    const CgroupVersion version = m_uri.isRemote() ? CgroupVersion::Unknown : localCgroupVersion();
    return BurstControl(domain->get(), m_uri.text(), version).read();
}

}  // namespace shoal::hypervisor
