// Placement in the fleet: the policy in force, the pending queue and the scheduler thread that
// places queued sandboxes, what-if runs and placement explanations.

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "core/assert.h"
#include "core/fleetimpl.h"
#include "core/names.h"
#include "core/placementqueue.h"
#include "core/placementtext.h"

namespace shoal::core {

namespace {

// The key under which the store keeps the YAML of the applied policy.
constexpr const char* kPolicySettingKey = "placement-policy";

// In force until a policy is applied: every host in one unit, spread by least allocation, with
// four vCPUs per host CPU.
constexpr const char* kDefaultPolicyText = R"yaml(# Shoal's default placement policy: one unit with every host, least-allocated first.
units:
  - name: all
score: least-allocated
overcommit: {cpu: 4.0, memory: 1.0}
)yaml";

// How often the scheduler looks at the queue when nothing wakes it, so that a wait threshold
// that passes with no other change still makes an overflow unit eligible.
constexpr std::chrono::milliseconds kSchedulerTick{500};

// A host with less than this share of its storage pool free takes no new sandboxes.
constexpr std::uint64_t kLowDiskDivisor = 20;

using SteadyClock = std::chrono::steady_clock;

// Sets the promise of a queued creation when its task ends without running, for instance when
// the host is removed while the task waits on the host's worker.
class CreationGuard {
public:
    CreationGuard(std::shared_ptr<std::promise<Result<SandboxInfo>>> created, std::string name)
        : m_created(std::move(created))
        , m_name(std::move(name))
    {
    }
    ~CreationGuard()
    {
        if (!m_done) {
            m_created->set_value(fail(ErrorCode::Cancelled,
                                      fmt::format("Creating sandbox \"{}\" was cancelled before it started", m_name)));
        }
    }
    CreationGuard(const CreationGuard&) = delete;
    CreationGuard& operator=(const CreationGuard&) = delete;

    void finish(Result<SandboxInfo> sandbox)
    {
        m_done = true;
        m_created->set_value(std::move(sandbox));
    }

private:
    std::shared_ptr<std::promise<Result<SandboxInfo>>> m_created;
    std::string m_name;
    bool m_done = false;
};

}  // namespace

Status Fleet::Impl::loadPolicy()
{
    Result<std::optional<std::string>> stored = store.setting(kPolicySettingKey);
    if (!stored)
        return tl::unexpected(stored.error());
    Result<Policy> parsed = parsePolicy(stored->value_or(kDefaultPolicyText));
    if (!parsed && stored->has_value()) {
        log->error("The stored placement policy no longer parses, so the default is in force: {}",
                   parsed.error().detail);
        stored->reset();
        parsed = parsePolicy(kDefaultPolicyText);
    }
    if (!parsed)
        return tl::unexpected(parsed.error());

    Result<std::vector<PlacementRecord>> records = store.placements();
    if (!records)
        return tl::unexpected(records.error());
    PolicyInfo info{stored->value_or(kDefaultPolicyText), std::move(*parsed), !stored->has_value()};
    {
        std::lock_guard lock(mutex);
        policy = info;
        for (PlacementRecord& record : *records)
            placements[record.sandboxId] = std::move(record);
    }
    if (listener)
        listener->policyChanged(info);
    return {};
}

void Fleet::Impl::startScheduler()
{
    Result<Policy> parsed = parsePolicy(kDefaultPolicyText);
    Policy fallback;
    fallback.units.push_back(PlacementUnit{"all", {}, {}, {}});
    SHOAL_ASSERT(parsed.has_value(), parsed = fallback);
    policy = PolicyInfo{kDefaultPolicyText, std::move(*parsed), true};
    scheduler = std::thread([this] { schedulerLoop(); });
}

