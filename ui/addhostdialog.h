#pragma once

#include <QDialog>

#include "core/model.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace shoal::ui {

// Asks for a libvirt URI, the host's zone, pool and instance type, and a domain type override.
class AddHostDialog : public QDialog {
    Q_OBJECT

public:
    explicit AddHostDialog(QWidget* parent = nullptr);

    core::HostSpec hostSpec() const;

    // The reason the input is invalid, or an empty string when it is valid.
    QString validationMessage() const;

    QLineEdit* uriEdit() const { return m_uriEdit; }
    QComboBox* zoneBox() const { return m_zoneBox; }
    QComboBox* poolBox() const { return m_poolBox; }
    QComboBox* domainTypeBox() const { return m_domainTypeBox; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void updateValidation();

    QLineEdit* m_uriEdit;
    QComboBox* m_zoneBox;
    QComboBox* m_poolBox;
    QLineEdit* m_instanceTypeEdit;
    QComboBox* m_domainTypeBox;
    QLabel* m_messageLabel;
    QDialogButtonBox* m_buttons;
};

}  // namespace shoal::ui
