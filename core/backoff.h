#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace shoal::core {

// Returns the wait before reconnect try number `failures` + 1: `initial` doubled per earlier
// failure and capped at `maximum`, then shortened by `random01` (in [0, 1)) times 25 %. The jitter
// keeps many hosts lost together from all retrying in the same instant.
inline std::chrono::milliseconds reconnectDelay(int failures, std::chrono::milliseconds initial,
                                                std::chrono::milliseconds maximum, double random01)
{
    const auto first = std::max(initial, std::chrono::milliseconds(1));
    const auto cap = std::max(maximum, first);
    const int doublings = std::clamp(failures, 0, 30);
    const std::int64_t uncapped = first.count() << doublings;
    const auto base = std::min(std::chrono::milliseconds(uncapped), cap);
    const double factor = 1.0 - 0.25 * std::clamp(random01, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(base.count()) * factor));
}

}  // namespace shoal::core
