#include "hypervisor/staterestore.h"

#include <chrono>
#include <optional>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/phaserecorder.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {

std::string restoreCopyVolumeName(std::string_view domainName)
{
    return std::string(domainName) + ".restore";
}

std::string reusableCopyLockName(std::string_view reusableCopy)
{
    return std::string(reusableCopy) + ".lock";
}

StateRestore::StateRestore(CreateTarget target, CreateStepHook hook, const core::PhaseObserver& observer)
    : m_target(std::move(target)), m_hook(std::move(hook)), m_observer(observer)
{
}

core::Result<core::SandboxInfo> StateRestore::run(const std::string& domainName, const core::SandboxMetadata& metadata,
                                                  const RestoreSource& source, RestoreStart start)
{
    if (auto checked = checkDomainName(domainName); !checked)
        return tl::unexpected(checked.error());
    m_domainName = domainName;
    m_sourcePool = source.pool ? source.pool : m_target.pool;

    core::Status done = makeVolumes(source);
    if (done)
        done = copyState(metadata, source);
    if (done)
        done = defineAndRestore(start);
    if (!done) {
        rollback();
        releaseReusableCopy();
        return tl::unexpected(done.error());
    }

    if (!m_heldLock.empty()) {
        releaseReusableCopy();
    } else {
        // The copy is not needed once the domain runs. A copy left by a failed delete costs only
        // space until the sandbox is destroyed or the reconcile finds it.
        PhaseRecorder phases(m_observer, m_domainName);
        if (auto deleted = phases.run("delete-copy", [&] { return m_sourcePool->deleteVolume(m_ownCopy); }); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
    }

    core::SandboxInfo info;
    info.metadata = metadata;
    info.domainName = domainName;
    info.hostUri = m_target.hostUri;
    info.state = start == RestoreStart::Running ? core::SandboxState::Running : core::SandboxState::Paused;
    virDomainInfo domainInfo{};
    if (virDomainGetInfo(m_domain.get(), &domainInfo) == 0) {
        info.vcpus = domainInfo.nrVirtCpu;
        info.memoryMiB = domainInfo.maxMem / 1024;
    } else {
        lastLibvirtError("Failed to read the size of sandbox \"" + domainName + "\"");
    }
    return info;
}

core::Status StateRestore::makeVolumes(const RestoreSource& source)
{
    PhaseRecorder phases(m_observer, m_domainName);
    auto hook = [&](CreateStep step) { return m_hook ? m_hook(step) : core::Status{}; };

    core::Status overlay = phases.run("overlay", [&]() -> core::Status {
        if (auto allowed = hook(CreateStep::Overlay); !allowed)
            return allowed;
        const std::string name = overlayVolumeName(m_domainName);
        core::Result<StorageVolumeHandle> volume = m_target.pool->createOverlay(name, source.diskCapacityBytes, source.frozenDiskPath, "qcow2");
        if (!volume)
            return tl::unexpected(volume.error());
        m_volumes.push_back(name);
        m_overlayPath = m_target.pool->volumePath(volume->get());
        return {};
    });
    if (!overlay)
        return overlay;

    return phases.run("console-log", [&]() -> core::Status {
        if (auto allowed = hook(CreateStep::ConsoleLog); !allowed)
            return allowed;
        const std::string name = consoleVolumeName(m_domainName);
        core::Result<StorageVolumeHandle> volume = m_target.pool->createRawVolume(name, 0);
        if (!volume)
            return tl::unexpected(volume.error());
        m_volumes.push_back(name);
        m_consolePath = m_target.pool->volumePath(volume->get());
        return {};
    });
}

core::Status StateRestore::copyState(const core::SandboxMetadata& metadata, const RestoreSource& source)
{
    PhaseRecorder phases(m_observer, m_domainName);
    RestoreIdentity identity{m_domainName, m_overlayPath, m_consolePath, metadata};
    core::Result<std::string> xml = buildRestoreXml(source.header.domainXml, identity);
    if (!xml)
        return tl::unexpected(xml.error());
    m_domainXml = *xml;

    core::Result<StorageVolumeHandle> sourceVolume = m_sourcePool->lookup(source.stateVolume);
    if (!sourceVolume)
        return tl::unexpected(sourceVolume.error());

    // With the reusable copy claimed, only its header is written. The first restore makes the
    // copy, under the lock, so no other restore reads a copy still being written.
    std::optional<StorageVolumeHandle> copy;
    if (claimReusableCopy(source)) {
        core::Result<StorageVolumeHandle> reusable = m_sourcePool->lookup(source.reusableCopy);
        if (!reusable)
            reusable = phases.run("copy-state", [&] { return m_sourcePool->createCopy(source.reusableCopy, sourceVolume->get()); });
        if (!reusable)
            return tl::unexpected(reusable.error());
        copy = std::move(*reusable);
    } else {
        const std::string copyName = restoreCopyVolumeName(m_domainName);
        core::Result<StorageVolumeHandle> ownCopy = phases.run("copy-state", [&] { return m_sourcePool->createCopy(copyName, sourceVolume->get()); });
        if (!ownCopy)
            return tl::unexpected(ownCopy.error());
        m_ownCopy = copyName;
        copy = std::move(*ownCopy);
    }
    m_copyPath = m_sourcePool->volumePath(copy->get());

    return phases.run("rewrite-header", [&]() -> core::Status {
        core::Result<std::string> header = rewriteSaveImageHeader(source.header, m_domainXml);
        if (!header)
            return tl::unexpected(header.error());
        return m_sourcePool->overwriteData(copy->get(), 0, *header);
    });
}

core::Status StateRestore::defineAndRestore(RestoreStart start)
{
    PhaseRecorder phases(m_observer, m_domainName);
    auto hook = [&](CreateStep step) { return m_hook ? m_hook(step) : core::Status{}; };

    // Defined first, so the sandbox outlives a stop and can sleep like a cold-booted one. The
    // restore then finds the inactive domain with the image's name and UUID and starts it.
    core::Status defined = phases.run("define", [&]() -> core::Status {
        if (auto allowed = hook(CreateStep::Define); !allowed)
            return allowed;
        logCall("virDomainDefineXML(\"{}\") on \"{}\"", m_domainName, m_target.hostUri);
        logXml("domain XML", m_domainXml);
        m_domain.reset(virDomainDefineXML(m_target.connection, m_domainXml.c_str()));
        if (!m_domain)
            return tl::unexpected(lastLibvirtError("Failed to define sandbox \"" + m_domainName + "\" on host \"" + m_target.hostUri + "\""));
        return {};
    });
    if (!defined)
        return defined;

    return phases.run("restore", [&]() -> core::Status {
        if (auto allowed = hook(CreateStep::Start); !allowed)
            return allowed;
        const unsigned flags = start == RestoreStart::Running ? VIR_DOMAIN_SAVE_RUNNING : VIR_DOMAIN_SAVE_PAUSED;
        logCall("virDomainRestoreFlags(\"{}\", {:#x}) on \"{}\"", m_copyPath, flags, m_target.hostUri);
        if (virDomainRestoreFlags(m_target.connection, m_copyPath.c_str(), nullptr, flags) < 0)
            return tl::unexpected(lastLibvirtError("Failed to restore sandbox \"" + m_domainName + "\" on host \"" + m_target.hostUri + "\""));
        return {};
    });
}

bool StateRestore::claimReusableCopy(const RestoreSource& source)
{
    if (source.reusableCopy.empty())
        return false;
    const std::string lockName = reusableCopyLockName(source.reusableCopy);
    if (m_sourcePool->createRawVolume(lockName, 0)) {
        m_heldLock = lockName;
        return true;
    }

    // Another restore holds the copy, or a crashed one left its lock. This restore copies the
    // image instead. A lock older than any restore was left by a crash, which may have cut the
    // copy or its header short, so both go, the copy first, and the next restore makes a new one.
    core::Result<StorageVolumeHandle> lock = m_sourcePool->lookup(lockName);
    if (!lock)
        return false;
    core::Result<double> modified = m_sourcePool->modifiedAt(lock->get());
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (modified && now - *modified > kStaleCopyLockSeconds) {
        auto log = core::logger("hypervisor");
        log->info("Removing stale lock \"{}\" on host \"{}\", {:.0f} s old, and the copy it guarded", lockName, m_target.hostUri,
                  now - *modified);
        if (auto deleted = m_sourcePool->deleteVolume(source.reusableCopy); !deleted) {
            log->warn("{}", deleted.error().detail);
            return false;
        }
        if (auto deleted = m_sourcePool->deleteVolume(lockName); !deleted)
            log->warn("{}", deleted.error().detail);
    }
    return false;
}

void StateRestore::releaseReusableCopy()
{
    if (m_heldLock.empty())
        return;
    if (auto deleted = m_sourcePool->deleteVolume(m_heldLock); !deleted)
        core::logger("hypervisor")->warn("{}", deleted.error().detail);
    m_heldLock.clear();
}

void StateRestore::rollback()
{
    auto log = core::logger("hypervisor");
    if (m_domain) {
        if (virDomainIsActive(m_domain.get()) == 1 && virDomainDestroy(m_domain.get()) < 0)
            log->warn("{}", lastLibvirtError("Failed to stop sandbox \"" + m_domainName + "\" while rolling back").detail);
        logCall("virDomainUndefine(\"{}\") to roll back", m_domainName);
        if (virDomainUndefine(m_domain.get()) < 0)
            log->warn("{}", lastLibvirtError("Failed to undefine sandbox \"" + m_domainName + "\" while rolling back").detail);
        m_domain.reset();
    }
    if (!m_ownCopy.empty()) {
        if (auto deleted = m_sourcePool->deleteVolume(m_ownCopy); !deleted)
            log->warn("{} while rolling back", deleted.error().detail);
    }
    for (auto it = m_volumes.rbegin(); it != m_volumes.rend(); ++it) {
        if (auto deleted = m_target.pool->deleteVolume(*it); !deleted)
            log->warn("{} while rolling back", deleted.error().detail);
    }
    log->info("Rolled back the restore of sandbox \"{}\" on host \"{}\"", m_domainName, m_target.hostUri);
}

}  // namespace shoal::hypervisor
