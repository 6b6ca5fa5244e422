#include "ui/addhostdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace shoal::ui {

namespace {

// A libvirt URI has the form "driver[+transport]://[user@][host][:port]/path[?parameters]". Only
// that form is checked here, because connecting is the only real test of a URI.
bool hasLibvirtUriForm(const QString& uri)
{
    static const QRegularExpression form(QStringLiteral("^[a-z][a-z0-9]*(\\+[a-z0-9]+)?://[^\\s]*/[^\\s]*$"));
    return form.match(uri).hasMatch();
}

}  // namespace

AddHostDialog::AddHostDialog(QWidget* parent)
    : QDialog(parent)
    , m_uriEdit(new QLineEdit(this))
    , m_zoneBox(new QComboBox(this))
    , m_poolBox(new QComboBox(this))
    , m_instanceTypeEdit(new QLineEdit(this))
    , m_domainTypeBox(new QComboBox(this))
    , m_messageLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add host"));

    m_uriEdit->setPlaceholderText(QStringLiteral("qemu+ssh://root@host.example/system"));
    m_uriEdit->setText(QStringLiteral("qemu:///system"));
    m_zoneBox->setEditable(true);
    m_zoneBox->addItems({QStringLiteral("default"), QStringLiteral("az1"), QStringLiteral("az2"),
                         QStringLiteral("az3")});
    m_poolBox->setEditable(true);
    m_poolBox->addItems({QStringLiteral("default"), QStringLiteral("baseline"), QStringLiteral("serverless")});
    m_instanceTypeEdit->setPlaceholderText(tr("Optional, e.g. m.large"));
    m_domainTypeBox->addItem(tr("Automatic (probe the host)"), int(core::DomainType::Auto));
    m_domainTypeBox->addItem(tr("KVM"), int(core::DomainType::Kvm));
    m_domainTypeBox->addItem(tr("QEMU (TCG emulation)"), int(core::DomainType::Qemu));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setStyleSheet(QStringLiteral("color: #b02020;"));

    auto* form = new QFormLayout;
    form->addRow(tr("libvirt &URI:"), m_uriEdit);
    form->addRow(tr("&Zone:"), m_zoneBox);
    form->addRow(tr("&Pool:"), m_poolBox);
    form->addRow(tr("&Instance type:"), m_instanceTypeEdit);
    form->addRow(tr("&Domain type:"), m_domainTypeBox);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_uriEdit, &QLineEdit::textChanged, this, &AddHostDialog::updateValidation);
    connect(m_zoneBox, &QComboBox::currentTextChanged, this, &AddHostDialog::updateValidation);
    connect(m_poolBox, &QComboBox::currentTextChanged, this, &AddHostDialog::updateValidation);
    updateValidation();
}

core::HostSpec AddHostDialog::hostSpec() const
{
    core::HostSpec spec;
    spec.uri = m_uriEdit->text().trimmed().toStdString();
    spec.labels.zone = m_zoneBox->currentText().trimmed().toStdString();
    spec.labels.pool = m_poolBox->currentText().trimmed().toStdString();
    spec.labels.instanceType = m_instanceTypeEdit->text().trimmed().toStdString();
    spec.domainType = core::DomainType(m_domainTypeBox->currentData().toInt());
    return spec;
}

QString AddHostDialog::validationMessage() const
{
    const QString uri = m_uriEdit->text().trimmed();
    if (uri.isEmpty())
        return tr("Enter the libvirt URI of the host.");
    if (!hasLibvirtUriForm(uri))
        return tr("\"%1\" is not a libvirt URI such as qemu:///system or qemu+ssh://root@host/system.").arg(uri);
    if (m_zoneBox->currentText().trimmed().isEmpty())
        return tr("Enter a zone.");
    if (m_poolBox->currentText().trimmed().isEmpty())
        return tr("Enter a pool.");
    return {};
}

void AddHostDialog::updateValidation()
{
    const QString message = validationMessage();
    m_messageLabel->setText(message);
    m_messageLabel->setVisible(!message.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(message.isEmpty());
}

}  // namespace shoal::ui
