// Start, stop, destroy and readiness of existing sandboxes, and the sandbox methods of Fleet.

#include <algorithm>

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"

namespace shoal::core {

namespace {

// How much of the console log one readiness poll reads; the ready line is near its end.
constexpr std::size_t kConsoleTailBytes = 64 * 1024;

std::string_view presentParticiple(SandboxAction action)
{
    switch (action) {
    case SandboxAction::Start: return "Starting";
    case SandboxAction::Stop: return "Stopping";
    case SandboxAction::Destroy: return "Destroying";
    case SandboxAction::Sleep: return "Putting to sleep";
    case SandboxAction::Wake: return "Waking";
    case SandboxAction::Clone: return "Cloning";
    }
    return "Changing";
}

bool cannotBecomeReady(SandboxState state)
{
    return state == SandboxState::Stopping || state == SandboxState::Stopped || state == SandboxState::Failed
        || state == SandboxState::Destroying;
}

}  // namespace

bool Fleet::Impl::sleepUntilNextPoll(std::chrono::steady_clock::duration interval)
{
    std::unique_lock lock(mutex);
    return !shutdownSignal.wait_for(lock, interval, [this] { return shuttingDown; });
}

// Returns true when the ready marker is on the console. On a host that cannot read consoles back,
// a sandbox whose domain runs counts as ready.
Result<bool> Fleet::Impl::pollReady(const SandboxInfo& sandbox, const HostPointer& host, const std::string& marker,
                                    Operation* operation)
{
    bool canReadConsole = false;
    {
        std::lock_guard lock(mutex);
        canReadConsole = host->capabilities.canReadConsole;
    }
    if (marker.empty())
        return sandbox.state == SandboxState::Running || sandbox.state == SandboxState::Booting;
    if (!canReadConsole) {
        if (operation) {
            operation->setMessage(fmt::format(
                "Host \"{}\" cannot read the serial console back, so a running sandbox counts as ready",
                host->spec.uri));
        }
        return sandbox.state == SandboxState::Running || sandbox.state == SandboxState::Booting;
    }

    HostEntry* entry = host.get();
    const std::string domainName = sandbox.domainName;
    Result<std::string> console = runOn(*entry, [entry, domainName]() -> Result<std::string> {
        if (!entry->connection || !entry->connection->isConnected())
            return fail(ErrorCode::HostUnreachable, fmt::format("Host \"{}\" is not connected", entry->spec.uri));
        return entry->connection->readConsole(domainName, kConsoleTailBytes);
    });
    if (!console) {
        if (console.error().code == ErrorCode::HostUnreachable)
            return tl::unexpected(console.error());
        log->debug("Reading the console of sandbox \"{}\" failed, trying again: {}", sandbox.metadata.displayName,
                   console.error().detail);
        return false;
    }
    return console->find(marker) != std::string::npos;
}

// Returns the sandbox, host and ready marker for one readiness poll. The caller locks the mutex.
Result<ReadyTarget> Fleet::Impl::readyTargetLocked(const std::string& id) const
{
    const SandboxInfo* known = inventory.findById(id);
    if (!known)
        return fail(ErrorCode::NotFound, fmt::format("Sandbox \"{}\" was removed before it became ready", id));

    ReadyTarget target{*known, nullptr, Template{}.readyMarker};
    if (auto found = hosts.find(known->hostUri); found != hosts.end())
        target.host = found->second;
    if (Result<Template> sandboxTemplate = templates.find(known->metadata.templateName))
        target.marker = sandboxTemplate->readyMarker;
    if (readyWhenRunning.count(id) > 0)
        target.marker.clear();
    if (!target.host || target.host->connectionState != ConnectionState::Connected) {
        return fail(ErrorCode::HostUnreachable, fmt::format("Host \"{}\" of sandbox \"{}\" is not connected",
                                                            known->hostUri, known->metadata.displayName));
    }
    if (cannotBecomeReady(known->state)) {
        return fail(ErrorCode::InvalidState, fmt::format("Sandbox \"{}\" is {}, so it cannot become ready",
                                                         known->metadata.displayName, toString(known->state)));
    }
    return target;
}

Result<SandboxInfo> Fleet::Impl::waitReady(const std::string& id, std::chrono::seconds timeout, Operation* operation)
{
    if (operation) {
        operation->beginPhase("ready", 0.8);
        publishOperation(*operation);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        Result<ReadyTarget> target = [&] {
            std::lock_guard lock(mutex);
            return readyTargetLocked(id);
        }();
        if (!target)
            return tl::unexpected(target.error());
        const std::string& name = target->sandbox.metadata.displayName;

        Result<bool> ready = pollReady(target->sandbox, target->host, target->marker, operation);
        if (!ready)
            return tl::unexpected(ready.error());
        if (*ready) {
            finishAction(SandboxAction::Start, target->sandbox, SandboxState::Running);
            std::lock_guard lock(mutex);
            return findSandboxLocked(id);
        }

        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            return fail(ErrorCode::Timeout,
                        fmt::format("Sandbox \"{}\" did not become ready within {} s", name, timeout.count()));
        }
        const auto interval = std::min<std::chrono::steady_clock::duration>(options.readyPollInterval, deadline - now);
        if (!sleepUntilNextPoll(interval)) {
            return fail(ErrorCode::Cancelled,
                        fmt::format("Waiting for sandbox \"{}\" was cancelled because Shoal is stopping", name));
        }
    }
}