// Called with shuttingDown already set. Fails every request still in the queue.
void Fleet::Impl::stopScheduler()
{
    schedulerWake.notify_all();
    if (scheduler.joinable())
        scheduler.join();
    std::list<PendingRequest> abandoned;
    {
        std::lock_guard lock(mutex);
        abandoned.swap(pending);
    }
    for (PendingRequest& entry : abandoned) {
        const Error error{ErrorCode::Cancelled,
                          fmt::format("Sandbox \"{}\" was still pending when Shoal stopped",
                                      entry.sandbox.metadata.displayName),
                          0, {}};
        entry.operation->failWith(error);
        publishOperation(*entry.operation);
        entry.created->set_value(tl::unexpected(error));
    }
}

void Fleet::Impl::requestSchedule()
{
    {
        std::lock_guard lock(mutex);
        scheduleRequested = true;
    }
    schedulerWake.notify_all();
}

void Fleet::Impl::schedulerLoop()
{
    std::unique_lock lock(mutex);
    while (!shuttingDown) {
        schedulerWake.wait_for(lock, kSchedulerTick, [this] { return shuttingDown || scheduleRequested; });
        if (shuttingDown)
            break;
        scheduleRequested = false;
        lock.unlock();
        schedulePass();
        lock.lock();
    }
}

// The policy unit a sandbox counts in: the one that placed it, or else the first unit whose
// selector matches its host.
std::string Fleet::Impl::unitOfLocked(const SandboxInfo& sandbox) const
{
    const std::vector<PlacementUnit>& units = policy.policy.units;
    if (auto record = placements.find(sandbox.metadata.id); record != placements.end() && !record->second.unit.empty()) {
        const bool known = std::any_of(units.begin(), units.end(),
                                       [&](const PlacementUnit& unit) { return unit.name == record->second.unit; });
        if (known)
            return record->second.unit;
    }
    auto host = hosts.find(sandbox.hostUri);
    if (host == hosts.end())
        return {};
    for (const PlacementUnit& unit : units) {
        if (unit.hosts.matches(host->second->spec.labels))
            return unit.name;
    }
    return {};
}

FleetSnapshot Fleet::Impl::snapshotLocked(std::vector<HostPointer>& order) const
{
    FleetSnapshot snapshot;
    for (const auto& [uri, host] : hosts) {
        order.push_back(host);
        const HostCapacity& capacity = host->capacity;
        PlacementHost entry;
        entry.uri = uri;
        entry.labels = host->spec.labels;
        entry.connected = host->connectionState == ConnectionState::Connected;
        entry.lowOnDisk = capacity.storageCapacityBytes > 0
                          && capacity.storageFreeBytes < capacity.storageCapacityBytes / kLowDiskDivisor;
        entry.cpus = capacity.cpus;
        entry.memoryMiB = capacity.memoryMiB;
        entry.allocatedVcpus = capacity.allocatedVcpus;
        entry.allocatedMemoryMiB = capacity.allocatedMemoryMiB;
        snapshot.hosts.push_back(std::move(entry));
    }

    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    inventory.forEach([&](const SandboxInfo& sandbox) {
        if (sandbox.hostUri.empty())
            return;
        std::string unit = unitOfLocked(sandbox);
        if (unit.empty())
            return;
        auto host = hosts.find(sandbox.hostUri);
        const std::string zone = host != hosts.end() ? host->second->spec.labels.zone : sandbox.metadata.zone;
        ++counts[{std::move(unit), zone}];
    });
    for (const auto& [key, sandboxes] : counts)
        snapshot.loads.push_back(UnitZoneLoad{key.first, key.second, sandboxes});
    addBurstHeadroomLocked(snapshot);
    return snapshot;
}

