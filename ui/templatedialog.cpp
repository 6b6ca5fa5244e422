#include "ui/templatedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/burst.h"
#include "ui/fleetcontroller.h"

namespace shoal::ui {

TemplateDialog::TemplateDialog(FleetController& controller, const QList<core::Template>& templates, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_templates(templates)
    , m_template(new QComboBox(this))
    , m_baseline(new QDoubleSpinBox(this))
    , m_factor(new QDoubleSpinBox(this))
    , m_window(new QSpinBox(this))
    , m_memory(new QSpinBox(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Close, this))
{
    setWindowTitle(tr("Templates"));
    for (const core::Template& sandboxTemplate : m_templates)
        m_template->addItem(QString::fromStdString(sandboxTemplate.name));

    m_baseline->setRange(core::kMinBaselineCpuPercent, core::kMaxBaselineCpuPercent);
    m_baseline->setDecimals(0);
    m_baseline->setSuffix(tr(" % of a CPU per vCPU"));
    m_factor->setRange(1.0, core::kMaxBurstFactor);
    m_factor->setDecimals(1);
    m_factor->setSingleStep(0.5);
    m_factor->setSuffix(tr(" ×"));
    m_window->setRange(0, core::kMaxBurstWindowSeconds);
    m_window->setSuffix(tr(" s"));
    m_window->setSpecialValueText(tr("no burst"));
    m_memory->setRange(0, 1024 * 1024);
    m_memory->setSingleStep(128);
    m_memory->setSuffix(tr(" MiB"));
    m_memory->setSpecialValueText(tr("template memory"));
    m_status->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Template:"), m_template);
    form->addRow(tr("Baseline CPU:"), m_baseline);
    form->addRow(tr("Burst factor:"), m_factor);
    form->addRow(tr("Burst window:"), m_window);
    form->addRow(tr("Burst memory:"), m_memory);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_template, &QComboBox::currentIndexChanged, this, &TemplateDialog::showTemplate);
    connect(m_baseline, &QDoubleSpinBox::valueChanged, this, &TemplateDialog::updateSummary);
    connect(m_factor, &QDoubleSpinBox::valueChanged, this, &TemplateDialog::updateSummary);
    connect(m_window, &QSpinBox::valueChanged, this, &TemplateDialog::updateSummary);
    connect(m_memory, &QSpinBox::valueChanged, this, &TemplateDialog::updateSummary);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &TemplateDialog::apply);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_controller, &FleetController::burstPlanApplied, this, [this](const core::Template& updated) {
        m_applying = false;
        for (core::Template& known : m_templates) {
            if (known.name == updated.name)
                known = updated;
        }
        m_status->setText(tr("Saved the burst plan of template \"%1\"; it applies from the next start or wake.")
                              .arg(QString::fromStdString(updated.name)));
    });
    connect(&m_controller, &FleetController::burstPlanRejected, this, [this](const QString& message) {
        m_applying = false;
        m_status->setText(message);
    });

    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(!m_templates.isEmpty());
    showTemplate(m_template->currentIndex());
}

core::BurstPlan TemplateDialog::plan() const
{
    core::BurstPlan plan;
    plan.baselineCpuPercent = m_baseline->value();
    plan.cpuFactor = m_factor->value();
    plan.windowSeconds = m_window->value();
    plan.burstMemoryMiB = static_cast<std::uint64_t>(m_memory->value());
    return plan;
}

QString TemplateDialog::statusText() const
{
    return m_status->text();
}

void TemplateDialog::showTemplate(int index)
{
    if (index < 0 || index >= m_templates.size())
        return;
    const core::BurstPlan& plan = m_templates[index].burst;
    m_baseline->setValue(plan.baselineCpuPercent);
    m_factor->setValue(plan.cpuFactor);
    m_window->setValue(plan.windowSeconds);
    m_memory->setValue(static_cast<int>(plan.burstMemoryMiB));
    updateSummary();
}

void TemplateDialog::updateSummary()
{
    const int index = m_template->currentIndex();
    if (index < 0 || index >= m_templates.size())
        return;
    core::Template edited = m_templates[index];
    edited.burst = plan();
    if (auto valid = core::validateBurstPlan(edited.burst, edited); !valid) {
        m_status->setText(QString::fromStdString(valid.error().detail));
        return;
    }
    if (!edited.burst.enabled()) {
        m_status->setText(tr("Sandboxes run at %1 % CPU per vCPU, with no burst.").arg(edited.burst.baselineCpuPercent));
        return;
    }
    const core::SandboxQuota burst = core::burstQuota(edited);
    m_status->setText(tr("For %1 s after each start or wake: %2 % CPU per vCPU and %3 MiB, then %4 % and %5 MiB.")
                          .arg(edited.burst.windowSeconds)
                          .arg(burst.cpuPercent)
                          .arg(burst.memoryMiB)
                          .arg(edited.burst.baselineCpuPercent)
                          .arg(edited.memoryMiB));
}

void TemplateDialog::apply()
{
    if (m_applying || m_template->currentIndex() < 0)
        return;
    m_applying = true;
    m_status->setText(tr("Saving…"));
    m_controller.setBurstPlan(m_template->currentText(), plan());
}

}  // namespace shoal::ui
