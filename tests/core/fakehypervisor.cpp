#include "tests/core/fakehypervisor.h"

#include <algorithm>
#include <utility>

namespace shoal::tests {

using core::ErrorCode;
using core::Result;
using core::SandboxInfo;
using core::SandboxState;
using core::Status;

namespace {

// Set while the fake runs the fleet's event handler, to catch calls back into the connection.
thread_local bool t_inEventHandler = false;

class FakeConnection : public core::HostConnection {
public:
    explicit FakeConnection(std::shared_ptr<FakeHost> host)
        : m_host(std::move(host))
    {
    }

    const std::string& uri() const override { return m_host->uri(); }
    Status connect() override { return m_host->connect(); }
    void disconnect() override { m_host->disconnect(); }
    bool isConnected() const override { return m_host->isConnected(); }
    void setEventHandler(core::HostEventHandler handler) override { m_host->setEventHandler(std::move(handler)); }
    Result<core::HostCapabilities> probe() override { return m_host->probe(); }
    Result<core::HostCapacity> capacity() override { return m_host->capacity(); }
    Result<std::vector<SandboxInfo>> listSandboxes() override { return m_host->listSandboxes(); }
    Status prepareTemplate(const core::Template& sandboxTemplate) override
    {
        return m_host->prepareTemplate(sandboxTemplate);
    }
    Result<SandboxInfo> createSandbox(const core::SandboxSpec& spec) override { return m_host->createSandbox(spec); }
    Status startSandbox(const std::string& domainName) override
    {
        return m_host->setDomainState("startSandbox", domainName, SandboxState::Running);
    }
    Status stopSandbox(const std::string& domainName, core::StopMode) override
    {
        return m_host->setDomainState("stopSandbox", domainName, SandboxState::Stopped);
    }
    Status destroySandbox(const std::string& domainName) override { return m_host->destroySandbox(domainName); }
    // The fake has domains but no volumes, so only the domain part of the reconcile calls is real.
    Result<core::SandboxRemains> inspectRemains(const std::string& domainName) override
    {
        core::SandboxRemains remains;
        if (std::optional<SandboxInfo> domain = m_host->domain(domainName)) {
            remains.defined = true;
            remains.state = domain->state;
        }
        return remains;
    }
    Status deleteStateImage(const std::string&) override { return {}; }
    Result<std::vector<std::string>> discardLeftovers(const std::string&) override
    {
        return std::vector<std::string>{};
    }
    Result<std::string> readConsole(const std::string& domainName, std::size_t maxBytes) override
    {
        return m_host->readConsole(domainName, maxBytes);
    }
    void setPhaseObserver(core::PhaseObserver) override {}
    Result<SandboxInfo> sleepSandbox(const std::string& domainName) override { return m_host->sleepSandbox(domainName); }
    Result<SandboxInfo> wakeSandbox(const std::string& domainName, core::WakeMode mode) override
    {
        return m_host->wakeSandbox(domainName, mode);
    }
    Status resumeSandbox(const std::string& domainName) override
    {
        return m_host->setDomainState("resumeSandbox", domainName, SandboxState::Running);
    }
    Status updateSandboxMetadata(const std::string& domainName, const core::SandboxMetadata& metadata) override
    {
        return m_host->updateMetadata(domainName, metadata);
    }
    Result<core::WarmState> prepareWarmState(const core::Template& sandboxTemplate, core::DomainType, int) override
    {
        return m_host->prepareWarmState(sandboxTemplate);
    }
    Result<core::CloneResult> cloneSandbox(const std::string& sourceDomainName,
                                           const std::vector<core::CloneTarget>& targets) override
    {
        return m_host->cloneSandbox(sourceDomainName, targets);
    }
    Result<std::vector<core::SandboxStats>> collectStats() override { return m_host->collectStats(); }

private:
    std::shared_ptr<FakeHost> m_host;
};

}  // namespace

FakeHost::FakeHost(std::string uri)
    : m_uri(std::move(uri))
{
    m_capabilities.isTestDriver = false;
    m_capabilities.domainType = core::DomainType::Qemu;
    m_capabilities.canReadConsole = true;
    m_capabilities.canUploadVolumes = true;
    m_capacity.cpus = 4;
    m_capacity.memoryMiB = 8192;
    m_bootConsole = "Linux version 6.1\nSHOAL-READY uptime 1.2\n";
}

void FakeHost::setReachable(bool reachable)
{
    std::lock_guard lock(m_mutex);
    m_reachable = reachable;
}

void FakeHost::setFailAtPrepare(bool fail)
{
    std::lock_guard lock(m_mutex);
    m_failAtPrepare = fail;
}

void FakeHost::setFailAtDefine(bool fail)
{
    std::lock_guard lock(m_mutex);
    m_failAtDefine = fail;
}

void FakeHost::setFailAtStart(bool fail)
{
    std::lock_guard lock(m_mutex);
    m_failAtStart = fail;
}

std::future<void> FakeHost::setGate(std::shared_future<void> gate)
{
    std::lock_guard lock(m_mutex);
    m_gate = std::move(gate);
    m_gateReached = std::make_shared<std::promise<void>>();
    return m_gateReached->get_future();
}

void FakeHost::setCapabilities(core::HostCapabilities capabilities)
{
    std::lock_guard lock(m_mutex);
    m_capabilities = std::move(capabilities);
}

void FakeHost::setCapacity(int cpus, std::uint64_t memoryMiB)
{
    std::lock_guard lock(m_mutex);
    m_capacity.cpus = cpus;
    m_capacity.memoryMiB = memoryMiB;
}

void FakeHost::setBootConsole(std::string text)
{
    std::lock_guard lock(m_mutex);
    m_bootConsole = std::move(text);
}

void FakeHost::addDomain(const SandboxInfo& sandbox)
{
    std::lock_guard lock(m_mutex);
    SandboxInfo stored = sandbox;
    stored.hostUri = m_uri;
    m_domains[sandbox.domainName] = stored;
}

void FakeHost::removeDomain(const std::string& domainName)
{
    std::lock_guard lock(m_mutex);
    m_domains.erase(domainName);
}

std::optional<SandboxInfo> FakeHost::domain(const std::string& domainName) const
{
    std::lock_guard lock(m_mutex);
    auto found = m_domains.find(domainName);
    if (found == m_domains.end())
        return std::nullopt;
    return found->second;
}

std::vector<std::string> FakeHost::domainNames() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> names;
    for (const auto& [name, sandbox] : m_domains)
        names.push_back(name);
    return names;
}

