#pragma once

#include <string>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Copies the disk of a shut-off sandbox out of the host as one standalone raw image, for a new
// template. Runs on the host connection's worker thread, so no Shoal call can start the domain
// while the copy reads its disk.
class DiskExport {
public:
    DiskExport(virConnectPtr connection, std::string hostUri, StoragePool& pool);

    // Flattens the domain's first disk, with every backing file below it, into a temporary raw
    // volume in Shoal's pool (virStorageVolCreateXMLFrom, which runs `qemu-img convert` on a
    // directory pool), then streams that volume into the local file `localPath`. The temporary
    // volume is deleted on every path. Fails with InvalidState when the domain is running or
    // paused, NotFound when it or its disk volume is missing, StorageError when a volume or the
    // local file fails, and leaves no partial `localPath` behind.
    core::Status run(const std::string& domainName, const std::string& localPath);

    // Returns the name of the temporary volume of `domainName`. It starts with the domain name,
    // so destroying the sandbox also removes a copy that a crash left behind.
    static std::string temporaryVolumeName(const std::string& domainName);

private:
    core::Result<std::string> shutOffDiskPath(const std::string& domainName);
    core::Status downloadToFile(virStorageVolPtr volume, const std::string& localPath);

    virConnectPtr m_connection;
    std::string m_hostUri;
    StoragePool& m_pool;
};

}  // namespace shoal::hypervisor
