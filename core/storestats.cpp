// The store's stats history table, kept apart from store.cpp because it is written once a minute
// in bulk while the rest of the store changes row by row.

#include "core/sqlstatement.h"
#include "core/store.h"

namespace shoal::core {

Status Store::appendStatsBuckets(const std::vector<StatsBucket>& buckets)
{
    std::lock_guard lock(m_mutex);
    Status saved = execute("BEGIN IMMEDIATE");

    // The blobs are joined in SQL, so a row of the current hour grows by one point a minute
    // without being read back. The cast keeps the result a blob.
    Statement insert(m_database,
                     "INSERT INTO stats_history (series, resolution_s, bucket_start_s, samples) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (series, resolution_s, bucket_start_s) "
                     "DO UPDATE SET samples = CAST(samples || excluded.samples AS BLOB)");
    for (const StatsBucket& bucket : buckets) {
        if (!saved)
            break;
        insert.reset();
        saved = insert.bind(bucket.series)
                    .bind(std::int64_t{bucket.resolutionS})
                    .bind(bucket.bucketStartS)
                    .bindBlob(bucket.samples)
                    .run();
    }
    if (saved)
        saved = execute("COMMIT");
    if (!saved)
        execute("ROLLBACK");
    return saved;
}

Result<std::vector<StatsBucket>> Store::statsBuckets(const std::string& series, int resolutionS,
                                                     std::int64_t sinceS) const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT bucket_start_s, samples FROM stats_history "
                    "WHERE series = ? AND resolution_s = ? AND bucket_start_s >= ? ORDER BY bucket_start_s");
    query.bind(series).bind(std::int64_t{resolutionS}).bind(sinceS);
    return query.readRows([&](Statement& row) { return StatsBucket{series, resolutionS, row.integer(0), row.blob(1)}; });
}

Status Store::pruneStats(int resolutionS, std::int64_t beforeS)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database, "DELETE FROM stats_history WHERE resolution_s = ? AND bucket_start_s < ?")
        .bind(std::int64_t{resolutionS})
        .bind(beforeS)
        .run();
}

}  // namespace shoal::core
