#include "ui/branchtreemodel.h"

#include <algorithm>
#include <set>

#include <QDateTime>
#include <QSet>

#include "core/names.h"
#include "ui/displaytext.h"

namespace shoal::ui {

namespace {

QString keyOf(const QString& hostUri, const QString& domainName)
{
    return hostUri + QLatin1Char('\n') + domainName;
}

QString keyOf(const core::SandboxInfo& sandbox)
{
    return keyOf(QString::fromStdString(sandbox.hostUri), QString::fromStdString(sandbox.domainName));
}

// The sandbox id, or the domain name for a sandbox listed without one.
std::string idOf(const core::SandboxInfo& sandbox)
{
    return sandbox.metadata.id.empty() ? sandbox.domainName : sandbox.metadata.id;
}

// Every field that a column shows; a change in any of them updates the row.
bool sameContent(const core::SandboxInfo& a, const core::SandboxInfo& b)
{
    return a.metadata.displayName == b.metadata.displayName && a.metadata.parentId == b.metadata.parentId
        && a.metadata.createdAtMs == b.metadata.createdAtMs && a.state == b.state && a.hostUri == b.hostUri
        && a.domainName == b.domainName && a.failureReason == b.failureReason;
}

}  // namespace

BranchTreeModel::BranchTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

BranchTreeModel::~BranchTreeModel() = default;

std::vector<BranchTreeModel::Node*>& BranchTreeModel::childrenOf(Node* parent)
{
    return parent ? parent->children : m_roots;
}

QModelIndex BranchTreeModel::indexOf(Node* node, int column) const
{
    return node ? createIndex(node->row, column, node) : QModelIndex();
}

BranchTreeModel::Node* BranchTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : nullptr;
}

QModelIndex BranchTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node* parentNode = nodeOf(parent);
    const std::vector<Node*>& siblings = parentNode ? parentNode->children : m_roots;
    return createIndex(row, column, siblings[std::size_t(row)]);
}

QModelIndex BranchTreeModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    return node ? indexOf(node->parent) : QModelIndex();
}

int BranchTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node* node = nodeOf(parent);
    return int(node ? node->children.size() : m_roots.size());
}

int BranchTreeModel::columnCount(const QModelIndex& /*parent*/) const
{
    return ColumnCount;
}

QVariant BranchTreeModel::displayValue(const Node& node, int column) const
{
    const core::SandboxInfo& sandbox = node.sandbox;
    switch (column) {
    case Name: {
        const QString name = QString::fromStdString(sandbox.metadata.displayName);
        return node.parentMissing ? tr("%1 (parent destroyed)").arg(name) : name;
    }
    case State: return DisplayText::sandboxState(sandbox.state);
    case Host: return QString::fromStdString(core::hostNameFromUri(sandbox.hostUri));
    case ClonedAt:
        if (sandbox.metadata.parentId.empty() || sandbox.metadata.createdAtMs <= 0)
            return QString();
        return QDateTime::fromMSecsSinceEpoch(sandbox.metadata.createdAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Branches: return node.descendants;
    default: return {};
    }
}

QVariant BranchTreeModel::sortValue(const Node& node, int column) const
{
    switch (column) {
    case Name: return QString::fromStdString(node.sandbox.metadata.displayName);
    case ClonedAt: return qint64(node.sandbox.metadata.createdAtMs);
    default: return displayValue(node, column);
    }
}

QVariant BranchTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};

    const Node& node = *nodeOf(index);
    const core::SandboxInfo& sandbox = node.sandbox;
    switch (role) {
    case Qt::DisplayRole: return displayValue(node, index.column());
    case SortRole: return sortValue(node, index.column());
    case DomainNameRole: return QString::fromStdString(sandbox.domainName);
    case HostUriRole: return QString::fromStdString(sandbox.hostUri);
    case SandboxIdRole: return QString::fromStdString(sandbox.metadata.id);
    case StateRole: return int(sandbox.state);
    case ParentDestroyedRole: return node.parentMissing;
    case SubtreeSizeRole: return node.descendants + 1;
    case Qt::ToolTipRole:
        if (index.column() == Name && node.parentMissing)
            return tr("Cloned from a sandbox that was destroyed (id %1)").arg(QString::fromStdString(sandbox.metadata.parentId));
        if (index.column() == State && !sandbox.failureReason.empty())
            return QString::fromStdString(sandbox.failureReason);
        if (index.column() == Host)
            return QString::fromStdString(sandbox.hostUri);
        if (index.column() == Branches)
            return tr("%n descendant(s): clones, their clones and so on", nullptr, node.descendants);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Branches)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant BranchTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);

    switch (section) {
    case Name: return tr("Name");
    case State: return tr("State");
    case Host: return tr("Host");
    case ClonedAt: return tr("Cloned at");
    case Branches: return tr("Branches");
    default: return {};
    }
}

