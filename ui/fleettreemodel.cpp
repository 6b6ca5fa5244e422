#include "ui/fleettreemodel.h"

#include <algorithm>

#include <QIcon>
#include <QSet>

#include "core/names.h"
#include "ui/displaytext.h"

namespace shoal::ui {

struct FleetTreeModel::Node {
    NodeKind kind = NodeKind::Root;
    QString key;               // zone name, pool name or host URI
    Node* parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    core::HostStatus host;     // only for hosts

    int row() const
    {
        if (!parent)
            return 0;
        const auto& siblings = parent->children;
        const auto found = std::find_if(siblings.begin(), siblings.end(),
                                        [this](const auto& sibling) { return sibling.get() == this; });
        return int(found - siblings.begin());
    }
};

namespace {

struct Totals {
    int cpus = 0;
    int allocatedVcpus = 0;
    std::uint64_t memoryMiB = 0;
    std::uint64_t allocatedMemoryMiB = 0;
    int sandboxes = 0;
    int hosts = 0;
    int connectedHosts = 0;
};

void addTotals(const core::HostStatus& host, Totals& totals)
{
    totals.cpus += host.capacity.cpus;
    totals.allocatedVcpus += host.capacity.allocatedVcpus;
    totals.memoryMiB += host.capacity.memoryMiB;
    totals.allocatedMemoryMiB += host.capacity.allocatedMemoryMiB;
    totals.sandboxes += host.sandboxCount;
    totals.hosts += 1;
    if (host.connection == core::ConnectionState::Connected)
        totals.connectedHosts += 1;
}

template <typename NodeType>
void collectTotals(const NodeType& node, Totals& totals)
{
    if (node.kind == FleetTreeModel::NodeKind::Host) {
        addTotals(node.host, totals);
        return;
    }
    for (const auto& child : node.children)
        collectTotals(*child, totals);
}

double fraction(double used, double capacity)
{
    return capacity > 0 ? std::clamp(used / capacity, 0.0, 1.0) : 0.0;
}

QString connectionIconPath(core::ConnectionState state)
{
    switch (state) {
    case core::ConnectionState::Connected: return QStringLiteral(":/icons/connected.svg");
    case core::ConnectionState::Connecting: return QStringLiteral(":/icons/connecting.svg");
    case core::ConnectionState::Disconnected: return QStringLiteral(":/icons/disconnected.svg");
    }
    return {};
}

// Returns true when every column, tool tip and icon of the host's row shows the same for `a`
// and `b`.
bool sameShownValues(const core::HostStatus& a, const core::HostStatus& b)
{
    return a.spec.name == b.spec.name && a.connection == b.connection && a.lastError == b.lastError
        && a.sandboxCount == b.sandboxCount && a.capacity.cpus == b.capacity.cpus
        && a.capacity.allocatedVcpus == b.capacity.allocatedVcpus && a.capacity.memoryMiB == b.capacity.memoryMiB
        && a.capacity.allocatedMemoryMiB == b.capacity.allocatedMemoryMiB;
}

}  // namespace

QString hostDisplayName(const core::HostSpec& spec)
{
    if (!spec.name.empty())
        return QString::fromStdString(spec.name);
    return QString::fromStdString(core::hostNameFromUri(spec.uri));
}

FleetTreeModel::FleetTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

FleetTreeModel::~FleetTreeModel() = default;

FleetTreeModel::Node* FleetTreeModel::nodeAt(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex FleetTreeModel::indexOf(Node* node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, node);
}

QModelIndex FleetTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node* parentNode = nodeAt(parent);
    return createIndex(row, column, parentNode->children[std::size_t(row)].get());
}

QModelIndex FleetTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeAt(child)->parent);
}

int FleetTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeAt(parent)->children.size());
}

int FleetTreeModel::columnCount(const QModelIndex& /*parent*/) const
{
    return ColumnCount;
}

