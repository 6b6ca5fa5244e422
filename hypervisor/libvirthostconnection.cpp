#include "hypervisor/libvirthostconnection.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/domainstats.h"
#include "hypervisor/syntheticload.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/eventloop.h"
#include "hypervisor/hostprobe.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/sandboxinventory.h"
#include "hypervisor/sandboxremoval.h"
#include "hypervisor/templatevolumes.h"

namespace shoal::hypervisor {

namespace {

// libvirt closes a connection whose peer leaves `count` probes `interval` seconds apart
// unanswered, after about interval * (count + 1) seconds: here 8 s, so a dead link shows as a
// disconnected host within 10 s instead of after TCP's own timeout of many minutes.
constexpr int kKeepAliveIntervalSeconds = 2;
constexpr unsigned kKeepAliveCount = 3;

constexpr const char* kSystemPoolPath = "/var/lib/libvirt/shoal";

// Shoal never prompts. The callback rejects every credential that libvirt requests, so the
// connection fails with an authentication error instead of waiting for input that cannot come.
int refuseCredentials(virConnectCredentialPtr credentials, unsigned int count, void* /*data*/)
{
    for (unsigned int i = 0; i < count; ++i)
        core::logger("hypervisor")->debug("libvirt asked for a credential (\"{}\"); Shoal does not prompt", credentials[i].prompt ? credentials[i].prompt : "");
    return -1;
}

int g_credentialTypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT, VIR_CRED_NOECHOPROMPT};

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string dataHome()
{
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return data;
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share";
    return {};
}

// Opens a connection to `uri` that never prompts for credentials, and turns on keepalive.
core::Result<ConnectionHandle> openWithKeepAlive(const ConnectionUri& uri)
{
    const std::string openUri = uri.openUri();
    virConnectAuth auth{g_credentialTypes, sizeof g_credentialTypes / sizeof g_credentialTypes[0], refuseCredentials, nullptr};
    logCall("virConnectOpenAuth(\"{}\")", openUri);
    ConnectionHandle connection(virConnectOpenAuth(openUri.c_str(), &auth, 0));
    if (!connection) {
        core::Error error = lastLibvirtError("Failed to connect to host \"" + uri.text() + "\"");
        error.code = core::ErrorCode::HostUnreachable;
        if (std::string hint = connectionFailureHint(error.hypervisorCode, error.hypervisorMessage); !hint.empty())
            error.detail += ". " + hint;
        return tl::unexpected(error);
    }

    // Keepalive needs the event loop, which runs in its own thread. Drivers that run inside
    // this process, such as the test driver, have no link to watch and reject the call.
    logCall("virConnectSetKeepAlive({}, {}) on \"{}\"", kKeepAliveIntervalSeconds, kKeepAliveCount, uri.text());
    if (virConnectSetKeepAlive(connection.get(), kKeepAliveIntervalSeconds, kKeepAliveCount) < 0) {
        core::Error error = lastLibvirtError("Failed to enable keepalive on host \"" + uri.text() + "\"");
        if (error.code != core::ErrorCode::Unsupported || uri.isRemote())
            core::logger("hypervisor")->warn("{}; a dead link is noticed only when a call fails", error.detail);
    }
    return connection;
}

}  // namespace

LibvirtHostConnection::LibvirtHostConnection(core::HostSpec spec, ConnectionUri uri)
    : m_spec(std::move(spec)), m_uri(std::move(uri)), m_events(std::make_shared<HostEventBridge>(m_uri.text()))
{
}

LibvirtHostConnection::~LibvirtHostConnection()
{
    closeConnection();
}

const std::string& LibvirtHostConnection::uri() const
{
    return m_uri.text();
}

bool LibvirtHostConnection::isConnected() const
{
    // Only the atomic flag: m_connection belongs to the worker thread.
    return m_events->isConnected();
}

void LibvirtHostConnection::setEventHandler(core::HostEventHandler handler)
{
    m_events->setHandler(std::move(handler));
}

void LibvirtHostConnection::setCreateStepHookForTesting(CreateStepHook hook)
{
    m_createStepHook = std::move(hook);
}

core::Status LibvirtHostConnection::requireConnected() const
{
    if (m_connection && isConnected())
        return {};
    return core::fail(core::ErrorCode::HostUnreachable, "Host \"" + m_uri.text() + "\" is not connected");
}

