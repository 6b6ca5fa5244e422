// Fleet's stats: one poll per host per interval on the host's own worker, the next one armed
// only when the previous reply arrived, so a slow or wedged host delays only its own polls.

#include <algorithm>

#include "core/fleetimpl.h"
#include "core/names.h"

namespace shoal::core {

namespace {

constexpr std::chrono::minutes kMinimumMemoryWindow{3};
constexpr std::chrono::seconds kHistoryFlushInterval{60};

}  // namespace

std::size_t statsHistoryCapacity(std::chrono::milliseconds interval, std::chrono::seconds window)
{
    const auto step = std::max(interval, std::chrono::milliseconds(1));
    const auto kept = std::chrono::milliseconds(std::max<std::chrono::seconds>(window, kMinimumMemoryWindow));
    return static_cast<std::size_t>(std::max<std::int64_t>(1, kept / step));
}

// Starts a new chain of polls and ends any older one. Runs on the host's worker after a connect.
void Fleet::Impl::startStatsPolling(const HostPointer& host)
{
    if (options.statsInterval.count() <= 0)
        return;
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mutex);
        generation = ++host->statsGeneration;
    }
    armStatsPoll(host, generation, TimerQueue::Clock::now());
}

void Fleet::Impl::armStatsPoll(const HostPointer& host, std::uint64_t generation, TimerQueue::Clock::time_point due)
{
    timers.schedule(due, [this, host, generation] {
        host->worker->post([this, host, generation] { return pollStatsOnWorker(host, generation); });
    });
}

Status Fleet::Impl::pollStatsOnWorker(const HostPointer& host, std::uint64_t generation)
{
    auto isCurrent = [&] {
        std::lock_guard lock(mutex);
        return !shuttingDown && host->statsGeneration == generation &&
               host->connectionState == ConnectionState::Connected;
    };
    if (!isCurrent())
        return {};

    const auto started = TimerQueue::Clock::now();
    Result<std::vector<SandboxStats>> collected = host->connection->collectStats();
    const double collectMs = std::chrono::duration<double, std::milli>(TimerQueue::Clock::now() - started).count();
    if (!collected && collected.error().code == ErrorCode::HostUnreachable) {
        markDisconnected(host, collected.error().detail);
        return tl::unexpected(collected.error());
    }
    if (!collected) {
        // Logged once per run of failures, not once a second.
        if (!host->statsFailing)
            log->warn("Stats of host \"{}\" are not available: {}", host->spec.uri, collected.error().detail);
        host->statsFailing = true;
    } else {
        if (host->statsFailing)
            log->info("Stats of host \"{}\" are available again", host->spec.uri);
        host->statsFailing = false;
        recordStats(host, std::move(*collected), collectMs);
    }

    if (isCurrent())
        armStatsPoll(host, generation, std::max(started + options.statsInterval, TimerQueue::Clock::now()));
    return {};
}

void Fleet::Impl::recordStats(const HostPointer& host, std::vector<SandboxStats> collected, double collectMs)
{
    std::vector<StatsHistory::Sample> samples;
    samples.reserve(collected.size());
    bool usedBulkCall = false;
    {
        std::lock_guard lock(mutex);
        usedBulkCall = host->capabilities.canBulkStats;
        for (SandboxStats& stats : collected) {
            // The id is inside the domain name, so this is a map lookup. Only a domain named some
            // other way costs a scan over the whole inventory.
            const SandboxInfo* known = inventory.findById(sandboxIdFromDomainName(stats.domainName));
            if (!known || known->hostUri != host->spec.uri || known->domainName != stats.domainName)
                known = inventory.findByDomain(host->spec.uri, stats.domainName);
            if (known)
                samples.push_back(StatsHistory::Sample{known->metadata.id, std::move(stats)});
        }
    }

    HostStatsTick tick = history.record(host->spec.uri, samples, unixTimeMs());
    tick.usedBulkCall = usedBulkCall;
    tick.collectMs = collectMs;
    if (listener)
        listener->statsTick(tick);
}

void Fleet::Impl::armHistoryFlush()
{
    historyWriter.schedule(TimerQueue::Clock::now() + kHistoryFlushInterval, [this] {
        flushHistory();
        armHistoryFlush();
    });
}

void Fleet::Impl::flushHistory()
{
    if (Status flushed = history.flush(store, unixTimeMs()); !flushed)
        log->error("Failed to write the stats history to \"{}\": {}", store.path(), flushed.error().detail);
}

Result<StatsSeries> Fleet::sandboxStats(const std::string& nameOrId, StatsResolution resolution) const
{
    std::string id;
    {
        std::lock_guard lock(m_impl->mutex);
        Result<SandboxInfo> sandbox = m_impl->findSandboxLocked(nameOrId);
        if (!sandbox)
            return tl::unexpected(sandbox.error());
        id = sandbox->metadata.id;
    }
    return m_impl->history.series(id, resolution, &m_impl->store, unixTimeMs());
}

Result<StatsSeries> Fleet::hostStats(const std::string& uri, StatsResolution resolution) const
{
    if (!m_impl->findHost(uri))
        return fail(ErrorCode::NotFound, "Host \"" + uri + "\" not found");
    return m_impl->history.series(uri, resolution, &m_impl->store, unixTimeMs());
}

}  // namespace shoal::core
