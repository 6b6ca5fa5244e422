#include "ui/sandboxcharts.h"

#include <algorithm>
#include <cmath>

#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/chartdata.h"
#include "ui/chartstyle.h"
#include "ui/displaytext.h"

namespace shoal::ui {

namespace {

using chartdata::Metric;

constexpr double kKiB = 1024.0;

struct Line {
    int plot;
    Metric metric;
    const char* name;
    double scale;                         // the chart's unit over the metric's unit
};

// Which metric goes on which chart, in what unit.
const Line kLines[] = {
    {0, Metric::Cpu, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "CPU"), 1.0},
    {1, Metric::MemoryActual, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "balloon actual"), 1.0},
    {1, Metric::MemoryUsed, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "guest in use"), 1.0},
    {2, Metric::BlockRead, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "read"), 1.0 / kKiB},
    {2, Metric::BlockWrite, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "write"), 1.0 / kKiB},
    {3, Metric::NetRx, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "received"), 1.0 / kKiB},
    {3, Metric::NetTx, QT_TRANSLATE_NOOP("shoal::ui::SandboxCharts", "sent"), 1.0 / kKiB},
};

QString percent(double value)
{
    return QStringLiteral("%1 %").arg(value, 0, 'f', 0);
}

}  // namespace

SandboxCharts::SandboxCharts(QWidget* parent)
    : QWidget(parent)
    , m_burstLabel(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plots = {addPlot(tr("CPU"), tr("% of one core")), addPlot(tr("Memory"), tr("MiB")),
               addPlot(tr("Disk I/O"), tr("KiB/s")), addPlot(tr("Network I/O"), tr("KiB/s"))};
    for (QCustomPlot* plot : m_plots)
        layout->addWidget(plot, 1);
    m_burstLabel->setWordWrap(true);
    layout->addWidget(m_burstLabel);

    int colorIndex = 0;
    int previousPlot = -1;
    for (const Line& line : kLines) {
        colorIndex = line.plot == previousPlot ? colorIndex + 1 : 0;
        previousPlot = line.plot;
        QCPGraph* graph = m_plots[std::size_t(line.plot)]->addGraph();
        graph->setName(tr(line.name));
        graph->setPen(QPen(chartstyle::seriesColor(colorIndex), 1.5));
    }
    setBurst({});
}

QCustomPlot* SandboxCharts::addPlot(const QString& title, const QString& unit)
{
    auto* plot = new QCustomPlot(this);
    chartstyle::setUpPlot(*plot, title);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot->yAxis->setLabel(unit);
    plot->xAxis->setRange(-kWindowSeconds, 0);
    plot->setMinimumHeight(110);

    // The burst window: a band over the whole height of the axis rect.
    auto* band = new QCPItemRect(plot);
    band->setObjectName(QStringLiteral("burstWindow"));
    band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band->topLeft->setCoords(0, 0);
    band->bottomRight->setCoords(0, 1);
    band->setPen(Qt::NoPen);
    band->setBrush(QColor(0xe8, 0xa3, 0x3d, 50));
    band->setLayer(QStringLiteral("background"));
    band->setVisible(false);
    return plot;
}

void SandboxCharts::clear()
{
    m_points.clear();
}

void SandboxCharts::setSeries(const std::vector<core::StatsPoint>& points)
{
    std::vector<core::StatsPoint> merged = points;
    const std::int64_t lastLoadedMs = merged.empty() ? 0 : merged.back().timestampMs;
    for (const core::StatsPoint& point : m_points) {
        if (point.timestampMs > lastLoadedMs)
            merged.push_back(point);
    }
    m_points = std::move(merged);
}

void SandboxCharts::appendPoints(const std::vector<core::StatsPoint>& points)
{
    for (const core::StatsPoint& point : points) {
        if (m_points.empty() || point.timestampMs > m_points.back().timestampMs)
            m_points.push_back(point);
    }
}

void SandboxCharts::setBurst(const core::BurstStatus& burst)
{
    m_burst = burst;
    m_burstLabel->setText(burstText());
}

QString SandboxCharts::burstText() const
{
    if (m_burst.windowEndMs <= 0)
        return tr("Burst: no burst window yet.");
    const QString state = m_burst.active ? tr("Burst window open") : tr("Last burst window closed");
    QString cpu = tr("CPU planned %1 per vCPU").arg(percent(m_burst.plannedCpuPercent));
    cpu += m_burst.appliedCpuPercent ? tr(", applied %1").arg(percent(*m_burst.appliedCpuPercent))
                                     : tr(", not applied");
    QString memory = tr("memory planned %1").arg(DisplayText::memory(m_burst.plannedMemoryMiB));
    memory += m_burst.appliedMemoryMiB ? tr(", applied %1").arg(DisplayText::memory(*m_burst.appliedMemoryMiB))
                                       : tr(", not applied");
    QString text = QStringLiteral("%1: %2; %3.").arg(state, cpu, memory);
    if (!m_burst.appliedOnHost)
        text += QLatin1Char(' ') + tr("This host cannot apply quotas, so the plan is shown only.");
    return text;
}

void SandboxCharts::trim(std::int64_t nowMs)
{
    const std::int64_t oldestMs = nowMs - static_cast<std::int64_t>(kWindowSeconds * 1000.0);
    const auto firstKept = std::find_if(m_points.begin(), m_points.end(),
                                        [oldestMs](const core::StatsPoint& point) { return point.timestampMs >= oldestMs; });
    m_points.erase(m_points.begin(), firstKept);
}

void SandboxCharts::replot(std::int64_t nowMs)
{
    trim(nowMs);
    std::vector<double> highest(m_plots.size(), 0.0);
    std::vector<int> graphIndex(m_plots.size(), 0);
    for (const Line& line : kLines) {
        const std::size_t plotIndex = std::size_t(line.plot);
        chartdata::MetricSeries series = chartdata::metricSeries(m_points, line.metric, nowMs, kWindowSeconds, kMaxStepMs);
        for (double& value : series.values) {
            value *= line.scale;
            if (!std::isnan(value))
                highest[plotIndex] = std::max(highest[plotIndex], value);
        }
        m_plots[plotIndex]->graph(graphIndex[plotIndex]++)->setData(series.seconds, series.values, true);
    }

    const auto span = chartdata::burstSpan(m_burst, nowMs, kWindowSeconds);
    for (std::size_t index = 0; index < m_plots.size(); ++index) {
        QCustomPlot* plot = m_plots[index];
        plot->yAxis->setRange(0, std::max(highest[index] * 1.2, index == 0 ? 10.0 : 1.0));
        if (auto* band = qobject_cast<QCPItemRect*>(plot->item(0))) {
            band->setVisible(span.has_value());
            if (span) {
                band->topLeft->setCoords(span->first, 0);
                band->bottomRight->setCoords(span->second, 1);
            }
        }
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

}  // namespace shoal::ui
