#pragma once

#include <QHash>
#include <QMap>
#include <QVector>
#include <QWidget>

#include "ui/chartdata.h"

class QCustomPlot;
class QTimer;

namespace shoal::ui {

class FleetController;
class FleetTreeModel;
class HostHeatMap;
class SandboxTableModel;
struct FleetStatsTick;

// The Overview tab. It shows sandboxes per zone stacked by pool, allocation and use per pool and
// policy unit, and a heat map of CPU use per host. Over time it shows the pending queue and its
// oldest wait against the overflow thresholds, the share of sandboxes in overflow units and the
// number inside their burst window. The time charts take one sample per stats tick, and every
// chart replots at most once per tick. Model changes between ticks replot the count charts after
// a delay.
class OverviewPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kReplotDelayMs = 500;
    static constexpr double kHistorySeconds = 600.0;  // the time charts show the last ten minutes
    // A time chart whose latest values equal the ones it shows is drawn again after this long,
    // because only its ten-minute axis moved: an estimated pixel a second at the usual plot size.
    static constexpr double kFlatRedrawSeconds = 5.0;

    OverviewPanel(FleetController& controller, FleetTreeModel& fleet, SandboxTableModel& sandboxes,
                  QWidget* parent = nullptr);

    // Sandbox counts per zone and pool, as last plotted.
    QMap<QString, QMap<QString, int>> countsByZoneAndPool() const { return m_counts; }
    // Sandboxes inside their burst window, as last counted.
    int burstingSandboxes() const { return m_bursting; }
    const std::vector<chartdata::PoolUtilisation>& poolUtilisation() const { return m_utilisation; }
    HostHeatMap& heatMap() const { return *m_heatMap; }
    QCustomPlot* zonePlot() const { return m_zonePlot; }
    QCustomPlot* queuePlot() const { return m_queuePlot; }

    // Recounts and replots the count charts now instead of after the delay.
    void replot();
    // Takes one sample for the time charts and replots every chart. Each stats tick calls it.
    void applyStatsTick(const FleetStatsTick& tick);

signals:
    void zoneClicked(const QString& zone);
    void hostClicked(const QString& uri);

private:
    void createZonePlot();
    void createUtilisationPlot();
    void createQueuePlot();
    void createTrendPlot();
    void scheduleReplot();
    void recount();
    void plotZones();
    void plotUtilisation();
    void plotQueue(double nowSeconds);
    void plotTrends(double nowSeconds);
    void showZoneToolTip(const QPointF& position, const QPoint& globalPosition);
    void showGraphToolTip(QCustomPlot* plot, const QPointF& position, const QPoint& globalPosition);
    double secondsSinceStart() const;
    QVector<double> latestTimeValues() const;
    bool timeChartsNeedRedraw(double nowSeconds) const;

    FleetController& m_controller;
    FleetTreeModel& m_fleet;
    SandboxTableModel& m_sandboxes;
    QCustomPlot* m_zonePlot;
    QCustomPlot* m_utilisationPlot;
    QCustomPlot* m_queuePlot;
    QCustomPlot* m_trendPlot;
    HostHeatMap* m_heatMap;
    QTimer* m_replotTimer;
    qint64 m_startMs = 0;

    QMap<QString, QMap<QString, int>> m_counts;  // zone -> pool -> sandboxes
    QStringList m_zones;                         // the zone spread's x axis, in order
    int m_bursting = 0;
    bool m_countsDirty = true;                   // the models changed since the last count
    bool m_zonesStale = true;                    // counted since the zone spread was last drawn
    std::vector<chartdata::PoolUtilisation> m_utilisation;
    QHash<QString, double> m_cpuPercentByHost;   // latest measured CPU per host URI
    chartdata::TimeSeriesWindow m_pending{kHistorySeconds};
    chartdata::TimeSeriesWindow m_oldestWait{kHistorySeconds};
    chartdata::TimeSeriesWindow m_overflowShare{kHistorySeconds};
    chartdata::TimeSeriesWindow m_burstingHistory{kHistorySeconds};
    // The latest values of the time charts and their thresholds when they were last drawn.
    QVector<double> m_drawnTimeValues;
    double m_timeChartsDrawnAt = -1.0;           // seconds since start; negative before the first
};

}  // namespace shoal::ui
