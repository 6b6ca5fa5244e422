#pragma once

// Private to the fleet: the state behind Fleet's pimpl, shared by fleet.cpp (the public methods
// for hosts and templates), fleethosts.cpp (connections, inventory, events), fleetsandboxes.cpp
// (create) and fleetlifecycle.cpp (start, stop, destroy, readiness).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <spdlog/logger.h>

#include "core/burst.h"
#include "core/fleet.h"
#include "core/hostworker.h"
#include "core/inventory.h"
#include "core/journal.h"
#include "core/operation.h"
#include "core/sandboxstate.h"
#include "core/statshistory.h"
#include "core/store.h"
#include "core/templatecatalog.h"
#include "core/timerqueue.h"

namespace shoal::core {

// One registered host. Fleet::Impl::mutex guards `spec`, the states and the numbers. Only
// `worker` uses `connection`, and `worker` is set once when the entry is made.
struct HostEntry {
    HostSpec spec;
    std::unique_ptr<HostConnection> connection;
    std::unique_ptr<HostWorker> worker;
    ConnectionState connectionState = ConnectionState::Connecting;
    std::string lastError;
    HostCapabilities capabilities;
    HostCapacity capacity;             // what the host reported, plus the creations in flight
    // Sandboxes reserved on this host whose creation has not ended, so the host does not report
    // them yet. They are added to every capacity the host reports.
    int inFlightVcpus = 0;
    std::uint64_t inFlightMemoryMiB = 0;
    // Stats polls carry the generation they were armed in; a (re)connect or a disconnect bumps
    // it, which ends the old chain of polls.
    std::uint64_t statsGeneration = 0;
    bool statsFailing = false;         // worker only: the last poll failed, so it was logged
    bool reconnectPending = false;
    int reconnectAttempts = 0;
    std::int64_t nextReconnectAtMs = 0;

    // Reserves room for a sandbox about to be created here. The caller locks the fleet mutex.
    void reserveLocked(int vcpus, std::uint64_t memoryMiB)
    {
        capacity.allocatedVcpus += vcpus;
        capacity.allocatedMemoryMiB += memoryMiB;
        inFlightVcpus += vcpus;
        inFlightMemoryMiB += memoryMiB;
    }

    // Ends a reservation once the creation ended, either way. The caller locks the fleet mutex.
    void endReservationLocked(int vcpus, std::uint64_t memoryMiB)
    {
        inFlightVcpus = std::max(0, inFlightVcpus - vcpus);
        inFlightMemoryMiB -= std::min(inFlightMemoryMiB, memoryMiB);
    }

    // Takes a capacity the host reported. The caller locks the fleet mutex.
    void setReportedCapacityLocked(const HostCapacity& reported)
    {
        capacity = reported;
        capacity.allocatedVcpus += inFlightVcpus;
        capacity.allocatedMemoryMiB += inFlightMemoryMiB;
    }
};

using HostPointer = std::shared_ptr<HostEntry>;

// One sandbox of a create request, from validation to the end of its operation.
struct PlannedSandbox {
    SandboxInfo sandbox;
    HostPointer host;
    SandboxSpec spec;
    bool mayClaimWarmPool = false;     // a ready warm-pool entry may be claimed instead
    bool warmPoolRequested = false;    // the request named the pool, so a fallback is noted
};

// The pools of one template on one host: (template name, host URI).
using WarmPoolKey = std::pair<std::string, std::string>;

// One warm pool as the fleet tracks it. Fleet::Impl::mutex guards it.
struct WarmPoolState {
    // The store has a target for the pool. Entries of a pool without one belong to a console on
    // another store, so they are hidden but never removed.
    bool managed = false;
    int target = 0;
    std::vector<SandboxInfo> ready;    // paused entries, oldest first
    std::vector<SandboxInfo> stale;    // entries that are not paused, to remove
    bool filling = false;
    int removing = 0;                  // entries taken out of `ready` or `stale` and being destroyed
    int failures = 0;                  // refill failures in a row
    std::string lastError;
    std::int64_t nextRetryAtMs = 0;    // Unix time; 0 when no failure waits
};

// The sandbox, host and ready marker that one readiness poll uses.
struct ReadyTarget {
    SandboxInfo sandbox;
    HostPointer host;
    std::string marker;
};

// How an action runs: the stop mode for Stop, the wake mode for Wake.
struct ActionOptions {
    StopMode stopMode = StopMode::Graceful;
    WakeMode wakeMode = WakeMode::Restore;
};

// The sandbox an action runs on, as it was before the action, and its host.
struct ActionTarget {
    SandboxInfo sandbox;
    HostPointer host;
};

// A sandbox waiting in the pending queue. The scheduler places it, starts its creation on the
// chosen host's worker and fulfils `created` when that ends.
struct PendingRequest {
    SandboxInfo sandbox;                     // in Pending state, without a host
    Template sandboxTemplate;
    SandboxRequest request;
    std::chrono::steady_clock::time_point arrival;
    std::shared_ptr<Operation> operation;
    std::shared_ptr<std::promise<Result<SandboxInfo>>> created;
    std::vector<UnitRejections> lastRefusal; // why the last pass could not place it
    bool callerWaitsReady = false;           // the caller ends the operation after readiness
    std::optional<StartMode> startMode;
};

// The store's contents when the fleet loads. `orphans` are sandbox rows on hosts that are not
// stored.
struct StoredFleet {
    std::vector<Template> templates;
    std::vector<HostSpec> hosts;
    std::vector<StoredSandbox> sandboxes;
    std::vector<StoredSandbox> orphans;
};

struct Fleet::Impl {
    Impl(Hypervisor& hypervisor, Store& store, FleetOptions options);
    ~Impl();

