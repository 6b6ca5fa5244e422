// The sandbox operations of Fleet: create, start, stop, destroy and waiting for readiness.

#include <algorithm>
#include <future>

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"
#include "core/names.h"

namespace shoal::core {

namespace {

std::string describeHostChoice(const std::string& hostUri)
{
    return hostUri.empty() ? std::string("a host chosen by Shoal") : fmt::format("host \"{}\"", hostUri);
}

}  // namespace

Result<SandboxInfo> Fleet::Impl::findSandboxLocked(const std::string& nameOrId) const
{
    const SandboxInfo* sandbox = inventory.find(nameOrId);
    if (!sandbox)
        return fail(ErrorCode::NotFound, fmt::format("Sandbox \"{}\" not found", nameOrId));
    return *sandbox;
}

std::vector<std::string> Fleet::Impl::newSandboxIdsLocked(int count) const
{
    std::vector<std::string> ids;
    while (ids.size() < static_cast<std::size_t>(count)) {
        std::string id = generateSandboxId();
        const bool inStore = store.hasSandboxId(id).value_or(true);
        if (!inventory.hasId(id) && !inStore && std::find(ids.begin(), ids.end(), id) == ids.end())
            ids.push_back(std::move(id));
    }
    return ids;
}

Status Fleet::Impl::checkNewNamesLocked(const std::vector<std::string>& names) const
{
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (Status valid = validateDisplayName(names[i]); !valid)
            return valid;
        if (Status available = inventory.checkNameAvailable(names[i]); !available)
            return available;
        for (std::size_t j = 0; j < i; ++j) {
            if (isSameDisplayName(names[i], names[j])) {
                return fail(ErrorCode::AlreadyExists,
                            fmt::format("Display name \"{}\" is given twice in one request", names[i]));
            }
        }
    }
    return {};
}

PlannedSandbox Fleet::Impl::planSandbox(const std::string& id, const std::string& name,
                                        const Template& sandboxTemplate, const HostPointer& host,
                                        std::optional<StartMode> startMode) const
{
    PlannedSandbox entry;
    SandboxMetadata& metadata = entry.sandbox.metadata;
    metadata.id = id;
    metadata.displayName = name;
    metadata.templateName = sandboxTemplate.name;
    metadata.zone = host->spec.labels.zone;
    metadata.pool = host->spec.labels.pool;
    metadata.createdAtMs = unixTimeMs();

    entry.sandbox.domainName = domainNameForId(id);
    entry.sandbox.hostUri = host->spec.uri;
    entry.sandbox.state = SandboxState::Creating;
    entry.sandbox.vcpus = sandboxTemplate.vcpus;
    entry.sandbox.memoryMiB = sandboxTemplate.memoryMiB;
    entry.host = host;

    const DomainType domainType = host->capabilities.domainType;
    entry.spec = SandboxSpec{metadata, entry.sandbox.domainName, sandboxTemplate,
                             domainType == DomainType::Auto ? DomainType::Qemu : domainType, StartMode::Cold};
    // The fastest path the host supports, unless the request names one. A claim from the warm
    // pool is decided on the host's worker, which owns the pool's entries, and falls back to this.
    const StartMode fastest = host->capabilities.canSnapshotStart ? StartMode::Snapshot : StartMode::Cold;
    entry.spec.startMode = startMode.value_or(fastest);
    entry.mayClaimWarmPool = !startMode || *startMode == StartMode::PoolPaused;
    entry.warmPoolRequested = startMode == StartMode::PoolPaused;
    if (entry.spec.startMode == StartMode::PoolPaused)
        entry.spec.startMode = fastest;
    return entry;
}

// Validates every name before it reserves anything on the requested host, so a request with one
// bad name changes nothing.
Result<std::vector<PlannedSandbox>> Fleet::Impl::reserveLocked(const CreateRequest& request,
                                                               const Template& sandboxTemplate,
                                                               const HostPointer& requestedHost)
{
    const std::vector<std::string> ids = newSandboxIdsLocked(request.count);
    const std::vector<std::string> names = makeDisplayNames(request.displayName, sandboxTemplate.name, ids);
    if (Status checked = checkNewNamesLocked(names); !checked)
        return tl::unexpected(checked.error());

    std::vector<PlannedSandbox> planned;
    for (std::size_t i = 0; i < ids.size(); ++i)
        planned.push_back(planSandbox(ids[i], names[i], sandboxTemplate, requestedHost, request.startMode));

    for (const PlannedSandbox& entry : planned) {
        inventory.put(entry.sandbox);
        entry.host->reserveLocked(entry.sandbox.vcpus, entry.sandbox.memoryMiB);
        PlacementRecord record;
        record.sandboxId = entry.sandbox.metadata.id;
        record.hostUri = requestedHost->spec.uri;
        record.chosenByUser = true;
        record.decidedAtMs = unixTimeMs();
        placements[record.sandboxId] = record;
    }
    return planned;
}

