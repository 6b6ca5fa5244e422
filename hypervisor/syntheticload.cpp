#include "hypervisor/syntheticload.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace shoal::hypervisor {

namespace {

constexpr double kBytesPerMiB = 1024.0 * 1024.0;

// FNV-1a: a fixed, portable hash, so a domain's pattern is the same in every run and build.
std::uint64_t hashName(std::string_view name)
{
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : name) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

// A sequence of numbers in [0, 1) derived from one hash (splitmix64 steps).
class HashSequence {
public:
    explicit HashSequence(std::uint64_t seed) : m_state(seed) {}

    double next()
    {
        m_state += 0x9e3779b97f4a7c15ull;
        std::uint64_t value = m_state;
        value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ull;
        value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
        value ^= value >> 31;
        return double(value >> 11) / double(1ull << 53);
    }

    double between(double low, double high) { return low + (high - low) * next(); }

private:
    std::uint64_t m_state;
};

// A rate of mean + amplitude * sin(2 pi t / period + phase), with amplitude <= mean so the rate
// is never negative.
struct Wave {
    double mean = 0.0;
    double amplitude = 0.0;
    double periodSeconds = 60.0;
    double phase = 0.0;

    static Wave random(HashSequence& sequence, double lowMean, double highMean)
    {
        Wave wave;
        wave.mean = sequence.between(lowMean, highMean);
        wave.amplitude = wave.mean * sequence.between(0.2, 0.9);
        wave.periodSeconds = sequence.between(40.0, 400.0);
        wave.phase = sequence.between(0.0, 2.0 * std::numbers::pi);
        return wave;
    }

    // The integral of the rate from 0 to `seconds`; it never decreases.
    double integral(double seconds) const
    {
        const double omega = 2.0 * std::numbers::pi / periodSeconds;
        return mean * seconds + amplitude / omega * (std::cos(phase) - std::cos(omega * seconds + phase));
    }

    double value(double seconds) const
    {
        return mean + amplitude * std::sin(2.0 * std::numbers::pi * seconds / periodSeconds + phase);
    }
};

std::uint64_t toCounter(double value)
{
    return value <= 0.0 ? 0 : static_cast<std::uint64_t>(value);
}

}  // namespace

bool isSimulatedHostUri(std::string_view uri)
{
    return uri.starts_with("test:///") && uri.ends_with(kSimulatedNodeFileSuffix);
}

void fillSyntheticCounters(std::string_view domainName, std::int64_t nowMs, int vcpus, std::uint64_t memoryKiB,
                           core::SandboxStats& stats)
{
    HashSequence sequence(hashName(domainName));
    // Most sandboxes idle along at a few percent; about one in five is busy.
    const bool busy = sequence.next() < 0.2;
    const Wave cpu = Wave::random(sequence, busy ? 0.35 : 0.02, busy ? 0.5 : 0.15);  // share of its vCPUs
    const Wave memory = Wave::random(sequence, 0.25, 0.45);                           // share of its memory in use
    const Wave blockRead = Wave::random(sequence, 0.05 * kBytesPerMiB, 2.0 * kBytesPerMiB);
    const Wave blockWrite = Wave::random(sequence, 0.02 * kBytesPerMiB, 1.0 * kBytesPerMiB);
    const Wave netRx = Wave::random(sequence, 0.01 * kBytesPerMiB, 0.5 * kBytesPerMiB);
    const Wave netTx = Wave::random(sequence, 0.005 * kBytesPerMiB, 0.2 * kBytesPerMiB);

    const double seconds = double(std::max<std::int64_t>(0, nowMs - kSyntheticEpochMs)) / 1000.0;
    const int cores = std::max(1, vcpus);
    stats.timestampMs = nowMs;
    stats.vcpus = cores;
    stats.cpuTimeNs = toCounter(cpu.integral(seconds) * cores * 1e9);
    stats.blockReadBytes = toCounter(blockRead.integral(seconds));
    stats.blockWriteBytes = toCounter(blockWrite.integral(seconds));
    stats.netRxBytes = toCounter(netRx.integral(seconds));
    stats.netTxBytes = toCounter(netTx.integral(seconds));

    // The balloon is all of the sandbox's memory, and the guest reports a varying part as in use.
    const double used = std::clamp(memory.value(seconds), 0.0, 1.0) * double(memoryKiB);
    stats.balloonCurrentKiB = memoryKiB;
    stats.balloonMaximumKiB = memoryKiB;
    stats.guestAvailableKiB = memoryKiB;
    stats.guestUnusedKiB = memoryKiB - std::min(memoryKiB, toCounter(used));
}

}  // namespace shoal::hypervisor
