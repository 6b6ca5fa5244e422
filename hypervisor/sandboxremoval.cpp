#include "hypervisor/sandboxremoval.h"

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/sandboxcreation.h"

namespace shoal::hypervisor {

namespace {

constexpr int kConsoleLogBackups = 3;  // virtlogd's default max_backups

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

SandboxRemoval::SandboxRemoval(virConnectPtr connection, std::string hostUri, StoragePool& pool)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_pool(pool)
{
}

core::Status SandboxRemoval::run(const std::string& domainName)
{
    if (auto checked = checkDomainName(domainName); !checked)
        return checked;

    std::vector<std::string> volumePaths;
    core::Status result;
    bool domainFound = false;
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, m_hostUri);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (domain) {
        domainFound = true;
        result = removeDomain(domain.get(), domainName, volumePaths);
    } else if (core::Error error = lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"");
               error.code != core::ErrorCode::NotFound) {
        return tl::unexpected(error);
    }

    int deletedCount = 0;
    core::Status deleted = deleteVolumes(domainName, volumePaths, deletedCount);
    if (result && !deleted)
        result = deleted;
    if (result && !domainFound && deletedCount == 0)
        return core::fail(core::ErrorCode::NotFound, "Failed to destroy sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\": no such domain or volume");
    if (result)
        core::logger("hypervisor")->info("Destroyed sandbox \"{}\" on host \"{}\"", domainName, m_hostUri);
    return result;
}

core::Status SandboxRemoval::removeDomain(virDomainPtr domain, const std::string& domainName,
                                          std::vector<std::string>& volumePaths)
{
    logCall("virDomainGetXMLDesc(\"{}\")", domainName);
    LibvirtString xml(virDomainGetXMLDesc(domain, 0));
    if (xml) {
        logXml("domain XML", xml.get());
        if (core::Result<DomainDescription> description = parseDomainXml(xml.get())) {
            volumePaths.push_back(description->overlayPath);
            volumePaths.push_back(description->consoleLogPath);
        }
    } else {
        lastLibvirtError("Failed to read the XML of sandbox \"" + domainName + "\"");
    }

    logCall("virDomainIsActive(\"{}\")", domainName);
    if (virDomainIsActive(domain) == 1) {
        logCall("virDomainDestroy(\"{}\") on \"{}\"", domainName, m_hostUri);
        if (virDomainDestroy(domain) < 0) {
            core::Error error = lastLibvirtError("Failed to stop sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"");
            // The domain may have stopped by itself between the two calls.
            if (error.code != core::ErrorCode::InvalidState)
                return tl::unexpected(error);
        }
    }
    return undefine(domain, domainName);
}

core::Status SandboxRemoval::undefine(virDomainPtr domain, const std::string& domainName)
{
    // A sleeping sandbox may have a managed save image, and a cloned one snapshot metadata;
    // both go with the domain. A driver that rejects the flags gets a plain undefine.
    const unsigned flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
    logCall("virDomainUndefineFlags(\"{}\", {:#x}) on \"{}\"", domainName, flags, m_hostUri);
    if (virDomainUndefineFlags(domain, flags) == 0)
        return {};

    const std::string context = "Failed to undefine sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"";
    core::Error error = lastLibvirtError(context);
    if (error.code != core::ErrorCode::Unsupported && error.code != core::ErrorCode::InvalidArgument)
        return tl::unexpected(error);

    logCall("virDomainUndefine(\"{}\") on \"{}\"", domainName, m_hostUri);
    if (virDomainUndefine(domain) < 0)
        return tl::unexpected(lastLibvirtError(context));
    return {};
}

core::Status SandboxRemoval::deleteVolumes(const std::string& domainName, const std::vector<std::string>& volumePaths,
                                           int& deletedCount)
{
    // The generated names cover a sandbox whose domain was never defined or is already gone.
    std::vector<std::string> names{overlayVolumeName(domainName), consoleVolumeName(domainName)};
    for (const std::string& path : volumePaths) {
        if (path.empty())
            continue;
        core::Result<StorageVolumeHandle> volume = m_pool.lookupByPath(path);
        if (!volume)
            continue;
        std::string name = virStorageVolGetName(volume->get());
        bool inShoalPool = startsWith(path, m_pool.path() + "/");
        if (inShoalPool && startsWith(name, domainName + ".") && name != names[0] && name != names[1])
            names.push_back(name);
    }

    // virtlogd rotates a console log that passes its max_size (2 MiB by default, about 30 hours
    // of heartbeats) into "<name>.log.0" up to ".2".
    // NOTE: the rotated files are volumes only after a pool refresh, so without one they stay
    // behind. A refresh here would scan the whole pool directory on every destroy.
    for (int backup = 0; backup < kConsoleLogBackups; ++backup)
        names.push_back(consoleVolumeName(domainName) + "." + std::to_string(backup));
    core::Status result;
    for (const std::string& name : names) {
        core::Result<StorageVolumeHandle> volume = m_pool.lookup(name);
        if (!volume)
            continue;
        if (auto deleted = m_pool.deleteVolume(name); !deleted) {
            if (result)
                result = deleted;
            continue;
        }
        ++deletedCount;
    }
    return result;
}

}  // namespace shoal::hypervisor
