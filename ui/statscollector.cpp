#include "ui/statscollector.h"

#include <algorithm>

#include <QDateTime>
#include <QMetaObject>
#include <QTimer>

namespace shoal::ui {

StatsCollector::StatsCollector(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<FleetStatsTick>();
    m_timer->setInterval(kIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &StatsCollector::flush);
}

void StatsCollector::add(const core::HostStatsTick& tick)
{
    std::lock_guard lock(m_mutex);
    // A host that reported twice within one interval keeps only its latest total.
    auto host = std::find_if(m_pending.hosts.begin(), m_pending.hosts.end(),
                             [&tick](const HostLoad& load) { return load.hostUri == tick.hostUri; });
    if (host == m_pending.hosts.end())
        host = m_pending.hosts.insert(m_pending.hosts.end(), HostLoad{tick.hostUri, 0, {}, 0});
    host->timestampMs = tick.timestampMs;
    host->total = tick.total;
    host->runningSandboxes = tick.runningSandboxes;

    if (!m_pending.watchedSandboxId.empty()) {
        for (const core::SandboxTickValue& value : tick.sandboxes) {
            if (value.sandboxId == m_pending.watchedSandboxId) {
                m_pending.watchedPoints.push_back(value.point);
                break;
            }
        }
    }
    scheduleFlushLocked();
}

void StatsCollector::watchSandbox(const std::string& sandboxId)
{
    std::lock_guard lock(m_mutex);
    if (m_pending.watchedSandboxId == sandboxId)
        return;
    m_pending.watchedSandboxId = sandboxId;
    m_pending.watchedPoints.clear();
}

void StatsCollector::scheduleFlushLocked()
{
    // A repeating timer keeps the ticks one interval apart whatever the hosts' phases are.
    if (m_timerRunning)
        return;
    m_timerRunning = true;
    QMetaObject::invokeMethod(this, [this] { m_timer->start(); }, Qt::QueuedConnection);
}

void StatsCollector::flush()
{
    FleetStatsTick tick;
    {
        std::lock_guard lock(m_mutex);
        tick.hosts.swap(m_pending.hosts);
        tick.watchedSandboxId = m_pending.watchedSandboxId;
        tick.watchedPoints.swap(m_pending.watchedPoints);
        // An interval without any host report stops the timer until the next report.
        if (tick.hosts.empty() && tick.watchedPoints.empty()) {
            m_timerRunning = false;
            m_timer->stop();
            return;
        }
    }
    tick.timestampMs = QDateTime::currentMSecsSinceEpoch();
    emit ticked(tick);
}

}  // namespace shoal::ui
