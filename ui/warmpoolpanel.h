#pragma once

#include <QWidget>

#include <vector>

#include "core/warmpool.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace shoal::core {
class Fleet;
}

namespace shoal::ui {

// The warm pools of the fleet: per template and host the target size, the ready entries and the
// refill state, and a form to set a pool's size. Fleet calls run on a thread of Qt's global pool,
// and the panel reads the pools again once a second while it is visible.
class WarmPoolPanel : public QWidget {
    Q_OBJECT

public:
    explicit WarmPoolPanel(core::Fleet& fleet, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }

    // Shows `pools` in the table, one row per pool.
    void showPools(const std::vector<core::WarmPoolStatus>& pools);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void refresh();
    void fillChoices();
    void applySize();

    core::Fleet& m_fleet;
    QTableWidget* m_table;
    QComboBox* m_template;
    QComboBox* m_host;
    QSpinBox* m_size;
    QPushButton* m_apply;
    QLabel* m_status;
    QTimer* m_timer;
    bool m_reading = false;
};

}  // namespace shoal::ui