    // Listener and operations.
    void publishHost(const HostStatus& host) const;
    void publishSandbox(const SandboxInfo& sandbox) const;
    void publishSandboxRemoved(const SandboxInfo& sandbox) const;
    void publishOperation(const Operation& operation) const;
    Operation beginOperation(std::string kind, std::string target, std::string hostUri);

    // Loading (fleet.cpp).
    Result<StoredFleet> readStore() const;
    std::vector<HostPointer> registerStoredLocked(const StoredFleet& stored);

    // Hosts (fleethosts.cpp).
    HostStatus statusLocked(const HostEntry& host) const;
    HostPointer findHost(const std::string& uri) const;
    HostPointer createHostEntry(const HostSpec& spec, std::unique_ptr<HostConnection> connection);
    Status connectOnWorker(const HostPointer& host, Operation* operation);
    Status connectStepsOnWorker(const HostPointer& host, Operation* operation);
    Status refreshOnWorker(const HostPointer& host);
    Status listOnWorker(const HostPointer& host);
    void refreshCapacityOnWorker(HostEntry& host);
    void markDisconnected(const HostPointer& host, const std::string& reason);
    void applyInventoryChanges(const Inventory::Changes& changes);
    void handleEvent(const HostEvent& event);
    void logStateEvent(const SandboxInfo& sandbox, SandboxState previous, const HostEvent& event) const;
    void dropFailedHost(const HostPointer& host);
    DomainType resolveDomainType(const HostSpec& spec, const HostCapabilities& probed) const;
    void shutdownHost(const HostPointer& host);

    // Reconnecting (fleetreconnect.cpp).
    std::optional<std::chrono::milliseconds> planReconnectLocked(HostEntry& host);
    void armReconnect(const HostPointer& host, std::chrono::milliseconds delay);
    Status reconnectOnWorker(const HostPointer& host);

    // Journal and reconcile (fleetreconcile.cpp).
    OperationJournal newJournal();
    JournalEntry journalEntryFor(std::string kind, const SandboxInfo& sandbox) const;
    PhaseObserver observePhases(Operation& operation, OperationJournal& journal);
    void reconcileOnWorker(const HostPointer& host);
    bool reconcileEntry(HostConnection& connection, const JournalEntry& entry, std::vector<std::string>& actions);
    void sweepOrphansOnWorker(HostConnection& connection, const std::string& hostUri,
                              const std::vector<std::string>& protectedDomains, std::vector<std::string>& actions);

    // Stats (fleetstats.cpp).
    void startStatsPolling(const HostPointer& host);
    void armStatsPoll(const HostPointer& host, std::uint64_t generation, TimerQueue::Clock::time_point due);
    Status pollStatsOnWorker(const HostPointer& host, std::uint64_t generation);
    void recordStats(const HostPointer& host, std::vector<SandboxStats> collected, double collectMs);
    void armHistoryFlush();
    void flushHistory();

