// Smoke test of the whole console on a small simulated fleet: libvirt's test driver in process,
// an in-memory store, the real controller and the real main window.

#include <cmath>

#include <gtest/gtest.h>

#include <QAction>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTableView>
#include <QTreeView>

#include "app/composition.h"
#include "ui/activitypanel.h"
#include "ui/branchespanel.h"
#include "ui/branchtreemodel.h"
#include "ui/consoleactions.h"
#include "ui/fleetcontroller.h"
#include "ui/fleettreemodel.h"
#include "ui/hostheatmap.h"
#include "ui/inspectorpanel.h"
#include "ui/mainwindow.h"
#include "ui/operationlistmodel.h"
#include "ui/overviewpanel.h"
#include "ui/sandboxcharts.h"
#include "ui/sandboxespanel.h"
#include "ui/sandboxfilterproxymodel.h"
#include "ui/sandboxtablemodel.h"
#include "ui/statscollector.h"


namespace shoal::ui {
namespace {

// Only a guard against a hang; the test never checks how long anything took.
constexpr int kHangGuardMs = 120'000;

class MainWindowTest : public testing::Test {
protected:
    void SetUp() override
    {
        // The guest folder stays empty: simulated hosts upload nothing, so they need no guest.
        ASSERT_TRUE(guestDirectory.isValid());

        auto built = app::Composition::build({":memory:", guestDirectory.path().toStdString(), core::DomainType::Auto});
        ASSERT_TRUE(built) << built.error().detail;
        composition = std::move(*built);
        controller = std::make_unique<FleetController>(composition->fleet());
        ASSERT_TRUE(composition->fleet().load());
        window = std::make_unique<MainWindow>(*controller);

        auto specs = composition->createSimulatedFleet({1, 2, 4});
        ASSERT_TRUE(specs) << specs.error().detail;
        hostCount = int(specs->size());
        for (const core::HostSpec& spec : *specs)
            controller->addHost(spec, core::Fleet::Persistence::InMemory);
        waitUntilIdle();
        controller->loadSnapshot();
        waitUntilIdle();
    }

    void TearDown() override
    {
        window.reset();
        if (controller)
            controller->shutdown();
        if (composition)
            composition->destroyFleet();
        controller.reset();
        composition.reset();
    }

    // Waits for the controller's calls to return, then sends the changes they caused.
    void waitUntilIdle()
    {
        if (controller->pendingCalls() > 0) {
            QSignalSpy idle(controller.get(), &FleetController::idle);
            ASSERT_TRUE(idle.wait(kHangGuardMs));
        }
        QCoreApplication::processEvents();
        controller->flush();
    }

    int rowOfName(const QString& name) const
    {
        SandboxTableModel& model = window->sandboxModel();
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, SandboxTableModel::Name).data().toString() == name)
                return row;
        }
        return -1;
    }

    QTemporaryDir guestDirectory;
    std::unique_ptr<app::Composition> composition;
    std::unique_ptr<FleetController> controller;
    std::unique_ptr<MainWindow> window;
    int hostCount = 0;
};

TEST_F(MainWindowTest, SimulatedFleetFillsTreeAndTable)
{
    EXPECT_EQ(window->fleetModel().hosts().size(), hostCount);
    EXPECT_GT(window->sandboxModel().rowCount(), 0);
}

TEST_F(MainWindowTest, StatsReachOverviewAndInspector)
{
    const core::SandboxInfo* running = nullptr;
    SandboxTableModel& model = window->sandboxModel();
    for (int row = 0; row < model.rowCount() && !running; ++row) {
        if (model.sandbox(row)->state == core::SandboxState::Running)
            running = model.sandbox(row);
    }
    ASSERT_NE(running, nullptr);
    // Copies, because the row may move while the event loop runs.
    const QString hostUri = QString::fromStdString(running->hostUri);
    window->inspectorPanel().showSandbox(hostUri, QString::fromStdString(running->domainName));

    // The first sample of a sandbox has no rates yet, so the host's CPU comes with a later poll.
    const HostHeatMap& heatMap = window->overviewPanel().heatMap();
    QSignalSpy ticked(&controller->stats(), &StatsCollector::ticked);
    for (int attempt = 0; attempt < 30 && std::isnan(heatMap.usedPercent(hostUri)); ++attempt)
        ASSERT_TRUE(ticked.wait(kHangGuardMs));

    EXPECT_GT(window->inspectorPanel().charts().pointCount(), 0u);
    ASSERT_FALSE(heatMap.layout().cells.empty());
    EXPECT_FALSE(std::isnan(heatMap.usedPercent(hostUri)));
}

