#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "bench/placementtrace.h"

namespace shoal::bench {

// The figures of one benchmark run. Decision times cover PlacementEngine::place() alone, as
// timed by PlacementQueue around each call, two steady_clock reads included. Reused refusals
// are not decisions.
struct PlacementBenchResult {
    PlacementTraceOptions options;
    TraceShape shape;
    SyntheticFleet fleetSummary;             // the policy and pool sizes; hosts are dropped

    std::uint64_t decisions = 0;
    std::uint64_t placements = 0;
    std::uint64_t refusals = 0;              // decisions that placed nothing
    std::uint64_t reusedRefusals = 0;
    std::uint64_t overflowPlacements = 0;
    std::uint64_t scheduleCalls = 0;
    std::int64_t peakPending = 0;
    std::int64_t finalPending = 0;
    double decisionSeconds = 0.0;            // sum of the timed decisions
    double replaySeconds = 0.0;              // wall time of the replay, without reference checks
    double p50Microseconds = 0.0;
    double p99Microseconds = 0.0;
    double maxMicroseconds = 0.0;
    double refusalP50Microseconds = 0.0;     // the same over refusals alone
    double refusalP99Microseconds = 0.0;
    double peakRssMiB = 0.0;

    std::uint64_t referenceSample = 0;       // decisions checked against the reference
    std::uint64_t referenceMismatches = 0;
    double referenceSeconds = 0.0;           // time in PlacementReference::place() alone

    double decisionsPerSecond() const;
    double referenceDecisionsPerSecond() const;
    bool referenceMatch() const { return referenceSample > 0 && referenceMismatches == 0; }
    bool overflowUsed() const { return overflowPlacements > 0; }
};

// Builds the synthetic fleet and trace for `options` and replays it through a PlacementQueue on
// a simulated clock: every 100 ms of simulated time, departures free their capacity, new
// arrivals join the queue and the queue schedules once. About every (requests / 2,500)th engine
// decision, spread evenly over the trace, is also made by the exhaustive reference built from
// the engine's state at that moment, and the two must be equal. Single-threaded; takes seconds
// for the default size.
PlacementBenchResult runPlacementBench(const PlacementTraceOptions &options);

// One JSON object with every figure and the trace parameters.
nlohmann::json toJson(const PlacementBenchResult &result);

}  // namespace shoal::bench
