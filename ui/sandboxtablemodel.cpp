#include "ui/sandboxtablemodel.h"

#include <algorithm>

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

// Every field that a column or the inspector shows; a change in any of them updates the row.
bool sameContent(const core::SandboxInfo& a, const core::SandboxInfo& b)
{
    return a.metadata.displayName == b.metadata.displayName && a.metadata.id == b.metadata.id
        && a.metadata.templateName == b.metadata.templateName && a.metadata.zone == b.metadata.zone
        && a.metadata.pool == b.metadata.pool && a.metadata.parentId == b.metadata.parentId
        && a.metadata.createdAtMs == b.metadata.createdAtMs && a.state == b.state
        && a.vcpus == b.vcpus && a.memoryMiB == b.memoryMiB && a.startedAtMs == b.startedAtMs
        && a.failureReason == b.failureReason && a.burst.active == b.burst.active
        && a.burst.windowStartMs == b.burst.windowStartMs && a.burst.windowEndMs == b.burst.windowEndMs
        && a.burst.plannedCpuPercent == b.burst.plannedCpuPercent
        && a.burst.appliedCpuPercent == b.burst.appliedCpuPercent
        && a.burst.plannedMemoryMiB == b.burst.plannedMemoryMiB
        && a.burst.appliedMemoryMiB == b.burst.appliedMemoryMiB && a.burst.appliedOnHost == b.burst.appliedOnHost;
}

QString hostDisplayName(const std::string& uri)
{
    return QString::fromStdString(core::hostNameFromUri(uri));
}

}  // namespace

SandboxTableModel::SandboxTableModel(std::function<qint64()> nowMs, QObject* parent)
    : QAbstractTableModel(parent)
    , m_nowMs(nowMs ? std::move(nowMs) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

int SandboxTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_sandboxes.size());
}

int SandboxTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 SandboxTableModel::uptimeMs(const core::SandboxInfo& sandbox) const
{
    if (sandbox.startedAtMs <= 0 || sandbox.state != core::SandboxState::Running)
        return -1;
    return std::max<qint64>(0, m_nowMs() - sandbox.startedAtMs);
}

QVariant SandboxTableModel::displayValue(const core::SandboxInfo& sandbox, int column) const
{
    switch (column) {
    case Name: return QString::fromStdString(sandbox.metadata.displayName);
    case State: return DisplayText::sandboxState(sandbox.state);
    case Host: return hostDisplayName(sandbox.hostUri);
    case Zone: return QString::fromStdString(sandbox.metadata.zone);
    case Pool: return QString::fromStdString(sandbox.metadata.pool);
    case Vcpus: return sandbox.vcpus;
    case Memory: return DisplayText::memory(sandbox.memoryMiB);
    case Uptime: {
        const qint64 uptime = uptimeMs(sandbox);
        return uptime < 0 ? QString() : DisplayText::duration(uptime);
    }
    default: return {};
    }
}

QVariant SandboxTableModel::sortValue(const core::SandboxInfo& sandbox, int column) const
{
    switch (column) {
    case Vcpus: return sandbox.vcpus;
    case Memory: return qulonglong(sandbox.memoryMiB);
    case Uptime: return uptimeMs(sandbox);
    default: return displayValue(sandbox, column);
    }
}

QVariant SandboxTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};

    const core::SandboxInfo& sandbox = m_sandboxes[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayValue(sandbox, index.column());
    case SortRole: return sortValue(sandbox, index.column());
    case DomainNameRole: return QString::fromStdString(sandbox.domainName);
    case HostUriRole: return QString::fromStdString(sandbox.hostUri);
    case StateRole: return int(sandbox.state);
    case Qt::ToolTipRole:
        if (index.column() == State && !sandbox.failureReason.empty())
            return QString::fromStdString(sandbox.failureReason);
        if (index.column() == Host)
            return QString::fromStdString(sandbox.hostUri);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Vcpus || index.column() == Memory || index.column() == Uptime)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant SandboxTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);

    switch (section) {
    case Name: return tr("Name");
    case State: return tr("State");
    case Host: return tr("Host");
    case Zone: return tr("Zone");
    case Pool: return tr("Pool");
    case Vcpus: return tr("vCPU");
    case Memory: return tr("Memory");
    case Uptime: return tr("Uptime");
    default: return {};
    }
}

