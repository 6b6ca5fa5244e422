#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <QObject>
#include <QString>

#include "core/stats.h"

class QTimer;

namespace shoal::ui {

// One host's load in one stats tick.
struct HostLoad {
    std::string hostUri;
    std::int64_t timestampMs = 0;
    core::StatsPoint total;               // sums over the host's sandboxes
    int runningSandboxes = 0;
};

// The fleet's stats of one interval, sent to the GUI thread: the latest load of every host that
// reported since the previous tick, and the new points of the watched sandbox, oldest first.
struct FleetStatsTick {
    std::int64_t timestampMs = 0;         // when the collector sent it, Unix time
    std::vector<HostLoad> hosts;
    std::string watchedSandboxId;
    std::vector<core::StatsPoint> watchedPoints;
};

// Collects the fleet's per-host stats ticks, which arrive on host worker threads at their own
// phases, and sends them to the GUI thread as one FleetStatsTick per interval. Only the host
// totals and the watched sandbox's points cross threads, so the GUI thread never walks the
// values of every sandbox.
class StatsCollector : public QObject {
    Q_OBJECT

public:
    static constexpr int kIntervalMs = 1000;

    explicit StatsCollector(QObject* parent = nullptr);

    // Keeps the host's total and, when it carries the watched sandbox, that point. Any thread.
    void add(const core::HostStatsTick& tick);

    // Chooses the sandbox whose points travel with each tick; an empty id watches none. Any thread.
    void watchSandbox(const std::string& sandboxId);

    // Sends what was collected now instead of at the end of the interval, unless nothing was.
    // GUI thread.
    void flush();

signals:
    void ticked(const shoal::ui::FleetStatsTick& tick);

private:
    void scheduleFlushLocked();

    std::mutex m_mutex;
    FleetStatsTick m_pending;             // guarded by m_mutex
    QTimer* m_timer;                      // GUI thread only
    bool m_timerRunning = false;          // guarded by m_mutex
};

}  // namespace shoal::ui

Q_DECLARE_METATYPE(shoal::ui::FleetStatsTick)
