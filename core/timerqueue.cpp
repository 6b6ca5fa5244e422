#include "core/timerqueue.h"

namespace shoal::core {

TimerQueue::TimerQueue()
{
    m_thread = std::thread([this] { runLoop(); });
}

TimerQueue::~TimerQueue()
{
    stop();
}

void TimerQueue::schedule(Clock::time_point due, std::function<void()> action)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_actions.emplace(due, std::move(action));
    }
    m_wakeUp.notify_one();
}

void TimerQueue::stop()
{
    // The actions are destroyed unlocked, because one may own the last reference to something
    // whose destructor waits for a thread that schedules actions.
    std::multimap<Clock::time_point, std::function<void()>> dropped;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        dropped.swap(m_actions);
    }
    dropped.clear();
    m_wakeUp.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void TimerQueue::runLoop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        if (m_actions.empty()) {
            m_wakeUp.wait(lock);
            continue;
        }
        auto first = m_actions.begin();
        if (Clock::now() < first->first) {
            m_wakeUp.wait_until(lock, first->first);
            continue;
        }
        std::function<void()> action = std::move(first->second);
        m_actions.erase(first);

        // Unlocked, so that the action can schedule the next one.
        lock.unlock();
        action();
        action = nullptr;
        lock.lock();
    }
}

}  // namespace shoal::core
