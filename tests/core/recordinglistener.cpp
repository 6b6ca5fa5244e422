#include "tests/core/recordinglistener.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace shoal::tests {

void RecordingListener::hostChanged(const core::HostStatus& host)
{
    {
        std::lock_guard lock(m_mutex);
        m_hosts.push_back(host);
    }
    m_changed.notify_all();
}

void RecordingListener::hostRemoved(const std::string& uri)
{
    {
        std::lock_guard lock(m_mutex);
        m_removedHosts.push_back(uri);
    }
    m_changed.notify_all();
}

void RecordingListener::sandboxChanged(const core::SandboxInfo& sandbox)
{
    {
        std::lock_guard lock(m_mutex);
        m_sandboxes.push_back(sandbox);
    }
    m_changed.notify_all();
}

void RecordingListener::sandboxRemoved(const std::string& /*hostUri*/, const std::string& domainName)
{
    {
        std::lock_guard lock(m_mutex);
        m_removedDomains.push_back(domainName);
    }
    m_changed.notify_all();
}

void RecordingListener::operationChanged(const core::OperationUpdate& operation)
{
    {
        std::lock_guard lock(m_mutex);
        m_operations.push_back(operation);
    }
    m_changed.notify_all();
}

std::vector<core::HostStatus> RecordingListener::hostChanges() const
{
    std::lock_guard lock(m_mutex);
    return m_hosts;
}

std::vector<core::SandboxInfo> RecordingListener::sandboxChanges() const
{
    std::lock_guard lock(m_mutex);
    return m_sandboxes;
}

std::vector<std::string> RecordingListener::removedDomains() const
{
    std::lock_guard lock(m_mutex);
    return m_removedDomains;
}

std::vector<core::OperationUpdate> RecordingListener::operations() const
{
    std::lock_guard lock(m_mutex);
    return m_operations;
}

std::vector<core::OperationUpdate> RecordingListener::finishedOperations() const
{
    std::lock_guard lock(m_mutex);
    std::map<std::uint64_t, core::OperationUpdate> last;
    for (const core::OperationUpdate& update : m_operations) {
        if (update.state != core::OperationUpdate::State::Running)
            last[update.id] = update;
    }
    std::vector<core::OperationUpdate> finished;
    for (const auto& [id, update] : last)
        finished.push_back(update);
    return finished;
}

void RecordingListener::waitForHost(const std::function<bool(const core::HostStatus&)>& matches) const
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return std::any_of(m_hosts.begin(), m_hosts.end(), matches); });
}

void RecordingListener::waitForSandbox(const std::function<bool(const core::SandboxInfo&)>& matches) const
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return std::any_of(m_sandboxes.begin(), m_sandboxes.end(), matches); });
}

void RecordingListener::statsTick(const core::HostStatsTick& tick)
{
    {
        std::lock_guard lock(m_mutex);
        m_ticks.push_back(tick);
    }
    m_changed.notify_all();
}

bool RecordingListener::waitForTicks(const std::function<bool(const std::vector<core::HostStatsTick>&)>& matches) const
{
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, std::chrono::minutes(2), [&] { return matches(m_ticks); });
}

std::vector<core::HostStatsTick> RecordingListener::statsTicks() const
{
    std::lock_guard lock(m_mutex);
    return m_ticks;
}

}  // namespace shoal::tests
