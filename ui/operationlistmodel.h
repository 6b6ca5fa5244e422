#pragma once

#include <cstdint>
#include <deque>

#include <QAbstractTableModel>

#include "core/fleet.h"

namespace shoal::ui {

// The activity list: one row per operation, newest last, updated in place at every phase change.
// Keeps at most `capacity` rows. When the list is full, the oldest finished operation makes room.
class OperationListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Kind, Target, Phase, Progress, State, Timings, Message, ColumnCount };
    enum Role {
        FractionRole = Qt::UserRole + 1, // double 0..1 for the progress bar
        StateRole,                       // core::OperationUpdate::State as int
        IdRole,                          // operation id as qulonglong
    };

    explicit OperationListModel(int capacity = 500, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void applyUpdate(const core::OperationUpdate& operation);

    // Removes every finished operation.
    void clearFinished();

private:
    int rowOf(std::uint64_t id) const;
    void dropOldestFinished();
    QVariant displayValue(const core::OperationUpdate& operation, int column) const;

    int m_capacity;
    std::deque<core::OperationUpdate> m_operations;
};

}  // namespace shoal::ui
