#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QString>

#include "core/model.h"

namespace shoal::ui {

// The clone lineage as a tree: each clone under its parent, and sandboxes without a parent at
// the top level. A clone whose parent was destroyed moves up to the parent's own parent and is
// marked "parent destroyed"; when the parent is unknown, as after a restart, it becomes a top
// level row with that mark. Changes are applied as row inserts, moves, removals and dataChanged,
// never as a reset, so selections and expanded rows survive every update. Filtering lives in a
// proxy model.
class BranchTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { Name, State, Host, ClonedAt, Branches, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value for sorting: numbers and times stay numbers
        DomainNameRole,              // the domain name, which every fleet call accepts
        HostUriRole,
        SandboxIdRole,
        StateRole,                   // core::SandboxState as int
        ParentDestroyedRole,         // bool: a clone whose parent is gone
        SubtreeSizeRole,             // int: the sandbox and all its descendants
    };

    explicit BranchTreeModel(QObject* parent = nullptr);
    ~BranchTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Makes the tree match `sandboxes`: removes the missing, updates the changed, adds the new.
    void applySnapshot(const QList<core::SandboxInfo>& sandboxes);

    // Inserts the sandbox under its parent, or updates its row.
    void upsertSandbox(const core::SandboxInfo& sandbox);
    // Upserts a batch. The new sandboxes without a parent come first, as one block of top level
    // rows, so thousands of them cost the views one insert.
    void upsertSandboxes(const QList<core::SandboxInfo>& sandboxes);
    // Removes the sandbox. Its clones move up to its parent, marked "parent destroyed".
    void removeSandbox(const QString& hostUri, const QString& domainName);
    // Removes every sandbox of a host, for a host that was removed from the fleet.
    void removeHost(const QString& hostUri);

    // Returns the index of the sandbox in column 0, or an invalid index when it is not here.
    QModelIndex indexOfSandbox(const QString& hostUri, const QString& domainName) const;
    const core::SandboxInfo* sandbox(const QModelIndex& index) const;
    // Returns the number of sandboxes in the model.
    int sandboxCount() const { return int(m_nodes.size()); }

private:
    struct Node {
        core::SandboxInfo sandbox;
        Node* parent = nullptr;          // null for a top level row
        std::vector<Node*> children;
        int row = 0;                     // position in the parent's children, kept current
        int descendants = 0;
        // A clone whose parent is not in the model. Kept as a field, not looked up, so a row
        // changes only with its own dataChanged.
        bool parentMissing = false;
    };

    std::vector<Node*>& childrenOf(Node* parent);
    QModelIndex indexOf(Node* node, int column = 0) const;
    Node* nodeOf(const QModelIndex& index) const;
    Node* findByKey(const QString& hostUri, const QString& domainName) const;
    bool isInSubtree(const Node* candidate, const Node* root) const;
    QVariant displayValue(const Node& node, int column) const;
    QVariant sortValue(const Node& node, int column) const;

    void insertNode(std::unique_ptr<Node> owned);
    void insertTopLevelNodes(std::vector<std::unique_ptr<Node>> owned);
    void moveNode(Node* node, Node* newParent);
    void removeNode(Node* node);
    void adoptWaitingClones(Node* parent);
    void addDescendants(Node* ancestor, int delta);
    void emitRowChanged(Node* node);
    void reindexFrom(std::vector<Node*>& siblings, std::size_t first);

    std::unordered_map<std::string, std::unique_ptr<Node>> m_nodes;       // by sandbox id
    std::vector<Node*> m_roots;
    QHash<QString, std::string> m_idByKey;                                // "hostUri\ndomainName" -> id
    // Clones whose parent is not in the model, by the parent's id, so they move under it when
    // it arrives.
    std::unordered_map<std::string, std::vector<std::string>> m_waitingForParent;
};

}  // namespace shoal::ui
