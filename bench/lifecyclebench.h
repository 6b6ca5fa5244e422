#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace shoal::bench {

struct LifecycleBenchOptions {
    std::string hostUri;               // a host with the QEMU driver
    std::string guestDirectory;        // vmlinuz, initramfs.img and base.raw of the built-in guest
    int runs = 5;                      // repetitions per figure, at least 1
};

// One lifecycle goal: `figure` at most `limit` times `reference`, or at most `limit` seconds
// when `reference` is empty.
struct LifecycleGoal {
    std::string figure;
    std::string reference;
    double limit = 0.0;
    double value = 0.0;                // the ratio, or the figure in seconds without a reference
    bool met = false;
};

struct LifecycleBenchResult {
    LifecycleBenchOptions options;
    std::string domainType;            // "qemu" (TCG) or "kvm"
    std::map<std::string, std::vector<double>> samples;   // seconds per run, by figure name
    std::vector<LifecycleGoal> goals;

    // Returns the median of a figure's samples, or 0 when it has none.
    double median(const std::string& figure) const;
};

// Measures libvirt's floor and Shoal's operations on one host, in one run, on the built-in guest
// under a template of its own, which it deletes afterwards with its warm state. Every domain and
// volume it makes is named "shoal-bench-<pid>-..." and removed at the end, also after a failure.
// `progress` receives a line per step. Takes one to three minutes under TCG.
core::Result<LifecycleBenchResult> runLifecycleBench(const LifecycleBenchOptions& options,
                                                     const std::function<void(const std::string&)>& progress = {});

// One JSON object: the median of every figure by name, then "samples", "goals" and the options.
nlohmann::json toJson(const LifecycleBenchResult& result);

}  // namespace shoal::bench
