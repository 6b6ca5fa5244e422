#include "ui/overviewpanel.h"

#include <cmath>
#include <map>
#include <string>

#include <QDateTime>
#include <QGridLayout>
#include <QTimer>
#include <QToolTip>

#include <qcustomplot.h>

#include "ui/chartstyle.h"
#include "ui/fleetcontroller.h"
#include "ui/fleettreemodel.h"
#include "ui/hostheatmap.h"
#include "ui/sandboxtablemodel.h"
#include "ui/statscollector.h"

namespace shoal::ui {

namespace {

constexpr double kBarWidth = 0.6;

QString orPlaceholder(const QString& text, const QString& placeholder)
{
    return text.isEmpty() ? placeholder : text;
}

// Sets the x axis to one labelled tick per category, at 1, 2, 3 and so on.
void setCategoryAxis(QCPAxis* axis, const QStringList& labels)
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int index = 0; index < labels.size(); ++index)
        ticker->addTick(index + 1, labels[index]);
    axis->setTicker(ticker);
    axis->setRange(0.4, labels.size() + 0.6);
    axis->grid()->setVisible(false);
}

QCPGraph* addLine(QCustomPlot& plot, QCPAxis* valueAxis, const QString& name, const QColor& color, bool filled)
{
    QCPGraph* graph = plot.addGraph(plot.xAxis, valueAxis);
    graph->setName(name);
    graph->setPen(QPen(color, 2));
    if (filled)
        graph->setBrush(QColor(color.red(), color.green(), color.blue(), 40));
    return graph;
}

}  // namespace

OverviewPanel::OverviewPanel(FleetController& controller, FleetTreeModel& fleet, SandboxTableModel& sandboxes,
                             QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_fleet(fleet)
    , m_sandboxes(sandboxes)
    , m_zonePlot(new QCustomPlot(this))
    , m_utilisationPlot(new QCustomPlot(this))
    , m_queuePlot(new QCustomPlot(this))
    , m_trendPlot(new QCustomPlot(this))
    , m_heatMap(new HostHeatMap(this))
    , m_replotTimer(new QTimer(this))
    , m_startMs(QDateTime::currentMSecsSinceEpoch())
{
    createZonePlot();
    createUtilisationPlot();
    createQueuePlot();
    createTrendPlot();

    auto* layout = new QGridLayout(this);
    layout->addWidget(m_zonePlot, 0, 0);
    layout->addWidget(m_utilisationPlot, 0, 1);
    layout->addWidget(m_queuePlot, 1, 0);
    layout->addWidget(m_trendPlot, 1, 1);
    layout->addWidget(m_heatMap, 2, 0, 1, 2);
    for (int row = 0; row < 3; ++row)
        layout->setRowStretch(row, 1);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, &OverviewPanel::replot);

    // Changes only start the single-shot timer, so many row changes lead to one replot.
    for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(&m_fleet),
                                      static_cast<QAbstractItemModel*>(&m_sandboxes)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &OverviewPanel::scheduleReplot);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &OverviewPanel::scheduleReplot);
        connect(model, &QAbstractItemModel::modelReset, this, &OverviewPanel::scheduleReplot);
        connect(model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                    if (roles.isEmpty())
                        scheduleReplot();
                });
    }
    connect(&m_controller.stats(), &StatsCollector::ticked, this, &OverviewPanel::applyStatsTick);
    connect(m_heatMap, &HostHeatMap::hostClicked, this, &OverviewPanel::hostClicked);
    replot();
}

void OverviewPanel::createZonePlot()
{
    chartstyle::setUpPlot(*m_zonePlot, tr("Sandboxes per zone, stacked by pool"));
    chartstyle::placeLegendBelow(*m_zonePlot);
    m_zonePlot->yAxis->setLabel(tr("Sandboxes"));
    m_zonePlot->xAxis->setLabel(tr("Zone (click to select it)"));
    m_zonePlot->setMouseTracking(true);
    connect(m_zonePlot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        showZoneToolTip(event->position(), event->globalPosition().toPoint());
    });
    connect(m_zonePlot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* event) {
        const int index = int(std::lround(m_zonePlot->xAxis->pixelToCoord(event->position().x()))) - 1;
        if (index >= 0 && index < m_zones.size() && m_zonePlot->axisRect()->rect().contains(event->pos()))
            emit zoneClicked(m_zones[index]);
    });
}

