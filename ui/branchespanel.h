#pragma once

#include <functional>

#include <QWidget>

#include "core/model.h"

class QAction;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTimer;
class QToolButton;
class QTreeView;

namespace shoal::ui {

class BranchTreeModel;
class FleetController;

// The Branches tab: the clone lineage as a tree with a filter box, and the actions on a branch.
// Clone and Clone ×N are the console's own actions. They act on the sandbox selected here
// because the tab shares its selection with the Sandboxes tab. Destroy subtree and Promote to
// template belong to this tab.
class BranchesPanel : public QWidget {
    Q_OBJECT

public:
    // Trees up to this many sandboxes are shown fully expanded.
    static constexpr int kExpandAllLimit = 300;

    // Returns whether the user confirmed destroying `sandboxName` with its subtree of `count`
    // sandboxes, itself included.
    using SubtreeConfirmation = std::function<bool(QWidget* parent, const QString& sandboxName, int count)>;
    // Asks for the name of the new template. Returns false when the user cancels.
    using TemplateNameQuestion = std::function<bool(QWidget* parent, const QString& sandboxName, QString* name)>;

    BranchesPanel(BranchTreeModel& model, FleetController& controller, QWidget* parent = nullptr);

    // Adds the console's Clone and Clone ×N actions to the buttons and the context menu.
    void setCloneActions(QAction* clone, QAction* cloneMany);
    void setSubtreeConfirmation(SubtreeConfirmation confirmation) { m_confirmSubtree = std::move(confirmation); }
    void setTemplateNameQuestion(TemplateNameQuestion question) { m_askTemplateName = std::move(question); }

    // Selects the sandbox's row, expanding its ancestors, without emitting currentSandboxChanged.
    void selectSandbox(const QString& hostUri, const QString& domainName);

    QTreeView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QAction* destroySubtreeAction() const { return m_destroySubtree; }
    QAction* promoteAction() const { return m_promote; }

    // Destroys the current sandbox's subtree after confirmation, as the button does.
    void destroyCurrentSubtree();
    // Asks for a name and promotes the current sandbox to a template, as the button does.
    void promoteCurrent();

signals:
    // The user selected another sandbox in the tree. Both strings are empty when there is none.
    void currentSandboxChanged(const QString& hostUri, const QString& domainName);
    // A short note for the status bar, e.g. "Destroying 4 sandboxes".
    void message(const QString& text);

private:
    QModelIndex currentSourceIndex() const;
    void updateEnabled();
    void scheduleExpand();
    void expandIfSmall();
    void showContextMenu(const QPoint& position);
    void emitCurrentSandbox();

    BranchTreeModel& m_model;
    FleetController& m_controller;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filterEdit;
    QTreeView* m_view;
    QToolButton* m_cloneButton;
    QToolButton* m_cloneManyButton;
    QAction* m_destroySubtree;
    QAction* m_promote;
    QMenu* m_menu;
    QTimer* m_expandTimer;
    SubtreeConfirmation m_confirmSubtree;
    TemplateNameQuestion m_askTemplateName;
    bool m_selectingFromOutside = false;
};

}  // namespace shoal::ui
