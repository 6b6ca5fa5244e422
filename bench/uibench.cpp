// Runs the real main window offscreen on a simulated fleet and measures what the GUI thread
// costs, printed as one JSON object:
//
//   shoal_bench_ui [--hosts N] [--sandboxes N] [--ticks N] [--warmup-s N]
//
//   time_to_first_full_table_s  from the start of main() until the Sandboxes table contains every
//                               sandbox of the simulated fleet
//   tick_gui_ms_p50/p99/max     GUI-thread busy time per stats tick interval, over --ticks ticks:
//                               every event the GUI thread handled from one stats tick to the
//                               next (applying the tick, model diffs, replots, paints, timers)
//   tick_apply_ms_p99           the part of it spent in the slots of the tick signal alone
//   idle_cpu_percent            the whole process's CPU time over the same ticks, one core = 100
//   peak_rss_mb                 VmHWM at the end
//
// The Overview tab is shown, the window is 1600x1000 and nothing is clicked.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <QApplication>
#include <QTimer>

#include "app/composition.h"
#include "core/log.h"
#include "ui/fleetcontroller.h"
#include "ui/mainwindow.h"
#include "ui/sandboxtablemodel.h"
#include "ui/statscollector.h"

namespace {

using namespace shoal;
using Clock = std::chrono::steady_clock;

const Clock::time_point kLaunch = Clock::now();

double millisecondsBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// A QApplication that adds up how long the GUI thread spends handling events. Nested events (a
// send inside a handler) count once, as part of the outer one.
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_depth > 0)
            return QApplication::notify(receiver, event);
        ++m_depth;
        const Clock::time_point started = Clock::now();
        const bool handled = QApplication::notify(receiver, event);
        m_busyMs += millisecondsBetween(started, Clock::now());
        --m_depth;
        return handled;
    }

    double busyMs() const { return m_busyMs; }

private:
    int m_depth = 0;
    double m_busyMs = 0.0;
};

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& time) { return double(time.tv_sec) + double(time.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long peakResidentMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atol(line.c_str() + 6) / 1024;
    }
    return 0;
}

int intArgument(int argc, char** argv, const char* name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    }
    return fallback;
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t index = std::min(values.size() - 1, std::size_t(fraction * double(values.size() - 1) + 0.5));
    return values[index];
}

