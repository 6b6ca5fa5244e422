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

// Beyond this many separate runs of changed rows, one dataChanged covers them all. A sorting proxy
// re-sorts once per signal that touches its sort column, so thousands of signals would cost more
// than one full re-sort. The limit is an estimate, not a measured break-even point.
constexpr std::size_t kMaxChangedRuns = 32;

// Returns the first and last column whose shown value differs between `a` and `b`, or
// {-1, -1} when nothing the table or the inspector shows changed. Fields that no column shows
// (id, template, parent, creation time, failure reason, burst) count as the State column, whose
// tool tip shows the failure reason. So the inspector still gets a dataChanged for them, and a
// proxy sorted by another column does not re-sort.
std::pair<int, int> changedColumns(const core::SandboxInfo& a, const core::SandboxInfo& b)
{
    bool changed[SandboxTableModel::ColumnCount] = {};
    changed[SandboxTableModel::Name] = a.metadata.displayName != b.metadata.displayName;
    changed[SandboxTableModel::State] = a.state != b.state || a.failureReason != b.failureReason
        || a.metadata.id != b.metadata.id || a.metadata.templateName != b.metadata.templateName
        || a.metadata.parentId != b.metadata.parentId || a.metadata.createdAtMs != b.metadata.createdAtMs
        || a.burst.active != b.burst.active || a.burst.windowStartMs != b.burst.windowStartMs
        || a.burst.windowEndMs != b.burst.windowEndMs || a.burst.plannedCpuPercent != b.burst.plannedCpuPercent
        || a.burst.appliedCpuPercent != b.burst.appliedCpuPercent
        || a.burst.plannedMemoryMiB != b.burst.plannedMemoryMiB
        || a.burst.appliedMemoryMiB != b.burst.appliedMemoryMiB || a.burst.appliedOnHost != b.burst.appliedOnHost;
    changed[SandboxTableModel::Host] = a.hostUri != b.hostUri;
    changed[SandboxTableModel::Zone] = a.metadata.zone != b.metadata.zone;
    changed[SandboxTableModel::Pool] = a.metadata.pool != b.metadata.pool;
    changed[SandboxTableModel::Vcpus] = a.vcpus != b.vcpus;
    changed[SandboxTableModel::Memory] = a.memoryMiB != b.memoryMiB;
    changed[SandboxTableModel::Uptime] = a.startedAtMs != b.startedAtMs || a.state != b.state;

    int first = -1;
    int last = -1;
    for (int column = 0; column < SandboxTableModel::ColumnCount; ++column) {
        if (!changed[column])
            continue;
        if (first < 0)
            first = column;
        last = column;
    }
    return {first, last};
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
    present.reserve(sandboxes.size());
    for (const core::SandboxInfo& sandbox : sandboxes)
        present.insert(keyOf(sandbox));

    // Walk backwards so earlier row numbers stay valid while rows go.
    for (int row = int(m_sandboxes.size()) - 1; row >= 0; --row) {
        if (!present.contains(keyOf(m_sandboxes[std::size_t(row)])))
            removeRowAt(row);
    }
    upsertSandboxes(sandboxes);
}

void SandboxTableModel::upsertSandboxes(const QList<core::SandboxInfo>& sandboxes)
{
    std::vector<core::SandboxInfo> added;
    QHash<QString, std::size_t> addedIndexByKey;
    std::vector<RowChange> changes;
    for (const core::SandboxInfo& sandbox : sandboxes) {
        const QString key = keyOf(sandbox);
        const auto found = m_rowByKey.constFind(key);
        if (found == m_rowByKey.constEnd()) {
            // A batch may carry the same new sandbox twice, and the later copy wins.
            if (const auto pending = addedIndexByKey.constFind(key); pending != addedIndexByKey.constEnd()) {
                added[*pending] = sandbox;
                continue;
            }
            addedIndexByKey.insert(key, added.size());
            added.push_back(sandbox);
            continue;
        }
        core::SandboxInfo& current = m_sandboxes[std::size_t(*found)];
        const auto [firstColumn, lastColumn] = changedColumns(current, sandbox);
        if (firstColumn < 0)
            continue;
        current = sandbox;
        changes.push_back(RowChange{*found, firstColumn, lastColumn});
    }

    emitRowsChanged(changes);
    appendRows(std::move(added));
}

void SandboxTableModel::upsertSandbox(const core::SandboxInfo& sandbox)
{
    upsertSandboxes({sandbox});
}

void SandboxTableModel::appendRows(std::vector<core::SandboxInfo> added)
{
    if (added.empty())
        return;
    const int first = int(m_sandboxes.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_sandboxes.reserve(m_sandboxes.size() + added.size());
    m_rowByKey.reserve(qsizetype(m_sandboxes.size() + added.size()));
    for (core::SandboxInfo& sandbox : added) {
        m_rowByKey.insert(keyOf(sandbox), int(m_sandboxes.size()));
        m_sandboxes.push_back(std::move(sandbox));
    }
    endInsertRows();
}

// Emits one dataChanged per run of adjacent changed rows, over the columns that changed in the
// run, so a proxy sorted by an unchanged column keeps its order without re-sorting.
void SandboxTableModel::emitRowsChanged(std::vector<RowChange>& changes)
{
    if (changes.empty())
        return;
    std::sort(changes.begin(), changes.end(), [](const RowChange& a, const RowChange& b) { return a.row < b.row; });

    struct Run {
        int firstRow;
        int lastRow;
        int firstColumn;
        int lastColumn;
    };
    std::vector<Run> runs;
    for (const RowChange& change : changes) {
        if (!runs.empty() && runs.back().lastRow + 1 >= change.row) {
            Run& run = runs.back();
            run.lastRow = change.row;
            run.firstColumn = std::min(run.firstColumn, change.firstColumn);
            run.lastColumn = std::max(run.lastColumn, change.lastColumn);
            continue;
        }
        runs.push_back(Run{change.row, change.row, change.firstColumn, change.lastColumn});
    }

    if (runs.size() > kMaxChangedRuns) {
        Run all = runs.front();
        for (const Run& run : runs) {
            all.firstColumn = std::min(all.firstColumn, run.firstColumn);
            all.lastColumn = std::max(all.lastColumn, run.lastColumn);
        }
        all.lastRow = runs.back().lastRow;
        runs = {all};
    }
    for (const Run& run : runs)
        emit dataChanged(index(run.firstRow, run.firstColumn), index(run.lastRow, run.lastColumn));
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
    // Only rows that show an uptime change with time. Signalling the others, which are not
    // running or have no known start time, would make the proxy and the views visit every row
    // each second for nothing.
    int first = -1;
    int last = -1;
    for (int row = 0; row < rowCount(); ++row) {
        if (uptimeMs(m_sandboxes[std::size_t(row)]) < 0)
            continue;
        if (first < 0)
            first = row;
        last = row;
    }
    if (first < 0)
        return;
    emit dataChanged(index(first, Uptime), index(last, Uptime), {Qt::DisplayRole, SortRole});
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
