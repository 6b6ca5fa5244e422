#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/hypervisor.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Reads and deletes what interrupted operations left in Shoal's pool on one host, for the
// reconcile after a crash. Never deletes a volume that another volume reads as its backing file,
// so a frozen image under a live overlay survives. Used on the host connection's worker thread.
class LeftoverVolumes {
public:
    LeftoverVolumes(virConnectPtr connection, std::string hostUri, StoragePool& pool);

    // Fails with InvalidArgument for a name that is not a Shoal domain name, and with the
    // libvirt error when a lookup fails for another reason than a missing domain or volume.
    core::Result<core::SandboxRemains> inspect(const std::string& domainName);

    // Deletes fork memory files, the restore copy once the domain is active, and numbered
    // overlays that are neither the domain's disk nor read by any volume. Deletes nothing when
    // the domain does not exist, because then SandboxRemoval owns every volume of the name.
    core::Result<std::vector<std::string>> discard(const std::string& domainName);

    // Deletes the volumes of generated sandbox names ("shoal-" and a sandbox id) whose domain
    // does not exist and is not in `protectedDomains`, once unchanged for `minAge` and unread by
    // any other volume. Repeats until nothing more goes, because deleting an overlay can release
    // the frozen image under it.
    core::Result<std::vector<std::string>> sweep(const std::vector<std::string>& protectedDomains,
                                                 std::chrono::seconds minAge);

private:
    core::Result<bool> domainExists(const std::string& domainName);

    virConnectPtr m_connection;
    std::string m_hostUri;
    StoragePool& m_pool;
};

// Returns the domain part of a volume name: everything before the first '.'.
std::string domainOfVolume(const std::string& volumeName);

// Returns true for "<domain>.<k>.qcow2": the overlay a source moves to when it is cloned, which
// becomes a frozen layer under the next one.
bool isNumberedOverlayName(const std::string& volumeName);

// Returns true for the name of a sandbox's domain as Shoal generates it: "shoal-" and a sandbox id.
bool isGeneratedDomainName(const std::string& domainName);

}  // namespace shoal::hypervisor
