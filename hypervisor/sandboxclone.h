#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/staterestore.h"

namespace shoal::hypervisor {

// Clones a running sandbox. An external snapshot with memory and no libvirt snapshot metadata
// pauses the source while QEMU writes its memory to `<source>.fork<k>.mem`. libvirt then
// switches the source to a new overlay `<source>.<k>.qcow2` and resumes it, so its former
// overlay is frozen from then on.
// Each clone then restores a header-rewritten copy of the memory file over its own overlay on
// the frozen image, and the memory file is deleted. Used once, on the host connection's worker
// thread.
class SandboxClone {
public:
    SandboxClone(CreateTarget target, CreateStepHook hook, const core::PhaseObserver& observer);

    // Returns the running clones, in the order of `targets`. A clone whose metadata names no
    // parent gets the source's id. All or nothing: when a clone fails, the clones made so far
    // are destroyed; the source keeps running on its new overlay in every case.
    core::Result<core::CloneResult> run(const std::string& sourceDomainName, const std::vector<core::CloneTarget>& targets);

private:
    struct Fork {
        std::string frozenPath;
        std::uint64_t capacityBytes = 0;
        std::string overlayName;   // the source's new overlay
        std::string memoryName;
        double pauseSeconds = 0.0;
    };

    core::Result<Fork> fork(virDomainPtr source, const std::string& sourceDomainName);
    core::Status takeSnapshot(virDomainPtr source, const std::string& sourceDomainName, const std::string& diskTarget,
                              const std::string& overlayPath, const std::string& memoryPath);
    core::Status restoreClones(const std::vector<core::CloneTarget>& targets, const std::string& parentId,
                               const RestoreSource& source, std::chrono::steady_clock::time_point requested,
                               core::CloneResult& result);
    void removeClones(const std::vector<core::SandboxInfo>& clones);

    CreateTarget m_target;
    CreateStepHook m_hook;
    const core::PhaseObserver& m_observer;
};

}  // namespace shoal::hypervisor
