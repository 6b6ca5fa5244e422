#pragma once

#include <cstdint>
#include <string>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/saveimage.h"

namespace shoal::hypervisor {

// A save image to start new sandboxes from, with the frozen disk its memory belongs to: a
// template's warm state, or the memory file of a running sandbox's external snapshot.
struct RestoreSource {
    std::string stateVolume;           // volume in `pool`, copied for each sandbox
    // The pool of the state volume, its reusable copy, the lock and any copy made for one
    // restore. Null for the target's own pool.
    StoragePool* pool = nullptr;
    SaveImageHeader header;            // already read and checked
    std::string frozenDiskPath;        // qcow2 image that the new overlay reads as backing file
    std::uint64_t diskCapacityBytes = 0;
    // A copy of the save image kept for reuse: its header is rewritten in place for each restore,
    // which saves copying the memory. Empty when there is none.
    std::string reusableCopy;
};

// Name of the lock volume that a restore holds while it uses a reusable copy. Creating a volume
// fails when the name exists, so the creation is the atomic claim, also between processes.
std::string reusableCopyLockName(std::string_view reusableCopy);

// Age in seconds after which a lock counts as left behind by a crashed process. A restore holds
// the lock for about a second here.
inline constexpr double kStaleCopyLockSeconds = 120.0;

// Whether a restored sandbox runs at once or waits, paused, for a claim.
enum class RestoreStart { Running, Paused };

// Makes one sandbox from a restore source, as a transaction. The steps: its qcow2 overlay on the
// frozen disk, its console log, a copy of the save image whose header names the new domain, the
// definition, the restore, and the deletion of the copy. Where the source has a reusable copy
// that no other restore holds, its header is rewritten instead, and it is kept. The header names the new name, UUID,
// MACs, disk, console and Shoal metadata. When a step fails, everything made so far is removed. The hook of
// SandboxCreation runs before the overlay, console log, define and restore (as Start) steps.
// Used once, on the host connection's worker thread.
class StateRestore {
public:
    StateRestore(CreateTarget target, CreateStepHook hook, const core::PhaseObserver& observer);

    // Returns the sandbox, running or paused, or the error of the failed step after the rollback.
    core::Result<core::SandboxInfo> run(const std::string& domainName, const core::SandboxMetadata& metadata,
                                        const RestoreSource& source, RestoreStart start);

private:
    core::Status makeVolumes(const RestoreSource& source);
    core::Status copyState(const core::SandboxMetadata& metadata, const RestoreSource& source);
    bool claimReusableCopy(const RestoreSource& source);
    void releaseReusableCopy();
    core::Status defineAndRestore(RestoreStart start);
    void rollback();

    CreateTarget m_target;
    CreateStepHook m_hook;
    const core::PhaseObserver& m_observer;
    std::string m_domainName;
    std::string m_overlayPath;
    std::string m_consolePath;
    std::string m_copyPath;
    std::string m_domainXml;
    StoragePool* m_sourcePool = nullptr;  // the pool of the save image and of its copies
    std::string m_heldLock;              // lock volume of the reusable copy in use, else empty
    std::string m_ownCopy;               // copy of the save image made for this restore, else empty
    std::vector<std::string> m_volumes;  // made so far, deleted by a rollback
    DomainHandle m_domain;
};

// Name of the per-sandbox copy of a save image while it restores.
std::string restoreCopyVolumeName(std::string_view domainName);

}  // namespace shoal::hypervisor
