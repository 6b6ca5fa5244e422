#include "core/placementengine.h"

#include <algorithm>
#include <utility>

namespace shoal::core {

namespace {

// The best and second best host seen so far. Higher scores win; equal scores go to the lower
// host index so that every run, and the reference, picks the same host.
struct BestTwo {
    std::optional<HostChoice> best;
    std::optional<HostChoice> second;

    static bool isBetter(const HostChoice &a, const HostChoice &b)
    {
        return a.score > b.score || (a.score == b.score && a.hostIndex < b.hostIndex);
    }

    void offer(const HostChoice &choice)
    {
        if (!best || isBetter(choice, *best)) {
            second = best;
            best = choice;
        } else if (!second || isBetter(choice, *second)) {
            second = choice;
        }
    }
};

}  // namespace

struct PlacementEngine::Candidates {
    BestTwo withinSpread;
    BestTwo ignoringSpread;
};

Reservation reservationFor(const Policy &policy, const SandboxRequest &request)
{
    Reservation reservation{request.vcpus, request.memoryMiB};
    if (policy.burstHeadroom && request.inBurstWindow) {
        reservation.vcpus += request.burstVcpus;
        reservation.memoryMiB += request.burstMemoryMiB;
    }
    return reservation;
}

PlacementEngine::PlacementEngine(Policy policy, FleetSnapshot snapshot)
    : m_policy(std::move(policy))
    , m_hosts(std::move(snapshot.hosts))
{
    for (const PlacementHost &host : m_hosts) {
        m_healthy.push_back(host.connected && !host.lowOnDisk);
        zoneIndex(host.labels.zone);
    }
    for (const UnitZoneLoad &load : snapshot.loads)
        zoneIndex(load.zone);

    m_units.resize(m_policy.units.size());
    for (std::size_t u = 0; u < m_units.size(); ++u) {
        UnitIndex &unit = m_units[u];
        unit.zoneSandboxes.assign(m_zoneNames.size(), 0);
        std::vector<ZoneHosts> byZone(m_zoneNames.size());
        for (std::size_t h = 0; h < m_hosts.size(); ++h) {
            if (!m_policy.units[u].hosts.matches(m_hosts[h].labels))
                continue;
            ZoneHosts &zone = byZone[zoneIndex(m_hosts[h].labels.zone)];
            zone.hosts.push_back(h);
            zone.hasHealthyHost = zone.hasHealthyHost || m_healthy[h];
            ++unit.hostCount;
        }
        for (std::size_t z = 0; z < byZone.size(); ++z) {
            byZone[z].zone = z;
            if (!byZone[z].hosts.empty())
                unit.zones.push_back(std::move(byZone[z]));
        }
    }

    for (const UnitZoneLoad &load : snapshot.loads) {
        for (std::size_t u = 0; u < m_units.size(); ++u) {
            if (m_policy.units[u].name != load.unit)
                continue;
            m_units[u].zoneSandboxes[zoneIndex(load.zone)] += load.sandboxes;
            m_units[u].sandboxes += load.sandboxes;
        }
    }
}

std::size_t PlacementEngine::zoneIndex(const std::string &zone)
{
    const auto found = std::find(m_zoneNames.begin(), m_zoneNames.end(), zone);
    if (found != m_zoneNames.end())
        return static_cast<std::size_t>(found - m_zoneNames.begin());
    m_zoneNames.push_back(zone);
    return m_zoneNames.size() - 1;
}

std::int64_t PlacementEngine::unitSandboxes(std::size_t unitIndex) const
{
    return m_units.at(unitIndex).sandboxes;
}

std::int64_t PlacementEngine::zoneSandboxes(std::size_t unitIndex, const std::string &zone) const
{
    const auto found = std::find(m_zoneNames.begin(), m_zoneNames.end(), zone);
    if (found == m_zoneNames.end())
        return 0;
    return m_units.at(unitIndex).zoneSandboxes[static_cast<std::size_t>(found - m_zoneNames.begin())];
}

bool PlacementEngine::isEligible(std::size_t unitIndex, const QueueState &queue) const
{
    const std::optional<OverflowCondition> &when = m_policy.units[unitIndex].when;
    if (!when)
        return true;
    return (when->pendingAbove && queue.pending > *when->pendingAbove)
           || (when->oldestWaitAbove && queue.oldestWait > *when->oldestWaitAbove);
}

// The lowest sandbox count over the unit's zones that have a healthy host, or nothing when no
// zone has one. Spread compares each zone's count after placing against this floor.
std::optional<std::int64_t> PlacementEngine::spreadFloor(const UnitIndex &unit) const
{
    std::optional<std::int64_t> floor;
    for (const ZoneHosts &zone : unit.zones) {
        if (zone.hasHealthyHost)
            floor = std::min(floor.value_or(INT64_MAX), unit.zoneSandboxes[zone.zone]);
    }
    return floor;
}

bool PlacementEngine::fits(std::size_t hostIndex, const Reservation &reservation) const
{
    const PlacementHost &host = m_hosts[hostIndex];
    const double cpuLimit = host.cpus * m_policy.overcommit.cpu;
    const double memoryLimit = static_cast<double>(host.memoryMiB) * m_policy.overcommit.memory;
    return cpuLimit > 0.0 && memoryLimit > 0.0
           && static_cast<double>(host.allocatedVcpus + reservation.vcpus) <= cpuLimit
           && static_cast<double>(host.allocatedMemoryMiB + reservation.memoryMiB) <= memoryLimit;
}

// The mean of the CPU and memory fractions allocated after placing, against overcommitted
// capacity. Least-allocated prefers a low fraction, most-allocated a high one.
double PlacementEngine::scoreOf(std::size_t hostIndex, const Reservation &reservation) const
{
    const PlacementHost &host = m_hosts[hostIndex];
    const double cpuLimit = host.cpus * m_policy.overcommit.cpu;
    const double memoryLimit = static_cast<double>(host.memoryMiB) * m_policy.overcommit.memory;
    const double cpuFraction = static_cast<double>(host.allocatedVcpus + reservation.vcpus) / cpuLimit;
    const double memoryFraction =
        static_cast<double>(host.allocatedMemoryMiB + reservation.memoryMiB) / memoryLimit;
    const double allocated = (cpuFraction + memoryFraction) / 2.0;
    return m_policy.score == ScoreStrategy::LeastAllocated ? 1.0 - allocated : allocated;
}

bool PlacementEngine::isCompatible(std::size_t hostIndex, const SandboxRequest &request) const
{
    const std::vector<std::string> &models = m_hosts[hostIndex].cpuModels;
    return request.cpuModel.empty()
           || std::find(models.begin(), models.end(), request.cpuModel) != models.end();
}

bool PlacementEngine::tryUnit(std::size_t unitIndex, const SandboxRequest &request,
                              PlacementDecision &decision) const
{
    const UnitIndex &unit = m_units[unitIndex];
    const std::optional<SpreadRule> &spread = m_policy.spread;
    const bool canIgnoreSpread =
        spread && spread->whenUnsatisfiable == WhenUnsatisfiable::ScheduleAnyway;
    const std::optional<std::int64_t> floor = spreadFloor(unit);
    Candidates candidates;

    for (const ZoneHosts &zone : unit.zones) {
        if (!zone.hasHealthyHost)
            continue;
        const bool withinSpread =
            !spread || unit.zoneSandboxes[zone.zone] + 1 - *floor <= spread->maxSkew;
        if (!withinSpread && !canIgnoreSpread)
            continue;
        for (std::size_t h : zone.hosts) {
            if (!m_healthy[h] || !isCompatible(h, request) || !fits(h, decision.reservation))
                continue;
            const HostChoice choice{h, scoreOf(h, decision.reservation)};
            if (withinSpread)
                candidates.withinSpread.offer(choice);
            candidates.ignoringSpread.offer(choice);
        }
    }

    const BestTwo *chosen = &candidates.withinSpread;
    if (!chosen->best && canIgnoreSpread && candidates.ignoringSpread.best) {
        chosen = &candidates.ignoringSpread;
        decision.spreadIgnored = true;
    }
    if (!chosen->best)
        return false;
    decision.host = chosen->best;
    decision.runnerUp = chosen->second;
    decision.unitIndex = unitIndex;
    return true;
}

// Counts, for a unit that placed nothing, how many hosts each reason rejected.
UnitRejections PlacementEngine::explainUnit(std::size_t unitIndex, const SandboxRequest &request,
                                            const QueueState &queue) const
{
    const UnitIndex &unit = m_units[unitIndex];
    const PlacementUnit &rule = m_policy.units[unitIndex];
    UnitRejections rejections{rule.name, {}};
    auto &counts = rejections.hosts;
    counts[static_cast<std::size_t>(RejectReason::Label)] =
        static_cast<std::int64_t>(m_hosts.size() - unit.hostCount);
    if (!isEligible(unitIndex, queue)) {
        counts[static_cast<std::size_t>(RejectReason::OverflowNotEligible)] =
            static_cast<std::int64_t>(unit.hostCount);
        return rejections;
    }
    if (rule.max && unit.sandboxes >= *rule.max) {
        counts[static_cast<std::size_t>(RejectReason::MaxReached)] =
            static_cast<std::int64_t>(unit.hostCount);
        return rejections;
    }

    const std::optional<SpreadRule> &spread = m_policy.spread;
    const bool spreadRejects =
        spread && spread->whenUnsatisfiable == WhenUnsatisfiable::DoNotSchedule;
    const std::optional<std::int64_t> floor = spreadFloor(unit);
    const Reservation reservation = reservationFor(m_policy, request);
    for (const ZoneHosts &zone : unit.zones) {
        const bool withinSpread = !spreadRejects || !zone.hasHealthyHost
                                  || unit.zoneSandboxes[zone.zone] + 1 - *floor <= spread->maxSkew;
        for (std::size_t h : zone.hosts) {
            RejectReason reason = RejectReason::Spread;
            if (!m_healthy[h])
                reason = RejectReason::Unhealthy;
            else if (!isCompatible(h, request))
                reason = RejectReason::CpuIncompatible;
            else if (!fits(h, reservation))
                reason = RejectReason::Capacity;
            else if (withinSpread)
                continue;  // unreachable after a refusal; a fitting host would have been chosen
            ++counts[static_cast<std::size_t>(reason)];
        }
    }
    return rejections;
}

PlacementDecision PlacementEngine::place(const SandboxRequest &request,
                                         const QueueState &queue) const
{
    PlacementDecision decision;
    decision.reservation = reservationFor(m_policy, request);

    for (std::size_t u = 0; u < m_units.size(); ++u) {
        const std::optional<std::int64_t> &max = m_policy.units[u].max;
        if (!isEligible(u, queue) || (max && m_units[u].sandboxes >= *max))
            continue;
        if (tryUnit(u, request, decision))
            return decision;
    }

    for (std::size_t u = 0; u < m_units.size(); ++u)
        decision.rejections.push_back(explainUnit(u, request, queue));
    return decision;
}

void PlacementEngine::commit(const PlacementDecision &decision)
{
    if (!decision.placed())
        return;
    PlacementHost &host = m_hosts[decision.host->hostIndex];
    host.allocatedVcpus += decision.reservation.vcpus;
    host.allocatedMemoryMiB += decision.reservation.memoryMiB;
    UnitIndex &unit = m_units[decision.unitIndex];
    ++unit.sandboxes;
    ++unit.zoneSandboxes[zoneIndex(host.labels.zone)];
}

void PlacementEngine::release(std::size_t hostIndex, std::size_t unitIndex,
                              const Reservation &reservation)
{
    PlacementHost &host = m_hosts.at(hostIndex);
    host.allocatedVcpus -= reservation.vcpus;
    host.allocatedMemoryMiB -= std::min(host.allocatedMemoryMiB, reservation.memoryMiB);
    UnitIndex &unit = m_units.at(unitIndex);
    --unit.sandboxes;
    --unit.zoneSandboxes[zoneIndex(host.labels.zone)];
}

}  // namespace shoal::core
