#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/journal.h"
#include "core/lineage.h"
#include "core/model.h"
#include "core/placementengine.h"
#include "core/placementrecord.h"
#include "core/policy.h"
#include "core/stats.h"
#include "core/warmpool.h"

namespace shoal::core {

class Store;

struct FleetOptions {
    std::string guestDirectory;        // where the built-in guest lives (vmlinuz, initramfs.img, base.raw)
    DomainType forcedDomainType = DomainType::Auto; // SHOAL_DOMAIN_TYPE; overrides every host
    std::chrono::milliseconds readyPollInterval{250};
    // Time between the starts of two stats polls of a host; zero turns stats polling off.
    std::chrono::milliseconds statsInterval{1000};
    // How much of each series stays in memory. Older points of the last 15 minutes are read back
    // from the store, which gets every finished minute, so a shorter window saves memory (18 bytes
    // a point: 160 MB for 10,000 sandboxes over 15 minutes) at the price of a store read when a
    // series is requested. Values below 3 minutes are raised to 3, so no point is dropped before
    // the minute flush has written it.
    std::chrono::seconds statsMemoryWindow{15 * 60};
    // A lost host is retried after the initial delay, doubled per failure up to the maximum,
    // each delay shortened by a random 0-25 % so that many hosts do not retry in step.
    std::chrono::milliseconds reconnectInitialDelay{1000};
    std::chrono::milliseconds reconnectMaxDelay{30000};
    // Called after the journal stored each phase event of an operation. Empty unless a test sets
    // a crash point.
    JournalHook journalHook;
    // When a host connects, the volumes of sandboxes whose domain is gone are deleted once they
    // have not changed for this long, so a create in progress in a process without a journal is
    // left alone. Unset turns the sweep off.
    std::optional<std::chrono::seconds> orphanSweepMinAge = std::chrono::hours(1);
    // Where promoteToTemplate puts the base images it makes. Empty: the folder "templates" next
    // to the store's database file.
    std::string templateDirectory;
    // Whether the fleet refills warm pools in the background as soon as their hosts connect.
    // shoalctl turns it off, so a command that only reads does not restore entries before it
    // exits; Fleet::settleWarmPools turns it on.
    bool refillWarmPools = true;
    // A failed refill of a pool is retried after the initial delay, doubled per failure in a row up
    // to the maximum, like a reconnect.
    std::chrono::milliseconds warmPoolRetryInitialDelay{5000};
    std::chrono::milliseconds warmPoolRetryMaxDelay{300000};
};

struct CreateRequest {
    std::string templateName;
    std::string hostUri;               // empty: Shoal chooses a host
    std::string displayName;           // empty: generated; with count > 1 the names get "-1", "-2", ...
    int count = 1;
    bool waitReady = false;
    std::chrono::seconds readyTimeout{90};
    // How the sandboxes start. Unset: the fastest the host supports, which is a claim from the
    // warm pool where an entry of the template is ready on the host, Snapshot where the host can
    // restore a warm state and Cold elsewhere. PoolPaused claims a warm-pool entry, and starts
    // from the warm state when none is ready. Where a host cannot do what is requested, the
    // sandbox starts the next fastest way and the operation's message notes it.
    std::optional<StartMode> startMode;
    // Without a host, sandboxes wait in the pending queue until the policy places them. This is
    // how long a caller waits for that; the ones still pending then are cancelled and reported.
    // Unset: wait until each is placed, destroyed while pending, or the fleet stops.
    std::optional<std::chrono::seconds> queueTimeout;
    // Without a host: return as soon as the sandboxes are queued; placement and creation go on in
    // the background and report through the listener. Readiness is then not waited for.
    bool detached = false;
};

// The placement policy in force and the YAML it came from.
struct PolicyInfo {
    std::string text;
    Policy policy;
    bool isDefault = true;             // no policy was applied; Shoal's default is in force
};

// The reason a sandbox is on its host, or the reason it still waits.
struct PlacementExplanation {
    std::string sandboxId;
    std::string displayName;
    bool pending = false;
    std::optional<PlacementRecord> record;     // set for a placed sandbox with a known decision
    std::vector<UnitRejections> rejections;    // for a pending sandbox: the last refusal, per unit
    std::int64_t waitingMs = 0;                // for a pending sandbox: time in the queue so far
    std::string cloneOf;                       // for a clone: its parent's display name (or id when gone)
};

// The sandboxes a scale-in removed, in the order it chose them.
struct ScaleInReport {
    struct Removed {
        std::string displayName;
        std::string unit;                      // empty for a sandbox still pending, or outside every unit
        bool wasPending = false;
    };
    std::vector<Removed> removed;
    std::vector<Error> failures;               // sandboxes chosen but not destroyed
};

// The pending queue and the policy units, for the console and `shoalctl`.
struct QueueStatus {
    struct Unit {
        std::string name;
        std::int64_t sandboxes = 0;            // sandboxes in the unit now
        std::optional<std::int64_t> max;
        bool overflow = false;                 // the unit has a `when` condition
        bool eligible = true;                  // it takes new sandboxes now
        int hosts = 0;                         // hosts its selector matches
    };
    std::int64_t pending = 0;
    std::chrono::milliseconds oldestWait{0};
    std::vector<Unit> units;
    std::optional<std::int64_t> pendingThreshold;            // the lowest pendingAbove of any unit
    std::optional<std::chrono::milliseconds> waitThreshold;  // the lowest oldestWaitAbove of any unit
    std::int64_t sampledAtMs = 0;
};

// The forecast for `count` more sandboxes of one template under the policy in force: how many
// would land in each unit and zone, given the hosts and the queue now. It is computed on a copy,
// so no host, sandbox or row changes.
struct WhatIfReport {
    std::string templateName;
    int count = 0;
    struct Landing {
        std::string unit;
        std::string zone;
        std::int64_t sandboxes = 0;
    };
    std::vector<Landing> landings;            // per unit and zone, units in policy order
    std::int64_t stillPending = 0;            // requests that fit nowhere
    bool overflowUsed = false;                // an overflow unit would take some
    std::int64_t queuedBefore = 0;            // requests already pending, placed first
    std::vector<UnitRejections> refusal;      // why the first request that fits nowhere waits
};

// The outcome of destroySubtree: the sandboxes destroyed and the ones that stayed.
struct SubtreeDestroyReport {
    std::vector<std::string> destroyed;       // display names, in the order they went
    std::vector<Error> failures;              // one per sandbox that stayed, naming it
};

struct PhaseTiming {
    std::string name;                  // e.g. "prepare-template", "define", "start", "ready"
    double durationMs = 0.0;
};

// One user-visible action as it progresses. Sent to the listener at every phase change.
struct OperationUpdate {
    enum class State { Running, Succeeded, Failed };
    std::uint64_t id = 0;
    std::string kind;                  // "create", "start", "stop", "destroy", "add-host"
    std::string target;                // display name of the sandbox, or the host URI
    std::string hostUri;
    std::string phase;                 // current phase name
    double progress = 0.0;             // 0..1
    State state = State::Running;
    std::string message;               // the error detail when Failed; notes such as fallbacks otherwise
    std::vector<PhaseTiming> phases;   // completed phases in order
    std::int64_t startedAtMs = 0;
};

// Receives changes from the fleet. Called from worker and event-loop threads, never with a fleet
// lock held; implementations must be thread-safe and quick.
class FleetListener {
public:
    virtual ~FleetListener() = default;
    virtual void hostChanged(const HostStatus& /*host*/) {}
    virtual void hostRemoved(const std::string& /*uri*/) {}
    virtual void sandboxChanged(const SandboxInfo& /*sandbox*/) {}
    virtual void sandboxRemoved(const std::string& /*hostUri*/, const std::string& /*domainName*/) {}
    virtual void operationChanged(const OperationUpdate& /*operation*/) {}
    virtual void queueChanged(const QueueStatus& /*queue*/) {}
    virtual void policyChanged(const PolicyInfo& /*policy*/) {}
    // One stats poll of one host: a value for every active sandbox it reported, and the host's
    // totals. Called on that host's worker thread, about once per FleetOptions::statsInterval.
    virtual void statsTick(const HostStatsTick& /*tick*/) {}
    // A warm pool's target, entries or refill state changed.
    virtual void warmPoolChanged(const WarmPoolStatus& /*pool*/) {}
};

// The fleet: hosts, templates and sandboxes, and the operations on them. All public methods are
// thread-safe. The blocking ones run their host calls on that host's own worker thread, in
// order, so a slow host delays only the callers waiting for it. The GUI must call the blocking
// methods from a worker thread, never from the GUI thread.
class Fleet {
public:
    Fleet(Hypervisor& hypervisor, Store& store, FleetOptions options);
    ~Fleet();
    Fleet(const Fleet&) = delete;
    Fleet& operator=(const Fleet&) = delete;

