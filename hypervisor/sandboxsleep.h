#pragma once

#include <cstdint>
#include <string>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Free space a save must leave in the pool beyond the sandbox's memory size, so that a sleep
// never fills the host's disk under the sandboxes that still run there.
inline constexpr std::uint64_t kDefaultStateSpaceMarginBytes = 256ULL * 1024 * 1024;

// Puts one sandbox to sleep into its state volume (`<domain>.save` in Shoal's pool) and wakes it
// from there. The domain stays defined while it sleeps, so a shut-off domain with a state volume
// is an asleep sandbox to any console that lists the host. Used on the host connection's worker
// thread.
class SandboxSleep {
public:
    SandboxSleep(virConnectPtr connection, std::string hostUri, StoragePool& pool, const core::PhaseObserver& observer);

    // Phases: check-space, create-volume, save. See HostConnection::sleepSandbox.
    core::Status sleep(const std::string& domainName, std::uint64_t marginBytes);

    // Phases: check-image, restore, delete-image (Restore); delete-image, boot (FreshBoot).
    core::Status wake(const std::string& domainName, core::WakeMode mode);

private:
    core::Status checkSpace(virDomainPtr domain, const std::string& domainName, std::uint64_t marginBytes);
    core::Status save(virDomainPtr domain, const std::string& domainName, const std::string& path);
    core::Status restore(const std::string& domainName);
    core::Status bootFresh(virDomainPtr domain, const std::string& domainName);

    virConnectPtr m_connection;
    std::string m_hostUri;
    StoragePool& m_pool;
    const core::PhaseObserver& m_observer;
};

}  // namespace shoal::hypervisor
