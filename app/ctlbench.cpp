#include "app/ctlbench.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/composition.h"
#include "bench/lifecyclebench.h"
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

void printLifecycle(const bench::LifecycleBenchResult &result)
{
    std::cout << "Lifecycle benchmark on " << result.options.hostUri << " (" << result.domainType << "), median of "
              << result.options.runs << " runs, seconds:\n";
    for (const auto &[figure, values] : result.samples)
        std::cout << "  " << figure << ": " << result.median(figure) << '\n';
    std::cout << "Goals:\n";
    for (const bench::LifecycleGoal &goal : result.goals) {
        std::cout << "  " << (goal.met ? "met     " : "missed  ") << goal.figure;
        if (goal.reference.empty())
            std::cout << " = " << goal.value << " s (at most " << goal.limit << " s)\n";
        else
            std::cout << " / " << goal.reference << " = " << goal.value << " (at most " << goal.limit << ")\n";
    }
}

void addLifecycleBench(CLI::App &bench, const bool *json, int *exitCode)
{
    auto options = std::make_shared<bench::LifecycleBenchOptions>();
    CLI::App *lifecycle = bench.add_subcommand(
        "lifecycle", "Time libvirt's floor and Shoal's start, sleep, wake and clone on one host");
    lifecycle->add_option("--host", options->hostUri, "libvirt URI of a host with the QEMU driver")->required();
    lifecycle->add_option("--runs", options->runs, "Repetitions per figure, 1 to 50 (default 5)")->check(CLI::Range(1, 50));
    lifecycle->callback([options, json, exitCode] {
        if (options->guestDirectory.empty())
            options->guestDirectory = resolveGuestDirectory();
        core::Result<bench::LifecycleBenchResult> result =
            bench::runLifecycleBench(*options, [json](const std::string &line) {
                if (!*json)
                    std::cerr << line << '\n';
            });
        if (!result) {
            std::cerr << "Error: " << result.error().detail << '\n';
            *exitCode = 1;
            return;
        }
        if (*json)
            std::cout << bench::toJson(*result).dump(2) << '\n';
        else
            printLifecycle(*result);
        *exitCode = 0;
    });
}

struct UiBenchOptions {
    int hosts = 100;
    int sandboxes = 10000;
    int ticks = 60;
};

// Replaces this process with shoal_bench_ui from shoalctl's own folder, which needs the widget
// libraries that shoalctl does not link. Returns only when the program cannot be started.
int runUiBench(const UiBenchOptions &options)
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    const std::filesystem::path program = (error ? std::filesystem::path(".") : self.parent_path()) / "shoal_bench_ui";
    std::vector<std::string> arguments{program.string(), "--hosts", std::to_string(options.hosts), "--sandboxes",
                                       std::to_string(options.sandboxes), "--ticks", std::to_string(options.ticks)};
    std::vector<char *> argv;
    for (std::string &argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::cout.flush();
    ::execv(program.c_str(), argv.data());
    std::cerr << "Failed to start the UI benchmark \"" << program.string() << "\": " << std::strerror(errno)
              << ". Build it with the console (SHOAL_BUILD_UI=ON).\n";
    return 1;
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
    addLifecycleBench(*bench, json, exitCode);
    addBurstBenchCommand(*bench, json, exitCode);

    auto uiOptions = std::make_shared<UiBenchOptions>();
    CLI::App *ui = bench->add_subcommand(
        "ui", "Run the console offscreen on a simulated fleet and print its GUI costs as JSON");
    ui->add_option("--hosts", uiOptions->hosts, "Simulated hosts, 1 to 10000 (default 100)")->check(CLI::Range(1, 10000));
    ui->add_option("--sandboxes", uiOptions->sandboxes, "Simulated sandboxes, 0 to 1000000 (default 10000)")
        ->check(CLI::Range(0, 1000000));
    ui->add_option("--ticks", uiOptions->ticks, "Stats ticks to measure, about one a second, 1 to 3600 (default 60)")
        ->check(CLI::Range(1, 3600));
    // The benchmark always prints JSON, so the global --json flag changes nothing here.
    ui->callback([uiOptions, exitCode] { *exitCode = runUiBench(*uiOptions); });
}

}  // namespace shoal::app