core::Status LibvirtHostConnection::connect()
{
    if (m_connection && isConnected())
        return {};
    closeConnection();
    if (!EventLoop::ensureRunning())
        return core::fail(core::ErrorCode::Internal, "Failed to connect to host \"" + m_uri.text() + "\": the libvirt event loop is not running");

    if (auto opened = openConnection(); !opened)
        return opened;

    core::Result<std::string> poolPath = defaultPoolPath();
    m_pool = std::make_unique<StoragePool>(m_connection, m_uri.text());
    core::Status pool = poolPath ? m_pool->ensure(*poolPath) : core::Status(tl::unexpected(poolPath.error()));
    if (!pool) {
        closeConnection();
        return pool;
    }
    ensureScratchPool();
    m_events->setConnected(true);
    core::logger("hypervisor")->info("Connected to host \"{}\"", m_uri.text());
    return {};
}

void LibvirtHostConnection::ensureScratchPool()
{
    // The test driver keeps no files, so an in-memory pool would gain nothing there.
    if (m_isTestDriver)
        return;
    m_scratch = std::make_unique<StoragePool>(m_connection, m_uri.text(), kScratchPoolName);
    if (auto ensured = m_scratch->ensure(kScratchPoolPath); !ensured) {
        core::logger("hypervisor")->warn("{}; clones write their snapshot memory to the pool \"{}\" instead", ensured.error().detail,
                                         kStoragePoolName);
        m_scratch.reset();
    }
}

core::Status LibvirtHostConnection::openConnection()
{
    // The test driver would let libxml2 print its own warning to stderr for a missing file.
    if (std::string file = m_uri.testDriverFile(); !file.empty() && !std::filesystem::exists(file))
        return core::fail(core::ErrorCode::HostUnreachable,
                          "Failed to connect to host \"" + m_uri.text() + "\": the test driver file \"" + file + "\" does not exist");

    core::Result<ConnectionHandle> opened = openWithKeepAlive(m_uri);
    if (!opened)
        return tl::unexpected(opened.error());
    m_connection = opened->release();

    if (auto registered = m_events->registerCallbacks(m_connection); !registered) {
        closeConnection();
        return registered;
    }

    logCall("virConnectGetType() on \"{}\"", m_uri.text());
    const char* driver = virConnectGetType(m_connection);
    m_isTestDriver = isTestDriverName(driver);
    return {};
}

core::Result<ConnectionHandle> LibvirtHostConnection::openLaneConnection()
{
    return openWithKeepAlive(m_uri);
}

void LibvirtHostConnection::disconnect()
{
    if (m_connection)
        core::logger("hypervisor")->info("Disconnecting from host \"{}\"", m_uri.text());
    closeConnection();
}

void LibvirtHostConnection::closeConnection()
{
    m_events->setConnected(false);
    if (!m_connection)
        return;
    m_events->deregisterCallbacks(m_connection);
    m_restoreLanes.reset();
    m_pool.reset();
    m_scratch.reset();
    m_guests.reset();
    m_syntheticShapes = {};
    logCall("virConnectClose(\"{}\")", m_uri.text());
    virConnectClose(m_connection);
    m_connection = nullptr;
}

core::Result<std::string> LibvirtHostConnection::defaultPoolPath() const
{
    if (!m_uri.isSession())
        return std::string(kSystemPoolPath);
    if (m_uri.isRemote() || dataHome().empty())
        return core::fail(core::ErrorCode::StorageError,
                          "Failed to choose a directory for storage pool \"shoal\" on host \"" + m_uri.text() +
                              "\": a session URI needs the pool defined there first, e.g. virsh pool-define-as shoal dir --target DIR");
    return dataHome() + "/shoal/storage";
}

core::Result<core::HostCapabilities> LibvirtHostConnection::probe()
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    HostProbe probe(m_connection, m_uri.text(), *m_pool, m_spec.domainType);
    core::Result<core::HostCapabilities> capabilities = probe.run();
    if (capabilities) {
        m_guests = probe.guestCapabilities();
        m_canUpload = capabilities->canUploadVolumes;
        m_capabilities = *capabilities;
        m_canBulkStats = capabilities->canBulkStats;
    }
    return capabilities;
}

