#pragma once

#include <string>
#include <vector>

#include <libvirt/libvirt.h>

namespace shoal::integration {

// A view of one libvirt host, used to check what Shoal made or left behind there. It calls
// libvirt directly instead of going through Shoal's hypervisor layer, and changes nothing on the
// host except refreshing a storage pool's volume list. Not thread-safe.
class HostInspector {
public:
    // Opens a connection to `uri`, read-write because a pool refresh needs that. When the
    // connection fails, isOpen() returns false and error() returns the reason.
    explicit HostInspector(const std::string& uri);
    ~HostInspector();
    HostInspector(const HostInspector&) = delete;
    HostInspector& operator=(const HostInspector&) = delete;

    bool isOpen() const { return m_connection != nullptr; }
    const std::string& error() const { return m_error; }

    // Returns the names of every domain on the host, running or only defined.
    std::vector<std::string> domainNames();

    bool hasDomain(const std::string& name);

    // Returns the names of the domains whose Shoal metadata element contains `text`, such as a
    // display name. Domains without Shoal metadata are left out.
    std::vector<std::string> domainsWithMetadataText(const std::string& text);

    // Returns the names of the volumes in the storage pool `poolName` after refreshing it, so that
    // files made outside libvirt's storage API show up as well. Returns an empty list when the
    // pool does not exist.
    std::vector<std::string> volumeNames(const std::string& poolName);

private:
    virConnectPtr m_connection = nullptr;
    std::string m_error;
};

// Returns the message of the last libvirt error on this thread, or "unknown libvirt error".
std::string lastLibvirtMessage();

}  // namespace shoal::integration
