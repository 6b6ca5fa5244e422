#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "core/placementengine.h"

namespace shoal::bench {

// Parameters of the synthetic fleet and trace. The fleet's pools keep the proportions 60 % baseline,
// 30 % burst and 10 % serverless whatever the host count.
struct PlacementTraceOptions {
    int hosts = 5000;
    int requests = 100000;
    std::uint32_t seed = 1;
};

// The fleet and policy of the benchmark: three zones, three instance types, and the units
// baseline, burst and serverless (overflow while more than 500 wait or the oldest waited over
// 30 s), with zone spread.
struct SyntheticFleet {
    core::Policy policy;
    core::FleetSnapshot fleet;
    int baselineHosts = 0;
    int burstHosts = 0;
    int serverlessHosts = 0;
    double estimatedCapacity = 0.0;          // sandboxes the baseline and burst pools hold
};

struct TraceRequest {
    std::uint64_t id = 0;
    core::SandboxRequest request;
    std::chrono::milliseconds arrival{0};    // simulated time since the trace started
    std::chrono::milliseconds lifetime{0};   // from placement to departure
};

// The shape of the arrival curve, derived from the fleet so that the steady load fills about
// 70 % of the baseline and burst pools and the burst pushes the queue past the overflow
// threshold.
struct TraceShape {
    double arrivalsPerSecond = 0.0;          // steady rate, tripled during the burst
    std::chrono::milliseconds burstStart{0};
    std::chrono::milliseconds burstEnd{0};
    std::chrono::milliseconds lastArrival{0};
    std::chrono::milliseconds meanLifetime{0};
};

struct PlacementTrace {
    TraceShape shape;
    std::vector<TraceRequest> requests;      // by arrival
};

SyntheticFleet makeSyntheticFleet(const PlacementTraceOptions &options);

// Generates the requests: 45 % arrive at the steady rate, 30 % during the burst at three times
// the rate, the last 25 % at the steady rate again. Lifetimes are uniform between half and one
// and a half times the mean. The same options give the same trace.
PlacementTrace makePlacementTrace(const PlacementTraceOptions &options,
                                  const SyntheticFleet &fleet);

}  // namespace shoal::bench