Result<std::vector<PlannedSandbox>> Fleet::Impl::planCreation(const CreateRequest& request,
                                                              const Template& sandboxTemplate)
{
    if (request.count < 1) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Sandbox count must be at least 1, got {}", request.count));
    }
    Result<std::vector<PlannedSandbox>> planned;
    bool uploads = false;
    {
        std::lock_guard lock(mutex);
        auto found = hosts.find(request.hostUri);
        if (found == hosts.end())
            return fail(ErrorCode::NotFound, fmt::format("Host \"{}\" not found", request.hostUri));
        HostPointer requestedHost = found->second;
        if (requestedHost->connectionState != ConnectionState::Connected) {
            return fail(ErrorCode::HostUnreachable,
                        fmt::format("Host \"{}\" is not connected; reconnect it or choose another host",
                                    request.hostUri));
        }
        planned = reserveLocked(request, sandboxTemplate, requestedHost);
        if (planned) {
            // Only hosts that upload the template read its files. The simulated hosts of the test
            // driver keep placeholder volumes, so they need no guest on this machine.
            uploads = std::any_of(planned->begin(), planned->end(), [](const PlannedSandbox& entry) {
                return entry.host->capabilities.canUploadVolumes;
            });
        }
    }
    if (!planned)
        return planned;

    if (uploads) {
        if (Status files = TemplateCatalog::checkFiles(sandboxTemplate); !files) {
            for (const PlannedSandbox& entry : *planned)
                rollBackReservation(entry);
            return tl::unexpected(files.error());
        }
    }
    for (const PlannedSandbox& entry : *planned) {
        PlacementRecord record;
        {
            std::lock_guard lock(mutex);
            record = placements[entry.sandbox.metadata.id];
        }
        if (Status saved = store.savePlacement(record); !saved)
            log->error("Failed to store the placement of sandbox \"{}\": {}", entry.sandbox.metadata.displayName,
                       saved.error().detail);
        publishSandbox(entry.sandbox);
    }
    return planned;
}

void Fleet::Impl::rollBackReservation(const PlannedSandbox& planned)
{
    {
        std::lock_guard lock(mutex);
        inventory.remove(planned.sandbox.metadata.id);
        placements.erase(planned.sandbox.metadata.id);
        HostCapacity& capacity = planned.host->capacity;
        capacity.allocatedVcpus = std::max(0, capacity.allocatedVcpus - planned.sandbox.vcpus);
        capacity.allocatedMemoryMiB -= std::min(capacity.allocatedMemoryMiB, planned.sandbox.memoryMiB);
        planned.host->endReservationLocked(planned.sandbox.vcpus, planned.sandbox.memoryMiB);
    }
    if (Status removed = store.removeSandbox(planned.sandbox.metadata.id); !removed)
        log->error("Failed to remove sandbox \"{}\" from the store: {}", planned.sandbox.metadata.displayName,
                   removed.error().detail);
    publishSandboxRemoved(planned.sandbox);
    requestSchedule();
}

