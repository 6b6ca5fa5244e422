#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/burst.h"
#include "core/error.h"
#include "core/model.h"
#include "core/stats.h"

namespace shoal::core {

// Something that happened on a host without Shoal asking: a domain changed state, or the
// connection closed.
struct HostEvent {
    enum class Kind { SandboxStateChanged, SandboxRemoved, ConnectionLost };
    Kind kind = Kind::SandboxStateChanged;
    std::string hostUri;
    std::string domainName;            // empty for ConnectionLost
    SandboxState state = SandboxState::Unknown;
    std::string reason;                // libvirt's event detail or the close reason, for the log
};

// Called on the libvirt event-loop thread. It must return quickly and must not call back into
// the HostConnection; post the work elsewhere.
using HostEventHandler = std::function<void(const HostEvent&)>;

// Called on the host's worker thread, inside the lifecycle call, before and after each phase.
// It must not call back into the HostConnection.
using PhaseObserver = std::function<void(const PhaseEvent&)>;

// What is left on a host of one sandbox, read when an interrupted operation is reconciled.
struct SandboxRemains {
    bool defined = false;                        // the domain exists
    SandboxState state = SandboxState::Unknown;  // the domain's state when defined
    bool jobActive = false;                      // libvirtd still runs a save, restore or other job on it
    bool hasStateVolume = false;                 // "<domain>.save" exists
    bool stateImageComplete = false;             // and its header is whole, so a restore can use it
};

// One libvirt connection. Every blocking call runs on that host's worker thread, one at a time;
// only isConnected() and setEventHandler() may be called from any thread. Methods fail with
// HostUnreachable when the connection is down. On a remote host libvirt's keepalive closes a
// dead connection, which ends a blocked call.
// NOTE: a call to a live but slow host has no timeout of its own yet.
class HostConnection {
public:
    virtual ~HostConnection() = default;

    virtual const std::string& uri() const = 0;

    // Opens the connection, with keepalive on remote URIs and a close callback, registers
    // lifecycle events, and makes sure Shoal's storage pool exists on the host.
    virtual Status connect() = 0;
    virtual void disconnect() = 0;
    virtual bool isConnected() const = 0;
    virtual void setEventHandler(HostEventHandler handler) = 0;

    // Probes domain types, KVM usability and the driver's gaps. Call after connect().
    virtual Result<HostCapabilities> probe() = 0;
    virtual Result<HostCapacity> capacity() = 0;

    // Lists every domain carrying Shoal metadata, with its current state.
    virtual Result<std::vector<SandboxInfo>> listSandboxes() = 0;

    // Puts the template's kernel, initramfs and base image into Shoal's storage pool on the host,
    // once; a second call with unchanged files does nothing.
    virtual Status prepareTemplate(const Template& sandboxTemplate) = 0;

    // Creates the overlay and the console log, defines the domain with Shoal metadata and starts
    // it. On any failure it removes everything it made, so nothing is left behind. With
    // spec.startMode Snapshot or PoolPaused it restores the template's warm state instead,
    // running or paused, and prepares the warm state first when it is missing. Such a sandbox is
    // ready once it runs, and its console shows no ready line, because the guest printed it
    // before the warm state was saved. Fails with Unsupported where canSnapshotStart is false,
    // so the caller can fall back to Cold.
    virtual Result<SandboxInfo> createSandbox(const SandboxSpec& spec) = 0;

    virtual Status startSandbox(const std::string& domainName) = 0;
    virtual Status stopSandbox(const std::string& domainName, StopMode mode) = 0;

    // Stops the domain if it runs, undefines it and deletes its overlay, console log and state
    // volume. Deletes nothing that belongs to another sandbox or to a template: a frozen disk
    // that a clone still reads stays until its last reader is destroyed.
    virtual Status destroySandbox(const std::string& domainName) = 0;

    // Returns the last `maxBytes` of the sandbox's serial console log.
    virtual Result<std::string> readConsole(const std::string& domainName, std::size_t maxBytes) = 0;

    // Receives the phases of the lifecycle calls below and of createSandbox; empty to stop.
    // Call it from the worker thread between operations.
    virtual void setPhaseObserver(PhaseObserver observer) = 0;

    // Saves the running sandbox's memory and device state to its state volume in Shoal's pool
    // and stops it. The domain stays defined, so listSandboxes reports it Asleep. Checks first
    // that the pool has the sandbox's memory size plus a margin free, and otherwise fails with
    // StorageError naming both figures, changing nothing. A save that fails leaves the sandbox
    // running and deletes the partial image. Fails with Unsupported where canSleep is false.
    // Returns the sandbox as Asleep.
    virtual Result<SandboxInfo> sleepSandbox(const std::string& domainName) = 0;

    // Brings an asleep sandbox back. Restore checks the state volume's header first and fails
    // with InvalidArgument on a partial or damaged image. After any failure the sandbox stays
    // asleep with its image intact, ready for a retry. After a restore the image is still there:
    // the caller deletes it with deleteStateImage() once the sandbox is reported running, which
    // keeps the deletion out of the wake's latency. FreshBoot deletes the image and boots from
    // the disk. The restored domain appends to the console log, so the log keeps the history
    // before the sleep. Returns the sandbox Running.
    virtual Result<SandboxInfo> wakeSandbox(const std::string& domainName, WakeMode mode) = 0;

