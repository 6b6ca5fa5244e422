#include "core/placementhostgroup.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "core/assert.h"
#include "core/placementengine.h"

namespace shoal::core {

namespace {

constexpr std::size_t kBlockSize = 16;

// Scores are rounded, so a host later in the order may score a few units in the last place
// above an earlier one. A search stops only when the gap is wider than this relative margin,
// which is many orders of magnitude above the rounding error of the score's four operations.
constexpr double kRelativeMargin = 1e-9;

}  // namespace

void BestTwo::offer(const HostChoice &choice)
{
    if (!best || isBetter(choice, *best)) {
        second = best;
        best = choice;
    } else if (!second || isBetter(choice, *second)) {
        second = choice;
    }
}

PlacementHostGroup::PlacementHostGroup(double cpuLimit, double memoryLimit, ScoreStrategy score,
                                       std::vector<std::uint32_t> cpuModels)
    : m_cpuLimit(cpuLimit)
    , m_memoryLimit(memoryLimit)
    , m_mostAllocated(score == ScoreStrategy::MostAllocated)
    , m_hasCapacity(cpuLimit > 0.0 && memoryLimit > 0.0)
    , m_cpuModels(std::move(cpuModels))
{
}

PlacementHostGroup::Entry PlacementHostGroup::makeEntry(std::size_t hostIndex, std::int64_t vcpus,
                                                        std::uint64_t memoryMiB) const
{
    // Without capacity no host of the group ever fits, so the key is never read.
    const double key = m_hasCapacity ? static_cast<double>(vcpus) / m_cpuLimit
                                           + static_cast<double>(memoryMiB) / m_memoryLimit
                                     : 0.0;
    return Entry{key, vcpus, memoryMiB, hostIndex};
}

// Best first: the key in the score's direction, then the allocation so that hosts with equal
// allocations sit together, then the host index, which breaks ties between equal scores.
bool PlacementHostGroup::isBefore(const Entry &a, const Entry &b) const
{
    if (a.key != b.key)
        return m_mostAllocated ? a.key > b.key : a.key < b.key;
    if (a.vcpus != b.vcpus)
        return a.vcpus < b.vcpus;
    if (a.memoryMiB != b.memoryMiB)
        return a.memoryMiB < b.memoryMiB;
    return a.hostIndex < b.hostIndex;
}

void PlacementHostGroup::addHost(std::size_t hostIndex, std::int64_t allocatedVcpus,
                                 std::uint64_t allocatedMemoryMiB)
{
    m_entries.push_back(makeEntry(hostIndex, allocatedVcpus, allocatedMemoryMiB));
}

void PlacementHostGroup::finishBuilding()
{
    std::sort(m_entries.begin(), m_entries.end(),
              [this](const Entry &a, const Entry &b) { return isBefore(a, b); });
    m_blocks.assign((m_entries.size() + kBlockSize - 1) / kBlockSize, BlockFloor{});
    refreshBlocks(0, m_entries.size());
}

// Recomputes the floors of the blocks holding entries [first, last) and of the whole group.
void PlacementHostGroup::refreshBlocks(std::size_t first, std::size_t last)
{
    for (std::size_t block = first / kBlockSize; block * kBlockSize < last; ++block) {
        BlockFloor floor{std::numeric_limits<std::int64_t>::max(),
                         std::numeric_limits<std::uint64_t>::max()};
        const std::size_t end = std::min(m_entries.size(), (block + 1) * kBlockSize);
        for (std::size_t i = block * kBlockSize; i < end; ++i) {
            floor.vcpus = std::min(floor.vcpus, m_entries[i].vcpus);
            floor.memoryMiB = std::min(floor.memoryMiB, m_entries[i].memoryMiB);
        }
        m_blocks[block] = floor;
    }

    m_floor = {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max()};
    for (const BlockFloor &block : m_blocks) {
        m_floor.vcpus = std::min(m_floor.vcpus, block.vcpus);
        m_floor.memoryMiB = std::min(m_floor.memoryMiB, block.memoryMiB);
    }
}

void PlacementHostGroup::updateHost(std::size_t hostIndex, std::int64_t oldVcpus,
                                    std::uint64_t oldMemoryMiB, std::int64_t newVcpus,
                                    std::uint64_t newMemoryMiB)
{
    const auto before = [this](const Entry &a, const Entry &b) { return isBefore(a, b); };
    const Entry old = makeEntry(hostIndex, oldVcpus, oldMemoryMiB);
    const auto found = std::lower_bound(m_entries.begin(), m_entries.end(), old, before);
    SHOAL_ASSERT(found != m_entries.end() && found->hostIndex == hostIndex, return);

    const Entry moved = makeEntry(hostIndex, newVcpus, newMemoryMiB);
    const std::size_t from = static_cast<std::size_t>(found - m_entries.begin());
    std::size_t to = from;
    if (isBefore(moved, old)) {
        to = static_cast<std::size_t>(
            std::lower_bound(m_entries.begin(), found, moved, before) - m_entries.begin());
        std::move_backward(m_entries.begin() + static_cast<std::ptrdiff_t>(to), found, found + 1);
    } else {
        to = static_cast<std::size_t>(
                 std::lower_bound(found + 1, m_entries.end(), moved, before) - m_entries.begin())
             - 1;
        std::move(found + 1, m_entries.begin() + static_cast<std::ptrdiff_t>(to) + 1, found);
    }
    m_entries[to] = moved;
    refreshBlocks(std::min(from, to), std::max(from, to) + 1);
}

bool PlacementHostGroup::canRun(std::uint32_t cpuModel) const
{
    return std::binary_search(m_cpuModels.begin(), m_cpuModels.end(), cpuModel);
}

// The same test, in the same floating-point operations, as the exhaustive reference.
bool PlacementHostGroup::fits(std::int64_t vcpus, std::uint64_t memoryMiB,
                              const Reservation &reservation) const
{
    return m_hasCapacity && static_cast<double>(vcpus + reservation.vcpus) <= m_cpuLimit
           && static_cast<double>(memoryMiB + reservation.memoryMiB) <= m_memoryLimit;
}

// The same formula, in the same floating-point operations, as the exhaustive reference.
double PlacementHostGroup::scoreOf(const Entry &entry, const Reservation &reservation) const
{
    const double cpuFraction = static_cast<double>(entry.vcpus + reservation.vcpus) / m_cpuLimit;
    const double memoryFraction =
        static_cast<double>(entry.memoryMiB + reservation.memoryMiB) / m_memoryLimit;
    const double allocated = (cpuFraction + memoryFraction) / 2.0;
    return m_mostAllocated ? allocated : 1.0 - allocated;
}

// The first position after `position` whose host has another allocation.
std::size_t PlacementHostGroup::endOfRun(std::size_t position) const
{
    const Entry &run = m_entries[position];
    const auto end = std::partition_point(
        m_entries.begin() + static_cast<std::ptrdiff_t>(position) + 1, m_entries.end(),
        [&run](const Entry &entry) {
            return entry.vcpus == run.vcpus && entry.memoryMiB == run.memoryMiB;
        });
    return static_cast<std::size_t>(end - m_entries.begin());
}

void PlacementHostGroup::offerBest(const Reservation &reservation, BestTwo &best) const
{
    if (m_entries.empty() || !fits(m_floor.vcpus, m_floor.memoryMiB, reservation))
        return;

    std::size_t position = 0;
    while (position < m_entries.size()) {
        if (position % kBlockSize == 0) {
            const BlockFloor &block = m_blocks[position / kBlockSize];
            if (!fits(block.vcpus, block.memoryMiB, reservation)) {
                position += kBlockSize;
                continue;
            }
        }

        // Every later entry scores at most this one's score plus rounding, so once this one is
        // clearly below the second best the search is over.
        const Entry &entry = m_entries[position];
        const double score = scoreOf(entry, reservation);
        if (best.second
            && score < best.second->score - kRelativeMargin * (1.0 + std::fabs(score)))
            return;
        if (!fits(entry.vcpus, entry.memoryMiB, reservation)) {
            ++position;
            continue;
        }

        // Hosts with the same allocation have the same score and come in index order, so when
        // one of them loses to the second best, the rest of them lose too.
        const HostChoice choice{entry.hostIndex, score};
        if (best.second && !BestTwo::isBetter(choice, *best.second)) {
            position = endOfRun(position);
            continue;
        }
        best.offer(choice);
        ++position;
    }
}

std::int64_t PlacementHostGroup::countFitting(const Reservation &reservation) const
{
    if (m_entries.empty() || !fits(m_floor.vcpus, m_floor.memoryMiB, reservation))
        return 0;

    std::int64_t count = 0;
    for (std::size_t block = 0; block < m_blocks.size(); ++block) {
        if (!fits(m_blocks[block].vcpus, m_blocks[block].memoryMiB, reservation))
            continue;
        const std::size_t end = std::min(m_entries.size(), (block + 1) * kBlockSize);
        for (std::size_t i = block * kBlockSize; i < end; ++i)
            count += fits(m_entries[i].vcpus, m_entries[i].memoryMiB, reservation) ? 1 : 0;
    }
    return count;
}

}  // namespace shoal::core
