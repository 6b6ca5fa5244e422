#include "core/placementqueue.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/assert.h"

namespace shoal::core {

namespace {

// Eligibility is kept as a bit mask, so a policy with more units than bits never reuses refusals.
constexpr std::size_t kMaxMaskedUnits = 64;

}  // namespace

PlacementQueue::PlacementQueue(PlacementEngine engine)
    : m_engine(std::move(engine))
{
}

std::chrono::milliseconds PlacementQueue::waitSince(TimePoint arrival, TimePoint now)
{
    if (now <= arrival)
        return std::chrono::milliseconds{0};
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - arrival);
}

void PlacementQueue::enqueue(std::uint64_t id, SandboxRequest request, TimePoint arrival)
{
    SHOAL_ASSERT(!m_positions.contains(id), return);
    m_highestId = std::max(m_highestId, id);

    // Requests nearly always arrive in order, so this is usually an append. An earlier arrival
    // goes after every waiting request that arrived no later than it.
    const auto position = std::upper_bound(
        m_pending.begin(), m_pending.end(), arrival,
        [](TimePoint time, const Waiting &waiting) { return time < waiting.arrival; });
    const bool append = position == m_pending.end();
    m_pending.insert(position, Waiting{id, std::move(request), arrival, std::nullopt});
    if (append)
        m_positions[id] = m_pending.size() - 1;
    else
        reindex();
}

void PlacementQueue::reindex()
{
    m_positions.clear();
    for (std::size_t i = 0; i < m_pending.size(); ++i)
        m_positions[m_pending[i].id] = i;
}

// Returns bit u set for each eligible unit u, or nothing when the policy has too many units.
std::optional<std::uint64_t> PlacementQueue::eligibleUnits(const QueueState &queue) const
{
    const std::vector<PlacementUnit> &units = m_engine.policy().units;
    if (units.size() > kMaxMaskedUnits)
        return std::nullopt;
    std::uint64_t mask = 0;
    for (std::size_t u = 0; u < units.size(); ++u) {
        if (isUnitEligible(units[u], queue))
            mask |= std::uint64_t{1} << u;
    }
    return mask;
}

PlacementDecision PlacementQueue::decide(const Waiting &waiting, const QueueState &queue)
{
    ++m_engineDecisions;
    if (!m_observer)
        return m_engine.place(waiting.request, queue);

    const auto start = std::chrono::steady_clock::now();
    PlacementDecision decision = m_engine.place(waiting.request, queue);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    m_observer(DecisionRecord{waiting.id, waiting.request, queue, decision,
                              std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed)});
    return decision;
}

std::vector<Placement> PlacementQueue::schedule(TimePoint now)
{
    std::vector<Placement> placed;
    std::vector<bool> removed(m_pending.size(), false);
    std::vector<Refusal> refusals;
    std::uint64_t refusalsVersion = m_engine.version();
    std::size_t stillWaiting = 0;            // requests before this one that stay in the queue
    std::size_t oldestWaiting = 0;           // position of the first of them

    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        Waiting &waiting = m_pending[i];
        const TimePoint oldestArrival = stillWaiting > 0 ? m_pending[oldestWaiting].arrival
                                                         : waiting.arrival;
        const QueueState queue{static_cast<std::int64_t>(stillWaiting + m_pending.size() - i),
                               waitSince(oldestArrival, now)};
        const std::optional<std::uint64_t> mask = eligibleUnits(queue);
        if (m_engine.version() != refusalsVersion) {
            refusals.clear();
            refusalsVersion = m_engine.version();
        }

        const auto same = std::find_if(refusals.begin(), refusals.end(), [&](const Refusal &r) {
            return mask && r.eligibleUnits == *mask && m_pending[r.position].request == waiting.request;
        });
        if (same != refusals.end()) {
            waiting.lastDecision = m_pending[same->position].lastDecision;
            ++m_reusedRefusals;
        } else {
            PlacementDecision decision = decide(waiting, queue);
            if (decision.placed()) {
                m_engine.commit(decision);
                placed.push_back(Placement{waiting.id, std::move(decision)});
                removed[i] = true;
                continue;
            }
            waiting.lastDecision = std::move(decision);
            if (mask)
                refusals.push_back(Refusal{i, *mask});
        }
        if (stillWaiting == 0)
            oldestWaiting = i;
        ++stillWaiting;
    }

    if (!placed.empty()) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_pending.size(); ++i) {
            if (removed[i])
                continue;
            if (kept != i)
                m_pending[kept] = std::move(m_pending[i]);
            ++kept;
        }
        m_pending.resize(kept);
        reindex();
    }
    return placed;
}

bool PlacementQueue::cancel(std::uint64_t id)
{
    const auto found = m_positions.find(id);
    if (found == m_positions.end())
        return false;
    m_pending.erase(m_pending.begin() + static_cast<std::ptrdiff_t>(found->second));
    reindex();
    return true;
}

void PlacementQueue::release(std::size_t hostIndex, std::size_t unitIndex,
                             const Reservation &reservation)
{
    m_engine.release(hostIndex, unitIndex, reservation);
}

QueueState PlacementQueue::state(TimePoint now) const
{
    if (m_pending.empty())
        return QueueState{};
    return QueueState{static_cast<std::int64_t>(m_pending.size()),
                      waitSince(m_pending.front().arrival, now)};
}

const PlacementDecision *PlacementQueue::lastDecision(std::uint64_t id) const
{
    const auto found = m_positions.find(id);
    if (found == m_positions.end() || !m_pending[found->second].lastDecision)
        return nullptr;
    return &*m_pending[found->second].lastDecision;
}

WhatIfResult whatIf(const PlacementQueue &queue, const SandboxRequest &request, int count,
                    std::chrono::steady_clock::time_point now)
{
    PlacementQueue copy = queue;
    copy.setDecisionObserver({});
    const std::uint64_t firstId = queue.highestId() + 1;
    count = std::max(count, 0);
    for (int i = 0; i < count; ++i)
        copy.enqueue(firstId + static_cast<std::uint64_t>(i), request, now);

    const Policy &policy = queue.engine().policy();
    WhatIfResult result;
    for (const PlacementUnit &unit : policy.units)
        result.units.push_back({unit.name, 0, unit.when.has_value()});

    std::map<std::string, std::int64_t> zones;
    for (const Placement &placement : copy.schedule(now)) {
        if (placement.id < firstId) {
            ++result.queuedPlaced;
            continue;
        }
        ++result.placed;
        ++result.units[placement.decision.unitIndex].placed;
        result.overflowUsed = result.overflowUsed || result.units[placement.decision.unitIndex].overflow;
        const std::size_t host = placement.decision.host->hostIndex;
        ++zones[copy.engine().hosts()[host].labels.zone];
    }
    result.pending = count - result.placed;
    for (const auto &[zone, placed] : zones)
        result.zones.push_back({zone, placed});
    return result;
}

std::vector<std::uint64_t> chooseScaleIn(std::vector<PlacedSandbox> sandboxes, std::size_t count)
{
    std::sort(sandboxes.begin(), sandboxes.end(), [](const PlacedSandbox &a, const PlacedSandbox &b) {
        if (a.unitIndex != b.unitIndex)
            return a.unitIndex > b.unitIndex;
        if (a.placedAt != b.placedAt)
            return a.placedAt > b.placedAt;
        return a.id > b.id;
    });
    std::vector<std::uint64_t> chosen;
    for (std::size_t i = 0; i < sandboxes.size() && i < count; ++i)
        chosen.push_back(sandboxes[i].id);
    return chosen;
}

}  // namespace shoal::core
