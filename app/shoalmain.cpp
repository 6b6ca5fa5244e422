// The console: opens the simulated fleet (unless --no-simulated), the stored hosts and the hosts
// given with --host, and shows the main window.

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QScreen>
#include <QTimer>

#include "app/composition.h"
#include "app/qtmessagelog.h"
#include "core/log.h"
#include "core/store.h"
#include "ui/fleetcontroller.h"
#include "ui/warmpoolpanel.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

namespace {

using namespace shoal;

struct ConsoleOptions {
    QStringList hostUris;
    QStringList zones;
    QStringList pools;
    app::SimulatedFleetSize simulatedSize;
    bool simulated = true;
    QString databasePath;
    QString screenshotPath;
    QString tab;                       // overview, sandboxes, placement or branches
    int quitAfterMs = -1;
};

ConsoleOptions parseOptions(const QApplication& application)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shoal console for fleets of libvirt MicroVM sandboxes."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Add and store the libvirt host URI (repeatable)."), QStringLiteral("URI"));
    const QCommandLineOption zone(QStringLiteral("zone"), QStringLiteral("Zone of the matching --host (default \"default\")."), QStringLiteral("ZONE"));
    const QCommandLineOption pool(QStringLiteral("pool"), QStringLiteral("Pool of the matching --host (default \"default\")."), QStringLiteral("POOL"));
    const QCommandLineOption hosts(QStringLiteral("hosts"), QStringLiteral("Number of simulated hosts, spread over 3 zones and the pools baseline and serverless (default 24)."), QStringLiteral("N"), QStringLiteral("24"));
    const QCommandLineOption sandboxes(QStringLiteral("sandboxes"), QStringLiteral("Number of sandboxes already on the simulated hosts, spread evenly over them (default 72)."), QStringLiteral("N"), QStringLiteral("72"));
    const QCommandLineOption noSimulated(QStringLiteral("no-simulated"), QStringLiteral("Do not open the simulated fleet."));
    const QCommandLineOption database(QStringLiteral("db"), QStringLiteral("SQLite database file (default $SHOAL_DB or ~/.local/share/shoal/shoal.db)."), QStringLiteral("PATH"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window to PATH, then quit."), QStringLiteral("PATH"));
    const QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Tab to show at start: overview, sandboxes, placement or branches (default sandboxes)."), QStringLiteral("TAB"), QStringLiteral("sandboxes"));
    const QCommandLineOption quitAfter(QStringLiteral("quit-after-ms"), QStringLiteral("Quit (after the screenshot) this many milliseconds after start."), QStringLiteral("MS"));
    parser.addOptions({host, zone, pool, hosts, sandboxes, noSimulated, database, screenshot, tab, quitAfter});
    parser.process(application);

    ConsoleOptions options;
    options.hostUris = parser.values(host);
    options.zones = parser.values(zone);
    options.pools = parser.values(pool);
    options.simulatedSize.hosts = parser.value(hosts).toInt();
    options.simulatedSize.sandboxes = parser.value(sandboxes).toInt();
    options.simulated = !parser.isSet(noSimulated);
    options.databasePath = parser.value(database);
    options.screenshotPath = parser.value(screenshot);
    options.tab = parser.value(tab);
    if (parser.isSet(quitAfter))
        options.quitAfterMs = parser.value(quitAfter).toInt();
    else if (!options.screenshotPath.isEmpty())
        options.quitAfterMs = 5000;

    if (options.simulatedSize.hosts < 1 || options.simulatedSize.sandboxes < 0) {
        std::fprintf(stderr, "shoal: --hosts must be at least 1 and --sandboxes at least 0\n");
        std::exit(2);
    }
    return options;
}

// Returns the label given for the host at `position`, or "default" when fewer were given.
std::string labelAt(const QStringList& labels, qsizetype position)
{
    if (position < labels.size())
        return labels[position].toStdString();
    return "default";
}

void addHosts(ui::FleetController& controller, app::Composition& composition, const ConsoleOptions& options)
{
    if (options.simulated) {
        auto specs = composition.createSimulatedFleet(options.simulatedSize);
        if (!specs)
            core::logger("app")->error("Failed to create the simulated fleet: {}", specs.error().detail);
        for (const core::HostSpec& spec : specs.value_or(std::vector<core::HostSpec>{}))
            controller.addHost(spec, core::Fleet::Persistence::InMemory);
        if (core::Status applied = composition.applySimulatedFleetPolicy(); !applied)
            core::logger("app")->error("Failed to apply the simulated fleet's policy: {}", applied.error().detail);
    }

    // A host stored by an earlier run is connected by Fleet::load already.
    std::vector<core::HostSpec> stored = composition.store().hosts().value_or(std::vector<core::HostSpec>{});
    for (qsizetype position = 0; position < options.hostUris.size(); ++position) {
        core::HostSpec spec;
        spec.uri = options.hostUris[position].toStdString();
        spec.labels.zone = labelAt(options.zones, position);
        spec.labels.pool = labelAt(options.pools, position);
        const bool known = std::any_of(stored.begin(), stored.end(),
                                       [&spec](const core::HostSpec& host) { return host.uri == spec.uri; });
        if (!known)
            controller.addHost(spec, core::Fleet::Persistence::Persist);
    }
}

void scheduleScreenshot(ui::MainWindow& window, const ConsoleOptions& options)
{
    if (options.quitAfterMs < 0)
        return;
    QTimer::singleShot(options.quitAfterMs, &window, [&window, path = options.screenshotPath] {
        if (!path.isEmpty()) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            if (!window.grab().save(path, "PNG"))
                core::logger("app")->error("Failed to save the screenshot to \"{}\"", path.toStdString());
            else
                core::logger("app")->info("Saved the screenshot to \"{}\"", path.toStdString());
        }
        QApplication::quit();
    });
}

