#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "core/placementengine.h"

namespace shoal::core {

// Writes a decision on one line for failure messages.
std::string describe(const PlacementDecision &decision);

enum class RandomFleetSize {
    Small,   // 1 to 8 hosts of many shapes: every filter and corner case
    Medium,  // 20 to 120 hosts of two or three shapes: long runs of equal hosts in each group
};

// Random policies, fleets, requests and queue states for comparing the engine with the
// reference. The same seed gives the same sequence.
class RandomCase {
public:
    RandomCase(std::uint32_t seed, RandomFleetSize size) : m_random(seed), m_size(size) {}

    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }
    bool chance(int percent) { return pick(1, 100) <= percent; }

    template <typename T, std::size_t N>
    const T &oneOf(const T (&values)[N]) { return values[pick(0, static_cast<int>(N) - 1)]; }

    Policy makePolicy();
    FleetSnapshot makeFleet();
    SandboxRequest makeRequest();
    QueueState makeQueue();

private:
    PlacementHost makeSmallHost(int index);
    FleetSnapshot makeMediumFleet();

    std::mt19937 m_random;
    RandomFleetSize m_size;
};

}  // namespace shoal::core