    // Set once, before the first call that can send updates. `listener` must outlive the fleet.
    void setListener(FleetListener* listener);

    // Registers the built-in templates and the stored ones, then connects every stored host in
    // the background. Returns at once; progress arrives through the listener.
    Status load();

    // Registers, connects, probes and lists a host, and stores it when `persist` is Persist.
    // Fails with AlreadyExists for a known URI, InvalidArgument for a malformed one, and
    // HostUnreachable when the connection fails (the host is then not added).
    enum class Persistence { Persist, InMemory };
    Result<HostStatus> addHost(const HostSpec& spec, Persistence persistence = Persistence::Persist);
    Status removeHost(const std::string& uri);
    std::vector<HostStatus> hosts() const;

    std::vector<Template> templates() const;
    Result<Template> findTemplate(const std::string& name) const;
    // Validates and sets the burst plan of a template, and stores the template. Sandboxes that
    // start, are restored or wake later get it; a sandbox in its window keeps its deadline.
    // Fails with NotFound for an unknown template and InvalidArgument naming the field and its
    // valid range, changing nothing.
    Result<Template> setBurstPlan(const std::string& templateName, const BurstPlan& plan);

    // Returns a snapshot of every known sandbox on every host.
    std::vector<SandboxInfo> sandboxes() const;

