#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

#include "samples.h"
#include "ui/displaytext.h"
#include "ui/sandboxtablemodel.h"

namespace shoal::ui {
namespace {

TEST(Translation, SimplifiedChineseCatalogueTranslatesUi)
{
    QTranslator translator;
    ASSERT_TRUE(translator.load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("shoal"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
    QCoreApplication::installTranslator(&translator);

    const QString running = DisplayText::sandboxState(core::SandboxState::Running);
    SandboxTableModel model;
    const QString header = model.headerData(SandboxTableModel::Memory, Qt::Horizontal, Qt::DisplayRole).toString();
    QCoreApplication::removeTranslator(&translator);

    EXPECT_EQ(running, QStringLiteral("运行中"));
    EXPECT_EQ(header, QStringLiteral("内存"));
}

}  // namespace
}  // namespace shoal::ui