// Returns false, with advice on stderr, when Qt would abort for want of a display.
bool checkDisplay()
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return true;
    std::fprintf(stderr, "shoal: no display found (DISPLAY and WAYLAND_DISPLAY are unset). Run it under a "
                         "virtual X server with \"xvfb-run -a shoal\", or use shoalctl.\n");
    return false;
}

}  // namespace

int main(int argc, char* argv[])
{
    if (!checkDisplay())
        return 1;
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("shoal"));
    QApplication::setApplicationDisplayName(QStringLiteral("Shoal"));
    QApplication::setApplicationVersion(QStringLiteral(SHOAL_VERSION));
    app::setupLoggingFromEnvironment();
    app::routeQtMessagesToLog();
    ui::installTranslators(application, QLocale::system());
    const ConsoleOptions options = parseOptions(application);

    auto domainType = app::domainTypeFromEnvironment();
    if (!domainType) {
        std::fprintf(stderr, "shoal: %s\n", domainType.error().detail.c_str());
        return 2;
    }
    auto composition = app::Composition::build({app::resolveDatabasePath(options.databasePath.toStdString()),
                                                 app::resolveGuestDirectory(), *domainType});
    if (!composition) {
        std::fprintf(stderr, "shoal: %s\n", composition.error().detail.c_str());
        return 1;
    }

    // The controller becomes the fleet's listener before load() can send the first update.
    auto controller = std::make_unique<ui::FleetController>((*composition)->fleet());
    if (auto loaded = (*composition)->fleet().load(); !loaded)
        std::fprintf(stderr, "shoal: %s\n", loaded.error().detail.c_str());

    auto window = std::make_unique<ui::MainWindow>(*controller);
    // Nine tenths of the screen, however large it is.
    window->resize(window->screen()->availableSize() * 9 / 10);
    if (options.tab == QStringLiteral("overview"))
        window->showTab(ui::MainWindow::Tab::Overview);
    else if (options.tab == QStringLiteral("placement"))
        window->showTab(ui::MainWindow::Tab::Placement);
    else if (options.tab == QStringLiteral("branches"))
        window->showTab(ui::MainWindow::Tab::Branches);
    // The warm pools read and set the fleet directly: they need no per-sandbox updates.
    auto* poolDock = new QDockWidget(QCoreApplication::translate("WarmPoolPanel", "Warm pools"), window.get());
    poolDock->setObjectName(QStringLiteral("warmPoolDock"));
    poolDock->setWidget(new ui::WarmPoolPanel((*composition)->fleet(), poolDock));
    window->addDockWidget(Qt::BottomDockWidgetArea, poolDock);
    window->show();
    addHosts(*controller, **composition, options);
    // One full snapshot once every host has been added, in case an update raced the first one.
    QObject::connect(controller.get(), &ui::FleetController::idle, controller.get(),
                     [&controller] { controller->loadSnapshot(); }, Qt::SingleShotConnection);
    scheduleScreenshot(*window, options);

    const int exitCode = QApplication::exec();

    // The fleet may call its listener until it is destroyed, so it goes before the controller.
    window.reset();
    controller->shutdown();
    (*composition)->destroyFleet();
    controller.reset();
    return exitCode;
}
