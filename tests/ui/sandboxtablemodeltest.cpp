#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>

#include "samples.h"
#include "ui/sandboxfilterproxymodel.h"
#include "ui/sandboxtablemodel.h"

namespace shoal::ui {
namespace {

using core::SandboxState;
using test::makeSandbox;

constexpr qint64 kNowMs = 1'700'000'000'000;

class SandboxTableModelTest : public testing::Test {
protected:
    SandboxTableModel model{[] { return kNowMs; }};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QSignalSpy resets{&model, &QAbstractItemModel::modelReset};
    QSignalSpy inserts{&model, &QAbstractItemModel::rowsInserted};
    QSignalSpy removals{&model, &QAbstractItemModel::rowsRemoved};
    QSignalSpy changes{&model, &QAbstractItemModel::dataChanged};

    QString displayAt(int row, int column) const
    {
        return model.index(row, column).data().toString();
    }
};

TEST_F(SandboxTableModelTest, SnapshotAppendsNewSandboxes)
{
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h2")});

    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(displayAt(0, SandboxTableModel::Name), QStringLiteral("a"));
    EXPECT_EQ(displayAt(1, SandboxTableModel::Name), QStringLiteral("b"));
    EXPECT_EQ(inserts.count(), 1);
    EXPECT_EQ(resets.count(), 0);
}

TEST_F(SandboxTableModelTest, SnapshotRemovesVanishedSandboxes)
{
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1"), makeSandbox("c", "test:///h1")});
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("c", "test:///h1")});

    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(displayAt(0, SandboxTableModel::Name), QStringLiteral("a"));
    EXPECT_EQ(displayAt(1, SandboxTableModel::Name), QStringLiteral("c"));
    EXPECT_EQ(removals.count(), 1);
    EXPECT_EQ(model.rowOf(QStringLiteral("test:///h1"), QStringLiteral("shoal-idc")), 1);
    EXPECT_EQ(resets.count(), 0);
}

TEST_F(SandboxTableModelTest, ChangedStateUpdatesOnlyThatRow)
{
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1")});
    changes.clear();

    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1", SandboxState::Stopped)});

    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.first().at(0).toModelIndex().row(), 1);
    EXPECT_EQ(changes.first().at(1).toModelIndex().row(), 1);
    EXPECT_EQ(displayAt(1, SandboxTableModel::State), QStringLiteral("stopped"));
    EXPECT_EQ(inserts.count(), 1);
}

TEST_F(SandboxTableModelTest, BatchInsertsNewRowsAsOneBlock)
{
    model.upsertSandbox(makeSandbox("a", "test:///h1"));
    inserts.clear();

    model.upsertSandboxes({makeSandbox("b", "test:///h1"), makeSandbox("c", "test:///h2"), makeSandbox("d", "test:///h1")});

    ASSERT_EQ(inserts.count(), 1);
    EXPECT_EQ(inserts.first().at(1).toInt(), 1);
    EXPECT_EQ(inserts.first().at(2).toInt(), 3);
    ASSERT_EQ(model.rowCount(), 4);
    EXPECT_EQ(displayAt(3, SandboxTableModel::Name), QStringLiteral("d"));
    EXPECT_EQ(model.rowOf(QStringLiteral("test:///h2"), QStringLiteral("shoal-idc")), 2);
}