// Posts the deletion of a woken sandbox's save image behind the wake on the host's worker, so the
// sandbox is reported running first. The wake's journal entry stays open until the image is
// gone: after a crash in between, the reconcile rolls the wake forward and deletes the image.
// Shutting down the fleet disconnects each host through its worker, after the tasks already
// posted, so the deletion still runs when the program ends right after the wake.
void Fleet::Impl::deleteStateImageLater(HostEntry& host, const std::string& domainName, OperationJournal journal)
{
    HostEntry* entry = &host;
    host.worker->post([this, entry, domainName, journal]() mutable -> Status {
        HostConnection* connection = entry->connection.get();
        if (!connection || !connection->isConnected())
            return {};
        journal.record(domainName, "delete-image", PhaseEvent::Kind::Started);
        Status deleted = connection->deleteStateImage(domainName);
        if (!deleted) {
            log->warn("{}; sandbox \"{}\" is awake all the same", deleted.error().detail, domainName);
            journal.closeUnlessHostLost(deleted.error());
            return deleted;
        }
        journal.record(domainName, "delete-image", PhaseEvent::Kind::Finished);
        journal.close();
        return {};
    });
}

// Runs on the host's worker. Returns the state the sandbox reached, where Destroying means it is gone.
Result<SandboxState> Fleet::Impl::runActionOnWorker(SandboxAction action, HostEntry& host, const SandboxInfo& sandbox,
                                                    ActionOptions options, Operation& operation)
{
    HostConnection* connection = host.connection.get();
    if (!connection || !connection->isConnected()) {
        return fail(ErrorCode::HostUnreachable, fmt::format("Host \"{}\" is not connected", host.spec.uri));
    }
    const StopMode mode = options.stopMode;

    switch (action) {
    case SandboxAction::Sleep:
    case SandboxAction::Wake: {
        OperationJournal journal = newJournal();
        if (Status opened = journal.open(journalEntryFor(std::string(toString(action)), sandbox)); !opened)
            return tl::unexpected(opened.error());
        // The host reports each phase (check space, save, restore), which becomes the waterfall.
        connection->setPhaseObserver(observePhases(operation, journal));
        Result<SandboxInfo> reached = action == SandboxAction::Sleep
                                          ? connection->sleepSandbox(sandbox.domainName)
                                          : connection->wakeSandbox(sandbox.domainName, options.wakeMode);
        connection->setPhaseObserver({});
        operation.endPhase();
        if (!reached) {
            journal.closeUnlessHostLost(reached.error());
            return tl::unexpected(reached.error());
        }
        if (action == SandboxAction::Wake && options.wakeMode == WakeMode::Restore) {
            deleteStateImageLater(host, sandbox.domainName, journal);
            return reached->state;
        }
        journal.close();
        return reached->state;
    }
    case SandboxAction::Clone:
        return fail(ErrorCode::Internal, "Cloning does not run as a single-sandbox action");
    case SandboxAction::Start:
        if (Status started = connection->startSandbox(sandbox.domainName); !started)
            return tl::unexpected(started.error());
        return SandboxState::Running;
    case SandboxAction::Destroy:
        return destroyOnWorker(*connection, sandbox);
    case SandboxAction::Stop:
        break;
    }

    if (Status stopped = connection->stopSandbox(sandbox.domainName, mode); !stopped)
        return tl::unexpected(stopped.error());
    if (mode == StopMode::Force)
        return SandboxState::Stopped;

    // A graceful stop only requests that the guest power off. The listing shows whether it has,
    // and otherwise a later lifecycle event finishes the transition.
    Result<std::vector<SandboxInfo>> listed = connection->listSandboxes();
    if (!listed)
        return SandboxState::Stopping;
    for (const SandboxInfo& entry : *listed) {
        if (entry.domainName == sandbox.domainName)
            return entry.state == SandboxState::Running ? SandboxState::Stopping : entry.state;
    }
    return SandboxState::Stopped;
}

