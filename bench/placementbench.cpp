#include "bench/placementbench.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <queue>
#include <string>

#include "bench/placementreference.h"
#include "core/placementqueue.h"

namespace shoal::bench {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kTick = 100ms;
constexpr std::uint64_t kReferenceTarget = 2500;

// Returns the peak resident set size of this process in MiB, or 0 where /proc is missing.
double peakRssMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    }
    return 0.0;
}

double seconds(Clock::duration duration)
{
    return std::chrono::duration<double>(duration).count();
}

struct Departure {
    std::chrono::milliseconds at;
    std::size_t hostIndex;
    std::size_t unitIndex;
    core::Reservation reservation;

    bool operator>(const Departure &other) const { return at > other.at; }
};

// Records each decision's time and checks every `stride`th one against the reference.
class DecisionChecker {
public:
    DecisionChecker(const core::PlacementQueue &queue, std::uint64_t stride,
                    PlacementBenchResult &result)
        : m_queue(queue), m_stride(stride), m_result(result)
    {
    }

    void record(const core::DecisionRecord &record)
    {
        m_nanoseconds.push_back(record.elapsed.count());
        ++m_result.decisions;
        if (!record.decision.placed()) {
            ++m_result.refusals;
            m_refusalNanoseconds.push_back(record.elapsed.count());
        }
        if (m_result.decisions % m_stride == 0)
            compareWithReference(record);
    }

    // Sorts the recorded times into the percentiles of the result.
    void summarise()
    {
        if (m_nanoseconds.empty())
            return;
        std::int64_t total = 0;
        for (std::int64_t nanoseconds : m_nanoseconds)
            total += nanoseconds;
        m_result.decisionSeconds = static_cast<double>(total) / 1e9;
        std::sort(m_nanoseconds.begin(), m_nanoseconds.end());
        const auto at = [](const std::vector<std::int64_t> &sorted, double fraction) {
            const auto index = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1));
            return static_cast<double>(sorted[index]) / 1000.0;
        };
        m_result.p50Microseconds = at(m_nanoseconds, 0.50);
        m_result.p99Microseconds = at(m_nanoseconds, 0.99);
        m_result.maxMicroseconds = at(m_nanoseconds, 1.0);
        if (!m_refusalNanoseconds.empty()) {
            std::sort(m_refusalNanoseconds.begin(), m_refusalNanoseconds.end());
            m_result.refusalP50Microseconds = at(m_refusalNanoseconds, 0.50);
            m_result.refusalP99Microseconds = at(m_refusalNanoseconds, 0.99);
        }
    }

    Clock::duration checkingTime() const { return m_checkingTime; }

private:
    // The engine has not committed this decision yet, so its snapshot is the state it decided on.
    void compareWithReference(const core::DecisionRecord &record)
    {
        const Clock::time_point start = Clock::now();
        const core::PlacementEngine &engine = m_queue.engine();
        core::PlacementReference reference(engine.policy(), engine.snapshot());
        const Clock::time_point decideStart = Clock::now();
        const core::PlacementDecision expected = reference.place(record.request, record.queue);
        const Clock::time_point decideEnd = Clock::now();

        ++m_result.referenceSample;
        m_result.referenceSeconds += seconds(decideEnd - decideStart);
        if (!(expected == record.decision))
            ++m_result.referenceMismatches;
        m_checkingTime += Clock::now() - start;
    }

    const core::PlacementQueue &m_queue;
    std::uint64_t m_stride;
    PlacementBenchResult &m_result;
    std::vector<std::int64_t> m_nanoseconds;
    std::vector<std::int64_t> m_refusalNanoseconds;
    Clock::duration m_checkingTime{0};
};

}  // namespace

double PlacementBenchResult::decisionsPerSecond() const
{
    return decisionSeconds > 0.0 ? static_cast<double>(decisions) / decisionSeconds : 0.0;
}

double PlacementBenchResult::referenceDecisionsPerSecond() const
{
    return referenceSeconds > 0.0 ? static_cast<double>(referenceSample) / referenceSeconds : 0.0;
}

