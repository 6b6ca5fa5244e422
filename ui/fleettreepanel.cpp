#include "ui/fleettreepanel.h"

#include <QHeaderView>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/bardelegate.h"
#include "ui/fleettreemodel.h"

namespace shoal::ui {

FleetTreePanel::FleetTreePanel(FleetTreeModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTreeView(this))
{
    m_view->setModel(&m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setItemDelegateForColumn(FleetTreeModel::Cpu,
                                     new BarDelegate(FleetTreeModel::FractionRole, BarDelegate::Coloring::Capacity, m_view));
    m_view->setItemDelegateForColumn(FleetTreeModel::Memory,
                                     new BarDelegate(FleetTreeModel::FractionRole, BarDelegate::Coloring::Capacity, m_view));
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(true);

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

QString FleetTreePanel::selectedHostUri() const
{
    return m_view->currentIndex().data(FleetTreeModel::HostUriRole).toString();
}

}  // namespace shoal::ui
