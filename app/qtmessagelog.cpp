#include "app/qtmessagelog.h"

#include <QMessageLogContext>
#include <QString>
#include <QtGlobal>

#include "core/log.h"

namespace shoal::app {

namespace {

void logQtMessage(QtMsgType type, const QMessageLogContext& /*context*/, const QString& message)
{
    const auto log = core::logger("ui");
    const std::string text = message.toStdString();
    switch (type) {
    case QtDebugMsg: log->debug("Qt: {}", text); break;
    case QtInfoMsg: log->info("Qt: {}", text); break;
    case QtWarningMsg: log->warn("Qt: {}", text); break;
    case QtCriticalMsg: log->error("Qt: {}", text); break;
    case QtFatalMsg: log->critical("Qt: {}", text); break;
    }
}

}  // namespace

void routeQtMessagesToLog()
{
    qInstallMessageHandler(logQtMessage);
}

}  // namespace shoal::app