core::Result<core::HostCapacity> LibvirtHostConnection::capacity()
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());

    core::HostCapacity capacity;
    virNodeInfo node{};
    logCall("virNodeGetInfo() on \"{}\"", m_uri.text());
    if (virNodeGetInfo(m_connection, &node) < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the size of host \"" + m_uri.text() + "\""));
    capacity.cpus = static_cast<int>(node.cpus);
    capacity.memoryMiB = node.memory / 1024;

    core::Result<std::vector<core::SandboxInfo>> active = SandboxInventory(m_connection, m_uri.text(), *m_events).list(DomainFilter::ActiveOnly);
    if (!active)
        return tl::unexpected(active.error());
    for (const core::SandboxInfo& sandbox : *active) {
        capacity.allocatedVcpus += sandbox.vcpus;
        capacity.allocatedMemoryMiB += sandbox.memoryMiB;
    }

    core::Result<PoolInfo> pool = m_pool->poolInfo();
    if (!pool)
        return tl::unexpected(pool.error());
    capacity.storageCapacityBytes = pool->capacityBytes;
    capacity.storageFreeBytes = pool->availableBytes;
    return capacity;
}

core::Result<std::vector<core::SandboxInfo>> LibvirtHostConnection::listSandboxes()
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    core::Result<std::vector<core::SandboxInfo>> sandboxes = SandboxInventory(m_connection, m_uri.text(), *m_events).list(DomainFilter::All);
    if (sandboxes)
        markAsleepSandboxes(*sandboxes);
    return sandboxes;
}

core::Result<TemplateVolumePaths> LibvirtHostConnection::prepareVolumes(const core::Template& sandboxTemplate)
{
    // Without a probe the driver name decides, and a probe replaces that guess with a tried upload.
    bool canUpload = m_canUpload.value_or(!m_isTestDriver);
    TemplateVolumes volumes(*m_pool, m_uri.text(), canUpload ? TemplateUpload::Upload : TemplateUpload::Placeholder);
    return volumes.prepare(sandboxTemplate);
}

core::Status LibvirtHostConnection::prepareTemplate(const core::Template& sandboxTemplate)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    core::Result<TemplateVolumePaths> volumes = prepareVolumes(sandboxTemplate);
    if (!volumes)
        return tl::unexpected(volumes.error());
    return {};
}

core::Result<CreateTarget> LibvirtHostConnection::createTarget(core::DomainType type)
{
    if (!m_guests) {
        logCall("virConnectGetCapabilities() on \"{}\"", m_uri.text());
        LibvirtString xml(virConnectGetCapabilities(m_connection));
        if (!xml)
            return tl::unexpected(lastLibvirtError("Failed to read the capabilities of host \"" + m_uri.text() + "\""));
        m_guests = GuestCapabilities::parse(xml.get());
    }

    // The test driver offers only its own domain type. It would accept "qemu" too, but "test"
    // keeps created sandboxes like the simulated ones.
    CreateTarget target;
    target.connection = m_connection;
    target.hostUri = m_uri.text();
    target.pool = m_pool.get();
    target.scratch = m_scratch.get();
    if (m_isTestDriver)
        target.domainType = "test";
    else
        target.domainType = type == core::DomainType::Kvm ? "kvm" : "qemu";
    target.arch = m_guests->archFor(target.domainType);
    return target;
}

core::Result<core::SandboxInfo> LibvirtHostConnection::createSandbox(const core::SandboxSpec& spec)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    if (auto checked = checkDomainName(spec.domainName); !checked)
        return tl::unexpected(checked.error());
    if (spec.domainType == core::DomainType::Auto)
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to create sandbox \"" + spec.domainName + "\": the domain type must be resolved to qemu or kvm first");

    core::Result<TemplateVolumePaths> volumes = prepareVolumes(spec.sandboxTemplate);
    if (!volumes)
        return tl::unexpected(volumes.error());
    core::Result<CreateTarget> target = createTarget(spec.domainType);
    if (!target)
        return tl::unexpected(target.error());

    core::Result<core::SandboxInfo> created = spec.startMode == core::StartMode::Cold
                                                  ? runColdCreate(*target, spec, *volumes)
                                                  : startFromWarmState(*target, spec, *volumes);
    if (created && created->state == core::SandboxState::Running) {
        // A restore from a warm state reports no start time of its own. A sandbox restored
        // paused for a warm pool gets its start time when it is claimed.
        if (created->startedAtMs == 0)
            created->startedAtMs = nowMs();
        m_events->markStarted(spec.domainName, created->startedAtMs);
        SandboxInventory inventory(m_connection, m_uri.text(), *m_events);
        if (core::Result<DomainHandle> domain = inventory.lookup(spec.domainName); domain)
            inventory.recordStartTime(domain->get(), created->startedAtMs);
    }
    if (created) {
        core::logger("hypervisor")->info("Created sandbox \"{}\" (\"{}\") on host \"{}\"", spec.domainName, spec.metadata.displayName, m_uri.text());
    }
    return created;
}