    // Sandboxes (fleetsandboxes.cpp).
    Result<std::vector<SandboxInfo>> createSandboxes(const CreateRequest& request, std::vector<Error>* failures);
    Result<std::vector<PlannedSandbox>> planCreation(const CreateRequest& request, const Template& sandboxTemplate);
    Result<std::vector<PlannedSandbox>> reserveLocked(const CreateRequest& request, const Template& sandboxTemplate,
                                                      const HostPointer& requestedHost);
    std::vector<std::string> newSandboxIdsLocked(int count) const;
    Status checkNewNamesLocked(const std::vector<std::string>& names) const;
    PlannedSandbox planSandbox(const std::string& id, const std::string& name, const Template& sandboxTemplate,
                               const HostPointer& host, std::optional<StartMode> startMode = {}) const;
    Result<SandboxInfo> finishCreation(Result<SandboxInfo> sandbox, const CreateRequest& request,
                                       Operation& operation);
    Result<SandboxInfo> createOnWorker(const PlannedSandbox& planned, bool waitForReady, Operation& operation);
    void rollBackReservation(const PlannedSandbox& planned);
    Result<ReadyTarget> readyTargetLocked(const std::string& id) const;
    Result<ActionTarget> beginActionLocked(SandboxAction action, const std::string& nameOrId);
    Result<SandboxInfo> waitReady(const std::string& id, std::chrono::seconds timeout, Operation* operation);
    Result<bool> pollReady(const SandboxInfo& sandbox, const HostPointer& host, const std::string& marker,
                           Operation* operation);
    Status runAction(SandboxAction action, const std::string& nameOrId, ActionOptions options);
    void deleteStateImageLater(HostEntry& host, const std::string& domainName, OperationJournal journal);
    Result<SandboxState> runActionOnWorker(SandboxAction action, HostEntry& host, const SandboxInfo& sandbox,
                                           ActionOptions options, Operation& operation);
    Result<SandboxState> destroyOnWorker(HostConnection& connection, const SandboxInfo& sandbox);
    void finishAction(SandboxAction action, const SandboxInfo& sandbox, SandboxState reached);
    Result<SandboxInfo> findSandboxLocked(const std::string& nameOrId) const;
    bool sleepUntilNextPoll(std::chrono::steady_clock::duration interval);

    // Bursts (fleetburst.cpp).
    std::optional<Template> templateOfLocked(const SandboxInfo& sandbox) const;
    void beginBurstOnWorker(const HostPointer& host, SandboxInfo& sandbox);
    void armBurstRevert(const HostPointer& host, std::int64_t dueMs);
    void revertDueBurstsOnWorker(const HostPointer& host);
    void revertBurstOnWorker(HostEntry& host, const BurstDeadline& deadline, bool canApply);
    void resumeBurstsOnWorker(const HostPointer& host);
    // Shows the burst window of a sandbox found in it after a restart, with the host's quota.
    void showResumedBurstOnWorker(HostEntry& host, const BurstDeadline& deadline, bool canApply);
    // Sets the burst status of a known sandbox to `status(sandbox)`, called with the mutex held,
    // and returns the updated sandbox. Returns nothing when the sandbox is gone.
    std::optional<SandboxInfo> putBurstStatus(const std::string& sandboxId,
                                              const std::function<BurstStatus(const SandboxInfo&)>& status);
    Status loadBurstDeadlines();
    static SandboxRequest requestFor(const Template& sandboxTemplate);
    void addBurstHeadroomLocked(FleetSnapshot& snapshot) const;

    // Warm pools (fleetwarmpool.cpp).
    WarmPoolStatus warmPoolStatusLocked(const WarmPoolKey& key, const WarmPoolState& state) const;
    void publishWarmPool(const WarmPoolStatus& status);
    Status loadWarmPools();
    void divertWarmPoolEntriesLocked(const std::string& hostUri, std::vector<SandboxInfo>& listed);
    void forgetWarmPoolEntriesLocked(const std::string& hostUri);
    void requestWarmPoolStep(const HostPointer& host);
    std::optional<SandboxInfo> takeWarmPoolEntryLocked(const std::string& templateName, const std::string& hostUri);
    Status warmPoolStepOnWorker(const HostPointer& host);
    Status fillWarmPoolOnWorker(const HostPointer& host, const WarmPoolKey& key, const Template& sandboxTemplate);
    Status removeWarmPoolEntryOnWorker(const HostPointer& host, const WarmPoolKey& key, const SandboxInfo& entry);
    Result<SandboxInfo> claimOnWorker(const PlannedSandbox& planned, const SandboxInfo& entry, Operation& operation);
    std::optional<Result<SandboxInfo>> tryWarmPoolClaim(const PlannedSandbox& planned, Operation& operation);