    // Resumes a paused sandbox, such as a warm-pool entry being claimed.
    virtual Status resumeSandbox(const std::string& domainName) = 0;

    // Replaces the Shoal metadata of an existing domain, live and, for a persistent domain, in
    // its stored definition, so a claimed warm-pool entry carries its user's name. Fails with
    // InvalidArgument for a field XML cannot hold, NotFound for an unknown domain, and
    // Unsupported where the connection cannot change metadata (this default).
    virtual Status updateSandboxMetadata(const std::string& domainName, const SandboxMetadata& /*metadata*/)
    {
        return fail(ErrorCode::Unsupported, "Failed to update the metadata of sandbox \"" + domainName +
                                                "\" on host \"" + uri() + "\": the connection cannot change metadata");
    }

    // Makes sure the template has a current warm state on this host: boots it once to ready
    // with `domainType`, saves it and keeps the state and its frozen disk. Reuses a warm state
    // of the same content hash; deletes older ones of the template that no sandbox still reads.
    // Slow (a cold boot) when nothing can be reused. Fails with Unsupported where
    // canSnapshotStart is false, with Timeout when the guest is not ready in `readyTimeoutSeconds`.
    virtual Result<WarmState> prepareWarmState(const Template& sandboxTemplate, DomainType domainType,
                                               int readyTimeoutSeconds) = 0;

    // Clones a running sandbox into `targets`. An external snapshot with memory pauses the source
    // briefly, and the source then carries on, on a new overlay. Each clone restores a rewritten
    // copy of the memory over its own overlay on the frozen disk. All or nothing: when one clone
    // fails, every clone made is removed; the source keeps running either way.
    virtual Result<CloneResult> cloneSandbox(const std::string& sourceDomainName,
                                             const std::vector<CloneTarget>& targets) = 0;

    // Copies the disk of a shut-off sandbox, flattened with every backing file into one raw
    // image, to the local file `localPath` on the machine running Shoal, for a new template.
    // Leaves nothing temporary on the host and no partial file behind. Fails with InvalidState
    // when the domain is not shut off, and with Unsupported where the host cannot download
    // volumes (the default).
    virtual Status exportDisk(const std::string& domainName, const std::string& /*localPath*/)
    {
        return fail(ErrorCode::Unsupported, "Host \"" + uri() + "\" cannot copy the disk of sandbox \"" + domainName +
                                                "\" out of the host");
    }

    // Reads the cumulative counters of every Shoal sandbox on the host: one bulk stats call, plus
    // per-domain calls only for the groups the driver's bulk call lacks (the test driver's bulk
    // call reports the state alone). A sandbox that vanishes meanwhile is left out. Fails with
    // HostUnreachable when the connection is down.
    virtual Result<std::vector<SandboxStats>> collectStats() = 0;

    // Sets a running sandbox's CPU quota, CPU weight and balloon target live, and returns what
    // the host reports afterwards. Fails with InvalidArgument naming the valid range, before
    // anything changes, when a value is out of the host's range or above the domain's maximum
    // memory. When a later step fails, the earlier ones are undone. Fails with Unsupported where
    // canSetSchedulerQuota is false, which this default does for every connection.
    virtual Result<AppliedQuota> setSandboxQuota(const std::string& domainName, const SandboxQuota& /*quota*/)
    {
        return fail(ErrorCode::Unsupported, "Failed to set the quota of sandbox \"" + domainName + "\" on host \"" +
                                                uri() + "\": the host cannot apply CPU quotas");
    }

    // Reads the CPU quota and balloon size the host reports for a running sandbox now. Fails
    // like setSandboxQuota.
    virtual Result<AppliedQuota> readSandboxQuota(const std::string& domainName)
    {
        return fail(ErrorCode::Unsupported, "Failed to read the quota of sandbox \"" + domainName + "\" on host \"" +
                                                uri() + "\": the host cannot apply CPU quotas");
    }
    // The calls below serve the reconcile after a crash. The defaults fail with Unsupported, and
    // the fleet then leaves the journal entries of that host open.

    // Reads what is left of `domainName`: the domain, its state, a running job, the state volume.
    virtual Result<SandboxRemains> inspectRemains(const std::string& domainName);

    // Deletes the sandbox's state volume. Succeeds when there is none.
    virtual Status deleteStateImage(const std::string& domainName);

    // Deletes what an interrupted operation left beside a domain that exists: fork memory files,
    // the restore copy once the domain runs, and numbered overlays ("<domain>.<k>.qcow2") that are
    // neither its disk nor read by any volume. Returns the names of the deleted volumes.
    virtual Result<std::vector<std::string>> discardLeftovers(const std::string& domainName);

    // Deletes the volumes of sandboxes whose domain does not exist, other than those of
    // `protectedDomains`, warm states and template images, and never a volume that another volume
    // reads as its backing file. Skips volumes changed less than `minAge` ago, which another
    // process may be making right now. Returns the names of the deleted volumes.
    virtual Result<std::vector<std::string>> sweepOrphanVolumes(const std::vector<std::string>& protectedDomains,
                                                                std::chrono::seconds minAge);
};

// Factory of host connections. The hypervisor layer implements it, so the core never includes
// libvirt.
class Hypervisor {
public:
    virtual ~Hypervisor() = default;

    // Returns an unconnected HostConnection for `spec`; the URI is checked for form only.
    virtual Result<std::unique_ptr<HostConnection>> open(const HostSpec& spec) = 0;
};

}  // namespace shoal::core