void FakeHost::loseConnection(const std::string& reason)
{
    core::HostEventHandler handler;
    {
        std::lock_guard lock(m_mutex);
        m_connected = false;
        handler = m_handler;
    }
    if (handler) {
        t_inEventHandler = true;
        handler(core::HostEvent{core::HostEvent::Kind::ConnectionLost, m_uri, {}, SandboxState::Unknown, reason});
        t_inEventHandler = false;
    }
}

void FakeHost::sendStateEvent(const std::string& domainName, SandboxState state)
{
    core::HostEventHandler handler;
    {
        std::lock_guard lock(m_mutex);
        if (auto found = m_domains.find(domainName); found != m_domains.end())
            found->second.state = state;
        handler = m_handler;
    }
    if (handler) {
        t_inEventHandler = true;
        handler(core::HostEvent{core::HostEvent::Kind::SandboxStateChanged, m_uri, domainName, state,
                                "sent by the test"});
        t_inEventHandler = false;
    }
}

std::vector<std::string> FakeHost::calls() const
{
    std::lock_guard lock(m_mutex);
    return m_calls;
}

int FakeHost::callsFromEventHandler() const
{
    std::lock_guard lock(m_mutex);
    return m_callsFromEventHandler;
}

bool FakeHost::wasCalled(const std::string& prefix) const
{
    std::lock_guard lock(m_mutex);
    return std::any_of(m_calls.begin(), m_calls.end(),
                       [&prefix](const std::string& call) { return call.starts_with(prefix); });
}

Status FakeHost::checkConnectedLocked(const std::string& call)
{
    m_calls.push_back(call);
    if (t_inEventHandler)
        ++m_callsFromEventHandler;
    if (!m_connected)
        return core::fail(ErrorCode::HostUnreachable, "Host \"" + m_uri + "\" is not connected");
    return {};
}

