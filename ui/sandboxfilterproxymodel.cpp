#include "ui/sandboxfilterproxymodel.h"

#include "core/model.h"
#include "ui/sandboxtablemodel.h"

namespace shoal::ui {

SandboxFilterProxyModel::SandboxFilterProxyModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SandboxTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
}

void SandboxFilterProxyModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateFilter();
}

bool SandboxFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_filterText.isEmpty())
        return true;

    static constexpr int kFilteredColumns[] = {
        SandboxTableModel::Name, SandboxTableModel::Host, SandboxTableModel::Zone,
        SandboxTableModel::Pool, SandboxTableModel::State,
    };
    for (int column : kFilteredColumns) {
        const QModelIndex index = sourceModel()->index(sourceRow, column, sourceParent);
        if (index.data(Qt::DisplayRole).toString().contains(m_filterText, Qt::CaseInsensitive))
            return true;
    }

    // The English state name matches too, so "running" works in every language.
    const QModelIndex stateIndex = sourceModel()->index(sourceRow, SandboxTableModel::State, sourceParent);
    const auto state = core::SandboxState(stateIndex.data(SandboxTableModel::StateRole).toInt());
    return QString::fromStdString(std::string(core::toString(state))).contains(m_filterText, Qt::CaseInsensitive);
}

}  // namespace shoal::ui
