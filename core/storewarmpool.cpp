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
    std::vector<WarmPoolTarget> targets;
    for (;;) {
        Result<bool> row = query.step();
        if (!row)
            return tl::unexpected(row.error());
        if (!*row)
            break;
        targets.push_back(WarmPoolTarget{query.text(0), query.text(1), static_cast<int>(query.integer(2))});
    }
    return targets;
}

}  // namespace shoal::core