Status FakeHost::connect()
{
    std::lock_guard lock(m_mutex);
    m_calls.push_back("connect");
    if (t_inEventHandler)
        ++m_callsFromEventHandler;
    if (!m_reachable)
        return core::fail(ErrorCode::HostUnreachable, "Failed to connect to host \"" + m_uri + "\": no route");
    m_connected = true;
    return {};
}

void FakeHost::disconnect()
{
    std::lock_guard lock(m_mutex);
    m_calls.push_back("disconnect");
    if (t_inEventHandler)
        ++m_callsFromEventHandler;
    m_connected = false;
}

bool FakeHost::isConnected() const
{
    std::lock_guard lock(m_mutex);
    return m_connected;
}

void FakeHost::setEventHandler(core::HostEventHandler handler)
{
    std::lock_guard lock(m_mutex);
    m_handler = std::move(handler);
}

Result<core::HostCapabilities> FakeHost::probe()
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("probe"); !connected)
        return tl::unexpected(connected.error());
    return m_capabilities;
}

Result<core::HostCapacity> FakeHost::capacity()
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("capacity"); !connected)
        return tl::unexpected(connected.error());
    core::HostCapacity capacity = m_capacity;
    capacity.allocatedVcpus = 0;
    capacity.allocatedMemoryMiB = 0;
    for (const auto& [name, sandbox] : m_domains) {
        if (sandbox.state == SandboxState::Running || sandbox.state == SandboxState::Paused) {
            capacity.allocatedVcpus += sandbox.vcpus;
            capacity.allocatedMemoryMiB += sandbox.memoryMiB;
        }
    }
    return capacity;
}

Result<std::vector<SandboxInfo>> FakeHost::listSandboxes()
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("listSandboxes"); !connected)
        return tl::unexpected(connected.error());
    std::vector<SandboxInfo> sandboxes;
    for (const auto& [name, sandbox] : m_domains)
        sandboxes.push_back(sandbox);
    return sandboxes;
}

Status FakeHost::prepareTemplate(const core::Template& sandboxTemplate)
{
    std::optional<std::shared_future<void>> gate;
    std::shared_ptr<std::promise<void>> reached;
    {
        std::lock_guard lock(m_mutex);
        gate = m_gate;
        reached = std::exchange(m_gateReached, nullptr);
    }
    if (reached)
        reached->set_value();
    if (gate)
        gate->wait();

    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("prepareTemplate " + sandboxTemplate.name); !connected)
        return connected;
    if (m_failAtPrepare)
        return core::fail(ErrorCode::StorageError, "Failed to upload template \"" + sandboxTemplate.name + "\"");
    return {};
}

Result<SandboxInfo> FakeHost::createSandbox(const core::SandboxSpec& spec)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("createSandbox " + spec.domainName); !connected)
        return tl::unexpected(connected.error());
    if (spec.startMode == core::StartMode::PoolPaused && !m_capabilities.canSnapshotStart)
        return core::fail(ErrorCode::Unsupported, "Host \"" + m_uri + "\" cannot start sandboxes from a warm state");
    if (m_failAtDefine)
        return core::fail(ErrorCode::HostError, "Failed to define domain \"" + spec.domainName + "\": fault injected");

    SandboxInfo sandbox;
    sandbox.metadata = spec.metadata;
    sandbox.domainName = spec.domainName;
    sandbox.hostUri = m_uri;
    sandbox.vcpus = spec.sandboxTemplate.vcpus;
    sandbox.memoryMiB = spec.sandboxTemplate.memoryMiB;
    sandbox.state = SandboxState::Stopped;
    m_domains[spec.domainName] = sandbox;
    m_calls.push_back("define " + spec.domainName + " " + std::string(core::toString(spec.domainType)));

    if (m_failAtStart) {
        m_domains.erase(spec.domainName);
        return core::fail(ErrorCode::HostError, "Failed to start domain \"" + spec.domainName + "\": fault injected");
    }
    m_domains[spec.domainName].state =
        spec.startMode == core::StartMode::PoolPaused ? SandboxState::Paused : SandboxState::Running;
    m_consoles[spec.domainName] = m_bootConsole;
    return m_domains[spec.domainName];
}

