#pragma once

#include <QWidget>

class QTimer;
class QTreeView;

namespace shoal::ui {

class FleetTreeModel;

// The fleet tree dock's content: zones, pools and hosts with capacity bars and connection state.
class FleetTreePanel : public QWidget {
    Q_OBJECT

public:
    // Changes within this many milliseconds share one fitting of the columns to their contents.
    static constexpr int kColumnFitDelayMs = 250;

    explicit FleetTreePanel(FleetTreeModel& model, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }

    // The URI of the selected host, or an empty string when no host is selected.
    QString selectedHostUri() const;

signals:
    void hostSelected(const QString& uri);

private:
    void scheduleColumnFit();
    void fitColumns();

    FleetTreeModel& m_model;
    QTreeView* m_view;
    QTimer* m_columnFitTimer;
};

}  // namespace shoal::ui
