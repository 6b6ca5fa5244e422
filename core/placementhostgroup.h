#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/policy.h"

namespace shoal::core {

struct Reservation;

// A host and its score for one request. Defined here so that the engine's public header and
// this internal one share it.
struct HostChoice {
    std::size_t hostIndex = 0;
    double score = 0.0;                      // higher is better, in [0, 1]

    bool operator==(const HostChoice &) const = default;
};

// The best and second best hosts seen so far. Higher scores win, and equal scores go to the lower
// host index, so every run and the exhaustive reference pick the same host.
struct BestTwo {
    std::optional<HostChoice> best;
    std::optional<HostChoice> second;

    static bool isBetter(const HostChoice &a, const HostChoice &b)
    {
        return a.score > b.score || (a.score == b.score && a.hostIndex < b.hostIndex);
    }

    void offer(const HostChoice &choice);
};

// The healthy hosts of one unit and zone that share CPUs, memory and CPU models, kept ordered
// best first for the policy's score. Within such a group the order of two hosts by score does
// not depend on the request, so a search reads the front of the order and stops as soon as no
// later host can beat the two best found. Not thread-safe; the owning engine serialises access.
class PlacementHostGroup {
public:
    // `cpuLimit` and `memoryLimit` are the host's capacity after overcommit. `cpuModels` contains the
    // engine's ids of the models these hosts run, sorted.
    PlacementHostGroup(double cpuLimit, double memoryLimit, ScoreStrategy score,
                       std::vector<std::uint32_t> cpuModels);

    // Adds a host while the engine is built; call finishBuilding() once all are added.
    void addHost(std::size_t hostIndex, std::int64_t allocatedVcpus,
                 std::uint64_t allocatedMemoryMiB);
    void finishBuilding();

    // Moves a host to its place for its new allocation.
    void updateHost(std::size_t hostIndex, std::int64_t oldVcpus, std::uint64_t oldMemoryMiB,
                    std::int64_t newVcpus, std::uint64_t newMemoryMiB);

    bool canRun(std::uint32_t cpuModel) const;

    // Offers `best` every host of the group that fits `reservation` and could still be one of
    // the two best. Hosts that cannot are skipped, so the result equals offering every host.
    void offerBest(const Reservation &reservation, BestTwo &best) const;

    // Counts the hosts that fit `reservation`.
    std::int64_t countFitting(const Reservation &reservation) const;

    std::size_t size() const { return m_entries.size(); }

private:
    // One host with a copy of its allocation, so a search touches only this array.
    struct Entry {
        double key = 0.0;                    // allocated CPU fraction + allocated memory fraction
        std::int64_t vcpus = 0;
        std::uint64_t memoryMiB = 0;
        std::size_t hostIndex = 0;
    };
    // The smallest allocations in one block of entries. If they do not fit, no entry of the
    // block fits, because the fit test is monotonic in the allocation.
    struct BlockFloor {
        std::int64_t vcpus = 0;
        std::uint64_t memoryMiB = 0;
    };

    Entry makeEntry(std::size_t hostIndex, std::int64_t vcpus, std::uint64_t memoryMiB) const;
    bool isBefore(const Entry &a, const Entry &b) const;
    bool fits(std::int64_t vcpus, std::uint64_t memoryMiB, const Reservation &reservation) const;
    double scoreOf(const Entry &entry, const Reservation &reservation) const;
    std::size_t endOfRun(std::size_t position) const;
    void refreshBlocks(std::size_t first, std::size_t last);

    double m_cpuLimit;
    double m_memoryLimit;
    bool m_mostAllocated;
    bool m_hasCapacity;
    std::vector<std::uint32_t> m_cpuModels;
    std::vector<Entry> m_entries;
    std::vector<BlockFloor> m_blocks;
    BlockFloor m_floor;                      // over the whole group
};

}  // namespace shoal::core
