#include "ui/newsandboxdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/names.h"
#include "ui/displaytext.h"
#include "ui/fleettreemodel.h"

namespace shoal::ui {

NewSandboxDialog::NewSandboxDialog(const QList<core::Template>& templates,
                                   const QList<core::HostStatus>& hosts, QWidget* parent)
    : QDialog(parent)
    , m_templateBox(new QComboBox(this))
    , m_hostBox(new QComboBox(this))
    , m_countBox(new QSpinBox(this))
    , m_nameEdit(new QLineEdit(this))
    , m_messageLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New sandbox"));

    for (const core::Template& sandboxTemplate : templates) {
        const QString name = QString::fromStdString(sandboxTemplate.name);
        m_templateBox->addItem(tr("%1 (%2 vCPU, %3)")
                                   .arg(name)
                                   .arg(sandboxTemplate.vcpus)
                                   .arg(DisplayText::memory(sandboxTemplate.memoryMiB)),
                               name);
    }

    m_hostBox->addItem(tr("Placement policy decides (pending queue)"), QString());
    for (const core::HostStatus& host : hosts) {
        if (host.connection != core::ConnectionState::Connected)
            continue;
        m_hostBox->addItem(tr("%1 (%2, %3)")
                               .arg(hostDisplayName(host.spec),
                                    QString::fromStdString(host.spec.labels.zone),
                                    QString::fromStdString(host.spec.labels.pool)),
                           QString::fromStdString(host.spec.uri));
    }

    m_countBox->setRange(1, kMaxCount);
    m_nameEdit->setPlaceholderText(tr("Generated when empty"));
    m_nameEdit->setToolTip(tr("With a count above 1, the sandboxes are named NAME-1, NAME-2 and so on."));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setStyleSheet(QStringLiteral("color: #b02020;"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Template:"), m_templateBox);
    form->addRow(tr("&Host:"), m_hostBox);
    form->addRow(tr("&Count:"), m_countBox);
    form->addRow(tr("&Name:"), m_nameEdit);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_templateBox, &QComboBox::currentIndexChanged, this, &NewSandboxDialog::updateValidation);
    connect(m_countBox, &QSpinBox::valueChanged, this, &NewSandboxDialog::updateValidation);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &NewSandboxDialog::updateValidation);
    updateValidation();
}

core::CreateRequest NewSandboxDialog::request() const
{
    core::CreateRequest request;
    request.templateName = m_templateBox->currentData().toString().toStdString();
    request.hostUri = m_hostBox->currentData().toString().toStdString();
    request.displayName = m_nameEdit->text().toStdString();
    request.count = m_countBox->value();
    return request;
}

QString NewSandboxDialog::validationMessage() const
{
    if (m_templateBox->count() == 0)
        return tr("No template is available yet. Wait until the fleet has loaded.");
    if (m_templateBox->currentIndex() < 0)
        return tr("Choose a template.");
    if (m_countBox->value() < 1 || m_countBox->value() > kMaxCount)
        return tr("The count must be between 1 and %1.").arg(kMaxCount);

    // The same rule as the fleet applies at create, shown before the request is sent.
    const QString name = m_nameEdit->text();
    if (name.isEmpty())
        return {};
    const core::Status valid = core::validateDisplayName(name.toStdString());
    if (!valid)
        return tr("Invalid name: %1").arg(QString::fromStdString(valid.error().detail));
    return {};
}

void NewSandboxDialog::updateValidation()
{
    const QString message = validationMessage();
    m_messageLabel->setText(message);
    m_messageLabel->setVisible(!message.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(message.isEmpty());
}

}  // namespace shoal::ui
