#include "ui/policydialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

#include "core/policy.h"
#include "ui/fleetcontroller.h"

namespace shoal::ui {

namespace {

// Finds "line N" in a parser message; 0 when there is none.
int lineOf(const QString& message)
{
    static const QRegularExpression pattern(QStringLiteral("line (\\d+)"));
    const QRegularExpressionMatch match = pattern.match(message);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

}  // namespace

PolicyDialog::PolicyDialog(FleetController& controller, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_editor(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Close, this))
    , m_validateTimer(new QTimer(this))
{
    setWindowTitle(tr("Placement policy"));
    resize(640, 560);

    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlainText(QString::fromStdString(m_controller.policy().text));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* hint = new QLabel(tr("Units are tried in order; an overflow unit with \"when\" takes sandboxes only while "
                               "its condition holds. The policy in force stays until a valid one is applied."),
                            this);
    hint->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(kValidateDelayMs);
    connect(m_validateTimer, &QTimer::timeout, this, &PolicyDialog::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, m_validateTimer, qOverload<>(&QTimer::start));
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &PolicyDialog::apply);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_controller, &FleetController::policyApplied, this, [this] {
        if (!m_applying)
            return;
        m_applying = false;
        m_status->setText(tr("Applied. New sandboxes are placed under this policy."));
        accept();
    });
    connect(&m_controller, &FleetController::policyRejected, this, &PolicyDialog::showRejected);
    validate();
}

QString PolicyDialog::statusText() const
{
    return m_status->text();
}

bool PolicyDialog::canApply() const
{
    return m_buttons->button(QDialogButtonBox::Apply)->isEnabled();
}

void PolicyDialog::validate()
{
    m_validateTimer->stop();
    // Parsing is pure and takes microseconds, so it runs here on the GUI thread.
    const core::Result<core::Policy> policy = core::parsePolicy(m_editor->toPlainText().toStdString());
    m_valid = policy.has_value();
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(m_valid && !m_applying);
    if (m_valid) {
        m_status->setStyleSheet(QString());
        m_status->setText(tr("Valid: %n unit(s).", nullptr, int(policy->units.size())));
        highlightLine(0);
        return;
    }
    const QString message = QString::fromStdString(policy.error().detail);
    m_status->setStyleSheet(QStringLiteral("color: #b03a2e;"));
    m_status->setText(message);
    highlightLine(lineOf(message));
}

void PolicyDialog::highlightLine(int line)
{
    QList<QTextEdit::ExtraSelection> selections;
    if (line > 0) {
        QTextEdit::ExtraSelection selection;
        selection.format.setBackground(QColor(0xf9, 0xd6, 0xd2));
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.cursor = QTextCursor(m_editor->document()->findBlockByNumber(line - 1));
        selections.append(selection);
    }
    m_editor->setExtraSelections(selections);
}

void PolicyDialog::apply()
{
    validate();
    if (!m_valid)
        return;
    m_applying = true;
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(false);
    m_status->setText(tr("Applying…"));
    m_controller.applyPolicy(m_editor->toPlainText());
}

void PolicyDialog::showRejected(const QString& message)
{
    if (!m_applying)
        return;
    m_applying = false;
    m_status->setStyleSheet(QStringLiteral("color: #b03a2e;"));
    m_status->setText(tr("Not applied; the policy in force is unchanged. %1").arg(message));
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(true);
    highlightLine(lineOf(message));
}

}  // namespace shoal::ui
