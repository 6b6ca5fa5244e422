#pragma once

#include <QDialog>
#include <QList>

#include "core/fleet.h"
#include "core/model.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace shoal::ui {

// Asks for a template, a host (or "Let Shoal choose"), a count and an optional display name. The
// OK button stays disabled while the input is invalid, and the reason is shown in the dialog.
class NewSandboxDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int kMaxCount = 10000;

    NewSandboxDialog(const QList<core::Template>& templates, const QList<core::HostStatus>& hosts,
                     QWidget* parent = nullptr);

    core::CreateRequest request() const;

    // The reason the input is invalid, or an empty string when it is valid.
    QString validationMessage() const;

    QComboBox* templateBox() const { return m_templateBox; }
    QComboBox* hostBox() const { return m_hostBox; }
    QSpinBox* countBox() const { return m_countBox; }
    QLineEdit* nameEdit() const { return m_nameEdit; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void updateValidation();

    QComboBox* m_templateBox;
    QComboBox* m_hostBox;
    QSpinBox* m_countBox;
    QLineEdit* m_nameEdit;
    QLabel* m_messageLabel;
    QDialogButtonBox* m_buttons;
};

}  // namespace shoal::ui
