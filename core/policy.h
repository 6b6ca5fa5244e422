#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace shoal::core {

// A label selector over a host's zone, pool and instance type. An unset field matches any value.
struct HostSelector {
    std::optional<std::string> zone;
    std::optional<std::string> pool;
    std::optional<std::string> instanceType;

    bool matches(const HostLabels &labels) const;
};

// The condition under which an overflow unit takes new sandboxes. The unit is eligible while at
// least one of the set thresholds is exceeded (strictly greater). At least one is always set.
struct OverflowCondition {
    std::optional<std::int64_t> pendingAbove;
    std::optional<std::chrono::milliseconds> oldestWaitAbove;
};

// A group of hosts that placement fills in policy order.
struct PlacementUnit {
    std::string name;
    HostSelector hosts;                      // default: every host
    std::optional<std::int64_t> max;         // sandboxes in this unit; default: no limit
    std::optional<OverflowCondition> when;   // set only for an overflow unit
};

enum class WhenUnsatisfiable { DoNotSchedule, ScheduleAnyway };

// Zone spread. Only `by: zone` exists today.
struct SpreadRule {
    int maxSkew = 1;                         // at least 1
    WhenUnsatisfiable whenUnsatisfiable = WhenUnsatisfiable::DoNotSchedule;
};

enum class ScoreStrategy { LeastAllocated, MostAllocated };

// Factors applied to a host's CPUs and memory before checking capacity. Both are greater than 0.
struct Overcommit {
    double cpu = 1.0;
    double memory = 1.0;
};

// A placement policy. Defaults when a key is missing: no spread, `score: least-allocated`,
// `overcommit: {cpu: 1.0, memory: 1.0}`, `burstHeadroom: false`. `units` is required.
struct Policy {
    std::vector<PlacementUnit> units;
    std::optional<SpreadRule> spread;
    ScoreStrategy score = ScoreStrategy::LeastAllocated;
    Overcommit overcommit;
    bool burstHeadroom = false;               // reserve each sandbox's burst during its window
};

// Parses and validates a policy written in YAML. Returns the policy, or InvalidArgument with a
// detail of the form `Invalid placement policy at line 3, column 7: <reason>` (1-based line and
// column). Never throws. Any thread may call it.
Result<Policy> parsePolicy(std::string_view text);

// Parses a duration such as "500ms", "30s", "2m" or "1h" (a whole number and one unit).
// Returns nothing when the text is malformed or overflows.
std::optional<std::chrono::milliseconds> parseDuration(std::string_view text);

}  // namespace shoal::core