QueueStatus Fleet::Impl::queueStatusLocked(SteadyClock::time_point now) const
{
    QueueStatus status;
    status.pending = static_cast<std::int64_t>(pending.size());
    if (!pending.empty()) {
        status.oldestWait = std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                       now - pending.front().arrival));
    }
    status.sampledAtMs = unixTimeMs();

    // A sandbox without a placement record counts in its host's unit, so that unit is worked out
    // once per host: this pass runs under the fleet's lock, once per scheduler tick, over every
    // sandbox in the fleet.
    std::map<std::string, std::int64_t> perUnit;
    std::unordered_map<std::string_view, std::string> unitByHost;
    inventory.forEach([&](const SandboxInfo& sandbox) {
        if (sandbox.hostUri.empty())
            return;
        if (placements.contains(sandbox.metadata.id)) {
            ++perUnit[unitOfLocked(sandbox)];
            return;
        }
        auto [cached, inserted] = unitByHost.try_emplace(sandbox.hostUri);
        if (inserted)
            cached->second = unitOfLocked(sandbox);
        ++perUnit[cached->second];
    });
    const QueueState queue{status.pending, status.oldestWait};
    for (const PlacementUnit& unit : policy.policy.units) {
        QueueStatus::Unit entry;
        entry.name = unit.name;
        entry.sandboxes = perUnit[unit.name];
        entry.max = unit.max;
        entry.overflow = unit.when.has_value();
        entry.eligible = isUnitEligible(unit, queue) && (!unit.max || entry.sandboxes < *unit.max);
        for (const auto& [uri, host] : hosts)
            entry.hosts += unit.hosts.matches(host->spec.labels) ? 1 : 0;
        if (unit.when && unit.when->pendingAbove)
            status.pendingThreshold = std::min(status.pendingThreshold.value_or(INT64_MAX), *unit.when->pendingAbove);
        if (unit.when && unit.when->oldestWaitAbove) {
            status.waitThreshold = std::min(status.waitThreshold.value_or(std::chrono::milliseconds::max()),
                                            *unit.when->oldestWaitAbove);
        }
        status.units.push_back(std::move(entry));
    }
    return status;
}

void Fleet::Impl::publishQueue(const QueueStatus& status)
{
    if (!listener)
        return;
    std::lock_guard lock(queuePublishMutex);
    auto sameAs = [&](const QueueStatus& last) {
        if (last.pending != status.pending || last.oldestWait != status.oldestWait
            || last.units.size() != status.units.size())
            return false;
        for (std::size_t i = 0; i < last.units.size(); ++i) {
            if (last.units[i].name != status.units[i].name || last.units[i].sandboxes != status.units[i].sandboxes
                || last.units[i].eligible != status.units[i].eligible || last.units[i].hosts != status.units[i].hosts)
                return false;
        }
        return true;
    };
    if (lastPublishedQueue && sameAs(*lastPublishedQueue))
        return;
    lastPublishedQueue = status;
    listener->queueChanged(status);
}

Result<std::vector<PendingRequest*>> Fleet::Impl::enqueueLocked(const CreateRequest& request,
                                                                const Template& sandboxTemplate)
{
    if (hosts.empty()) {
        return fail(ErrorCode::InvalidState,
                    "No host is registered, so there is nowhere to place a sandbox; add a host first");
    }
    const std::vector<std::string> ids = newSandboxIdsLocked(request.count);
    const std::vector<std::string> names = makeDisplayNames(request.displayName, sandboxTemplate.name, ids);
    if (Status checked = checkNewNamesLocked(names); !checked)
        return tl::unexpected(checked.error());

    const SteadyClock::time_point arrival = SteadyClock::now();
    const std::int64_t createdAtMs = unixTimeMs();
    std::vector<PendingRequest*> queued;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        PendingRequest entry;
        SandboxMetadata& metadata = entry.sandbox.metadata;
        metadata.id = ids[i];
        metadata.displayName = names[i];
        metadata.templateName = sandboxTemplate.name;
        metadata.createdAtMs = createdAtMs;
        entry.sandbox.domainName = domainNameForId(ids[i]);
        entry.sandbox.state = SandboxState::Pending;
        entry.sandbox.vcpus = sandboxTemplate.vcpus;
        entry.sandbox.memoryMiB = sandboxTemplate.memoryMiB;
        entry.sandboxTemplate = sandboxTemplate;
        entry.request = requestFor(sandboxTemplate);
        entry.arrival = arrival;
        entry.operation = std::make_shared<Operation>(beginOperation("create", names[i], ""));
        entry.operation->beginPhase("pending", 0.0);
        entry.created = std::make_shared<std::promise<Result<SandboxInfo>>>();
        entry.callerWaitsReady = request.waitReady && !request.detached;
        entry.startMode = request.startMode;
        inventory.put(entry.sandbox);
        pending.push_back(std::move(entry));
        queued.push_back(&pending.back());
    }
    return queued;
}

