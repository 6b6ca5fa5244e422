#pragma once

#include <QDialog>
#include <QList>

#include "core/model.h"

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace shoal::ui {

class FleetController;

// Edits the burst plan of a template: baseline CPU quota, burst factor, window and burst memory.
// The fleet validates the plan when it is applied. A rejected plan keeps the dialog open with the
// message, and the stored plan stays as it was.
class TemplateDialog : public QDialog {
    Q_OBJECT

public:
    TemplateDialog(FleetController& controller, const QList<core::Template>& templates, QWidget* parent = nullptr);

    QComboBox* templateBox() const { return m_template; }
    QDoubleSpinBox* baselineBox() const { return m_baseline; }
    QDoubleSpinBox* factorBox() const { return m_factor; }
    QSpinBox* windowBox() const { return m_window; }
    QSpinBox* memoryBox() const { return m_memory; }
    QString statusText() const;

    // Returns the plan the fields describe now.
    core::BurstPlan plan() const;

private:
    void showTemplate(int index);
    void updateSummary();
    void apply();

    FleetController& m_controller;
    QList<core::Template> m_templates;
    QComboBox* m_template;
    QDoubleSpinBox* m_baseline;
    QDoubleSpinBox* m_factor;
    QSpinBox* m_window;
    QSpinBox* m_memory;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    bool m_applying = false;
};

}  // namespace shoal::ui
