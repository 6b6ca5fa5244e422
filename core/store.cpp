#include "core/store.h"

#include <cstdint>
#include <string_view>
#include <utility>

#include <spdlog/fmt/fmt.h>
#include <sqlite3.h>

#include "core/log.h"
#include "core/sqlstatement.h"

namespace shoal::core {

namespace {

// Each entry brings the schema from version N to N + 1, where N is its index. Append new
// migrations; never edit one that has shipped, because existing databases have already run it.
constexpr const char* kMigrations[] = {
    R"sql(
    CREATE TABLE hosts (
        uri TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        zone TEXT NOT NULL DEFAULT '',
        pool TEXT NOT NULL DEFAULT '',
        instance_type TEXT NOT NULL DEFAULT '',
        cost_per_hour REAL NOT NULL DEFAULT 0,
        domain_type TEXT NOT NULL DEFAULT 'auto'
    );
    CREATE TABLE templates (
        name TEXT PRIMARY KEY,
        vcpus INTEGER NOT NULL,
        memory_mib INTEGER NOT NULL,
        disk_mib INTEGER NOT NULL,
        kernel_path TEXT NOT NULL,
        initrd_path TEXT NOT NULL,
        base_image_path TEXT NOT NULL,
        kernel_cmdline TEXT NOT NULL,
        ready_marker TEXT NOT NULL
    );
    CREATE TABLE sandboxes (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        host_uri TEXT NOT NULL,
        template TEXT NOT NULL,
        parent_id TEXT NOT NULL DEFAULT '',
        zone TEXT NOT NULL DEFAULT '',
        pool TEXT NOT NULL DEFAULT '',
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX sandboxes_by_host ON sandboxes (host_uri);
    )sql",
    R"sql(
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE placements (
        sandbox_id TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        host_uri TEXT NOT NULL,
        score REAL NOT NULL,
        runner_up_host_uri TEXT NOT NULL,
        runner_up_score REAL NOT NULL,
        spread_ignored INTEGER NOT NULL,
        chosen_by_user INTEGER NOT NULL,
        pending_at_decision INTEGER NOT NULL,
        oldest_wait_ms INTEGER NOT NULL,
        waited_ms INTEGER NOT NULL,
        decided_at_ms INTEGER NOT NULL
    );
    )sql",
    R"sql(
    CREATE TABLE stats_history (
        series TEXT NOT NULL,
        resolution_s INTEGER NOT NULL,
        bucket_start_s INTEGER NOT NULL,
        samples BLOB NOT NULL,
        PRIMARY KEY (series, resolution_s, bucket_start_s)
    ) WITHOUT ROWID;
    CREATE INDEX stats_history_by_age ON stats_history (resolution_s, bucket_start_s);
    )sql",
    // The operation journal. An entry lives while its operation runs or after it was interrupted;
    // a finished one is deleted with its phases.
    R"sql(
    CREATE TABLE journal_operations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        host_uri TEXT NOT NULL,
        sandbox_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        target_domains TEXT NOT NULL DEFAULT '',
        target_ids TEXT NOT NULL DEFAULT '',
        owner_pid INTEGER NOT NULL,
        owner_start_time TEXT NOT NULL,
        started_at_ms INTEGER NOT NULL
    );
    CREATE TABLE journal_phases (
        operation_id INTEGER NOT NULL REFERENCES journal_operations (id) ON DELETE CASCADE,
        domain_name TEXT NOT NULL,
        phase TEXT NOT NULL,
        event TEXT NOT NULL,
        at_ms INTEGER NOT NULL
    );
    CREATE INDEX journal_phases_by_operation ON journal_phases (operation_id);
    )sql",
    R"sql(
    ALTER TABLE templates ADD COLUMN burst_baseline_cpu_percent REAL NOT NULL DEFAULT 100;
    ALTER TABLE templates ADD COLUMN burst_cpu_factor REAL NOT NULL DEFAULT 1;
    ALTER TABLE templates ADD COLUMN burst_window_s INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE templates ADD COLUMN burst_memory_mib INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE burst_deadlines (
        sandbox_id TEXT PRIMARY KEY,
        host_uri TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        window_start_ms INTEGER NOT NULL,
        window_end_ms INTEGER NOT NULL,
        baseline_cpu_percent REAL NOT NULL,
        baseline_memory_mib INTEGER NOT NULL
    );
    )sql",
    // Warm-pool target sizes, per template and host.
    R"sql(
    CREATE TABLE warm_pools (
        template TEXT NOT NULL,
        host_uri TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (template, host_uri)
    );
    )sql",
};

