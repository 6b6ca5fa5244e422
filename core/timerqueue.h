#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace shoal::core {

// One thread that runs short actions at given times, such as "post the next stats poll of host
// X to its worker". Actions run one at a time on that thread, so each must return quickly and
// hand any host call to the host's worker.
class TimerQueue {
public:
    using Clock = std::chrono::steady_clock;

    TimerQueue();
    // Stops the thread; the actions not yet due never run.
    ~TimerQueue();
    TimerQueue(const TimerQueue&) = delete;
    TimerQueue& operator=(const TimerQueue&) = delete;

    // Runs `action` on the timer thread at `due`, or soon after. Any thread may call it,
    // including an action. After stop() it does nothing.
    void schedule(Clock::time_point due, std::function<void()> action);

    // Drops the pending actions, waits for the running one and joins the thread. Idempotent.
    // Must not be called from an action.
    void stop();

private:
    void runLoop();

    std::mutex m_mutex;
    std::condition_variable m_wakeUp;
    std::multimap<Clock::time_point, std::function<void()>> m_actions;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace shoal::core
