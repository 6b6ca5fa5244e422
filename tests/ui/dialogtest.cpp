#include <gtest/gtest.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "samples.h"
#include "ui/addhostdialog.h"
#include "ui/newsandboxdialog.h"

namespace shoal::ui {
namespace {

core::Template makeTemplate(const std::string& name)
{
    core::Template sandboxTemplate;
    sandboxTemplate.name = name;
    return sandboxTemplate;
}

bool isOkEnabled(QDialogButtonBox* buttons)
{
    return buttons->button(QDialogButtonBox::Ok)->isEnabled();
}

TEST(NewSandboxDialog, WithoutTemplatesOkIsDisabled)
{
    NewSandboxDialog dialog({}, {});

    EXPECT_FALSE(isOkEnabled(dialog.buttons()));
    EXPECT_FALSE(dialog.validationMessage().isEmpty());
}

TEST(NewSandboxDialog, TemplateAndDefaultsAreValid)
{
    NewSandboxDialog dialog({makeTemplate("tiny")}, {});

    EXPECT_TRUE(isOkEnabled(dialog.buttons()));
    const core::CreateRequest request = dialog.request();
    EXPECT_EQ(request.templateName, "tiny");
    EXPECT_TRUE(request.hostUri.empty());
    EXPECT_TRUE(request.displayName.empty());
    EXPECT_EQ(request.count, 1);
}

TEST(NewSandboxDialog, NameRejectedByFleetRuleDisablesOk)
{
    NewSandboxDialog dialog({makeTemplate("tiny")}, {});

    dialog.nameEdit()->setText(QStringLiteral(" lead"));

    EXPECT_FALSE(isOkEnabled(dialog.buttons()));
    EXPECT_TRUE(dialog.validationMessage().startsWith(QStringLiteral("Invalid name")));

    dialog.nameEdit()->setText(QStringLiteral("沙箱-1"));

    EXPECT_TRUE(isOkEnabled(dialog.buttons()));
    EXPECT_EQ(dialog.request().displayName, "沙箱-1");
}

TEST(NewSandboxDialog, HostListOffersOnlyConnectedHosts)
{
    core::HostStatus connected = test::makeHost("test:///up", "az1", "baseline");
    core::HostStatus down = test::makeHost("test:///down", "az1", "baseline");
    down.connection = core::ConnectionState::Disconnected;

    NewSandboxDialog dialog({makeTemplate("tiny")}, {connected, down});

    ASSERT_EQ(dialog.hostBox()->count(), 2);
    EXPECT_TRUE(dialog.hostBox()->itemData(0).toString().isEmpty());
    EXPECT_EQ(dialog.hostBox()->itemData(1).toString(), QStringLiteral("test:///up"));

    dialog.hostBox()->setCurrentIndex(1);
    dialog.countBox()->setValue(3);
    EXPECT_EQ(dialog.request().hostUri, "test:///up");
    EXPECT_EQ(dialog.request().count, 3);
}

TEST(AddHostDialog, EmptyUriIsInvalid)
{
    AddHostDialog dialog;

    dialog.uriEdit()->clear();

    EXPECT_FALSE(isOkEnabled(dialog.buttons()));
    EXPECT_FALSE(dialog.validationMessage().isEmpty());
}

TEST(AddHostDialog, MalformedUriIsNamedInMessage)
{
    AddHostDialog dialog;

    dialog.uriEdit()->setText(QStringLiteral("host1"));

    EXPECT_FALSE(isOkEnabled(dialog.buttons()));
    EXPECT_TRUE(dialog.validationMessage().contains(QStringLiteral("\"host1\"")));
}

TEST(AddHostDialog, RemoteUriWithLabelsBuildsSpec)
{
    AddHostDialog dialog;

    dialog.uriEdit()->setText(QStringLiteral("qemu+ssh://root@h1/system"));
    dialog.zoneBox()->setCurrentText(QStringLiteral("az2"));
    dialog.poolBox()->setCurrentText(QStringLiteral("serverless"));
    dialog.domainTypeBox()->setCurrentIndex(2);

    ASSERT_TRUE(isOkEnabled(dialog.buttons()));
    const core::HostSpec spec = dialog.hostSpec();
    EXPECT_EQ(spec.uri, "qemu+ssh://root@h1/system");
    EXPECT_EQ(spec.labels.zone, "az2");
    EXPECT_EQ(spec.labels.pool, "serverless");
    EXPECT_EQ(spec.domainType, core::DomainType::Qemu);
}

TEST(AddHostDialog, EmptyZoneIsInvalid)
{
    AddHostDialog dialog;

    dialog.zoneBox()->setCurrentText(QString());

    EXPECT_FALSE(isOkEnabled(dialog.buttons()));
}

}  // namespace
}  // namespace shoal::ui