constexpr int kLatestSchemaVersion = static_cast<int>(std::size(kMigrations));

// How long a write waits for another process holding the database lock (shoalctl beside a
// running console) before it fails with "database is locked".
constexpr int kBusyTimeoutMs = 5000;

Error openError(const std::string& path, sqlite3* database, int status)
{
    const char* reason = database ? sqlite3_errmsg(database) : sqlite3_errstr(status);
    return Error{ErrorCode::StorageError,
                 fmt::format("Failed to open database \"{}\": {}", path, reason), status, reason};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path)
{
    sqlite3* database = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    int status = sqlite3_open_v2(path.c_str(), &database, flags, nullptr);
    if (status != SQLITE_OK) {
        Error error = openError(path, database, status);
        sqlite3_close(database);
        return tl::unexpected(error);
    }
    sqlite3_extended_result_codes(database, 1);
    sqlite3_busy_timeout(database, kBusyTimeoutMs);

    // The first statement reads the file header, so a file that is not a database fails here.
    // In-memory databases report "memory" instead of "wal", which is fine. With WAL, synchronous
    // NORMAL keeps every commit across a crash of Shoal and skips the sync per commit. Only a
    // power loss can drop the last commits.
    status = sqlite3_exec(database, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                          nullptr, nullptr, nullptr);
    if (status != SQLITE_OK) {
        Error error = openError(path, database, status);
        sqlite3_close(database);
        return tl::unexpected(error);
    }

    std::unique_ptr<Store> store(new Store(path, database));
    if (Status migrated = store->migrate(); !migrated) {
        Error error = migrated.error();
        error.detail = fmt::format("Failed to open database \"{}\": {}", path, error.detail);
        return tl::unexpected(error);
    }
    return store;
}

int Store::latestSchemaVersion()
{
    return kLatestSchemaVersion;
}

Store::Store(std::string path, sqlite3* database)
    : m_path(std::move(path))
    , m_database(database)
{
}

Store::~Store()
{
    sqlite3_close(m_database);
}

Status Store::execute(const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_database, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return {};
    std::string reason = message ? message : sqlite3_errmsg(m_database);
    sqlite3_free(message);
    return fail(ErrorCode::StorageError, fmt::format("Database statement failed: {}", reason));
}

Result<int> Store::schemaVersion() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database, "SELECT version FROM schema_version");
    Result<bool> row = query.step();
    if (!row)
        return tl::unexpected(row.error());
    return *row ? static_cast<int>(query.integer(0)) : 0;
}

Status Store::migrate()
{
    if (Status created = execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !created)
        return created;
    Result<int> current = schemaVersion();
    if (!current)
        return tl::unexpected(current.error());
    if (*current > kLatestSchemaVersion) {
        return fail(ErrorCode::StorageError,
                    fmt::format("the schema version is {}, newer than the version {} this Shoal knows; "
                                "use a newer Shoal or another database file",
                                *current, kLatestSchemaVersion));
    }

    std::lock_guard lock(m_mutex);
    for (int version = *current; version < kLatestSchemaVersion; ++version) {
        Status applied = execute("BEGIN IMMEDIATE");
        if (applied)
            applied = execute(kMigrations[version]);
        if (applied)
            applied = execute("DELETE FROM schema_version");
        if (applied)
            applied = Statement(m_database, "INSERT INTO schema_version (version) VALUES (?)")
                          .bind(std::int64_t{version + 1})
                          .run();
        if (applied)
            applied = execute("COMMIT");
        if (!applied) {
            execute("ROLLBACK");
            return applied;
        }
        logger("store")->info("Migrated database \"{}\" to schema version {}", m_path, version + 1);
    }
    return {};
}

Status Store::saveHost(const HostSpec& host)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database,
                     "INSERT OR REPLACE INTO hosts (uri, name, zone, pool, instance_type, cost_per_hour, domain_type) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(host.uri)
        .bind(host.name)
        .bind(host.labels.zone)
        .bind(host.labels.pool)
        .bind(host.labels.instanceType)
        .bind(host.labels.costPerHour)
        .bind(toString(host.domainType))
        .run();
}

