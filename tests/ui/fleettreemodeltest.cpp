#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include "samples.h"
#include "ui/fleettreemodel.h"
#include "ui/fleettreepanel.h"

namespace shoal::ui {
namespace {

using test::makeHost;

class FleetTreeModelTest : public testing::Test {
protected:
    FleetTreeModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QSignalSpy resets{&model, &QAbstractItemModel::modelReset};

    QModelIndex zone(int row) const { return model.index(row, 0); }
    QModelIndex pool(int zoneRow, int poolRow) const { return model.index(poolRow, 0, zone(zoneRow)); }

    QString textAt(const QModelIndex& index, int column) const
    {
        return index.siblingAtColumn(column).data().toString();
    }
};

TEST_F(FleetTreeModelTest, HostsAreGroupedByZoneThenPool)
{
    model.applySnapshot({makeHost("test:///h2", "az2", "baseline"), makeHost("test:///h1", "az1", "serverless"),
                         makeHost("test:///h3", "az1", "baseline")});

    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(zone(0).data().toString(), QStringLiteral("az1"));
    EXPECT_EQ(zone(1).data().toString(), QStringLiteral("az2"));
    ASSERT_EQ(model.rowCount(zone(0)), 2);
    EXPECT_EQ(pool(0, 0).data().toString(), QStringLiteral("baseline"));
    EXPECT_EQ(pool(0, 1).data().toString(), QStringLiteral("serverless"));
    ASSERT_EQ(model.rowCount(pool(0, 0)), 1);
    EXPECT_EQ(model.index(0, 0, pool(0, 0)).data(FleetTreeModel::HostUriRole).toString(), QStringLiteral("test:///h3"));
    EXPECT_EQ(resets.count(), 0);
}

TEST_F(FleetTreeModelTest, ZoneAndPoolSumTheirHosts)
{
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline", 4, 16), makeHost("test:///h2", "az1", "baseline", 12, 16)});

    EXPECT_EQ(textAt(zone(0), FleetTreeModel::Cpu), QStringLiteral("16 / 32 vCPU"));
    EXPECT_DOUBLE_EQ(zone(0).siblingAtColumn(FleetTreeModel::Cpu).data(FleetTreeModel::FractionRole).toDouble(), 0.5);
    EXPECT_EQ(textAt(pool(0, 0), FleetTreeModel::Connection), QStringLiteral("2 / 2"));
    EXPECT_EQ(pool(0, 0).siblingAtColumn(FleetTreeModel::Connection).data(Qt::ToolTipRole).toString(),
              QStringLiteral("2 of 2 hosts connected"));
}

TEST_F(FleetTreeModelTest, HostChangeUpdatesHostAndAncestors)
{
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline", 4, 16)});
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    model.upsertHost(makeHost("test:///h1", "az1", "baseline", 8, 16));

    EXPECT_EQ(changes.count(), 3);
    EXPECT_EQ(textAt(zone(0), FleetTreeModel::Cpu), QStringLiteral("8 / 16 vCPU"));
}

TEST_F(FleetTreeModelTest, UnchangedHostEmitsNothing)
{
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline", 4, 16)});
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    model.upsertHost(makeHost("test:///h1", "az1", "baseline", 4, 16));
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline", 4, 16)});

    EXPECT_EQ(changes.count(), 0);
}

TEST_F(FleetTreeModelTest, SnapshotSignalsEachAncestorOnce)
{
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline", 1), makeHost("test:///h2", "az1", "baseline", 1),
                         makeHost("test:///h3", "az1", "baseline", 1)});
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    model.applySnapshot({makeHost("test:///h1", "az1", "baseline", 2), makeHost("test:///h2", "az1", "baseline", 2),
                         makeHost("test:///h3", "az1", "baseline", 2)});

    // One per host, then one for the pool and one for the zone.
    EXPECT_EQ(changes.count(), 5);
    EXPECT_EQ(textAt(zone(0), FleetTreeModel::Cpu), QStringLiteral("6 / 48 vCPU"));
}