QVariant FleetTreeModel::nodeDisplay(const Node& node, int column) const
{
    Totals totals;
    collectTotals(node, totals);
    const bool isHost = node.kind == NodeKind::Host;

    switch (column) {
    case Name: return isHost ? hostDisplayName(node.host.spec) : node.key;
    case Sandboxes: return totals.sandboxes;
    case Cpu: return tr("%1 / %2 vCPU").arg(totals.allocatedVcpus).arg(totals.cpus);
    case Memory:
        return tr("%1 / %2").arg(DisplayText::memory(totals.allocatedMemoryMiB),
                                 DisplayText::memory(totals.memoryMiB));
    case Connection:
        if (isHost)
            return DisplayText::connectionState(node.host.connection);
        return tr("%1 / %2").arg(totals.connectedHosts).arg(totals.hosts);
    default: return {};
    }
}

QVariant FleetTreeModel::nodeFraction(const Node& node, int column) const
{
    Totals totals;
    collectTotals(node, totals);
    if (column == Cpu)
        return fraction(totals.allocatedVcpus, totals.cpus);
    if (column == Memory)
        return fraction(double(totals.allocatedMemoryMiB), double(totals.memoryMiB));
    return {};
}

QVariant FleetTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};

    const Node& node = *nodeAt(index);
    const bool isHost = node.kind == NodeKind::Host;
    switch (role) {
    case Qt::DisplayRole: return nodeDisplay(node, index.column());
    case FractionRole: return nodeFraction(node, index.column());
    case KindRole: return int(node.kind);
    case HostUriRole: return isHost ? node.key : QVariant();
    case Qt::DecorationRole:
        // Next to the name, so the state stays visible when the dock is too narrow for the column.
        if (isHost && index.column() == Name)
            return connectionIcon(node.host.connection);
        return {};
    case Qt::ToolTipRole:
        if (!isHost && index.column() == Connection) {
            Totals totals;
            collectTotals(node, totals);
            return tr("%1 of %2 hosts connected").arg(totals.connectedHosts).arg(totals.hosts);
        }
        if (!isHost)
            return {};
        if (!node.host.lastError.empty())
            return QString::fromStdString(node.host.lastError);
        return node.key;
    default: return {};
    }
}

QVariant FleetTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);

    switch (section) {
    case Name: return tr("Zone / pool / host");
    case Sandboxes: return tr("Sandboxes");
    case Cpu: return tr("CPU");
    case Memory: return tr("Memory");
    case Connection: return tr("Connection");
    default: return {};
    }
}

QIcon FleetTreeModel::connectionIcon(core::ConnectionState state) const
{
    auto found = m_connectionIcons.find(int(state));
    if (found == m_connectionIcons.end())
        found = m_connectionIcons.insert(int(state), QIcon(connectionIconPath(state)));
    return *found;
}

void FleetTreeModel::applySnapshot(const QList<core::HostStatus>& hosts)
{
    QSet<QString> present;
    for (const core::HostStatus& host : hosts)
        present.insert(QString::fromStdString(host.spec.uri));

    const QList<QString> known = m_hostByUri.keys();
    for (const QString& uri : known) {
        if (!present.contains(uri))
            removeHost(uri);
    }

    // Each pool and zone above a changed host gets one dataChanged for the whole snapshot instead
    // of one per host. A view that sizes its columns to their contents re-measures every row on
    // each signal.
    std::vector<Node*> changedAncestors;
    QSet<Node*> seen;
    for (const core::HostStatus& host : hosts) {
        Node* changed = storeHost(host);
        for (Node* ancestor = changed ? changed->parent : nullptr; ancestor && ancestor != m_root.get();
             ancestor = ancestor->parent) {
            if (!seen.contains(ancestor)) {
                seen.insert(ancestor);
                changedAncestors.push_back(ancestor);
            }
        }
    }
    for (Node* ancestor : changedAncestors)
        emit dataChanged(indexOf(ancestor, 0), indexOf(ancestor, ColumnCount - 1));
}

void FleetTreeModel::upsertHost(const core::HostStatus& host)
{
    if (Node* changed = storeHost(host))
        emitAncestorsChanged(changed);
}

