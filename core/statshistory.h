#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/stats.h"
#include "core/statsencoding.h"

namespace shoal::core {

class Store;
struct StatsBucket;

// The cumulative counters of one sample, kept until the next one arrives.
struct StatsCounters {
    std::int64_t timestampMs = 0;      // 0 when there is no sample yet
    std::optional<std::uint64_t> cpuTimeNs;
    std::optional<std::uint64_t> blockReadBytes;
    std::optional<std::uint64_t> blockWriteBytes;
    std::optional<std::uint64_t> netRxBytes;
    std::optional<std::uint64_t> netTxBytes;
};

// Turns the cumulative counters that hosts report into rates and keeps them. Memory contains a
// ring buffer of compact points per sandbox and per host. The store receives each finished minute
// (every point for 15 minutes, one mean a minute for 24 hours). Thread-safe.
class StatsHistory {
public:
    // `secondsCapacity` points are kept in memory per series; 900 at one tick a second is 15
    // minutes.
    explicit StatsHistory(std::size_t secondsCapacity);

    // One sandbox's sample, with the sandbox's id in the fleet.
    struct Sample {
        std::string sandboxId;
        SandboxStats stats;
    };

    // Converts one host reply into rates against the sandbox's previous sample, records a point
    // per active sandbox and one for the host's total, and returns the tick. The first sample of
    // a sandbox, and one whose counters went backwards (the domain restarted), has no rates yet.
    // `nowMs` is the tick's time when no sample carries one; a host without active sandboxes
    // gets a total of zero.
    HostStatsTick record(const std::string& hostUri, const std::vector<Sample>& samples, std::int64_t nowMs);

    // Returns the series of `key` (a sandbox id or a host URI): for Second, the stored points of
    // the last 15 minutes followed by the ones in memory; for Minute, the stored means of the
    // last 24 hours. `store` may be null, for memory only. Fails only when the store fails.
    Result<StatsSeries> series(const std::string& key, StatsResolution resolution, const Store* store,
                               std::int64_t nowMs) const;

    // Writes every minute that ended before `nowMs` and is not written yet, then deletes stored
    // rows older than the two windows. Call it about once a minute; the write happens without
    // the history's lock, so recording goes on meanwhile.
    Status flush(Store& store, std::int64_t nowMs);

    // Drops what is kept in memory for `key` (a removed sandbox or host); stored rows age out.
    void forget(const std::string& key);

    // Sandboxes and hosts with a series in memory.
    std::size_t seriesCount() const;

private:
    struct Series {
        std::vector<CompactStatsPoint> ring;   // grows to the capacity, then wraps at `next`
        std::size_t next = 0;
        std::int64_t flushedUntilS = 0;        // points before this second are in the store
        StatsCounters previous;                // sandboxes only

        std::vector<CompactStatsPoint> inOrder() const;
    };

    void appendLocked(Series& series, const StatsPoint& point);
    void collectFinishedLocked(Series& series, const std::string& key, std::int64_t minuteStartS,
                               std::vector<StatsBucket>& buckets);

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Series> m_series;
};

// Returns the rates from `previous` to `current`: CPU as a percentage of one core, I/O in bytes
// per second. A rate is NaN when either side lacks the counter, when no time passed, or when the
// counter went backwards. The memory values come from `current` alone. Public for tests.
StatsPoint statsRates(const StatsCounters& previous, const SandboxStats& current);

}  // namespace shoal::core