TEST_F(FleetTreeModelTest, HostIconFollowsConnection)
{
    core::HostStatus host = makeHost("test:///h1", "az1", "baseline");
    host.connection = core::ConnectionState::Connected;
    model.applySnapshot({host});
    const QModelIndex hostIndex = model.indexOfHost(QStringLiteral("test:///h1"));
    const qint64 connectedKey = model.data(hostIndex, Qt::DecorationRole).value<QIcon>().cacheKey();

    host.connection = core::ConnectionState::Disconnected;
    model.upsertHost(host);
    const qint64 disconnectedKey = model.data(hostIndex, Qt::DecorationRole).value<QIcon>().cacheKey();
    host.connection = core::ConnectionState::Connected;
    model.upsertHost(host);

    EXPECT_NE(connectedKey, disconnectedKey);
    EXPECT_EQ(model.data(hostIndex, Qt::DecorationRole).value<QIcon>().cacheKey(), connectedKey);
}

TEST_F(FleetTreeModelTest, VanishedHostTakesEmptyPoolAndZoneAlong)
{
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline"), makeHost("test:///h2", "az2", "serverless")});

    model.applySnapshot({makeHost("test:///h1", "az1", "baseline")});

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(zone(0).data().toString(), QStringLiteral("az1"));
    EXPECT_FALSE(model.indexOfHost(QStringLiteral("test:///h2")).isValid());
    EXPECT_EQ(resets.count(), 0);
}

TEST_F(FleetTreeModelTest, RelabelledHostMovesToItsNewPool)
{
    model.applySnapshot({makeHost("test:///h1", "az1", "baseline"), makeHost("test:///h2", "az1", "baseline")});

    model.upsertHost(makeHost("test:///h2", "az1", "serverless"));

    ASSERT_EQ(model.rowCount(zone(0)), 2);
    EXPECT_EQ(model.rowCount(pool(0, 0)), 1);
    EXPECT_EQ(pool(0, 1).data().toString(), QStringLiteral("serverless"));
    EXPECT_EQ(model.indexOfHost(QStringLiteral("test:///h2")).parent(), pool(0, 1));
}

TEST_F(FleetTreeModelTest, DisconnectedHostShowsStateAndReason)
{
    core::HostStatus host = makeHost("test:///h1", "az1", "baseline");
    model.applySnapshot({host});
    host.connection = core::ConnectionState::Disconnected;
    host.lastError = "connection closed by the remote side";

    model.upsertHost(host);

    const QModelIndex index = model.indexOfHost(QStringLiteral("test:///h1"));
    EXPECT_EQ(textAt(index, FleetTreeModel::Connection), QStringLiteral("disconnected"));
    EXPECT_EQ(index.data(Qt::ToolTipRole).toString(), QStringLiteral("connection closed by the remote side"));
    EXPECT_EQ(textAt(zone(0), FleetTreeModel::Connection), QStringLiteral("0 / 1"));
}

TEST_F(FleetTreeModelTest, ScriptedSeriesEndsInExpectedTree)
{
    // Appear, change, reorder, vanish and return, all under the fatal model tester.
    model.applySnapshot({makeHost("test:///a", "az1", "baseline"), makeHost("test:///b", "az2", "baseline")});
    model.applySnapshot({makeHost("test:///b", "az2", "baseline", 3), makeHost("test:///a", "az1", "baseline"),
                         makeHost("test:///c", "az3", "serverless")});
    model.applySnapshot({makeHost("test:///c", "az3", "serverless")});
    model.applySnapshot({makeHost("test:///c", "az3", "serverless"), makeHost("test:///a", "az1", "baseline")});

    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(zone(0).data().toString(), QStringLiteral("az1"));
    EXPECT_EQ(zone(1).data().toString(), QStringLiteral("az3"));
    EXPECT_EQ(model.hosts().size(), 2);
    EXPECT_EQ(resets.count(), 0);
}

TEST(FleetTreePanel, ColumnsFitContentsAfterChanges)
{
    FleetTreeModel model;
    FleetTreePanel panel(model);
    panel.resize(900, 400);
    panel.show();
    QTreeView& view = *panel.view();
    const QString zoneName = QStringLiteral("a-zone-with-a-name-far-wider-than-an-empty-column");
    const int textWidth = view.fontMetrics().horizontalAdvance(zoneName);
    ASSERT_LT(view.columnWidth(0), textWidth);

    model.applySnapshot({makeHost("test:///h1", zoneName.toStdString(), "baseline")});

    // The fit runs on a timer, once per batch of changes.
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.columnWidth(0) > textWidth; }));
}

}  // namespace
}  // namespace shoal::ui