    // Finds a sandbox by display name, sandbox id or domain name, in that order.
    Result<SandboxInfo> findSandbox(const std::string& nameOrId) const;

    // Creates `count` sandboxes. Validates every name and the template before anything is made;
    // each sandbox that fails is rolled back and reported. Without a host the sandboxes enter the
    // pending queue and the placement policy decides where each goes. Returns the created
    // sandboxes, or the first error when none was created. When `failures` is given, it receives
    // the error of every sandbox that was not created.
    Result<std::vector<SandboxInfo>> createSandboxes(const CreateRequest& request,
                                                     std::vector<Error>* failures = nullptr);

    Status startSandbox(const std::string& nameOrId);
    Status stopSandbox(const std::string& nameOrId, StopMode mode);
    Status destroySandbox(const std::string& nameOrId);

    // Saves a running sandbox's memory and device state to a state volume on its host and stops
    // it. The host's free space is checked first. A failed save leaves the sandbox running.
    Status sleepSandbox(const std::string& nameOrId);

    // Restores an asleep sandbox where it was, or with WakeMode::FreshBoot boots it from its disk
    // and discards the saved state. A failed wake leaves it asleep with its image intact.
    Status wakeSandbox(const std::string& nameOrId, WakeMode mode = WakeMode::Restore);

    // Clones a running sandbox `count` times on its host. The source pauses briefly and carries
    // on; each clone continues from the same instant with its own name, disk overlay and
    // console. Names are "<prefix>-1", "<prefix>-2", …, or "<prefix>" for one clone; without a
    // prefix "<source>-clone-<id>". Returns the clones, running.
    Result<std::vector<SandboxInfo>> cloneSandbox(const std::string& nameOrId, int count, const std::string& prefix = {});

    // Returns the clone lineage of every sandbox, or with `nameOrId` set (found like
    // findSandbox) the subtree of that sandbox, in the order of lineageTree(). Fails with NotFound
    // for an unknown sandbox.
    Result<std::vector<LineageEntry>> lineage(const std::string& nameOrId = {}) const;

