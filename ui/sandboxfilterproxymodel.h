#pragma once

#include <QSortFilterProxyModel>

namespace shoal::ui {

// Sorts the sandbox table by raw values and keeps the rows whose name, host, zone, pool or state
// contains the filter text, ignoring case.
class SandboxFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit SandboxFilterProxyModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_filterText;
};

}  // namespace shoal::ui