void OverviewPanel::createUtilisationPlot()
{
    chartstyle::setUpPlot(*m_utilisationPlot, tr("Allocation and use per pool and unit"));
    chartstyle::placeLegendBelow(*m_utilisationPlot);
    m_utilisationPlot->yAxis->setLabel(tr("% of capacity"));
    m_utilisationPlot->setMouseTracking(true);
    connect(m_utilisationPlot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        showGraphToolTip(m_utilisationPlot, event->position(), event->globalPosition().toPoint());
    });

    auto* group = new QCPBarsGroup(m_utilisationPlot);
    const QString names[] = {tr("vCPUs allocated"), tr("memory allocated"), tr("CPU in use")};
    for (int index = 0; index < 3; ++index) {
        auto* bars = new QCPBars(m_utilisationPlot->xAxis, m_utilisationPlot->yAxis);
        const QColor color = chartstyle::seriesColor(index);
        bars->setName(names[index]);
        bars->setPen(QPen(color.darker(130)));
        bars->setBrush(color);
        bars->setWidth(0.25);
        bars->setBarsGroup(group);
    }
}

void OverviewPanel::createQueuePlot()
{
    chartstyle::setUpPlot(*m_queuePlot, tr("Pending queue and oldest wait"));
    chartstyle::placeLegendBelow(*m_queuePlot);
    m_queuePlot->xAxis->setLabel(tr("Seconds"));
    m_queuePlot->yAxis->setLabel(tr("Pending sandboxes"));
    m_queuePlot->yAxis2->setVisible(true);
    m_queuePlot->yAxis2->setLabel(tr("Oldest wait (s)"));
    m_queuePlot->setMouseTracking(true);
    connect(m_queuePlot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        showGraphToolTip(m_queuePlot, event->position(), event->globalPosition().toPoint());
    });
}

void OverviewPanel::createTrendPlot()
{
    chartstyle::setUpPlot(*m_trendPlot, tr("Overflow use and bursting sandboxes"));
    chartstyle::placeLegendBelow(*m_trendPlot);
    m_trendPlot->xAxis->setLabel(tr("Seconds"));
    m_trendPlot->yAxis->setLabel(tr("% in overflow units"));
    m_trendPlot->yAxis2->setVisible(true);
    m_trendPlot->yAxis2->setLabel(tr("Bursting sandboxes"));
    m_trendPlot->setMouseTracking(true);
    connect(m_trendPlot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        showGraphToolTip(m_trendPlot, event->position(), event->globalPosition().toPoint());
    });
}

