#include "core/placementengine.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include "core/assert.h"

namespace shoal::core {

namespace {

// The CPU model id of a request that names no model, and the id of a request whose model no
// host has.
constexpr std::uint32_t kAnyCpuModel = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kUnknownCpuModel = kAnyCpuModel - 1;

void countRejected(UnitRejections &rejections, RejectReason reason, std::int64_t hosts)
{
    rejections.hosts[static_cast<std::size_t>(reason)] += hosts;
}

}  // namespace

Reservation reservationFor(const Policy &policy, const SandboxRequest &request)
{
    Reservation reservation{request.vcpus, request.memoryMiB};
    if (policy.burstHeadroom && request.inBurstWindow) {
        reservation.vcpus += request.burstVcpus;
        reservation.memoryMiB += request.burstMemoryMiB;
    }
    return reservation;
}

bool isUnitEligible(const PlacementUnit &unit, const QueueState &queue)
{
    if (!unit.when)
        return true;
    return (unit.when->pendingAbove && queue.pending > *unit.when->pendingAbove)
           || (unit.when->oldestWaitAbove && queue.oldestWait > *unit.when->oldestWaitAbove);
}

PlacementEngine::PlacementEngine(Policy policy, FleetSnapshot snapshot)
    : m_policy(std::move(policy))
    , m_hosts(std::move(snapshot.hosts))
{
    m_hostGroups.resize(m_hosts.size());
    for (const PlacementHost &host : m_hosts) {
        m_healthy.push_back(host.connected && !host.lowOnDisk);
        m_hostZones.push_back(zoneIndex(host.labels.zone));
        for (const std::string &model : host.cpuModels)
            cpuModelIndex(model);
    }
    for (const UnitZoneLoad &load : snapshot.loads)
        zoneIndex(load.zone);

    m_units.resize(m_policy.units.size());
    for (std::size_t u = 0; u < m_units.size(); ++u)
        buildUnit(u);

    for (const UnitZoneLoad &load : snapshot.loads) {
        for (std::size_t u = 0; u < m_units.size(); ++u) {
            if (m_policy.units[u].name != load.unit)
                continue;
            m_units[u].zoneSandboxes[zoneIndex(load.zone)] += load.sandboxes;
            m_units[u].sandboxes += load.sandboxes;
        }
    }
}

// Sorts the unit's hosts into zones, and the healthy ones of each zone into groups of one shape.
void PlacementEngine::buildUnit(std::size_t unitIndex)
{
    using ShapeKey = std::tuple<int, std::uint64_t, std::vector<std::uint32_t>>;
    UnitIndex &unit = m_units[unitIndex];
    unit.zoneSandboxes.assign(m_zoneNames.size(), 0);
    std::vector<ZoneHosts> byZone(m_zoneNames.size());
    std::vector<std::map<ShapeKey, std::size_t>> shapes(m_zoneNames.size());

    for (std::size_t h = 0; h < m_hosts.size(); ++h) {
        const PlacementHost &host = m_hosts[h];
        if (!m_policy.units[unitIndex].hosts.matches(host.labels))
            continue;
        ++unit.hostCount;
        const std::size_t z = m_hostZones[h];
        ZoneHosts &zone = byZone[z];
        if (!m_healthy[h]) {
            ++zone.unhealthyHosts;
            continue;
        }
        zone.hasHealthyHost = true;

        std::vector<std::uint32_t> models;
        for (const std::string &model : host.cpuModels)
            models.push_back(cpuModelIndex(model));
        std::sort(models.begin(), models.end());
        models.erase(std::unique(models.begin(), models.end()), models.end());
        ShapeKey key{host.cpus, host.memoryMiB, models};
        auto [found, added] = shapes[z].try_emplace(std::move(key), m_groups.size());
        if (added) {
            zone.groups.push_back(m_groups.size());
            m_groups.emplace_back(host.cpus * m_policy.overcommit.cpu,
                                  static_cast<double>(host.memoryMiB) * m_policy.overcommit.memory,
                                  m_policy.score, std::move(models));
        }
        m_groups[found->second].addHost(h, host.allocatedVcpus, host.allocatedMemoryMiB);
        m_hostGroups[h].push_back(found->second);
    }

    for (std::size_t z = 0; z < byZone.size(); ++z) {
        byZone[z].zone = z;
        for (std::size_t group : byZone[z].groups)
            m_groups[group].finishBuilding();
        if (byZone[z].hasHealthyHost || byZone[z].unhealthyHosts > 0)
            unit.zones.push_back(std::move(byZone[z]));
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

std::uint32_t PlacementEngine::cpuModelIndex(const std::string &model)
{
    const auto found = std::find(m_cpuModelNames.begin(), m_cpuModelNames.end(), model);
    if (found != m_cpuModelNames.end())
        return static_cast<std::uint32_t>(found - m_cpuModelNames.begin());
    m_cpuModelNames.push_back(model);
    return static_cast<std::uint32_t>(m_cpuModelNames.size() - 1);
}

std::uint32_t PlacementEngine::requestedCpuModel(const SandboxRequest &request) const
{
    if (request.cpuModel.empty())
        return kAnyCpuModel;
    const auto found = std::find(m_cpuModelNames.begin(), m_cpuModelNames.end(), request.cpuModel);
    if (found == m_cpuModelNames.end())
        return kUnknownCpuModel;
    return static_cast<std::uint32_t>(found - m_cpuModelNames.begin());
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

FleetSnapshot PlacementEngine::snapshot() const
{
    FleetSnapshot snapshot;
    snapshot.hosts = m_hosts;
    for (std::size_t u = 0; u < m_units.size(); ++u) {
        for (std::size_t z = 0; z < m_zoneNames.size(); ++z) {
            const std::int64_t count = m_units[u].zoneSandboxes[z];
            if (count != 0)
                snapshot.loads.push_back({m_policy.units[u].name, m_zoneNames[z], count});
        }
    }
    return snapshot;
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

// Whether one more sandbox in `zone` keeps the skew within maxSkew. Only called for a zone with a
// healthy host, so `floor` is set whenever the policy has a spread rule.
bool PlacementEngine::isWithinSpread(const UnitIndex &unit, const ZoneHosts &zone,
                                     std::optional<std::int64_t> floor) const
{
    if (!m_policy.spread)
        return true;
    return unit.zoneSandboxes[zone.zone] + 1 - floor.value_or(0) <= m_policy.spread->maxSkew;
}

bool PlacementEngine::tryUnit(std::size_t unitIndex, std::uint32_t cpuModel,
                              PlacementDecision &decision) const
{
    const UnitIndex &unit = m_units[unitIndex];
    const std::optional<std::int64_t> floor = spreadFloor(unit);
    bool someZoneOutsideSpread = false;
    BestTwo withinSpread;

    for (const ZoneHosts &zone : unit.zones) {
        if (!zone.hasHealthyHost)
            continue;
        if (!isWithinSpread(unit, zone, floor)) {
            someZoneOutsideSpread = true;
            continue;
        }
        for (std::size_t g : zone.groups) {
            if (cpuModel == kAnyCpuModel || m_groups[g].canRun(cpuModel))
                m_groups[g].offerBest(decision.reservation, withinSpread);
        }
    }

    // Schedule-anyway falls back to the best of every zone only when no zone within the spread
    // has a fitting host, so the zones outside it are searched only then.
    BestTwo ignoringSpread;
    const bool canIgnoreSpread =
        m_policy.spread && m_policy.spread->whenUnsatisfiable == WhenUnsatisfiable::ScheduleAnyway;
    if (!withinSpread.best && canIgnoreSpread && someZoneOutsideSpread) {
        for (const ZoneHosts &zone : unit.zones) {
            if (!zone.hasHealthyHost || isWithinSpread(unit, zone, floor))
                continue;
            for (std::size_t g : zone.groups) {
                if (cpuModel == kAnyCpuModel || m_groups[g].canRun(cpuModel))
                    m_groups[g].offerBest(decision.reservation, ignoringSpread);
            }
        }
        decision.spreadIgnored = ignoringSpread.best.has_value();
    }

    const BestTwo &chosen = withinSpread.best ? withinSpread : ignoringSpread;
    if (!chosen.best)
        return false;
    decision.host = chosen.best;
    decision.runnerUp = chosen.second;
    decision.unitIndex = unitIndex;
    return true;
}

// Counts, for a unit that placed nothing, how many hosts each reason rejected.
UnitRejections PlacementEngine::explainUnit(std::size_t unitIndex, std::uint32_t cpuModel,
                                            const Reservation &reservation,
                                            const QueueState &queue) const
{
    const UnitIndex &unit = m_units[unitIndex];
    const PlacementUnit &rule = m_policy.units[unitIndex];
    const auto unitHosts = static_cast<std::int64_t>(unit.hostCount);
    UnitRejections rejections{rule.name, {}};
    countRejected(rejections, RejectReason::Label,
                  static_cast<std::int64_t>(m_hosts.size()) - unitHosts);
    if (!isUnitEligible(rule, queue)) {
        countRejected(rejections, RejectReason::OverflowNotEligible, unitHosts);
        return rejections;
    }
    if (rule.max && unit.sandboxes >= *rule.max) {
        countRejected(rejections, RejectReason::MaxReached, unitHosts);
        return rejections;
    }

    const bool spreadRejects =
        m_policy.spread && m_policy.spread->whenUnsatisfiable == WhenUnsatisfiable::DoNotSchedule;
    const std::optional<std::int64_t> floor = spreadFloor(unit);
    for (const ZoneHosts &zone : unit.zones) {
        countRejected(rejections, RejectReason::Unhealthy, zone.unhealthyHosts);
        const bool withinSpread =
            !spreadRejects || !zone.hasHealthyHost || isWithinSpread(unit, zone, floor);
        for (std::size_t g : zone.groups) {
            const PlacementHostGroup &group = m_groups[g];
            const auto size = static_cast<std::int64_t>(group.size());
            if (cpuModel != kAnyCpuModel && !group.canRun(cpuModel)) {
                countRejected(rejections, RejectReason::CpuIncompatible, size);
                continue;
            }
            // A fitting host within the spread would have been chosen, so after a refusal
            // fitting hosts exist only in zones that spread rejects, and only those are counted.
            const std::int64_t fitting = withinSpread ? 0 : group.countFitting(reservation);
            countRejected(rejections, RejectReason::Capacity, size - fitting);
            countRejected(rejections, RejectReason::Spread, fitting);
        }
    }
    return rejections;
}

PlacementDecision PlacementEngine::place(const SandboxRequest &request,
                                         const QueueState &queue) const
{
    PlacementDecision decision;
    decision.reservation = reservationFor(m_policy, request);
    const std::uint32_t cpuModel = requestedCpuModel(request);

    for (std::size_t u = 0; u < m_units.size(); ++u) {
        const std::optional<std::int64_t> &max = m_policy.units[u].max;
        if (!isUnitEligible(m_policy.units[u], queue) || (max && m_units[u].sandboxes >= *max))
            continue;
        if (tryUnit(u, cpuModel, decision))
            return decision;
    }

    decision.rejections.reserve(m_units.size());
    for (std::size_t u = 0; u < m_units.size(); ++u)
        decision.rejections.push_back(explainUnit(u, cpuModel, decision.reservation, queue));
    return decision;
}

// Moves a host whose allocation changed from (oldVcpus, oldMemoryMiB) in each of its groups.
void PlacementEngine::moveHost(std::size_t hostIndex, std::int64_t oldVcpus,
                               std::uint64_t oldMemoryMiB)
{
    const PlacementHost &host = m_hosts[hostIndex];
    for (std::size_t g : m_hostGroups[hostIndex]) {
        m_groups[g].updateHost(hostIndex, oldVcpus, oldMemoryMiB, host.allocatedVcpus,
                               host.allocatedMemoryMiB);
    }
}

void PlacementEngine::commit(const PlacementDecision &decision)
{
    if (!decision.placed())
        return;
    const std::size_t hostIndex = decision.host->hostIndex;
    SHOAL_ASSERT(hostIndex < m_hosts.size() && decision.unitIndex < m_units.size(), return);
    PlacementHost &host = m_hosts[hostIndex];
    const std::int64_t oldVcpus = host.allocatedVcpus;
    const std::uint64_t oldMemoryMiB = host.allocatedMemoryMiB;
    host.allocatedVcpus += decision.reservation.vcpus;
    host.allocatedMemoryMiB += decision.reservation.memoryMiB;
    moveHost(hostIndex, oldVcpus, oldMemoryMiB);

    UnitIndex &unit = m_units[decision.unitIndex];
    ++unit.sandboxes;
    ++unit.zoneSandboxes[m_hostZones[hostIndex]];
    ++m_version;
}

void PlacementEngine::release(std::size_t hostIndex, std::size_t unitIndex,
                              const Reservation &reservation)
{
    PlacementHost &host = m_hosts.at(hostIndex);
    const std::int64_t oldVcpus = host.allocatedVcpus;
    const std::uint64_t oldMemoryMiB = host.allocatedMemoryMiB;
    host.allocatedVcpus -= reservation.vcpus;
    host.allocatedMemoryMiB -= std::min(host.allocatedMemoryMiB, reservation.memoryMiB);
    moveHost(hostIndex, oldVcpus, oldMemoryMiB);

    UnitIndex &unit = m_units.at(unitIndex);
    --unit.sandboxes;
    --unit.zoneSandboxes[m_hostZones[hostIndex]];
    ++m_version;
}

}  // namespace shoal::core
