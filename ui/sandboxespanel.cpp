#include "ui/sandboxespanel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/sandboxfilterproxymodel.h"
#include "ui/sandboxtablemodel.h"

namespace shoal::ui {

SandboxesPanel::SandboxesPanel(SandboxTableModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new SandboxFilterProxyModel(this))
    , m_filterEdit(new QLineEdit(this))
    , m_view(new QTableView(this))
{
    m_proxy->setSourceModel(&m_model);

    m_filterEdit->setPlaceholderText(tr("Filter by name, host, zone, pool or state"));
    m_filterEdit->setClearButtonEnabled(true);

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SandboxTableModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const int characterWidth = m_view->fontMetrics().averageCharWidth();
    const std::pair<int, int> widthsInCharacters[] = {
        {SandboxTableModel::Name, 15}, {SandboxTableModel::State, 9}, {SandboxTableModel::Host, 17},
        {SandboxTableModel::Zone, 5},  {SandboxTableModel::Pool, 10}, {SandboxTableModel::Vcpus, 5},
        {SandboxTableModel::Memory, 9},
    };
    for (const auto& [column, characters] : widthsInCharacters)
        m_view->setColumnWidth(column, characters * characterWidth + 16);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_view);

    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &SandboxFilterProxyModel::setFilterText);
    connect(m_view, &QWidget::customContextMenuRequested, this, &SandboxesPanel::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SandboxesPanel::selectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SandboxesPanel::emitCurrentSandbox);

    // Until the user picks a sandbox, keep the first one selected, so the inspector shows something.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SandboxesPanel::selectFirstRowUnlessUserChose,
            Qt::QueuedConnection);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SandboxesPanel::selectFirstRowUnlessUserChose,
            Qt::QueuedConnection);
    connect(m_view, &QAbstractItemView::pressed, this, [this] { m_userChoseSelection = true; });
    connect(m_filterEdit, &QLineEdit::textEdited, this, [this] { m_userChoseSelection = true; });

    // A state change of a selected sandbox changes which actions apply.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
                if (!roles.isEmpty() && !roles.contains(SandboxTableModel::StateRole))
                    return;
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    if (m_view->selectionModel()->isRowSelected(row, {})) {
                        emit selectionChanged();
                        return;
                    }
                }
            });
}

QList<core::SandboxInfo> SandboxesPanel::selectedSandboxes() const
{
    QList<core::SandboxInfo> result;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex& proxyIndex : rows) {
        const QModelIndex sourceIndex = m_proxy->mapToSource(proxyIndex);
        if (const core::SandboxInfo* sandbox = m_model.sandbox(sourceIndex.row()))
            result.append(*sandbox);
    }
    return result;
}

void SandboxesPanel::selectSandbox(const QString& hostUri, const QString& domainName)
{
    const int row = m_model.rowOf(hostUri, domainName);
    if (row < 0)
        return;
    QModelIndex proxyIndex = m_proxy->mapFromSource(m_model.index(row, 0));
    if (!proxyIndex.isValid()) {
        m_filterEdit->clear();
        proxyIndex = m_proxy->mapFromSource(m_model.index(row, 0));
    }
    m_userChoseSelection = true;
    m_view->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(proxyIndex);
}

void SandboxesPanel::selectFirstRowUnlessUserChose()
{
    if (m_userChoseSelection || m_proxy->rowCount() == 0)
        return;
    m_view->selectRow(0);
    m_view->scrollToTop();
}

void SandboxesPanel::showContextMenu(const QPoint& position)
{
    if (!m_contextMenu || !m_view->indexAt(position).isValid())
        return;
    m_contextMenu->popup(m_view->viewport()->mapToGlobal(position));
}

void SandboxesPanel::emitCurrentSandbox()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    emit currentSandboxChanged(current.data(SandboxTableModel::HostUriRole).toString(),
                               current.data(SandboxTableModel::DomainNameRole).toString());
}

}  // namespace shoal::ui
