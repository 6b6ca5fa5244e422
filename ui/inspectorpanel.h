#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

#include "core/model.h"

class QLabel;
class QPlainTextEdit;
class QTimer;

namespace shoal::ui {

class FleetController;
class SandboxCharts;
class SandboxTableModel;
struct FleetStatsTick;

// The inspector dock: the current sandbox's live charts, its details and the tail of its serial
// console. The console is read off the GUI thread, and the next read is armed only when the
// previous result has arrived, so a slow host never piles up requests. The charts start from the
// fleet's stored history and then take the sandbox's points from each stats tick.
class InspectorPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kConsoleTailBytes = 16 * 1024;
    static constexpr int kConsolePollMs = 1000;
    // A pending sandbox's explanation changes with every scheduler pass.
    static constexpr int kExplainRefreshMs = 2000;

    InspectorPanel(SandboxTableModel& model, FleetController& controller, QWidget* parent = nullptr);

    // Shows the sandbox, or nothing when `domainName` is empty.
    void showSandbox(const QString& hostUri, const QString& domainName);

    QPlainTextEdit* consoleView() const { return m_console; }
    SandboxCharts& charts() const { return *m_charts; }
    QString detailText(const QString& field) const;

private:
    void refreshDetails();
    void requestConsole();
    void requestExplanation();
    void showConsole(const QString& domainName, const QString& text);
    void showConsoleError(const QString& domainName, const QString& message);
    void showConsoleUnavailable(const QString& domainName);
    void armNextRead(const QString& answeredDomainName);
    void watchStats(const QString& sandboxId);
    void applyStatsTick(const FleetStatsTick& tick);
    QLabel* addField(const QString& field, const QString& label);
    // Returns "planned X %, applied Y % until HH:MM:SS", or the planned quota alone where the
    // host cannot apply quotas.
    QString burstText(const core::BurstStatus& burst) const;

    SandboxTableModel& m_model;
    FleetController& m_controller;
    QString m_hostUri;
    QString m_domainName;
    QString m_sandboxId;                  // the sandbox whose stats are charted
    bool m_readInFlight = false;
    bool m_explainInFlight = false;
    QTimer* m_pollTimer;
    QTimer* m_explainTimer;
    QLabel* m_title;
    QHash<QString, QLabel*> m_fields;
    QPlainTextEdit* m_console;
    SandboxCharts* m_charts;
};

}  // namespace shoal::ui
