#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/placementengine.h"

namespace shoal::core {

// The placement rules written as plainly as possible: every decision scans every host of every
// unit it tries and recomputes every count. The tests and the placement benchmark compare
// PlacementEngine against it decision by decision.
class PlacementReference {
public:
    PlacementReference(Policy policy, FleetSnapshot snapshot);

    PlacementDecision place(const SandboxRequest &request, const QueueState &queue) const;
    void commit(const PlacementDecision &decision);
    void release(std::size_t hostIndex, std::size_t unitIndex, const Reservation &reservation);

private:
    bool isEligible(const PlacementUnit &unit, const QueueState &queue) const;
    std::int64_t countInUnit(const std::string &unit) const;
    std::int64_t countInZone(const std::string &unit, const std::string &zone) const;
    bool isHealthy(const PlacementHost &host) const;
    bool canRun(const PlacementHost &host, const SandboxRequest &request) const;
    bool hasRoom(const PlacementHost &host, const Reservation &reservation) const;
    double score(const PlacementHost &host, const Reservation &reservation) const;
    std::optional<std::int64_t> spreadFloor(const PlacementUnit &unit) const;
    bool keepsSpread(const PlacementUnit &unit, const PlacementHost &host,
                     std::optional<std::int64_t> floor) const;

    Policy m_policy;
    std::vector<PlacementHost> m_hosts;
    std::map<std::pair<std::string, std::string>, std::int64_t> m_counts;  // (unit, zone)
};

}  // namespace shoal::core
