// The console's placement views on a small simulated fleet: a launch through the pending queue
// and an overflow unit, the policy editor and the what-if calculator.

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QThread>

#include "app/composition.h"
#include "ui/fleetcontroller.h"
#include "ui/inspectorpanel.h"
#include "ui/mainwindow.h"
#include "ui/placementpanel.h"
#include "ui/policydialog.h"

namespace shoal::ui {
namespace {

// Only a guard against a hang; the test never checks how long anything took.
constexpr int kHangGuardMs = 120'000;

// The baseline unit takes at most 20. The serverless unit takes sandboxes while more than 10 wait.
constexpr const char* kSmallOverflowPolicy = R"yaml(units:
  - name: baseline
    hosts: {pool: baseline}
    max: 20
  - name: serverless
    hosts: {pool: serverless}
    when: {pendingAbove: 10}
)yaml";

class PlacementViewTest : public testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(guestDirectory.isValid());
        auto built = app::Composition::build({":memory:", guestDirectory.path().toStdString(), core::DomainType::Auto});
        ASSERT_TRUE(built) << built.error().detail;
        composition = std::move(*built);
        controller = std::make_unique<FleetController>(composition->fleet());
        ASSERT_TRUE(composition->fleet().load());
        window = std::make_unique<MainWindow>(*controller);

        auto specs = composition->createSimulatedFleet({1, 4, 0});
        ASSERT_TRUE(specs) << specs.error().detail;
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

    void waitUntilIdle()
    {
        if (controller->pendingCalls() > 0) {
            QSignalSpy idle(controller.get(), &FleetController::idle);
            ASSERT_TRUE(idle.wait(kHangGuardMs));
        }
        QCoreApplication::processEvents();
        controller->flush();
    }

    // Runs the event loop until `condition` holds or the hang guard ends it.
    template <typename Condition>
    bool eventually(Condition condition)
    {
        QElapsedTimer timer;
        timer.start();
        while (!condition()) {
            if (timer.elapsed() > kHangGuardMs)
                return false;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            QThread::msleep(10);
        }
        return true;
    }

    QTemporaryDir guestDirectory;
    std::unique_ptr<app::Composition> composition;
    std::unique_ptr<FleetController> controller;
    std::unique_ptr<MainWindow> window;
};

TEST_F(PlacementViewTest, LaunchFillsBaselineThenOverflowWhileQueueIsLong)
{
    ASSERT_TRUE(composition->fleet().applyPolicy(kSmallOverflowPolicy, core::Fleet::Persistence::InMemory));
    core::CreateRequest request;
    request.templateName = "tiny";
    request.displayName = "load";
    request.count = 40;

    controller->createSandboxes(request);

    // 20 go to the baseline, then 10 to serverless while more than 10 wait; 10 stay pending.
    ASSERT_TRUE(eventually([&] {
        const core::QueueStatus queue = controller->queue();
        return queue.pending == 10 && queue.units.size() == 2 && queue.units[0].sandboxes == 20
            && queue.units[1].sandboxes == 10;
    }));
    window->showTab(MainWindow::Tab::Placement);
    PlacementPanel& panel = window->placementPanel();
    EXPECT_TRUE(panel.summaryText().contains(QStringLiteral("Pending: 10"))) << panel.summaryText().toStdString();
    EXPECT_EQ(panel.unitTable()->item(0, 2)->text(), QStringLiteral("20"));
    EXPECT_EQ(panel.unitTable()->item(1, 2)->text(), QStringLiteral("10"));
    EXPECT_EQ(panel.unitTable()->item(1, 5)->text(), QStringLiteral("no"));

    // Every placed sandbox explains itself in the inspector.
    waitUntilIdle();
    const core::SandboxInfo placed = composition->fleet().findSandbox("load-1").value();
    ASSERT_FALSE(placed.hostUri.empty());
    window->inspectorPanel().showSandbox(QString::fromStdString(placed.hostUri),
                                         QString::fromStdString(placed.domainName));
    ASSERT_TRUE(eventually([&] {
        return window->inspectorPanel().detailText(QStringLiteral("placement")).startsWith(QStringLiteral("Unit \"baseline\""));
    })) << window->inspectorPanel().detailText(QStringLiteral("placement")).toStdString();
}

TEST_F(PlacementViewTest, PolicyDialogRejectsBrokenPolicyWithItsLine)
{
    PolicyDialog dialog(*controller);
    dialog.editor()->setPlainText(QStringLiteral("units:\n  - name: baseline\n    max: many\n"));
    dialog.validate();

    EXPECT_FALSE(dialog.canApply());
    EXPECT_TRUE(dialog.statusText().contains(QStringLiteral("line 3"))) << dialog.statusText().toStdString();

    dialog.editor()->setPlainText(QString::fromUtf8(kSmallOverflowPolicy));
    dialog.validate();
    ASSERT_TRUE(dialog.canApply()) << dialog.statusText().toStdString();
    QSignalSpy applied(controller.get(), &FleetController::policyApplied);
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply)->click();
    ASSERT_TRUE(applied.wait(kHangGuardMs));
    EXPECT_EQ(composition->fleet().policy().text, kSmallOverflowPolicy);
}

TEST_F(PlacementViewTest, WhatIfFillsTheTableAndCreatesNothing)
{
    ASSERT_TRUE(composition->fleet().applyPolicy(kSmallOverflowPolicy, core::Fleet::Persistence::InMemory));
    const std::size_t before = composition->fleet().sandboxes().size();
    PlacementPanel& panel = window->placementPanel();
    QSignalSpy computed(controller.get(), &FleetController::whatIfComputed);

    panel.requestWhatIf(QStringLiteral("tiny"), 40);

    ASSERT_TRUE(computed.wait(kHangGuardMs));
    EXPECT_GT(panel.whatIfTable()->rowCount(), 0);
    EXPECT_TRUE(panel.whatIfSummary().startsWith(QStringLiteral("30 of 40"))) << panel.whatIfSummary().toStdString();
    EXPECT_EQ(composition->fleet().sandboxes().size(), before);
}

}  // namespace
}  // namespace shoal::ui
