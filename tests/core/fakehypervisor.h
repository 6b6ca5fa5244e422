#pragma once

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/hypervisor.h"

namespace shoal::tests {

// One simulated host of the fake hypervisor. Tests set its faults and read what was called; the
// fleet reaches it through FakeConnection. Every member function is thread-safe.
class FakeHost {
public:
    explicit FakeHost(std::string uri);

    const std::string& uri() const { return m_uri; }

    // Faults. A failing step returns HostError; failAtStart removes the defined domain first,
    // as the real hypervisor layer does.
    void setReachable(bool reachable);
    void setFailAtPrepare(bool fail);
    void setFailAtDefine(bool fail);
    void setFailAtStart(bool fail);

    // Makes prepareTemplate wait until `gate` is ready, to simulate a slow host. The returned
    // future becomes ready when the first call reaches the gate.
    std::future<void> setGate(std::shared_future<void> gate);

    void setCapabilities(core::HostCapabilities capabilities);
    void setCapacity(int cpus, std::uint64_t memoryMiB);

    // What a new sandbox's console shows; without the ready marker the sandbox never gets ready.
    void setBootConsole(std::string text);

    // Puts a domain on the host as if another console had made it.
    void addDomain(const core::SandboxInfo& sandbox);
    void removeDomain(const std::string& domainName);
    std::optional<core::SandboxInfo> domain(const std::string& domainName) const;
    std::vector<std::string> domainNames() const;

    // Closes the connection and sends ConnectionLost to the event handler, on the calling thread.
    void loseConnection(const std::string& reason);
    // Sends a lifecycle event for `domainName` on the calling thread.
    void sendStateEvent(const std::string& domainName, core::SandboxState state);

    // The HostConnection methods that ran, in order, e.g. "connect", "createSandbox shoal-abc".
    std::vector<std::string> calls() const;
    // The number of HostConnection calls made from inside the event handler, which must be none.
    int callsFromEventHandler() const;
    bool wasCalled(const std::string& prefix) const;

    // Used by FakeConnection.
    core::Status connect();
    void disconnect();
    bool isConnected() const;
    void setEventHandler(core::HostEventHandler handler);
    core::Result<core::HostCapabilities> probe();
    core::Result<core::HostCapacity> capacity();
    core::Result<std::vector<core::SandboxInfo>> listSandboxes();
    core::Status prepareTemplate(const core::Template& sandboxTemplate);
    core::Result<core::SandboxInfo> createSandbox(const core::SandboxSpec& spec);
    core::Status setDomainState(const std::string& call, const std::string& domainName, core::SandboxState state);
    core::Status updateMetadata(const std::string& domainName, const core::SandboxMetadata& metadata);
    core::Status destroySandbox(const std::string& domainName);
    core::Result<core::SandboxInfo> sleepSandbox(const std::string& domainName);
    core::Result<core::SandboxInfo> wakeSandbox(const std::string& domainName, core::WakeMode mode);
    core::Result<core::WarmState> prepareWarmState(const core::Template& sandboxTemplate);
    core::Result<core::CloneResult> cloneSandbox(const std::string& sourceDomainName,
                                                 const std::vector<core::CloneTarget>& targets);
    core::Result<std::string> readConsole(const std::string& domainName, std::size_t maxBytes);

    // Stats. Each call is one tick 1 s after the previous one in the host's own clock, so rates
    // come out exact: every active domain burns half a core and reads 1 MiB/s.
    core::Result<std::vector<core::SandboxStats>> collectStats();
    int statsCalls() const;
    // Makes collectStats wait until `gate` is ready, to simulate a wedged host. The returned
    // future becomes ready when a call reaches the gate.
    std::future<void> setStatsGate(std::shared_future<void> gate);
    // Closes the connection without an event, as a link that died silently; the next call fails.
    void dropConnection();

private:
    core::Status checkConnectedLocked(const std::string& call);

    const std::string m_uri;
    mutable std::mutex m_mutex;
    bool m_reachable = true;
    bool m_connected = false;
    bool m_failAtPrepare = false;
    bool m_failAtDefine = false;
    bool m_failAtStart = false;
    std::optional<std::shared_future<void>> m_gate;
    std::shared_ptr<std::promise<void>> m_gateReached;
    core::HostCapabilities m_capabilities;
    core::HostCapacity m_capacity;
    std::string m_bootConsole;
    std::map<std::string, core::SandboxInfo> m_domains;
    std::map<std::string, std::string> m_consoles;
    std::vector<std::string> m_calls;
    int m_callsFromEventHandler = 0;
    core::HostEventHandler m_handler;
    int m_statsCalls = 0;
    std::optional<std::shared_future<void>> m_statsGate;
    std::shared_ptr<std::promise<void>> m_statsGateReached;
};

// A Hypervisor whose hosts live in memory. open() of a URI never added returns a connection that
// fails to connect with HostUnreachable.
class FakeHypervisor : public core::Hypervisor {
public:
    std::shared_ptr<FakeHost> addHost(const std::string& uri);
    std::shared_ptr<FakeHost> host(const std::string& uri) const;
    int openCount() const;

    core::Result<std::unique_ptr<core::HostConnection>> open(const core::HostSpec& spec) override;

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<FakeHost>> m_hosts;
    int m_openCount = 0;
};

// Returns a sandbox as a host would list it, with Shoal metadata and a domain name "shoal-<id>".
core::SandboxInfo makeListedSandbox(const std::string& id, const std::string& displayName,
                                    core::SandboxState state = core::SandboxState::Running);

}  // namespace shoal::tests
