#include "ui/warmpoolpanel.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/fleet.h"

namespace shoal::ui {

namespace {

enum Column { TemplateColumn, HostColumn, ReadyColumn, StateColumn, ErrorColumn, ColumnCount };

QString fillState(const core::WarmPoolStatus& pool)
{
    if (pool.filling)
        return WarmPoolPanel::tr("filling");
    if (pool.failures > 0)
        return WarmPoolPanel::tr("retrying after %n failure(s)", nullptr, pool.failures);
    if (pool.ready < pool.target)
        return WarmPoolPanel::tr("below target");
    if (pool.ready > pool.target)
        return WarmPoolPanel::tr("removing entries");
    return WarmPoolPanel::tr("full");
}

}  // namespace

WarmPoolPanel::WarmPoolPanel(core::Fleet& fleet, QWidget* parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_template(new QComboBox(this))
    , m_host(new QComboBox(this))
    , m_size(new QSpinBox(this))
    , m_apply(new QPushButton(tr("Set size"), this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_table->setHorizontalHeaderLabels({tr("Template"), tr("Host"), tr("Ready / target"), tr("State"), tr("Last error")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_size->setRange(0, core::kMaxWarmPoolSize);
    m_size->setToolTip(tr("Paused sandboxes kept ready on the host; 0 removes them"));
    m_status->setWordWrap(true);

    auto* form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Template:"), this));
    form->addWidget(m_template);
    form->addWidget(new QLabel(tr("Host:"), this));
    form->addWidget(m_host, 1);
    form->addWidget(new QLabel(tr("Size:"), this));
    form->addWidget(m_size);
    form->addWidget(m_apply);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addWidget(m_status);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &WarmPoolPanel::refresh);
    connect(m_apply, &QPushButton::clicked, this, &WarmPoolPanel::applySize);
}

void WarmPoolPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void WarmPoolPanel::hideEvent(QHideEvent* event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

// Offers the templates and the connected hosts that can restore a warm state. The fleet returns
// both from memory, without a host call. A list that did not change is left alone, so an open
// drop-down stays open.
void WarmPoolPanel::fillChoices()
{
    QStringList templates;
    for (const core::Template& sandboxTemplate : m_fleet.templates())
        templates << QString::fromStdString(sandboxTemplate.name);
    QStringList hosts;
    for (const core::HostStatus& host : m_fleet.hosts()) {
        if (host.connection == core::ConnectionState::Connected && host.capabilities.canSnapshotStart)
            hosts << QString::fromStdString(host.spec.uri);
    }
    auto replaceItems = [](QComboBox* box, const QStringList& items) {
        QStringList current;
        for (int i = 0; i < box->count(); ++i)
            current << box->itemText(i);
        if (current == items)
            return;
        const QString chosen = box->currentText();
        box->clear();
        box->addItems(items);
        box->setCurrentText(chosen);
    };
    replaceItems(m_template, templates);
    replaceItems(m_host, hosts);
    m_apply->setEnabled(m_template->count() > 0 && m_host->count() > 0);
    if (m_host->count() == 0)
        m_status->setText(tr("No connected host can start sandboxes from a warm state, so none can keep a warm pool."));
    else if (m_status->text().startsWith(tr("No connected host")))
        m_status->clear();
}

void WarmPoolPanel::refresh()
{
    if (m_reading)
        return;
    m_reading = true;
    auto* watcher = new QFutureWatcher<std::vector<core::WarmPoolStatus>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        m_reading = false;
        fillChoices();
        showPools(watcher->result());
        watcher->deleteLater();
    });
    core::Fleet* fleet = &m_fleet;
    watcher->setFuture(QtConcurrent::run([fleet] { return fleet->warmPools(); }));
}

void WarmPoolPanel::showPools(const std::vector<core::WarmPoolStatus>& pools)
{
    m_table->setRowCount(static_cast<int>(pools.size()));
    for (int row = 0; row < static_cast<int>(pools.size()); ++row) {
        const core::WarmPoolStatus& pool = pools[static_cast<std::size_t>(row)];
        const QStringList cells{QString::fromStdString(pool.templateName), QString::fromStdString(pool.hostUri),
                                tr("%1 / %2").arg(pool.ready).arg(pool.target), fillState(pool),
                                QString::fromStdString(pool.lastError)};
        for (int column = 0; column < ColumnCount; ++column) {
            QTableWidgetItem* item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            if (item->text() != cells[column])
                item->setText(cells[column]);
        }
    }
    m_table->resizeColumnsToContents();
}

void WarmPoolPanel::applySize()
{
    const std::string templateName = m_template->currentText().toStdString();
    const std::string hostUri = m_host->currentText().toStdString();
    const int size = m_size->value();
    m_apply->setEnabled(false);
    m_status->setText(tr("Saving…"));

    auto* watcher = new QFutureWatcher<core::Result<core::WarmPoolStatus>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        m_apply->setEnabled(true);
        const core::Result<core::WarmPoolStatus> set = watcher->result();
        if (set) {
            m_status->setText(tr("The warm pool of template \"%1\" on host \"%2\" keeps %n paused sandbox(es).", nullptr,
                                 set->target)
                                  .arg(QString::fromStdString(set->templateName), QString::fromStdString(set->hostUri)));
        } else {
            m_status->setText(QString::fromStdString(set.error().detail));
        }
        watcher->deleteLater();
        refresh();
    });
    core::Fleet* fleet = &m_fleet;
    watcher->setFuture(QtConcurrent::run(
        [fleet, templateName, hostUri, size] { return fleet->setWarmPoolSize(templateName, hostUri, size); }));
}

}  // namespace shoal::ui
