#include "ui/branchespanel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "core/sandboxstate.h"
#include "ui/branchtreemodel.h"
#include "ui/fleetcontroller.h"

namespace shoal::ui {

namespace {

bool askToDestroySubtree(QWidget* parent, const QString& sandboxName, int count)
{
    const auto answer = QMessageBox::question(
        parent, BranchesPanel::tr("Destroy subtree"),
        BranchesPanel::tr("Destroy \"%1\" and every branch cloned from it: %n sandbox(es) in all? Their disks and "
                          "console logs are deleted.", nullptr, count)
            .arg(sandboxName),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Yes;
}

bool askTemplateName(QWidget* parent, const QString& sandboxName, QString* name)
{
    bool accepted = false;
    const QString chosen = QInputDialog::getText(
        parent, BranchesPanel::tr("Promote to template"),
        BranchesPanel::tr("Name of the new template made from the disk of \"%1\":").arg(sandboxName), QLineEdit::Normal,
        sandboxName + QStringLiteral("-template"), &accepted);
    if (!accepted)
        return false;
    *name = chosen;
    return true;
}

bool canPromote(core::SandboxState state)
{
    return state == core::SandboxState::Stopped || state == core::SandboxState::Asleep;
}

QToolButton* makeButton(QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(false);
    return button;
}

}  // namespace

BranchesPanel::BranchesPanel(BranchTreeModel& model, FleetController& controller, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_controller(controller)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filterEdit(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_cloneButton(makeButton(this))
    , m_cloneManyButton(makeButton(this))
    , m_destroySubtree(new QAction(QIcon(QStringLiteral(":/icons/destroy.svg")), tr("Destroy &subtree…"), this))
    , m_promote(new QAction(QIcon(QStringLiteral(":/icons/new-sandbox.svg")), tr("&Promote to template…"), this))
    , m_menu(new QMenu(this))
    , m_expandTimer(new QTimer(this))
    , m_confirmSubtree(askToDestroySubtree)
    , m_askTemplateName(askTemplateName)
{
    m_proxy->setSourceModel(&m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortRole(BranchTreeModel::SortRole);

    m_filterEdit->setPlaceholderText(tr("Filter by name, state or host; matching branches keep their ancestors"));
    m_filterEdit->setClearButtonEnabled(true);

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(BranchTreeModel::ClonedAt, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(BranchTreeModel::Name, QHeaderView::Stretch);
    const int characterWidth = m_view->fontMetrics().averageCharWidth();
    const std::pair<int, int> widthsInCharacters[] = {
        {BranchTreeModel::State, 10}, {BranchTreeModel::Host, 16}, {BranchTreeModel::ClonedAt, 20},
        {BranchTreeModel::Branches, 9},
    };
    for (const auto& [column, characters] : widthsInCharacters)
        m_view->setColumnWidth(column, characters * characterWidth + 16);

    m_destroySubtree->setToolTip(tr("Destroy the selected sandbox and every branch cloned from it, the deepest first"));
    m_promote->setToolTip(tr("Make a new template from the disk of the selected sandbox, which must be stopped or asleep"));
    auto* destroyButton = makeButton(this);
    destroyButton->setDefaultAction(m_destroySubtree);
    auto* promoteButton = makeButton(this);
    promoteButton->setDefaultAction(m_promote);
    m_cloneButton->hide();
    m_cloneManyButton->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_cloneButton);
    buttons->addWidget(m_cloneManyButton);
    buttons->addWidget(destroyButton);
    buttons->addWidget(promoteButton);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filterEdit);
    layout->addLayout(buttons);
    layout->addWidget(m_view);

    m_expandTimer->setSingleShot(true);
    m_expandTimer->setInterval(0);
    connect(m_expandTimer, &QTimer::timeout, this, &BranchesPanel::expandIfSmall);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &BranchesPanel::scheduleExpand);
    connect(m_proxy, &QAbstractItemModel::rowsMoved, this, &BranchesPanel::scheduleExpand);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &BranchesPanel::scheduleExpand);

    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &BranchesPanel::scheduleExpand);
    connect(m_view, &QWidget::customContextMenuRequested, this, &BranchesPanel::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BranchesPanel::emitCurrentSandbox);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BranchesPanel::updateEnabled);
    // A state change of the selected sandbox changes which actions apply.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &BranchesPanel::updateEnabled);
    connect(m_destroySubtree, &QAction::triggered, this, &BranchesPanel::destroyCurrentSubtree);
    connect(m_promote, &QAction::triggered, this, &BranchesPanel::promoteCurrent);

