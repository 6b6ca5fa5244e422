#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace shoal::core {

// Limits of a burst plan that Shoal accepts before any host is asked. Host ranges (cgroup
// quota, shares, the domain's maximum memory) are checked again by the host when it applies one.
inline constexpr double kMinBaselineCpuPercent = 1.0;
inline constexpr double kMaxBaselineCpuPercent = 100.0;
inline constexpr double kMaxBurstFactor = 16.0;
inline constexpr int kMaxBurstWindowSeconds = 3600;

// The CPU quota and memory a sandbox should have at one moment: its baseline or its burst.
struct SandboxQuota {
    double cpuPercent = 100.0;         // per vCPU; 100 is one whole host CPU for each vCPU
    std::uint64_t memoryMiB = 0;       // live balloon target; 0 leaves the memory as it is
    bool operator==(const SandboxQuota&) const = default;
};

// What a host reports after it applied a quota, read back from the host, not echoed.
struct AppliedQuota {
    double cpuPercent = 0.0;           // per vCPU; 0 when the host has no quota set
    std::uint64_t memoryMiB = 0;       // balloon size; it reaches a new target only as the guest allows
};

// Checks a burst plan against Shoal's limits and the template's shape. Fails with
// InvalidArgument naming the field, its value and the valid range; changes nothing.
Status validateBurstPlan(const BurstPlan& plan, const Template& sandboxTemplate);

// Returns the quota outside the burst window: the baseline CPU and the template's memory.
SandboxQuota baselineQuota(const Template& sandboxTemplate);

// Returns the quota inside the burst window: baseline times the factor, and the burst memory
// (the template's memory when the plan sets none).
SandboxQuota burstQuota(const Template& sandboxTemplate);

// Returns the whole CPUs a burst uses beyond the baseline: vCPUs times the difference between
// the burst and the baseline quota, with the burst capped at 100 % because one vCPU thread
// cannot use more than one host CPU, rounded up. 0 when the plan is disabled.
int burstExtraVcpus(const Template& sandboxTemplate);

// Returns the memory a template's domain is defined with as its maximum, so a live balloon
// can grow to the burst memory: the larger of its memory and its burst memory.
std::uint64_t maximumMemoryMiB(const Template& sandboxTemplate);

// One sandbox's burst window and the baseline it returns to at the end. The fleet stores it
// before it applies the burst, so a console that restarts mid-window still reverts it.
struct BurstDeadline {
    std::string sandboxId;
    std::string hostUri;
    std::string domainName;
    std::int64_t windowStartMs = 0;    // Unix time
    std::int64_t windowEndMs = 0;      // Unix time; the revert is due then
    SandboxQuota baseline;
    bool operator==(const BurstDeadline&) const = default;
};

// The burst windows in force, keyed by sandbox id, and which of them are due. It has no thread
// and no timer: the caller passes the current time, so tests drive it with a fake clock. Not
// thread-safe; the fleet guards it with its mutex.
class BurstSchedule {
public:
    // Adds the deadline, or replaces the one of the same sandbox (a wake inside a window
    // extends it).
    void add(BurstDeadline deadline);

    // Loads deadlines read back from the store after a restart. takeDue returns the ones already
    // past at its next call, so a revert missed while the console was down happens at once.
    void restore(const std::vector<BurstDeadline>& stored);

    // Removes the sandbox's deadline, for instance when it is destroyed or stopped.
    void remove(const std::string& sandboxId);

    // Removes and returns the deadlines due at `nowMs` on the host `hostUri` (every host when
    // empty), earliest first.
    std::vector<BurstDeadline> takeDue(std::int64_t nowMs, const std::string& hostUri = {});

    // Returns the earliest deadline, or nothing when the schedule is empty.
    std::optional<std::int64_t> nextDueMs() const;

    std::optional<BurstDeadline> find(const std::string& sandboxId) const;
    bool isInWindow(const std::string& sandboxId, std::int64_t nowMs) const;
    std::size_t size() const { return m_deadlines.size(); }

private:
    std::map<std::string, BurstDeadline> m_deadlines;
};

// Returns the burst status a sandbox shows for a deadline: `planned` and `applied` describe the
// burst (or the baseline after the revert when `active` is false); `applied` is unset where the
// host cannot apply quotas.
BurstStatus burstStatusOf(const BurstDeadline& deadline, const SandboxQuota& planned,
                          const std::optional<AppliedQuota>& applied, bool active);

}  // namespace shoal::core
