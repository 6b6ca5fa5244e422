#pragma once

#include <memory>
#include <vector>

#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QString>

#include "core/model.h"

namespace shoal::ui {

// The fleet as a tree: zone, then pool, then host. Zone and pool rows sum the capacity of the hosts
// below them. Host snapshots are applied as diffs, and a host whose zone or pool label changed
// moves by a removal and an insertion.
class FleetTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { Name, Sandboxes, Cpu, Memory, Connection, ColumnCount };
    enum Role {
        FractionRole = Qt::UserRole + 1, // double 0..1 for the Cpu and Memory bars
        KindRole,                        // NodeKind as int
        HostUriRole,
    };
    enum class NodeKind { Root, Zone, Pool, Host };

    explicit FleetTreeModel(QObject* parent = nullptr);
    ~FleetTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void applySnapshot(const QList<core::HostStatus>& hosts);
    void upsertHost(const core::HostStatus& host);
    void removeHost(const QString& uri);

    // Every host in tree order.
    QList<core::HostStatus> hosts() const;
    QModelIndex indexOfHost(const QString& uri) const;

private:
    struct Node;

    Node* nodeAt(const QModelIndex& index) const;
    QModelIndex indexOf(Node* node, int column = 0) const;
    Node* findOrInsertChild(Node* parent, NodeKind kind, const QString& key);
    void insertHostNode(const core::HostStatus& host);
    Node* storeHost(const core::HostStatus& host);
    QIcon connectionIcon(core::ConnectionState state) const;
    void removeChild(Node* parent, int row);
    void emitAncestorsChanged(Node* node);
    QVariant nodeDisplay(const Node& node, int column) const;
    QVariant nodeFraction(const Node& node, int column) const;

    std::unique_ptr<Node> m_root;
    QHash<QString, Node*> m_hostByUri;
    // Loaded on first use, because views ask for the icon of every host row on each relayout. In
    // a perf profile, loading the SVG on each request was the largest cost of host updates.
    mutable QHash<int, QIcon> m_connectionIcons;
};

// Returns the host's short name, or the one core derives from its URI when the name is empty.
QString hostDisplayName(const core::HostSpec& spec);

}  // namespace shoal::ui
