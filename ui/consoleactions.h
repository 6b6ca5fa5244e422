#pragma once

#include <functional>

#include <QList>
#include <QObject>

#include "core/model.h"

class QAction;
class QMenu;
class QWidget;

namespace shoal::ui {

class FleetController;
class FleetTreeModel;
class SandboxesPanel;

// The console's commands: Launch, Start, Stop, Force stop, Sleep, Wake, Clone, Clone ×N, Destroy,
// Add host and Policy. Each action
// is enabled only when it applies to the current selection, and each one hands its work to the
// controller, so none of them waits for a host.
class ConsoleActions : public QObject {
    Q_OBJECT

public:
    // Returns whether the user confirmed destroying `count` sandboxes.
    using DestroyConfirmation = std::function<bool(QWidget* parent, int count)>;

    ConsoleActions(FleetController& controller, FleetTreeModel& fleet, SandboxesPanel& sandboxes,
                   QWidget* dialogParent);

    QAction* newSandbox() const { return m_newSandbox; }
    QAction* start() const { return m_start; }
    QAction* stop() const { return m_stop; }
    QAction* forceStop() const { return m_forceStop; }
    QAction* destroy() const { return m_destroy; }
    QAction* addHost() const { return m_addHost; }
    QAction* editPolicy() const { return m_editPolicy; }
    QAction* editTemplates() const { return m_editTemplates; }
    QAction* sleep() const { return m_sleep; }
    QAction* wake() const { return m_wake; }
    QAction* clone() const { return m_clone; }
    QAction* cloneMany() const { return m_cloneMany; }

    // Asks for the count and name prefix of Clone ×N. Returns false when the user cancels.
    using CloneQuestion = std::function<bool(QWidget* parent, const QString& source, int* count, QString* prefix)>;
    void setCloneQuestion(CloneQuestion question) { m_askCloneCount = std::move(question); }

    // The context menu of the sandbox table.
    QMenu* sandboxMenu() const { return m_sandboxMenu; }

    void setDestroyConfirmation(DestroyConfirmation confirmation) { m_confirmDestroy = std::move(confirmation); }

    // Enables each action by the states of the selected sandboxes.
    void updateEnabled();

    // The fleet's lifecycle table decides. These functions only adapt it to a function pointer.
    static bool canStart(core::SandboxState state);
    static bool canStop(core::SandboxState state);
    static bool canDestroy(core::SandboxState state);
    static bool canSleep(core::SandboxState state);
    static bool canWake(core::SandboxState state);
    static bool canClone(core::SandboxState state);

signals:
    // A short note for the status bar, e.g. "Destroying 3 sandboxes".
    void message(const QString& text);

private:
    QAction* makeAction(const QString& text, const QString& icon, const QKeySequence& shortcut);
    QStringList selectedDomainNames(bool (*applies)(core::SandboxState)) const;
    void openNewSandboxDialog();
    void openPolicyDialog();
    void openTemplateDialog();
    void openAddHostDialog();
    void startSelected();
    void stopSelected(core::StopMode mode);
    void destroySelected();
    void sleepSelected();
    void wakeSelected();
    void cloneSelected(bool askCount);

    FleetController& m_controller;
    FleetTreeModel& m_fleet;
    SandboxesPanel& m_sandboxes;
    QWidget* m_dialogParent;
    DestroyConfirmation m_confirmDestroy;
    QAction* m_newSandbox;
    QAction* m_start;
    QAction* m_stop;
    QAction* m_forceStop;
    QAction* m_destroy;
    QAction* m_addHost;
    QAction* m_editPolicy;
    QAction* m_editTemplates;
    QAction* m_sleep;
    QAction* m_wake;
    QAction* m_clone;
    QAction* m_cloneMany;
    CloneQuestion m_askCloneCount;
    QMenu* m_sandboxMenu;
};

}  // namespace shoal::ui
