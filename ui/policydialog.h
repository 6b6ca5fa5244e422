#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QTimer;

namespace shoal::ui {

class FleetController;

// Edits the placement policy in YAML. The text is checked as the user types, the line of the
// first error is highlighted, and Apply is enabled only for a valid policy. The fleet checks it
// again when applying; a rejected policy leaves the one in force and keeps the dialog open.
class PolicyDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int kValidateDelayMs = 250;

    PolicyDialog(FleetController& controller, QWidget* parent = nullptr);

    QPlainTextEdit* editor() const { return m_editor; }
    QString statusText() const;
    bool canApply() const;

    // Checks the text now instead of after the typing delay.
    void validate();

private:
    void apply();
    void showRejected(const QString& message);
    void highlightLine(int line);

    FleetController& m_controller;
    QPlainTextEdit* m_editor;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    QTimer* m_validateTimer;
    bool m_valid = false;
    bool m_applying = false;
};

}  // namespace shoal::ui