Status Store::removeHost(const std::string& uri)
{
    std::lock_guard lock(m_mutex);
    Status removed = execute("BEGIN IMMEDIATE");
    if (removed) {
        removed = Statement(m_database, "DELETE FROM placements WHERE sandbox_id IN "
                                        "(SELECT id FROM sandboxes WHERE host_uri = ?)")
                      .bind(uri)
                      .run();
    }
    if (removed)
        removed = Statement(m_database, "DELETE FROM sandboxes WHERE host_uri = ?").bind(uri).run();
    if (removed)
        removed = Statement(m_database, "DELETE FROM hosts WHERE uri = ?").bind(uri).run();
    if (removed)
        removed = execute("COMMIT");
    if (!removed)
        execute("ROLLBACK");
    return removed;
}

Result<std::vector<HostSpec>> Store::hosts() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT uri, name, zone, pool, instance_type, cost_per_hour, domain_type FROM hosts ORDER BY uri");
    return query.readRows([](Statement& row) {
        HostSpec host;
        host.uri = row.text(0);
        host.name = row.text(1);
        host.labels.zone = row.text(2);
        host.labels.pool = row.text(3);
        host.labels.instanceType = row.text(4);
        host.labels.costPerHour = row.real(5);
        host.domainType = domainTypeFromString(row.text(6)).value_or(DomainType::Auto);
        return host;
    });
}

Status Store::saveTemplate(const Template& sandboxTemplate)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database,
                     "INSERT OR REPLACE INTO templates (name, vcpus, memory_mib, disk_mib, kernel_path, initrd_path, "
                     "base_image_path, kernel_cmdline, ready_marker, burst_baseline_cpu_percent, burst_cpu_factor, "
                     "burst_window_s, burst_memory_mib) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(sandboxTemplate.name)
        .bind(std::int64_t{sandboxTemplate.vcpus})
        .bind(static_cast<std::int64_t>(sandboxTemplate.memoryMiB))
        .bind(static_cast<std::int64_t>(sandboxTemplate.diskMiB))
        .bind(sandboxTemplate.kernelPath)
        .bind(sandboxTemplate.initrdPath)
        .bind(sandboxTemplate.baseImagePath)
        .bind(sandboxTemplate.kernelCmdline)
        .bind(sandboxTemplate.readyMarker)
        .bind(sandboxTemplate.burst.baselineCpuPercent)
        .bind(sandboxTemplate.burst.cpuFactor)
        .bind(std::int64_t{sandboxTemplate.burst.windowSeconds})
        .bind(static_cast<std::int64_t>(sandboxTemplate.burst.burstMemoryMiB))
        .run();
}

Status Store::removeTemplate(const std::string& name)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database, "DELETE FROM templates WHERE name = ?").bind(name).run();
}

Result<std::vector<Template>> Store::templates() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT name, vcpus, memory_mib, disk_mib, kernel_path, initrd_path, base_image_path, "
                    "kernel_cmdline, ready_marker, burst_baseline_cpu_percent, burst_cpu_factor, burst_window_s, "
                    "burst_memory_mib FROM templates ORDER BY name");
    return query.readRows([](Statement& row) {
        Template sandboxTemplate;
        sandboxTemplate.name = row.text(0);
        sandboxTemplate.vcpus = static_cast<int>(row.integer(1));
        sandboxTemplate.memoryMiB = static_cast<std::uint64_t>(row.integer(2));
        sandboxTemplate.diskMiB = static_cast<std::uint64_t>(row.integer(3));
        sandboxTemplate.kernelPath = row.text(4);
        sandboxTemplate.initrdPath = row.text(5);
        sandboxTemplate.baseImagePath = row.text(6);
        sandboxTemplate.kernelCmdline = row.text(7);
        sandboxTemplate.readyMarker = row.text(8);
        sandboxTemplate.burst.baselineCpuPercent = row.real(9);
        sandboxTemplate.burst.cpuFactor = row.real(10);
        sandboxTemplate.burst.windowSeconds = static_cast<int>(row.integer(11));
        sandboxTemplate.burst.burstMemoryMiB = static_cast<std::uint64_t>(row.integer(12));
        return sandboxTemplate;
    });
}

