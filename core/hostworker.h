#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>

#include "core/error.h"

namespace shoal::core {

// One thread that runs the tasks posted for one host, one at a time and in the order posted, so
// calls on a host connection never overlap and a slow host delays only its own tasks.
class HostWorker {
public:
    // Starts the thread. `hostUri` names the host in messages.
    explicit HostWorker(std::string hostUri);

    // Stops the worker and joins its thread. Must not run on the worker thread, so a task must
    // never own the last reference to its worker.
    ~HostWorker();

    HostWorker(const HostWorker&) = delete;
    HostWorker& operator=(const HostWorker&) = delete;

    // Queues `task` and returns a future for its result. `task` returns a Result or a Status.
    // After stop(), and for tasks still queued when stop() runs, the future contains a Cancelled
    // error instead. An exception thrown by `task` becomes an Internal error. Any thread may post,
    // including the worker itself, but a task must not wait for a later task of the same worker.
    template <typename Task>
    auto post(Task task) -> std::future<std::invoke_result_t<Task>>;

    // Runs the task in progress to its end, cancels the queued ones and joins the thread.
    // Idempotent. Must not be called from the worker thread.
    void stop();

    // Returns true when called from this worker's thread.
    bool isWorkerThread() const;

    const std::string& hostUri() const { return m_hostUri; }

private:
    struct QueuedTask {
        std::function<void()> run;
        std::function<void()> cancel;
    };

    Error cancelledError() const;
    bool enqueue(QueuedTask task);
    void runLoop();

    std::string m_hostUri;
    mutable std::mutex m_mutex;
    std::condition_variable m_wakeUp;
    std::deque<QueuedTask> m_queue;
    bool m_stopping = false;
    std::thread m_thread;
};

template <typename Task>
auto HostWorker::post(Task task) -> std::future<std::invoke_result_t<Task>>
{
    using R = std::invoke_result_t<Task>;
    auto promise = std::make_shared<std::promise<R>>();
    std::future<R> future = promise->get_future();

    QueuedTask queued;
    queued.run = [promise, task = std::move(task)]() mutable {
        try {
            promise->set_value(task());
        } catch (const std::exception& error) {
            promise->set_value(
                R(tl::unexpected<Error>(Error{ErrorCode::Internal, error.what(), 0, {}})));
        }
    };
    const Error cancelled = cancelledError();
    queued.cancel = [promise, cancelled] { promise->set_value(R(tl::unexpected<Error>(cancelled))); };

    if (!enqueue(queued))
        queued.cancel();
    return future;
}

}  // namespace shoal::core