    m_menu->addAction(m_destroySubtree);
    m_menu->addAction(m_promote);
    updateEnabled();
}

void BranchesPanel::setCloneActions(QAction* clone, QAction* cloneMany)
{
    m_cloneButton->setDefaultAction(clone);
    m_cloneManyButton->setDefaultAction(cloneMany);
    m_cloneButton->show();
    m_cloneManyButton->show();
    QAction* first = m_menu->actions().value(0);
    m_menu->insertAction(first, clone);
    m_menu->insertAction(first, cloneMany);
    m_menu->insertSeparator(first);
}

QModelIndex BranchesPanel::currentSourceIndex() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return m_proxy->mapToSource(rows.front());
}

void BranchesPanel::selectSandbox(const QString& hostUri, const QString& domainName)
{
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model.indexOfSandbox(hostUri, domainName));
    if (!proxyIndex.isValid() || proxyIndex == m_view->currentIndex())
        return;
    m_selectingFromOutside = true;
    for (QModelIndex ancestor = proxyIndex.parent(); ancestor.isValid(); ancestor = ancestor.parent())
        m_view->expand(ancestor);
    m_view->selectionModel()->setCurrentIndex(proxyIndex,
                                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(proxyIndex);
    m_selectingFromOutside = false;
}

void BranchesPanel::updateEnabled()
{
    const core::SandboxInfo* sandbox = m_model.sandbox(currentSourceIndex());
    m_destroySubtree->setEnabled(sandbox && core::isActionAllowed(core::SandboxAction::Destroy, sandbox->state));
    m_promote->setEnabled(sandbox && canPromote(sandbox->state));
}

void BranchesPanel::scheduleExpand()
{
    if (m_model.sandboxCount() <= kExpandAllLimit)
        m_expandTimer->start();
}

void BranchesPanel::expandIfSmall()
{
    if (m_model.sandboxCount() <= kExpandAllLimit)
        m_view->expandAll();
}

void BranchesPanel::showContextMenu(const QPoint& position)
{
    if (!m_view->indexAt(position).isValid())
        return;
    m_menu->popup(m_view->viewport()->mapToGlobal(position));
}

void BranchesPanel::emitCurrentSandbox()
{
    updateEnabled();
    if (m_selectingFromOutside)
        return;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    emit currentSandboxChanged(current.data(BranchTreeModel::HostUriRole).toString(),
                               current.data(BranchTreeModel::DomainNameRole).toString());
}

void BranchesPanel::destroyCurrentSubtree()
{
    const QModelIndex index = currentSourceIndex();
    const core::SandboxInfo* sandbox = m_model.sandbox(index);
    if (!sandbox)
        return;
    const QString name = QString::fromStdString(sandbox->metadata.displayName);
    const QString domainName = QString::fromStdString(sandbox->domainName);
    const int count = index.data(BranchTreeModel::SubtreeSizeRole).toInt();
    if (!m_confirmSubtree(this, name, count))
        return;
    emit message(tr("Destroying \"%1\" and its branches: %n sandbox(es)", nullptr, count).arg(name));
    m_controller.destroySubtree(domainName);
}

void BranchesPanel::promoteCurrent()
{
    const core::SandboxInfo* sandbox = m_model.sandbox(currentSourceIndex());
    if (!sandbox || !canPromote(sandbox->state))
        return;
    const QString name = QString::fromStdString(sandbox->metadata.displayName);
    const QString domainName = QString::fromStdString(sandbox->domainName);
    QString templateName;
    if (!m_askTemplateName(this, name, &templateName))
        return;
    emit message(tr("Promoting \"%1\" to template \"%2\"").arg(name, templateName));
    m_controller.promoteToTemplate(domainName, templateName);
}

}  // namespace shoal::ui
