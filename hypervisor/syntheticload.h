#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/stats.h"

namespace shoal::hypervisor {

// The name of a simulated host's node file ends with this, so that the host connection can tell
// a simulated fleet's test-driver host from any other test-driver host.
inline constexpr std::string_view kSimulatedNodeFileSuffix = ".simulated.xml";

// Returns true for the test-driver URI of a node file written by createSimulatedFleet.
bool isSimulatedHostUri(std::string_view uri);

// Fills the counters of one active sandbox on a simulated host with synthetic load, because the
// libvirt test driver reports no CPU, memory, disk or network activity of its own.
//
// Every rate is a constant plus a sine wave whose mean, amplitude, period and phase come from a
// hash of the domain name, so each sandbox has its own steady pattern. The counters are the
// closed-form integrals of those rates from `epochMs`, so they only grow, need no state between
// calls and give the same values for the same name and time. `vcpus` and `memoryKiB` are the
// sandbox's size; CPU time stays below `vcpus` cores and guest use below `memoryKiB`.
void fillSyntheticCounters(std::string_view domainName, std::int64_t nowMs, int vcpus, std::uint64_t memoryKiB,
                           core::SandboxStats& stats);

// The size of one active simulated sandbox as virDomainGetInfo reported it, and the stats poll
// that last saw it active.
struct SyntheticShape {
    int vcpus = 0;
    std::uint64_t memoryKiB = 0;
    std::uint64_t lastSeenPoll = 0;
};

// Sizes of a simulated host's active sandboxes by domain name, kept from one stats poll to the
// next, so a poll makes no per-domain call for a sandbox that stayed active. libvirt keys its
// domain list by the UUID as a string (src/conf/virdomainobjlist.c), so each per-domain call on a
// test-driver host formats the UUID with snprintf. In a perf profile of 100 simulated hosts with
// 10,000 sandboxes, these calls were about 7 % of all samples.
//
// It also keeps the state of each of the host's Shoal domains from the last bulk stats call, so
// the polls in between can skip that call. On a test-driver host in this process, a state changes
// only through a libvirt call, and each such change sends a lifecycle event. A poll makes the bulk
// call again when an event arrived since the last one, after kPollsPerStatesRead polls, and after
// a reconnect, because the connection clears the cache.
struct SyntheticShapeCache {
    static constexpr int kPollsPerStatesRead = 10;

    std::unordered_map<std::string, SyntheticShape> shapes;
    std::uint64_t poll = 0;

    // Set by the connection before each poll: the lifecycle events its host has sent so far.
    std::uint64_t lifecycleEvents = 0;
    // From the last bulk call: the Shoal domains with their states, and `lifecycleEvents` before it.
    std::vector<std::pair<std::string, core::SandboxState>> states;
    std::optional<std::uint64_t> statesLifecycleEvents;
    int pollsSinceStatesRead = 0;
};

// Start of the synthetic counters: 2026-01-01T00:00:00Z, Unix time in milliseconds.
inline constexpr std::int64_t kSyntheticEpochMs = 1767225600000;

}  // namespace shoal::hypervisor
