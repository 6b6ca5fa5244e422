#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/placementhostgroup.h"
#include "core/policy.h"

namespace shoal::core {

// The state of one host that placement reads. Capacity is in vCPUs and MiB before overcommit.
struct PlacementHost {
    std::string uri;
    HostLabels labels;
    bool connected = true;
    bool lowOnDisk = false;
    std::vector<std::string> cpuModels;      // CPU models this host can run
    int cpus = 0;
    std::uint64_t memoryMiB = 0;
    std::int64_t allocatedVcpus = 0;
    std::uint64_t allocatedMemoryMiB = 0;
};

// Sandboxes already placed by `unit` in `zone`. They count toward the unit's max and the spread.
struct UnitZoneLoad {
    std::string unit;
    std::string zone;
    std::int64_t sandboxes = 0;
};

struct FleetSnapshot {
    std::vector<PlacementHost> hosts;
    std::vector<UnitZoneLoad> loads;         // loads naming no policy unit are ignored
};

struct QueueState {
    std::int64_t pending = 0;
    std::chrono::milliseconds oldestWait{0};
};

// Resources one sandbox requests. The burst is reserved on top only when the policy sets
// burstHeadroom and the sandbox is inside its burst window.
struct SandboxRequest {
    int vcpus = 1;
    std::uint64_t memoryMiB = 0;
    std::string cpuModel;                    // empty: any host
    int burstVcpus = 0;
    std::uint64_t burstMemoryMiB = 0;
    bool inBurstWindow = false;

    bool operator==(const SandboxRequest &) const = default;
};

// The vCPUs and memory a placed sandbox holds on its host.
struct Reservation {
    std::int64_t vcpus = 0;
    std::uint64_t memoryMiB = 0;

    bool operator==(const Reservation &) const = default;
};

// Reasons for rejecting a host, checked in this order. Each rejected host counts once, under the
// first reason that applies.
enum class RejectReason {
    Label,               // the host does not match the unit's selector
    OverflowNotEligible, // the unit's overflow condition does not hold
    MaxReached,          // the unit already has max sandboxes
    Unhealthy,           // disconnected or low on disk
    CpuIncompatible,     // the host cannot run the request's CPU model
    Capacity,            // not enough vCPUs or memory after overcommit
    Spread,              // placing here would exceed maxSkew (do-not-schedule only)
};
inline constexpr std::size_t kRejectReasonCount = 7;

struct UnitRejections {
    std::string unit;
    std::array<std::int64_t, kRejectReasonCount> hosts{};  // indexed by RejectReason

    std::int64_t count(RejectReason reason) const { return hosts[static_cast<std::size_t>(reason)]; }
    bool operator==(const UnitRejections &) const = default;
};

// The outcome of one placement. When `host` is set the sandbox goes there, in `unitIndex`;
// otherwise `rejections` explains every unit of the policy.
struct PlacementDecision {
    std::optional<HostChoice> host;
    std::size_t unitIndex = 0;
    std::optional<HostChoice> runnerUp;      // the next best host in the same unit
    bool spreadIgnored = false;              // chosen by the schedule-anyway fallback
    Reservation reservation;
    std::vector<UnitRejections> rejections;  // empty when placed

    bool placed() const { return host.has_value(); }
    bool operator==(const PlacementDecision &) const = default;
};

// Returns what a request reserves under `policy`.
Reservation reservationFor(const Policy &policy, const SandboxRequest &request);

// Returns whether `unit` takes new sandboxes in `queue`: always for a unit without an overflow
// condition, otherwise while at least one of its thresholds is exceeded.
bool isUnitEligible(const PlacementUnit &unit, const QueueState &queue);

// Places sandboxes on a fleet snapshot under one policy. Not thread-safe, so one thread owns an
// engine. Host health and labels are fixed for the engine's life, so build a new engine when
// they change.
//
// Healthy hosts are indexed by unit, zone and shape (CPUs, memory and CPU models). Each such group
// is kept ordered by score (see PlacementHostGroup), so a decision reads a few hosts at the front
// of each group instead of every host. A refusal counts the fitting hosts of each group to
// explain itself, which reads whole blocks of hosts at a time. Decisions equal those of the
// exhaustive reference in the tests, including the runner-up, the score and the rejection counts.
// NOTE: the capacity test converts allocations to double like the reference does, so the two
// agree exactly only while allocations stay below 2^53 vCPUs or MiB.
class PlacementEngine {
public:
    PlacementEngine(Policy policy, FleetSnapshot snapshot);

    // Decides where `request` goes given the queue. Changes nothing; call commit() to apply it.
    PlacementDecision place(const SandboxRequest &request, const QueueState &queue) const;

    // Adds a placed decision's reservation and sandbox count. Ignores a refusal.
    void commit(const PlacementDecision &decision);

    // Removes a sandbox that `unitIndex` placed on `hostIndex` with `reservation`.
    void release(std::size_t hostIndex, std::size_t unitIndex, const Reservation &reservation);

    const Policy &policy() const { return m_policy; }
    const std::vector<PlacementHost> &hosts() const { return m_hosts; }
    std::int64_t unitSandboxes(std::size_t unitIndex) const;
    std::int64_t zoneSandboxes(std::size_t unitIndex, const std::string &zone) const;

    // Returns the hosts with their current allocations and the sandbox count of every unit and
    // zone, so a new engine (or the reference) built from it decides the same as this one.
    FleetSnapshot snapshot() const;

    // Counts commit() and release() calls. Equal versions of one engine mean equal state, so a
    // caller may reuse a decision made at the same version for the same request and queue.
    std::uint64_t version() const { return m_version; }

private:
    struct ZoneHosts {
        std::size_t zone = 0;                // index into m_zoneNames
        std::vector<std::size_t> groups;     // indices into m_groups, healthy hosts only
        std::int64_t unhealthyHosts = 0;
        bool hasHealthyHost = false;
    };
    struct UnitIndex {
        std::vector<ZoneHosts> zones;        // ascending zone index, zones with a matching host
        std::vector<std::int64_t> zoneSandboxes; // by zone index
        std::int64_t sandboxes = 0;
        std::size_t hostCount = 0;
    };

    std::size_t zoneIndex(const std::string &zone);
    std::uint32_t cpuModelIndex(const std::string &model);
    std::uint32_t requestedCpuModel(const SandboxRequest &request) const;
    void buildUnit(std::size_t unitIndex);
    std::optional<std::int64_t> spreadFloor(const UnitIndex &unit) const;
    bool isWithinSpread(const UnitIndex &unit, const ZoneHosts &zone,
                        std::optional<std::int64_t> floor) const;
    bool tryUnit(std::size_t unitIndex, std::uint32_t cpuModel, PlacementDecision &decision) const;
    UnitRejections explainUnit(std::size_t unitIndex, std::uint32_t cpuModel,
                               const Reservation &reservation, const QueueState &queue) const;
    void moveHost(std::size_t hostIndex, std::int64_t oldVcpus, std::uint64_t oldMemoryMiB);

    Policy m_policy;
    std::vector<PlacementHost> m_hosts;
    std::vector<bool> m_healthy;
    std::vector<std::size_t> m_hostZones;             // by host: index into m_zoneNames
    std::vector<std::string> m_zoneNames;
    std::vector<std::string> m_cpuModelNames;          // index = model id
    std::vector<PlacementHostGroup> m_groups;
    std::vector<std::vector<std::size_t>> m_hostGroups; // by host: the groups holding it
    std::vector<UnitIndex> m_units;
    std::uint64_t m_version = 0;
};

}  // namespace shoal::core