struct Measurement {
    double firstFullTableSeconds = -1.0;
    std::vector<double> tickBusyMs;
    std::vector<double> tickApplyMs;
    double cpuPercent = 0.0;
    double measuredSeconds = 0.0;
};

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    const int hosts = intArgument(argc, argv, "--hosts", 100);
    const int sandboxes = intArgument(argc, argv, "--sandboxes", 10000);
    const int ticks = intArgument(argc, argv, "--ticks", 60);
    const int warmupSeconds = intArgument(argc, argv, "--warmup-s", 5);
    if (hosts < 1 || sandboxes < 0 || ticks < 1 || warmupSeconds < 0) {
        std::fprintf(stderr, "shoal_bench_ui: --hosts and --ticks must be at least 1, --sandboxes and --warmup-s at least 0\n");
        return 2;
    }

    TimedApplication application(argc, argv);
    core::LogOptions logging;
    logging.levels = "warn";
    logging.toFile = false;
    core::setupLogging(logging);

    auto composition = app::Composition::build({":memory:", app::resolveGuestDirectory(), core::DomainType::Auto});
    if (!composition) {
        std::fprintf(stderr, "shoal_bench_ui: %s\n", composition.error().detail.c_str());
        return 1;
    }
    auto controller = std::make_unique<ui::FleetController>((*composition)->fleet());
    if (auto loaded = (*composition)->fleet().load(); !loaded)
        std::fprintf(stderr, "shoal_bench_ui: %s\n", loaded.error().detail.c_str());

    Measurement measurement;
    Clock::time_point applyStarted;
    // Connected before the window's own slots, so it runs first.
    QObject::connect(&controller->stats(), &ui::StatsCollector::ticked, &application,
                     [&applyStarted] { applyStarted = Clock::now(); });

    auto window = std::make_unique<ui::MainWindow>(*controller);
    window->resize(1600, 1000);
    window->showTab(ui::MainWindow::Tab::Overview);
    window->show();

    auto specs = (*composition)->createSimulatedFleet({3, hosts, sandboxes});
    if (!specs) {
        std::fprintf(stderr, "shoal_bench_ui: %s\n", specs.error().detail.c_str());
        return 1;
    }
    for (const core::HostSpec& spec : *specs)
        controller->addHost(spec, core::Fleet::Persistence::InMemory);
    if (core::Status applied = (*composition)->applySimulatedFleetPolicy(); !applied)
        std::fprintf(stderr, "shoal_bench_ui: %s\n", applied.error().detail.c_str());
    // As the console does: one full snapshot once every host has been added.
    QObject::connect(controller.get(), &ui::FleetController::idle, controller.get(),
                     [&controller] { controller->loadSnapshot(); }, Qt::SingleShotConnection);

    ui::SandboxTableModel& table = window->sandboxModel();
    auto checkFull = [&] {
        if (measurement.firstFullTableSeconds < 0 && table.rowCount() >= sandboxes)
            measurement.firstFullTableSeconds = millisecondsBetween(kLaunch, Clock::now()) / 1000.0;
    };
    QObject::connect(&table, &QAbstractItemModel::rowsInserted, &application, checkFull);

    // After the warm-up, each tick closes one interval of GUI busy time.
    bool measuring = false;
    double busyAtLastTick = 0.0;
    double cpuAtStart = 0.0;
    Clock::time_point measureStart;
    QObject::connect(&controller->stats(), &ui::StatsCollector::ticked, &application, [&] {
        measurement.tickApplyMs.push_back(millisecondsBetween(applyStarted, Clock::now()));
        if (!measuring)
            return;
        measurement.tickBusyMs.push_back(application.busyMs() - busyAtLastTick);
        busyAtLastTick = application.busyMs();
        if (int(measurement.tickBusyMs.size()) > ticks) {
            measurement.measuredSeconds = millisecondsBetween(measureStart, Clock::now()) / 1000.0;
            measurement.cpuPercent = 100.0 * (cpuSeconds() - cpuAtStart) / measurement.measuredSeconds;
            QApplication::quit();
        }
    });
    QTimer warmup;
    warmup.setSingleShot(true);
    QObject::connect(&warmup, &QTimer::timeout, &application, [&] {
        if (measurement.firstFullTableSeconds < 0) {
            warmup.start(1000);
            return;
        }
        measuring = true;
        measurement.tickApplyMs.clear();
        busyAtLastTick = application.busyMs();
        cpuAtStart = cpuSeconds();
        measureStart = Clock::now();
    });
    warmup.start(warmupSeconds * 1000);

    QApplication::exec();

    // The first interval started mid-way between two ticks, so it is not a whole one.
    if (!measurement.tickBusyMs.empty())
        measurement.tickBusyMs.erase(measurement.tickBusyMs.begin());
    std::printf("{\"hosts\": %zu, \"sandboxes\": %d, \"ticks\": %zu, \"measured_s\": %.1f, "
                "\"time_to_first_full_table_s\": %.3f, \"tick_gui_ms_p50\": %.2f, \"tick_gui_ms_p99\": %.2f, "
                "\"tick_gui_ms_max\": %.2f, \"tick_apply_ms_p99\": %.2f, \"idle_cpu_percent\": %.1f, "
                "\"peak_rss_mb\": %ld}\n",
                specs->size(), table.rowCount(), measurement.tickBusyMs.size(), measurement.measuredSeconds,
                measurement.firstFullTableSeconds, percentile(measurement.tickBusyMs, 0.5),
                percentile(measurement.tickBusyMs, 0.99),
                measurement.tickBusyMs.empty() ? 0.0 : *std::max_element(measurement.tickBusyMs.begin(), measurement.tickBusyMs.end()),
                percentile(measurement.tickApplyMs, 0.99), measurement.cpuPercent, peakResidentMiB());

    window.reset();
    controller->shutdown();
    (*composition)->destroyFleet();
    controller.reset();
    return measurement.firstFullTableSeconds < 0 ? 1 : 0;
}
