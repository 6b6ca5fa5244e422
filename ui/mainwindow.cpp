#include "ui/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

#include "ui/activitypanel.h"
#include "ui/branchespanel.h"
#include "ui/branchtreemodel.h"
#include "ui/consoleactions.h"
#include "ui/fleetcontroller.h"
#include "ui/fleettreemodel.h"
#include "ui/fleettreepanel.h"
#include "ui/inspectorpanel.h"
#include "ui/operationlistmodel.h"
#include "ui/overviewpanel.h"
#include "ui/placementpanel.h"
#include "ui/resources.h"
#include "ui/sandboxespanel.h"
#include "ui/sandboxtablemodel.h"

namespace shoal::ui {

namespace {

constexpr int kStatusMessageMs = 8000;

}  // namespace

MainWindow::MainWindow(FleetController& controller, QWidget* parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_fleetModel(new FleetTreeModel(this))
    , m_sandboxModel(new SandboxTableModel({}, this))
    , m_branchModel(new BranchTreeModel(this))
    , m_operationModel(new OperationListModel(500, this))
{
    initializeResources();
    setWindowTitle(tr("Shoal"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/shoal.svg")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    createTabs();
    createDocks();
    m_actions = new ConsoleActions(m_controller, *m_fleetModel, *m_sandboxesPanel, this);
    m_sandboxesPanel->setContextMenu(m_actions->sandboxMenu());
    m_branchesPanel->setCloneActions(m_actions->clone(), m_actions->cloneMany());
    createToolBarAndMenus();
    connectModels();
    connectBranches();

    statusBar()->showMessage(tr("Loading the fleet…"));
    m_controller.loadSnapshot();
}

MainWindow::~MainWindow() = default;

void MainWindow::createTabs()
{
    m_sandboxesPanel = new SandboxesPanel(*m_sandboxModel, this);
    m_overviewPanel = new OverviewPanel(m_controller, *m_fleetModel, *m_sandboxModel, this);
    m_placementPanel = new PlacementPanel(m_controller, this);
    m_branchesPanel = new BranchesPanel(*m_branchModel, m_controller, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_overviewPanel, tr("Overview"));
    m_tabs->addTab(m_sandboxesPanel, tr("Sandboxes"));
    m_tabs->addTab(m_placementPanel, tr("Placement"));
    m_tabs->addTab(m_branchesPanel, tr("Branches"));
    m_tabs->setCurrentWidget(m_sandboxesPanel);
    setCentralWidget(m_tabs);
}

void MainWindow::showTab(Tab tab)
{
    switch (tab) {
    case Tab::Overview: m_tabs->setCurrentWidget(m_overviewPanel); break;
    case Tab::Sandboxes: m_tabs->setCurrentWidget(m_sandboxesPanel); break;
    case Tab::Placement:
        m_tabs->setCurrentWidget(m_placementPanel);
        m_placementPanel->sample();
        break;
    case Tab::Branches: m_tabs->setCurrentWidget(m_branchesPanel); break;
    }
}

void MainWindow::createDocks()
{
    m_fleetPanel = new FleetTreePanel(*m_fleetModel, this);
    auto* fleetDock = new QDockWidget(tr("Fleet"), this);
    fleetDock->setObjectName(QStringLiteral("fleetDock"));
    fleetDock->setWidget(m_fleetPanel);
    addDockWidget(Qt::LeftDockWidgetArea, fleetDock);

    m_inspectorPanel = new InspectorPanel(*m_sandboxModel, m_controller, this);
    auto* inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    inspectorDock->setWidget(m_inspectorPanel);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    m_activityPanel = new ActivityPanel(*m_operationModel, this);
    auto* activityDock = new QDockWidget(tr("Activity"), this);
    activityDock->setObjectName(QStringLiteral("activityDock"));
    activityDock->setWidget(m_activityPanel);
    addDockWidget(Qt::BottomDockWidgetArea, activityDock);

    // The side docks run the full height; the activity dock sits between them under the tabs.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({fleetDock, inspectorDock}, {480, 320}, Qt::Horizontal);
    resizeDocks({activityDock}, {200}, Qt::Vertical);
}

void MainWindow::createToolBarAndMenus()
{
    QToolBar* toolBar = addToolBar(tr("Actions"));
    toolBar->setObjectName(QStringLiteral("actionsToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_actions->newSandbox());
    toolBar->addAction(m_actions->start());
    toolBar->addAction(m_actions->stop());
    toolBar->addAction(m_actions->sleep());
    toolBar->addAction(m_actions->wake());
    toolBar->addAction(m_actions->clone());
    toolBar->addAction(m_actions->cloneMany());
    toolBar->addAction(m_actions->destroy());
    toolBar->addSeparator();
    toolBar->addAction(m_actions->addHost());
    toolBar->addAction(m_actions->editPolicy());

    QMenu* fleetMenu = menuBar()->addMenu(tr("&Fleet"));
    fleetMenu->addAction(m_actions->addHost());
    fleetMenu->addAction(m_actions->editPolicy());
    fleetMenu->addAction(m_actions->editTemplates());
    fleetMenu->addSeparator();
    QAction* quit = fleetMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* sandboxMenu = menuBar()->addMenu(tr("&Sandbox"));
    sandboxMenu->addAction(m_actions->newSandbox());
    sandboxMenu->addSeparator();
    sandboxMenu->addActions(m_actions->sandboxMenu()->actions());
}

void MainWindow::connectModels()
{
    connect(&m_controller, &FleetController::snapshotLoaded, this,
            [this](const QList<core::HostStatus>& hosts, const QList<core::SandboxInfo>& sandboxes) {
                m_fleetModel->applySnapshot(hosts);
                m_sandboxModel->applySnapshot(sandboxes);
                statusBar()->showMessage(tr("Hosts: %1, sandboxes: %2").arg(hosts.size()).arg(sandboxes.size()),
                                         kStatusMessageMs);
            });
    connect(&m_controller, &FleetController::hostUpdated, m_fleetModel, &FleetTreeModel::upsertHost);
    connect(&m_controller, &FleetController::hostGone, m_fleetModel, &FleetTreeModel::removeHost);
    connect(&m_controller, &FleetController::hostGone, m_sandboxModel, &SandboxTableModel::removeHost);
    connect(&m_controller, &FleetController::sandboxesUpdated, m_sandboxModel, &SandboxTableModel::upsertSandboxes);
    connect(&m_controller, &FleetController::sandboxGone, m_sandboxModel, &SandboxTableModel::removeSandbox);
    connect(&m_controller, &FleetController::operationUpdated, m_operationModel, &OperationListModel::applyUpdate);
    connect(&m_controller, &FleetController::hostAdded, m_fleetModel, &FleetTreeModel::upsertHost);
    connect(&m_controller, &FleetController::sandboxesCreated, m_sandboxModel, &SandboxTableModel::upsertSandboxes);
    connect(&m_controller, &FleetController::requestFailed, this, &MainWindow::showFailure);
    connect(m_placementPanel, &PlacementPanel::editPolicyRequested, m_actions->editPolicy(), &QAction::trigger);
    m_queueLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_queueLabel);
    connect(&m_controller, &FleetController::queueUpdated, this, [this](const core::QueueStatus& queue) {
        m_queueLabel->setText(queue.pending == 0
                                  ? tr("Queue empty")
                                  : tr("Pending: %1, oldest %2 s")
                                        .arg(queue.pending)
                                        .arg(double(queue.oldestWait.count()) / 1000.0, 0, 'f', 0));
    });
    connect(m_actions, &ConsoleActions::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusMessageMs); });
    connect(m_sandboxesPanel, &SandboxesPanel::currentSandboxChanged, m_inspectorPanel,
            &InspectorPanel::showSandbox);
    connect(m_overviewPanel, &OverviewPanel::hostClicked, this, [this](const QString& uri) {
        selectInFleetTree(m_fleetModel->indexOfHost(uri));
    });
    connect(m_overviewPanel, &OverviewPanel::zoneClicked, this, [this](const QString& zone) {
        const QModelIndexList matches =
            m_fleetModel->match(m_fleetModel->index(0, 0), Qt::DisplayRole, zone, 1, Qt::MatchExactly);
        if (!matches.isEmpty())
            selectInFleetTree(matches.front());
    });

    auto* uptimeTimer = new QTimer(this);
    connect(uptimeTimer, &QTimer::timeout, m_sandboxModel, &SandboxTableModel::refreshUptime);
    uptimeTimer->start(kUptimeRefreshMs);
}

void MainWindow::selectInFleetTree(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    m_fleetPanel->view()->setCurrentIndex(index);
    m_fleetPanel->view()->scrollTo(index);
}

// Feeds the lineage tree from the controller and shares its selection with the Sandboxes tab, so
// the inspector and the actions follow a sandbox picked in either tab.
void MainWindow::connectBranches()
{
    connect(&m_controller, &FleetController::snapshotLoaded, m_branchModel,
            [this](const QList<core::HostStatus>&, const QList<core::SandboxInfo>& sandboxes) {
                m_branchModel->applySnapshot(sandboxes);
            });
    connect(&m_controller, &FleetController::sandboxesUpdated, m_branchModel, &BranchTreeModel::upsertSandboxes);
    connect(&m_controller, &FleetController::sandboxGone, m_branchModel, &BranchTreeModel::removeSandbox);
    connect(&m_controller, &FleetController::hostGone, m_branchModel, &BranchTreeModel::removeHost);
    connect(&m_controller, &FleetController::sandboxesCreated, m_branchModel, &BranchTreeModel::upsertSandboxes);

    connect(m_branchesPanel, &BranchesPanel::currentSandboxChanged, m_sandboxesPanel, &SandboxesPanel::selectSandbox);
    connect(m_sandboxesPanel, &SandboxesPanel::currentSandboxChanged, m_branchesPanel, &BranchesPanel::selectSandbox);
    connect(m_branchesPanel, &BranchesPanel::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusMessageMs); });
    connect(&m_controller, &FleetController::subtreeDestroyed, this,
            [this](const QString&, int destroyedCount, const QStringList& failures) {
                statusBar()->showMessage(failures.isEmpty()
                                             ? tr("Destroyed %n sandbox(es)", nullptr, destroyedCount)
                                             : tr("Destroyed %n sandbox(es); %1 kept, see the activity log", nullptr,
                                                  destroyedCount)
                                                   .arg(failures.size()),
                                         kStatusMessageMs);
            });
    connect(&m_controller, &FleetController::templatePromoted, this, [this](const core::Template& promoted) {
        statusBar()->showMessage(tr("Template \"%1\" created").arg(QString::fromStdString(promoted.name)),
                                 kStatusMessageMs);
        m_actions->updateEnabled();
    });
}

void MainWindow::showFailure(const QString& message)
{
    statusBar()->showMessage(message, kStatusMessageMs);
    m_activityPanel->addMessage(message);
}

}  // namespace shoal::ui
