#include "ui/chartdata.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace shoal::ui::chartdata {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double metricValue(const core::StatsPoint& point, Metric metric)
{
    switch (metric) {
    case Metric::Cpu: return point.cpuPercent;
    case Metric::MemoryActual: return point.memoryActualMiB;
    case Metric::MemoryUsed: return point.memoryUsedMiB;
    case Metric::BlockRead: return point.blockReadBytesPerSecond;
    case Metric::BlockWrite: return point.blockWriteBytesPerSecond;
    case Metric::NetRx: return point.netRxBytesPerSecond;
    case Metric::NetTx: return point.netTxBytesPerSecond;
    }
    return kNaN;
}

// Returns the index of the first unit whose selector matches, or the unit count when none does.
std::size_t unitIndexFor(const core::HostLabels& labels, const core::Policy& policy)
{
    for (std::size_t index = 0; index < policy.units.size(); ++index) {
        if (policy.units[index].hosts.matches(labels))
            return index;
    }
    return policy.units.size();
}

}  // namespace

void TimeSeriesWindow::append(double seconds, double value)
{
    if (!m_times.isEmpty() && seconds < m_times.back())
        return;
    m_times.append(seconds);
    m_values.append(value);

    qsizetype expired = 0;
    while (expired < m_times.size() && m_times[expired] < seconds - m_spanSeconds)
        ++expired;
    if (expired > 0) {
        m_times.remove(0, expired);
        m_values.remove(0, expired);
    }
}

double TimeSeriesWindow::maxValue() const
{
    double highest = 0.0;
    for (double value : m_values) {
        if (!std::isnan(value))
            highest = std::max(highest, value);
    }
    return highest;
}

std::vector<PoolUtilisation> poolUtilisation(const QList<core::HostStatus>& hosts, const core::Policy& policy,
                                             const QHash<QString, double>& cpuPercentByHost)
{
    struct Sums {
        std::size_t unitIndex = 0;
        PoolUtilisation result;
        double cpus = 0.0;
        double memoryMiB = 0.0;
        double vcpus = 0.0;
        double allocatedMemoryMiB = 0.0;
        double cpuPercent = 0.0;
    };
    std::map<QString, Sums> byPool;
    for (const core::HostStatus& host : hosts) {
        if (host.connection != core::ConnectionState::Connected)
            continue;
        const QString pool = QString::fromStdString(host.spec.labels.pool);
        auto [entry, inserted] = byPool.try_emplace(pool);
        Sums& sums = entry->second;
        if (inserted) {
            sums.unitIndex = unitIndexFor(host.spec.labels, policy);
            sums.result.pool = pool;
            if (sums.unitIndex < policy.units.size()) {
                sums.result.unit = QString::fromStdString(policy.units[sums.unitIndex].name);
                sums.result.overflow = policy.units[sums.unitIndex].when.has_value();
            }
        }
        sums.result.hosts += 1;
        sums.cpus += host.capacity.cpus;
        sums.memoryMiB += double(host.capacity.memoryMiB);
        sums.vcpus += host.capacity.allocatedVcpus;
        sums.allocatedMemoryMiB += double(host.capacity.allocatedMemoryMiB);
        sums.cpuPercent += cpuPercentByHost.value(QString::fromStdString(host.spec.uri), 0.0);
    }

    std::vector<Sums> ordered;
    for (auto& [pool, sums] : byPool) {
        const double cpuCapacity = sums.cpus * std::max(policy.overcommit.cpu, 0.01);
        const double memoryCapacity = sums.memoryMiB * std::max(policy.overcommit.memory, 0.01);
        sums.result.vcpuAllocated = cpuCapacity > 0 ? sums.vcpus / cpuCapacity : 0.0;
        sums.result.memoryAllocated = memoryCapacity > 0 ? sums.allocatedMemoryMiB / memoryCapacity : 0.0;
        sums.result.cpuUsed = sums.cpus > 0 ? sums.cpuPercent / (100.0 * sums.cpus) : 0.0;
        ordered.push_back(sums);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Sums& left, const Sums& right) { return left.unitIndex < right.unitIndex; });

    std::vector<PoolUtilisation> result;
    result.reserve(ordered.size());
    for (const Sums& sums : ordered)
        result.push_back(sums.result);
    return result;
}

std::optional<double> overflowShare(const core::QueueStatus& queue)
{
    std::int64_t total = 0;
    std::int64_t overflow = 0;
    for (const core::QueueStatus::Unit& unit : queue.units) {
        total += unit.sandboxes;
        if (unit.overflow)
            overflow += unit.sandboxes;
    }
    if (total <= 0)
        return std::nullopt;
    return double(overflow) / double(total);
}

const HeatMapCell* HeatMapLayout::cellAt(int column, int row) const
{
    for (const HeatMapCell& cell : cells) {
        if (cell.column == column && cell.row == row)
            return &cell;
    }
    return nullptr;
}

HeatMapLayout heatMapLayout(const QList<core::HostStatus>& hosts)
{
    std::map<QString, std::map<QString, QString>> groups;  // "zone / pool" -> host name -> URI
    for (const core::HostStatus& host : hosts) {
        const QString group = QStringLiteral("%1 / %2").arg(QString::fromStdString(host.spec.labels.zone),
                                                             QString::fromStdString(host.spec.labels.pool));
        const QString name = QString::fromStdString(host.spec.name.empty() ? host.spec.uri : host.spec.name);
        groups[group][name] = QString::fromStdString(host.spec.uri);
    }

    HeatMapLayout layout;
    int row = 0;
    for (const auto& [group, members] : groups) {
        layout.rowLabels.append(group);
        int column = 0;
        for (const auto& [name, uri] : members)
            layout.cells.push_back(HeatMapCell{uri, name, column++, row});
        layout.columns = std::max(layout.columns, column);
        ++row;
    }
    return layout;
}

MetricSeries metricSeries(const std::vector<core::StatsPoint>& points, Metric metric, std::int64_t nowMs,
                          double windowSeconds, std::int64_t maxStepMs)
{
    MetricSeries series;
    const std::int64_t startMs = nowMs - static_cast<std::int64_t>(windowSeconds * 1000.0);
    std::int64_t previousMs = 0;
    for (const core::StatsPoint& point : points) {
        if (point.timestampMs < startMs || point.timestampMs > nowMs)
            continue;
        if (previousMs > 0 && point.timestampMs - previousMs > maxStepMs) {
            series.seconds.append(double(previousMs + (point.timestampMs - previousMs) / 2 - nowMs) / 1000.0);
            series.values.append(kNaN);
        }
        series.seconds.append(double(point.timestampMs - nowMs) / 1000.0);
        series.values.append(metricValue(point, metric));
        previousMs = point.timestampMs;
    }
    return series;
}

std::optional<std::pair<double, double>> burstSpan(const core::BurstStatus& burst, std::int64_t nowMs,
                                                   double windowSeconds)
{
    if (burst.windowStartMs <= 0 || burst.windowEndMs <= burst.windowStartMs)
        return std::nullopt;
    const double start = double(burst.windowStartMs - nowMs) / 1000.0;
    const double end = double(burst.windowEndMs - nowMs) / 1000.0;
    if (end < -windowSeconds || start > 0.0)
        return std::nullopt;
    return std::make_pair(std::max(start, -windowSeconds), std::min(end, 0.0));
}

}  // namespace shoal::ui::chartdata
