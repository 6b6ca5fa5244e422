#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/fleet.h"

namespace shoal::tests {

// A FleetListener that keeps every update and lets a test wait for one without a time limit.
class RecordingListener : public core::FleetListener {
public:
    void hostChanged(const core::HostStatus& host) override;
    void hostRemoved(const std::string& uri) override;
    void sandboxChanged(const core::SandboxInfo& sandbox) override;
    void sandboxRemoved(const std::string& hostUri, const std::string& domainName) override;
    void operationChanged(const core::OperationUpdate& operation) override;
    void statsTick(const core::HostStatsTick& tick) override;

    std::vector<core::HostStatus> hostChanges() const;
    std::vector<core::SandboxInfo> sandboxChanges() const;
    std::vector<std::string> removedDomains() const;
    std::vector<core::OperationUpdate> operations() const;

    // Returns the final update of each operation, in order of operation id.
    std::vector<core::OperationUpdate> finishedOperations() const;

    // Blocks until a host update satisfies `matches`, including one that came before the call.
    void waitForHost(const std::function<bool(const core::HostStatus&)>& matches) const;
    // Blocks until a sandbox update satisfies `matches`, including one that came before the call.
    void waitForSandbox(const std::function<bool(const core::SandboxInfo&)>& matches) const;

    // Blocks until the stats ticks so far satisfy `matches`, and returns true; returns false when
    // they still do not after two minutes, a guard against a hang rather than a time limit.
    bool waitForTicks(const std::function<bool(const std::vector<core::HostStatsTick>&)>& matches) const;
    std::vector<core::HostStatsTick> statsTicks() const;

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::vector<core::HostStatus> m_hosts;
    std::vector<std::string> m_removedHosts;
    std::vector<core::SandboxInfo> m_sandboxes;
    std::vector<std::string> m_removedDomains;
    std::vector<core::OperationUpdate> m_operations;
    std::vector<core::HostStatsTick> m_ticks;
};

}  // namespace shoal::tests
