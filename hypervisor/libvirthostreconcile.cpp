// The reconcile calls of LibvirtHostConnection, used after a crash of Shoal.

#include "hypervisor/leftovervolumes.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {

core::Result<core::SandboxRemains> LibvirtHostConnection::inspectRemains(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    return LeftoverVolumes(m_connection, m_uri.text(), *m_pool).inspect(domainName);
}

core::Status LibvirtHostConnection::deleteStateImage(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    if (auto checked = checkDomainName(domainName); !checked)
        return checked;
    return m_pool->deleteVolume(stateVolumeName(domainName));
}

core::Result<std::vector<std::string>> LibvirtHostConnection::discardLeftovers(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    core::Result<std::vector<std::string>> deleted = LeftoverVolumes(m_connection, m_uri.text(), *m_pool).discard(domainName);
    if (!deleted || !m_scratch)
        return deleted;
    core::Result<std::vector<std::string>> scratch = LeftoverVolumes(m_connection, m_uri.text(), *m_scratch).discard(domainName);
    if (!scratch)
        return tl::unexpected(scratch.error());
    deleted->insert(deleted->end(), scratch->begin(), scratch->end());
    return deleted;
}

core::Result<std::vector<std::string>> LibvirtHostConnection::sweepOrphanVolumes(const std::vector<std::string>& protectedDomains,
                                                                                 std::chrono::seconds minAge)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    core::Result<std::vector<std::string>> deleted = LeftoverVolumes(m_connection, m_uri.text(), *m_pool).sweep(protectedDomains, minAge);
    if (!deleted || !m_scratch)
        return deleted;
    core::Result<std::vector<std::string>> scratch = LeftoverVolumes(m_connection, m_uri.text(), *m_scratch).sweep(protectedDomains, minAge);
    if (!scratch)
        return tl::unexpected(scratch.error());
    deleted->insert(deleted->end(), scratch->begin(), scratch->end());
    return deleted;
}

}  // namespace shoal::hypervisor
