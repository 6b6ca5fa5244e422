#include "hypervisor/sandboxremoval.h"

#include <algorithm>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/leftovervolumes.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/staterestore.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/statevolumes.h"
#include "hypervisor/warmstate.h"

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
    std::vector<std::string> names{overlayVolumeName(domainName), consoleVolumeName(domainName), stateVolumeName(domainName),
                                   restoreCopyVolumeName(domainName)};
    for (const std::string& path : volumePaths) {
        if (path.empty())
            continue;
        core::Result<StorageVolumeHandle> volume = m_pool.lookupByPath(path);
        if (!volume)
            continue;
        std::string name = virStorageVolGetName(volume->get());
        bool inShoalPool = startsWith(path, m_pool.path() + "/");
        if (inShoalPool && startsWith(name, domainName + ".") && std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }

    // virtlogd rotates a console log that passes its max_size (2 MiB by default, about 30 hours
    // of heartbeats) into "<name>.log.0" up to ".2".
    // NOTE: the rotated files are volumes only after a pool refresh, so without one they stay
    // behind. A refresh here would scan the whole pool directory on every destroy.
    for (int backup = 0; backup < kConsoleLogBackups; ++backup)
        names.push_back(consoleVolumeName(domainName) + "." + std::to_string(backup));

    // A clone reads its source's former overlay, so a disk image may have readers. Those are
    // kept, and every frozen image that loses its last reader here goes too.
    core::Result<std::vector<VolumeBacking>> backings = m_pool.listBackings();
    if (!backings)
        return tl::unexpected(backings.error());

    // A clone that died between its snapshot and the end leaves the source's memory file, maybe
    // with the copies of its restore threads (".mem.r<k>") and their locks (".lock").
    for (const VolumeBacking& volume : *backings) {
        const std::string& name = volume.name;
        const bool isForkMemory = startsWith(name, domainName + ".fork") && name.find(".mem") != std::string::npos;
        if (isForkMemory)
            names.push_back(name);
    }
    core::Status result;
    std::vector<std::string> released;
    for (const std::string& name : names) {
        auto volume = std::find_if(backings->begin(), backings->end(), [&](const VolumeBacking& backing) { return backing.name == name; });
        if (volume == backings->end())
            continue;
        if (hasReaders(*backings, volume->path)) {
            core::logger("hypervisor")->info("Keeping volume \"{}\" on host \"{}\": another sandbox's disk still reads it", name, m_hostUri);
            continue;
        }
        if (auto deleted = deleteTracked(*backings, name, released); !deleted) {
            if (result)
                result = deleted;
            continue;
        }
        ++deletedCount;
    }

    // A flatten drops layers from a disk's chain only when its pull ends, which may come after
    // the last clone that read those layers was destroyed. Such layers have no reader left, so
    // every numbered overlay without readers is collected here too, not only those this removal
    // released.
    for (const VolumeBacking& volume : *backings) {
        if (isNumberedOverlayName(volume.name) && !hasReaders(*backings, volume.path))
            released.push_back(volume.path);
    }
    if (core::Status collected = collectFrozenImages(*backings, released); result && !collected)
        result = collected;
    return result;
}

bool SandboxRemoval::hasReaders(const std::vector<VolumeBacking>& backings, const std::string& path) const
{
    return std::any_of(backings.begin(), backings.end(), [&](const VolumeBacking& backing) { return backing.backingPath == path; });
}

core::Status SandboxRemoval::deleteTracked(std::vector<VolumeBacking>& backings, const std::string& name,
                                           std::vector<std::string>& released)
{
    auto volume = std::find_if(backings.begin(), backings.end(), [&](const VolumeBacking& backing) { return backing.name == name; });
    if (auto deleted = m_pool.deleteVolume(name); !deleted)
        return deleted;
    if (volume != backings.end()) {
        if (!volume->backingPath.empty())
            released.push_back(volume->backingPath);
        backings.erase(volume);
    }
    return {};
}

core::Status SandboxRemoval::collectFrozenImages(std::vector<VolumeBacking>& backings, std::vector<std::string>& released)
{
    // Only a sandbox's own frozen overlay is collected, never a template's base image or a
    // warm state's disk, and never the disk a domain runs on.
    core::Status result;
    while (!released.empty()) {
        const std::string path = released.back();
        released.pop_back();
        auto volume = std::find_if(backings.begin(), backings.end(), [&](const VolumeBacking& backing) { return backing.path == path; });
        if (volume == backings.end() || !isCollectable(backings, volume->name) || hasReaders(backings, path) ||
            isOwnerDisk(*volume))
            continue;
        const std::string name = volume->name;
        if (auto deleted = deleteTracked(backings, name, released); !deleted) {
            if (result)
                result = deleted;
            continue;
        }
        core::logger("hypervisor")->info("Deleted frozen image \"{}\" on host \"{}\": no sandbox reads it any more", name, m_hostUri);
    }
    return result;
}

bool SandboxRemoval::isCollectable(const std::vector<VolumeBacking>& backings, const std::string& volumeName) const
{
    const bool isOverlay = startsWith(volumeName, kDomainNamePrefix) && volumeName.size() > 6 &&
                           volumeName.compare(volumeName.size() - 6, 6, ".qcow2") == 0;
    if (!isOverlay)
        return false;
    if (!startsWith(volumeName, kWarmStatePrefix))
        return true;

    // A warm state's disk is collected only once its save image is gone, which happens when a
    // newer warm state of the template replaced it.
    const std::string stateName = volumeName.substr(0, volumeName.size() - 6) + ".save";
    return std::none_of(backings.begin(), backings.end(), [&](const VolumeBacking& backing) { return backing.name == stateName; });
}

bool SandboxRemoval::isOwnerDisk(const VolumeBacking& volume) const
{
    // The owner is the domain named before the first dot. Besides the disk it runs on, the
    // overlay that a clone has just made over that disk counts as its own: the snapshot moves the
    // domain onto it a moment later. One read of the XML shows the domain before or after that move.
    const std::string domainName = domainOfVolume(volume.name);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (!domain) {
        virResetLastError();
        return false;
    }
    LibvirtString xml(virDomainGetXMLDesc(domain.get(), 0));
    if (!xml) {
        virResetLastError();
        return true;  // unknown, so keep it
    }
    core::Result<DomainDescription> description = parseDomainXml(xml.get());
    if (!description)
        return true;
    return description->overlayPath == volume.path || (!volume.backingPath.empty() && description->overlayPath == volume.backingPath);
}

}  // namespace shoal::hypervisor
