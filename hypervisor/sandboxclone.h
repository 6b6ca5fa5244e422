#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"
#include "hypervisor/restorelanes.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/staterestore.h"

namespace shoal::hypervisor {

// Clones a running sandbox. A live external snapshot with memory and no libvirt snapshot
// metadata writes the source's memory to `<source>.fork<k>.mem` while the source runs. It then
// pauses the source for the pages written meanwhile and moves it to a new overlay
// `<source>.<k>.qcow2` before resuming it, so the former overlay is frozen at the instant of the
// memory. The memory file goes to the host's in-memory scratch pool
// when it has room, else to Shoal's pool.
// Each clone then restores a header-rewritten copy of the memory file over its own overlay on
// the frozen image, and the memory file is deleted. Used once, on the host connection's worker
// thread.
class SandboxClone {
public:
    // `lanes`, when not null, gives each restore thread beyond the first a connection of its own.
    SandboxClone(CreateTarget target, CreateStepHook hook, const core::PhaseObserver& observer, RestoreLanes* lanes = nullptr);

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
        StoragePool* memoryPool = nullptr;  // where the memory file is
        double pauseSeconds = 0.0;
    };

    core::Result<Fork> fork(virDomainPtr source, const std::string& sourceDomainName, std::size_t copies);
    core::Result<double> takeSnapshot(virDomainPtr source, const std::string& sourceDomainName, const std::string& diskTarget,
                                      const std::string& overlayPath, const std::string& memoryPath);
    StoragePool* memoryPoolFor(virDomainPtr source, std::size_t copies);
    core::Status restoreClones(const std::vector<core::CloneTarget>& targets, const std::string& parentId,
                               const RestoreSource& source, std::chrono::steady_clock::time_point requested,
                               core::CloneResult& result);
    // Returns the target of each restore thread.
    std::vector<CreateTarget> targetsForThreads(std::size_t threadCount);
    // Resumes the clones restored paused, in order, and records when each runs. A clone that
    // fails to resume is removed and its entry becomes the error.
    void resumeClones(const std::string& phaseSubject, std::vector<std::optional<core::Result<core::SandboxInfo>>>& restored,
                      std::chrono::steady_clock::time_point requested, std::vector<double>& runningAfter);
    // Starts a background flatten of the source's and each clone's disk where the chain is now
    // deeper than kFlattenDepth.
    void flattenDeepChains(virDomainPtr source, const std::string& sourceDomainName, const std::vector<core::SandboxInfo>& clones);
    void removeClones(const std::vector<core::SandboxInfo>& clones);

    CreateTarget m_target;
    CreateStepHook m_hook;
    const core::PhaseObserver& m_observer;
    RestoreLanes* m_lanes = nullptr;
};

}  // namespace shoal::hypervisor