PlacementBenchResult runPlacementBench(const PlacementTraceOptions &options)
{
    PlacementBenchResult result;
    result.options = options;
    SyntheticFleet fleet = makeSyntheticFleet(options);
    const PlacementTrace trace = makePlacementTrace(options, fleet);
    result.shape = trace.shape;

    core::PlacementQueue queue(core::PlacementEngine(fleet.policy, std::move(fleet.fleet)));
    fleet.fleet = {};
    result.fleetSummary = fleet;
    const std::uint64_t stride =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(options.requests) / kReferenceTarget);
    DecisionChecker checker(queue, stride, result);
    queue.setDecisionObserver([&checker](const core::DecisionRecord &record) { checker.record(record); });

    // The simulated clock starts at an arbitrary point, because only differences matter.
    const Clock::time_point origin{std::chrono::hours(1)};
    std::priority_queue<Departure, std::vector<Departure>, std::greater<>> departures;
    std::size_t nextArrival = 0;
    std::chrono::milliseconds now{0};
    const std::size_t overflowUnit = fleet.policy.units.size() - 1;
    const Clock::time_point replayStart = Clock::now();

    while (nextArrival < trace.requests.size() || queue.pendingCount() > 0) {
        now += kTick;
        while (!departures.empty() && departures.top().at <= now) {
            const Departure &gone = departures.top();
            queue.release(gone.hostIndex, gone.unitIndex, gone.reservation);
            departures.pop();
        }
        for (; nextArrival < trace.requests.size() && trace.requests[nextArrival].arrival <= now; ++nextArrival) {
            const TraceRequest &request = trace.requests[nextArrival];
            queue.enqueue(request.id, request.request, origin + request.arrival);
        }
        result.peakPending = std::max(result.peakPending, static_cast<std::int64_t>(queue.pendingCount()));

        ++result.scheduleCalls;
        const std::vector<core::Placement> placed = queue.schedule(origin + now);
        for (const core::Placement &placement : placed) {
            const TraceRequest &request = trace.requests[placement.id - 1];
            departures.push({now + request.lifetime, placement.decision.host->hostIndex,
                             placement.decision.unitIndex, placement.decision.reservation});
            ++result.placements;
            if (placement.decision.unitIndex == overflowUnit)
                ++result.overflowPlacements;
        }

        // Requests that fit no host at all would wait forever once nothing departs.
        const bool nothingCanChange = nextArrival == trace.requests.size() && departures.empty()
                                      && placed.empty() && now > trace.shape.lastArrival + 60s;
        if (nothingCanChange)
            break;
    }

    result.replaySeconds = seconds(Clock::now() - replayStart - checker.checkingTime());
    result.finalPending = static_cast<std::int64_t>(queue.pendingCount());
    result.reusedRefusals = queue.reusedRefusals();
    checker.summarise();
    result.peakRssMiB = peakRssMiB();
    return result;
}

nlohmann::json toJson(const PlacementBenchResult &result)
{
    const double referenceRate = result.referenceDecisionsPerSecond();
    const auto milliseconds = [](std::chrono::milliseconds value) { return value.count(); };
    return {
        {"decisions_per_s", result.decisionsPerSecond()},
        {"p50_us", result.p50Microseconds},
        {"p99_us", result.p99Microseconds},
        {"max_us", result.maxMicroseconds},
        {"refusal_p50_us", result.refusalP50Microseconds},
        {"refusal_p99_us", result.refusalP99Microseconds},
        {"peak_rss_mb", result.peakRssMiB},
        {"reference_match", result.referenceMatch()},
        {"reference_sample", result.referenceSample},
        {"reference_mismatches", result.referenceMismatches},
        {"reference_decisions_per_s", referenceRate},
        {"speedup_over_reference", referenceRate > 0.0 ? result.decisionsPerSecond() / referenceRate : 0.0},
        {"overflow_used", result.overflowUsed()},
        {"overflow_placements", result.overflowPlacements},
        {"peak_pending", result.peakPending},
        {"final_pending", result.finalPending},
        {"decisions", result.decisions},
        {"placements", result.placements},
        {"refusals", result.refusals},
        {"reused_refusals", result.reusedRefusals},
        {"schedule_calls", result.scheduleCalls},
        {"replay_wall_s", result.replaySeconds},
        {"trace", {
            {"hosts", result.options.hosts},
            {"requests", result.options.requests},
            {"seed", result.options.seed},
            {"baseline_hosts", result.fleetSummary.baselineHosts},
            {"burst_hosts", result.fleetSummary.burstHosts},
            {"serverless_hosts", result.fleetSummary.serverlessHosts},
            {"estimated_capacity", result.fleetSummary.estimatedCapacity},
            {"arrivals_per_s", result.shape.arrivalsPerSecond},
            {"burst_arrivals_per_s", 3.0 * result.shape.arrivalsPerSecond},
            {"burst_start_ms", milliseconds(result.shape.burstStart)},
            {"burst_end_ms", milliseconds(result.shape.burstEnd)},
            {"last_arrival_ms", milliseconds(result.shape.lastArrival)},
            {"mean_lifetime_ms", milliseconds(result.shape.meanLifetime)},
            {"tick_ms", kTick.count()},
        }},
    };
}

}  // namespace shoal::bench
