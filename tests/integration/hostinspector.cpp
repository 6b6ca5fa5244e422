#include "tests/integration/hostinspector.h"

#include <cstdlib>

#include <libvirt/virterror.h>

#include "hypervisor/sandboxmetadataxml.h"

namespace shoal::integration {

std::string lastLibvirtMessage()
{
    const virError* error = virGetLastError();
    if (error == nullptr || error->message == nullptr)
        return "unknown libvirt error";
    return error->message;
}

HostInspector::HostInspector(const std::string& uri)
{
    m_connection = virConnectOpen(uri.c_str());
    if (m_connection == nullptr)
        m_error = "Failed to connect to \"" + uri + "\": " + lastLibvirtMessage();
}

HostInspector::~HostInspector()
{
    if (m_connection != nullptr)
        virConnectClose(m_connection);
}

std::vector<std::string> HostInspector::domainNames()
{
    std::vector<std::string> names;
    if (m_connection == nullptr)
        return names;

    virDomainPtr* domains = nullptr;
    const int count = virConnectListAllDomains(m_connection, &domains, 0);
    for (int i = 0; i < count; ++i) {
        if (const char* name = virDomainGetName(domains[i]))
            names.emplace_back(name);
        virDomainFree(domains[i]);
    }
    free(domains);
    return names;
}

bool HostInspector::hasDomain(const std::string& name)
{
    for (const std::string& domainName : domainNames()) {
        if (domainName == name)
            return true;
    }
    return false;
}

std::vector<std::string> HostInspector::domainsWithMetadataText(const std::string& text)
{
    std::vector<std::string> names;
    if (m_connection == nullptr)
        return names;

    const std::string namespaceUri(hypervisor::kSandboxNamespace);
    virDomainPtr* domains = nullptr;
    const int count = virConnectListAllDomains(m_connection, &domains, 0);
    for (int i = 0; i < count; ++i) {
        char* metadata = virDomainGetMetadata(domains[i], VIR_DOMAIN_METADATA_ELEMENT, namespaceUri.c_str(),
                                              VIR_DOMAIN_AFFECT_CURRENT);
        if (metadata != nullptr && std::string(metadata).find(text) != std::string::npos) {
            if (const char* name = virDomainGetName(domains[i]))
                names.emplace_back(name);
        }
        free(metadata);
        virDomainFree(domains[i]);
    }
    free(domains);
    return names;
}

std::vector<std::string> HostInspector::volumeNames(const std::string& poolName)
{
    std::vector<std::string> names;
    if (m_connection == nullptr)
        return names;

    virStoragePoolPtr pool = virStoragePoolLookupByName(m_connection, poolName.c_str());
    if (pool == nullptr)
        return names;

    // libvirt lists only the volumes it has already seen. A refresh rescans the pool directory,
    // so files made outside the storage API, such as rotated console logs, are listed as well.
    virStoragePoolRefresh(pool, 0);

    virStorageVolPtr* volumes = nullptr;
    const int count = virStoragePoolListAllVolumes(pool, &volumes, 0);
    for (int i = 0; i < count; ++i) {
        if (const char* name = virStorageVolGetName(volumes[i]))
            names.emplace_back(name);
        virStorageVolFree(volumes[i]);
    }
    free(volumes);
    virStoragePoolFree(pool);
    return names;
}

}  // namespace shoal::integration