// Runs on the host's worker. The journal entry stays open until the store row is gone too, so a
// crash in between is finished by the reconcile.
Result<SandboxState> Fleet::Impl::destroyOnWorker(HostConnection& connection, const SandboxInfo& sandbox)
{
    OperationJournal journal = newJournal();
    if (Status opened = journal.open(journalEntryFor("destroy", sandbox)); !opened)
        return tl::unexpected(opened.error());
    journal.record(sandbox.domainName, "destroy", PhaseEvent::Kind::Started);
    if (Status destroyed = connection.destroySandbox(sandbox.domainName); !destroyed) {
        journal.closeUnlessHostLost(destroyed.error());
        return tl::unexpected(destroyed.error());
    }
    journal.record(sandbox.domainName, "destroy", PhaseEvent::Kind::Finished);
    if (Status removed = store.removeSandbox(sandbox.metadata.id); !removed)
        log->error("Failed to remove sandbox \"{}\" from the store: {}", sandbox.metadata.displayName,
                   removed.error().detail);
    journal.close();
    return SandboxState::Destroying;
}

// Records the state an action reached and notifies the listener. Destroying means the sandbox is gone.
void Fleet::Impl::finishAction(SandboxAction action, const SandboxInfo& sandbox, SandboxState reached)
{
    const std::string& id = sandbox.metadata.id;
    if (action == SandboxAction::Destroy && reached == SandboxState::Destroying) {
        {
            std::lock_guard lock(mutex);
            inventory.remove(id);
            placements.erase(id);
            bursts.remove(id);
        }
        if (Status removed = store.removeSandbox(id); !removed) {
            log->error("Failed to remove sandbox \"{}\" from the store: {}", sandbox.metadata.displayName,
                       removed.error().detail);
        }
        log->info("Sandbox \"{}\" ({}) destroyed", sandbox.metadata.displayName, sandbox.domainName);
        publishSandboxRemoved(sandbox);
        return;
    }

    SandboxInfo updated;
    SandboxState previous = SandboxState::Unknown;
    {
        std::lock_guard lock(mutex);
        const SandboxInfo* known = inventory.findById(id);
        if (!known || known->state == reached)
            return;
        previous = known->state;
        updated = *known;
        updated.state = reached;
        if (reached == SandboxState::Running)
            updated.startedAtMs = unixTimeMs();
        if (reached == SandboxState::Stopped)
            updated.startedAtMs = 0;
        inventory.put(updated);
    }
    log->info("Sandbox \"{}\" changed from {} to {}", updated.metadata.displayName, toString(previous),
              toString(reached));
    publishSandbox(updated);
}

// Checks the request against the state table and the host, and puts the sandbox into the
// action's transient state. The caller locks the mutex.
Result<ActionTarget> Fleet::Impl::beginActionLocked(SandboxAction action, const std::string& nameOrId)
{
    Result<SandboxInfo> found = findSandboxLocked(nameOrId);
    if (!found)
        return tl::unexpected(found.error());
    const SandboxInfo& sandbox = *found;
    if (Status allowed = checkAction(action, sandbox); !allowed)
        return tl::unexpected(allowed.error());

    auto entry = hosts.find(sandbox.hostUri);
    if (entry == hosts.end() || entry->second->connectionState != ConnectionState::Connected) {
        return fail(ErrorCode::HostUnreachable,
                    fmt::format("Cannot {} sandbox \"{}\" because its host \"{}\" is not connected", toString(action),
                                sandbox.metadata.displayName, sandbox.hostUri));
    }
    inventory.setState(sandbox.metadata.id, transientStateFor(action));
    return ActionTarget{sandbox, entry->second};
}

