#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/placementengine.h"

namespace shoal::core {

// A request that schedule() placed, with the decision that placed it (already committed).
struct Placement {
    std::uint64_t id = 0;
    PlacementDecision decision;
};

// One decision the engine made inside schedule(), for observers such as the benchmark. The
// references are valid only during the observer call.
struct DecisionRecord {
    std::uint64_t id = 0;
    const SandboxRequest &request;
    QueueState queue;
    const PlacementDecision &decision;
    std::chrono::nanoseconds elapsed{0};     // time spent in PlacementEngine::place()
};

// The requests waiting for placement, in arrival order, in front of one engine. Not thread-safe:
// one owner calls every function.
//
// schedule() tries the waiting requests in arrival order. Each attempt uses the queue as it is
// at that moment: `pending` counts the requests still waiting, this one included, and
// `oldestWait` is the wait of the oldest of them. So an overflow unit with pendingAbove: N takes
// requests while more than N wait, and stops once the pass has brought the queue down to N.
class PlacementQueue {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    using DecisionObserver = std::function<void(const DecisionRecord &)>;

    explicit PlacementQueue(PlacementEngine engine);

    // Adds a request that arrived at `arrival`. A request that arrived earlier than the last
    // one waiting is put in its place by arrival. An id that is already waiting is rejected
    // (logged as an assertion) and nothing changes.
    void enqueue(std::uint64_t id, SandboxRequest request, TimePoint arrival);

    // Tries every waiting request once, oldest first, and commits each placement to the engine.
    // Returns the placed requests in the order they were placed. A request that is not placed
    // keeps waiting with its refusal as lastDecision(). A request identical to one refused
    // earlier in the same pass, with the same units eligible and no commit since, reuses that
    // refusal instead of asking the engine again: the engine would return the same decision.
    std::vector<Placement> schedule(TimePoint now);

    // Removes a waiting request. Returns false when `id` is not waiting.
    bool cancel(std::uint64_t id);

    // Frees the reservation of a placed sandbox, e.g. when it is destroyed, for the next
    // schedule() to use.
    void release(std::size_t hostIndex, std::size_t unitIndex, const Reservation &reservation);

    // Returns the number of waiting requests and the wait of the oldest at `now`.
    QueueState state(TimePoint now) const;
    std::size_t pendingCount() const { return m_pending.size(); }

    // Returns the latest refusal of a waiting request, or nullptr when the request is not
    // waiting or has not been tried yet. The pointer is valid until the next schedule(),
    // cancel() or enqueue().
    const PlacementDecision *lastDecision(std::uint64_t id) const;

    const PlacementEngine &engine() const { return m_engine; }
    PlacementEngine &engine() { return m_engine; }

    // Sets a function called after every decision the engine makes in schedule(), before a
    // placement is committed. Reused refusals are not reported. An empty function removes it.
    void setDecisionObserver(DecisionObserver observer) { m_observer = std::move(observer); }

    // The highest id ever enqueued, or 0.
    std::uint64_t highestId() const { return m_highestId; }

    // Decisions asked of the engine, and refusals reused instead, since construction.
    std::uint64_t engineDecisions() const { return m_engineDecisions; }
    std::uint64_t reusedRefusals() const { return m_reusedRefusals; }

private:
    struct Waiting {
        std::uint64_t id = 0;
        SandboxRequest request;
        TimePoint arrival;
        // A copy per request, even when reused: sharing one refusal between requests measured a
        // p99 decision time three times higher in the placement benchmark, for reasons not found.
        std::optional<PlacementDecision> lastDecision;
    };
    // A refusal made in the current pass, reusable while the engine version is unchanged.
    struct Refusal {
        std::size_t position = 0;            // the refused request in m_pending
        std::uint64_t eligibleUnits = 0;     // bit u set when unit u was eligible
    };

    static std::chrono::milliseconds waitSince(TimePoint arrival, TimePoint now);
    std::optional<std::uint64_t> eligibleUnits(const QueueState &queue) const;
    PlacementDecision decide(const Waiting &waiting, const QueueState &queue);
    void reindex();

    PlacementEngine m_engine;
    std::vector<Waiting> m_pending;          // by arrival, then by enqueue order
    std::unordered_map<std::uint64_t, std::size_t> m_positions;  // id -> index in m_pending
    DecisionObserver m_observer;
    std::uint64_t m_highestId = 0;
    std::uint64_t m_engineDecisions = 0;
    std::uint64_t m_reusedRefusals = 0;
};

// The outcome of a what-if run.
struct WhatIfResult {
    struct UnitCount {
        std::string unit;
        std::int64_t placed = 0;
        bool overflow = false;               // the unit has an overflow condition
    };
    struct ZoneCount {
        std::string zone;
        std::int64_t placed = 0;
    };

    std::vector<UnitCount> units;            // every unit, in policy order
    std::vector<ZoneCount> zones;            // zones that received a sandbox, by name
    std::int64_t placed = 0;                 // what-if requests placed
    std::int64_t pending = 0;                // what-if requests still waiting
    std::int64_t queuedPlaced = 0;           // already waiting requests the same pass placed
    bool overflowUsed = false;               // some what-if request went to an overflow unit
};

// Computes where `count` more requests like `request` would land at `now`. Copies the queue and
// its engine, adds the requests after those already waiting, schedules once and counts what the
// new requests got. A count below 1 adds nothing. The original queue and engine are not changed.
WhatIfResult whatIf(const PlacementQueue &queue, const SandboxRequest &request, int count,
                    std::chrono::steady_clock::time_point now);

// A placed sandbox with the fields scale-in orders by.
struct PlacedSandbox {
    std::uint64_t id = 0;
    std::size_t hostIndex = 0;
    std::size_t unitIndex = 0;
    std::chrono::steady_clock::time_point placedAt;
};

// Chooses which `count` sandboxes to remove when shrinking, in removal order: the last unit of
// the policy first (so overflow units empty before baseline ones), and within a unit the newest
// placement first, then the highest id. Returns fewer ids when fewer sandboxes exist. The order
// depends only on the input, never on its order.
std::vector<std::uint64_t> chooseScaleIn(std::vector<PlacedSandbox> sandboxes, std::size_t count);

}  // namespace shoal::core
