#pragma once

#include <deque>

#include <QWidget>

#include "core/fleet.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace shoal::ui {

class FleetController;

// The Placement tab: the pending queue and the policy units over time against the overflow
// thresholds, the units now, and a what-if calculator that changes nothing.
class PlacementPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSampleIntervalMs = 1000;
    static constexpr double kHistorySeconds = 600.0;  // the chart shows the last ten minutes

    explicit PlacementPanel(FleetController& controller, QWidget* parent = nullptr);

    // Takes one sample of the queue and replots. The timer calls it every second.
    void sample();

    QString summaryText() const;
    QTableWidget* unitTable() const { return m_units; }
    QTableWidget* whatIfTable() const { return m_whatIfResults; }
    QString whatIfSummary() const;

    // Fills the what-if form and requests the calculation, as the Compute button does.
    void requestWhatIf(const QString& templateName, int count);

signals:
    void editPolicyRequested();

private:
    struct Sample {
        double seconds = 0.0;                 // since the panel was made
        core::QueueStatus queue;
    };

    void showQueue(const core::QueueStatus& queue);
    void appendSample(const core::QueueStatus& queue);
    void showPolicy(const core::PolicyInfo& policy);
    void showWhatIf(const core::WhatIfReport& report);
    void refreshTemplates();
    void replot();

    FleetController& m_controller;
    QLabel* m_summary;
    QLabel* m_policyLabel;
    QTableWidget* m_units;
    QCustomPlot* m_plot;
    QComboBox* m_template;
    QSpinBox* m_count;
    QPushButton* m_compute;
    QLabel* m_whatIfSummaryLabel;
    QTableWidget* m_whatIfResults;
    QTimer* m_sampleTimer;
    std::deque<Sample> m_history;
    qint64 m_startMs = 0;
};

}  // namespace shoal::ui