// Removes a sandbox from the queue. Returns false when it is no longer pending.
bool Fleet::Impl::cancelPending(const std::string& id, const std::string& reason)
{
    std::optional<PendingRequest> cancelled;
    {
        std::lock_guard lock(mutex);
        auto found = std::find_if(pending.begin(), pending.end(),
                                  [&](const PendingRequest& entry) { return entry.sandbox.metadata.id == id; });
        if (found == pending.end())
            return false;
        cancelled = std::move(*found);
        pending.erase(found);
        inventory.remove(id);
    }
    const Error error{ErrorCode::Cancelled, reason, 0, {}};
    cancelled->operation->failWith(error);
    publishOperation(*cancelled->operation);
    publishSandboxRemoved(cancelled->sandbox);
    cancelled->created->set_value(tl::unexpected(error));
    log->info("Removed pending sandbox \"{}\" from the queue: {}", cancelled->sandbox.metadata.displayName, reason);
    requestSchedule();
    return true;
}

void Fleet::Impl::schedulePass()
{
    struct Placed {
        PlannedSandbox planned;
        SandboxInfo pendingSandbox;
        std::shared_ptr<Operation> operation;
        std::shared_ptr<std::promise<Result<SandboxInfo>>> created;
        bool callerWaitsReady = false;
        PlacementRecord record;
    };
    std::vector<Placed> placed;
    QueueStatus status;
    const SteadyClock::time_point now = SteadyClock::now();
    {
        std::lock_guard lock(mutex);
        if (!pending.empty()) {
            std::vector<HostPointer> order;
            PlacementQueue queue(PlacementEngine(policy.policy, snapshotLocked(order)));
            std::vector<std::list<PendingRequest>::iterator> entries;
            for (auto it = pending.begin(); it != pending.end(); ++it) {
                entries.push_back(it);
                queue.enqueue(entries.size(), it->request, it->arrival);  // ids count from 1
            }
            std::vector<bool> done(entries.size(), false);
            std::map<std::uint64_t, QueueState> queueAtDecision;
            queue.setDecisionObserver([&](const DecisionRecord& record) {
                if (record.decision.placed())
                    queueAtDecision[record.id] = record.queue;
            });
            for (const Placement& placement : queue.schedule(now)) {
                const PlacementDecision& decision = placement.decision;
                const QueueState& queueState = queueAtDecision[placement.id];
                PendingRequest& entry = *entries[placement.id - 1];
                const HostPointer& host = order[decision.host->hostIndex];
                PlannedSandbox planned = planSandbox(entry.sandbox.metadata.id, entry.sandbox.metadata.displayName,
                                                     entry.sandboxTemplate, host, entry.startMode);
                planned.sandbox.metadata.createdAtMs = entry.sandbox.metadata.createdAtMs;
                planned.spec.metadata.createdAtMs = entry.sandbox.metadata.createdAtMs;
                inventory.put(planned.sandbox);
                host->reserveLocked(planned.sandbox.vcpus, planned.sandbox.memoryMiB);

                PlacementRecord record;
                record.sandboxId = entry.sandbox.metadata.id;
                record.unit = policy.policy.units[decision.unitIndex].name;
                record.hostUri = host->spec.uri;
                record.score = decision.host->score;
                if (decision.runnerUp) {
                    record.runnerUpHostUri = order[decision.runnerUp->hostIndex]->spec.uri;
                    record.runnerUpScore = decision.runnerUp->score;
                }
                record.spreadIgnored = decision.spreadIgnored;
                record.pendingAtDecision = queueState.pending;
                record.oldestWaitMsAtDecision = queueState.oldestWait.count();
                record.waitedMs = std::chrono::duration_cast<std::chrono::milliseconds>(now - entry.arrival).count();
                record.decidedAtMs = unixTimeMs();
                placements[record.sandboxId] = record;

                entry.operation->setHost(host->spec.uri);
                entry.operation->setMessage(fmt::format("Placed by unit \"{}\" after {} ms in the queue", record.unit,
                                                        record.waitedMs));
                placed.push_back(Placed{std::move(planned), entry.sandbox, entry.operation, entry.created,
                                        entry.callerWaitsReady, std::move(record)});
                done[placement.id - 1] = true;
            }
            for (std::size_t index = 0; index < entries.size(); ++index) {
                if (done[index]) {
                    pending.erase(entries[index]);
                } else if (const PlacementDecision* refusal = queue.lastDecision(index + 1)) {
                    entries[index]->lastRefusal = refusal->rejections;
                }
            }
        }
        status = queueStatusLocked(now);
    }

    publishQueue(status);
    if (placed.empty())
        return;
    log->info("Placed {} queued sandbox(es); {} still pending", placed.size(), status.pending);
    std::vector<PlacementRecord> records;
    for (const Placed& entry : placed)
        records.push_back(entry.record);
    if (Status saved = store.savePlacements(records); !saved)
        log->error("Failed to store the placements of {} sandboxes: {}", records.size(), saved.error().detail);
    for (Placed& entry : placed) {
        if (listener)
            listener->sandboxRemoved(entry.pendingSandbox.hostUri, entry.pendingSandbox.domainName);
        publishSandbox(entry.planned.sandbox);
        createPlaced(std::move(entry.planned), entry.operation, entry.created, entry.callerWaitsReady);
    }
}

