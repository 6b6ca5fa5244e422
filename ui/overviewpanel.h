#pragma once

#include <QMap>
#include <QWidget>

class QCustomPlot;
class QTimer;

namespace shoal::ui {

class FleetTreeModel;
class SandboxTableModel;

// The Overview tab. For now it contains one chart, sandboxes per zone stacked by pool. Later
// dashboards (utilisation, queue, overflow, bursts) go beside it.
class OverviewPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kReplotDelayMs = 500;

    OverviewPanel(FleetTreeModel& fleet, SandboxTableModel& sandboxes, QWidget* parent = nullptr);

    // Sandbox counts per zone and pool, as last plotted.
    QMap<QString, QMap<QString, int>> countsByZoneAndPool() const { return m_counts; }

    // Recounts and replots now instead of after the delay.
    void replot();

private:
    void scheduleReplot();
    void recount();

    FleetTreeModel& m_fleet;
    SandboxTableModel& m_sandboxes;
    QCustomPlot* m_plot;
    QTimer* m_replotTimer;
    QMap<QString, QMap<QString, int>> m_counts; // zone -> pool -> sandboxes
};

}  // namespace shoal::ui
