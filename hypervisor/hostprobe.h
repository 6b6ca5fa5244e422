#pragma once

#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/model.h"
#include "hypervisor/guestcapabilities.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Capability probe of one host. It tries each feature with a harmless call instead of trusting
// the driver's name. Upload and download use a tiny probe volume, and the restore probe names a
// save image that does not exist. The bulk stats call asks for the groups Shoal needs, and the
// scheduler parameters come from an existing domain. Runs on the host connection's worker thread.
class HostProbe {
public:
    // `requestedType` is the host's own setting (HostSpec::domainType), and SHOAL_DOMAIN_TYPE in
    // the environment overrides it.
    HostProbe(virConnectPtr connection, std::string hostUri, StoragePool& pool, core::DomainType requestedType);

    // Fails only when the host cannot be asked at all (driver name, versions, capabilities);
    // every failed feature check becomes a gap instead.
    core::Result<core::HostCapabilities> run();

    // The parsed capabilities, valid after run() succeeded.
    const GuestCapabilities& guestCapabilities() const { return m_guests; }

private:
    core::Status readVersions(core::HostCapabilities& capabilities);
    void probeVolumeStreams(core::HostCapabilities& capabilities);
    void probeSaveRestore(core::HostCapabilities& capabilities);
    void probeBulkStats(core::HostCapabilities& capabilities);
    void probeSchedulerQuota(core::HostCapabilities& capabilities);
    void chooseDomainType(core::HostCapabilities& capabilities);
    void judgeLifecycle(core::HostCapabilities& capabilities);

    virConnectPtr m_connection;
    std::string m_hostUri;
    StoragePool& m_pool;
    core::DomainType m_requestedType;
    std::string m_driverName;
    GuestCapabilities m_guests;
};

// Returns the domain type that SHOAL_DOMAIN_TYPE forces ("qemu", "tcg" or "kvm"), or Auto when
// the variable is unset, empty or not one of those.
core::DomainType domainTypeFromEnvironment();

}  // namespace shoal::hypervisor
