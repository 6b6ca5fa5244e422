#pragma once

#include <QWidget>

class QPlainTextEdit;
class QTableView;

namespace shoal::ui {

class OperationListModel;

// The activity dock: operations with their phase, progress and phase timings, and a message log
// of failed requests.
class ActivityPanel : public QWidget {
    Q_OBJECT

public:
    explicit ActivityPanel(OperationListModel& model, QWidget* parent = nullptr);

    // Appends a timestamped line to the message log.
    void addMessage(const QString& message);

    QTableView* view() const { return m_view; }
    QPlainTextEdit* messageLog() const { return m_messages; }

private:
    OperationListModel& m_model;
    QTableView* m_view;
    QPlainTextEdit* m_messages;
};

}  // namespace shoal::ui