// Posts the creation of a placed sandbox to its host's worker. The operation ends there unless
// the caller still waits for readiness, which it does off the worker.
void Fleet::Impl::createPlaced(PlannedSandbox planned, std::shared_ptr<Operation> operation,
                               std::shared_ptr<std::promise<Result<SandboxInfo>>> created, bool callerWaitsReady)
{
    auto guard = std::make_shared<CreationGuard>(std::move(created), planned.sandbox.metadata.displayName);
    HostEntry* host = planned.host.get();
    host->worker->post([this, planned = std::move(planned), operation, guard, callerWaitsReady]() -> Status {
        bool uploads = false;
        {
            std::lock_guard lock(mutex);
            uploads = planned.host->capabilities.canUploadVolumes;
        }
        Result<SandboxInfo> sandbox = [&]() -> Result<SandboxInfo> {
            if (uploads) {
                if (Status files = TemplateCatalog::checkFiles(planned.spec.sandboxTemplate); !files) {
                    rollBackReservation(planned);
                    return tl::unexpected(files.error());
                }
            }
            return createOnWorker(planned, callerWaitsReady, *operation);
        }();
        if (!callerWaitsReady) {
            if (sandbox)
                operation->succeed();
            else
                operation->failWith(sandbox.error());
            publishOperation(*operation);
        }
        guard->finish(std::move(sandbox));
        return {};
    });
}

