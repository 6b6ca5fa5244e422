#include "ui/operationlistmodel.h"

#include <QBrush>
#include <QColor>

#include "ui/displaytext.h"

namespace shoal::ui {

OperationListModel::OperationListModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{
}

int OperationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_operations.size());
}

int OperationListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationListModel::displayValue(const core::OperationUpdate& operation, int column) const
{
    switch (column) {
    case Kind: return DisplayText::operationKind(operation.kind);
    case Target: return QString::fromStdString(operation.target);
    case Phase: return DisplayText::phase(operation.phase);
    case Progress: return tr("%1 %").arg(qRound(operation.progress * 100.0));
    case State: return DisplayText::operationState(operation.state);
    case Timings: return DisplayText::phaseTimings(operation.phases);
    case Message: return QString::fromStdString(operation.message);
    default: return {};
    }
}

QVariant OperationListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};

    const core::OperationUpdate& operation = m_operations[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayValue(operation, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Message || index.column() == Timings)
            return displayValue(operation, index.column());
        return {};
    case Qt::ForegroundRole:
        if (operation.state == core::OperationUpdate::State::Failed)
            return QBrush(QColor(0xb0, 0x20, 0x20));
        return {};
    case FractionRole: return std::clamp(operation.progress, 0.0, 1.0);
    case StateRole: return int(operation.state);
    case IdRole: return qulonglong(operation.id);
    default: return {};
    }
}

QVariant OperationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);

    switch (section) {
    case Kind: return tr("Operation");
    case Target: return tr("Target");
    case Phase: return tr("Phase");
    case Progress: return tr("Progress");
    case State: return tr("State");
    case Timings: return tr("Phase timings");
    case Message: return tr("Message");
    default: return {};
    }
}

int OperationListModel::rowOf(std::uint64_t id) const
{
    // Updates nearly always concern recent operations, so search from the end.
    for (int row = int(m_operations.size()) - 1; row >= 0; --row) {
        if (m_operations[std::size_t(row)].id == id)
            return row;
    }
    return -1;
}

void OperationListModel::applyUpdate(const core::OperationUpdate& operation)
{
    const int row = rowOf(operation.id);
    if (row >= 0) {
        m_operations[std::size_t(row)] = operation;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }

    if (int(m_operations.size()) >= m_capacity)
        dropOldestFinished();

    const int newRow = int(m_operations.size());
    beginInsertRows({}, newRow, newRow);
    m_operations.push_back(operation);
    endInsertRows();
}

void OperationListModel::dropOldestFinished()
{
    for (std::size_t row = 0; row < m_operations.size(); ++row) {
        if (m_operations[row].state != core::OperationUpdate::State::Running) {
            beginRemoveRows({}, int(row), int(row));
            m_operations.erase(m_operations.begin() + std::ptrdiff_t(row));
            endRemoveRows();
            return;
        }
    }
    // NOTE: when every kept operation is still running the list grows past its capacity rather
    // than hide a running operation.
}

void OperationListModel::clearFinished()
{
    for (int row = int(m_operations.size()) - 1; row >= 0; --row) {
        if (m_operations[std::size_t(row)].state != core::OperationUpdate::State::Running) {
            beginRemoveRows({}, row, row);
            m_operations.erase(m_operations.begin() + row);
            endRemoveRows();
        }
    }
}

}  // namespace shoal::ui
