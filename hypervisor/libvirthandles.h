#pragma once

#include <cstdlib>
#include <memory>

#include <libvirt/libvirt.h>

namespace shoal::hypervisor {

// Owning handles for libvirt objects. Each deleter drops one reference, so a handle can be
// destroyed on any thread and after the connection has closed.
struct ConnectionCloser {
    void operator()(virConnectPtr connection) const { virConnectClose(connection); }
};
struct DomainDeleter {
    void operator()(virDomainPtr domain) const { virDomainFree(domain); }
};
struct StoragePoolDeleter {
    void operator()(virStoragePoolPtr pool) const { virStoragePoolFree(pool); }
};
struct StorageVolumeDeleter {
    void operator()(virStorageVolPtr volume) const { virStorageVolFree(volume); }
};
struct StreamDeleter {
    void operator()(virStreamPtr stream) const { virStreamFree(stream); }
};
struct CStringDeleter {
    void operator()(char* text) const { std::free(text); }
};

using ConnectionHandle = std::unique_ptr<virConnect, ConnectionCloser>;
using DomainHandle = std::unique_ptr<virDomain, DomainDeleter>;
using StoragePoolHandle = std::unique_ptr<virStoragePool, StoragePoolDeleter>;
using StorageVolumeHandle = std::unique_ptr<virStorageVol, StorageVolumeDeleter>;
using StreamHandle = std::unique_ptr<virStream, StreamDeleter>;

// A string that libvirt allocated and the caller must free, such as the result of virDomainGetXMLDesc.
using LibvirtString = std::unique_ptr<char, CStringDeleter>;

}  // namespace shoal::hypervisor
