// `shoalctl bench burst`: how fast a burst is applied and reverted on a real host, and how much
// it shortens a cold boot held to a low baseline quota.

#include "app/ctlbenchburst.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

#include "app/composition.h"
#include "core/fleet.h"
#include "core/store.h"
#include "core/templatecatalog.h"
#include "hypervisor/libvirthypervisor.h"

namespace shoal::app {

namespace {

using Clock = std::chrono::steady_clock;

struct BurstBenchOptions {
    std::string hostUri;
    int sandboxes = 20;          // samples of apply_ms and revert_lag_ms
    int readyRuns = 5;           // cold boots per side of ready_speedup
    double baselineCpuPercent = 25.0;
    double burstFactor = 4.0;
};

// The burst window of the apply and revert samples: short, so twenty samples take under a minute.
constexpr int kSampleWindowSeconds = 2;
// The window of the ready_speedup runs: longer than a cold boot at the burst quota.
constexpr int kReadyWindowSeconds = 60;
constexpr std::chrono::seconds kReadyTimeout{300};

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

std::int64_t nowUnixMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Records when the fleet publishes each sandbox's reverted burst, against its deadline.
class RevertRecorder : public core::FleetListener {
public:
    void sandboxChanged(const core::SandboxInfo& sandbox) override
    {
        if (sandbox.burst.windowEndMs == 0 || sandbox.burst.active)
            return;
        std::lock_guard lock(m_mutex);
        m_lateMs.try_emplace(sandbox.metadata.id, static_cast<double>(nowUnixMs() - sandbox.burst.windowEndMs));
        m_changed.notify_all();
    }

    // Waits for the revert of `id` and returns its lateness, or nothing after `limit`.
    std::optional<double> waitFor(const std::string& id, std::chrono::seconds limit)
    {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, limit, [&] { return m_lateMs.contains(id); }))
            return std::nullopt;
        return m_lateMs[id];
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, double> m_lateMs;
};

struct BurstBenchResult {
    std::vector<double> applyMs;
    std::vector<double> revertLagMs;
    std::vector<double> readyBaselineSeconds;
    std::vector<double> readyBurstSeconds;
    std::vector<std::string> errors;
    bool appliedOnHost = false;
};

class BurstBench {
public:
    BurstBench(const BurstBenchOptions& options, std::string guestDirectory, std::string databasePath)
        : m_options(options)
        , m_guestDirectory(std::move(guestDirectory))
        , m_databasePath(std::move(databasePath))
    {
    }

    BurstBenchResult run()
    {
        if (!open())
            return std::move(m_result);
        measureApplyAndRevert();
        measureReadySpeedup();
        m_fleet.reset();
        return std::move(m_result);
    }

private:
    bool open()
    {
        core::Result<std::unique_ptr<core::Store>> store = core::Store::open(m_databasePath);
        if (!store)
            return fail(store.error().detail);
        m_store = std::move(*store);
        core::FleetOptions options;
        options.guestDirectory = m_guestDirectory;
        options.statsInterval = std::chrono::milliseconds(0);
        options.readyPollInterval = std::chrono::milliseconds(50);
        m_fleet = std::make_unique<core::Fleet>(m_hypervisor, *m_store, options);
        m_fleet->setListener(&m_recorder);
        if (core::Status loaded = m_fleet->load(); !loaded)
            return fail(loaded.error().detail);
        core::HostSpec host;
        host.uri = m_options.hostUri;
        core::Result<core::HostStatus> added = m_fleet->addHost(host, core::Fleet::Persistence::InMemory);
        if (!added)
            return fail(added.error().detail);
        if (added->connection != core::ConnectionState::Connected)
            return fail(fmt::format("Host \"{}\" did not connect: {}", host.uri, added->lastError));
        m_result.appliedOnHost = added->capabilities.canSetSchedulerQuota;

        core::HostSpec direct;
        direct.uri = m_options.hostUri;
        core::Result<std::unique_ptr<core::HostConnection>> connection = m_hypervisor.open(direct);
        if (!connection)
            return fail(connection.error().detail);
        m_connection = std::move(*connection);
        if (core::Status connected = m_connection->connect(); !connected)
            return fail(connected.error().detail);
        if (core::Result<core::HostCapabilities> probed = m_connection->probe(); !probed)
            return fail(probed.error().detail);
        return true;
    }

    bool fail(std::string error)
    {
        m_result.errors.push_back(std::move(error));
        return false;
    }

    std::string newName(const char* purpose)
    {
        return fmt::format("bench-burst-{}-{}-{}", purpose, getpid(), m_counter++);
    }

    std::optional<core::SandboxInfo> create(const char* purpose, bool waitReady)
    {
        core::CreateRequest request;
        request.templateName = "tiny";
        request.hostUri = m_options.hostUri;
        request.displayName = newName(purpose);
        request.startMode = core::StartMode::Cold;
        request.waitReady = waitReady;
        request.readyTimeout = kReadyTimeout;
        core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);
        if (!created || created->empty()) {
            fail(created ? "no sandbox was created" : created.error().detail);
            return std::nullopt;
        }
        return created->front();
    }

