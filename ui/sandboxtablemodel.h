#pragma once

#include <functional>
#include <vector>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

#include "core/model.h"

namespace shoal::ui {

// One row per sandbox, in arrival order; sorting and filtering live in a proxy model. Snapshots
// are applied as diffs, so selections and scroll positions survive every update.
class SandboxTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, State, Host, Zone, Pool, Vcpus, Memory, Uptime, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value for sorting: numbers stay numbers
        DomainNameRole,              // the domain name, which every fleet call accepts
        HostUriRole,
        StateRole,                   // core::SandboxState as int
    };

    // `nowMs` returns the current Unix time in milliseconds; tests pass a fixed clock.
    explicit SandboxTableModel(std::function<qint64()> nowMs = {}, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Makes the rows match `sandboxes`: removes the missing, updates the changed, appends the new.
    void applySnapshot(const QList<core::SandboxInfo>& sandboxes);

    // Inserts the new sandboxes as one block of rows at the end and updates the rows of the known
    // ones, so a batch of thousands costs the views one insert and a few dataChanged signals.
    void upsertSandboxes(const QList<core::SandboxInfo>& sandboxes);

    // Inserts the sandbox or updates its row.
    void upsertSandbox(const core::SandboxInfo& sandbox);
    void removeSandbox(const QString& hostUri, const QString& domainName);

    // Removes every sandbox of a host, for a host that was removed from the fleet.
    void removeHost(const QString& hostUri);

    // Signals that the uptime column changed, because time passed.
    void refreshUptime();

    const core::SandboxInfo* sandbox(int row) const;
    int rowOf(const QString& hostUri, const QString& domainName) const;
    // Finds a domain on any host, by a linear scan. Returns -1 when none matches.
    int rowOfDomain(const QString& domainName) const;

private:
    QVariant displayValue(const core::SandboxInfo& sandbox, int column) const;
    QVariant sortValue(const core::SandboxInfo& sandbox, int column) const;
    qint64 uptimeMs(const core::SandboxInfo& sandbox) const;
    // One updated row and the columns whose shown values changed.
    struct RowChange {
        int row = 0;
        int firstColumn = 0;
        int lastColumn = 0;
    };

    void appendRows(std::vector<core::SandboxInfo> added);
    void emitRowsChanged(std::vector<RowChange>& changes);
    void removeRowAt(int row);
    void reindexFrom(int firstRow);

    std::function<qint64()> m_nowMs;
    std::vector<core::SandboxInfo> m_sandboxes;
    QHash<QString, int> m_rowByKey; // "hostUri\ndomainName" -> row
};

}  // namespace shoal::ui
