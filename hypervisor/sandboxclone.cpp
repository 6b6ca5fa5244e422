#include "hypervisor/sandboxclone.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <sstream>

#include <libvirt/virterror.h>
#include <pugixml.hpp>

#include "hypervisor/calllog.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/phaserecorder.h"
#include "hypervisor/sandboxmetadataxml.h"
#include "hypervisor/sandboxremoval.h"
#include "hypervisor/staterestore.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {

namespace {

// A source cloned this often has this many frozen layers; past it, cloning stops rather than
// searching further for a free overlay name.
constexpr int kMaxForkGeneration = 1000;

// How many clones restore at once. Each restore keeps about one CPU busy.
// TODO: take the host's CPU count from virNodeGetInfo instead of assuming two.
constexpr std::size_t kParallelRestores = 2;

using Clock = std::chrono::steady_clock;

// Returns the memory file that restore thread `thread` reuses: the fork's own for the first,
// `<memory>.r<thread>` for the others.
std::string threadCopyName(const std::string& memoryName, std::size_t thread)
{
    return thread == 0 ? memoryName : memoryName + ".r" + std::to_string(thread);
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string snapshotXml(const std::string& name, const std::string& diskTarget, const std::string& overlayPath,
                        const std::string& memoryPath)
{
    pugi::xml_document document;
    pugi::xml_node snapshot = document.append_child("domainsnapshot");
    snapshot.append_child("name").text() = name.c_str();
    pugi::xml_node memory = snapshot.append_child("memory");
    memory.append_attribute("snapshot") = "external";
    memory.append_attribute("file") = memoryPath.c_str();
    pugi::xml_node disk = snapshot.append_child("disks").append_child("disk");
    disk.append_attribute("name") = diskTarget.c_str();
    disk.append_attribute("snapshot") = "external";
    disk.append_attribute("type") = "file";
    disk.append_child("driver").append_attribute("type") = "qcow2";
    disk.append_child("source").append_attribute("file") = overlayPath.c_str();
    std::ostringstream text;
    document.save(text, "  ", pugi::format_indent | pugi::format_no_declaration);
    return text.str();
}

}  // namespace

SandboxClone::SandboxClone(CreateTarget target, CreateStepHook hook, const core::PhaseObserver& observer)
    : m_target(std::move(target)), m_hook(std::move(hook)), m_observer(observer)
{
}

core::Result<core::CloneResult> SandboxClone::run(const std::string& sourceDomainName, const std::vector<core::CloneTarget>& targets)
{
    const auto requested = Clock::now();
    const std::string context = "Failed to clone sandbox \"" + sourceDomainName + "\" on host \"" + m_target.hostUri + "\"";
    if (auto checked = checkDomainName(sourceDomainName); !checked)
        return tl::unexpected(checked.error());
    if (targets.empty())
        return core::fail(core::ErrorCode::InvalidArgument, context + ": no clone was requested");
    for (const core::CloneTarget& target : targets) {
        if (auto checked = checkDomainName(target.domainName); !checked)
            return tl::unexpected(checked.error());
    }

    logCall("virDomainLookupByName(\"{}\") on \"{}\"", sourceDomainName, m_target.hostUri);
    DomainHandle source(virDomainLookupByName(m_target.connection, sourceDomainName.c_str()));
    if (!source)
        return tl::unexpected(lastLibvirtError(context));
    int state = VIR_DOMAIN_NOSTATE;
    int reason = 0;
    if (virDomainGetState(source.get(), &state, &reason, 0) < 0)
        return tl::unexpected(lastLibvirtError(context));
    if (state != VIR_DOMAIN_RUNNING)
        return core::fail(core::ErrorCode::InvalidState, context + ": only a running sandbox can be cloned");

    std::string parentId;
    if (LibvirtString metadata(virDomainGetMetadata(source.get(), VIR_DOMAIN_METADATA_ELEMENT, std::string(kSandboxNamespace).c_str(), 0));
        metadata) {
        if (core::Result<core::SandboxMetadata> parsed = parseSandboxMetadata(std::string_view(metadata.get())))
            parentId = parsed->id;
    } else {
        lastLibvirtError(context);
    }

    core::Result<Fork> forked = fork(source.get(), sourceDomainName);
    if (!forked)
        return tl::unexpected(forked.error());

    core::CloneResult result;
    result.sourcePauseSeconds = forked->pauseSeconds;
    result.frozenImage = forked->frozenPath;
    core::Status cloned = [&]() -> core::Status {
        core::Result<StorageVolumeHandle> memory = m_target.pool->lookup(forked->memoryName);
        if (!memory)
            return tl::unexpected(memory.error());
        core::Result<SaveImageHeader> header = readSaveImageHeader(*m_target.pool, memory->get());
        if (!header)
            return core::fail(header.error().code, context + ": " + header.error().detail);
        RestoreSource restoreSource{forked->memoryName, std::move(*header), forked->frozenPath, forked->capacityBytes, {}};
        return restoreClones(targets, parentId, restoreSource, requested, result);
    }();

    if (auto deleted = m_target.pool->deleteVolume(forked->memoryName); !deleted)
        core::logger("hypervisor")->warn("{}", deleted.error().detail);
    if (!cloned) {
        removeClones(result.clones);
        return tl::unexpected(cloned.error());
    }
    core::logger("hypervisor")->info("Cloned sandbox \"{}\" into {} on host \"{}\"; the source paused for {:.3f} s", sourceDomainName,
                                     targets.size(), m_target.hostUri, result.sourcePauseSeconds);
    return result;
}

core::Result<SandboxClone::Fork> SandboxClone::fork(virDomainPtr source, const std::string& sourceDomainName)
{
    const std::string context = "Failed to clone sandbox \"" + sourceDomainName + "\" on host \"" + m_target.hostUri + "\"";
    LibvirtString xml(virDomainGetXMLDesc(source, 0));
    if (!xml)
        return tl::unexpected(lastLibvirtError(context));
    pugi::xml_document document;
    document.load_string(xml.get());
    pugi::xml_node disk = document.child("domain").child("devices").child("disk");
    const std::string diskTarget = disk.child("target").attribute("dev").as_string();
    Fork fork;
    fork.frozenPath = disk.child("source").attribute("file").as_string();
    if (diskTarget.empty() || fork.frozenPath.empty())
        return core::fail(core::ErrorCode::InvalidArgument, context + ": its domain XML has no file disk");
    core::Result<StorageVolumeHandle> frozen = m_target.pool->lookupByPath(fork.frozenPath);
    if (!frozen)
        return tl::unexpected(frozen.error());
    core::Result<VolumeInfo> frozenInfo = m_target.pool->info(frozen->get());
    if (!frozenInfo)
        return tl::unexpected(frozenInfo.error());
    fork.capacityBytes = frozenInfo->capacityBytes;

    int generation = 1;
    while (generation < kMaxForkGeneration && m_target.pool->lookup(sourceDomainName + "." + std::to_string(generation) + ".qcow2"))
        ++generation;
    fork.overlayName = sourceDomainName + "." + std::to_string(generation) + ".qcow2";
    fork.memoryName = sourceDomainName + ".fork" + std::to_string(generation) + ".mem";

    PhaseRecorder phases(m_observer, sourceDomainName);
    std::string overlayPath;
    std::string memoryPath;
    core::Status prepared = phases.run("fork-volumes", [&]() -> core::Status {
        core::Result<StorageVolumeHandle> overlay = m_target.pool->createOverlay(fork.overlayName, fork.capacityBytes, fork.frozenPath, "qcow2");
        if (!overlay)
            return tl::unexpected(overlay.error());
        overlayPath = m_target.pool->volumePath(overlay->get());
        core::Result<StorageVolumeHandle> memory = m_target.pool->createRawVolume(fork.memoryName, 0);
        if (!memory)
            return tl::unexpected(memory.error());
        memoryPath = m_target.pool->volumePath(memory->get());
        return {};
    });
    if (prepared)
        prepared = phases.run("snapshot", [&] { return takeSnapshot(source, sourceDomainName, diskTarget, overlayPath, memoryPath); });
    if (!prepared) {
        for (const std::string& name : {fork.memoryName, fork.overlayName}) {
            if (auto deleted = m_target.pool->deleteVolume(name); !deleted)
                core::logger("hypervisor")->warn("{}", deleted.error().detail);
        }
        return tl::unexpected(prepared.error());
    }
    fork.pauseSeconds = phases.seconds("snapshot");
    return fork;
}

core::Status SandboxClone::takeSnapshot(virDomainPtr source, const std::string& sourceDomainName, const std::string& diskTarget,
                                        const std::string& overlayPath, const std::string& memoryPath)
{
    // Without the LIVE flag libvirt pauses the guest for the memory write, so memory and the
    // frozen disk belong to the same instant. REUSE_EXT takes the overlay made above through the
    // storage API, so it is a volume of the pool like every other disk.
    const std::string xml = snapshotXml("fork", diskTarget, overlayPath, memoryPath);
    const unsigned flags = VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA | VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT;
    logCall("virDomainSnapshotCreateXML(\"{}\", {:#x}) on \"{}\"", sourceDomainName, flags, m_target.hostUri);
    logXml("snapshot XML", xml);
    virDomainSnapshotPtr snapshot = virDomainSnapshotCreateXML(source, xml.c_str(), flags);
    if (!snapshot)
        return tl::unexpected(lastLibvirtError("Failed to snapshot sandbox \"" + sourceDomainName + "\" for a clone on host \"" + m_target.hostUri + "\""));
    virDomainSnapshotFree(snapshot);
    return {};
}

core::Status SandboxClone::restoreClones(const std::vector<core::CloneTarget>& targets, const std::string& parentId,
                                        const RestoreSource& source, std::chrono::steady_clock::time_point requested,
                                        core::CloneResult& result)
{
    // Restoring is mostly QEMU starting up and reading memory, one CPU each, so clones restore
    // a few at a time. libvirt connections accept calls from several threads at once. The phase
    // observer is called under a lock, so it gets one call at a time.
    std::mutex observerMutex;
    core::PhaseObserver lockedObserver;
    if (m_observer) {
        lockedObserver = [&](const core::PhaseEvent& event) {
            std::lock_guard lock(observerMutex);
            m_observer(event);
        };
    }

    std::vector<std::optional<core::Result<core::SandboxInfo>>> restored(targets.size());
    std::vector<double> runningAfter(targets.size(), 0.0);
    std::atomic<std::size_t> next{0};
    // Each thread restores from its own copy of the memory file and rewrites only the header for
    // each clone: the first thread from the memory file itself, the others from a copy each. The
    // copies are made before any thread starts, because libvirt rejects writing the header of a
    // volume that is being copied.
    const std::size_t threadCount = std::min<std::size_t>(kParallelRestores, targets.size());
    core::Result<StorageVolumeHandle> memory = m_target.pool->lookup(source.stateVolume);
    if (!memory)
        return tl::unexpected(memory.error());
    PhaseRecorder phases(lockedObserver, source.stateVolume);
    for (std::size_t i = 1; i < threadCount; ++i) {
        core::Result<StorageVolumeHandle> copy =
            phases.run("copy-state", [&] { return m_target.pool->createCopy(threadCopyName(source.stateVolume, i), memory->get()); });
        if (!copy) {
            for (std::size_t made = 1; made < i; ++made)
                m_target.pool->deleteVolume(threadCopyName(source.stateVolume, made));
            return tl::unexpected(copy.error());
        }
    }

    auto work = [&](std::size_t thread) {
        RestoreSource own = source;
        own.reusableCopy = threadCopyName(source.stateVolume, thread);
        for (std::size_t index = next++; index < targets.size(); index = next++) {
            core::SandboxMetadata metadata = targets[index].metadata;
            if (metadata.parentId.empty())
                metadata.parentId = parentId;
            restored[index] = StateRestore(m_target, m_hook, lockedObserver).run(targets[index].domainName, metadata, own, RestoreStart::Running);
            runningAfter[index] = secondsSince(requested);
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < threadCount; ++i)
        threads.emplace_back(work, i);
    work(0);
    for (std::thread& thread : threads)
        thread.join();
    for (std::size_t i = 1; i < threadCount; ++i) {
        if (auto deleted = m_target.pool->deleteVolume(threadCopyName(source.stateVolume, i)); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
    }

    core::Status status;
    for (std::size_t index = 0; index < targets.size(); ++index) {
        core::Result<core::SandboxInfo>& clone = *restored[index];
        if (!clone) {
            if (status)
                status = tl::unexpected(clone.error());
            continue;
        }
        result.clones.push_back(std::move(*clone));
        result.runningAfterSeconds.push_back(runningAfter[index]);
    }
    return status;
}

void SandboxClone::removeClones(const std::vector<core::SandboxInfo>& clones)
{
    for (const core::SandboxInfo& clone : clones) {
        if (auto removed = SandboxRemoval(m_target.connection, m_target.hostUri, *m_target.pool).run(clone.domainName); !removed)
            core::logger("hypervisor")->warn("{} while rolling back a clone", removed.error().detail);
    }
}

}  // namespace shoal::hypervisor
