#include <gtest/gtest.h>

#include "core/operation.h"

namespace shoal::core {
namespace {

TEST(Operation, RecordsPhasesInOrder)
{
    Operation operation(7, "create", "demo", "test:///host-a.xml");

    operation.beginPhase("prepare-template", 0.1);
    operation.beginPhase("define-and-start", 0.4);
    operation.succeed();

    const OperationUpdate& update = operation.update();
    EXPECT_EQ(update.id, 7u);
    EXPECT_EQ(update.kind, "create");
    EXPECT_EQ(update.target, "demo");
    EXPECT_EQ(update.state, OperationUpdate::State::Succeeded);
    EXPECT_DOUBLE_EQ(update.progress, 1.0);
    EXPECT_GT(update.startedAtMs, 0);
    ASSERT_EQ(update.phases.size(), 2u);
    EXPECT_EQ(update.phases[0].name, "prepare-template");
    EXPECT_EQ(update.phases[1].name, "define-and-start");
    EXPECT_TRUE(operation.isFinished());
}

TEST(Operation, FailureKeepsErrorDetail)
{
    Operation operation(1, "stop", "demo", "test:///host-a.xml");
    operation.beginPhase("stop", 0.1);

    operation.failWith(Error{ErrorCode::HostError, "Failed to stop domain \"shoal-x\"", 0, {}});

    EXPECT_EQ(operation.update().state, OperationUpdate::State::Failed);
    EXPECT_EQ(operation.update().message, "Failed to stop domain \"shoal-x\"");
    ASSERT_EQ(operation.update().phases.size(), 1u);
    EXPECT_EQ(operation.update().phases[0].name, "stop");
}

TEST(Operation, EndPhaseTwiceRecordsOnce)
{
    Operation operation(1, "start", "demo", "test:///host-a.xml");
    operation.beginPhase("start", 0.1);

    operation.endPhase();
    operation.endPhase();

    EXPECT_EQ(operation.update().phases.size(), 1u);
    EXPECT_FALSE(operation.isFinished());
}

}  // namespace
}  // namespace shoal::core
