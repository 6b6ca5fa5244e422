#include "ui/placementpanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "ui/chartstyle.h"
#include "ui/fleetcontroller.h"

namespace shoal::ui {

namespace {

constexpr int kMaxWhatIfCount = 1000000;
constexpr int kDefaultWhatIfCount = 800;

QTableWidgetItem* cell(const QString& text, bool number = false)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* makeTable(const QStringList& header, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(header.size()), parent);
    table->setHorizontalHeaderLabels(header);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    return table;
}

}  // namespace

PlacementPanel::PlacementPanel(FleetController& controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_summary(new QLabel(this))
    , m_policyLabel(new QLabel(this))
    , m_units(makeTable({tr("Unit"), tr("Hosts"), tr("Sandboxes"), tr("Max"), tr("Overflow"), tr("Taking new")}, this))
    , m_plot(new QCustomPlot(this))
    , m_template(new QComboBox(this))
    , m_count(new QSpinBox(this))
    , m_compute(new QPushButton(tr("Compute"), this))
    , m_whatIfSummaryLabel(new QLabel(this))
    , m_whatIfResults(makeTable({tr("Unit"), tr("Zone"), tr("Sandboxes")}, this))
    , m_sampleTimer(new QTimer(this))
    , m_startMs(QDateTime::currentMSecsSinceEpoch())
{
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);
    m_summary->setWordWrap(true);
    m_policyLabel->setWordWrap(true);
    auto* editPolicy = new QPushButton(tr("Edit policy…"), this);
    connect(editPolicy, &QPushButton::clicked, this, &PlacementPanel::editPolicyRequested);

    auto* header = new QHBoxLayout;
    header->addWidget(m_summary, 1);
    header->addWidget(editPolicy);

    chartstyle::setUpPlot(*m_plot, tr("Pending queue and sandboxes per unit"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->xAxis->setLabel(tr("Seconds"));
    m_plot->yAxis->setLabel(tr("Sandboxes"));
    m_plot->setMinimumHeight(220);

    m_units->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_units->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_count->setRange(1, kMaxWhatIfCount);
    m_count->setValue(kDefaultWhatIfCount);
    m_count->setGroupSeparatorShown(true);
    auto* whatIfForm = new QHBoxLayout;
    whatIfForm->addWidget(new QLabel(tr("Where would"), this));
    whatIfForm->addWidget(m_count);
    whatIfForm->addWidget(new QLabel(tr("more sandboxes of template"), this));
    whatIfForm->addWidget(m_template);
    whatIfForm->addWidget(new QLabel(tr("land?"), this));
    whatIfForm->addWidget(m_compute);
    whatIfForm->addStretch(1);
    m_whatIfSummaryLabel->setWordWrap(true);
    m_whatIfSummaryLabel->setText(tr("Nothing is created: the calculation runs on a copy of the fleet and the queue."));
    auto* whatIfBox = new QGroupBox(tr("What if"), this);
    auto* whatIfLayout = new QVBoxLayout(whatIfBox);
    whatIfLayout->addLayout(whatIfForm);
    whatIfLayout->addWidget(m_whatIfSummaryLabel);
    whatIfLayout->addWidget(m_whatIfResults);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_policyLabel);
    layout->addWidget(m_units);
    layout->addWidget(m_plot, 2);
    layout->addWidget(whatIfBox, 1);

    connect(m_compute, &QPushButton::clicked, this,
            [this] { requestWhatIf(m_template->currentText(), m_count->value()); });
    connect(&m_controller, &FleetController::queueUpdated, this, [this](const core::QueueStatus& queue) {
        showQueue(queue);
        // Every change is a point, so a queue that fills and drains within a second still shows.
        appendSample(queue);
    });
    connect(&m_controller, &FleetController::policyUpdated, this, &PlacementPanel::showPolicy);
    connect(&m_controller, &FleetController::whatIfComputed, this, &PlacementPanel::showWhatIf);
    connect(&m_controller, &FleetController::snapshotLoaded, this, &PlacementPanel::refreshTemplates);

    m_sampleTimer->setInterval(kSampleIntervalMs);
    connect(m_sampleTimer, &QTimer::timeout, this, &PlacementPanel::sample);
    m_sampleTimer->start();

    showPolicy(m_controller.policy());
    showQueue(m_controller.queue());
    refreshTemplates();
}

void PlacementPanel::refreshTemplates()
{
    const QString current = m_template->currentText();
    m_template->clear();
    for (const core::Template& sandboxTemplate : m_controller.templates())
        m_template->addItem(QString::fromStdString(sandboxTemplate.name));
    if (const int index = m_template->findText(current); index >= 0)
        m_template->setCurrentIndex(index);
    m_compute->setEnabled(m_template->count() > 0);
}

void PlacementPanel::requestWhatIf(const QString& templateName, int count)
{
    if (const int index = m_template->findText(templateName); index >= 0)
        m_template->setCurrentIndex(index);
    m_count->setValue(count);
    m_whatIfSummaryLabel->setText(tr("Computing…"));
    m_controller.computeWhatIf(templateName, count);
}

QString PlacementPanel::summaryText() const
{
    return m_summary->text();
}

QString PlacementPanel::whatIfSummary() const
{
    return m_whatIfSummaryLabel->text();
}

void PlacementPanel::showPolicy(const core::PolicyInfo& policy)
{
    QStringList units;
    for (const core::PlacementUnit& unit : policy.policy.units)
        units.append(QString::fromStdString(unit.name));
    const QString source = policy.isDefault ? tr("Shoal's default policy") : tr("the applied policy");
    m_policyLabel->setText(tr("Placement follows %1: units tried in order %2.").arg(source, units.join(QStringLiteral(" → "))));
}

void PlacementPanel::showQueue(const core::QueueStatus& queue)
{
    QStringList thresholds;
    if (queue.pendingThreshold)
        thresholds.append(tr("more than %1 pending").arg(*queue.pendingThreshold));
    if (queue.waitThreshold)
        thresholds.append(tr("a wait over %1 s").arg(double(queue.waitThreshold->count()) / 1000.0));
    QString text = tr("Pending: %1 · oldest waiting %2 s").arg(queue.pending).arg(double(queue.oldestWait.count()) / 1000.0, 0, 'f', 1);
    if (!thresholds.isEmpty())
        text += tr(" · overflow opens on %1").arg(thresholds.join(tr(" or ")));
    m_summary->setText(text);

    m_units->setRowCount(int(queue.units.size()));
    for (int row = 0; row < int(queue.units.size()); ++row) {
        const core::QueueStatus::Unit& unit = queue.units[std::size_t(row)];
        m_units->setItem(row, 0, cell(QString::fromStdString(unit.name)));
        m_units->setItem(row, 1, cell(QString::number(unit.hosts), true));
        m_units->setItem(row, 2, cell(QString::number(unit.sandboxes), true));
        m_units->setItem(row, 3, cell(unit.max ? QString::number(*unit.max) : QStringLiteral("–"), true));
        m_units->setItem(row, 4, cell(unit.overflow ? tr("yes") : tr("no")));
        m_units->setItem(row, 5, cell(unit.eligible ? tr("yes") : tr("no")));
    }
    m_units->resizeRowsToContents();
    int height = m_units->horizontalHeader()->height() + 2 * m_units->frameWidth();
    for (int row = 0; row < m_units->rowCount(); ++row)
        height += m_units->rowHeight(row);
    m_units->setFixedHeight(height);
}

void PlacementPanel::sample()
{
    appendSample(m_controller.queue());
    if (isVisible())
        replot();
}

void PlacementPanel::appendSample(const core::QueueStatus& queue)
{
    const double seconds = double(QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000.0;
    m_history.push_back(Sample{seconds, queue});
    while (!m_history.empty() && m_history.front().seconds < seconds - kHistorySeconds)
        m_history.pop_front();
}

void PlacementPanel::replot()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    if (m_history.empty()) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }

    QVector<double> times;
    QVector<double> pending;
    double highest = 5.0;
    for (const Sample& entry : m_history) {
        times.append(entry.seconds);
        pending.append(double(entry.queue.pending));
        highest = std::max(highest, double(entry.queue.pending));
    }

    const core::QueueStatus& latest = m_history.back().queue;
    for (std::size_t index = 0; index < latest.units.size(); ++index) {
        QVector<double> counts;
        for (const Sample& entry : m_history) {
            const double value = index < entry.queue.units.size() ? double(entry.queue.units[index].sandboxes) : 0.0;
            counts.append(value);
            highest = std::max(highest, value);
        }
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(tr("unit %1").arg(QString::fromStdString(latest.units[index].name)));
        graph->setPen(QPen(chartstyle::seriesColor(int(index)), 2));
        graph->setData(times, counts, true);
    }

    QCPGraph* queueGraph = m_plot->addGraph();
    queueGraph->setName(tr("pending"));
    const QColor pendingColor = chartstyle::pendingColor();
    queueGraph->setPen(QPen(pendingColor, 2));
    queueGraph->setBrush(QColor(pendingColor.red(), pendingColor.green(), pendingColor.blue(), 40));
    queueGraph->setData(times, pending, true);

    if (latest.pendingThreshold) {
        const double level = double(*latest.pendingThreshold);
        chartstyle::addThresholdLine(*m_plot, m_plot->yAxis, level, times.front(), times.back(),
                                     tr("overflow threshold (%1 pending)").arg(*latest.pendingThreshold),
                                     pendingColor.darker(140));
        highest = std::max(highest, level);
    }

    m_plot->xAxis->setRange(std::max(0.0, times.back() - kHistorySeconds), std::max(times.back(), 10.0));
    m_plot->yAxis->setRange(0, highest * 1.15);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlacementPanel::showWhatIf(const core::WhatIfReport& report)
{
    m_whatIfResults->setRowCount(int(report.landings.size()));
    std::int64_t placed = 0;
    for (int row = 0; row < int(report.landings.size()); ++row) {
        const core::WhatIfReport::Landing& landing = report.landings[std::size_t(row)];
        m_whatIfResults->setItem(row, 0, cell(QString::fromStdString(landing.unit)));
        m_whatIfResults->setItem(row, 1, cell(QString::fromStdString(landing.zone)));
        m_whatIfResults->setItem(row, 2, cell(QString::number(landing.sandboxes), true));
        placed += landing.sandboxes;
    }
    QString text = tr("%1 of %2 would be placed now, %3 would stay pending. Overflow: %4.")
                       .arg(placed)
                       .arg(report.count)
                       .arg(report.stillPending)
                       .arg(report.overflowUsed ? tr("used") : tr("not used"));
    if (report.queuedBefore > 0)
        text += QLatin1Char(' ') + tr("The %1 already pending go first.").arg(report.queuedBefore);
    m_whatIfSummaryLabel->setText(text);
}

}  // namespace shoal::ui
