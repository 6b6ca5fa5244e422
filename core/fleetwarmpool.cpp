// The warm pool of Fleet: per template and host, paused entries restored from the template's warm
// state. The host's worker refills one entry per task, so user operations queued meanwhile run
// between two refills. A claim renames an entry for its user and resumes it.

#include <spdlog/fmt/fmt.h>

#include "core/backoff.h"
#include "core/fleetimpl.h"
#include "core/names.h"

namespace shoal::core {

namespace {

// The action of one refill step on a host.
struct WarmPoolStep {
    enum class Kind { None, Fill, Remove };
    Kind kind = Kind::None;
    WarmPoolKey key;
    Template sandboxTemplate;          // for Fill
    SandboxInfo entry;                 // for Remove
};

}  // namespace

WarmPoolStatus Fleet::Impl::warmPoolStatusLocked(const WarmPoolKey& key, const WarmPoolState& state) const
{
    WarmPoolStatus status;
    status.templateName = key.first;
    status.hostUri = key.second;
    status.target = state.target;
    status.ready = static_cast<int>(state.ready.size());
    status.filling = state.filling;
    status.failures = state.failures;
    status.lastError = state.lastError;
    status.nextRetryAtMs = state.nextRetryAtMs;
    return status;
}

void Fleet::Impl::publishWarmPool(const WarmPoolStatus& status)
{
    warmPoolSignal.notify_all();
    if (listener)
        listener->warmPoolChanged(status);
}

Status Fleet::Impl::loadWarmPools()
{
    Result<std::vector<WarmPoolTarget>> targets = store.warmPoolTargets();
    if (!targets)
        return tl::unexpected(targets.error());
    std::lock_guard lock(mutex);
    for (const WarmPoolTarget& target : *targets) {
        WarmPoolState& state = warmPools[{target.templateName, target.hostUri}];
        state.managed = true;
        state.target = target.size;
    }
    return {};
}

// Takes the pool entries out of a host's listing, so they never reach the inventory, and makes
// them the pools' entries on that host. A paused entry is ready. An entry in any other state was
// stopped or crashed outside Shoal, so it is removed and refilled where this store manages the
// pool. The caller locks the mutex.
void Fleet::Impl::divertWarmPoolEntriesLocked(const std::string& hostUri, std::vector<SandboxInfo>& listed)
{
    for (auto& [key, state] : warmPools) {
        if (key.second == hostUri) {
            state.ready.clear();
            state.stale.clear();
        }
    }
    for (auto it = warmPoolDomains.begin(); it != warmPoolDomains.end();)
        it = it->first == hostUri ? warmPoolDomains.erase(it) : std::next(it);

    auto isEntry = [](const SandboxInfo& sandbox) { return sandbox.metadata.warmPoolEntry; };
    for (const SandboxInfo& sandbox : listed) {
        if (!isEntry(sandbox))
            continue;
        WarmPoolState& state = warmPools[{sandbox.metadata.templateName, hostUri}];
        (sandbox.state == SandboxState::Paused ? state.ready : state.stale).push_back(sandbox);
        warmPoolDomains.insert({hostUri, sandbox.domainName});
    }
    listed.erase(std::remove_if(listed.begin(), listed.end(), isEntry), listed.end());
    for (auto& [key, state] : warmPools) {
        std::sort(state.ready.begin(), state.ready.end(), [](const SandboxInfo& left, const SandboxInfo& right) {
            return left.metadata.createdAtMs < right.metadata.createdAtMs;
        });
    }
}

// Forgets the entries of a host that was lost: a claim cannot use them, and the listing after the
// reconnect finds the ones that are still there. The caller locks the mutex.
void Fleet::Impl::forgetWarmPoolEntriesLocked(const std::string& hostUri)
{
    for (auto& [key, state] : warmPools) {
        if (key.second == hostUri) {
            state.ready.clear();
            state.stale.clear();
            state.filling = false;
            state.removing = 0;
        }
    }
}

void Fleet::Impl::requestWarmPoolStep(const HostPointer& host)
{
    {
        std::lock_guard lock(mutex);
        if (!warmPoolRefill || shuttingDown || !warmPoolStepPosted.insert(host->spec.uri).second)
            return;
    }
    host->worker->post([this, host] { return warmPoolStepOnWorker(host); });
}

std::optional<SandboxInfo> Fleet::Impl::takeWarmPoolEntryLocked(const std::string& templateName,
                                                                const std::string& hostUri)
{
    auto found = warmPools.find({templateName, hostUri});
    if (found == warmPools.end() || found->second.ready.empty())
        return std::nullopt;
    SandboxInfo entry = found->second.ready.front();
    found->second.ready.erase(found->second.ready.begin());
    warmPoolDomains.erase({hostUri, entry.domainName});
    return entry;
}

// Runs on the host's worker: removes one entry that is stale or beyond its pool's target, or else
// restores one entry for a pool below its target, then queues the next step behind whatever
// the worker received meanwhile.
Status Fleet::Impl::warmPoolStepOnWorker(const HostPointer& host)
{
    const std::string& uri = host->spec.uri;
    WarmPoolStep step;
    {
        std::lock_guard lock(mutex);
        warmPoolStepPosted.erase(uri);
        if (shuttingDown || !warmPoolRefill || host->connectionState != ConnectionState::Connected)
            return {};
        const std::int64_t now = unixTimeMs();
        for (auto& [key, state] : warmPools) {
            if (key.second != uri || !state.managed || state.nextRetryAtMs > now)
                continue;
            if (!state.stale.empty() || static_cast<int>(state.ready.size()) > state.target) {
                std::vector<SandboxInfo>& from = state.stale.empty() ? state.ready : state.stale;
                step = WarmPoolStep{WarmPoolStep::Kind::Remove, key, {}, from.back()};
                from.pop_back();
                ++state.removing;
                break;
            }
        }
        for (auto& [key, state] : warmPools) {
            if (step.kind != WarmPoolStep::Kind::None)
                break;
            if (key.second != uri || static_cast<int>(state.ready.size()) >= state.target || state.nextRetryAtMs > now)
                continue;
            Result<Template> sandboxTemplate = templates.find(key.first);
            if (!sandboxTemplate) {
                // Only a template added again can fix this, so the pool waits the longest delay.
                ++state.failures;
                state.lastError = sandboxTemplate.error().detail;
                state.nextRetryAtMs = now + options.warmPoolRetryMaxDelay.count();
                continue;
            }
            state.filling = true;
            step = WarmPoolStep{WarmPoolStep::Kind::Fill, key, *sandboxTemplate, {}};
        }
    }

    if (step.kind == WarmPoolStep::Kind::None)
        return {};
    Status done = step.kind == WarmPoolStep::Kind::Fill ? fillWarmPoolOnWorker(host, step.key, step.sandboxTemplate)
                                                        : removeWarmPoolEntryOnWorker(host, step.key, step.entry);
    requestWarmPoolStep(host);
    return done;
}

// Runs on the host's worker. Journaled as a create, so a crash midway is rolled back or kept by
// the reconcile like any other create, and the listing then finds a kept entry by its metadata.
Status Fleet::Impl::fillWarmPoolOnWorker(const HostPointer& host, const WarmPoolKey& key,
                                         const Template& sandboxTemplate)
{
    PlannedSandbox planned;
    WarmPoolStatus filling;
    {
        std::lock_guard lock(mutex);
        std::string id = newSandboxIdsLocked(1).front();
        planned = planSandbox(id, "warm-pool-" + id, sandboxTemplate, host);
        planned.sandbox.metadata.warmPoolEntry = true;
        planned.spec.metadata = planned.sandbox.metadata;
        planned.spec.startMode = StartMode::PoolPaused;
        warmPoolDomains.insert({key.second, planned.sandbox.domainName});
        filling = warmPoolStatusLocked(key, warmPools[key]);
    }
    publishWarmPool(filling);

    Operation operation = beginOperation("fill-warm-pool", planned.sandbox.metadata.displayName, key.second);
    HostConnection& connection = *host->connection;
    OperationJournal journal = newJournal();
    Result<SandboxInfo> created = [&]() -> Result<SandboxInfo> {
        if (Status opened = journal.open(journalEntryFor("create", planned.sandbox)); !opened)
            return tl::unexpected(opened.error());
        operation.beginPhase("prepare-template", 0.1);
        publishOperation(operation);
        if (Status prepared = connection.prepareTemplate(sandboxTemplate); !prepared)
            return tl::unexpected(prepared.error());
        connection.setPhaseObserver(observePhases(operation, journal));
        Result<SandboxInfo> restored = connection.createSandbox(planned.spec);
        connection.setPhaseObserver({});
        return restored;
    }();

    // The journal is closed before the pool shows the outcome, so a caller waiting for the pool
    // finds the entry closed.
    if (created)
        journal.close();
    else
        journal.closeUnlessHostLost(created.error());

    WarmPoolStatus status;
    std::chrono::milliseconds retryDelay{0};
    {
        std::lock_guard lock(mutex);
        WarmPoolState& state = warmPools[key];
        state.filling = false;
        if (created) {
            SandboxInfo entry = *created;
            entry.metadata = planned.sandbox.metadata;
            entry.hostUri = key.second;
            entry.domainName = planned.sandbox.domainName;
            state.ready.push_back(entry);
            state.failures = 0;
            state.lastError.clear();
            state.nextRetryAtMs = 0;
        } else {
            warmPoolDomains.erase({key.second, planned.sandbox.domainName});
            const double random01 = std::uniform_real_distribution<double>(0.0, 1.0)(random);
            retryDelay = reconnectDelay(state.failures, options.warmPoolRetryInitialDelay,
                                        options.warmPoolRetryMaxDelay, random01);
            ++state.failures;
            state.lastError = created.error().detail;
            state.nextRetryAtMs = unixTimeMs() + retryDelay.count();
            timers.schedule(TimerQueue::Clock::now() + retryDelay, [this, host] { requestWarmPoolStep(host); });
        }
        status = warmPoolStatusLocked(key, state);
    }

    if (!created) {
        operation.failWith(created.error());
        publishOperation(operation);
        log->error("Failed to refill the warm pool of template \"{}\" on host \"{}\" (failure {} in a row, next try "
                   "in {} ms): {}",
                   key.first, key.second, status.failures, retryDelay.count(),
                   created.error().detail);
        publishWarmPool(status);
        if (created.error().code == ErrorCode::HostUnreachable)
            markDisconnected(host, created.error().detail);
        return tl::unexpected(created.error());
    }
    operation.succeed();
    publishOperation(operation);
    refreshCapacityOnWorker(*host);
    log->info("Warm pool of template \"{}\" on host \"{}\" has {} of {} entries ready", key.first, key.second,
              status.ready, status.target);
    publishWarmPool(status);
    return {};
}

// Runs on the host's worker. Destroys one entry through the journaled destroy of any sandbox.
Status Fleet::Impl::removeWarmPoolEntryOnWorker(const HostPointer& host, const WarmPoolKey& key,
                                                const SandboxInfo& entry)
{
    Result<SandboxState> removed = destroyOnWorker(*host->connection, entry);
    WarmPoolStatus status;
    {
        std::lock_guard lock(mutex);
        WarmPoolState& state = warmPools[key];
        state.removing = std::max(0, state.removing - 1);
        if (removed || removed.error().code == ErrorCode::NotFound) {
            warmPoolDomains.erase({key.second, entry.domainName});
        } else {
            // Tried again after a delay like a failed refill, so a host that keeps failing the
            // destroy is not asked again at once.
            state.stale.push_back(entry);
            const double random01 = std::uniform_real_distribution<double>(0.0, 1.0)(random);
            const auto delay = reconnectDelay(state.failures, options.warmPoolRetryInitialDelay,
                                              options.warmPoolRetryMaxDelay, random01);
            ++state.failures;
            state.lastError = removed.error().detail;
            state.nextRetryAtMs = unixTimeMs() + delay.count();
            timers.schedule(TimerQueue::Clock::now() + delay, [this, host] { requestWarmPoolStep(host); });
        }
        status = warmPoolStatusLocked(key, warmPools[key]);
    }
    publishWarmPool(status);
    if (!removed && removed.error().code != ErrorCode::NotFound) {
        log->error("Failed to remove warm-pool entry \"{}\" of template \"{}\" from host \"{}\": {}", entry.domainName,
                   key.first, key.second, removed.error().detail);
        return tl::unexpected(removed.error());
    }
    log->info("Removed warm-pool entry \"{}\" of template \"{}\" from host \"{}\"", entry.domainName, key.first,
              key.second);
    refreshCapacityOnWorker(*host);
    return {};
}

// Runs on the host's worker, inside a create. Gives the entry the planned sandbox's name in the
// store and in the domain metadata, then resumes it. The sandbox takes the entry's id in place of
// the planned one, because the domain name is made from the id. The claim is journaled, so a
// crash before the resume leaves either a pool entry or a paused sandbox with the user's name,
// never both. On failure the entry is destroyed, so the caller can start the sandbox another way.
Result<SandboxInfo> Fleet::Impl::claimOnWorker(const PlannedSandbox& planned, const SandboxInfo& entry,
                                               Operation& operation)
{
    HostConnection& connection = *planned.host->connection;
    SandboxInfo claimed = entry;
    claimed.metadata.displayName = planned.sandbox.metadata.displayName;
    claimed.metadata.warmPoolEntry = false;
    claimed.metadata.createdAtMs = unixTimeMs();
    const StoredSandbox row{claimed.metadata, claimed.domainName, claimed.hostUri};

    operation.beginPhase("claim-warm-pool", 0.3);
    publishOperation(operation);
    OperationJournal journal = newJournal();
    Status done = journal.open(journalEntryFor("claim", claimed));
    auto step = [&](std::string_view phase, auto action) {
        if (!done)
            return;
        journal.record(claimed.domainName, phase, PhaseEvent::Kind::Started);
        done = action();
        journal.record(claimed.domainName, phase, done ? PhaseEvent::Kind::Finished : PhaseEvent::Kind::Failed);
    };
    step("save-row", [&] { return store.saveSandbox(row); });
    step("rename", [&] { return connection.updateSandboxMetadata(claimed.domainName, claimed.metadata); });
    step("resume", [&] { return connection.resumeSandbox(claimed.domainName); });

    if (!done) {
        if (Status destroyed = connection.destroySandbox(entry.domainName); !destroyed)
            log->error("Failed to destroy warm-pool entry \"{}\" after a failed claim: {}", entry.domainName,
                       destroyed.error().detail);
        if (Status removed = store.removeSandbox(claimed.metadata.id); !removed)
            log->error("Failed to remove sandbox \"{}\" from the store: {}", claimed.metadata.displayName,
                       removed.error().detail);
        journal.closeUnlessHostLost(done.error());
        return tl::unexpected(done.error());
    }

    claimed.state = SandboxState::Running;
    claimed.startedAtMs = unixTimeMs();
    PlacementRecord placement;
    {
        std::lock_guard lock(mutex);
        inventory.remove(planned.sandbox.metadata.id);
        inventory.put(claimed);
        planned.host->endReservationLocked(planned.sandbox.vcpus, planned.sandbox.memoryMiB);
        readyWhenRunning.insert(claimed.metadata.id);
        if (auto found = placements.find(planned.sandbox.metadata.id); found != placements.end()) {
            placement = found->second;
            placements.erase(found);
        }
        placement.sandboxId = claimed.metadata.id;
        placements[claimed.metadata.id] = placement;
    }
    if (Status removed = store.removeSandbox(planned.sandbox.metadata.id); !removed)
        log->error("Failed to remove the placement of sandbox id \"{}\": {}", planned.sandbox.metadata.id,
                   removed.error().detail);
    if (Status saved = store.savePlacement(placement); !saved)
        log->error("Failed to store the placement of sandbox \"{}\": {}", claimed.metadata.displayName,
                   saved.error().detail);
    publishSandboxRemoved(planned.sandbox);
    beginBurstOnWorker(planned.host, claimed);
    journal.close();
    operation.endPhase();
    return claimed;
}

// Runs on the host's worker at the start of a create. Returns the claimed sandbox, or nothing
// when the create must start the sandbox itself because no entry is ready or the claim failed.
// The operation's message then names the reason, when the request named the pool or a claim failed.
std::optional<Result<SandboxInfo>> Fleet::Impl::tryWarmPoolClaim(const PlannedSandbox& planned, Operation& operation)
{
    const std::string& templateName = planned.sandbox.metadata.templateName;
    const std::string& hostUri = planned.sandbox.hostUri;
    std::optional<SandboxInfo> entry;
    WarmPoolStatus status;
    {
        std::lock_guard lock(mutex);
        entry = takeWarmPoolEntryLocked(templateName, hostUri);
        if (entry)
            status = warmPoolStatusLocked({templateName, hostUri}, warmPools[{templateName, hostUri}]);
    }
    if (!entry) {
        if (planned.warmPoolRequested) {
            operation.setMessage(fmt::format("No warm-pool entry of template \"{}\" is ready on host \"{}\", so the "
                                             "sandbox starts from the warm state",
                                             templateName, hostUri));
        }
        return std::nullopt;
    }
    publishWarmPool(status);

    Result<SandboxInfo> claimed = claimOnWorker(planned, *entry, operation);
    requestWarmPoolStep(planned.host);
    if (!claimed) {
        log->warn("Failed to claim warm-pool entry \"{}\" for sandbox \"{}\", starting it from the warm state: {}",
                  entry->domainName, planned.sandbox.metadata.displayName, claimed.error().detail);
        operation.setMessage(fmt::format("Claiming a warm-pool entry failed ({}), so the sandbox starts from the "
                                         "warm state",
                                         claimed.error().detail));
        return std::nullopt;
    }

    refreshCapacityOnWorker(*planned.host);
    log->info("Created sandbox \"{}\" ({}) on host \"{}\" from the warm pool; it is {}", claimed->metadata.displayName,
              claimed->domainName, claimed->hostUri, toString(claimed->state));
    publishSandbox(*claimed);
    return claimed;
}

Result<WarmPoolStatus> Fleet::setWarmPoolSize(const std::string& templateName, const std::string& hostUri, int size)
{
    Impl& impl = *m_impl;
    auto rejected = [&](Error error) -> Result<WarmPoolStatus> {
        impl.log->error("Failed to set the warm pool of template \"{}\" on host \"{}\" to {}: {}", templateName,
                        hostUri, size, error.detail);
        return tl::unexpected(std::move(error));
    };
    if (size < 0 || size > kMaxWarmPoolSize) {
        return rejected(Error{ErrorCode::InvalidArgument,
                              fmt::format("Invalid warm pool size {}: it must be between 0 and {}", size,
                                          kMaxWarmPoolSize),
                              0, {}});
    }

    HostPointer host;
    {
        std::lock_guard lock(impl.mutex);
        if (Result<Template> found = impl.templates.find(templateName); !found)
            return rejected(found.error());
        auto entry = impl.hosts.find(hostUri);
        if (entry == impl.hosts.end())
            return rejected(Error{ErrorCode::NotFound, fmt::format("Host \"{}\" not found", hostUri), 0, {}});
        host = entry->second;
        const bool canRestore = host->capabilities.canSnapshotStart;
        if (size > 0 && host->connectionState == ConnectionState::Connected && !canRestore) {
            return rejected(Error{ErrorCode::Unsupported,
                                  fmt::format("Host \"{}\" cannot start sandboxes from a warm state, so it cannot "
                                              "keep a warm pool",
                                              hostUri),
                                  0, {}});
        }
    }

    if (Status saved = impl.store.saveWarmPoolTarget(WarmPoolTarget{templateName, hostUri, size}); !saved)
        return rejected(saved.error());
    WarmPoolStatus status;
    {
        std::lock_guard lock(impl.mutex);
        WarmPoolState& state = impl.warmPools[{templateName, hostUri}];
        state.managed = true;
        state.target = size;
        // A new size is a new request, so a pool waiting out a failure tries again at once.
        state.nextRetryAtMs = 0;
        status = impl.warmPoolStatusLocked({templateName, hostUri}, state);
    }
    impl.log->info("Warm pool of template \"{}\" on host \"{}\" set to {} entries", templateName, hostUri, size);
    impl.publishWarmPool(status);
    impl.requestWarmPoolStep(host);
    return status;
}

std::vector<WarmPoolStatus> Fleet::warmPools() const
{
    std::lock_guard lock(m_impl->mutex);
    std::vector<WarmPoolStatus> statuses;
    for (const auto& [key, state] : m_impl->warmPools) {
        if (state.target > 0 || !state.ready.empty() || !state.stale.empty() || state.filling)
            statuses.push_back(m_impl->warmPoolStatusLocked(key, state));
    }
    return statuses;
}

std::vector<WarmPoolStatus> Fleet::settleWarmPools(std::chrono::seconds timeout)
{
    Impl& impl = *m_impl;
    std::vector<HostPointer> hosts;
    {
        std::lock_guard lock(impl.mutex);
        impl.warmPoolRefill = true;
        for (const auto& [uri, host] : impl.hosts)
            hosts.push_back(host);
    }
    for (const HostPointer& host : hosts)
        impl.requestWarmPoolStep(host);

    // A pool is settled once it has its target size, or it failed and waits for its next try, or
    // its host is not connected.
    auto settled = [&impl] {
        for (const auto& [key, state] : impl.warmPools) {
            auto host = impl.hosts.find(key.second);
            const bool connected = host != impl.hosts.end() && host->second->connectionState == ConnectionState::Connected;
            if (!connected || !state.managed)
                continue;
            const bool full = static_cast<int>(state.ready.size()) == state.target && state.stale.empty();
            if (!full && state.nextRetryAtMs == 0)
                return false;
            if (state.filling || state.removing > 0)
                return false;
        }
        return true;
    };
    {
        std::unique_lock lock(impl.mutex);
        impl.warmPoolSignal.wait_for(lock, timeout, settled);
    }
    return warmPools();
}

}  // namespace shoal::core
