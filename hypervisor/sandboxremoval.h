#pragma once

#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Removes one sandbox from a host: stops its domain, undefines it with any managed save image
// and snapshot metadata, and deletes its own volumes (overlays, console log, state volume).
// Deletes only volumes in Shoal's pool whose names start with the domain name, so a template's
// base image or another sandbox's disk survives even when the domain XML points at it. An
// overlay that another volume still reads as its backing file (a clone's frozen image) is kept,
// and a frozen image of a sandbox that loses its last reader is deleted. Used once, on the host
// connection's worker thread.
class SandboxRemoval {
public:
    SandboxRemoval(virConnectPtr connection, std::string hostUri, StoragePool& pool);

    // Succeeds when the domain and its volumes are gone, including when only leftover volumes of
    // a half-created sandbox were found. Fails with NotFound when neither the domain nor any of
    // its volumes exists, and with the first error otherwise, after trying every step.
    core::Status run(const std::string& domainName);

private:
    core::Status removeDomain(virDomainPtr domain, const std::string& domainName, std::vector<std::string>& volumePaths);
    core::Status undefine(virDomainPtr domain, const std::string& domainName);
    core::Status deleteVolumes(const std::string& domainName, const std::vector<std::string>& volumePaths, int& deletedCount);
    bool hasReaders(const std::vector<VolumeBacking>& backings, const std::string& path) const;
    core::Status deleteTracked(std::vector<VolumeBacking>& backings, const std::string& name, std::vector<std::string>& released);
    core::Status collectFrozenImages(std::vector<VolumeBacking>& backings, std::vector<std::string>& released);
    bool isCollectable(const std::vector<VolumeBacking>& backings, const std::string& volumeName) const;
    bool isOwnerDisk(const VolumeBacking& volume) const;

    virConnectPtr m_connection;
    std::string m_hostUri;
    StoragePool& m_pool;
};

}  // namespace shoal::hypervisor
