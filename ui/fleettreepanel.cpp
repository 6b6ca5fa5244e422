#include "ui/fleettreepanel.h"

#include <QHeaderView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/bardelegate.h"
#include "ui/fleettreemodel.h"

namespace shoal::ui {

FleetTreePanel::FleetTreePanel(FleetTreeModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTreeView(this))
    , m_columnFitTimer(new QTimer(this))
{
    m_view->setModel(&m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setItemDelegateForColumn(FleetTreeModel::Cpu,
                                     new BarDelegate(FleetTreeModel::FractionRole, BarDelegate::Coloring::Capacity, m_view));
    m_view->setItemDelegateForColumn(FleetTreeModel::Memory,
                                     new BarDelegate(FleetTreeModel::FractionRole, BarDelegate::Coloring::Capacity, m_view));
    // The columns fit their contents once per batch of changes. With ResizeToContents the view
    // measured the text of every visible row after each host update: about a quarter of the GUI
    // thread's time while 100 simulated hosts connected, in a perf profile.
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);
    m_columnFitTimer->setSingleShot(true);
    m_columnFitTimer->setInterval(kColumnFitDelayMs);
    connect(m_columnFitTimer, &QTimer::timeout, this, &FleetTreePanel::fitColumns);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &FleetTreePanel::scheduleColumnFit);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &FleetTreePanel::scheduleColumnFit);
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &FleetTreePanel::scheduleColumnFit);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &FleetTreePanel::scheduleColumnFit);
    connect(&m_model, &QAbstractItemModel::layoutChanged, this, &FleetTreePanel::scheduleColumnFit);
    fitColumns();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    // New zones and pools open as they appear, so every host is visible without clicking.
    connect(&m_model, &QAbstractItemModel::rowsInserted, m_view,
            [this](const QModelIndex& parent, int first, int last) {
                for (int row = first; row <= last; ++row)
                    m_view->expand(m_model.index(row, 0, parent));
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { emit hostSelected(selectedHostUri()); });
}

void FleetTreePanel::scheduleColumnFit()
{
    if (!m_columnFitTimer->isActive())
        m_columnFitTimer->start();
}

void FleetTreePanel::fitColumns()
{
    // The last column stretches to the view's edge.
    for (int column = 0; column + 1 < m_model.columnCount(); ++column)
        m_view->resizeColumnToContents(column);
}

QString FleetTreePanel::selectedHostUri() const
{
    return m_view->currentIndex().data(FleetTreeModel::HostUriRole).toString();
}

}  // namespace shoal::ui
