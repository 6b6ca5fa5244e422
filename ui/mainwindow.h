#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace shoal::ui {

class ActivityPanel;
class BranchesPanel;
class BranchTreeModel;
class ConsoleActions;
class FleetController;
class FleetTreeModel;
class FleetTreePanel;
class InspectorPanel;
class OperationListModel;
class OverviewPanel;
class PlacementPanel;
class SandboxesPanel;
class SandboxTableModel;

// The console window. It only assembles: models fed by the controller, the fleet tree, inspector
// and activity docks, the Overview and Sandboxes tabs, the actions, the toolbar and the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr int kUptimeRefreshMs = 1000;

    explicit MainWindow(FleetController& controller, QWidget* parent = nullptr);
    ~MainWindow() override;

    FleetTreeModel& fleetModel() const { return *m_fleetModel; }
    SandboxTableModel& sandboxModel() const { return *m_sandboxModel; }
    OperationListModel& operationModel() const { return *m_operationModel; }
    SandboxesPanel& sandboxesPanel() const { return *m_sandboxesPanel; }
    InspectorPanel& inspectorPanel() const { return *m_inspectorPanel; }
    ActivityPanel& activityPanel() const { return *m_activityPanel; }
    OverviewPanel& overviewPanel() const { return *m_overviewPanel; }
    PlacementPanel& placementPanel() const { return *m_placementPanel; }
    ConsoleActions& actions() const { return *m_actions; }
    BranchesPanel& branchesPanel() const { return *m_branchesPanel; }
    BranchTreeModel& branchModel() const { return *m_branchModel; }

    enum class Tab { Overview, Sandboxes, Placement, Branches };
    void showTab(Tab tab);

private:
    void connectModels();
    void connectBranches();
    void createDocks();
    void createTabs();
    void createToolBarAndMenus();
    void showFailure(const QString& message);
    void selectInFleetTree(const QModelIndex& index);

    FleetController& m_controller;
    FleetTreeModel* m_fleetModel;
    SandboxTableModel* m_sandboxModel;
    BranchTreeModel* m_branchModel;
    OperationListModel* m_operationModel;
    FleetTreePanel* m_fleetPanel = nullptr;
    SandboxesPanel* m_sandboxesPanel = nullptr;
    InspectorPanel* m_inspectorPanel = nullptr;
    ActivityPanel* m_activityPanel = nullptr;
    OverviewPanel* m_overviewPanel = nullptr;
    PlacementPanel* m_placementPanel = nullptr;
    BranchesPanel* m_branchesPanel = nullptr;
    QLabel* m_queueLabel = nullptr;
    ConsoleActions* m_actions = nullptr;
    QTabWidget* m_tabs = nullptr;
};

}  // namespace shoal::ui
