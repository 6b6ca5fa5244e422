#pragma once

#include <cmath>

#include <QHash>
#include <QWidget>

#include "core/model.h"
#include "ui/chartdata.h"

class QCPColorMap;
class QCustomPlot;

namespace shoal::ui {

// A heat map of CPU use per host: one row per zone and pool, one cell per host. Hovering a cell
// names the host and its figures; clicking it emits hostClicked.
class HostHeatMap : public QWidget {
    Q_OBJECT

public:
    explicit HostHeatMap(QWidget* parent = nullptr);

    // Lays the cells out again when the set of hosts changed.
    void setHosts(const QList<core::HostStatus>& hosts);
    // Colours each cell by the host's measured CPU over its CPUs (100 = all cores busy). A host
    // missing from `cpuPercentByHost` keeps its last colour, and one never measured stays empty.
    void setCpuPercent(const QHash<QString, double>& cpuPercentByHost);
    void replot();

    const chartdata::HeatMapLayout& layout() const { return m_layout; }
    QCustomPlot* plot() const { return m_plot; }

    // Returns the host's last measured CPU use in percent of its CPUs, or NaN when none arrived.
    double usedPercent(const QString& uri) const { return m_usedPercent.value(uri, std::nan("")); }

    // Returns the host URI under a point in plot pixels, or an empty string.
    QString hostAt(const QPointF& position) const;

signals:
    void hostClicked(const QString& uri);

private:
    void showToolTip(const QPointF& position, const QPoint& globalPosition);

    QCustomPlot* m_plot;
    QCPColorMap* m_map;
    chartdata::HeatMapLayout m_layout;
    QHash<QString, core::HostStatus> m_hosts;
    QHash<QString, double> m_usedPercent;  // per host URI, share of its CPUs in percent
    QStringList m_hostUris;                // sorted, to tell when the layout must change
};

}  // namespace shoal::ui
