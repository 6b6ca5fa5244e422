#include "ui/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

#include "core/log.h"

namespace shoal::ui {

bool installTranslators(QCoreApplication& application, const QLocale& locale)
{
    // qt_add_translations embeds the compiled catalogues under :/i18n/.
    auto* shoalTranslator = new QTranslator(&application);
    const bool found = shoalTranslator->load(locale, QStringLiteral("shoal"), QStringLiteral("_"),
                                             QStringLiteral(":/i18n"));
    if (found) {
        QCoreApplication::installTranslator(shoalTranslator);
        core::logger("ui")->info("Loaded translation for locale {}", locale.name().toStdString());
    } else {
        delete shoalTranslator;
    }

    auto* qtTranslator = new QTranslator(&application);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;

    return found;
}

}  // namespace shoal::ui
