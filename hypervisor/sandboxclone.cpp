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
#include "hypervisor/diskchain.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/pausewatch.h"
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

// How many clones restore at once. Each restore keeps about one CPU busy. On a 2-CPU machine
// Clone x8 took 2.2 to 2.7 s with two threads, 2.3 to 2.8 s with three and 2.7 to 3.0 s with four.
// TODO: take the host's CPU count from virNodeGetInfo instead of assuming two.
constexpr std::size_t kParallelRestores = 2;

// Room left free in the scratch pool beyond the memory files of one clone.
constexpr std::uint64_t kScratchMarginBytes = 64ull << 20;

// How long to wait, after the snapshot call returns, for the event of the source resuming.
constexpr std::chrono::milliseconds kResumeEventWait{2000};

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

SandboxClone::SandboxClone(CreateTarget target, CreateStepHook hook, const core::PhaseObserver& observer, RestoreLanes* lanes)
    : m_target(std::move(target)), m_hook(std::move(hook)), m_observer(observer), m_lanes(lanes)
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

    // libvirt rejects a snapshot while a block job runs on the disk.
    if (core::Status idle = waitForBlockJob(source.get(), sourceDomainName, m_target.hostUri, kFlattenWait); !idle)
        return core::fail(idle.error().code, context + ": " + idle.error().detail);

    core::Result<Fork> forked = fork(source.get(), sourceDomainName, targets.size());
    if (!forked)
        return tl::unexpected(forked.error());

    core::CloneResult result;
    result.sourcePauseSeconds = forked->pauseSeconds;
    result.frozenImage = forked->frozenPath;
    core::Status cloned = [&]() -> core::Status {
        core::Result<StorageVolumeHandle> memory = forked->memoryPool->lookup(forked->memoryName);
        if (!memory)
            return tl::unexpected(memory.error());
        core::Result<SaveImageHeader> header = readSaveImageHeader(*forked->memoryPool, memory->get());
        if (!header)
            return core::fail(header.error().code, context + ": " + header.error().detail);
        RestoreSource restoreSource{forked->memoryName, forked->memoryPool, std::move(*header), forked->frozenPath,
                                    forked->capacityBytes, {}};
        return restoreClones(targets, parentId, restoreSource, requested, result);
    }();

    if (auto deleted = forked->memoryPool->deleteVolume(forked->memoryName); !deleted)
        core::logger("hypervisor")->warn("{}", deleted.error().detail);
    if (!cloned) {
        removeClones(result.clones);
        return tl::unexpected(cloned.error());
    }
    core::logger("hypervisor")->info("Cloned sandbox \"{}\" into {} on host \"{}\"; the source paused for {:.3f} s", sourceDomainName,
                                     targets.size(), m_target.hostUri, result.sourcePauseSeconds);
    flattenDeepChains(source.get(), sourceDomainName, result.clones);
    return result;
}