Status FakeHost::updateMetadata(const std::string& domainName, const core::SandboxMetadata& metadata)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("updateSandboxMetadata " + domainName); !connected)
        return connected;
    auto found = m_domains.find(domainName);
    if (found == m_domains.end())
        return core::fail(ErrorCode::NotFound, "Domain \"" + domainName + "\" not found");
    found->second.metadata = metadata;
    return {};
}

Status FakeHost::setDomainState(const std::string& call, const std::string& domainName, SandboxState state)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked(call + " " + domainName); !connected)
        return connected;
    auto found = m_domains.find(domainName);
    if (found == m_domains.end())
        return core::fail(ErrorCode::NotFound, "Domain \"" + domainName + "\" not found");
    found->second.state = state;
    return {};
}

Result<SandboxInfo> FakeHost::sleepSandbox(const std::string& domainName)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("sleepSandbox " + domainName); !connected)
        return tl::unexpected(connected.error());
    auto found = m_domains.find(domainName);
    if (found == m_domains.end())
        return core::fail(ErrorCode::NotFound, "Domain \"" + domainName + "\" not found");
    if (found->second.state != SandboxState::Running)
        return core::fail(ErrorCode::InvalidState, "Domain \"" + domainName + "\" is not running");
    found->second.state = SandboxState::Asleep;
    return found->second;
}

Result<SandboxInfo> FakeHost::wakeSandbox(const std::string& domainName, core::WakeMode mode)
{
    std::lock_guard lock(m_mutex);
    const std::string call = mode == core::WakeMode::Restore ? "wakeSandbox " : "wakeSandbox fresh ";
    if (Status connected = checkConnectedLocked(call + domainName); !connected)
        return tl::unexpected(connected.error());
    auto found = m_domains.find(domainName);
    if (found == m_domains.end())
        return core::fail(ErrorCode::NotFound, "Domain \"" + domainName + "\" not found");
    if (found->second.state != SandboxState::Asleep)
        return core::fail(ErrorCode::InvalidState, "Domain \"" + domainName + "\" is not asleep");
    found->second.state = SandboxState::Running;
    return found->second;
}

Result<core::WarmState> FakeHost::prepareWarmState(const core::Template& sandboxTemplate)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("prepareWarmState " + sandboxTemplate.name); !connected)
        return tl::unexpected(connected.error());
    if (!m_capabilities.canSnapshotStart)
        return core::fail(ErrorCode::Unsupported, "Host \"" + m_uri + "\" cannot start sandboxes from a snapshot");
    core::WarmState warm;
    warm.templateName = sandboxTemplate.name;
    warm.contentHash = "0000000000000000";
    warm.stateVolume = "shoal-warm-" + sandboxTemplate.name + "-" + warm.contentHash + ".save";
    warm.diskVolume = "shoal-warm-" + sandboxTemplate.name + "-" + warm.contentHash + ".qcow2";
    return warm;
}

Result<core::CloneResult> FakeHost::cloneSandbox(const std::string& sourceDomainName,
                                                 const std::vector<core::CloneTarget>& targets)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("cloneSandbox " + sourceDomainName); !connected)
        return tl::unexpected(connected.error());
    auto source = m_domains.find(sourceDomainName);
    if (source == m_domains.end())
        return core::fail(ErrorCode::NotFound, "Domain \"" + sourceDomainName + "\" not found");
    if (source->second.state != SandboxState::Running)
        return core::fail(ErrorCode::InvalidState, "Domain \"" + sourceDomainName + "\" is not running");

    core::CloneResult result;
    result.frozenImage = sourceDomainName + ".qcow2";
    for (const core::CloneTarget& target : targets) {
        SandboxInfo clone = source->second;
        clone.metadata = target.metadata;
        clone.domainName = target.domainName;
        m_domains[target.domainName] = clone;
        m_consoles[target.domainName] = m_consoles[sourceDomainName];
        result.clones.push_back(clone);
    }
    return result;
}

Status FakeHost::destroySandbox(const std::string& domainName)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("destroySandbox " + domainName); !connected)
        return connected;
    if (m_domains.erase(domainName) == 0)
        return core::fail(ErrorCode::NotFound, "Domain \"" + domainName + "\" not found");
    m_consoles.erase(domainName);
    return {};
}

