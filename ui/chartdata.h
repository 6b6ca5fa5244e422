#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QHash>
#include <QList>
#include <QString>
#include <QVector>

#include "core/fleet.h"
#include "core/model.h"
#include "core/stats.h"

// Pure functions and small containers that turn fleet values into chart data. Nothing here
// touches a widget, so each piece is unit-tested on its own.
namespace shoal::ui::chartdata {

// Values over a sliding time span: points older than `spanSeconds` before the newest one are
// dropped. Times are seconds on any clock that only moves forward.
class TimeSeriesWindow {
public:
    explicit TimeSeriesWindow(double spanSeconds) : m_spanSeconds(spanSeconds) {}

    // Appends one point; a time before the newest point is ignored, so the series stays sorted.
    void append(double seconds, double value);

    const QVector<double>& times() const { return m_times; }
    const QVector<double>& values() const { return m_values; }
    bool isEmpty() const { return m_times.isEmpty(); }
    double spanSeconds() const { return m_spanSeconds; }
    // The largest value kept, or 0 when empty; NaN values are skipped.
    double maxValue() const;

private:
    double m_spanSeconds;
    QVector<double> m_times;
    QVector<double> m_values;
};

// Allocation and use of one pool, as fractions of its capacity (1.0 is full).
struct PoolUtilisation {
    QString pool;
    QString unit;                        // the first policy unit whose selector matches the pool's hosts
    bool overflow = false;               // that unit is an overflow unit
    int hosts = 0;
    double vcpuAllocated = 0.0;          // allocated vCPUs over host CPUs times the CPU overcommit
    double memoryAllocated = 0.0;        // allocated memory over host memory times the memory overcommit
    double cpuUsed = 0.0;                // measured CPU over host CPUs; 0 before the first stats tick
};

// Groups connected hosts by pool, in the order the policy tries their units, then by name.
// `cpuPercentByHost` is the latest measured CPU per host URI (100 = one core).
std::vector<PoolUtilisation> poolUtilisation(const QList<core::HostStatus>& hosts, const core::Policy& policy,
                                             const QHash<QString, double>& cpuPercentByHost);

// The share of placed sandboxes that sit in overflow units, or nothing when no unit contains any.
std::optional<double> overflowShare(const core::QueueStatus& queue);

// One cell of the host heat map.
struct HeatMapCell {
    QString hostUri;
    QString hostName;
    int column = 0;
    int row = 0;
};

// Hosts laid out with one row per zone and pool (sorted) and one column per host in it.
struct HeatMapLayout {
    QStringList rowLabels;               // "zone / pool"
    int columns = 0;
    std::vector<HeatMapCell> cells;

    // Returns the cell at a column and row, or null where there is no host.
    const HeatMapCell* cellAt(int column, int row) const;
};
HeatMapLayout heatMapLayout(const QList<core::HostStatus>& hosts);

// One sandbox metric over the last `windowSeconds`, with x in seconds relative to `nowMs`
// (negative is the past). A NaN value in the input stays NaN, which the chart draws as a gap,
// and a gap of more than `maxStepMs` between two points gets a NaN point between them.
struct MetricSeries {
    QVector<double> seconds;
    QVector<double> values;
};
enum class Metric { Cpu, MemoryActual, MemoryUsed, BlockRead, BlockWrite, NetRx, NetTx };
MetricSeries metricSeries(const std::vector<core::StatsPoint>& points, Metric metric, std::int64_t nowMs,
                          double windowSeconds, std::int64_t maxStepMs);

// Returns the part of a burst window inside the last `windowSeconds` before `nowMs`, in seconds
// relative to `nowMs`. Returns nothing when the sandbox never burst or the window ended earlier.
std::optional<std::pair<double, double>> burstSpan(const core::BurstStatus& burst, std::int64_t nowMs,
                                                   double windowSeconds);

}  // namespace shoal::ui::chartdata
