#include "ui/consoleactions.h"

#include <QAction>
#include <QIcon>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>

#include "core/sandboxstate.h"
#include "ui/addhostdialog.h"
#include "ui/fleetcontroller.h"
#include "ui/fleettreemodel.h"
#include "ui/newsandboxdialog.h"
#include "ui/policydialog.h"
#include "ui/templatedialog.h"
#include "ui/sandboxespanel.h"

namespace shoal::ui {

namespace {

bool askCloneCount(QWidget* parent, const QString& source, int* count, QString* prefix)
{
    bool accepted = false;
    const int chosen = QInputDialog::getInt(parent, ConsoleActions::tr("Clone ×N"),
                                            ConsoleActions::tr("Number of clones of \"%1\":").arg(source), 4, 1, 64,
                                            1, &accepted);
    if (!accepted)
        return false;
    const QString name = QInputDialog::getText(parent, ConsoleActions::tr("Clone ×N"),
                                               ConsoleActions::tr("Name prefix (empty: generated):"),
                                               QLineEdit::Normal, source + QStringLiteral("-branch"), &accepted);
    if (!accepted)
        return false;
    *count = chosen;
    *prefix = name;
    return true;
}

bool askToDestroy(QWidget* parent, int count)
{
    const auto answer = QMessageBox::question(
        parent, ConsoleActions::tr("Destroy sandboxes"),
        ConsoleActions::tr("Destroy %n sandbox(es)? Their disks and console logs are deleted.", nullptr, count),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Yes;
}

}  // namespace

ConsoleActions::ConsoleActions(FleetController& controller, FleetTreeModel& fleet,
                               SandboxesPanel& sandboxes, QWidget* dialogParent)
    : QObject(dialogParent)
    , m_controller(controller)
    , m_fleet(fleet)
    , m_sandboxes(sandboxes)
    , m_dialogParent(dialogParent)
    , m_confirmDestroy(askToDestroy)
    , m_askCloneCount(askCloneCount)
{
    m_newSandbox = makeAction(tr("&Launch…"), QStringLiteral("new-sandbox"), QKeySequence::New);
    m_start = makeAction(tr("&Start"), QStringLiteral("start"), QKeySequence(Qt::CTRL | Qt::Key_R));
    m_stop = makeAction(tr("S&top"), QStringLiteral("stop"), QKeySequence(Qt::CTRL | Qt::Key_T));
    m_forceStop = makeAction(tr("&Force stop"), QStringLiteral("stop"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_destroy = makeAction(tr("&Destroy…"), QStringLiteral("destroy"), QKeySequence::Delete);
    m_addHost = makeAction(tr("Add &host…"), QStringLiteral("add-host"), QKeySequence(Qt::CTRL | Qt::Key_H));
    m_editPolicy = makeAction(tr("&Policy…"), QStringLiteral("policy"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_editPolicy->setToolTip(tr("Edit the placement policy (Ctrl+Shift+P)"));
    m_editTemplates = makeAction(tr("&Templates…"), QStringLiteral("policy"), QKeySequence());
    m_editTemplates->setToolTip(tr("Edit the burst plan of a template"));
    m_sleep = makeAction(tr("S&leep"), QStringLiteral("sleep"), QKeySequence(Qt::CTRL | Qt::Key_L));
    m_sleep->setToolTip(tr("Save the sandbox's memory on its host and stop it (Ctrl+L)"));
    m_wake = makeAction(tr("&Wake"), QStringLiteral("wake"), QKeySequence(Qt::CTRL | Qt::Key_W));
    m_wake->setToolTip(tr("Restore the sandbox exactly where it was (Ctrl+W)"));
    m_clone = makeAction(tr("&Clone"), QStringLiteral("clone"), QKeySequence(Qt::CTRL | Qt::Key_D));
    m_clone->setToolTip(tr("Fork the running sandbox: the clone continues from this instant (Ctrl+D)"));
    m_cloneMany = makeAction(tr("Clone ×&N…"), QStringLiteral("clone"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));

    m_newSandbox->setToolTip(tr("Launch sandboxes from a template (Ctrl+N)"));
    m_forceStop->setToolTip(tr("Power the sandbox off without waiting for its guest"));

    m_sandboxMenu = new QMenu(dialogParent);
    m_sandboxMenu->addAction(m_start);
    m_sandboxMenu->addAction(m_stop);
    m_sandboxMenu->addAction(m_forceStop);
    m_sandboxMenu->addSeparator();
    m_sandboxMenu->addAction(m_sleep);
    m_sandboxMenu->addAction(m_wake);
    m_sandboxMenu->addAction(m_clone);
    m_sandboxMenu->addAction(m_cloneMany);
    m_sandboxMenu->addSeparator();
    m_sandboxMenu->addAction(m_destroy);

    connect(m_newSandbox, &QAction::triggered, this, &ConsoleActions::openNewSandboxDialog);
    connect(m_addHost, &QAction::triggered, this, &ConsoleActions::openAddHostDialog);
    connect(m_editPolicy, &QAction::triggered, this, &ConsoleActions::openPolicyDialog);
    connect(m_editTemplates, &QAction::triggered, this, &ConsoleActions::openTemplateDialog);
    connect(m_start, &QAction::triggered, this, &ConsoleActions::startSelected);
    connect(m_stop, &QAction::triggered, this, [this] { stopSelected(core::StopMode::Graceful); });
    connect(m_forceStop, &QAction::triggered, this, [this] { stopSelected(core::StopMode::Force); });
    connect(m_destroy, &QAction::triggered, this, &ConsoleActions::destroySelected);
    connect(m_sleep, &QAction::triggered, this, &ConsoleActions::sleepSelected);
    connect(m_wake, &QAction::triggered, this, &ConsoleActions::wakeSelected);
    connect(m_clone, &QAction::triggered, this, [this] { cloneSelected(false); });
    connect(m_cloneMany, &QAction::triggered, this, [this] { cloneSelected(true); });
    connect(&m_sandboxes, &SandboxesPanel::selectionChanged, this, &ConsoleActions::updateEnabled);
    connect(&m_controller, &FleetController::snapshotLoaded, this, &ConsoleActions::updateEnabled);
    updateEnabled();
}

QAction* ConsoleActions::makeAction(const QString& text, const QString& icon, const QKeySequence& shortcut)
{
    auto* action = new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)), text, this);
    action->setShortcut(shortcut);
    // The table and the toolbar share the shortcuts, so they work wherever the focus is.
    action->setShortcutContext(Qt::WindowShortcut);
    return action;
}

bool ConsoleActions::canStart(core::SandboxState state)
{
    return core::isActionAllowed(core::SandboxAction::Start, state);
}

bool ConsoleActions::canStop(core::SandboxState state)
{
    return core::isActionAllowed(core::SandboxAction::Stop, state);
}

bool ConsoleActions::canDestroy(core::SandboxState state)
{
    return core::isActionAllowed(core::SandboxAction::Destroy, state);
}

bool ConsoleActions::canSleep(core::SandboxState state)
{
    return core::isActionAllowed(core::SandboxAction::Sleep, state);
}

bool ConsoleActions::canWake(core::SandboxState state)
{
    return core::isActionAllowed(core::SandboxAction::Wake, state);
}

bool ConsoleActions::canClone(core::SandboxState state)
{
    return core::isActionAllowed(core::SandboxAction::Clone, state);
}

QStringList ConsoleActions::selectedDomainNames(bool (*applies)(core::SandboxState)) const
{
    QStringList names;
    const QList<core::SandboxInfo> selected = m_sandboxes.selectedSandboxes();
    for (const core::SandboxInfo& sandbox : selected) {
        if (applies(sandbox.state))
            names.append(QString::fromStdString(sandbox.domainName));
    }
    return names;
}

void ConsoleActions::updateEnabled()
{
    m_newSandbox->setEnabled(!m_controller.templates().isEmpty());
    m_start->setEnabled(!selectedDomainNames(canStart).isEmpty());
    m_stop->setEnabled(!selectedDomainNames(canStop).isEmpty());
    m_forceStop->setEnabled(m_stop->isEnabled());
    m_destroy->setEnabled(!selectedDomainNames(canDestroy).isEmpty());
    m_sleep->setEnabled(!selectedDomainNames(canSleep).isEmpty());
    m_wake->setEnabled(!selectedDomainNames(canWake).isEmpty());
    // Clone works on one source at a time.
    m_clone->setEnabled(selectedDomainNames(canClone).size() == 1);
    m_cloneMany->setEnabled(m_clone->isEnabled());
}

void ConsoleActions::openNewSandboxDialog()
{
    auto* dialog = new NewSandboxDialog(m_controller.templates(), m_fleet.hosts(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const core::CreateRequest request = dialog->request();
        emit message(tr("Creating %n sandbox(es) from template \"%1\"", nullptr, request.count)
                         .arg(QString::fromStdString(request.templateName)));
        m_controller.createSandboxes(request);
    });
    dialog->open();
}

void ConsoleActions::openPolicyDialog()
{
    auto* dialog = new PolicyDialog(m_controller, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] { emit message(tr("Applied the placement policy")); });
    dialog->open();
}

void ConsoleActions::openTemplateDialog()
{
    auto* dialog = new TemplateDialog(m_controller, m_controller.templates(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ConsoleActions::openAddHostDialog()
{
    auto* dialog = new AddHostDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const core::HostSpec spec = dialog->hostSpec();
        emit message(tr("Adding host \"%1\"").arg(QString::fromStdString(spec.uri)));
        m_controller.addHost(spec, core::Fleet::Persistence::Persist);
    });
    dialog->open();
}

void ConsoleActions::startSelected()
{
    const QStringList names = selectedDomainNames(canStart);
    if (names.isEmpty())
        return;
    emit message(tr("Starting %n sandbox(es)", nullptr, int(names.size())));
    m_controller.startSandboxes(names);
}

void ConsoleActions::stopSelected(core::StopMode mode)
{
    const QStringList names = selectedDomainNames(canStop);
    if (names.isEmpty())
        return;
    emit message(tr("Stopping %n sandbox(es)", nullptr, int(names.size())));
    m_controller.stopSandboxes(names, mode);
}

void ConsoleActions::destroySelected()
{
    const QStringList names = selectedDomainNames(canDestroy);
    if (names.isEmpty() || !m_confirmDestroy(m_dialogParent, int(names.size())))
        return;
    emit message(tr("Destroying %n sandbox(es)", nullptr, int(names.size())));
    m_controller.destroySandboxes(names);
}

void ConsoleActions::sleepSelected()
{
    const QStringList names = selectedDomainNames(canSleep);
    if (names.isEmpty())
        return;
    emit message(tr("Putting %n sandbox(es) to sleep", nullptr, int(names.size())));
    m_controller.sleepSandboxes(names);
}

void ConsoleActions::wakeSelected()
{
    const QStringList names = selectedDomainNames(canWake);
    if (names.isEmpty())
        return;
    emit message(tr("Waking %n sandbox(es)", nullptr, int(names.size())));
    m_controller.wakeSandboxes(names);
}

void ConsoleActions::cloneSelected(bool askCount)
{
    const QStringList names = selectedDomainNames(canClone);
    if (names.size() != 1)
        return;
    const QList<core::SandboxInfo> selected = m_sandboxes.selectedSandboxes();
    QString source = names.first();
    for (const core::SandboxInfo& sandbox : selected) {
        if (QString::fromStdString(sandbox.domainName) == names.first())
            source = QString::fromStdString(sandbox.metadata.displayName);
    }
    int count = 1;
    QString prefix;
    if (askCount && !m_askCloneCount(m_dialogParent, source, &count, &prefix))
        return;
    emit message(tr("Cloning \"%1\" %n time(s)", nullptr, count).arg(source));
    m_controller.cloneSandbox(names.first(), count, prefix);
}

}  // namespace shoal::ui
