#pragma once

#include <QList>
#include <QWidget>

#include "core/model.h"

class QLineEdit;
class QMenu;
class QTableView;

namespace shoal::ui {

class SandboxFilterProxyModel;
class SandboxTableModel;

// The Sandboxes tab: a filter box over a sortable, multi-select table with a context menu.
class SandboxesPanel : public QWidget {
    Q_OBJECT

public:
    explicit SandboxesPanel(SandboxTableModel& model, QWidget* parent = nullptr);

    // Sets the menu shown on a right click over the table. The panel does not own it.
    void setContextMenu(QMenu* menu) { m_contextMenu = menu; }

    // Copies of the selected sandboxes, in view order.
    QList<core::SandboxInfo> selectedSandboxes() const;

    // Makes the sandbox the only selected and current row, clearing the filter when it hides
    // the row, as when the user picks the sandbox in another tab.
    void selectSandbox(const QString& hostUri, const QString& domainName);

    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    SandboxFilterProxyModel* proxy() const { return m_proxy; }

signals:
    // The selection, or the state of a selected sandbox, changed.
    void selectionChanged();

    // The sandbox under the cursor changed. Both strings are empty when there is none.
    void currentSandboxChanged(const QString& hostUri, const QString& domainName);

private:
    void selectFirstRowUnlessUserChose();
    void showContextMenu(const QPoint& position);
    void emitCurrentSandbox();

    SandboxTableModel& m_model;
    SandboxFilterProxyModel* m_proxy;
    QLineEdit* m_filterEdit;
    QTableView* m_view;
    QMenu* m_contextMenu = nullptr;
    bool m_userChoseSelection = false; // set by a click in the table or an edit of the filter
};

}  // namespace shoal::ui
