#include "core/hostworker.h"

#include <spdlog/fmt/fmt.h>

#include "core/log.h"

namespace shoal::core {

HostWorker::HostWorker(std::string hostUri)
    : m_hostUri(std::move(hostUri))
{
    m_thread = std::thread([this] { runLoop(); });
}

HostWorker::~HostWorker()
{
    stop();
}

void HostWorker::stop()
{
    std::deque<QueuedTask> cancelled;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        cancelled.swap(m_queue);
    }
    m_wakeUp.notify_all();
    for (QueuedTask& task : cancelled)
        task.cancel();

    if (m_thread.joinable() && !isWorkerThread())
        m_thread.join();
}

bool HostWorker::isWorkerThread() const
{
    return std::this_thread::get_id() == m_thread.get_id();
}

Error HostWorker::cancelledError() const
{
    return Error{ErrorCode::Cancelled,
                 fmt::format("Operation on host \"{}\" was cancelled because Shoal is stopping", m_hostUri), 0, {}};
}

bool HostWorker::enqueue(QueuedTask task)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return false;
        m_queue.push_back(std::move(task));
    }
    m_wakeUp.notify_one();
    return true;
}

void HostWorker::runLoop()
{
    for (;;) {
        QueuedTask task;
        {
            std::unique_lock lock(m_mutex);
            m_wakeUp.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        task.run();
    }
}

}  // namespace shoal::core
