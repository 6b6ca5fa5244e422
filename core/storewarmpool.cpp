// The store's warm-pool targets: how many paused entries each template keeps on each host.

#include "core/sqlstatement.h"
#include "core/store.h"

namespace shoal::core {

Status Store::saveWarmPoolTarget(const WarmPoolTarget& target)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database, "INSERT OR REPLACE INTO warm_pools (template, host_uri, size) VALUES (?, ?, ?)")
        .bind(target.templateName)
        .bind(target.hostUri)
        .bind(std::int64_t{target.size})
        .run();
}

Result<std::vector<WarmPoolTarget>> Store::warmPoolTargets() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database, "SELECT template, host_uri, size FROM warm_pools ORDER BY template, host_uri");
    return query.readRows([](Statement& row) {
        return WarmPoolTarget{row.text(0), row.text(1), static_cast<int>(row.integer(2))};
    });
}

}  // namespace shoal::core