void BranchTreeModel::applySnapshot(const QList<core::SandboxInfo>& sandboxes)
{
    QSet<QString> present;
    for (const core::SandboxInfo& sandbox : sandboxes)
        present.insert(keyOf(sandbox));

    const QList<QString> known = m_idByKey.keys();
    for (const QString& key : known) {
        if (present.contains(key))
            continue;
        const auto found = m_nodes.find(m_idByKey.value(key));
        if (found != m_nodes.end())
            removeNode(found->second.get());
    }
    upsertSandboxes(sandboxes);
}

void BranchTreeModel::upsertSandboxes(const QList<core::SandboxInfo>& sandboxes)
{
    // The first entry of each new sandbox without a parent goes into the block. Every other
    // entry, including a later one for a sandbox in the block, is upserted after it, in order.
    std::vector<std::unique_ptr<Node>> topLevel;
    std::set<std::string> blockIds;
    QList<const core::SandboxInfo*> rest;
    for (const core::SandboxInfo& sandbox : sandboxes) {
        const std::string id = idOf(sandbox);
        if (sandbox.metadata.parentId.empty() && !m_nodes.contains(id) && blockIds.insert(id).second) {
            auto node = std::make_unique<Node>();
            node->sandbox = sandbox;
            topLevel.push_back(std::move(node));
            continue;
        }
        rest.append(&sandbox);
    }
    insertTopLevelNodes(std::move(topLevel));
    for (const core::SandboxInfo* sandbox : std::as_const(rest))
        upsertSandbox(*sandbox);
}

void BranchTreeModel::upsertSandbox(const core::SandboxInfo& sandbox)
{
    const std::string id = idOf(sandbox);
    const auto found = m_nodes.find(id);
    if (found == m_nodes.end()) {
        auto node = std::make_unique<Node>();
        node->sandbox = sandbox;
        insertNode(std::move(node));
        return;
    }

    Node* node = found->second.get();
    if (sameContent(node->sandbox, sandbox))
        return;
    // A pending sandbox gets its host when it is placed, which changes its key.
    m_idByKey.remove(keyOf(node->sandbox));
    m_idByKey.insert(keyOf(sandbox), id);
    const bool parentChanged = node->sandbox.metadata.parentId != sandbox.metadata.parentId;
    node->sandbox = sandbox;
    if (parentChanged) {
        const auto parent = m_nodes.find(sandbox.metadata.parentId);
        Node* newParent = parent != m_nodes.end() ? parent->second.get() : nullptr;
        if (!newParent && !sandbox.metadata.parentId.empty())
            m_waitingForParent[sandbox.metadata.parentId].push_back(id);
        if (isInSubtree(newParent, node))
            newParent = nullptr;
        node->parentMissing = !newParent && !sandbox.metadata.parentId.empty();
        moveNode(node, newParent);
    }
    emitRowChanged(node);
}

void BranchTreeModel::removeSandbox(const QString& hostUri, const QString& domainName)
{
    if (Node* node = findByKey(hostUri, domainName))
        removeNode(node);
}

void BranchTreeModel::removeHost(const QString& hostUri)
{
    const std::string uri = hostUri.toStdString();
    std::vector<std::string> ids;
    for (const auto& [id, node] : m_nodes) {
        if (node->sandbox.hostUri == uri)
            ids.push_back(id);
    }
    for (const std::string& id : ids) {
        const auto found = m_nodes.find(id);
        if (found != m_nodes.end())
            removeNode(found->second.get());
    }
}

QModelIndex BranchTreeModel::indexOfSandbox(const QString& hostUri, const QString& domainName) const
{
    return indexOf(findByKey(hostUri, domainName));
}

const core::SandboxInfo* BranchTreeModel::sandbox(const QModelIndex& index) const
{
    const Node* node = nodeOf(index);
    return node ? &node->sandbox : nullptr;
}

BranchTreeModel::Node* BranchTreeModel::findByKey(const QString& hostUri, const QString& domainName) const
{
    const auto id = m_idByKey.constFind(keyOf(hostUri, domainName));
    if (id == m_idByKey.constEnd())
        return nullptr;
    const auto found = m_nodes.find(*id);
    return found == m_nodes.end() ? nullptr : found->second.get();
}

bool BranchTreeModel::isInSubtree(const Node* candidate, const Node* root) const
{
    for (const Node* node = candidate; node; node = node->parent) {
        if (node == root)
            return true;
    }
    return false;
}

void BranchTreeModel::insertNode(std::unique_ptr<Node> owned)
{
    Node* node = owned.get();
    const std::string id = idOf(node->sandbox);
    const std::string& parentId = node->sandbox.metadata.parentId;
    const auto parent = m_nodes.find(parentId);
    Node* parentNode = parent != m_nodes.end() ? parent->second.get() : nullptr;
    if (!parentNode && !parentId.empty())
        m_waitingForParent[parentId].push_back(id);
    node->parentMissing = !parentNode && !parentId.empty();

    std::vector<Node*>& siblings = childrenOf(parentNode);
    const int row = int(siblings.size());
    beginInsertRows(indexOf(parentNode), row, row);
    node->parent = parentNode;
    node->row = row;
    siblings.push_back(node);
    m_idByKey.insert(keyOf(node->sandbox), id);
    m_nodes.emplace(id, std::move(owned));
    endInsertRows();
    addDescendants(parentNode, 1);

    adoptWaitingClones(node);
}