Result<std::vector<SandboxInfo>> Fleet::Impl::createQueued(const CreateRequest& request,
                                                           const Template& sandboxTemplate,
                                                           std::vector<Error>* failures)
{
    if (request.count < 1) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Sandbox count must be at least 1, got {}", request.count));
    }
    std::vector<SandboxInfo> queued;
    std::vector<std::shared_ptr<Operation>> operations;
    std::vector<std::future<Result<SandboxInfo>>> results;
    std::vector<OperationUpdate> updates;
    QueueStatus status;
    {
        std::lock_guard lock(mutex);
        Result<std::vector<PendingRequest*>> entries = enqueueLocked(request, sandboxTemplate);
        if (!entries)
            return tl::unexpected(entries.error());
        for (PendingRequest* entry : *entries) {
            queued.push_back(entry->sandbox);
            operations.push_back(entry->operation);
            results.push_back(entry->created->get_future());
            updates.push_back(entry->operation->update());
        }
        status = queueStatusLocked(SteadyClock::now());
    }
    log->info("Queued {} sandbox(es) from template \"{}\" for placement", queued.size(), sandboxTemplate.name);
    for (const SandboxInfo& sandbox : queued)
        publishSandbox(sandbox);
    if (listener) {
        for (const OperationUpdate& update : updates)
            listener->operationChanged(update);
    }
    // The queue at its longest, before the first pass places anything.
    publishQueue(status);
    requestSchedule();
    if (request.detached)
        return queued;

    if (request.queueTimeout)
        cancelStillPending(queued, *request.queueTimeout);

    std::vector<SandboxInfo> created;
    std::optional<Error> firstError;
    for (std::size_t i = 0; i < results.size(); ++i) {
        Result<SandboxInfo> sandbox = results[i].get();
        if (sandbox && request.waitReady)
            sandbox = finishCreation(std::move(sandbox), request, *operations[i]);
        if (sandbox) {
            created.push_back(*sandbox);
            continue;
        }
        if (!firstError)
            firstError = sandbox.error();
        if (failures)
            failures->push_back(sandbox.error());
    }
    if (created.empty() && firstError)
        return tl::unexpected(*firstError);
    return created;
}

// Waits until none of `queued` is pending any more or `timeout` has passed, then cancels the ones
// still pending, each with the reason its last placement attempt gave.
void Fleet::Impl::cancelStillPending(const std::vector<SandboxInfo>& queued, std::chrono::seconds timeout)
{
    const auto deadline = SteadyClock::now() + timeout;
    std::set<std::string> ids;
    for (const SandboxInfo& sandbox : queued)
        ids.insert(sandbox.metadata.id);
    std::vector<std::pair<std::string, std::string>> overdue;  // id and reason
    {
        std::unique_lock lock(mutex);
        auto anyPending = [&] {
            return std::any_of(pending.begin(), pending.end(),
                               [&](const PendingRequest& entry) { return ids.count(entry.sandbox.metadata.id) > 0; });
        };
        while (!shuttingDown && anyPending() && SteadyClock::now() < deadline)
            shutdownSignal.wait_until(lock, std::min(deadline, SteadyClock::now() + kSchedulerTick));
        for (const PendingRequest& entry : pending) {
            if (ids.count(entry.sandbox.metadata.id) == 0)
                continue;
            const std::string why = describeRefusal(entry.lastRefusal);
            overdue.emplace_back(entry.sandbox.metadata.id,
                                 fmt::format("Sandbox \"{}\" was still pending after {} s, so it was cancelled{}{}",
                                             entry.sandbox.metadata.displayName, timeout.count(),
                                             why.empty() ? "" : ". Why it could not be placed: ", why));
        }
    }
    for (const auto& [id, reason] : overdue)
        cancelPending(id, reason);
}

Status Fleet::applyPolicy(const std::string& yamlText, Persistence persistence)
{
    Result<Policy> parsed = parsePolicy(yamlText);
    if (!parsed) {
        m_impl->log->warn("Rejected a placement policy; the one in force stays: {}", parsed.error().detail);
        return tl::unexpected(parsed.error());
    }
    if (persistence == Persistence::Persist) {
        if (Status saved = m_impl->store.saveSetting(kPolicySettingKey, yamlText); !saved) {
            m_impl->log->error("Failed to store the placement policy: {}", saved.error().detail);
            return saved;
        }
    }
    PolicyInfo info{yamlText, std::move(*parsed), false};
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->policy = info;
    }
    m_impl->log->info("Applied a placement policy with {} unit(s)", info.policy.units.size());
    if (m_impl->listener)
        m_impl->listener->policyChanged(info);
    m_impl->requestSchedule();
    return {};
}

PolicyInfo Fleet::policy() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->policy;
}

QueueStatus Fleet::queueStatus() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->queueStatusLocked(SteadyClock::now());
}