Status Store::saveSandbox(const StoredSandbox& sandbox)
{
    std::lock_guard lock(m_mutex);
    const SandboxMetadata& metadata = sandbox.metadata;
    return Statement(m_database,
                     "INSERT OR REPLACE INTO sandboxes (id, display_name, domain_name, host_uri, template, parent_id, "
                     "zone, pool, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(metadata.id)
        .bind(metadata.displayName)
        .bind(sandbox.domainName)
        .bind(sandbox.hostUri)
        .bind(metadata.templateName)
        .bind(metadata.parentId)
        .bind(metadata.zone)
        .bind(metadata.pool)
        .bind(metadata.createdAtMs)
        .run();
}

Status Store::removeSandbox(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    Status removed = execute("BEGIN IMMEDIATE");
    if (removed)
        removed = Statement(m_database, "DELETE FROM placements WHERE sandbox_id = ?").bind(id).run();
    if (removed)
        removed = Statement(m_database, "DELETE FROM burst_deadlines WHERE sandbox_id = ?").bind(id).run();
    if (removed)
        removed = Statement(m_database, "DELETE FROM sandboxes WHERE id = ?").bind(id).run();
    if (removed)
        removed = execute("COMMIT");
    if (!removed)
        execute("ROLLBACK");
    return removed;
}

Result<std::vector<StoredSandbox>> Store::sandboxes() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT id, display_name, domain_name, host_uri, template, parent_id, zone, pool, created_at_ms "
                    "FROM sandboxes ORDER BY created_at_ms, id");
    return query.readRows([](Statement& row) {
        StoredSandbox sandbox;
        sandbox.metadata.id = row.text(0);
        sandbox.metadata.displayName = row.text(1);
        sandbox.domainName = row.text(2);
        sandbox.hostUri = row.text(3);
        sandbox.metadata.templateName = row.text(4);
        sandbox.metadata.parentId = row.text(5);
        sandbox.metadata.zone = row.text(6);
        sandbox.metadata.pool = row.text(7);
        sandbox.metadata.createdAtMs = row.integer(8);
        return sandbox;
    });
}

Result<bool> Store::hasSandboxId(const std::string& id) const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database, "SELECT 1 FROM sandboxes WHERE id = ?");
    query.bind(id);
    return query.step();
}

Status Store::saveSetting(const std::string& key, const std::string& value)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)").bind(key).bind(value).run();
}

Result<std::optional<std::string>> Store::setting(const std::string& key) const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database, "SELECT value FROM settings WHERE key = ?");
    query.bind(key);
    Result<bool> row = query.step();
    if (!row)
        return tl::unexpected(row.error());
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(query.text(0));
}

Status Store::savePlacement(const PlacementRecord& record)
{
    std::lock_guard lock(m_mutex);
    return insertPlacementLocked(record);
}

Status Store::savePlacements(const std::vector<PlacementRecord>& records)
{
    std::lock_guard lock(m_mutex);
    Status saved = execute("BEGIN IMMEDIATE");
    for (const PlacementRecord& record : records) {
        if (!saved)
            break;
        saved = insertPlacementLocked(record);
    }
    if (saved)
        saved = execute("COMMIT");
    if (!saved)
        execute("ROLLBACK");
    return saved;
}

Status Store::insertPlacementLocked(const PlacementRecord& record)
{
    return Statement(m_database,
                     "INSERT OR REPLACE INTO placements (sandbox_id, unit, host_uri, score, runner_up_host_uri, "
                     "runner_up_score, spread_ignored, chosen_by_user, pending_at_decision, oldest_wait_ms, "
                     "waited_ms, decided_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(record.sandboxId)
        .bind(record.unit)
        .bind(record.hostUri)
        .bind(record.score)
        .bind(record.runnerUpHostUri)
        .bind(record.runnerUpScore)
        .bind(std::int64_t{record.spreadIgnored ? 1 : 0})
        .bind(std::int64_t{record.chosenByUser ? 1 : 0})
        .bind(record.pendingAtDecision)
        .bind(record.oldestWaitMsAtDecision)
        .bind(record.waitedMs)
        .bind(record.decidedAtMs)
        .run();
}

Result<std::vector<PlacementRecord>> Store::placements() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT sandbox_id, unit, host_uri, score, runner_up_host_uri, runner_up_score, spread_ignored, "
                    "chosen_by_user, pending_at_decision, oldest_wait_ms, waited_ms, decided_at_ms "
                    "FROM placements ORDER BY sandbox_id");
    return query.readRows([](Statement& row) {
        PlacementRecord record;
        record.sandboxId = row.text(0);
        record.unit = row.text(1);
        record.hostUri = row.text(2);
        record.score = row.real(3);
        record.runnerUpHostUri = row.text(4);
        record.runnerUpScore = row.real(5);
        record.spreadIgnored = row.integer(6) != 0;
        record.chosenByUser = row.integer(7) != 0;
        record.pendingAtDecision = row.integer(8);
        record.oldestWaitMsAtDecision = row.integer(9);
        record.waitedMs = row.integer(10);
        record.decidedAtMs = row.integer(11);
        return record;
    });
}

}  // namespace shoal::core
