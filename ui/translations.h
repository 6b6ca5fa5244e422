#pragma once

#include <QLocale>

class QCoreApplication;

namespace shoal::ui {

// Installs Shoal's translation for `locale`, and Qt's own for its standard dialogs, on
// `application`. The translators become children of the application. Returns whether Shoal's
// catalogue was found. English needs none, so it returns false.
bool installTranslators(QCoreApplication& application, const QLocale& locale);

}  // namespace shoal::ui
