#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/hostworker.h"

namespace shoal::core {
namespace {

TEST(HostWorker, RunsTasksInPostedOrder)
{
    HostWorker worker("test:///one");
    std::vector<int> order;
    std::vector<std::future<Status>> done;
    for (int i = 0; i < 20; ++i) {
        done.push_back(worker.post([&order, i]() -> Status {
            order.push_back(i);
            return {};
        }));
    }
    for (auto& future : done)
        ASSERT_TRUE(future.get());

    ASSERT_EQ(order.size(), 20u);
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(order[i], i);
}

TEST(HostWorker, ReturnsTaskResult)
{
    HostWorker worker("test:///one");

    Result<int> value = worker.post([]() -> Result<int> { return 42; }).get();
    Result<int> failed = worker.post([]() -> Result<int> { return fail(ErrorCode::HostError, "boom"); }).get();

    ASSERT_TRUE(value);
    EXPECT_EQ(*value, 42);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().detail, "boom");
}

TEST(HostWorker, RunsTasksOnItsOwnThread)
{
    HostWorker worker("test:///one");

    Result<bool> onWorker = worker.post([&worker]() -> Result<bool> { return worker.isWorkerThread(); }).get();

    ASSERT_TRUE(onWorker);
    EXPECT_TRUE(*onWorker);
    EXPECT_FALSE(worker.isWorkerThread());
}

TEST(HostWorker, ExceptionBecomesInternalError)
{
    HostWorker worker("test:///one");

    Status result = worker.post([]() -> Status { throw std::runtime_error("unexpected"); }).get();

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Internal);
    EXPECT_EQ(result.error().detail, "unexpected");
}

TEST(HostWorker, PostAfterStopFailsWithCancelled)
{
    HostWorker worker("test:///one");
    worker.stop();

    Status result = worker.post([]() -> Status { return {}; }).get();

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Cancelled);
    EXPECT_NE(result.error().detail.find("test:///one"), std::string::npos) << result.error().detail;
}

TEST(HostWorker, StopCancelsQueuedTasksAndFinishesRunningOne)
{
    HostWorker worker("test:///one");
    std::promise<void> started;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::future<Status> running = worker.post([&started, released]() -> Status {
        started.set_value();
        released.wait();
        return {};
    });
    started.get_future().wait();
    std::future<Status> queued = worker.post([]() -> Status { return {}; });

    std::thread stopper([&worker] { worker.stop(); });
    // The queued task can only finish by being cancelled, because the running one occupies the thread.
    queued.wait();
    release.set_value();
    stopper.join();

    Status queuedResult = queued.get();
    ASSERT_FALSE(queuedResult);
    EXPECT_EQ(queuedResult.error().code, ErrorCode::Cancelled);
    EXPECT_TRUE(running.get());
}

}  // namespace
}  // namespace shoal::core
