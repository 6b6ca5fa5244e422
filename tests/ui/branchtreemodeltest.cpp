#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

#include "samples.h"
#include "ui/branchtreemodel.h"

namespace shoal::ui {
namespace {

using core::SandboxState;
using test::makeSandbox;

const std::string kHost = "test:///h1";

// A clone of `parent` named `name`, made at `createdAtMs`.
core::SandboxInfo makeClone(const std::string& name, const core::SandboxInfo& parent, std::int64_t createdAtMs = 1000)
{
    core::SandboxInfo clone = makeSandbox(name, parent.hostUri);
    clone.metadata.parentId = parent.metadata.id;
    clone.metadata.createdAtMs = createdAtMs;
    return clone;
}

QString hostOf(const core::SandboxInfo& sandbox)
{
    return QString::fromStdString(sandbox.hostUri);
}

QString domainOf(const core::SandboxInfo& sandbox)
{
    return QString::fromStdString(sandbox.domainName);
}

class BranchTreeModelTest : public testing::Test {
protected:
    BranchTreeModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QSignalSpy resets{&model, &QAbstractItemModel::modelReset};
    QSignalSpy inserts{&model, &QAbstractItemModel::rowsInserted};
    QSignalSpy removals{&model, &QAbstractItemModel::rowsRemoved};
    QSignalSpy moves{&model, &QAbstractItemModel::rowsMoved};

    core::SandboxInfo root = makeSandbox("root", kHost);
    core::SandboxInfo branch1 = makeClone("b1", root, 1000);
    core::SandboxInfo branch2 = makeClone("b2", root, 2000);
    core::SandboxInfo leaf = makeClone("leaf", branch1, 3000);

    QModelIndex find(const core::SandboxInfo& sandbox) const
    {
        return model.indexOfSandbox(hostOf(sandbox), domainOf(sandbox));
    }

    QString nameOf(const core::SandboxInfo& sandbox) const
    {
        return find(sandbox).data().toString();
    }

    int branchesOf(const core::SandboxInfo& sandbox) const
    {
        return find(sandbox).siblingAtColumn(BranchTreeModel::Branches).data().toInt();
    }