// Inserts, moves or updates the host's node. Returns the node when it stayed in place and a value
// it shows changed, so its pool and zone still need a dataChanged. Otherwise returns null.
FleetTreeModel::Node* FleetTreeModel::storeHost(const core::HostStatus& host)
{
    const QString uri = QString::fromStdString(host.spec.uri);
    Node* node = m_hostByUri.value(uri);
    if (!node) {
        insertHostNode(host);
        return nullptr;
    }

    const bool moved = node->host.spec.labels.zone != host.spec.labels.zone
        || node->host.spec.labels.pool != host.spec.labels.pool;
    if (moved) {
        removeHost(uri);
        insertHostNode(host);
        return nullptr;
    }

    // Fields that no column shows (capabilities, storage, reconnect schedule) are stored without
    // a signal, and hosts() returns them.
    const bool changed = !sameShownValues(node->host, host);
    node->host = host;
    if (!changed)
        return nullptr;
    emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
    return node;
}

void FleetTreeModel::removeHost(const QString& uri)
{
    Node* node = m_hostByUri.take(uri);
    if (!node)
        return;

    // Remove the host, then any pool and zone it leaves empty.
    Node* parent = node->parent;
    removeChild(parent, node->row());
    while (parent != m_root.get() && parent->children.empty()) {
        Node* grandparent = parent->parent;
        removeChild(grandparent, parent->row());
        parent = grandparent;
    }
    if (parent != m_root.get())
        emitAncestorsChanged(parent->children.front().get());
}

QList<core::HostStatus> FleetTreeModel::hosts() const
{
    QList<core::HostStatus> result;
    for (const auto& zone : m_root->children) {
        for (const auto& pool : zone->children) {
            for (const auto& host : pool->children)
                result.append(host->host);
        }
    }
    return result;
}

QModelIndex FleetTreeModel::indexOfHost(const QString& uri) const
{
    return indexOf(m_hostByUri.value(uri));
}

FleetTreeModel::Node* FleetTreeModel::findOrInsertChild(Node* parent, NodeKind kind, const QString& key)
{
    auto& children = parent->children;
    const auto position = std::lower_bound(children.begin(), children.end(), key,
                                           [](const auto& child, const QString& value) {
                                               return child->key < value;
                                           });
    if (position != children.end() && (*position)->key == key)
        return position->get();

    const int row = int(position - children.begin());
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->key = key;
    node->parent = parent;
    Node* inserted = node.get();

    beginInsertRows(indexOf(parent), row, row);
    children.insert(children.begin() + row, std::move(node));
    endInsertRows();
    return inserted;
}

void FleetTreeModel::insertHostNode(const core::HostStatus& host)
{
    const QString uri = QString::fromStdString(host.spec.uri);
    Node* zone = findOrInsertChild(m_root.get(), NodeKind::Zone, QString::fromStdString(host.spec.labels.zone));
    Node* pool = findOrInsertChild(zone, NodeKind::Pool, QString::fromStdString(host.spec.labels.pool));

    // The node is complete before it becomes visible, so views never read an empty host.
    auto& children = pool->children;
    const auto position = std::lower_bound(children.begin(), children.end(), uri,
                                           [](const auto& child, const QString& value) {
                                               return child->key < value;
                                           });
    const int row = int(position - children.begin());
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Host;
    node->key = uri;
    node->parent = pool;
    node->host = host;
    Node* inserted = node.get();

    beginInsertRows(indexOf(pool), row, row);
    children.insert(children.begin() + row, std::move(node));
    m_hostByUri.insert(uri, inserted);
    endInsertRows();
    emitAncestorsChanged(inserted);
}

void FleetTreeModel::removeChild(Node* parent, int row)
{
    beginRemoveRows(indexOf(parent), row, row);
    parent->children.erase(parent->children.begin() + row);
    endRemoveRows();
}

void FleetTreeModel::emitAncestorsChanged(Node* node)
{
    for (Node* ancestor = node->parent; ancestor && ancestor != m_root.get(); ancestor = ancestor->parent)
        emit dataChanged(indexOf(ancestor, 0), indexOf(ancestor, ColumnCount - 1));
}

}  // namespace shoal::ui
