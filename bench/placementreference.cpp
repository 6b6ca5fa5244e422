#include "bench/placementreference.h"

#include <algorithm>
#include <vector>

namespace shoal::core {

PlacementReference::PlacementReference(Policy policy, FleetSnapshot snapshot)
    : m_policy(std::move(policy))
    , m_hosts(std::move(snapshot.hosts))
{
    for (const UnitZoneLoad &load : snapshot.loads) {
        for (const PlacementUnit &unit : m_policy.units) {
            if (unit.name == load.unit)
                m_counts[{load.unit, load.zone}] += load.sandboxes;
        }
    }
}

bool PlacementReference::isEligible(const PlacementUnit &unit, const QueueState &queue) const
{
    if (!unit.when)
        return true;
    if (unit.when->pendingAbove && queue.pending > *unit.when->pendingAbove)
        return true;
    return unit.when->oldestWaitAbove && queue.oldestWait > *unit.when->oldestWaitAbove;
}

std::int64_t PlacementReference::countInUnit(const std::string &unit) const
{
    std::int64_t total = 0;
    for (const auto &[key, count] : m_counts) {
        if (key.first == unit)
            total += count;
    }
    return total;
}

std::int64_t PlacementReference::countInZone(const std::string &unit, const std::string &zone) const
{
    const auto found = m_counts.find({unit, zone});
    return found == m_counts.end() ? 0 : found->second;
}

bool PlacementReference::isHealthy(const PlacementHost &host) const
{
    return host.connected && !host.lowOnDisk;
}

bool PlacementReference::canRun(const PlacementHost &host, const SandboxRequest &request) const
{
    if (request.cpuModel.empty())
        return true;
    for (const std::string &model : host.cpuModels) {
        if (model == request.cpuModel)
            return true;
    }
    return false;
}

bool PlacementReference::hasRoom(const PlacementHost &host, const Reservation &reservation) const
{
    const double cpuLimit = host.cpus * m_policy.overcommit.cpu;
    const double memoryLimit = static_cast<double>(host.memoryMiB) * m_policy.overcommit.memory;
    if (cpuLimit <= 0.0 || memoryLimit <= 0.0)
        return false;
    if (static_cast<double>(host.allocatedVcpus + reservation.vcpus) > cpuLimit)
        return false;
    return static_cast<double>(host.allocatedMemoryMiB + reservation.memoryMiB) <= memoryLimit;
}

double PlacementReference::score(const PlacementHost &host, const Reservation &reservation) const
{
    const double cpuLimit = host.cpus * m_policy.overcommit.cpu;
    const double memoryLimit = static_cast<double>(host.memoryMiB) * m_policy.overcommit.memory;
    const double cpuFraction = static_cast<double>(host.allocatedVcpus + reservation.vcpus) / cpuLimit;
    const double memoryFraction =
        static_cast<double>(host.allocatedMemoryMiB + reservation.memoryMiB) / memoryLimit;
    const double allocated = (cpuFraction + memoryFraction) / 2.0;
    if (m_policy.score == ScoreStrategy::MostAllocated)
        return allocated;
    return 1.0 - allocated;
}

// The lowest sandbox count over the zones that hold a healthy host of `unit`, or nothing when no
// healthy host matches.
std::optional<std::int64_t> PlacementReference::spreadFloor(const PlacementUnit &unit) const
{
    std::optional<std::int64_t> floor;
    for (const PlacementHost &other : m_hosts) {
        if (!unit.hosts.matches(other.labels) || !isHealthy(other))
            continue;
        const std::int64_t count = countInZone(unit.name, other.labels.zone);
        if (!floor || count < *floor)
            floor = count;
    }
    return floor;
}

bool PlacementReference::keepsSpread(const PlacementUnit &unit, const PlacementHost &host,
                                     std::optional<std::int64_t> floor) const
{
    if (!m_policy.spread)
        return true;
    return countInZone(unit.name, host.labels.zone) + 1 - floor.value_or(0)
           <= m_policy.spread->maxSkew;
}

PlacementDecision PlacementReference::place(const SandboxRequest &request,
                                            const QueueState &queue) const
{
    PlacementDecision decision;
    decision.reservation = reservationFor(m_policy, request);
    const bool mayIgnoreSpread = m_policy.spread
        && m_policy.spread->whenUnsatisfiable == WhenUnsatisfiable::ScheduleAnyway;

    for (std::size_t u = 0; u < m_policy.units.size(); ++u) {
        const PlacementUnit &unit = m_policy.units[u];
        UnitRejections rejections{unit.name, {}};
        std::vector<HostChoice> strict;
        std::vector<HostChoice> relaxed;
        const bool eligible = isEligible(unit, queue);
        const bool full = unit.max && countInUnit(unit.name) >= *unit.max;
        const std::optional<std::int64_t> floor = spreadFloor(unit);
        for (std::size_t h = 0; h < m_hosts.size(); ++h) {
            const PlacementHost &host = m_hosts[h];
            RejectReason reason;
            if (!unit.hosts.matches(host.labels))
                reason = RejectReason::Label;
            else if (!eligible)
                reason = RejectReason::OverflowNotEligible;
            else if (full)
                reason = RejectReason::MaxReached;
            else if (!isHealthy(host))
                reason = RejectReason::Unhealthy;
            else if (!canRun(host, request))
                reason = RejectReason::CpuIncompatible;
            else if (!hasRoom(host, decision.reservation))
                reason = RejectReason::Capacity;
            else {
                const HostChoice choice{h, score(host, decision.reservation)};
                relaxed.push_back(choice);
                if (keepsSpread(unit, host, floor)) {
                    strict.push_back(choice);
                    continue;
                }
                if (mayIgnoreSpread)
                    continue;
                reason = RejectReason::Spread;
            }
            rejections.hosts[static_cast<std::size_t>(reason)] += 1;
        }

        std::vector<HostChoice> *chosen = &strict;
        if (strict.empty() && mayIgnoreSpread && !relaxed.empty()) {
            chosen = &relaxed;
            decision.spreadIgnored = true;
        }
        if (chosen->empty()) {
            decision.rejections.push_back(rejections);
            continue;
        }

        // Best first: higher score, then lower host index. Hosts were added in index order and a
        // stable sort keeps that order among equal scores.
        std::vector<HostChoice> ranked = *chosen;
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const HostChoice &a, const HostChoice &b) { return a.score > b.score; });
        decision.host = ranked[0];
        if (ranked.size() > 1)
            decision.runnerUp = ranked[1];
        decision.unitIndex = u;
        decision.rejections.clear();
        return decision;
    }
    return decision;
}

void PlacementReference::commit(const PlacementDecision &decision)
{
    if (!decision.placed())
        return;
    PlacementHost &host = m_hosts[decision.host->hostIndex];
    host.allocatedVcpus += decision.reservation.vcpus;
    host.allocatedMemoryMiB += decision.reservation.memoryMiB;
    m_counts[{m_policy.units[decision.unitIndex].name, host.labels.zone}] += 1;
}

void PlacementReference::release(std::size_t hostIndex, std::size_t unitIndex,
                                 const Reservation &reservation)
{
    PlacementHost &host = m_hosts[hostIndex];
    host.allocatedVcpus -= reservation.vcpus;
    if (reservation.memoryMiB > host.allocatedMemoryMiB)
        host.allocatedMemoryMiB = 0;
    else
        host.allocatedMemoryMiB -= reservation.memoryMiB;
    m_counts[{m_policy.units[unitIndex].name, host.labels.zone}] -= 1;
}

}  // namespace shoal::core