    // Destroys a sandbox and all its clones, theirs, and so on: the deepest first, so each
    // sandbox goes after its clones. At each depth the hosts work in parallel. A sandbox whose
    // clone could not be destroyed is kept, so no clone loses its parent by this call. A frozen
    // disk that a kept clone still reads stays on its host, as with destroySandbox. Fails with
    // NotFound for an unknown sandbox; otherwise returns the report, failures included.
    Result<SubtreeDestroyReport> destroySubtree(const std::string& nameOrId);

    // Makes a new template from the disk of a stopped or asleep sandbox. The host flattens the
    // sandbox's disk chain into a raw image, which is downloaded into
    // FleetOptions::templateDirectory, so the template works on every host. The template copies
    // the kernel, initramfs, shape, command line and burst plan of the sandbox's template, and
    // is stored. Fails with InvalidArgument for an invalid name, AlreadyExists for a taken one,
    // InvalidState unless the sandbox is stopped or asleep, Unsupported where the host cannot
    // download volumes, and StorageError or HostError when the copy fails; nothing is left on
    // the host or in the folder then. The sandbox is not changed. Blocks for the whole copy.
    Result<Template> promoteToTemplate(const std::string& nameOrId, const std::string& templateName);

    // Blocks until the sandbox's ready line appears on its console, or fails with Timeout and the
    // message "Sandbox "NAME" did not become ready within N s".
    Result<SandboxInfo> waitReady(const std::string& nameOrId, std::chrono::seconds timeout);

    Result<std::string> readConsole(const std::string& nameOrId, std::size_t maxBytes);

    // Re-reads the sandboxes and capacity of one host.
    Status refreshHost(const std::string& uri);

    // Parses and applies a placement policy, and stores it when `persistence` is Persist. A
    // policy with an error is rejected with its line and column, and the policy in force stays.
    Status applyPolicy(const std::string& yamlText, Persistence persistence = Persistence::Persist);
    PolicyInfo policy() const;

    Result<PlacementExplanation> explainPlacement(const std::string& nameOrId) const;
    QueueStatus queueStatus() const;
    Result<WhatIfReport> whatIf(const std::string& templateName, int count) const;

    // Removes `count` sandboxes (of one template when `templateName` is not empty) in the reverse
    // of placement order: pending ones first, then the units from the last to the first, so
    // overflow units empty before the baseline; newest first within each. Sandboxes outside
    // every unit go last. Hosts destroy their share in parallel.
    Result<ScaleInReport> scaleIn(const std::string& templateName, int count);

    // Returns the stats history of a sandbox, found like findSandbox: one point a second for the
    // last 15 minutes, or one a minute for the last 24 hours, oldest first, including what was
    // stored before a restart. Fails with NotFound for an unknown sandbox and StorageError when
    // the store fails. Reads SQLite, so call it off the GUI thread.
    Result<StatsSeries> sandboxStats(const std::string& nameOrId,
                                     StatsResolution resolution = StatsResolution::Second) const;
    // The same for a host's totals over its sandboxes. Fails with NotFound for an unknown URI.
    Result<StatsSeries> hostStats(const std::string& uri, StatsResolution resolution = StatsResolution::Second) const;

    // Sets how many paused entries of `templateName` the warm pool keeps on host `hostUri`, and
    // stores it. The host's worker refills or removes entries in the background, one at a time,
    // and size 0 removes them all. Fails with InvalidArgument for a size outside 0 to
    // kMaxWarmPoolSize, NotFound for an unknown template or host, and Unsupported for a
    // connected host that cannot start from a warm state, changing nothing.
    Result<WarmPoolStatus> setWarmPoolSize(const std::string& templateName, const std::string& hostUri, int size);

    // Returns every pool with a target or with entries, by template and host.
    std::vector<WarmPoolStatus> warmPools() const;

    // Turns background refill on and blocks until every pool on a connected host has its target
    // size, or its last refill failed and it waits for the next try, or `timeout` passed.
    // Returns the pools then. Call it off the GUI thread.
    std::vector<WarmPoolStatus> settleWarmPools(std::chrono::seconds timeout);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace shoal::core
