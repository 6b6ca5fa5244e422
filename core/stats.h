#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

namespace shoal::core {

// One raw sample of a sandbox's counters, as its host reported them. The counters are cumulative
// since the domain started; a field a driver does not report stays empty.
struct SandboxStats {
    std::string domainName;
    std::int64_t timestampMs = 0;                    // Unix time when the host answered
    SandboxState state = SandboxState::Unknown;
    std::optional<std::uint64_t> cpuTimeNs;          // all vCPUs together
    int vcpus = 0;
    std::optional<std::uint64_t> balloonCurrentKiB;  // balloon.current, the memory the guest has now
    std::optional<std::uint64_t> balloonMaximumKiB;
    std::optional<std::uint64_t> guestUnusedKiB;     // reported by the guest's balloon driver
    std::optional<std::uint64_t> guestAvailableKiB;  // reported by the guest's balloon driver
    std::optional<std::uint64_t> blockReadBytes;     // summed over the sandbox's disks
    std::optional<std::uint64_t> blockWriteBytes;
    std::optional<std::uint64_t> netRxBytes;         // summed over its interfaces
    std::optional<std::uint64_t> netTxBytes;
};

constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// One interval of one sandbox or host, as rates. kNoValue (NaN) marks a value that was not
// reported; use std::isnan to test for it.
struct StatsPoint {
    std::int64_t timestampMs = 0;         // end of the interval, Unix time
    float cpuPercent = kNoValue;          // 100 is one host core fully busy
    float memoryActualMiB = kNoValue;     // balloon current
    float memoryUsedMiB = kNoValue;       // guest-reported: available minus unused
    float blockReadBytesPerSecond = kNoValue;
    float blockWriteBytesPerSecond = kNoValue;
    float netRxBytesPerSecond = kNoValue;
    float netTxBytesPerSecond = kNoValue;
};

// The two resolutions of the history: one point a second for the last 15 minutes, one point a
// minute (the mean of its seconds) for the last 24 hours.
enum class StatsResolution { Second, Minute };

// A time series of one sandbox or one host, oldest point first. Gaps (the host was disconnected,
// the sandbox was stopped) have no points.
struct StatsSeries {
    std::string key;                      // sandbox id, or the host URI for a host series
    StatsResolution resolution = StatsResolution::Second;
    std::vector<StatsPoint> points;
};

// One sandbox's values in one tick.
struct SandboxTickValue {
    std::string sandboxId;
    SandboxState state = SandboxState::Unknown;
    StatsPoint point;                     // timestampMs is the tick's time
};

// One stats tick of one host: a value for every sandbox the host reported, and their sums.
struct HostStatsTick {
    std::string hostUri;
    std::int64_t timestampMs = 0;
    std::vector<SandboxTickValue> sandboxes;
    StatsPoint total;                     // sums over the sandboxes; memory sums skip unreported ones
    int runningSandboxes = 0;
    bool usedBulkCall = false;
    double collectMs = 0.0;               // how long the host took to answer
};

}  // namespace shoal::core