core::Result<SandboxClone::Fork> SandboxClone::fork(virDomainPtr source, const std::string& sourceDomainName, std::size_t copies)
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
    fork.memoryPool = memoryPoolFor(source, std::min<std::size_t>(kParallelRestores, copies));

    PhaseRecorder phases(m_observer, sourceDomainName);
    std::string overlayPath;
    std::string memoryPath;
    core::Status prepared = phases.run("fork-volumes", [&]() -> core::Status {
        core::Result<StorageVolumeHandle> overlay = m_target.pool->createOverlay(fork.overlayName, fork.capacityBytes, fork.frozenPath, "qcow2");
        if (!overlay)
            return tl::unexpected(overlay.error());
        overlayPath = m_target.pool->volumePath(overlay->get());
        core::Result<StorageVolumeHandle> memory = fork.memoryPool->createRawVolume(fork.memoryName, 0);
        if (!memory)
            return tl::unexpected(memory.error());
        memoryPath = fork.memoryPool->volumePath(memory->get());
        return {};
    });
    core::Result<double> paused = tl::unexpected(core::Error{});
    if (prepared) {
        paused = phases.run("snapshot", [&] { return takeSnapshot(source, sourceDomainName, diskTarget, overlayPath, memoryPath); });
        if (!paused)
            prepared = tl::unexpected(paused.error());
    }
    if (!prepared) {
        if (auto deleted = fork.memoryPool->deleteVolume(fork.memoryName); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
        if (auto deleted = m_target.pool->deleteVolume(fork.overlayName); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
        return tl::unexpected(prepared.error());
    }
    fork.pauseSeconds = *paused;
    return fork;
}

core::Result<double> SandboxClone::takeSnapshot(virDomainPtr source, const std::string& sourceDomainName, const std::string& diskTarget,
                                                const std::string& overlayPath, const std::string& memoryPath)
{
    // With LIVE, QEMU writes the memory while the guest runs and pauses the guest only at the
    // end, for the pages written meanwhile. libvirt switches the disk during that pause, so the
    // memory and the frozen disk belong to the same instant. REUSE_EXT takes the overlay made
    // above through the storage API, so it is a volume of the pool like every other disk.
    const std::string xml = snapshotXml("fork", diskTarget, overlayPath, memoryPath);
    const unsigned flags = VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA | VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT | VIR_DOMAIN_SNAPSHOT_CREATE_LIVE;
    PauseWatch watch(m_target.connection, source, m_target.hostUri);
    const auto started = Clock::now();
    logCall("virDomainSnapshotCreateXML(\"{}\", {:#x}) on \"{}\"", sourceDomainName, flags, m_target.hostUri);
    logXml("snapshot XML", xml);
    virDomainSnapshotPtr snapshot = virDomainSnapshotCreateXML(source, xml.c_str(), flags);
    if (!snapshot)
        return tl::unexpected(lastLibvirtError("Failed to snapshot sandbox \"" + sourceDomainName + "\" for a clone on host \"" + m_target.hostUri + "\""));
    virDomainSnapshotFree(snapshot);
    const double callSeconds = secondsSince(started);

    // The call's length is an upper bound of the pause, and the events give the pause itself.
    if (std::optional<double> paused = watch.pauseSeconds(kResumeEventWait))
        return std::min(*paused, callSeconds);
    if (watch.watching())
        core::logger("hypervisor")->warn("No resume event of sandbox \"{}\" came after its snapshot; its pause is taken as the {:.3f} s of the call",
                                         sourceDomainName, callSeconds);
    return callSeconds;
}

StoragePool* SandboxClone::memoryPoolFor(virDomainPtr source, std::size_t copies)
{
    if (!m_target.scratch)
        return m_target.pool;
    // A memory file is at most the size of the guest's memory, and each restore thread beyond
    // the first needs a copy of it.
    virDomainInfo info{};
    if (virDomainGetInfo(source, &info) < 0) {
        lastLibvirtError("Failed to read the memory size of a sandbox to clone on host \"" + m_target.hostUri + "\"");
        return m_target.pool;
    }
    const std::uint64_t needed = static_cast<std::uint64_t>(info.maxMem) * 1024 * std::max<std::size_t>(copies, 1) + kScratchMarginBytes;
    if (auto refreshed = m_target.scratch->refresh(); !refreshed)
        return m_target.pool;
    core::Result<PoolInfo> room = m_target.scratch->poolInfo();
    if (!room || room->availableBytes < needed) {
        core::logger("hypervisor")->info("The scratch pool on host \"{}\" has {} MiB free and a clone needs {} MiB there; using the pool \"{}\"",
                                         m_target.hostUri, room ? room->availableBytes >> 20 : 0, needed >> 20, kStoragePoolName);
        return m_target.pool;
    }
    return m_target.scratch;
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
    StoragePool& memoryPool = *source.pool;
    core::Result<StorageVolumeHandle> memory = memoryPool.lookup(source.stateVolume);
    if (!memory)
        return tl::unexpected(memory.error());
    PhaseRecorder phases(lockedObserver, source.stateVolume);
    for (std::size_t i = 1; i < threadCount; ++i) {
        core::Result<StorageVolumeHandle> copy =
            phases.run("copy-state", [&] { return memoryPool.createCopy(threadCopyName(source.stateVolume, i), memory->get()); });
        if (!copy) {
            for (std::size_t made = 1; made < i; ++made)
                memoryPool.deleteVolume(threadCopyName(source.stateVolume, made));
            return tl::unexpected(copy.error());
        }
    }

    // With more clones than threads, the clones restore paused and all resume at the end: a
    // running TCG guest keeps a CPU partly busy, which would slow down every later restore.
    const RestoreStart start = targets.size() > threadCount ? RestoreStart::Paused : RestoreStart::Running;
    std::vector<CreateTarget> threadTargets = targetsForThreads(threadCount);
    auto work = [&](std::size_t thread) {
        const CreateTarget& target = threadTargets[thread];
        RestoreSource own = source;
        own.reusableCopy = threadCopyName(source.stateVolume, thread);
        if (thread > 0 && target.connection != m_target.connection) {
            if (StoragePool* lanePool = m_lanes->matchingPool(thread - 1, source.pool))
                own.pool = lanePool;
        }
        for (std::size_t index = next++; index < targets.size(); index = next++) {
            core::SandboxMetadata metadata = targets[index].metadata;
            if (metadata.parentId.empty())
                metadata.parentId = parentId;
            restored[index] = StateRestore(target, m_hook, lockedObserver).run(targets[index].domainName, metadata, own, start);
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
        if (auto deleted = memoryPool.deleteVolume(threadCopyName(source.stateVolume, i)); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
    }
    if (start == RestoreStart::Paused)
        resumeClones(source.stateVolume, restored, requested, runningAfter);

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

std::vector<CreateTarget> SandboxClone::targetsForThreads(std::size_t threadCount)
{
    // The first thread uses the host connection, and each further one a lane of its own. A lane
    // that fails to open leaves its thread on the host connection, which is slower but works.
    std::vector<CreateTarget> targets(threadCount, m_target);
    for (std::size_t thread = 1; thread < threadCount && m_lanes; ++thread) {
        core::Result<CreateTarget> lane = m_lanes->target(thread - 1, m_target);
        if (!lane) {
            core::logger("hypervisor")->warn("{}; the restore thread {} shares the host connection", lane.error().detail, thread);
            continue;
        }
        targets[thread] = *lane;
    }
    return targets;
}

void SandboxClone::resumeClones(const std::string& phaseSubject, std::vector<std::optional<core::Result<core::SandboxInfo>>>& restored,
                                std::chrono::steady_clock::time_point requested, std::vector<double>& runningAfter)
{
    PhaseRecorder phases(m_observer, phaseSubject);
    phases.run("resume", [&]() -> core::Status {
        for (std::size_t index = 0; index < restored.size(); ++index) {
            core::Result<core::SandboxInfo>& clone = *restored[index];
            if (!clone)
                continue;
            const std::string context = "Failed to resume clone \"" + clone->domainName + "\" on host \"" + m_target.hostUri + "\"";
            logCall("virDomainResume(\"{}\") on \"{}\"", clone->domainName, m_target.hostUri);
            DomainHandle domain(virDomainLookupByName(m_target.connection, clone->domainName.c_str()));
            if (!domain || virDomainResume(domain.get()) < 0) {
                core::Error error = lastLibvirtError(context);
                // Removed at once, because its entry now contains the error instead of the clone.
                removeClones({*clone});
                clone = tl::unexpected(error);
                continue;
            }
            clone->state = core::SandboxState::Running;
            runningAfter[index] = secondsSince(requested);
        }
        return core::Status{};
    });
}

void SandboxClone::flattenDeepChains(virDomainPtr source, const std::string& sourceDomainName,
                                     const std::vector<core::SandboxInfo>& clones)
{
    // The source and its clones all gained a layer. A flatten that fails to start only leaves
    // the chain long, so it is logged and the clone is kept.
    auto flatten = [&](virDomainPtr domain, const std::string& domainName) {
        if (core::Result<bool> started = flattenIfDeeper(domain, domainName, m_target.hostUri); !started)
            core::logger("hypervisor")->warn("{}", started.error().detail);
    };
    flatten(source, sourceDomainName);
    for (const core::SandboxInfo& clone : clones) {
        DomainHandle domain(virDomainLookupByName(m_target.connection, clone.domainName.c_str()));
        if (domain)
            flatten(domain.get(), clone.domainName);
        else
            lastLibvirtError("Failed to find clone \"" + clone.domainName + "\" to check its disk chain");
    }
}

void SandboxClone::removeClones(const std::vector<core::SandboxInfo>& clones)
{
    for (const core::SandboxInfo& clone : clones) {
        if (auto removed = SandboxRemoval(m_target.connection, m_target.hostUri, *m_target.pool).run(clone.domainName); !removed)
            core::logger("hypervisor")->warn("{} while rolling back a clone", removed.error().detail);
    }
}

}  // namespace shoal::hypervisor
