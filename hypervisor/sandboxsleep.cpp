#include "hypervisor/sandboxsleep.h"

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/diskchain.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/phaserecorder.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {

namespace {

constexpr std::uint64_t kBytesPerMiB = 1024 * 1024;

core::Result<DomainHandle> lookupDomain(virConnectPtr connection, const std::string& domainName, const std::string& hostUri)
{
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, hostUri);
    DomainHandle domain(virDomainLookupByName(connection, domainName.c_str()));
    if (!domain)
        return tl::unexpected(lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + hostUri + "\""));
    return domain;
}

int domainState(virDomainPtr domain)
{
    int state = VIR_DOMAIN_NOSTATE;
    int reason = 0;
    if (virDomainGetState(domain, &state, &reason, 0) < 0) {
        lastLibvirtError("Failed to read a domain's state");
        return VIR_DOMAIN_NOSTATE;
    }
    return state;
}

}  // namespace

SandboxSleep::SandboxSleep(virConnectPtr connection, std::string hostUri, StoragePool& pool, const core::PhaseObserver& observer)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_pool(pool), m_observer(observer)
{
}

core::Status SandboxSleep::sleep(const std::string& domainName, std::uint64_t marginBytes)
{
    if (auto checked = checkDomainName(domainName); !checked)
        return checked;
    core::Result<DomainHandle> domain = lookupDomain(m_connection, domainName, m_hostUri);
    if (!domain)
        return tl::unexpected(domain.error());
    const int state = domainState(domain->get());
    if (state != VIR_DOMAIN_RUNNING && state != VIR_DOMAIN_PAUSED && state != VIR_DOMAIN_BLOCKED)
        return core::fail(core::ErrorCode::InvalidState,
                          "Failed to put sandbox \"" + domainName + "\" to sleep on host \"" + m_hostUri + "\": it is not running");

    PhaseRecorder phases(m_observer, domainName);
    if (auto space = phases.run("check-space", [&] { return checkSpace(domain->get(), domainName, marginBytes); }); !space)
        return space;
    // libvirt rejects a save while a flatten of the disk runs, so the sleep waits for it.
    if (auto idle = waitForBlockJob(domain->get(), domainName, m_hostUri, kFlattenWait); !idle)
        return core::fail(idle.error().code, "Failed to put sandbox \"" + domainName + "\" to sleep: " + idle.error().detail);

    // A state volume beside a running domain is left from a sleep that died before it finished,
    // and is never restored (its header is partial or stale), so it is replaced.
    const std::string volumeName = stateVolumeName(domainName);
    core::Result<StorageVolumeHandle> volume = phases.run("create-volume", [&]() -> core::Result<StorageVolumeHandle> {
        if (auto deleted = m_pool.deleteVolume(volumeName); !deleted)
            return tl::unexpected(deleted.error());
        return m_pool.createRawVolume(volumeName, 0);
    });
    if (!volume)
        return tl::unexpected(volume.error());
    const std::string path = m_pool.volumePath(volume->get());

    core::Status saved = phases.run("save", [&] { return save(domain->get(), domainName, path); });
    if (!saved) {
        if (auto deleted = m_pool.deleteVolume(volumeName); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
        return saved;
    }
    core::logger("hypervisor")->info("Sandbox \"{}\" on host \"{}\" is asleep in volume \"{}\"", domainName, m_hostUri, volumeName);
    return {};
}

core::Status SandboxSleep::checkSpace(virDomainPtr domain, const std::string& domainName, std::uint64_t marginBytes)
{
    virDomainInfo info{};
    logCall("virDomainGetInfo(\"{}\")", domainName);
    if (virDomainGetInfo(domain, &info) < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the memory size of sandbox \"" + domainName + "\""));

    // The pool's free space is the figure of its last refresh, so refresh it first.
    if (auto refreshed = m_pool.refresh(); !refreshed)
        return refreshed;
    core::Result<PoolInfo> pool = m_pool.poolInfo();
    if (!pool)
        return tl::unexpected(pool.error());

    // A save image is at most the guest's memory plus a header, because QEMU skips zero pages.
    const std::uint64_t memoryBytes = static_cast<std::uint64_t>(info.maxMem) * 1024;
    const std::uint64_t neededBytes = memoryBytes + marginBytes;
    if (pool->availableBytes < neededBytes)
        return core::fail(core::ErrorCode::StorageError,
                          "Failed to put sandbox \"" + domainName + "\" to sleep on host \"" + m_hostUri + "\": storage pool \"" +
                              kStoragePoolName + "\" has " + std::to_string(pool->availableBytes / kBytesPerMiB) +
                              " MiB free, but the save needs " + std::to_string(neededBytes / kBytesPerMiB) + " MiB (memory " +
                              std::to_string(memoryBytes / kBytesPerMiB) + " MiB plus a margin of " +
                              std::to_string(marginBytes / kBytesPerMiB) + " MiB); free space in the pool first, for example by destroying sandboxes on that host");
    return {};
}