    QString parentNameOf(const core::SandboxInfo& sandbox) const
    {
        return find(sandbox).parent().data(BranchTreeModel::SortRole).toString();
    }
};

TEST_F(BranchTreeModelTest, SnapshotNestsClonesUnderParents)
{
    model.applySnapshot({root, branch1, branch2, leaf});

    ASSERT_EQ(model.rowCount(), 1);
    const QModelIndex top = model.index(0, 0);
    EXPECT_EQ(top.data().toString(), QStringLiteral("root"));
    ASSERT_EQ(model.rowCount(top), 2);
    EXPECT_EQ(model.index(0, 0, top).data().toString(), QStringLiteral("b1"));
    EXPECT_EQ(model.index(1, 0, top).data().toString(), QStringLiteral("b2"));
    EXPECT_EQ(parentNameOf(leaf), QStringLiteral("b1"));
    EXPECT_EQ(branchesOf(root), 3);
    EXPECT_EQ(branchesOf(branch1), 1);
    EXPECT_EQ(branchesOf(leaf), 0);
    EXPECT_EQ(resets.count(), 0);
}

TEST_F(BranchTreeModelTest, CloneBeforeParentMovesUnderIt)
{
    model.upsertSandbox(leaf);
    EXPECT_EQ(nameOf(leaf), QStringLiteral("leaf (parent destroyed)"));
    EXPECT_TRUE(find(leaf).data(BranchTreeModel::ParentDestroyedRole).toBool());

    model.upsertSandbox(branch1);
    model.upsertSandbox(root);

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(parentNameOf(leaf), QStringLiteral("b1"));
    EXPECT_EQ(parentNameOf(branch1), QStringLiteral("root"));
    EXPECT_EQ(nameOf(leaf), QStringLiteral("leaf"));
    EXPECT_FALSE(find(leaf).data(BranchTreeModel::ParentDestroyedRole).toBool());
    EXPECT_EQ(branchesOf(root), 2);
    EXPECT_EQ(moves.count(), 2);
}

TEST_F(BranchTreeModelTest, BatchInsertsNewRootsAsOneBlock)
{
    model.upsertSandboxes({makeSandbox("a", kHost), makeSandbox("b", kHost), makeSandbox("c", kHost)});

    ASSERT_EQ(inserts.count(), 1);
    EXPECT_EQ(inserts.first().at(1).toInt(), 0);
    EXPECT_EQ(inserts.first().at(2).toInt(), 2);
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.index(0, 0).data().toString(), QStringLiteral("a"));
    EXPECT_EQ(model.index(2, 0).data().toString(), QStringLiteral("c"));
}

TEST_F(BranchTreeModelTest, BatchNestsClonesAndKeepsLaterUpdate)
{
    core::SandboxInfo stoppedRoot = root;
    stoppedRoot.state = SandboxState::Stopped;

    model.upsertSandboxes({leaf, branch1, root, stoppedRoot});

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(parentNameOf(branch1), QStringLiteral("root"));
    EXPECT_EQ(parentNameOf(leaf), QStringLiteral("b1"));
    EXPECT_EQ(nameOf(leaf), QStringLiteral("leaf"));
    EXPECT_EQ(branchesOf(root), 2);
    EXPECT_EQ(find(root).siblingAtColumn(BranchTreeModel::State).data().toString(), QStringLiteral("stopped"));
}

TEST_F(BranchTreeModelTest, NewCloneAppearsUnderItsParent)
{
    model.applySnapshot({root, branch1});
    inserts.clear();

    model.upsertSandbox(branch2);

    ASSERT_EQ(inserts.count(), 1);
    EXPECT_EQ(inserts.front().at(0).value<QModelIndex>(), find(root));
    EXPECT_EQ(parentNameOf(branch2), QStringLiteral("root"));
    EXPECT_EQ(branchesOf(root), 2);
    EXPECT_FALSE(find(branch2).siblingAtColumn(BranchTreeModel::ClonedAt).data().toString().isEmpty());
    EXPECT_TRUE(find(root).siblingAtColumn(BranchTreeModel::ClonedAt).data().toString().isEmpty());
}

TEST_F(BranchTreeModelTest, DestroyedParentKeepsClonesUnderGrandparent)
{
    model.applySnapshot({root, branch1, branch2, leaf});

    model.removeSandbox(hostOf(branch1), domainOf(branch1));

    EXPECT_FALSE(find(branch1).isValid());
    EXPECT_EQ(parentNameOf(leaf), QStringLiteral("root"));
    EXPECT_EQ(nameOf(leaf), QStringLiteral("leaf (parent destroyed)"));
    EXPECT_EQ(branchesOf(root), 2);
    EXPECT_EQ(removals.count(), 1);
}

TEST_F(BranchTreeModelTest, DestroyedRootMakesClonesTopLevel)
{
    model.applySnapshot({root, branch1, leaf});

    model.removeSandbox(hostOf(root), domainOf(root));

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, 0).data().toString(), QStringLiteral("b1 (parent destroyed)"));
    EXPECT_EQ(parentNameOf(leaf), QStringLiteral("b1"));
    EXPECT_EQ(branchesOf(branch1), 1);
}

TEST_F(BranchTreeModelTest, ReturningParentTakesClonesBack)
{
    model.applySnapshot({root, branch1, leaf});
    model.removeSandbox(hostOf(branch1), domainOf(branch1));

    model.upsertSandbox(branch1);

    EXPECT_EQ(parentNameOf(leaf), QStringLiteral("b1"));
    EXPECT_EQ(nameOf(leaf), QStringLiteral("leaf"));
    EXPECT_EQ(branchesOf(root), 2);
}

TEST_F(BranchTreeModelTest, SubtreeRemovedLeafFirstEmptiesTree)
{
    model.applySnapshot({root, branch1, branch2, leaf});

    for (const core::SandboxInfo& sandbox : {leaf, branch2, branch1, root})
        model.removeSandbox(hostOf(sandbox), domainOf(sandbox));

    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.sandboxCount(), 0);
    EXPECT_EQ(removals.count(), 4);
    EXPECT_EQ(moves.count(), 0);
}

