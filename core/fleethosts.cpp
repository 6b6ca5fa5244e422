// Fleet's host handling: connecting, probing, listing, reconciling the inventory with a host's
// listing, and applying the host's lifecycle events.

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"
#include "core/names.h"

namespace shoal::core {

DomainType Fleet::Impl::resolveDomainType(const HostSpec& spec, const HostCapabilities& probed) const
{
    if (options.forcedDomainType != DomainType::Auto)
        return options.forcedDomainType;
    if (spec.domainType != DomainType::Auto)
        return spec.domainType;
    return probed.domainType == DomainType::Auto ? DomainType::Qemu : probed.domainType;
}

HostPointer Fleet::Impl::createHostEntry(const HostSpec& spec, std::unique_ptr<HostConnection> connection)
{
    auto host = std::make_shared<HostEntry>();
    host->spec = spec;
    if (host->spec.name.empty())
        host->spec.name = hostNameFromUri(spec.uri);
    host->connection = std::move(connection);
    host->worker = std::make_unique<HostWorker>(spec.uri);
    if (host->connection)
        host->connection->setEventHandler([this](const HostEvent& event) { handleEvent(event); });
    return host;
}

// Stops the host's stats polls and plans a reconnect with backoff (fleetreconnect.cpp). The
// sandboxes become Unknown, not Stopped, because they may well run on.
void Fleet::Impl::markDisconnected(const HostPointer& host, const std::string& reason)
{
    HostStatus status;
    std::vector<SandboxInfo> changed;
    std::optional<std::chrono::milliseconds> reconnectDelay;
    {
        std::lock_guard lock(mutex);
        host->connectionState = ConnectionState::Disconnected;
        host->lastError = reason;
        ++host->statsGeneration;
        changed = inventory.markHostUnknown(host->spec.uri);
        forgetWarmPoolEntriesLocked(host->spec.uri);
        reconnectDelay = planReconnectLocked(*host);
        status = statusLocked(*host);
    }
    log->warn("Host \"{}\" is disconnected: {}", host->spec.uri, reason);
    publishHost(status);
    for (const SandboxInfo& sandbox : changed)
        publishSandbox(sandbox);
    if (reconnectDelay)
        armReconnect(host, *reconnectDelay);
}

// Runs on the host's worker: connects, probes, reads the capacity and lists the sandboxes. On
// failure the host is marked disconnected with the reason.
Status Fleet::Impl::connectOnWorker(const HostPointer& host, Operation* operation)
{
    Status connected = connectStepsOnWorker(host, operation);
    if (!connected) {
        if (host->connection && host->connection->isConnected())
            host->connection->disconnect();
        markDisconnected(host, connected.error().detail);
    }
    return connected;
}

Status Fleet::Impl::connectStepsOnWorker(const HostPointer& host, Operation* operation)
{
    auto phase = [&](const char* name, double progress) {
        if (operation) {
            operation->beginPhase(name, progress);
            publishOperation(*operation);
        }
    };

    if (!host->connection) {
        Result<std::unique_ptr<HostConnection>> opened = hypervisor.open(host->spec);
        if (!opened)
            return tl::unexpected(opened.error());
        host->connection = std::move(*opened);
        host->connection->setEventHandler([this](const HostEvent& event) { handleEvent(event); });
    }
    HostConnection& connection = *host->connection;

    // A reconnect starts from a closed connection, so the hypervisor layer registers its
    // callbacks again on the new one.
    if (connection.isConnected())
        connection.disconnect();
    phase("connect", 0.1);
    if (Status connected = connection.connect(); !connected)
        return connected;
    phase("probe", 0.4);
    Result<HostCapabilities> capabilities = connection.probe();
    if (!capabilities)
        return tl::unexpected(capabilities.error());
    capabilities->domainType = resolveDomainType(host->spec, *capabilities);
    log->info("Connected to host \"{}\"; sandboxes there use domain type {}", host->spec.uri,
              toString(capabilities->domainType));

    {
        std::lock_guard lock(mutex);
        host->capabilities = *capabilities;
        host->connectionState = ConnectionState::Connected;
        host->lastError.clear();
        host->reconnectAttempts = 0;
        host->nextReconnectAtMs = 0;
    }
    phase("list", 0.7);
    reconcileOnWorker(host);
    if (Status listed = listOnWorker(host); !listed)
        return listed;
    resumeBurstsOnWorker(host);
    startStatsPolling(host);
    return {};
}

// Runs on the host's worker: re-reads capacity and sandboxes, reconnecting a lost connection.
Status Fleet::Impl::refreshOnWorker(const HostPointer& host)
{
    // isConnected() is called outside the mutex, because the hypervisor layer may hold its own
    // lock while it calls handleEvent(), which takes the mutex.
    bool connected = host->connection && host->connection->isConnected();
    HostStatus status;
    {
        std::lock_guard lock(mutex);
        connected = connected && host->connectionState == ConnectionState::Connected;
        if (!connected)
            host->connectionState = ConnectionState::Connecting;
        status = statusLocked(*host);
    }
    if (!connected) {
        publishHost(status);
        return connectOnWorker(host, nullptr);
    }

    Status listed = listOnWorker(host);
    if (!listed && listed.error().code == ErrorCode::HostUnreachable)
        markDisconnected(host, listed.error().detail);
    return listed;
}

Status Fleet::Impl::listOnWorker(const HostPointer& host)
{
    Result<HostCapacity> capacity = host->connection->capacity();
    if (!capacity)
        return tl::unexpected(capacity.error());
    Result<std::vector<SandboxInfo>> listed = host->connection->listSandboxes();
    if (!listed)
        return tl::unexpected(listed.error());

    Inventory::Changes changes;
    HostStatus status;
    {
        std::lock_guard lock(mutex);
        host->setReportedCapacityLocked(*capacity);
        divertWarmPoolEntriesLocked(host->spec.uri, *listed);
        changes = inventory.reconcile(host->spec.uri, *listed);
        status = statusLocked(*host);
    }
    applyInventoryChanges(changes);
    publishHost(status);
    requestWarmPoolStep(host);
    return {};
}

// Runs on the host's worker after an operation changed what is allocated there. A failure only
// leaves the old numbers, because the next refresh reads them again.
void Fleet::Impl::refreshCapacityOnWorker(HostEntry& host)
{
    Result<HostCapacity> capacity = host.connection->capacity();
    if (!capacity) {
        log->debug("Reading the capacity of host \"{}\" failed: {}", host.spec.uri, capacity.error().detail);
        return;
    }
    HostStatus status;
    {
        std::lock_guard lock(mutex);
        host.setReportedCapacityLocked(*capacity);
        status = statusLocked(host);
    }
    publishHost(status);
}

// Brings the store in line with what a host listed and notifies the listener.
void Fleet::Impl::applyInventoryChanges(const Inventory::Changes& changes)
{
    for (const SandboxInfo& sandbox : changes.added) {
        log->info("Found sandbox \"{}\" ({}) on host \"{}\" in state {}", sandbox.metadata.displayName,
                  sandbox.domainName, sandbox.hostUri, toString(sandbox.state));
        if (Status saved = store.saveSandbox({sandbox.metadata, sandbox.domainName, sandbox.hostUri}); !saved)
            log->error("Failed to store sandbox \"{}\": {}", sandbox.metadata.displayName, saved.error().detail);
        publishSandbox(sandbox);
    }
    for (const SandboxInfo& sandbox : changes.changed) {
        if (Status saved = store.saveSandbox({sandbox.metadata, sandbox.domainName, sandbox.hostUri}); !saved)
            log->error("Failed to store sandbox \"{}\": {}", sandbox.metadata.displayName, saved.error().detail);
        publishSandbox(sandbox);
    }
    for (const SandboxInfo& sandbox : changes.removed) {
        log->info("Sandbox \"{}\" ({}) is gone from host \"{}\"", sandbox.metadata.displayName, sandbox.domainName,
                  sandbox.hostUri);
        if (Status removed = store.removeSandbox(sandbox.metadata.id); !removed)
            log->error("Failed to remove sandbox \"{}\" from the store: {}", sandbox.metadata.displayName,
                       removed.error().detail);
        publishSandboxRemoved(sandbox);
    }
}

// Runs on the libvirt event-loop thread, so it only updates the cache. Anything that needs the
// connection is posted to the host's worker.
void Fleet::Impl::handleEvent(const HostEvent& event)
{
    HostPointer host = findHost(event.hostUri);
    if (!host)
        return;
    if (event.kind == HostEvent::Kind::ConnectionLost) {
        markDisconnected(host, event.reason.empty() ? "the connection was closed" : event.reason);
        return;
    }

    std::unique_lock lock(mutex);
    const SandboxInfo* known = inventory.findByDomain(event.hostUri, event.domainName);
    // The warm pool's own steps pause and resume its entries; only a removal needs a new listing.
    const bool poolEntry = warmPoolDomains.count({event.hostUri, event.domainName}) > 0;
    if (!known && poolEntry && event.kind == HostEvent::Kind::SandboxStateChanged)
        return;
    if (!known) {
        lock.unlock();
        if (event.kind == HostEvent::Kind::SandboxStateChanged)
            host->worker->post([this, host] { return refreshOnWorker(host); });
        return;
    }
    // A create or destroy in progress decides the sandbox's fate itself, so events that its own
    // steps cause (defined, started, undefined) are left to it.
    if (known->state == SandboxState::Creating || known->state == SandboxState::Destroying)
        return;

    SandboxInfo sandbox = *known;
    if (event.kind == HostEvent::Kind::SandboxRemoved) {
        inventory.remove(sandbox.metadata.id);
        lock.unlock();
        applyInventoryChanges(Inventory::Changes{{}, {}, {sandbox}});
        return;
    }

    const SandboxState previous = sandbox.state;
    // A sandbox waiting for its ready line stays booting while the domain runs.
    if (previous == event.state || (previous == SandboxState::Booting && event.state == SandboxState::Running))
        return;
    sandbox.state = event.state;
    if (event.state == SandboxState::Running)
        sandbox.startedAtMs = unixTimeMs();
    inventory.put(sandbox);
    lock.unlock();
    logStateEvent(sandbox, previous, event);
    publishSandbox(sandbox);
}

void Fleet::Impl::logStateEvent(const SandboxInfo& sandbox, SandboxState previous, const HostEvent& event) const
{
    if (!isTransitionAllowed(previous, event.state)) {
        log->warn("Host \"{}\" moved sandbox \"{}\" from {} to {}, which the lifecycle table does not list",
                  event.hostUri, sandbox.metadata.displayName, toString(previous), toString(event.state));
    }
    log->info("Sandbox \"{}\" changed from {} to {} ({})", sandbox.metadata.displayName, toString(previous),
              toString(event.state), event.reason);
}

}  // namespace shoal::core