TEST_F(MainWindowTest, CreatedSandboxAppearsInTable)
{
    QSignalSpy created(controller.get(), &FleetController::sandboxesCreated);
    QSignalSpy failed(controller.get(), &FleetController::requestFailed);
    core::CreateRequest request;
    request.templateName = "tiny";
    request.displayName = "smoke-1";

    controller->createSandboxes(request);
    waitUntilIdle();

    ASSERT_EQ(failed.count(), 0) << failed.first().first().toString().toStdString();
    ASSERT_EQ(created.count(), 1);
    const int row = rowOfName(QStringLiteral("smoke-1"));
    ASSERT_GE(row, 0);
    EXPECT_GT(window->operationModel().rowCount(), 0);
}

TEST_F(MainWindowTest, DestroyActionRemovesSelectedSandbox)
{
    SandboxesPanel& panel = window->sandboxesPanel();
    ASSERT_GT(panel.proxy()->rowCount(), 0) << "model rows: " << window->sandboxModel().rowCount();
    const QString name = panel.proxy()->index(0, SandboxTableModel::Name).data().toString();
    const int before = window->sandboxModel().rowCount();
    panel.view()->selectRow(0);
    window->actions().setDestroyConfirmation([](QWidget*, int) { return true; });
    ASSERT_TRUE(window->actions().destroy()->isEnabled());

    window->actions().destroy()->trigger();
    waitUntilIdle();
    // Removal events are delivered through the event loop after the call returns.
    QCoreApplication::processEvents();

    EXPECT_EQ(window->sandboxModel().rowCount(), before - 1);
    EXPECT_EQ(rowOfName(name), -1);
}

TEST_F(MainWindowTest, FailedRequestReachesMessageLog)
{
    core::CreateRequest request;
    request.templateName = "no-such-template";

    controller->createSandboxes(request);
    waitUntilIdle();

    EXPECT_TRUE(window->activityPanel().messageLog()->toPlainText().contains(QStringLiteral("no-such-template")));
}

TEST_F(MainWindowTest, BranchesSelectionFollowsTable)
{
    SandboxesPanel& table = window->sandboxesPanel();
    BranchesPanel& branches = window->branchesPanel();
    ASSERT_GT(table.proxy()->rowCount(), 1);
    EXPECT_EQ(window->branchModel().sandboxCount(), window->sandboxModel().rowCount());

    table.view()->selectRow(1);
    const QString tableDomain = table.proxy()->index(1, 0).data(SandboxTableModel::DomainNameRole).toString();
    EXPECT_EQ(branches.view()->currentIndex().data(BranchTreeModel::DomainNameRole).toString(), tableDomain);

    // Picking another sandbox in the tree selects it in the table, which drives the inspector and the actions.
    const QModelIndex other = branches.proxy()->index(0, 0);
    const QString otherDomain = other.data(BranchTreeModel::DomainNameRole).toString();
    ASSERT_NE(otherDomain, tableDomain);
    branches.view()->selectionModel()->setCurrentIndex(other, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QList<core::SandboxInfo> selected = table.selectedSandboxes();
    ASSERT_EQ(selected.size(), 1);
    EXPECT_EQ(QString::fromStdString(selected.front().domainName), otherDomain);
}

TEST_F(MainWindowTest, DestroySubtreeRemovesSandbox)
{
    BranchesPanel& branches = window->branchesPanel();
    const int before = window->branchModel().sandboxCount();
    ASSERT_GT(before, 0);
    const QModelIndex first = branches.proxy()->index(0, 0);
    const QString domain = first.data(BranchTreeModel::DomainNameRole).toString();
    const QString host = first.data(BranchTreeModel::HostUriRole).toString();
    branches.view()->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    int confirmedCount = 0;
    branches.setSubtreeConfirmation([&](QWidget*, const QString&, int count) {
        confirmedCount = count;
        return true;
    });
    ASSERT_TRUE(branches.destroySubtreeAction()->isEnabled());
    QSignalSpy destroyed(controller.get(), &FleetController::subtreeDestroyed);

    branches.destroySubtreeAction()->trigger();
    waitUntilIdle();
    QCoreApplication::processEvents();

    EXPECT_EQ(confirmedCount, 1);
    ASSERT_EQ(destroyed.count(), 1);
    EXPECT_EQ(destroyed.front().at(1).toInt(), 1);
    EXPECT_FALSE(window->branchModel().indexOfSandbox(host, domain).isValid());
    EXPECT_EQ(window->branchModel().sandboxCount(), before - 1);
}

TEST_F(MainWindowTest, PromoteNeedsStoppedSandbox)
{
    BranchesPanel& branches = window->branchesPanel();
    const QModelIndex first = branches.proxy()->index(0, 0);
    ASSERT_TRUE(first.isValid());
    branches.view()->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const auto state = core::SandboxState(first.data(BranchTreeModel::StateRole).toInt());

    EXPECT_EQ(branches.promoteAction()->isEnabled(),
              state == core::SandboxState::Stopped || state == core::SandboxState::Asleep);
}

}  // namespace
}  // namespace shoal::ui
