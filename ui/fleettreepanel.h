#pragma once

#include <QWidget>

class QTreeView;

namespace shoal::ui {

class FleetTreeModel;

// The fleet tree dock's content: zones, pools and hosts with capacity bars and connection state.
class FleetTreePanel : public QWidget {
    Q_OBJECT

public:
    explicit FleetTreePanel(FleetTreeModel& model, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }

    // The URI of the selected host, or an empty string when no host is selected.
    QString selectedHostUri() const;

signals:
    void hostSelected(const QString& uri);

private:
    FleetTreeModel& m_model;
    QTreeView* m_view;
};

}  // namespace shoal::ui