void BranchTreeModel::insertTopLevelNodes(std::vector<std::unique_ptr<Node>> owned)
{
    if (owned.empty())
        return;
    std::vector<Node*>& siblings = childrenOf(nullptr);
    const int first = int(siblings.size());
    std::vector<Node*> inserted;
    inserted.reserve(owned.size());
    beginInsertRows({}, first, first + int(owned.size()) - 1);
    for (std::unique_ptr<Node>& node : owned) {
        node->parent = nullptr;
        node->row = int(siblings.size());
        siblings.push_back(node.get());
        inserted.push_back(node.get());
        const std::string id = idOf(node->sandbox);
        m_idByKey.insert(keyOf(node->sandbox), id);
        m_nodes.emplace(id, std::move(node));
    }
    endInsertRows();

    for (Node* node : inserted)
        adoptWaitingClones(node);
}

// Moves the clones that waited for `parent` under it and clears their "parent destroyed" mark.
void BranchTreeModel::adoptWaitingClones(Node* parent)
{
    const auto waiting = m_waitingForParent.find(idOf(parent->sandbox));
    if (waiting == m_waitingForParent.end())
        return;
    const std::vector<std::string> ids = std::move(waiting->second);
    m_waitingForParent.erase(waiting);
    for (const std::string& id : ids) {
        const auto found = m_nodes.find(id);
        if (found == m_nodes.end())
            continue;
        Node* clone = found->second.get();
        // A parent cycle, which only damaged metadata can make, stays where it is.
        if (clone->sandbox.metadata.parentId != parent->sandbox.metadata.id || isInSubtree(parent, clone))
            continue;
        moveNode(clone, parent);
        clone->parentMissing = false;
        emitRowChanged(clone);
    }
}

void BranchTreeModel::moveNode(Node* node, Node* newParent)
{
    Node* oldParent = node->parent;
    if (oldParent == newParent)
        return;
    std::vector<Node*>& oldSiblings = childrenOf(oldParent);
    std::vector<Node*>& newSiblings = childrenOf(newParent);
    const int oldRow = node->row;
    const int newRow = int(newSiblings.size());
    const int moved = node->descendants + 1;

    beginMoveRows(indexOf(oldParent), oldRow, oldRow, indexOf(newParent), newRow);
    oldSiblings.erase(oldSiblings.begin() + oldRow);
    reindexFrom(oldSiblings, std::size_t(oldRow));
    node->parent = newParent;
    node->row = int(newSiblings.size());
    newSiblings.push_back(node);
    endMoveRows();

    addDescendants(oldParent, -moved);
    addDescendants(newParent, moved);
}

void BranchTreeModel::removeNode(Node* node)
{
    const std::string id = idOf(node->sandbox);

    // The clones move up first, so no row is lost with their parent.
    const std::vector<Node*> clones = node->children;
    for (Node* clone : clones) {
        m_waitingForParent[id].push_back(idOf(clone->sandbox));
        moveNode(clone, node->parent);
    }

    Node* parent = node->parent;
    std::vector<Node*>& siblings = childrenOf(parent);
    const int row = node->row;
    beginRemoveRows(indexOf(parent), row, row);
    siblings.erase(siblings.begin() + row);
    reindexFrom(siblings, std::size_t(row));
    m_idByKey.remove(keyOf(node->sandbox));
    const std::string parentId = node->sandbox.metadata.parentId;
    std::unique_ptr<Node> owned = std::move(m_nodes.at(id));
    m_nodes.erase(id);
    endRemoveRows();
    addDescendants(parent, -1);

    const auto waiting = m_waitingForParent.find(parentId);
    if (waiting != m_waitingForParent.end()) {
        std::vector<std::string>& ids = waiting->second;
        ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
        if (ids.empty())
            m_waitingForParent.erase(waiting);
    }
    // The name column of each former clone now carries the "parent destroyed" mark.
    for (Node* clone : clones) {
        clone->parentMissing = true;
        emitRowChanged(clone);
    }
}

void BranchTreeModel::addDescendants(Node* ancestor, int delta)
{
    for (Node* node = ancestor; node; node = node->parent) {
        node->descendants += delta;
        const QModelIndex changed = indexOf(node, Branches);
        emit dataChanged(changed, changed, {Qt::DisplayRole, SortRole, SubtreeSizeRole, Qt::ToolTipRole});
    }
}

void BranchTreeModel::emitRowChanged(Node* node)
{
    emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
}

void BranchTreeModel::reindexFrom(std::vector<Node*>& siblings, std::size_t first)
{
    for (std::size_t row = first; row < siblings.size(); ++row)
        siblings[row]->row = int(row);
}

}  // namespace shoal::ui