    // Placement (fleetplacement.cpp).
    Result<std::vector<SandboxInfo>> createQueued(const CreateRequest& request, const Template& sandboxTemplate,
                                                  std::vector<Error>* failures);
    Result<std::vector<PendingRequest*>> enqueueLocked(const CreateRequest& request, const Template& sandboxTemplate);
    bool cancelPending(const std::string& id, const std::string& reason);
    void cancelStillPending(const std::vector<SandboxInfo>& queued, std::chrono::seconds timeout);
    void requestSchedule();
    void schedulerLoop();
    void schedulePass();
    void createPlaced(PlannedSandbox planned, std::shared_ptr<Operation> operation,
                      std::shared_ptr<std::promise<Result<SandboxInfo>>> created, bool callerWaitsReady);
    FleetSnapshot snapshotLocked(std::vector<HostPointer>& order) const;
    std::string unitOfLocked(const SandboxInfo& sandbox) const;
    QueueStatus queueStatusLocked(std::chrono::steady_clock::time_point now) const;
    void publishQueue(const QueueStatus& status);
    Status loadPolicy();
    void startScheduler();
    void stopScheduler();

    // Runs `task` on the host's worker and waits for its result. Never call from that worker.
    template <typename Task>
    auto runOn(HostEntry& host, Task task) -> std::invoke_result_t<Task>
    {
        using R = std::invoke_result_t<Task>;
        if (host.worker->isWorkerThread()) {
            return R(fail(ErrorCode::Internal,
                          "A task on the worker of host \"" + host.spec.uri + "\" waited for its own worker"));
        }
        return host.worker->post(std::move(task)).get();
    }

    Hypervisor& hypervisor;
    Store& store;
    FleetOptions options;
    std::shared_ptr<spdlog::logger> log;
    FleetListener* listener = nullptr;

    mutable std::mutex mutex;
    std::map<std::string, HostPointer> hosts;
    TemplateCatalog templates;
    Inventory inventory;

    PolicyInfo policy;                                 // guarded by mutex
    std::list<PendingRequest> pending;                 // arrival order; guarded by mutex
    std::map<std::string, PlacementRecord> placements; // by sandbox id; guarded by mutex
    bool scheduleRequested = false;                    // guarded by mutex
    std::set<std::string> readyWhenRunning;            // ids restored from a warm state; guarded by mutex
    BurstSchedule bursts;                              // burst windows not yet reverted; guarded by mutex
    std::condition_variable schedulerWake;
    std::thread scheduler;
    std::mutex queuePublishMutex;                      // orders queueChanged calls
    std::optional<QueueStatus> lastPublishedQueue;     // guarded by queuePublishMutex

    std::map<WarmPoolKey, WarmPoolState> warmPools;    // guarded by mutex
    std::set<std::string> warmPoolStepPosted;          // hosts with a refill step queued; guarded by mutex
    // (host URI, domain name) of every pool entry and of each refill in flight, so their events
    // do not look like unknown sandboxes. Guarded by mutex.
    std::set<std::pair<std::string, std::string>> warmPoolDomains;
    bool warmPoolRefill = true;                        // guarded by mutex
    std::condition_variable warmPoolSignal;            // notified at every pool change

    std::atomic<std::uint64_t> nextOperationId{1};
    bool shuttingDown = false;               // guarded by mutex
    std::minstd_rand random{std::random_device{}()}; // reconnect jitter; guarded by mutex
    mutable StatsHistory history;           // thread-safe on its own
    TimerQueue timers;                       // stats polls and reconnects
    TimerQueue historyWriter;                // writes finished minutes of stats to the store
    std::condition_variable shutdownSignal;  // wakes readiness polls when the fleet stops
};

// Returns the current Unix time in milliseconds.
std::int64_t unixTimeMs();

// Returns how many points at `interval` cover `window`, raised to 3 minutes (at least one).
std::size_t statsHistoryCapacity(std::chrono::milliseconds interval, std::chrono::seconds window);

}  // namespace shoal::core