void SandboxTableModel::applySnapshot(const QList<core::SandboxInfo>& sandboxes)
{
    QSet<QString> present;
    for (const core::SandboxInfo& sandbox : sandboxes)
        present.insert(keyOf(sandbox));

    // Walk backwards so earlier row numbers stay valid while rows go.
    for (int row = int(m_sandboxes.size()) - 1; row >= 0; --row) {
        if (!present.contains(keyOf(m_sandboxes[std::size_t(row)])))
            removeRowAt(row);
    }

    // One dataChanged over the changed range instead of one per row, because a sorting proxy
    // re-sorts and relayouts its view for each signal.
    int firstChanged = rowCount();
    int lastChanged = -1;
    for (const core::SandboxInfo& sandbox : sandboxes) {
        const auto found = m_rowByKey.constFind(keyOf(sandbox));
        if (found == m_rowByKey.constEnd()) {
            upsertSandbox(sandbox);
            continue;
        }
        core::SandboxInfo& current = m_sandboxes[std::size_t(*found)];
        if (sameContent(current, sandbox))
            continue;
        current = sandbox;
        firstChanged = std::min(firstChanged, *found);
        lastChanged = std::max(lastChanged, *found);
    }
    if (lastChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
}

void SandboxTableModel::upsertSandbox(const core::SandboxInfo& sandbox)
{
    const QString key = keyOf(sandbox);
    const auto found = m_rowByKey.constFind(key);
    if (found == m_rowByKey.constEnd()) {
        const int row = int(m_sandboxes.size());
        beginInsertRows({}, row, row);
        m_sandboxes.push_back(sandbox);
        m_rowByKey.insert(key, row);
        endInsertRows();
        return;
    }

    core::SandboxInfo& current = m_sandboxes[std::size_t(*found)];
    if (sameContent(current, sandbox))
        return;
    current = sandbox;
    emit dataChanged(index(*found, 0), index(*found, ColumnCount - 1));
}

void SandboxTableModel::removeSandbox(const QString& hostUri, const QString& domainName)
{
    const int row = rowOf(hostUri, domainName);
    if (row >= 0)
        removeRowAt(row);
}

void SandboxTableModel::removeHost(const QString& hostUri)
{
    const std::string uri = hostUri.toStdString();
    for (int row = int(m_sandboxes.size()) - 1; row >= 0; --row) {
        if (m_sandboxes[std::size_t(row)].hostUri == uri)
            removeRowAt(row);
    }
}

void SandboxTableModel::refreshUptime()
{
    if (m_sandboxes.empty())
        return;
    emit dataChanged(index(0, Uptime), index(rowCount() - 1, Uptime), {Qt::DisplayRole, SortRole});
}

const core::SandboxInfo* SandboxTableModel::sandbox(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return &m_sandboxes[std::size_t(row)];
}

int SandboxTableModel::rowOf(const QString& hostUri, const QString& domainName) const
{
    return m_rowByKey.value(keyOf(hostUri, domainName), -1);
}

int SandboxTableModel::rowOfDomain(const QString& domainName) const
{
    const std::string wanted = domainName.toStdString();
    for (std::size_t row = 0; row < m_sandboxes.size(); ++row) {
        if (m_sandboxes[row].domainName == wanted)
            return int(row);
    }
    return -1;
}

void SandboxTableModel::removeRowAt(int row)
{
    beginRemoveRows({}, row, row);
    m_rowByKey.remove(keyOf(m_sandboxes[std::size_t(row)]));
    m_sandboxes.erase(m_sandboxes.begin() + row);
    reindexFrom(row);
    endRemoveRows();
}

void SandboxTableModel::reindexFrom(int firstRow)
{
    // NOTE: linear in the rows after the removed one, so removing many rows of a table of
    // thousands one by one is quadratic. Such removals should be batched into one pass.
    for (std::size_t row = std::size_t(firstRow); row < m_sandboxes.size(); ++row)
        m_rowByKey.insert(keyOf(m_sandboxes[row]), int(row));
}

}  // namespace shoal::ui