TEST_F(SandboxTableModelTest, BatchUpdatesKnownAndAppendsNew)
{
    model.upsertSandboxes({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1")});
    inserts.clear();
    changes.clear();

    model.upsertSandboxes({makeSandbox("b", "test:///h1", SandboxState::Stopped), makeSandbox("c", "test:///h1")});

    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.first().at(0).toModelIndex().row(), 1);
    ASSERT_EQ(inserts.count(), 1);
    EXPECT_EQ(inserts.first().at(1).toInt(), 2);
    EXPECT_EQ(displayAt(1, SandboxTableModel::State), QStringLiteral("stopped"));
    EXPECT_EQ(displayAt(2, SandboxTableModel::Name), QStringLiteral("c"));
}

TEST_F(SandboxTableModelTest, BatchWithSameSandboxTwiceKeepsLater)
{
    model.upsertSandboxes({makeSandbox("a", "test:///h1"), makeSandbox("a", "test:///h1", SandboxState::Paused)});

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(displayAt(0, SandboxTableModel::State), QStringLiteral("paused"));
}

TEST_F(SandboxTableModelTest, StateChangeLeavesNameColumnOut)
{
    model.upsertSandboxes({makeSandbox("a", "test:///h1")});
    changes.clear();

    model.upsertSandbox(makeSandbox("a", "test:///h1", SandboxState::Paused));

    ASSERT_EQ(changes.count(), 1);
    const QModelIndex topLeft = changes.first().at(0).toModelIndex();
    const QModelIndex bottomRight = changes.first().at(1).toModelIndex();
    EXPECT_EQ(topLeft.column(), int(SandboxTableModel::State));
    EXPECT_EQ(bottomRight.column(), int(SandboxTableModel::Uptime));
}

TEST_F(SandboxTableModelTest, AdjacentChangesShareOneSignal)
{
    model.upsertSandboxes({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1"),
                           makeSandbox("c", "test:///h1"), makeSandbox("d", "test:///h1")});
    changes.clear();

    model.upsertSandboxes({makeSandbox("d", "test:///h1", SandboxState::Paused),
                           makeSandbox("a", "test:///h1", SandboxState::Paused),
                           makeSandbox("b", "test:///h1", SandboxState::Paused)});

    ASSERT_EQ(changes.count(), 2);
    EXPECT_EQ(changes.at(0).at(0).toModelIndex().row(), 0);
    EXPECT_EQ(changes.at(0).at(1).toModelIndex().row(), 1);
    EXPECT_EQ(changes.at(1).at(0).toModelIndex().row(), 3);
    EXPECT_EQ(changes.at(1).at(1).toModelIndex().row(), 3);
}

TEST_F(SandboxTableModelTest, ManyScatteredChangesShareOneSignal)
{
    QList<core::SandboxInfo> sandboxes;
    for (int i = 0; i < 200; ++i)
        sandboxes.append(makeSandbox("s" + std::to_string(i), "test:///h1"));
    model.upsertSandboxes(sandboxes);
    changes.clear();

    QList<core::SandboxInfo> everyOther;
    for (int i = 0; i < 200; i += 2)
        everyOther.append(makeSandbox("s" + std::to_string(i), "test:///h1", SandboxState::Paused));
    model.upsertSandboxes(everyOther);

    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.first().at(0).toModelIndex().row(), 0);
    EXPECT_EQ(changes.first().at(1).toModelIndex().row(), 198);
    EXPECT_EQ(displayAt(198, SandboxTableModel::State), QStringLiteral("paused"));
    EXPECT_EQ(displayAt(199, SandboxTableModel::State), QStringLiteral("running"));
}

TEST_F(SandboxTableModelTest, UnchangedSnapshotEmitsNothing)
{
    model.applySnapshot({makeSandbox("a", "test:///h1")});
    changes.clear();
    inserts.clear();

    model.applySnapshot({makeSandbox("a", "test:///h1")});

    EXPECT_EQ(changes.count(), 0);
    EXPECT_EQ(inserts.count(), 0);
    EXPECT_EQ(removals.count(), 0);
}

TEST_F(SandboxTableModelTest, ReorderedSnapshotKeepsRows)
{
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1"), makeSandbox("c", "test:///h1")});
    inserts.clear();

    model.applySnapshot({makeSandbox("c", "test:///h1"), makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1")});

    EXPECT_EQ(inserts.count(), 0);
    EXPECT_EQ(removals.count(), 0);
    EXPECT_EQ(displayAt(0, SandboxTableModel::Name), QStringLiteral("a"));
}

TEST_F(SandboxTableModelTest, SameDomainOnTwoHostsIsTwoRows)
{
    core::SandboxInfo first = makeSandbox("a", "test:///h1");
    core::SandboxInfo second = makeSandbox("a", "test:///h2");

    model.applySnapshot({first, second});
    model.removeSandbox(QStringLiteral("test:///h1"), QString::fromStdString(first.domainName));

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, 0).data(SandboxTableModel::HostUriRole).toString(), QStringLiteral("test:///h2"));
}

TEST_F(SandboxTableModelTest, RemovingHostRemovesItsSandboxes)
{
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h2"), makeSandbox("c", "test:///h1")});

    model.removeHost(QStringLiteral("test:///h1"));

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(displayAt(0, SandboxTableModel::Name), QStringLiteral("b"));
}