Result<PlacementExplanation> Fleet::explainPlacement(const std::string& nameOrId) const
{
    std::lock_guard lock(m_impl->mutex);
    Result<SandboxInfo> sandbox = m_impl->findSandboxLocked(nameOrId);
    if (!sandbox)
        return tl::unexpected(sandbox.error());
    PlacementExplanation explanation;
    explanation.sandboxId = sandbox->metadata.id;
    explanation.displayName = sandbox->metadata.displayName;
    for (const PendingRequest& entry : m_impl->pending) {
        if (entry.sandbox.metadata.id != explanation.sandboxId)
            continue;
        explanation.pending = true;
        explanation.rejections = entry.lastRefusal;
        explanation.waitingMs =
            std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - entry.arrival).count();
        return explanation;
    }
    if (auto record = m_impl->placements.find(explanation.sandboxId); record != m_impl->placements.end())
        explanation.record = record->second;
    // A clone is made on its parent's host, so its parent explains where it is.
    if (const std::string& parentId = sandbox->metadata.parentId; !parentId.empty()) {
        const SandboxInfo* parent = m_impl->inventory.findById(parentId);
        explanation.cloneOf = parent ? parent->metadata.displayName : parentId;
    }
    return explanation;
}

Result<WhatIfReport> Fleet::whatIf(const std::string& templateName, int count) const
{
    if (count < 1)
        return fail(ErrorCode::InvalidArgument, fmt::format("What-if count must be at least 1, got {}", count));
    std::lock_guard lock(m_impl->mutex);
    Result<Template> sandboxTemplate = m_impl->templates.find(templateName);
    if (!sandboxTemplate)
        return tl::unexpected(sandboxTemplate.error());

    std::vector<HostPointer> order;
    PlacementQueue queue(PlacementEngine(m_impl->policy.policy, m_impl->snapshotLocked(order)));
    const SteadyClock::time_point now = SteadyClock::now();
    const SandboxRequest request = Impl::requestFor(*sandboxTemplate);

    // The requests already waiting keep their place in front; ids count from 1.
    std::uint64_t nextId = 1;
    for (const PendingRequest& entry : m_impl->pending)
        queue.enqueue(nextId++, entry.request, entry.arrival);
    const std::uint64_t firstNew = nextId;
    for (int i = 0; i < count; ++i)
        queue.enqueue(nextId++, request, now);

    WhatIfReport report;
    report.templateName = templateName;
    report.count = count;
    report.queuedBefore = static_cast<std::int64_t>(firstNew - 1);
    std::map<std::pair<std::size_t, std::string>, std::int64_t> landings;
    const std::vector<PlacementUnit>& units = m_impl->policy.policy.units;
    std::int64_t placedNew = 0;
    for (const Placement& placement : queue.schedule(now)) {
        if (placement.id < firstNew)
            continue;
        const PlacementDecision& decision = placement.decision;
        ++placedNew;
        ++landings[{decision.unitIndex, order[decision.host->hostIndex]->spec.labels.zone}];
        report.overflowUsed = report.overflowUsed || units[decision.unitIndex].when.has_value();
    }
    report.stillPending = count - placedNew;
    for (std::uint64_t id = firstNew; id < nextId && report.refusal.empty(); ++id) {
        if (const PlacementDecision* refusal = queue.lastDecision(id))
            report.refusal = refusal->rejections;
    }
    for (const auto& [key, sandboxes] : landings)
        report.landings.push_back(WhatIfReport::Landing{units[key.first].name, key.second, sandboxes});
    return report;
}

