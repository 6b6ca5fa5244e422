#include "core/statshistory.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/store.h"

namespace shoal::core {

namespace {

constexpr std::int64_t kSecondsWindowS = 15 * 60;
constexpr std::int64_t kMinutesWindowS = 24 * 60 * 60;
constexpr int kSecondResolutionS = 1;
constexpr int kMinuteResolutionS = 60;

float rate(std::optional<std::uint64_t> previous, std::optional<std::uint64_t> current, double seconds)
{
    if (!previous || !current || *current < *previous || seconds <= 0.0)
        return kNoValue;
    return static_cast<float>(static_cast<double>(*current - *previous) / seconds);
}

float mebibytes(std::optional<std::uint64_t> kibibytes)
{
    return kibibytes ? static_cast<float>(static_cast<double>(*kibibytes) / 1024.0) : kNoValue;
}

void addValue(float& sum, float value)
{
    if (std::isnan(value))
        return;
    sum = std::isnan(sum) ? value : sum + value;
}

void addPoint(StatsPoint& sum, const StatsPoint& point)
{
    addValue(sum.cpuPercent, point.cpuPercent);
    addValue(sum.memoryActualMiB, point.memoryActualMiB);
    addValue(sum.memoryUsedMiB, point.memoryUsedMiB);
    addValue(sum.blockReadBytesPerSecond, point.blockReadBytesPerSecond);
    addValue(sum.blockWriteBytesPerSecond, point.blockWriteBytesPerSecond);
    addValue(sum.netRxBytesPerSecond, point.netRxBytesPerSecond);
    addValue(sum.netTxBytesPerSecond, point.netTxBytesPerSecond);
}

// Returns the mean of each value over the points that report it.
CompactStatsPoint meanOf(const std::vector<CompactStatsPoint>& points, std::uint32_t second)
{
    std::array<double, 7> sums{};
    std::array<int, 7> counts{};
    for (const CompactStatsPoint& point : points) {
        for (std::size_t i = 0; i < sums.size(); ++i) {
            const float value = fromBfloat16(point.values[i]);
            if (!std::isnan(value)) {
                sums[i] += value;
                ++counts[i];
            }
        }
    }
    CompactStatsPoint mean;
    mean.setSecond(second);
    for (std::size_t i = 0; i < sums.size(); ++i)
        mean.values[i] = toBfloat16(counts[i] ? static_cast<float>(sums[i] / counts[i]) : kNoValue);
    return mean;
}

bool isActive(SandboxState state)
{
    return state == SandboxState::Running || state == SandboxState::Paused || state == SandboxState::Booting;
}

StatsCounters countersOf(const SandboxStats& stats)
{
    return StatsCounters{stats.timestampMs, stats.cpuTimeNs,  stats.blockReadBytes,
                         stats.blockWriteBytes, stats.netRxBytes, stats.netTxBytes};
}

}  // namespace

StatsPoint statsRates(const StatsCounters& previous, const SandboxStats& current)
{
    StatsPoint point;
    point.timestampMs = current.timestampMs;
    point.memoryActualMiB = mebibytes(current.balloonCurrentKiB);
    if (current.guestAvailableKiB && current.guestUnusedKiB && *current.guestAvailableKiB >= *current.guestUnusedKiB)
        point.memoryUsedMiB = mebibytes(*current.guestAvailableKiB - *current.guestUnusedKiB);
    if (previous.timestampMs == 0)
        return point;

    const double seconds = static_cast<double>(current.timestampMs - previous.timestampMs) / 1000.0;
    const float cpuNsPerSecond = rate(previous.cpuTimeNs, current.cpuTimeNs, seconds);
    point.cpuPercent = std::isnan(cpuNsPerSecond) ? kNoValue : cpuNsPerSecond / 1e7F;
    point.blockReadBytesPerSecond = rate(previous.blockReadBytes, current.blockReadBytes, seconds);
    point.blockWriteBytesPerSecond = rate(previous.blockWriteBytes, current.blockWriteBytes, seconds);
    point.netRxBytesPerSecond = rate(previous.netRxBytes, current.netRxBytes, seconds);
    point.netTxBytesPerSecond = rate(previous.netTxBytes, current.netTxBytes, seconds);
    return point;
}

StatsHistory::StatsHistory(std::size_t secondsCapacity)
    : m_capacity(std::max<std::size_t>(secondsCapacity, 1))
{
}

std::vector<CompactStatsPoint> StatsHistory::Series::inOrder() const
{
    std::vector<CompactStatsPoint> points;
    points.reserve(ring.size());
    points.insert(points.end(), ring.begin() + static_cast<std::ptrdiff_t>(next), ring.end());
    points.insert(points.end(), ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(next));
    return points;
}

void StatsHistory::appendLocked(Series& series, const StatsPoint& point)
{
    const CompactStatsPoint compact = compress(point);
    if (series.ring.size() < m_capacity) {
        series.ring.push_back(compact);
        return;
    }
    series.ring[series.next] = compact;
    series.next = (series.next + 1) % m_capacity;
}

HostStatsTick StatsHistory::record(const std::string& hostUri, const std::vector<Sample>& samples, std::int64_t nowMs)
{
    HostStatsTick tick;
    tick.hostUri = hostUri;
    tick.sandboxes.reserve(samples.size());
    for (const Sample& sample : samples)
        tick.timestampMs = std::max(tick.timestampMs, sample.stats.timestampMs);
    if (tick.timestampMs == 0)
        tick.timestampMs = nowMs;
    tick.total.timestampMs = tick.timestampMs;

    std::lock_guard lock(m_mutex);
    for (const Sample& sample : samples) {
        if (!isActive(sample.stats.state)) {
            if (auto found = m_series.find(sample.sandboxId); found != m_series.end())
                found->second.previous = {};
            continue;
        }
        Series& series = m_series[sample.sandboxId];
        const StatsPoint point = statsRates(series.previous, sample.stats);
        series.previous = countersOf(sample.stats);
        appendLocked(series, point);
        addPoint(tick.total, point);
        ++tick.runningSandboxes;
        tick.sandboxes.push_back(SandboxTickValue{sample.sandboxId, sample.stats.state, point});
    }
    if (tick.runningSandboxes == 0) {
        const std::int64_t timestampMs = tick.total.timestampMs;
        tick.total = StatsPoint{timestampMs, 0, 0, 0, 0, 0, 0, 0};
    }
    appendLocked(m_series[hostUri], tick.total);
    return tick;
}

void StatsHistory::collectFinishedLocked(Series& series, const std::string& key, std::int64_t minuteStartS,
                                         std::vector<StatsBucket>& buckets)
{
    std::map<std::int64_t, std::vector<CompactStatsPoint>> minutes;
    for (const CompactStatsPoint& point : series.inOrder()) {
        const std::int64_t second = point.second();
        if (second >= series.flushedUntilS && second < minuteStartS)
            minutes[second - second % 60].push_back(point);
    }
    for (const auto& [minute, points] : minutes) {
        buckets.push_back(StatsBucket{key, kSecondResolutionS, minute, encodePoints(points)});
        const CompactStatsPoint mean = meanOf(points, static_cast<std::uint32_t>(minute));
        buckets.push_back(StatsBucket{key, kMinuteResolutionS, minute - minute % 3600, encodePoints({mean})});
    }
    series.flushedUntilS = std::max(series.flushedUntilS, minuteStartS);
}

Status StatsHistory::flush(Store& store, std::int64_t nowMs)
{
    const std::int64_t nowS = nowMs / 1000;
    const std::int64_t minuteStartS = nowS - nowS % 60;
    std::vector<StatsBucket> buckets;
    {
        std::lock_guard lock(m_mutex);
        for (auto& [key, series] : m_series)
            collectFinishedLocked(series, key, minuteStartS, buckets);
    }

    if (Status written = store.appendStatsBuckets(buckets); !written)
        return written;
    if (Status pruned = store.pruneStats(kSecondResolutionS, nowS - kSecondsWindowS - 60); !pruned)
        return pruned;
    return store.pruneStats(kMinuteResolutionS, nowS - kMinutesWindowS - 3600);
}

Result<StatsSeries> StatsHistory::series(const std::string& key, StatsResolution resolution, const Store* store,
                                         std::int64_t nowMs) const
{
    StatsSeries result;
    result.key = key;
    result.resolution = resolution;
    const std::int64_t nowS = nowMs / 1000;
    const bool seconds = resolution == StatsResolution::Second;
    const std::int64_t windowStartS = nowS - (seconds ? kSecondsWindowS : kMinutesWindowS);

    std::vector<CompactStatsPoint> inMemory;
    if (seconds) {
        std::lock_guard lock(m_mutex);
        if (auto found = m_series.find(key); found != m_series.end())
            inMemory = found->second.inOrder();
    }
    const std::int64_t memoryStartS = inMemory.empty() ? nowS + 1 : std::int64_t{inMemory.front().second()};

    if (store) {
        const int resolutionS = seconds ? kSecondResolutionS : kMinuteResolutionS;
        const std::int64_t sinceS = seconds ? windowStartS - 60 : windowStartS - 3600;
        Result<std::vector<StatsBucket>> buckets = store->statsBuckets(key, resolutionS, sinceS);
        if (!buckets)
            return tl::unexpected(buckets.error());
        for (const StatsBucket& bucket : *buckets) {
            for (const StatsPoint& point : decodePoints(bucket.samples)) {
                const std::int64_t second = point.timestampMs / 1000;
                if (second >= windowStartS && second < memoryStartS)
                    result.points.push_back(point);
            }
        }
    }
    for (const CompactStatsPoint& point : inMemory)
        result.points.push_back(expand(point));
    return result;
}

void StatsHistory::forget(const std::string& key)
{
    std::lock_guard lock(m_mutex);
    m_series.erase(key);
}

std::size_t StatsHistory::seriesCount() const
{
    std::lock_guard lock(m_mutex);
    return m_series.size();
}

}  // namespace shoal::core
