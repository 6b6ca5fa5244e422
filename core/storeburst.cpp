// The store's burst deadlines: the windows a restarted console must still revert.

#include "core/sqlstatement.h"
#include "core/store.h"

namespace shoal::core {

Status Store::saveBurstDeadline(const BurstDeadline& deadline)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database,
                     "INSERT OR REPLACE INTO burst_deadlines (sandbox_id, host_uri, domain_name, window_start_ms, "
                     "window_end_ms, baseline_cpu_percent, baseline_memory_mib) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(deadline.sandboxId)
        .bind(deadline.hostUri)
        .bind(deadline.domainName)
        .bind(deadline.windowStartMs)
        .bind(deadline.windowEndMs)
        .bind(deadline.baseline.cpuPercent)
        .bind(static_cast<std::int64_t>(deadline.baseline.memoryMiB))
        .run();
}

Status Store::removeBurstDeadline(const std::string& sandboxId)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database, "DELETE FROM burst_deadlines WHERE sandbox_id = ?").bind(sandboxId).run();
}

Result<std::vector<BurstDeadline>> Store::burstDeadlines() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT sandbox_id, host_uri, domain_name, window_start_ms, window_end_ms, baseline_cpu_percent, "
                    "baseline_memory_mib FROM burst_deadlines ORDER BY window_end_ms");
    return query.readRows([](Statement& row) {
        BurstDeadline deadline;
        deadline.sandboxId = row.text(0);
        deadline.hostUri = row.text(1);
        deadline.domainName = row.text(2);
        deadline.windowStartMs = row.integer(3);
        deadline.windowEndMs = row.integer(4);
        deadline.baseline.cpuPercent = row.real(5);
        deadline.baseline.memoryMiB = static_cast<std::uint64_t>(row.integer(6));
        return deadline;
    });
}

}  // namespace shoal::core