Result<ScaleInReport> Fleet::scaleIn(const std::string& templateName, int count)
{
    if (count < 1)
        return fail(ErrorCode::InvalidArgument, fmt::format("Scale-in count must be at least 1, got {}", count));

    struct Candidate {
        SandboxInfo sandbox;
        std::string unit;
        std::size_t unitIndex = 0;
    };
    std::vector<Candidate> queued;             // still pending: removed first
    std::vector<Candidate> inUnits;            // ordered by chooseScaleIn
    std::vector<Candidate> outside;            // in no unit of the policy: removed last
    {
        std::lock_guard lock(m_impl->mutex);
        if (!templateName.empty()) {
            if (Result<Template> found = m_impl->templates.find(templateName); !found)
                return tl::unexpected(found.error());
        }
        const std::vector<PlacementUnit>& units = m_impl->policy.policy.units;
        m_impl->inventory.forEach([&](const SandboxInfo& sandbox) {
            if (!templateName.empty() && sandbox.metadata.templateName != templateName)
                return;
            if (sandbox.state == SandboxState::Pending) {
                queued.push_back(Candidate{sandbox, {}, 0});
                return;
            }
            if (!isActionAllowed(SandboxAction::Destroy, sandbox.state))
                return;
            std::string unit = m_impl->unitOfLocked(sandbox);
            const auto position = std::find_if(units.begin(), units.end(),
                                               [&](const PlacementUnit& entry) { return entry.name == unit; });
            if (position == units.end()) {
                outside.push_back(Candidate{sandbox, {}, 0});
                return;
            }
            inUnits.push_back(Candidate{sandbox, std::move(unit), static_cast<std::size_t>(position - units.begin())});
        });
    }
    auto newestFirst = [](const Candidate& a, const Candidate& b) {
        if (a.sandbox.metadata.createdAtMs != b.sandbox.metadata.createdAtMs)
            return a.sandbox.metadata.createdAtMs > b.sandbox.metadata.createdAtMs;
        return a.sandbox.metadata.id > b.sandbox.metadata.id;
    };
    std::sort(queued.begin(), queued.end(), newestFirst);
    std::sort(outside.begin(), outside.end(), newestFirst);

    // Only the order of the creation times matters to chooseScaleIn, so they are laid out on a
    // steady clock from its epoch.
    std::vector<PlacedSandbox> placed;
    for (std::size_t index = 0; index < inUnits.size(); ++index) {
        const Candidate& candidate = inUnits[index];
        placed.push_back(PlacedSandbox{index, 0, candidate.unitIndex,
                                       SteadyClock::time_point(std::chrono::milliseconds(
                                           candidate.sandbox.metadata.createdAtMs))});
    }
    std::vector<Candidate> candidates = std::move(queued);
    for (std::uint64_t index : chooseScaleIn(std::move(placed), inUnits.size()))
        candidates.push_back(inUnits[index]);
    candidates.insert(candidates.end(), outside.begin(), outside.end());
    if (candidates.size() > static_cast<std::size_t>(count))
        candidates.resize(static_cast<std::size_t>(count));

    // One thread per host destroys that host's share in order; hosts work in parallel.
    std::map<std::string, std::vector<const Candidate*>> byHost;
    for (const Candidate& candidate : candidates)
        byHost[candidate.sandbox.hostUri].push_back(&candidate);
    std::map<const Candidate*, Status> outcomes;
    std::mutex outcomesMutex;
    std::vector<std::thread> workers;
    for (const auto& [hostUri, share] : byHost) {
        workers.emplace_back([this, &outcomes, &outcomesMutex, share = share] {
            for (const Candidate* candidate : share) {
                Status destroyed = destroySandbox(candidate->sandbox.metadata.id);
                std::lock_guard lock(outcomesMutex);
                outcomes[candidate] = destroyed;
            }
        });
    }
    for (std::thread& worker : workers)
        worker.join();

    ScaleInReport report;
    for (const Candidate& candidate : candidates) {
        const Status& outcome = outcomes[&candidate];
        if (!outcome) {
            report.failures.push_back(outcome.error());
            continue;
        }
        report.removed.push_back(ScaleInReport::Removed{candidate.sandbox.metadata.displayName, candidate.unit,
                                                        candidate.sandbox.state == SandboxState::Pending});
    }
    m_impl->log->info("Scale-in removed {} sandbox(es); {} failed", report.removed.size(), report.failures.size());
    return report;
}

}  // namespace shoal::core