core::Status LibvirtHostConnection::startSandbox(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    core::Result<DomainHandle> domain = SandboxInventory(m_connection, m_uri.text(), *m_events).lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());

    logCall("virDomainCreate(\"{}\") on \"{}\"", domainName, m_uri.text());
    if (virDomainCreate(domain->get()) < 0)
        return tl::unexpected(lastLibvirtError("Failed to start sandbox \"" + domainName + "\" on host \"" + m_uri.text() + "\""));
    const std::int64_t startedAtMs = nowMs();
    m_events->markStarted(domainName, startedAtMs);
    SandboxInventory(m_connection, m_uri.text(), *m_events).recordStartTime(domain->get(), startedAtMs);
    return {};
}

core::Status LibvirtHostConnection::stopSandbox(const std::string& domainName, core::StopMode mode)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    core::Result<DomainHandle> domain = SandboxInventory(m_connection, m_uri.text(), *m_events).lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());

    // Sandboxes have no ACPI, so a shutdown request would go unanswered. A graceful stop is a
    // graceful destroy instead: QEMU gets SIGTERM only, flushes its disk caches and exits, and
    // the call fails rather than killing it if it does not exit in time.
    const unsigned flags = mode == core::StopMode::Graceful ? VIR_DOMAIN_DESTROY_GRACEFUL : VIR_DOMAIN_DESTROY_DEFAULT;
    logCall("virDomainDestroyFlags(\"{}\", {:#x}) on \"{}\"", domainName, flags, m_uri.text());
    int result = virDomainDestroyFlags(domain->get(), flags);
    if (result < 0)
        return tl::unexpected(lastLibvirtError("Failed to stop sandbox \"" + domainName + "\" on host \"" + m_uri.text() + "\""));
    return {};
}

core::Status LibvirtHostConnection::destroySandbox(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    return SandboxRemoval(m_connection, m_uri.text(), *m_pool).run(domainName);
}

core::Result<std::string> LibvirtHostConnection::readConsole(const std::string& domainName, std::size_t maxBytes)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    if (auto checked = checkDomainName(domainName); !checked)
        return tl::unexpected(checked.error());

    // The log is read through the storage API rather than the local file system, so this works
    // the same on a remote host. The generated volume name is enough to find it.
    core::Result<StorageVolumeHandle> volume = m_pool->lookup(consoleVolumeName(domainName));
    if (!volume)
        return tl::unexpected(volume.error());
    core::Result<VolumeInfo> info = m_pool->info(volume->get());
    if (!info)
        return tl::unexpected(info.error());

    // An empty read still goes through the download, so a host that cannot stream volumes back
    // fails here the same way every time instead of looking like a silent guest.
    std::uint64_t size = info->capacityBytes;
    std::uint64_t length = std::min<std::uint64_t>(size, maxBytes);
    if (length == 0)
        return m_pool->download(volume->get(), size, 0);
    return m_pool->download(volume->get(), size - length, length);
}

core::Result<std::vector<core::SandboxStats>> LibvirtHostConnection::collectStats()
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    const bool bulk = m_canBulkStats.value_or(!m_isTestDriver);
    StatsSource source = bulk ? StatsSource::BulkAllGroups : StatsSource::BulkStateOnly;
    if (m_isTestDriver && isSimulatedHostUri(m_uri.text())) {
        source = StatsSource::Synthetic;
        // Read before the bulk call, so an event during the call makes the next poll read again.
        m_syntheticShapes.lifecycleEvents = m_events->lifecycleEventCount();
    }
    DomainStatsReader reader(m_connection, m_uri.text(), source, &m_syntheticShapes);
    return reader.collect();
}

}  // namespace shoal::hypervisor
