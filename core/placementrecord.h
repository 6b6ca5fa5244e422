#pragma once

#include <cstdint>
#include <string>

namespace shoal::core {

// Why a placed sandbox is on its host: what placement decided and what the queue looked like at
// that moment. Kept in the store so the console can explain a placement after a restart.
struct PlacementRecord {
    std::string sandboxId;
    std::string unit;                 // the policy unit that placed it; empty when the user chose the host
    std::string hostUri;
    double score = 0.0;               // in [0, 1], higher is better
    std::string runnerUpHostUri;      // the next best host in the same unit; empty when none fitted
    double runnerUpScore = 0.0;
    bool spreadIgnored = false;       // placed by the schedule-anyway fallback of zone spread
    bool chosenByUser = false;        // created with an explicit host, so no policy applied
    std::int64_t pendingAtDecision = 0;
    std::int64_t oldestWaitMsAtDecision = 0;
    std::int64_t waitedMs = 0;        // how long this sandbox waited in the queue
    std::int64_t decidedAtMs = 0;     // Unix time in milliseconds

    bool operator==(const PlacementRecord&) const = default;
};

}  // namespace shoal::core
