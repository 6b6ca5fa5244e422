#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::core {

// Labels an operator puts on a host; placement selects and spreads by them.
struct HostLabels {
    std::string zone;           // availability zone, e.g. "az1"
    std::string pool;           // host pool or tier, e.g. "baseline" or "serverless"
    std::string instanceType;   // e.g. "m.large"; may be empty
    double costPerHour = 0.0;   // relative cost, used by later placement scores
};

// The libvirt domain type of a host's sandboxes. With Auto the host probe chooses kvm when KVM
// really runs guests, and qemu (TCG) otherwise.
enum class DomainType { Auto, Kvm, Qemu };

// A host as the user registered it.
struct HostSpec {
    std::string uri;                          // libvirt connection URI, the host's identity
    std::string name;                         // short display name; derived from the URI if empty
    HostLabels labels;
    DomainType domainType = DomainType::Auto; // per-host override of the probe's choice
};

enum class ConnectionState { Connecting, Connected, Disconnected };

// Result of the capability probe of one host. The test driver lacks several calls, so each gap
// is recorded: the core then takes the fallback and the UI shows it.
struct HostCapabilities {
    bool isTestDriver = false;
    bool kvmAvailable = false;         // /dev/kvm usable and a KVM guest actually runs
    DomainType domainType = DomainType::Qemu; // the type sandboxes will use on this host
    bool canUploadVolumes = false;     // virStorageVolUpload works
    bool canReadConsole = false;       // the serial log can be read back (readiness detection)
    bool canSaveRestore = false;
    bool canBulkStats = false;         // virConnectGetAllDomainStats
    bool canSetSchedulerQuota = false;
    bool canSleep = false;             // save to a state volume and restore from it (QEMU driver)
    bool canSnapshotStart = false;     // restore a header-rewritten copy of a warm state
    bool canClone = false;             // external snapshot with memory of a running sandbox
    std::string hypervisorVersion;     // e.g. "QEMU 7.2.0"
    std::string libvirtVersion;        // e.g. "9.0.0"
    std::vector<std::string> gaps;     // human-readable notes, e.g. "no volume upload"
};

// A host's size and what is allocated on it, in vCPUs and MiB.
struct HostCapacity {
    int cpus = 0;
    std::uint64_t memoryMiB = 0;
    int allocatedVcpus = 0;            // sum over defined sandboxes that are running or paused
    std::uint64_t allocatedMemoryMiB = 0;
    std::uint64_t storageCapacityBytes = 0; // Shoal storage pool on the host
    std::uint64_t storageFreeBytes = 0;
};

struct HostStatus {
    HostSpec spec;
    ConnectionState connection = ConnectionState::Disconnected;
    std::string lastError;             // why the host is disconnected, empty when connected
    HostCapabilities capabilities;
    HostCapacity capacity;
    int sandboxCount = 0;
    int reconnectAttempts = 0;         // failed reconnects since the host was last connected
    std::int64_t nextReconnectAtMs = 0; // Unix time of the next try while disconnected, else 0
};

// Burst plan of a template. For `windowSeconds` after a sandbox starts or wakes, it gets
// `cpuFactor` times its baseline CPU quota and `burstMemoryMiB` of memory (within the domain's
// maximum), then returns to the baseline. A plan with windowSeconds 0 is disabled.
struct BurstPlan {
    double baselineCpuPercent = 100.0; // CPU quota per vCPU outside the window, 100 = one full vCPU
    double cpuFactor = 1.0;            // quota multiplier inside the window
    int windowSeconds = 0;
    std::uint64_t burstMemoryMiB = 0;  // memory inside the window; 0 keeps the template's memory
    bool enabled() const { return windowSeconds > 0; }
};

// Recipe a sandbox is made from. Paths are local files on the machine running Shoal, and the
// hypervisor layer uploads them once per host into Shoal's storage pool.
struct Template {
    std::string name;
    int vcpus = 1;
    std::uint64_t memoryMiB = 256;
    std::uint64_t diskMiB = 64;
    std::string kernelPath;
    std::string initrdPath;
    std::string baseImagePath;         // raw disk image; every sandbox disk is a qcow2 overlay on it
    std::string kernelCmdline;
    std::string readyMarker = "SHOAL-READY"; // the guest prints this on ttyS0 when ready
    bool builtIn = false;
    BurstPlan burst;                   // disabled unless the user sets one
};

// Sandbox states. Transitions are listed in sandboxstate.h; an illegal request is rejected.
enum class SandboxState {
    Pending,     // queued for placement
    Placing,
    Creating,
    Booting,     // domain started, ready line not seen yet
    Running,
    Paused,
    Stopping,
    Stopped,     // domain defined, shut off, disk kept
    Sleeping,
    Asleep,
    Waking,
    Destroying,
    Failed,
    Unknown,     // its host is disconnected; the sandbox may still be running there
};

