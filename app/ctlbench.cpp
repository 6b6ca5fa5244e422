#include "app/ctlbench.h"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/ctlbenchburst.h"
#include "bench/placementbench.h"

namespace shoal::app {

namespace {

void printSummary(const bench::PlacementBenchResult &result)
{
    std::cout << "Placement benchmark: " << result.options.hosts << " hosts, "
              << result.options.requests << " requests, seed " << result.options.seed << '\n'
              << "  decisions:  " << result.decisions << " (" << result.refusals << " refused, "
              << result.reusedRefusals << " refusals reused)\n"
              << "  speed:      " << static_cast<long long>(result.decisionsPerSecond())
              << " decisions/s, p50 " << result.p50Microseconds << " us, p99 "
              << result.p99Microseconds << " us\n"
              << "  reference:  " << static_cast<long long>(result.referenceDecisionsPerSecond())
              << " decisions/s on " << result.referenceSample << " sampled decisions, "
              << (result.referenceMatch() ? "all equal" : "MISMATCH") << '\n'
              << "  queue:      peak " << result.peakPending << " pending, "
              << result.overflowPlacements << " placed by the overflow unit\n"
              << "  peak RSS:   " << result.peakRssMiB << " MiB\n";
}

}  // namespace

void addBenchCommands(CLI::App &parent, const bool *json, int *exitCode)
{
    CLI::App *bench = parent.add_subcommand("bench", "Run benchmarks")->require_subcommand(1);
    auto options = std::make_shared<bench::PlacementTraceOptions>();
    CLI::App *placement = bench->add_subcommand(
        "placement", "Replay a synthetic placement trace and compare samples with the exhaustive reference");
    placement->add_option("--hosts", options->hosts, "Hosts in the synthetic fleet, 3 to 1000000 (default 5000)")
        ->check(CLI::Range(3, 1000000));
    placement->add_option("--requests", options->requests, "Sandbox requests in the trace, 1 to 100000000 (default 100000)")
        ->check(CLI::Range(1, 100000000));
    placement->add_option("--seed", options->seed, "Seed of the fleet and trace generators (default 1)");
    placement->callback([options, json, exitCode] {
        const bench::PlacementBenchResult result = bench::runPlacementBench(*options);
        if (*json)
            std::cout << bench::toJson(result).dump(2) << '\n';
        else
            printSummary(result);
        *exitCode = result.referenceMatch() ? 0 : 1;
    });
    addBurstBenchCommand(*bench, json, exitCode);
}

}  // namespace shoal::app