core::Status SandboxSleep::save(virDomainPtr domain, const std::string& domainName, const std::string& path)
{
    logCall("virDomainSaveFlags(\"{}\", \"{}\") on \"{}\"", domainName, path, m_hostUri);
    if (virDomainSaveFlags(domain, path.c_str(), nullptr, 0) == 0)
        return {};
    core::Error error = lastLibvirtError("Failed to put sandbox \"" + domainName + "\" to sleep on host \"" + m_hostUri + "\"");

    // libvirt resumes the guest when a save fails. The error adds it when the guest is stopped.
    if (domainState(domain) != VIR_DOMAIN_RUNNING)
        error.detail += "; the sandbox is no longer running";
    return tl::unexpected(error);
}

core::Status SandboxSleep::wake(const std::string& domainName, core::WakeMode mode)
{
    if (auto checked = checkDomainName(domainName); !checked)
        return checked;
    core::Result<DomainHandle> domain = lookupDomain(m_connection, domainName, m_hostUri);
    if (!domain)
        return tl::unexpected(domain.error());
    logCall("virDomainIsActive(\"{}\")", domainName);
    if (virDomainIsActive(domain->get()) != 0)
        return core::fail(core::ErrorCode::InvalidState,
                          "Failed to wake sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\": it is not asleep, its domain is active");
    return mode == core::WakeMode::Restore ? restore(domainName) : bootFresh(domain->get(), domainName);
}

core::Status SandboxSleep::restore(const std::string& domainName)
{
    PhaseRecorder phases(m_observer, domainName);
    const std::string volumeName = stateVolumeName(domainName);
    const std::string context = "Failed to wake sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"";
    std::string path;
    std::string restoreXml;
    core::Status checked = phases.run("check-image", [&]() -> core::Status {
        core::Result<StorageVolumeHandle> volume = m_pool.lookup(volumeName);
        if (!volume) {
            if (volume.error().code == core::ErrorCode::NotFound)
                return core::fail(core::ErrorCode::NotFound, context + ": it has no state volume \"" + volumeName + "\", so it is not asleep");
            return tl::unexpected(volume.error());
        }
        core::Result<SaveImageHeader> header = readSaveImageHeader(m_pool, volume->get());
        if (!header)
            return core::fail(header.error().code, context + ": " + header.error().detail +
                                                       "; the image is kept for a retry, or wake it with a fresh boot from its disk");
        if (header->domainXml.find("<name>" + domainName + "</name>") == std::string::npos)
            return core::fail(core::ErrorCode::InvalidArgument, context + ": the save image in \"" + volumeName + "\" belongs to another domain");
        // A sandbox's definition truncates its console log at each boot, but a wake continues the
        // same run, so the restored domain appends to the log and keeps its history.
        core::Result<std::string> xml = withConsoleAppend(header->domainXml);
        if (!xml)
            return core::fail(xml.error().code, context + ": " + xml.error().detail);
        restoreXml = std::move(*xml);
        path = m_pool.volumePath(volume->get());
        return {};
    });
    if (!checked)
        return checked;

    core::Status restored = phases.run("restore", [&]() -> core::Status {
        logCall("virDomainRestoreFlags(\"{}\", RUNNING) on \"{}\"", path, m_hostUri);
        logXml("restore XML", restoreXml);
        if (virDomainRestoreFlags(m_connection, path.c_str(), restoreXml.c_str(), VIR_DOMAIN_SAVE_RUNNING) < 0)
            return tl::unexpected(lastLibvirtError(context + " from \"" + volumeName + "\""));
        return {};
    });
    if (!restored)
        return restored;

    // The image stays: the caller deletes it once the sandbox is reported running, so the
    // deletion is not part of the wake's latency. A leftover is replaced by the next sleep.
    core::logger("hypervisor")->info("Woke sandbox \"{}\" on host \"{}\" from its state volume", domainName, m_hostUri);
    return {};
}

core::Status SandboxSleep::bootFresh(virDomainPtr domain, const std::string& domainName)
{
    PhaseRecorder phases(m_observer, domainName);
    const std::string volumeName = stateVolumeName(domainName);
    if (auto deleted = phases.run("delete-image", [&] { return m_pool.deleteVolume(volumeName); }); !deleted)
        return deleted;
    return phases.run("boot", [&]() -> core::Status {
        logCall("virDomainCreate(\"{}\") on \"{}\"", domainName, m_hostUri);
        if (virDomainCreate(domain) < 0)
            return tl::unexpected(lastLibvirtError("Failed to boot sandbox \"" + domainName + "\" fresh from its disk on host \"" + m_hostUri + "\""));
        core::logger("hypervisor")->info("Woke sandbox \"{}\" on host \"{}\" with a fresh boot; its saved state was discarded", domainName, m_hostUri);
        return {};
    });
}

}  // namespace shoal::hypervisor
