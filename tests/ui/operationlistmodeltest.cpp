#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include "samples.h"
#include "ui/operationlistmodel.h"

namespace shoal::ui {
namespace {

using State = core::OperationUpdate::State;
using test::makeOperation;

TEST(OperationListModel, PhaseUpdateChangesRowInPlace)
{
    OperationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyUpdate(makeOperation(1, "create", "demo"));
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);

    core::OperationUpdate update = makeOperation(1, "create", "demo");
    update.phase = "start";
    update.progress = 0.5;
    update.phases = {{"define", 12.0}};
    model.applyUpdate(update);

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(inserts.count(), 0);
    EXPECT_EQ(model.index(0, OperationListModel::Phase).data().toString(), QStringLiteral("start"));
    EXPECT_EQ(model.index(0, OperationListModel::Progress).data().toString(), QStringLiteral("50 %"));
    EXPECT_DOUBLE_EQ(model.index(0, OperationListModel::Progress).data(OperationListModel::FractionRole).toDouble(), 0.5);
    EXPECT_EQ(model.index(0, OperationListModel::Timings).data().toString(), QStringLiteral("define 12 ms"));
}

TEST(OperationListModel, FailedOperationShowsMessage)
{
    OperationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    core::OperationUpdate failed = makeOperation(7, "create", "demo", State::Failed);
    failed.message = "Template \"nope\" not found";

    model.applyUpdate(failed);

    EXPECT_EQ(model.index(0, OperationListModel::State).data().toString(), QStringLiteral("failed"));
    EXPECT_EQ(model.index(0, OperationListModel::Message).data().toString(), QStringLiteral("Template \"nope\" not found"));
    EXPECT_TRUE(model.index(0, OperationListModel::Kind).data(Qt::ForegroundRole).isValid());
}

TEST(OperationListModel, FullListDropsOldestFinishedOnly)
{
    OperationListModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyUpdate(makeOperation(1, "start", "a", State::Running));
    model.applyUpdate(makeOperation(2, "start", "b", State::Succeeded));
    model.applyUpdate(makeOperation(3, "start", "c", State::Succeeded));

    model.applyUpdate(makeOperation(4, "start", "d", State::Running));

    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.index(0, 0).data(OperationListModel::IdRole).toULongLong(), 1u);
    EXPECT_EQ(model.index(1, 0).data(OperationListModel::IdRole).toULongLong(), 3u);
    EXPECT_EQ(model.index(2, 0).data(OperationListModel::IdRole).toULongLong(), 4u);
}

TEST(OperationListModel, ClearFinishedKeepsRunning)
{
    OperationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyUpdate(makeOperation(1, "start", "a", State::Succeeded));
    model.applyUpdate(makeOperation(2, "stop", "b", State::Running));
    model.applyUpdate(makeOperation(3, "destroy", "c", State::Failed));

    model.clearFinished();

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, OperationListModel::Target).data().toString(), QStringLiteral("b"));
}

}  // namespace
}  // namespace shoal::ui
