// The template dialog on a fleet without hosts: a valid burst plan is stored, an invalid one is
// rejected with the fleet's message and leaves the stored plan as it was.

#include <gtest/gtest.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include "app/composition.h"
#include "ui/fleetcontroller.h"
#include "ui/templatedialog.h"

namespace shoal::ui {
namespace {

// Only a guard against a hang; the test never checks how long anything took.
constexpr int kHangGuardMs = 60'000;

class TemplateDialogTest : public testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(guestDirectory.isValid());
        auto built = app::Composition::build({":memory:", guestDirectory.path().toStdString(), core::DomainType::Auto});
        ASSERT_TRUE(built) << built.error().detail;
        composition = std::move(*built);
        controller = std::make_unique<FleetController>(composition->fleet());
        ASSERT_TRUE(composition->fleet().load());
        QSignalSpy loaded(controller.get(), &FleetController::snapshotLoaded);
        controller->loadSnapshot();
        ASSERT_TRUE(loaded.wait(kHangGuardMs));
    }

    void TearDown() override
    {
        if (controller)
            controller->shutdown();
        if (composition)
            composition->destroyFleet();
        controller.reset();
        composition.reset();
    }

    void clickApply(TemplateDialog& dialog)
    {
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply)->click();
    }

    QTemporaryDir guestDirectory;
    std::unique_ptr<app::Composition> composition;
    std::unique_ptr<FleetController> controller;
};

TEST_F(TemplateDialogTest, ValidPlanIsStored)
{
    TemplateDialog dialog(*controller, controller->templates());
    ASSERT_EQ(dialog.templateBox()->currentText(), QStringLiteral("tiny"));

    dialog.baselineBox()->setValue(50);
    dialog.factorBox()->setValue(4);
    dialog.windowBox()->setValue(10);
    dialog.memoryBox()->setValue(512);
    EXPECT_TRUE(dialog.statusText().contains(QStringLiteral("200 % CPU per vCPU and 512 MiB"))) << dialog.statusText().toStdString();

    QSignalSpy applied(controller.get(), &FleetController::burstPlanApplied);
    clickApply(dialog);
    ASSERT_TRUE(applied.wait(kHangGuardMs));

    core::Result<core::Template> stored = composition->fleet().findTemplate("tiny");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->burst.baselineCpuPercent, 50.0);
    EXPECT_EQ(stored->burst.cpuFactor, 4.0);
    EXPECT_EQ(stored->burst.windowSeconds, 10);
    EXPECT_EQ(stored->burst.burstMemoryMiB, 512u);
}

TEST_F(TemplateDialogTest, MemoryBelowTemplateIsRejected)
{
    TemplateDialog dialog(*controller, controller->templates());
    dialog.windowBox()->setValue(10);
    dialog.memoryBox()->setValue(128);
    EXPECT_TRUE(dialog.statusText().contains(QStringLiteral("burst memory 128 MiB is below")))
        << dialog.statusText().toStdString();

    QSignalSpy rejected(controller.get(), &FleetController::burstPlanRejected);
    clickApply(dialog);
    ASSERT_TRUE(rejected.wait(kHangGuardMs));
    EXPECT_TRUE(dialog.statusText().contains(QStringLiteral("Invalid burst plan"))) << dialog.statusText().toStdString();

    core::Result<core::Template> stored = composition->fleet().findTemplate("tiny");
    ASSERT_TRUE(stored);
    EXPECT_FALSE(stored->burst.enabled());
    EXPECT_EQ(stored->burst.burstMemoryMiB, 0u);
}

}  // namespace
}  // namespace shoal::ui
