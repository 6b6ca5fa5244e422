#include "core/fleet.h"

#include <algorithm>
#include <optional>

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"
#include "core/log.h"
#include "core/names.h"

namespace shoal::core {

std::int64_t unixTimeMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Fleet::Impl::Impl(Hypervisor& hypervisor, Store& store, FleetOptions options)
    : hypervisor(hypervisor)
    , store(store)
    , options(std::move(options))
    , log(logger("core"))
    , history(statsHistoryCapacity(this->options.statsInterval, this->options.statsMemoryWindow))
{
    templates.put(TemplateCatalog::builtInTiny(this->options.guestDirectory));
    warmPoolRefill = this->options.refillWarmPools;
    startScheduler();
    armHistoryFlush();
}

Fleet::Impl::~Impl()
{
    std::vector<HostPointer> entries;
    {
        std::lock_guard lock(mutex);
        shuttingDown = true;
    }
    shutdownSignal.notify_all();
    stopScheduler();
    timers.stop();
    historyWriter.stop();
    flushHistory();
    {
        std::lock_guard lock(mutex);
        for (const auto& [uri, host] : hosts)
            entries.push_back(host);
        hosts.clear();
    }
    for (const HostPointer& host : entries)
        shutdownHost(host);
}

void Fleet::Impl::shutdownHost(const HostPointer& host)
{
    // The event handler captures this fleet, so it is cleared first. The disconnect runs on the
    // worker like every other call on the connection, and then the worker stops.
    HostEntry* entry = host.get();
    auto disconnected = entry->worker->post([entry]() -> Status {
        if (entry->connection) {
            entry->connection->setEventHandler({});
            entry->connection->disconnect();
        }
        return {};
    });
    disconnected.wait();
    entry->worker->stop();
}

void Fleet::Impl::publishHost(const HostStatus& host) const
{
    if (listener)
        listener->hostChanged(host);
}

void Fleet::Impl::publishSandbox(const SandboxInfo& sandbox) const
{
    if (listener)
        listener->sandboxChanged(sandbox);
}

void Fleet::Impl::publishSandboxRemoved(const SandboxInfo& sandbox) const
{
    history.forget(sandbox.metadata.id);
    if (!listener)
        return;
    listener->sandboxRemoved(sandbox.hostUri, sandbox.domainName);

    // The host's sandbox count changed with it. Like every publish call, this runs without the
    // fleet lock held, so taking it here is safe.
    std::optional<HostStatus> status;
    {
        std::lock_guard lock(mutex);
        auto found = hosts.find(sandbox.hostUri);
        if (found != hosts.end())
            status = statusLocked(*found->second);
    }
    if (status)
        listener->hostChanged(*status);
}

void Fleet::Impl::publishOperation(const Operation& operation) const
{
    if (listener)
        listener->operationChanged(operation.update());
}

Operation Fleet::Impl::beginOperation(std::string kind, std::string target, std::string hostUri)
{
    return Operation(nextOperationId++, std::move(kind), std::move(target), std::move(hostUri));
}

HostStatus Fleet::Impl::statusLocked(const HostEntry& host) const
{
    HostStatus status;
    status.spec = host.spec;
    status.connection = host.connectionState;
    status.lastError = host.lastError;
    status.capabilities = host.capabilities;
    status.capacity = host.capacity;
    status.sandboxCount = inventory.countOnHost(host.spec.uri);
    status.reconnectAttempts = host.reconnectAttempts;
    status.nextReconnectAtMs = host.nextReconnectAtMs;
    return status;
}

HostPointer Fleet::Impl::findHost(const std::string& uri) const
{
    std::lock_guard lock(mutex);
    auto found = hosts.find(uri);
    return found == hosts.end() ? nullptr : found->second;
}

// Forgets a host whose addHost() failed, with any sandboxes it listed before the failure.
void Fleet::Impl::dropFailedHost(const HostPointer& host)
{
    const std::string uri = host->spec.uri;
    std::vector<SandboxInfo> listed;
    {
        std::lock_guard lock(mutex);
        hosts.erase(uri);
        listed = inventory.removeHost(uri);
    }
    shutdownHost(host);
    applyInventoryChanges(Inventory::Changes{{}, {}, listed});
    if (listener)
        listener->hostRemoved(uri);
}

Fleet::Fleet(Hypervisor& hypervisor, Store& store, FleetOptions options)
    : m_impl(std::make_unique<Impl>(hypervisor, store, std::move(options)))
{
}

Fleet::~Fleet() = default;

void Fleet::setListener(FleetListener* listener)
{
    m_impl->listener = listener;
}

Result<StoredFleet> Fleet::Impl::readStore() const
{
    StoredFleet stored;
    Result<std::vector<Template>> storedTemplates = store.templates();
    if (!storedTemplates)
        return tl::unexpected(storedTemplates.error());
    Result<std::vector<StoredSandbox>> storedSandboxes = store.sandboxes();
    if (!storedSandboxes)
        return tl::unexpected(storedSandboxes.error());
    Result<std::vector<HostSpec>> storedHosts = store.hosts();
    if (!storedHosts)
        return tl::unexpected(storedHosts.error());

    stored.templates = std::move(*storedTemplates);
    stored.hosts = std::move(*storedHosts);
    for (StoredSandbox& sandbox : *storedSandboxes) {
        const bool onStoredHost = std::any_of(stored.hosts.begin(), stored.hosts.end(),
                                              [&sandbox](const HostSpec& host) { return host.uri == sandbox.hostUri; });
        if (onStoredHost)
            stored.sandboxes.push_back(std::move(sandbox));
        else
            stored.orphans.push_back(std::move(sandbox));
    }
    return stored;
}

// Adds the stored templates, sandboxes and hosts to the fleet, skipping any already there, and
// returns the hosts added. The caller locks the mutex.
std::vector<HostPointer> Fleet::Impl::registerStoredLocked(const StoredFleet& stored)
{
    for (const Template& sandboxTemplate : stored.templates) {
        Result<Template> known = templates.find(sandboxTemplate.name);
        if (!known) {
            templates.put(sandboxTemplate);
        } else if (known->builtIn) {
            // A built-in template is rebuilt from the guest directory; only its burst plan is stored.
            known->burst = sandboxTemplate.burst;
            templates.put(*known);
        }
    }
    for (const StoredSandbox& row : stored.sandboxes) {
        if (inventory.hasId(row.metadata.id))
            continue;
        SandboxInfo sandbox;
        sandbox.metadata = row.metadata;
        sandbox.domainName = row.domainName;
        sandbox.hostUri = row.hostUri;
        sandbox.state = SandboxState::Unknown;
        inventory.put(sandbox);
    }
    std::vector<HostPointer> added;
    for (const HostSpec& spec : stored.hosts) {
        if (hosts.contains(spec.uri))
            continue;
        HostPointer host = createHostEntry(spec, nullptr);
        hosts.emplace(spec.uri, host);
        added.push_back(host);
    }
    return added;
}

Status Fleet::load()
{
    Impl& impl = *m_impl;
    Result<StoredFleet> stored = impl.readStore();
    if (!stored) {
        impl.log->error("Failed to load the fleet from \"{}\": {}", impl.store.path(), stored.error().detail);
        return tl::unexpected(stored.error());
    }

    if (Status loaded = impl.loadBurstDeadlines(); !loaded) {
        impl.log->error("Failed to load the burst deadlines from \"{}\": {}", impl.store.path(), loaded.error().detail);
        return loaded;
    }

    if (Status loaded = impl.loadWarmPools(); !loaded) {
        impl.log->error("Failed to load the warm pools from \"{}\": {}", impl.store.path(), loaded.error().detail);
        return loaded;
    }

    if (Status loaded = impl.loadPolicy(); !loaded) {
        impl.log->error("Failed to load the placement policy from \"{}\": {}", impl.store.path(),
                        loaded.error().detail);
        return loaded;
    }

    // Rows on hosts that were never stored belong to hosts added only for one run, such as the
    // simulated fleet, whose URIs change from run to run.
    for (const StoredSandbox& orphan : stored->orphans) {
        if (Status removed = impl.store.removeSandbox(orphan.metadata.id); !removed)
            impl.log->error("Failed to remove sandbox \"{}\" from the store: {}", orphan.metadata.displayName,
                            removed.error().detail);
    }

    std::vector<HostPointer> added;
    std::vector<HostStatus> statuses;
    {
        std::lock_guard lock(impl.mutex);
        added = impl.registerStoredLocked(*stored);
        for (const HostPointer& host : added)
            statuses.push_back(impl.statusLocked(*host));
    }
    impl.log->info("Loaded {} hosts, {} templates and {} sandboxes from \"{}\"; dropped {} rows of hosts not stored",
                   stored->hosts.size(), stored->templates.size(), stored->sandboxes.size(), impl.store.path(),
                   stored->orphans.size());

    for (const HostStatus& status : statuses)
        impl.publishHost(status);
    for (const SandboxInfo& sandbox : sandboxes())
        impl.publishSandbox(sandbox);
    for (const HostPointer& host : added)
        host->worker->post([&impl, host] { return impl.connectOnWorker(host, nullptr); });
    return {};
}

Result<HostStatus> Fleet::addHost(const HostSpec& spec, Persistence persistence)
{
    Impl& impl = *m_impl;
    if (spec.uri.empty())
        return fail(ErrorCode::InvalidArgument, "Host URI is empty; give a libvirt URI such as \"qemu:///system\"");
    if (impl.findHost(spec.uri))
        return fail(ErrorCode::AlreadyExists, fmt::format("Host \"{}\" is already added", spec.uri));

    impl.log->info("Adding host \"{}\" (zone \"{}\", pool \"{}\")", spec.uri, spec.labels.zone, spec.labels.pool);
    Operation operation = impl.beginOperation("add-host", spec.uri, spec.uri);
    Result<std::unique_ptr<HostConnection>> opened = impl.hypervisor.open(spec);
    if (!opened) {
        operation.failWith(opened.error());
        impl.publishOperation(operation);
        impl.log->error("Failed to add host \"{}\": {}", spec.uri, opened.error().detail);
        return tl::unexpected(opened.error());
    }

    HostPointer host = impl.createHostEntry(spec, std::move(*opened));
    HostStatus connecting;
    {
        std::lock_guard lock(impl.mutex);
        if (!impl.hosts.emplace(spec.uri, host).second)
            return fail(ErrorCode::AlreadyExists, fmt::format("Host \"{}\" is already added", spec.uri));
        connecting = impl.statusLocked(*host);
    }
    impl.publishHost(connecting);

    // The steps alone, because a host that fails here is not kept, so it is never marked disconnected.
    Status connected =
        impl.runOn(*host, [&impl, host, &operation] { return impl.connectStepsOnWorker(host, &operation); });
    if (connected && persistence == Persistence::Persist)
        connected = impl.store.saveHost(host->spec);
    if (!connected) {
        impl.dropFailedHost(host);
        operation.failWith(connected.error());
        impl.publishOperation(operation);
        impl.log->error("Failed to add host \"{}\": {}", spec.uri, connected.error().detail);
        return tl::unexpected(connected.error());
    }

    operation.succeed();
    impl.publishOperation(operation);
    std::lock_guard lock(impl.mutex);
    return impl.statusLocked(*host);
}

Status Fleet::removeHost(const std::string& uri)
{
    Impl& impl = *m_impl;
    HostPointer host;
    std::vector<SandboxInfo> removed;
    {
        std::lock_guard lock(impl.mutex);
        auto found = impl.hosts.find(uri);
        if (found == impl.hosts.end())
            return fail(ErrorCode::NotFound, fmt::format("Host \"{}\" not found", uri));
        host = found->second;
        impl.hosts.erase(found);
        removed = impl.inventory.removeHost(uri);
    }

    impl.log->info("Removing host \"{}\"; its {} sandboxes stay on the host", uri, removed.size());
    impl.shutdownHost(host);
    impl.history.forget(uri);
    Status forgotten = impl.store.removeHost(uri);
    for (const SandboxInfo& sandbox : removed)
        impl.publishSandboxRemoved(sandbox);
    if (impl.listener)
        impl.listener->hostRemoved(uri);
    if (!forgotten)
        impl.log->error("Failed to remove host \"{}\" from the store: {}", uri, forgotten.error().detail);
    return forgotten;
}

std::vector<HostStatus> Fleet::hosts() const
{
    std::lock_guard lock(m_impl->mutex);
    std::vector<HostStatus> statuses;
    for (const auto& [uri, host] : m_impl->hosts)
        statuses.push_back(m_impl->statusLocked(*host));
    return statuses;
}

std::vector<Template> Fleet::templates() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->templates.all();
}

Result<Template> Fleet::findTemplate(const std::string& name) const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->templates.find(name);
}

std::vector<SandboxInfo> Fleet::sandboxes() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->inventory.all();
}

Result<SandboxInfo> Fleet::findSandbox(const std::string& nameOrId) const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->findSandboxLocked(nameOrId);
}

Status Fleet::refreshHost(const std::string& uri)
{
    Impl& impl = *m_impl;
    HostPointer host = impl.findHost(uri);
    if (!host)
        return fail(ErrorCode::NotFound, fmt::format("Host \"{}\" not found", uri));

    Status refreshed = impl.runOn(*host, [&impl, host] { return impl.refreshOnWorker(host); });
    if (!refreshed)
        impl.log->error("Failed to refresh host \"{}\": {}", uri, refreshed.error().detail);
    return refreshed;
}

}  // namespace shoal::core
