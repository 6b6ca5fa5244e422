#pragma once

#include <cstdint>
#include <vector>

#include <QWidget>

#include "core/model.h"
#include "core/stats.h"

class QCustomPlot;
class QLabel;

namespace shoal::ui {

// The inspector's live charts of one sandbox over the last 15 minutes: CPU, memory (balloon
// actual and guest-reported use), disk and network I/O. The burst window is shaded on each chart,
// and a line under them shows the planned and applied burst quota.
class SandboxCharts : public QWidget {
    Q_OBJECT

public:
    static constexpr double kWindowSeconds = 900.0;
    // Two missed polls at one tick a second break the line instead of joining across the gap.
    static constexpr std::int64_t kMaxStepMs = 2500;

    explicit SandboxCharts(QWidget* parent = nullptr);

    // Drops every point; the charts show nothing until the next points arrive.
    void clear();
    // Replaces the points with a loaded series, keeping any newer points that arrived meanwhile.
    void setSeries(const std::vector<core::StatsPoint>& points);
    void appendPoints(const std::vector<core::StatsPoint>& points);
    void setBurst(const core::BurstStatus& burst);
    // Redraws the charts with the window ending at `nowMs` (Unix time).
    void replot(std::int64_t nowMs);

    std::size_t pointCount() const { return m_points.size(); }
    QString burstText() const;

private:
    QCustomPlot* addPlot(const QString& title, const QString& unit);
    void trim(std::int64_t nowMs);

    std::vector<QCustomPlot*> m_plots;    // CPU, memory, disk, network
    QLabel* m_burstLabel;
    std::vector<core::StatsPoint> m_points;
    core::BurstStatus m_burst;
};

}  // namespace shoal::ui