TEST_F(SandboxTableModelTest, UptimeCountsFromStartOfRunningSandbox)
{
    core::SandboxInfo running = makeSandbox("a", "test:///h1");
    running.startedAtMs = kNowMs - 125'000;
    core::SandboxInfo stopped = makeSandbox("b", "test:///h1", SandboxState::Stopped);
    stopped.startedAtMs = kNowMs - 125'000;

    model.applySnapshot({running, stopped});

    EXPECT_EQ(displayAt(0, SandboxTableModel::Uptime), QStringLiteral("2 min 05 s"));
    EXPECT_EQ(model.index(0, SandboxTableModel::Uptime).data(SandboxTableModel::SortRole).toLongLong(), 125'000);
    EXPECT_TRUE(displayAt(1, SandboxTableModel::Uptime).isEmpty());
}

TEST_F(SandboxTableModelTest, UptimeRefreshSignalsOnlyRowsWithUptime)
{
    core::SandboxInfo unknownStart = makeSandbox("a", "test:///h1");
    core::SandboxInfo firstRunning = makeSandbox("b", "test:///h1");
    firstRunning.startedAtMs = kNowMs - 1'000;
    core::SandboxInfo paused = makeSandbox("c", "test:///h1", SandboxState::Paused);
    paused.startedAtMs = kNowMs - 1'000;
    core::SandboxInfo lastRunning = makeSandbox("d", "test:///h1");
    lastRunning.startedAtMs = kNowMs - 2'000;
    model.applySnapshot({unknownStart, firstRunning, paused, lastRunning, makeSandbox("e", "test:///h1")});
    changes.clear();

    model.refreshUptime();

    ASSERT_EQ(changes.count(), 1);
    const QModelIndex topLeft = changes.first().at(0).toModelIndex();
    const QModelIndex bottomRight = changes.first().at(1).toModelIndex();
    EXPECT_EQ(topLeft.row(), 1);
    EXPECT_EQ(bottomRight.row(), 3);
    EXPECT_EQ(topLeft.column(), int(SandboxTableModel::Uptime));
    EXPECT_EQ(bottomRight.column(), int(SandboxTableModel::Uptime));
}

TEST_F(SandboxTableModelTest, UptimeRefreshWithoutStartTimesSignalsNothing)
{
    model.applySnapshot({makeSandbox("a", "test:///h1"), makeSandbox("b", "test:///h1", SandboxState::Stopped)});
    changes.clear();

    model.refreshUptime();

    EXPECT_TRUE(changes.isEmpty());
}

TEST_F(SandboxTableModelTest, MemorySortsByValueNotText)
{
    core::SandboxInfo small = makeSandbox("small", "test:///h1");
    small.memoryMiB = 512;
    core::SandboxInfo large = makeSandbox("large", "test:///h1");
    large.memoryMiB = 4096;
    model.applySnapshot({small, large});
    SandboxFilterProxyModel proxy;
    proxy.setSourceModel(&model);

    proxy.sort(SandboxTableModel::Memory, Qt::AscendingOrder);

    EXPECT_EQ(proxy.index(0, SandboxTableModel::Name).data().toString(), QStringLiteral("small"));
    EXPECT_EQ(proxy.index(1, SandboxTableModel::Name).data().toString(), QStringLiteral("large"));
}

class SandboxFilterTest : public testing::Test {
protected:
    void SetUp() override
    {
        core::SandboxInfo web = makeSandbox("web-1", "test:///tmp/az1-b01.xml");
        core::SandboxInfo batch = makeSandbox("batch-7", "test:///tmp/az2-s03.xml", SandboxState::Stopped);
        batch.metadata.zone = "az2";
        batch.metadata.pool = "serverless";
        core::SandboxInfo agent = makeSandbox("Agent", "test:///tmp/az3-b02.xml");
        agent.metadata.zone = "az3";
        model.applySnapshot({web, batch, agent});
        proxy.setSourceModel(&model);
    }

    QStringList visibleNames() const
    {
        QStringList names;
        for (int row = 0; row < proxy.rowCount(); ++row)
            names << proxy.index(row, SandboxTableModel::Name).data().toString();
        names.sort();
        return names;
    }

    int visibleRowOf(const QString& name) const
    {
        for (int row = 0; row < proxy.rowCount(); ++row) {
            if (proxy.index(row, SandboxTableModel::Name).data().toString() == name)
                return row;
        }
        return -1;
    }

    SandboxTableModel model;
    SandboxFilterProxyModel proxy;
    QAbstractItemModelTester tester{&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

TEST_F(SandboxFilterTest, EmptyFilterShowsAll)
{
    proxy.setFilterText(QString());

    EXPECT_EQ(proxy.rowCount(), 3);
}

TEST_F(SandboxFilterTest, MatchesNameIgnoringCase)
{
    proxy.setFilterText(QStringLiteral("agent"));

    EXPECT_EQ(visibleNames(), QStringList{QStringLiteral("Agent")});
}

TEST_F(SandboxFilterTest, MatchesHostZonePoolAndState)
{
    proxy.setFilterText(QStringLiteral("az1-b01"));
    EXPECT_EQ(visibleNames(), QStringList{QStringLiteral("web-1")});

    proxy.setFilterText(QStringLiteral("az3"));
    EXPECT_EQ(visibleNames(), QStringList{QStringLiteral("Agent")});

    proxy.setFilterText(QStringLiteral("serverless"));
    EXPECT_EQ(visibleNames(), QStringList{QStringLiteral("batch-7")});

    proxy.setFilterText(QStringLiteral("stopped"));
    EXPECT_EQ(visibleNames(), QStringList{QStringLiteral("batch-7")});
}

TEST_F(SandboxFilterTest, DoesNotMatchOtherColumns)
{
    proxy.setFilterText(QStringLiteral("256"));

    EXPECT_EQ(proxy.rowCount(), 0);
}

TEST_F(SandboxFilterTest, SelectionSurvivesBatchInsertAndUpdate)
{
    proxy.sort(SandboxTableModel::Name, Qt::AscendingOrder);
    QItemSelectionModel selection(&proxy);
    const int webRow = visibleRowOf(QStringLiteral("web-1"));
    ASSERT_GE(webRow, 0);
    selection.setCurrentIndex(proxy.index(webRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    QList<core::SandboxInfo> batch;
    for (int i = 0; i < 50; ++i)
        batch.append(makeSandbox("new-" + std::to_string(i), "test:///tmp/az1-b01.xml"));
    batch.append(makeSandbox("web-1", "test:///tmp/az1-b01.xml", SandboxState::Paused));
    model.upsertSandboxes(batch);

    ASSERT_EQ(proxy.rowCount(), 53);
    const QModelIndexList selected = selection.selectedRows();
    ASSERT_EQ(selected.size(), 1);
    EXPECT_EQ(selected.first().data().toString(), QStringLiteral("web-1"));
    EXPECT_EQ(selection.currentIndex().data().toString(), QStringLiteral("web-1"));
    EXPECT_EQ(proxy.index(selected.first().row(), SandboxTableModel::State).data().toString(), QStringLiteral("paused"));
}

TEST_F(SandboxFilterTest, SortedProxyPlacesBatchInOrder)
{
    proxy.sort(SandboxTableModel::Name, Qt::AscendingOrder);

    model.upsertSandboxes({makeSandbox("zeta", "test:///h1"), makeSandbox("alpha", "test:///h1"),
                           makeSandbox("mid", "test:///h1")});

    QStringList names;
    for (int row = 0; row < proxy.rowCount(); ++row)
        names << proxy.index(row, SandboxTableModel::Name).data().toString();
    const QStringList expected{QStringLiteral("Agent"), QStringLiteral("alpha"), QStringLiteral("batch-7"),
                               QStringLiteral("mid"), QStringLiteral("web-1"), QStringLiteral("zeta")};
    EXPECT_EQ(names, expected);
}

TEST_F(SandboxFilterTest, FilteredRowAppearsWhenItStartsMatching)
{
    proxy.setFilterText(QStringLiteral("stopped"));
    ASSERT_EQ(proxy.rowCount(), 1);

    model.upsertSandbox(makeSandbox("web-1", "test:///tmp/az1-b01.xml", SandboxState::Stopped));

    EXPECT_EQ(proxy.rowCount(), 2);
}

}  // namespace
}  // namespace shoal::ui