void OverviewPanel::scheduleReplot()
{
    m_countsDirty = true;
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

double OverviewPanel::secondsSinceStart() const
{
    return double(QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000.0;
}

void OverviewPanel::recount()
{
    // std::string keys: converting 10,000 labels to QString on every count costs more than the
    // counting itself.
    std::map<std::string, std::map<std::string, int>> counts;
    const QList<core::HostStatus> hosts = m_fleet.hosts();
    for (const core::HostStatus& host : hosts)
        counts[host.spec.labels.zone][host.spec.labels.pool];

    int bursting = 0;
    for (int row = 0; row < m_sandboxes.rowCount(); ++row) {
        const core::SandboxInfo* sandbox = m_sandboxes.sandbox(row);
        if (sandbox->state == core::SandboxState::Destroying)
            continue;
        counts[sandbox->metadata.zone][sandbox->metadata.pool] += 1;
        bursting += sandbox->burst.active ? 1 : 0;
    }

    m_counts.clear();
    for (const auto& [zone, byPool] : counts) {
        QMap<QString, int>& target = m_counts[QString::fromStdString(zone)];
        for (const auto& [pool, count] : byPool)
            target.insert(QString::fromStdString(pool), count);
    }
    m_bursting = bursting;
    m_countsDirty = false;
    m_zonesStale = true;
    m_heatMap->setHosts(hosts);
    m_utilisation = chartdata::poolUtilisation(hosts, m_controller.policy().policy, m_cpuPercentByHost);
}

void OverviewPanel::replot()
{
    m_replotTimer->stop();
    recount();
    plotZones();
    plotUtilisation();
    m_zonePlot->replot(QCustomPlot::rpQueuedReplot);
    m_utilisationPlot->replot(QCustomPlot::rpQueuedReplot);
    m_heatMap->replot();
}

// Returns the newest point of each time chart's series, then the queue's thresholds (-1 for none).
QVector<double> OverviewPanel::latestTimeValues() const
{
    QVector<double> values;
    for (const chartdata::TimeSeriesWindow* series : {&m_pending, &m_oldestWait, &m_overflowShare, &m_burstingHistory})
        values.append(series->isEmpty() ? -1.0 : series->values().back());
    const core::QueueStatus queue = m_controller.queue();
    values.append(queue.pendingThreshold ? double(*queue.pendingThreshold) : -1.0);
    values.append(queue.waitThreshold ? double(queue.waitThreshold->count()) : -1.0);
    return values;
}

// Returns true unless the time charts already show the latest values and thresholds and were drawn
// less than kFlatRedrawSeconds ago.
bool OverviewPanel::timeChartsNeedRedraw(double nowSeconds) const
{
    if (m_timeChartsDrawnAt < 0.0 || nowSeconds - m_timeChartsDrawnAt >= kFlatRedrawSeconds)
        return true;
    return m_drawnTimeValues != latestTimeValues();
}

void OverviewPanel::applyStatsTick(const FleetStatsTick& tick)
{
    for (const HostLoad& host : tick.hosts) {
        if (!std::isnan(host.total.cpuPercent))
            m_cpuPercentByHost.insert(QString::fromStdString(host.hostUri), host.total.cpuPercent);
    }
    // The tick replots the count charts too, so a pending delayed replot is not needed. Without
    // model changes only the measured CPU changed, which needs no pass over the sandboxes.
    m_replotTimer->stop();
    if (m_countsDirty)
        recount();
    else
        m_utilisation = chartdata::poolUtilisation(m_fleet.hosts(), m_controller.policy().policy, m_cpuPercentByHost);

    const double now = secondsSinceStart();
    const core::QueueStatus queue = m_controller.queue();
    m_pending.append(now, double(queue.pending));
    m_oldestWait.append(now, double(queue.oldestWait.count()) / 1000.0);
    m_overflowShare.append(now, 100.0 * chartdata::overflowShare(queue).value_or(0.0));
    m_burstingHistory.append(now, double(m_bursting));
    m_heatMap->setCpuPercent(m_cpuPercentByHost);

    // A hidden tab keeps sampling but draws nothing; the next visible tick draws what changed.
    // Drawing the plots is nearly all of the GUI thread's work in a tick, so a plot whose
    // contents did not change is left as it is.
    if (!isVisible())
        return;
    if (m_zonesStale) {
        plotZones();
        m_zonePlot->replot(QCustomPlot::rpQueuedReplot);
    }
    plotUtilisation();
    m_utilisationPlot->replot(QCustomPlot::rpQueuedReplot);
    if (timeChartsNeedRedraw(now)) {
        plotQueue(now);
        plotTrends(now);
        m_queuePlot->replot(QCustomPlot::rpQueuedReplot);
        m_trendPlot->replot(QCustomPlot::rpQueuedReplot);
        m_drawnTimeValues = latestTimeValues();
        m_timeChartsDrawnAt = now;
    }
    m_heatMap->replot();
}

void OverviewPanel::plotZones()
{
    m_zonesStale = false;
    m_zonePlot->clearPlottables();

    QStringList pools;
    for (const auto& byPool : std::as_const(m_counts)) {
        for (auto it = byPool.constBegin(); it != byPool.constEnd(); ++it) {
            if (!pools.contains(it.key()))
                pools.append(it.key());
        }
    }
    pools.sort();

    m_zones = m_counts.keys();
    QStringList labels;
    QVector<double> ticks;
    for (const QString& zone : std::as_const(m_zones)) {
        labels.append(orPlaceholder(zone, tr("(no zone)")));
        ticks.append(ticks.size() + 1);
    }
    setCategoryAxis(m_zonePlot->xAxis, labels);

    QCPBars* below = nullptr;
    QVector<double> totals(ticks.size(), 0.0);
    for (int poolIndex = 0; poolIndex < pools.size(); ++poolIndex) {
        auto* bars = new QCPBars(m_zonePlot->xAxis, m_zonePlot->yAxis);
        const QColor color = chartstyle::seriesColor(poolIndex);
        bars->setName(orPlaceholder(pools[poolIndex], tr("(no pool)")));
        bars->setPen(QPen(color.darker(130)));
        bars->setBrush(color);
        bars->setWidth(kBarWidth);

        QVector<double> values;
        for (const QString& zone : std::as_const(m_zones))
            values.append(m_counts[zone].value(pools[poolIndex]));
        bars->setData(ticks, values, true);
        if (below)
            bars->moveAbove(below);
        below = bars;
        for (int i = 0; i < values.size(); ++i)
            totals[i] += values[i];
    }
    const double highest = totals.isEmpty() ? 0.0 : *std::max_element(totals.begin(), totals.end());
    m_zonePlot->yAxis->setRange(0, std::max(5.0, highest * 1.1));
}

void OverviewPanel::plotUtilisation()
{
    QStringList labels;
    QVector<double> ticks;
    QVector<double> values[3];
    double highest = 100.0;
    for (const chartdata::PoolUtilisation& pool : m_utilisation) {
        // The unit's name goes under the pool's only where it differs.
        QString unit = pool.unit == pool.pool ? QString() : pool.unit;
        if (pool.unit.isEmpty())
            unit = tr("(no unit)");
        if (pool.overflow)
            unit = unit.isEmpty() ? tr("(overflow)") : tr("%1 (overflow)").arg(unit);
        labels.append(QStringLiteral("%1\n%2").arg(orPlaceholder(pool.pool, tr("(no pool)")), unit));
        ticks.append(ticks.size() + 1);
        values[0].append(100.0 * pool.vcpuAllocated);
        values[1].append(100.0 * pool.memoryAllocated);
        values[2].append(100.0 * pool.cpuUsed);
        for (const QVector<double>& series : values)
            highest = std::max(highest, series.back());
    }
    setCategoryAxis(m_utilisationPlot->xAxis, labels);
    for (int index = 0; index < 3; ++index) {
        if (auto* bars = qobject_cast<QCPBars*>(m_utilisationPlot->plottable(index)))
            bars->setData(ticks, values[index], true);
    }
    m_utilisationPlot->yAxis->setRange(0, highest * 1.1);
}

void OverviewPanel::plotQueue(double nowSeconds)
{
    m_queuePlot->clearGraphs();
    const double from = std::max(0.0, nowSeconds - kHistorySeconds);
    const double to = std::max(nowSeconds, 10.0);

    QCPGraph* pending = addLine(*m_queuePlot, m_queuePlot->yAxis, tr("pending"), chartstyle::pendingColor(), true);
    pending->setData(m_pending.times(), m_pending.values(), true);
    QCPGraph* wait = addLine(*m_queuePlot, m_queuePlot->yAxis2, tr("oldest wait"), chartstyle::seriesColor(0), false);
    wait->setData(m_oldestWait.times(), m_oldestWait.values(), true);

    double pendingTop = std::max(5.0, m_pending.maxValue());
    double waitTop = std::max(5.0, m_oldestWait.maxValue());
    const core::QueueStatus queue = m_controller.queue();
    if (queue.pendingThreshold) {
        const double level = double(*queue.pendingThreshold);
        chartstyle::addThresholdLine(*m_queuePlot, m_queuePlot->yAxis, level, from, to,
                                     tr("overflow above %1 pending").arg(*queue.pendingThreshold),
                                     chartstyle::pendingColor().darker(140));
        pendingTop = std::max(pendingTop, level);
    }
    if (queue.waitThreshold) {
        const double level = double(queue.waitThreshold->count()) / 1000.0;
        chartstyle::addThresholdLine(*m_queuePlot, m_queuePlot->yAxis2, level, from, to,
                                     tr("overflow after %1 s wait").arg(level),
                                     chartstyle::seriesColor(0).darker(140));
        waitTop = std::max(waitTop, level);
    }
    m_queuePlot->xAxis->setRange(from, to);
    m_queuePlot->yAxis->setRange(0, pendingTop * 1.2);
    m_queuePlot->yAxis2->setRange(0, waitTop * 1.2);
}

void OverviewPanel::plotTrends(double nowSeconds)
{
    m_trendPlot->clearGraphs();
    QCPGraph* overflow = addLine(*m_trendPlot, m_trendPlot->yAxis, tr("in overflow units (%)"),
                                 chartstyle::seriesColor(1), true);
    overflow->setData(m_overflowShare.times(), m_overflowShare.values(), true);
    QCPGraph* bursting = addLine(*m_trendPlot, m_trendPlot->yAxis2, tr("in burst window"),
                                 chartstyle::seriesColor(3), false);
    bursting->setData(m_burstingHistory.times(), m_burstingHistory.values(), true);

    m_trendPlot->xAxis->setRange(std::max(0.0, nowSeconds - kHistorySeconds), std::max(nowSeconds, 10.0));
    m_trendPlot->yAxis->setRange(0, std::max(10.0, m_overflowShare.maxValue() * 1.2));
    m_trendPlot->yAxis2->setRange(0, std::max(5.0, m_burstingHistory.maxValue() * 1.2));
}

void OverviewPanel::showZoneToolTip(const QPointF& position, const QPoint& globalPosition)
{
    const int index = int(std::lround(m_zonePlot->xAxis->pixelToCoord(position.x()))) - 1;
    if (index < 0 || index >= m_zones.size() || !m_zonePlot->axisRect()->rect().contains(position.toPoint())) {
        QToolTip::hideText();
        return;
    }
    const QString zone = m_zones[index];
    const QMap<QString, int> byPool = m_counts.value(zone);
    QStringList parts;
    int total = 0;
    for (auto it = byPool.constBegin(); it != byPool.constEnd(); ++it) {
        parts.append(tr("%1 in pool %2").arg(it.value()).arg(orPlaceholder(it.key(), tr("(no pool)"))));
        total += it.value();
    }
    QToolTip::showText(globalPosition,
                       tr("Zone %1: %2 sandboxes (%3). Click to select the zone in the fleet tree.")
                           .arg(orPlaceholder(zone, tr("(no zone)")))
                           .arg(total)
                           .arg(parts.join(QStringLiteral(", "))),
                       m_zonePlot);
}

void OverviewPanel::showGraphToolTip(QCustomPlot* plot, const QPointF& position, const QPoint& globalPosition)
{
    int dataIndex = -1;
    QCPAbstractPlottable* plottable = plot->plottableAt(position, false, &dataIndex);
    if (!plottable || dataIndex < 0 || dataIndex >= plottable->interface1D()->dataCount()) {
        QToolTip::hideText();
        return;
    }
    const double key = plottable->interface1D()->dataMainKey(dataIndex);
    const double value = plottable->interface1D()->dataMainValue(dataIndex);
    QString text;
    if (plot == m_utilisationPlot) {
        const int poolIndex = int(std::lround(key)) - 1;
        const QString pool = poolIndex >= 0 && poolIndex < int(m_utilisation.size())
                                 ? m_utilisation[std::size_t(poolIndex)].pool
                                 : QString();
        text = tr("Pool %1, %2: %3 %").arg(pool, plottable->name()).arg(value, 0, 'f', 1);
    } else {
        const double ago = secondsSinceStart() - key;
        text = tr("%1: %2, %3 s ago").arg(plottable->name()).arg(value, 0, 'f', 1).arg(ago, 0, 'f', 0);
    }
    QToolTip::showText(globalPosition, text, plot);
}

}  // namespace shoal::ui