Status Fleet::Impl::runAction(SandboxAction action, const std::string& nameOrId, ActionOptions options)
{
    // A sandbox still in the queue has nothing on any host yet: destroying it takes it out.
    if (action == SandboxAction::Destroy) {
        Result<SandboxInfo> queued = [&] {
            std::lock_guard lock(mutex);
            return findSandboxLocked(nameOrId);
        }();
        if (queued && queued->state == SandboxState::Pending
            && cancelPending(queued->metadata.id, fmt::format("Sandbox \"{}\" was destroyed while it was pending",
                                                              queued->metadata.displayName)))
            return {};
    }

    Result<ActionTarget> target = [&] {
        std::lock_guard lock(mutex);
        return beginActionLocked(action, nameOrId);
    }();
    if (!target) {
        log->error("Failed to {} sandbox \"{}\": {}", toString(action), nameOrId, target.error().detail);
        return tl::unexpected(target.error());
    }

    const SandboxInfo& sandbox = target->sandbox;
    SandboxInfo transient = sandbox;
    transient.state = transientStateFor(action);
    publishSandbox(transient);
    log->info("{} sandbox \"{}\" ({}) on host \"{}\"", presentParticiple(action), sandbox.metadata.displayName,
              sandbox.domainName, sandbox.hostUri);

    Operation operation = beginOperation(std::string(toString(action)), sandbox.metadata.displayName, sandbox.hostUri);
    operation.beginPhase(std::string(toString(action)), 0.1);
    publishOperation(operation);
    HostPointer host = target->host;
    HostEntry* entry = host.get();
    Result<SandboxState> reached = runOn(*entry, [this, action, host, entry, sandbox, options, &operation] {
        Result<SandboxState> state = runActionOnWorker(action, *entry, sandbox, options, operation);
        const bool bursts = action == SandboxAction::Start || action == SandboxAction::Wake;
        if (state && bursts && *state == SandboxState::Running) {
            SandboxInfo started = sandbox;
            beginBurstOnWorker(host, started);
        }
        if (state)
            refreshCapacityOnWorker(*entry);
        return state;
    });

    if (!reached) {
        // The host call failed, so the sandbox is back in the state it had before the request.
        {
            std::lock_guard lock(mutex);
            inventory.setState(sandbox.metadata.id, sandbox.state);
        }
        publishSandbox(sandbox);
        operation.failWith(reached.error());
        publishOperation(operation);
        log->error("Failed to {} sandbox \"{}\" on host \"{}\": {}", toString(action), sandbox.metadata.displayName,
                   sandbox.hostUri, reached.error().detail);
        return tl::unexpected(reached.error());
    }
    finishAction(action, transient, *reached);
    operation.succeed();
    publishOperation(operation);
    if (action != SandboxAction::Start)
        requestSchedule();  // capacity freed up for the queue
    return {};
}

Result<std::vector<SandboxInfo>> Fleet::createSandboxes(const CreateRequest& request, std::vector<Error>* failures)
{
    return m_impl->createSandboxes(request, failures);
}

Status Fleet::startSandbox(const std::string& nameOrId)
{
    return m_impl->runAction(SandboxAction::Start, nameOrId, {});
}

Status Fleet::stopSandbox(const std::string& nameOrId, StopMode mode)
{
    return m_impl->runAction(SandboxAction::Stop, nameOrId, ActionOptions{mode, WakeMode::Restore});
}

Status Fleet::destroySandbox(const std::string& nameOrId)
{
    return m_impl->runAction(SandboxAction::Destroy, nameOrId, ActionOptions{StopMode::Force, WakeMode::Restore});
}

Status Fleet::sleepSandbox(const std::string& nameOrId)
{
    return m_impl->runAction(SandboxAction::Sleep, nameOrId, {});
}

Status Fleet::wakeSandbox(const std::string& nameOrId, WakeMode mode)
{
    return m_impl->runAction(SandboxAction::Wake, nameOrId, ActionOptions{StopMode::Graceful, mode});
}

Result<SandboxInfo> Fleet::waitReady(const std::string& nameOrId, std::chrono::seconds timeout)
{
    Result<SandboxInfo> sandbox = findSandbox(nameOrId);
    if (sandbox)
        sandbox = m_impl->waitReady(sandbox->metadata.id, timeout, nullptr);
    if (!sandbox)
        m_impl->log->error("Failed to wait for sandbox \"{}\" to become ready: {}", nameOrId, sandbox.error().detail);
    return sandbox;
}

Result<std::string> Fleet::readConsole(const std::string& nameOrId, std::size_t maxBytes)
{
    Result<SandboxInfo> sandbox = findSandbox(nameOrId);
    if (!sandbox)
        return tl::unexpected(sandbox.error());
    HostPointer host = m_impl->findHost(sandbox->hostUri);
    if (!host)
        return fail(ErrorCode::NotFound, fmt::format("Host \"{}\" not found", sandbox->hostUri));

    HostEntry* entry = host.get();
    const std::string domainName = sandbox->domainName;
    return m_impl->runOn(*entry, [entry, domainName, maxBytes]() -> Result<std::string> {
        if (!entry->connection || !entry->connection->isConnected())
            return fail(ErrorCode::HostUnreachable, fmt::format("Host \"{}\" is not connected", entry->spec.uri));
        return entry->connection->readConsole(domainName, maxBytes);
    });
}

}  // namespace shoal::core