// Fields Shoal stores in each domain's <metadata> element, so the inventory can be rebuilt from
// the hosts alone.
struct SandboxMetadata {
    std::string id;             // short random id, e.g. "k3x9q2"; domain name is "shoal-" + id
    std::string displayName;    // free text chosen by the user, checked by validateDisplayName
    std::string templateName;
    std::string parentId;       // empty unless the sandbox is a clone
    std::string zone;
    std::string pool;
    std::int64_t createdAtMs = 0; // Unix time in milliseconds
    // A paused warm-pool entry, not a user sandbox: the fleet keeps it out of the sandbox list
    // and placement counts until a claim gives it a user's name and clears the flag.
    bool warmPoolEntry = false;
};

// A sandbox's burst window and the quotas planned for it and reported back by its host.
struct BurstStatus {
    std::int64_t windowStartMs = 0;    // Unix time; 0 when the sandbox never burst
    std::int64_t windowEndMs = 0;
    bool active = false;               // inside the window and not reverted yet
    double plannedCpuPercent = 0.0;    // per vCPU, what Shoal asked for now
    std::optional<double> appliedCpuPercent; // what the host reports; unset where not applied
    std::uint64_t plannedMemoryMiB = 0;
    std::optional<std::uint64_t> appliedMemoryMiB;
    bool appliedOnHost = false;        // false: planned only, the host cannot apply quotas
};

struct SandboxInfo {
    SandboxMetadata metadata;
    std::string domainName;
    std::string hostUri;
    SandboxState state = SandboxState::Unknown;
    int vcpus = 0;
    std::uint64_t memoryMiB = 0;
    std::int64_t startedAtMs = 0;  // when it last entered running, 0 when not running
    std::string failureReason;     // set in Failed state
    BurstStatus burst;             // the current or last burst window; windowEndMs 0 when none
};

// Start path of a new sandbox. Snapshot and PoolPaused need canSnapshotStart on the host, and
// the core falls back to Cold where the probe reports it missing.
enum class StartMode {
    Cold,        // boot the kernel from a fresh overlay on the template's base image
    Snapshot,    // restore a rewritten copy of the template's warm state, running
    PoolPaused,  // the same, but left paused for the warm pool; claiming it is a resume
};

// Everything the hypervisor layer needs to build one sandbox.
struct SandboxSpec {
    SandboxMetadata metadata;
    std::string domainName;
    Template sandboxTemplate;
    DomainType domainType = DomainType::Qemu; // resolved: never Auto here
    StartMode startMode = StartMode::Cold;
};

// Wake path of an asleep sandbox.
enum class WakeMode {
    Restore,    // restore the state volume: the guest continues where it was
    FreshBoot,  // discard the state volume and boot from the disk
};

// One step of a lifecycle operation on a host, reported before it runs and after it ends, so a
// journal can record every phase and the activity panel can draw the latency waterfall.
struct PhaseEvent {
    enum class Kind { Started, Finished, Failed };
    Kind kind = Kind::Started;
    std::string domainName;  // the sandbox the phase works on
    std::string phase;       // e.g. "check-space", "save", "copy-state", "rewrite-header", "restore"
    double seconds = 0.0;    // duration; 0 for Started
    std::string detail;      // the error for Failed, else empty
};

// The warm state of a template on one host: the template booted to ready and saved, with the
// frozen disk the save belongs to. Named after the template and a hash of everything that
// shapes the booted guest, so a changed template gets a new warm state.
struct WarmState {
    std::string templateName;
    std::string contentHash;        // 16 hex digits
    std::string stateVolume;        // save image
    std::string diskVolume;         // frozen qcow2 overlay read by every sandbox started from it
    std::uint64_t stateBytes = 0;
    bool reused = false;            // true when a matching warm state already existed
};

// One clone to make from a running sandbox. The metadata's parentId is set by the caller.
struct CloneTarget {
    SandboxMetadata metadata;
    std::string domainName;
};

struct CloneResult {
    std::vector<SandboxInfo> clones;   // running, in the order of the targets
    double sourcePauseSeconds = 0.0;   // the snapshot call, which bounds the source's pause
    std::vector<double> runningAfterSeconds; // per clone: from the request to the clone running
    std::string frozenImage;           // the source's former overlay, now read-only
};

enum class StopMode { Graceful, Force };

std::string_view toString(SandboxState state);
std::string_view toString(StartMode mode);
std::optional<StartMode> startModeFromString(std::string_view text);
std::optional<SandboxState> sandboxStateFromString(std::string_view text);
std::string_view toString(ConnectionState state);
std::string_view toString(DomainType type);
std::optional<DomainType> domainTypeFromString(std::string_view text);

}  // namespace shoal::core