// Runs on the host's worker. On failure the hypervisor has removed what it made, and this removes
// the store row and the reservation.
Result<SandboxInfo> Fleet::Impl::createOnWorker(const PlannedSandbox& planned, bool waitForReady,
                                                Operation& operation)
{
    HostConnection* connection = planned.host->connection.get();
    const std::string& name = planned.sandbox.metadata.displayName;
    const std::string& domainName = planned.sandbox.domainName;
    OperationJournal journal = newJournal();
    auto failWith = [&](const Error& error) -> Result<SandboxInfo> {
        rollBackReservation(planned);
        journal.closeUnlessHostLost(error);
        return tl::unexpected(error);
    };
    if (!connection || !connection->isConnected()) {
        return failWith(Error{ErrorCode::HostUnreachable,
                              fmt::format("Host \"{}\" is not connected", planned.sandbox.hostUri), 0, {}});
    }
    if (planned.mayClaimWarmPool) {
        if (std::optional<Result<SandboxInfo>> claimed = tryWarmPoolClaim(planned, operation))
            return *claimed;
    }
    if (Status opened = journal.open(journalEntryFor("create", planned.sandbox)); !opened)
        return failWith(opened.error());

    operation.beginPhase("prepare-template", 0.1);
    publishOperation(operation);
    journal.record(domainName, "prepare-template", PhaseEvent::Kind::Started);
    if (Status prepared = connection->prepareTemplate(planned.spec.sandboxTemplate); !prepared)
        return failWith(prepared.error());
    journal.record(domainName, "prepare-template", PhaseEvent::Kind::Finished);

    const StoredSandbox row{planned.sandbox.metadata, planned.sandbox.domainName, planned.sandbox.hostUri};
    journal.record(domainName, "save-row", PhaseEvent::Kind::Started);
    if (Status saved = store.saveSandbox(row); !saved)
        return failWith(saved.error());
    journal.record(domainName, "save-row", PhaseEvent::Kind::Finished);

    SandboxSpec spec = planned.spec;
    operation.beginPhase(spec.startMode == StartMode::Cold ? "define-and-start" : "restore-warm-state", 0.4);
    publishOperation(operation);
    connection->setPhaseObserver(observePhases(operation, journal));
    Result<SandboxInfo> created = connection->createSandbox(spec);
    if (!created && created.error().code == ErrorCode::Unsupported && spec.startMode != StartMode::Cold) {
        operation.setMessage(fmt::format("Host \"{}\" cannot start from a warm state ({}), so the sandbox boots cold",
                                         planned.sandbox.hostUri, created.error().detail));
        spec.startMode = StartMode::Cold;
        operation.beginPhase("define-and-start", 0.5);
        publishOperation(operation);
        created = connection->createSandbox(spec);
    }
    connection->setPhaseObserver({});
    operation.endPhase();
    if (!created) {
        if (Status removed = store.removeSandbox(row.metadata.id); !removed)
            log->error("Failed to remove sandbox \"{}\" from the store: {}", name, removed.error().detail);
        return failWith(created.error());
    }

    SandboxInfo sandbox = *created;
    sandbox.metadata = planned.sandbox.metadata;
    sandbox.hostUri = planned.sandbox.hostUri;
    sandbox.domainName = planned.sandbox.domainName;
    if (sandbox.state == SandboxState::Running)
        sandbox.startedAtMs = unixTimeMs();
    if (waitForReady && sandbox.state == SandboxState::Running)
        sandbox.state = SandboxState::Booting;
    {
        std::lock_guard lock(mutex);
        inventory.put(sandbox);
        planned.host->endReservationLocked(planned.sandbox.vcpus, planned.sandbox.memoryMiB);
        // A restored guest printed its ready line before the warm state was saved.
        if (spec.startMode != StartMode::Cold)
            readyWhenRunning.insert(sandbox.metadata.id);
    }
    if (sandbox.state == SandboxState::Running || sandbox.state == SandboxState::Booting)
        beginBurstOnWorker(planned.host, sandbox);
    journal.close();
    refreshCapacityOnWorker(*planned.host);
    log->info("Created sandbox \"{}\" ({}) on host \"{}\"; it is {}", name, sandbox.domainName, sandbox.hostUri,
              toString(sandbox.state));
    publishSandbox(sandbox);
    return sandbox;
}

// Waits for readiness when the request sets waitReady, then ends the sandbox's operation.
Result<SandboxInfo> Fleet::Impl::finishCreation(Result<SandboxInfo> sandbox, const CreateRequest& request,
                                                Operation& operation)
{
    if (sandbox && request.waitReady)
        sandbox = waitReady(sandbox->metadata.id, request.readyTimeout, &operation);
    if (!sandbox) {
        operation.failWith(sandbox.error());
        publishOperation(operation);
        log->error("Failed to create sandbox \"{}\" on host \"{}\": {}", operation.update().target,
                   operation.update().hostUri, sandbox.error().detail);
        return sandbox;
    }
    operation.succeed();
    publishOperation(operation);
    return sandbox;
}

Result<std::vector<SandboxInfo>> Fleet::Impl::createSandboxes(const CreateRequest& request,
                                                               std::vector<Error>* failures)
{
    log->info("Creating {} sandbox(es) from template \"{}\" on {}", request.count, request.templateName,
              describeHostChoice(request.hostUri));
    Result<Template> sandboxTemplate = [&] {
        std::lock_guard lock(mutex);
        return templates.find(request.templateName);
    }();
    if (sandboxTemplate && request.hostUri.empty()) {
        Result<std::vector<SandboxInfo>> queued = createQueued(request, *sandboxTemplate, failures);
        if (!queued)
            log->error("Failed to queue sandboxes from template \"{}\": {}", request.templateName, queued.error().detail);
        return queued;
    }
    Result<std::vector<PlannedSandbox>> planned =
        sandboxTemplate.and_then([&](const Template& found) { return planCreation(request, found); });
    if (!planned) {
        log->error("Failed to create sandboxes from template \"{}\": {}", request.templateName,
                   planned.error().detail);
        return tl::unexpected(planned.error());
    }

    // Every creation is posted at once: each host works through its own in order, and different
    // hosts work in parallel. `operations` is sized up front because the tasks refer to its items.
    std::vector<Operation> operations;
    operations.reserve(planned->size());
    std::vector<std::future<Result<SandboxInfo>>> results;
    for (const PlannedSandbox& entry : *planned) {
        operations.push_back(beginOperation("create", entry.sandbox.metadata.displayName, entry.sandbox.hostUri));
        Operation& operation = operations.back();
        operation.beginPhase("queued", 0.0);
        publishOperation(operation);
        results.push_back(entry.host->worker->post(
            [this, &entry, &operation, wait = request.waitReady] { return createOnWorker(entry, wait, operation); }));
    }

    std::vector<SandboxInfo> created;
    std::optional<Error> firstError;
    for (std::size_t i = 0; i < results.size(); ++i) {
        Result<SandboxInfo> sandbox = finishCreation(results[i].get(), request, operations[i]);
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

}  // namespace shoal::core