TEST_F(BranchTreeModelTest, StateChangeUpdatesRowWithoutStructureChange)
{
    model.applySnapshot({root, branch1});
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    inserts.clear();

    core::SandboxInfo stopped = branch1;
    stopped.state = SandboxState::Stopped;
    model.upsertSandbox(stopped);

    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.front().at(0).value<QModelIndex>(), find(branch1));
    EXPECT_EQ(find(branch1).siblingAtColumn(BranchTreeModel::State).data(BranchTreeModel::StateRole).toInt(),
              int(SandboxState::Stopped));
    EXPECT_EQ(inserts.count(), 0);
    EXPECT_EQ(moves.count(), 0);
}

TEST_F(BranchTreeModelTest, RemovedHostTakesItsSandboxes)
{
    const core::SandboxInfo other = makeSandbox("other", "test:///h2");
    model.applySnapshot({root, branch1, leaf, other});

    model.removeHost(QString::fromStdString(kHost));

    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, 0).data().toString(), QStringLiteral("other"));
}

TEST_F(BranchTreeModelTest, SnapshotDropsVanishedSandboxes)
{
    model.applySnapshot({root, branch1, branch2, leaf});

    model.applySnapshot({root, branch2});

    EXPECT_EQ(model.sandboxCount(), 2);
    EXPECT_EQ(branchesOf(root), 1);
    EXPECT_EQ(resets.count(), 0);
}

TEST_F(BranchTreeModelTest, ParentCycleStaysVisible)
{
    core::SandboxInfo first = makeSandbox("first", kHost);
    core::SandboxInfo second = makeSandbox("second", kHost);
    first.metadata.parentId = second.metadata.id;
    second.metadata.parentId = first.metadata.id;

    model.applySnapshot({first, second});

    EXPECT_EQ(model.sandboxCount(), 2);
    EXPECT_TRUE(find(first).isValid());
    EXPECT_TRUE(find(second).isValid());
    EXPECT_EQ(model.rowCount(), 1);
}

TEST_F(BranchTreeModelTest, RecursiveFilterKeepsAncestors)
{
    model.applySnapshot({root, branch1, branch2, leaf});
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);

    proxy.setFilterFixedString(QStringLiteral("LEAF"));

    ASSERT_EQ(proxy.rowCount(), 1);
    const QModelIndex top = proxy.index(0, 0);
    ASSERT_EQ(proxy.rowCount(top), 1);
    EXPECT_EQ(proxy.index(0, 0, top).data().toString(), QStringLiteral("b1"));
}

// Adds `count` clones of `root`: every even one a clone of root, every odd one a clone of the
// clone before it. Then removes every seventh clone, whose own clone moves up to root.
void applyClonesAndRemovals(BranchTreeModel& model, const core::SandboxInfo& root, int count)
{
    QList<core::SandboxInfo> sandboxes{root};
    for (int i = 0; i < count; ++i)
        sandboxes.append(makeClone("c" + std::to_string(i), i % 2 == 0 ? root : sandboxes.back(), i));
    model.applySnapshot(sandboxes);
    for (int i = 0; i < count; i += 7)
        model.removeSandbox(hostOf(sandboxes[i + 1]), domainOf(sandboxes[i + 1]));
}

TEST_F(BranchTreeModelTest, ManyClonesApplyAsDiffs)
{
    // The tester checks the whole model after each change, so it gets a few hundred clones.
    applyClonesAndRemovals(model, root, 350);

    EXPECT_EQ(model.sandboxCount(), 351 - 50);
    EXPECT_EQ(branchesOf(root), 350 - 50);
    EXPECT_EQ(resets.count(), 0);
}

TEST(BranchTreeModelScale, ThousandsOfClonesKeepCounts)
{
    BranchTreeModel model;
    const core::SandboxInfo root = makeSandbox("root", kHost);

    applyClonesAndRemovals(model, root, 5000);

    EXPECT_EQ(model.sandboxCount(), 5001 - 715);
    const QModelIndex top = model.indexOfSandbox(hostOf(root), domainOf(root));
    EXPECT_EQ(top.siblingAtColumn(BranchTreeModel::Branches).data().toInt(), 5000 - 715);
    EXPECT_EQ(model.rowCount(top), 2500);
}

}  // namespace
}  // namespace shoal::ui
