#include "ui/overviewpanel.h"

#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/fleettreemodel.h"
#include "ui/sandboxtablemodel.h"

namespace shoal::ui {

namespace {

// One colour per pool, by position in the sorted pool list.
const QColor kPoolColors[] = {
    QColor(0x3d, 0x7e, 0xc9), QColor(0xe8, 0xa3, 0x3d), QColor(0x4c, 0xae, 0x72),
    QColor(0x9b, 0x59, 0xb6), QColor(0xd9, 0x53, 0x4f), QColor(0x7f, 0x8c, 0x8d),
};

}  // namespace

OverviewPanel::OverviewPanel(FleetTreeModel& fleet, SandboxTableModel& sandboxes, QWidget* parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_sandboxes(sandboxes)
    , m_plot(new QCustomPlot(this))
    , m_replotTimer(new QTimer(this))
{
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Sandboxes per zone, stacked by pool")));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->yAxis->setLabel(tr("Sandboxes"));
    m_plot->xAxis->setLabel(tr("Zone"));
    m_plot->xAxis->grid()->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_plot);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, &OverviewPanel::replot);

    // Changes only start the single-shot timer, so many row changes lead to one replot.
    for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(&m_fleet),
                                      static_cast<QAbstractItemModel*>(&m_sandboxes)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &OverviewPanel::scheduleReplot);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &OverviewPanel::scheduleReplot);
        connect(model, &QAbstractItemModel::modelReset, this, &OverviewPanel::scheduleReplot);
    }
    connect(&m_sandboxes, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                if (roles.isEmpty())
                    scheduleReplot();
            });
    replot();
}

void OverviewPanel::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void OverviewPanel::recount()
{
    m_counts.clear();

    // Zones and pools with hosts but no sandbox still get their place on the axis.
    const QList<core::HostStatus> hosts = m_fleet.hosts();
    for (const core::HostStatus& host : hosts)
        m_counts[QString::fromStdString(host.spec.labels.zone)][QString::fromStdString(host.spec.labels.pool)];

    for (int row = 0; row < m_sandboxes.rowCount(); ++row) {
        const core::SandboxInfo* sandbox = m_sandboxes.sandbox(row);
        if (sandbox->state == core::SandboxState::Destroying)
            continue;
        m_counts[QString::fromStdString(sandbox->metadata.zone)][QString::fromStdString(sandbox->metadata.pool)] += 1;
    }
}

void OverviewPanel::replot()
{
    m_replotTimer->stop();
    recount();
    m_plot->clearPlottables();

    QStringList pools;
    for (const auto& byPool : std::as_const(m_counts)) {
        for (auto it = byPool.constBegin(); it != byPool.constEnd(); ++it) {
            if (!pools.contains(it.key()))
                pools.append(it.key());
        }
    }
    pools.sort();

    QVector<double> ticks;
    QVector<QString> labels;
    for (auto it = m_counts.constBegin(); it != m_counts.constEnd(); ++it) {
        ticks.append(ticks.size() + 1);
        labels.append(it.key().isEmpty() ? tr("(no zone)") : it.key());
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    ticker->addTicks(ticks, labels);
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(0.4, ticks.size() + 0.6);

    QCPBars* below = nullptr;
    double highest = 0.0;
    QVector<double> totals(ticks.size(), 0.0);
    for (int poolIndex = 0; poolIndex < pools.size(); ++poolIndex) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        const QColor color = kPoolColors[poolIndex % int(std::size(kPoolColors))];
        bars->setName(pools[poolIndex].isEmpty() ? tr("(no pool)") : pools[poolIndex]);
        bars->setPen(QPen(color.darker(130)));
        bars->setBrush(color);
        bars->setWidth(0.6);

        QVector<double> values;
        for (auto it = m_counts.constBegin(); it != m_counts.constEnd(); ++it)
            values.append(it.value().value(pools[poolIndex]));
        bars->setData(ticks, values, true);
        if (below)
            bars->moveAbove(below);
        below = bars;

        for (int i = 0; i < values.size(); ++i) {
            totals[i] += values[i];
            highest = std::max(highest, totals[i]);
        }
    }

    m_plot->yAxis->setRange(0, std::max(5.0, highest * 1.15));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace shoal::ui
