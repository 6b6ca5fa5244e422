#include "ui/hostheatmap.h"

#include <cmath>

#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/chartstyle.h"
#include "ui/displaytext.h"

namespace shoal::ui {

HostHeatMap::HostHeatMap(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    chartstyle::setUpPlot(*m_plot, tr("CPU use per host"));
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    QCPColorGradient gradient;
    gradient.setColorStopAt(0.0, QColor(0xe8, 0xf1, 0xe4));
    gradient.setColorStopAt(0.5, QColor(0xf2, 0xc1, 0x4e));
    gradient.setColorStopAt(1.0, QColor(0xc0, 0x39, 0x2b));
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    m_map->setGradient(gradient);
    m_map->setDataRange(QCPRange(0, 100));

    auto* scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(1, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->setLabel(tr("% of host CPUs"));
    // The colour scale owns the gradient once linked, so it gets it after the link.
    m_map->setColorScale(scale);
    scale->setGradient(gradient);
    scale->setDataRange(QCPRange(0, 100));
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

    m_plot->xAxis->setLabel(tr("Host in its zone and pool (hover for its name, click to select it)"));
    auto columnTicker = QSharedPointer<QCPAxisTickerFixed>::create();
    columnTicker->setTickStep(1.0);
    columnTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(columnTicker);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumHeight(160);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    connect(m_plot, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent* event) { showToolTip(event->position(), event->globalPosition().toPoint()); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* event) {
        const QString uri = hostAt(event->position());
        if (!uri.isEmpty())
            emit hostClicked(uri);
    });
}

void HostHeatMap::setHosts(const QList<core::HostStatus>& hosts)
{
    QStringList uris;
    m_hosts.clear();
    for (const core::HostStatus& host : hosts) {
        const QString uri = QString::fromStdString(host.spec.uri);
        uris.append(uri);
        m_hosts.insert(uri, host);
    }
    uris.sort();
    if (uris == m_hostUris)
        return;
    m_hostUris = uris;
    m_layout = chartdata::heatMapLayout(hosts);

    const int columns = std::max(1, m_layout.columns);
    const int rows = std::max(1, int(m_layout.rowLabels.size()));
    m_map->data()->setSize(columns, rows);
    m_map->data()->setRange(QCPRange(0, columns - 1), QCPRange(0, rows - 1));
    m_map->data()->fill(std::nan(""));

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int row = 0; row < m_layout.rowLabels.size(); ++row)
        ticker->addTick(row, m_layout.rowLabels[row]);
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.5, rows - 0.5);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->setRange(-0.5, columns - 0.5);
    m_usedPercent.clear();
    setCpuPercent({});
}

void HostHeatMap::setCpuPercent(const QHash<QString, double>& cpuPercentByHost)
{
    for (const chartdata::HeatMapCell& cell : m_layout.cells) {
        const core::HostStatus host = m_hosts.value(cell.hostUri);
        const auto measured = cpuPercentByHost.constFind(cell.hostUri);
        double value = std::nan("");
        if (measured != cpuPercentByHost.constEnd() && host.capacity.cpus > 0) {
            value = measured.value() / host.capacity.cpus;
            m_usedPercent.insert(cell.hostUri, value);
        } else if (m_usedPercent.contains(cell.hostUri)) {
            value = m_usedPercent.value(cell.hostUri);
        }
        m_map->data()->setCell(cell.column, cell.row, value);
    }
}

void HostHeatMap::replot()
{
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString HostHeatMap::hostAt(const QPointF& position) const
{
    const int column = int(std::lround(m_plot->xAxis->pixelToCoord(position.x())));
    const int row = int(std::lround(m_plot->yAxis->pixelToCoord(position.y())));
    if (!m_plot->axisRect()->rect().contains(position.toPoint()))
        return {};
    const chartdata::HeatMapCell* cell = m_layout.cellAt(column, row);
    return cell ? cell->hostUri : QString();
}

void HostHeatMap::showToolTip(const QPointF& position, const QPoint& globalPosition)
{
    const QString uri = hostAt(position);
    if (uri.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    const core::HostStatus host = m_hosts.value(uri);
    const QString name = QString::fromStdString(host.spec.name.empty() ? host.spec.uri : host.spec.name);
    const double used = m_usedPercent.value(uri, std::nan(""));
    const QString usedText = std::isnan(used) ? tr("no stats yet") : tr("%1 % of its CPUs busy").arg(used, 0, 'f', 1);
    const QString text = tr("Host %1 (%2, %3): %4; %5 of %6 vCPUs and %7 of %8 allocated; %9 sandboxes. "
                            "Click to select it in the fleet tree.")
                             .arg(name, QString::fromStdString(host.spec.labels.zone),
                                  QString::fromStdString(host.spec.labels.pool), usedText)
                             .arg(host.capacity.allocatedVcpus)
                             .arg(host.capacity.cpus)
                             .arg(DisplayText::memory(host.capacity.allocatedMemoryMiB),
                                  DisplayText::memory(host.capacity.memoryMiB))
                             .arg(host.sandboxCount);
    QToolTip::showText(globalPosition, text, m_plot);
}

}  // namespace shoal::ui
