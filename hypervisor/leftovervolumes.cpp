#include "hypervisor/leftovervolumes.h"

#include <algorithm>
#include <set>

#include <libvirt/virterror.h>

#include "core/names.h"
#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/staterestore.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {

namespace {

bool isDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "fork<k>.mem", the memory file of a clone's snapshot, or a restore thread's copy of it
// ("fork<k>.mem.r<j>"), or the lock of either (".lock" appended).
bool isForkMemorySuffix(std::string_view suffix)
{
    constexpr std::string_view lock = ".lock";
    if (suffix.ends_with(lock))
        suffix.remove_suffix(lock.size());
    if (const std::size_t copy = suffix.rfind(".r"); copy != std::string_view::npos && isDigits(suffix.substr(copy + 2)))
        suffix = suffix.substr(0, copy);
    constexpr std::string_view prefix = "fork";
    constexpr std::string_view extension = ".mem";
    return suffix.size() > prefix.size() + extension.size() && suffix.starts_with(prefix) && suffix.ends_with(extension) &&
           isDigits(suffix.substr(prefix.size(), suffix.size() - prefix.size() - extension.size()));
}

// "<k>.qcow2", the overlay a source moves to when it is cloned.
bool isNumberedOverlaySuffix(std::string_view suffix)
{
    constexpr std::string_view extension = ".qcow2";
    return suffix.size() > extension.size() && suffix.ends_with(extension) &&
           isDigits(suffix.substr(0, suffix.size() - extension.size()));
}

bool hasReaders(const std::vector<VolumeBacking>& backings, const std::string& path)
{
    return std::any_of(backings.begin(), backings.end(), [&](const VolumeBacking& backing) { return backing.backingPath == path; });
}

std::int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string domainOfVolume(const std::string& volumeName)
{
    return volumeName.substr(0, volumeName.find('.'));
}

bool isNumberedOverlayName(const std::string& volumeName)
{
    const std::size_t dot = volumeName.find('.');
    return dot != std::string::npos && isNumberedOverlaySuffix(std::string_view(volumeName).substr(dot + 1));
}

bool isGeneratedDomainName(const std::string& domainName)
{
    const std::string id = core::sandboxIdFromDomainName(domainName);
    auto isBase32 = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); };
    return id.size() == core::kSandboxIdLength && std::all_of(id.begin(), id.end(), isBase32);
}

LeftoverVolumes::LeftoverVolumes(virConnectPtr connection, std::string hostUri, StoragePool& pool)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_pool(pool)
{
}

core::Result<bool> LeftoverVolumes::domainExists(const std::string& domainName)
{
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, m_hostUri);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (domain)
        return true;
    core::Error error = lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"");
    if (error.code == core::ErrorCode::NotFound)
        return false;
    return tl::unexpected(error);
}

core::Result<core::SandboxRemains> LeftoverVolumes::inspect(const std::string& domainName)
{
    if (auto checked = checkDomainName(domainName); !checked)
        return tl::unexpected(checked.error());

    core::SandboxRemains remains;
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, m_hostUri);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (domain) {
        remains.defined = true;
        int state = VIR_DOMAIN_NOSTATE;
        int reason = 0;
        if (virDomainGetState(domain.get(), &state, &reason, 0) < 0)
            return tl::unexpected(lastLibvirtError("Failed to read the state of sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\""));
        remains.state = sandboxStateFromDomainState(state, reason);

        // Only an active domain has jobs, and drivers without job info have none to report.
        virDomainJobInfo job{};
        if (virDomainIsActive(domain.get()) == 1 && virDomainGetJobInfo(domain.get(), &job) == 0)
            remains.jobActive = job.type != VIR_DOMAIN_JOB_NONE;
        virResetLastError();
    } else if (core::Error error = lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"");
               error.code != core::ErrorCode::NotFound) {
        return tl::unexpected(error);
    }

    core::Result<StorageVolumeHandle> volume = m_pool.lookup(stateVolumeName(domainName));
    if (volume) {
        remains.hasStateVolume = true;
        core::Result<SaveImageHeader> header = readSaveImageHeader(m_pool, volume->get());
        remains.stateImageComplete = header.has_value();
        if (!header)
            core::logger("hypervisor")->info("{}", header.error().detail);
    } else if (volume.error().code != core::ErrorCode::NotFound) {
        return tl::unexpected(volume.error());
    }
    return remains;
}