Result<std::string> FakeHost::readConsole(const std::string& domainName, std::size_t maxBytes)
{
    std::lock_guard lock(m_mutex);
    if (Status connected = checkConnectedLocked("readConsole " + domainName); !connected)
        return tl::unexpected(connected.error());
    const std::string& console = m_consoles[domainName];
    return console.size() > maxBytes ? console.substr(console.size() - maxBytes) : console;
}

Result<std::vector<core::SandboxStats>> FakeHost::collectStats()
{
    std::optional<std::shared_future<void>> gate;
    std::shared_ptr<std::promise<void>> reached;
    {
        std::lock_guard lock(m_mutex);
        gate = m_statsGate;
        reached = std::exchange(m_statsGateReached, nullptr);
    }
    if (reached)
        reached->set_value();
    if (gate)
        gate->wait();

    std::lock_guard lock(m_mutex);
    if (!m_connected)
        return core::fail(ErrorCode::HostUnreachable, "Host \"" + m_uri + "\" is not connected");
    const auto tick = static_cast<std::uint64_t>(++m_statsCalls);
    std::vector<core::SandboxStats> stats;
    for (const auto& [name, sandbox] : m_domains) {
        core::SandboxStats sample;
        sample.domainName = name;
        sample.timestampMs = 1700000000000 + static_cast<std::int64_t>(tick) * 1000;
        sample.state = sandbox.state;
        if (sandbox.state == SandboxState::Running || sandbox.state == SandboxState::Paused) {
            sample.vcpus = sandbox.vcpus;
            sample.cpuTimeNs = tick * 500'000'000;
            sample.balloonCurrentKiB = sandbox.memoryMiB * 1024;
            sample.blockReadBytes = tick * 1024 * 1024;
        }
        stats.push_back(std::move(sample));
    }
    return stats;
}

int FakeHost::statsCalls() const
{
    std::lock_guard lock(m_mutex);
    return m_statsCalls;
}

std::future<void> FakeHost::setStatsGate(std::shared_future<void> gate)
{
    std::lock_guard lock(m_mutex);
    m_statsGate = std::move(gate);
    m_statsGateReached = std::make_shared<std::promise<void>>();
    return m_statsGateReached->get_future();
}

void FakeHost::dropConnection()
{
    std::lock_guard lock(m_mutex);
    m_connected = false;
}

std::shared_ptr<FakeHost> FakeHypervisor::addHost(const std::string& uri)
{
    std::lock_guard lock(m_mutex);
    auto host = std::make_shared<FakeHost>(uri);
    m_hosts[uri] = host;
    return host;
}

std::shared_ptr<FakeHost> FakeHypervisor::host(const std::string& uri) const
{
    std::lock_guard lock(m_mutex);
    auto found = m_hosts.find(uri);
    return found == m_hosts.end() ? nullptr : found->second;
}

int FakeHypervisor::openCount() const
{
    std::lock_guard lock(m_mutex);
    return m_openCount;
}

Result<std::unique_ptr<core::HostConnection>> FakeHypervisor::open(const core::HostSpec& spec)
{
    std::lock_guard lock(m_mutex);
    ++m_openCount;
    if (spec.uri.find("://") == std::string::npos)
        return core::fail(ErrorCode::InvalidArgument, "Host URI \"" + spec.uri + "\" is malformed");
    std::shared_ptr<FakeHost> host;
    if (auto found = m_hosts.find(spec.uri); found != m_hosts.end()) {
        host = found->second;
    } else {
        host = std::make_shared<FakeHost>(spec.uri);
        host->setReachable(false);
    }
    return std::unique_ptr<core::HostConnection>(std::make_unique<FakeConnection>(host));
}

SandboxInfo makeListedSandbox(const std::string& id, const std::string& displayName, SandboxState state)
{
    SandboxInfo sandbox;
    sandbox.metadata.id = id;
    sandbox.metadata.displayName = displayName;
    sandbox.metadata.templateName = "tiny";
    sandbox.metadata.createdAtMs = 1700000000000;
    sandbox.domainName = "shoal-" + id;
    sandbox.state = state;
    sandbox.vcpus = 1;
    sandbox.memoryMiB = 256;
    return sandbox;
}

}  // namespace shoal::tests