    // Takes one sample of each figure per sandbox. The fleet creates the sandbox, applies its burst
    // and reverts it at the deadline, which gives revert_lag_ms. Then the bench applies the same
    // burst through its own connection and times it up to the host's read-back (apply_ms).
    void measureApplyAndRevert()
    {
        const core::BurstPlan plan{m_options.baselineCpuPercent, m_options.burstFactor, kSampleWindowSeconds, 0};
        core::Result<core::Template> sandboxTemplate = m_fleet->setBurstPlan("tiny", plan);
        if (!sandboxTemplate) {
            fail(sandboxTemplate.error().detail);
            return;
        }
        for (int i = 0; i < m_options.sandboxes; ++i) {
            std::optional<core::SandboxInfo> sandbox = create("apply", false);
            if (!sandbox)
                return;
            if (std::optional<double> lateMs = m_recorder.waitFor(sandbox->metadata.id, std::chrono::seconds(60)))
                m_result.revertLagMs.push_back(*lateMs);
            else
                fail(fmt::format("The burst of sandbox \"{}\" was not reverted within 60 s", sandbox->metadata.displayName));

            const auto started = Clock::now();
            core::Result<core::AppliedQuota> applied =
                m_connection->setSandboxQuota(sandbox->domainName, core::burstQuota(*sandboxTemplate));
            const double elapsedMs = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            if (applied && applied->cpuPercent == core::burstQuota(*sandboxTemplate).cpuPercent)
                m_result.applyMs.push_back(elapsedMs);
            else if (!applied)
                fail(applied.error().detail);
            else
                fail(fmt::format("The host read back {} % instead of {} %", applied->cpuPercent,
                                 core::burstQuota(*sandboxTemplate).cpuPercent));
            m_fleet->destroySandbox(sandbox->metadata.id);
        }
    }

    // Cold boots to the ready line at the baseline quota without a burst, then with one.
    void measureReadySpeedup()
    {
        for (bool withBurst : {false, true}) {
            const core::BurstPlan plan{m_options.baselineCpuPercent, m_options.burstFactor,
                                       withBurst ? kReadyWindowSeconds : 0, 0};
            if (core::Result<core::Template> set = m_fleet->setBurstPlan("tiny", plan); !set) {
                fail(set.error().detail);
                return;
            }
            for (int i = 0; i < m_options.readyRuns; ++i) {
                const auto started = Clock::now();
                std::optional<core::SandboxInfo> sandbox = create(withBurst ? "burst" : "baseline", true);
                if (!sandbox)
                    return;
                const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
                (withBurst ? m_result.readyBurstSeconds : m_result.readyBaselineSeconds).push_back(seconds);
                m_fleet->destroySandbox(sandbox->metadata.id);
            }
        }
    }

    BurstBenchOptions m_options;
    std::string m_guestDirectory;
    std::string m_databasePath;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    RevertRecorder m_recorder;
    std::unique_ptr<core::Fleet> m_fleet;
    std::unique_ptr<core::HostConnection> m_connection;
    BurstBenchResult m_result;
    int m_counter = 0;
};

nlohmann::json toJson(const BurstBenchOptions& options, const BurstBenchResult& result)
{
    const double baseline = median(result.readyBaselineSeconds);
    const double burst = median(result.readyBurstSeconds);
    return {
        {"host", options.hostUri},
        {"applied_on_host", result.appliedOnHost},
        {"apply_ms", median(result.applyMs)},
        {"apply_samples", result.applyMs.size()},
        {"revert_lag_ms", median(result.revertLagMs)},
        {"revert_samples", result.revertLagMs.size()},
        {"ready_baseline_s", baseline},
        {"ready_burst_s", burst},
        {"ready_speedup", burst > 0.0 ? baseline / burst : 0.0},
        {"ready_runs", options.readyRuns},
        {"baseline_cpu_percent", options.baselineCpuPercent},
        {"burst_factor", options.burstFactor},
        {"errors", result.errors},
    };
}

}  // namespace

void addBurstBenchCommand(CLI::App& bench, const bool* json, int* exitCode)
{
    auto options = std::make_shared<BurstBenchOptions>();
    CLI::App* burst = bench.add_subcommand(
        "burst", "Measure burst apply time, revert lateness and the ready-time speedup on a real host");
    burst->add_option("--host", options->hostUri, "libvirt URI of the host, e.g. qemu:///system")->required();
    burst->add_option("--sandboxes", options->sandboxes, "Samples of apply and revert, 1 to 100 (default 20)")
        ->check(CLI::Range(1, 100));
    burst->add_option("--ready-runs", options->readyRuns, "Cold boots with and without burst, 1 to 20 (default 5)")
        ->check(CLI::Range(1, 20));
    burst->add_option("--baseline-cpu", options->baselineCpuPercent, "Baseline CPU quota in percent (default 25)");
    burst->add_option("--burst-factor", options->burstFactor, "Burst factor (default 4)");
    burst->callback([options, json, exitCode] {
        // A private store, so the bench neither reads nor changes the user's templates.
        const std::filesystem::path directory =
            std::filesystem::temp_directory_path() / fmt::format("shoal-bench-burst-{}", getpid());
        std::filesystem::create_directories(directory);
        BurstBenchResult result =
            BurstBench(*options, resolveGuestDirectory(), (directory / "shoal.db").string()).run();
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);

        const nlohmann::json document = toJson(*options, result);
        if (*json) {
            std::cout << document.dump(2) << '\n';
        } else {
            std::cout << fmt::format("apply_ms {:.1f} (median of {}), revert_lag_ms {:.1f} (median of {}), "
                                     "ready_speedup {:.2f} ({:.2f} s at baseline, {:.2f} s with burst)\n",
                                     document["apply_ms"].get<double>(), result.applyMs.size(),
                                     document["revert_lag_ms"].get<double>(), result.revertLagMs.size(),
                                     document["ready_speedup"].get<double>(), document["ready_baseline_s"].get<double>(),
                                     document["ready_burst_s"].get<double>());
            for (const std::string& error : result.errors)
                std::cerr << error << '\n';
        }
        *exitCode = result.errors.empty() ? 0 : 1;
    });
}

}  // namespace shoal::app