core::Result<std::vector<std::string>> LeftoverVolumes::discard(const std::string& domainName)
{
    if (auto checked = checkDomainName(domainName); !checked)
        return tl::unexpected(checked.error());
    std::vector<std::string> deleted;
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, m_hostUri);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (!domain) {
        core::Error error = lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"");
        if (error.code == core::ErrorCode::NotFound)
            return deleted;
        return tl::unexpected(error);
    }
    const bool active = virDomainIsActive(domain.get()) == 1;

    // Without the domain's disk path nothing numbered can be judged, so none is deleted then.
    std::string diskPath;
    if (LibvirtString xml(virDomainGetXMLDesc(domain.get(), 0)); xml) {
        if (core::Result<DomainDescription> description = parseDomainXml(xml.get()))
            diskPath = description->overlayPath;
    } else {
        lastLibvirtError("Failed to read the XML of sandbox \"" + domainName + "\"");
    }

    core::Result<std::vector<VolumeBacking>> backings = m_pool.listBackings();
    if (!backings)
        return tl::unexpected(backings.error());
    const std::string prefix = domainName + ".";
    for (const VolumeBacking& volume : *backings) {
        if (!volume.name.starts_with(prefix))
            continue;
        const std::string_view suffix = std::string_view(volume.name).substr(prefix.size());
        const bool leftover = isForkMemorySuffix(suffix) || (active && volume.name == restoreCopyVolumeName(domainName)) ||
                              (!diskPath.empty() && isNumberedOverlaySuffix(suffix) && volume.path != diskPath);
        if (!leftover || hasReaders(*backings, volume.path))
            continue;
        if (auto removed = m_pool.deleteVolume(volume.name); !removed)
            return tl::unexpected(removed.error());
        deleted.push_back(volume.name);
    }
    return deleted;
}

core::Result<std::vector<std::string>> LeftoverVolumes::sweep(const std::vector<std::string>& protectedDomains,
                                                             std::chrono::seconds minAge)
{
    std::vector<std::string> deleted;
    std::set<std::string> existing;
    std::set<std::string> missing;
    const std::int64_t newestAllowedS = nowSeconds() - minAge.count();
    for (bool changed = true; changed;) {
        changed = false;
        core::Result<std::vector<VolumeBacking>> backings = m_pool.listBackings();
        if (!backings)
            return tl::unexpected(backings.error());
        for (const VolumeBacking& volume : *backings) {
            const std::string domainName = domainOfVolume(volume.name);
            const bool isProtected = std::find(protectedDomains.begin(), protectedDomains.end(), domainName) != protectedDomains.end();
            if (!isGeneratedDomainName(domainName) || isProtected || existing.count(domainName) > 0)
                continue;
            if (missing.count(domainName) == 0) {
                core::Result<bool> exists = domainExists(domainName);
                if (!exists)
                    return tl::unexpected(exists.error());
                (*exists ? existing : missing).insert(domainName);
                if (*exists)
                    continue;
            }
            // A pool that reports no change time gives 0, which counts as old only without a minimum age.
            const bool oldEnough = minAge.count() == 0 || (volume.modifiedAtS > 0 && volume.modifiedAtS <= newestAllowedS);
            if (!oldEnough || hasReaders(*backings, volume.path))
                continue;
            if (auto removed = m_pool.deleteVolume(volume.name); !removed)
                return tl::unexpected(removed.error());
            deleted.push_back(volume.name);
            changed = true;
        }
    }
    return deleted;
}

}  // namespace shoal::hypervisor
