#include "bench/lifecyclebench.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "core/hypervisor.h"
#include "core/templatecatalog.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/libvirthypervisor.h"
#include "hypervisor/lifecyclefloor.h"

namespace shoal::bench {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The phases that a clone cannot do without: libvirt's snapshot, the header rewrite, the
// define and the restore. Their sum is the clone floor.
bool isClonePhase(const std::string& phase)
{
    return phase == "snapshot" || phase == "rewrite-header" || phase == "define" || phase == "restore";
}

// One benchmark run on one host: its connection, the domains it made, and the figures.
class LifecycleRun {
public:
    LifecycleRun(const LifecycleBenchOptions& options, const std::function<void(const std::string&)>& progress)
        : m_options(options), m_progress(progress), m_prefix("shoal-bench-" + std::to_string(getpid()) + "-")
    {
        m_result.options = options;
    }

    ~LifecycleRun() { cleanUp(); }

    core::Result<LifecycleBenchResult> run();

private:
    core::Status open();
    core::SandboxSpec spec(const std::string& purpose, core::StartMode mode);
    core::Status waitReady(const std::string& domainName);
    core::Status measureColdBoots();
    core::Status prepareWarmState();
    core::Status measureFloor();
    core::Status measureSleepWake();
    core::Status measureSnapshotStart(bool timed);
    core::Status measureRestoreFigures();
    core::Status measurePoolClaims();
    core::Status measureClones();
    core::Status destroy(const std::string& domainName);
    void evaluateGoals();
    void cleanUp();
    void say(const std::string& line) const
    {
        if (m_progress)
            m_progress(line);
    }

    LifecycleBenchOptions m_options;
    std::function<void(const std::string&)> m_progress;
    std::string m_prefix;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::HostConnection> m_connection;
    core::HostCapabilities m_capabilities;
    core::Template m_template;
    std::string m_source;                      // the cold-booted sandbox that sleeps and is cloned
    std::vector<std::string> m_domains;        // created and not destroyed yet
    int m_counter = 0;
    std::mutex m_phaseMutex;
    std::vector<core::PhaseEvent> m_phases;
    LifecycleBenchResult m_result;
};

core::Status LifecycleRun::open()
{
    core::HostSpec host;
    host.uri = m_options.hostUri;
    core::Result<std::unique_ptr<core::HostConnection>> opened = m_hypervisor.open(host);
    if (!opened)
        return tl::unexpected(opened.error());
    m_connection = std::move(*opened);
    if (auto connected = m_connection->connect(); !connected)
        return connected;
    core::Result<core::HostCapabilities> probed = m_connection->probe();
    if (!probed)
        return tl::unexpected(probed.error());
    m_capabilities = *probed;
    if (!m_capabilities.canSleep || !m_capabilities.canSnapshotStart || !m_capabilities.canClone) {
        return core::fail(core::ErrorCode::Unsupported, "Host \"" + m_options.hostUri +
                                                            "\" cannot sleep, start from a snapshot or clone; the lifecycle benchmark needs the QEMU driver");
    }
    m_result.domainType = std::string(core::toString(m_capabilities.domainType));
    m_connection->setPhaseObserver([this](const core::PhaseEvent& event) {
        std::lock_guard lock(m_phaseMutex);
        m_phases.push_back(event);
    });

    m_template = core::TemplateCatalog::builtInTiny(m_options.guestDirectory);
    if (auto files = core::TemplateCatalog::checkFiles(m_template); !files)
        return files;
    m_template.name = "bench-" + std::to_string(getpid());
    m_template.builtIn = false;
    return m_connection->prepareTemplate(m_template);
}

core::SandboxSpec LifecycleRun::spec(const std::string& purpose, core::StartMode mode)
{
    core::SandboxSpec result;
    result.domainName = m_prefix + purpose + "-" + std::to_string(++m_counter);
    result.metadata.id = result.domainName.substr(6);
    result.metadata.displayName = result.domainName;
    result.metadata.templateName = m_template.name;
    result.metadata.createdAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    result.sandboxTemplate = m_template;
    result.domainType = m_capabilities.domainType;
    result.startMode = mode;
    return result;
}

core::Status LifecycleRun::waitReady(const std::string& domainName)
{
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < deadline) {
        core::Result<std::string> console = m_connection->readConsole(domainName, 64 * 1024);
        if (console && console->find(m_template.readyMarker) != std::string::npos)
            return {};
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return core::fail(core::ErrorCode::Timeout, "Sandbox \"" + domainName + "\" did not become ready within 120 s");
}

core::Status LifecycleRun::destroy(const std::string& domainName)
{
    m_domains.erase(std::remove(m_domains.begin(), m_domains.end(), domainName), m_domains.end());
    return m_connection->destroySandbox(domainName);
}

core::Status LifecycleRun::measureColdBoots()
{
    for (int run = 0; run < m_options.runs; ++run) {
        const core::SandboxSpec cold = spec("cold", core::StartMode::Cold);
        const Clock::time_point start = Clock::now();
        core::Result<core::SandboxInfo> created = m_connection->createSandbox(cold);
        if (!created)
            return tl::unexpected(created.error());
        m_domains.push_back(cold.domainName);
        if (auto ready = waitReady(cold.domainName); !ready)
            return ready;
        m_result.samples["cold_boot_s"].push_back(secondsSince(start));
        say("cold boot " + std::to_string(run + 1) + " ready");
        // The first one stays and becomes the source of sleep, wake and clone.
        if (m_source.empty()) {
            m_source = cold.domainName;
        } else if (auto destroyed = destroy(cold.domainName); !destroyed) {
            return destroyed;
        }
    }
    return {};
}

core::Status LifecycleRun::measureFloor()
{
    core::Result<hypervisor::SaveRestoreFloor> floor = hypervisor::measureSaveRestoreFloor(m_options.hostUri, m_source);
    if (!floor)
        return tl::unexpected(floor.error());
    m_result.samples["floor_save_s"].push_back(floor->saveSeconds);
    m_result.samples["floor_restore_s"].push_back(floor->restoreSeconds);
    return {};
}

core::Status LifecycleRun::measureSleepWake()
{
    Clock::time_point start = Clock::now();
    if (core::Result<core::SandboxInfo> asleep = m_connection->sleepSandbox(m_source); !asleep)
        return tl::unexpected(asleep.error());
    m_result.samples["sleep_s"].push_back(secondsSince(start));
    start = Clock::now();
    if (core::Result<core::SandboxInfo> awake = m_connection->wakeSandbox(m_source, core::WakeMode::Restore); !awake)
        return tl::unexpected(awake.error());
    m_result.samples["wake_s"].push_back(secondsSince(start));
    // As in the fleet, the image goes once the sandbox runs, outside the timed wake.
    return m_connection->deleteStateImage(m_source);
}

core::Status LifecycleRun::prepareWarmState()
{
    const Clock::time_point prepareStart = Clock::now();
    core::Result<core::WarmState> warm = m_connection->prepareWarmState(m_template, m_capabilities.domainType, 120);
    if (!warm)
        return tl::unexpected(warm.error());
    m_result.samples["warm_state_prepare_s"].push_back(secondsSince(prepareStart));
    say("warm state prepared");

    // The first start from a warm state also makes the copy that later starts reuse, so it runs
    // once before the timed ones.
    return measureSnapshotStart(false);
}

core::Status LifecycleRun::measureSnapshotStart(bool timed)
{
    const core::SandboxSpec snapshot = spec("snap", core::StartMode::Snapshot);
    const Clock::time_point start = Clock::now();
    core::Result<core::SandboxInfo> created = m_connection->createSandbox(snapshot);
    const double seconds = secondsSince(start);
    if (!created)
        return tl::unexpected(created.error());
    m_domains.push_back(snapshot.domainName);
    m_result.samples[timed ? "snapshot_start_s" : "snapshot_start_first_s"].push_back(seconds);
    return destroy(snapshot.domainName);
}

core::Status LifecycleRun::measureRestoreFigures()
{
    // libvirt's floor and the operations compared with it take turns, so a change in the
    // machine's load during the run moves both sides of each ratio alike.
    for (int run = 0; run < m_options.runs; ++run) {
        if (core::Status done = measureFloor(); !done)
            return done;
        if (core::Status done = measureSleepWake(); !done)
            return done;
        if (core::Status done = measureSnapshotStart(true); !done)
            return done;
        say("floor, sleep, wake and snapshot start measured, run " + std::to_string(run + 1));
    }
    return {};
}

core::Status LifecycleRun::measurePoolClaims()
{
    for (int run = 0; run < m_options.runs; ++run) {
        const core::SandboxSpec pooled = spec("pool", core::StartMode::PoolPaused);
        core::Result<core::SandboxInfo> created = m_connection->createSandbox(pooled);
        if (!created)
            return tl::unexpected(created.error());
        m_domains.push_back(pooled.domainName);
        const Clock::time_point start = Clock::now();
        if (auto resumed = m_connection->resumeSandbox(pooled.domainName); !resumed)
            return resumed;
        m_result.samples["pool_claim_s"].push_back(secondsSince(start));
        if (auto destroyed = destroy(pooled.domainName); !destroyed)
            return destroyed;
    }
    say("pool claim measured");
    return {};
}

core::Status LifecycleRun::measureClones()
{
    for (int run = 0; run < m_options.runs; ++run) {
        const core::SandboxSpec target = spec("clone", core::StartMode::Cold);
        {
            std::lock_guard lock(m_phaseMutex);
            m_phases.clear();
        }
        m_domains.push_back(target.domainName);
        const Clock::time_point start = Clock::now();
        core::Result<core::CloneResult> cloned = m_connection->cloneSandbox(m_source, {{target.metadata, target.domainName}});
        const double seconds = secondsSince(start);
        if (!cloned)
            return tl::unexpected(cloned.error());
        m_result.samples["clone_s"].push_back(seconds);
        m_result.samples["source_pause_s"].push_back(cloned->sourcePauseSeconds);
        double floor = 0.0;
        {
            std::lock_guard lock(m_phaseMutex);
            for (const core::PhaseEvent& event : m_phases) {
                if (event.kind == core::PhaseEvent::Kind::Finished && isClonePhase(event.phase))
                    floor += event.seconds;
            }
        }
        m_result.samples["floor_snapshot_clone_s"].push_back(floor);
        if (auto destroyed = destroy(target.domainName); !destroyed)
            return destroyed;
    }
    say("clone measured");

    for (int run = 0; run < m_options.runs; ++run) {
        std::vector<core::CloneTarget> targets;
        for (int i = 0; i < 8; ++i) {
            const core::SandboxSpec target = spec("eight", core::StartMode::Cold);
            targets.push_back({target.metadata, target.domainName});
            m_domains.push_back(target.domainName);
        }
        const Clock::time_point start = Clock::now();
        core::Result<core::CloneResult> cloned = m_connection->cloneSandbox(m_source, targets);
        const double seconds = secondsSince(start);
        if (!cloned)
            return tl::unexpected(cloned.error());
        m_result.samples["clone8_s"].push_back(seconds);
        m_result.samples["clone8_source_pause_s"].push_back(cloned->sourcePauseSeconds);
        for (const core::CloneTarget& target : targets) {
            if (auto destroyed = destroy(target.domainName); !destroyed)
                return destroyed;
        }
    }
    say("Clone x8 measured");
    return {};
}

void LifecycleRun::evaluateGoals()
{
    const auto ratio = [&](const std::string& figure, const std::string& reference, double limit) {
        LifecycleGoal goal{figure, reference, limit};
        const double denominator = m_result.median(reference);
        goal.value = denominator > 0.0 ? m_result.median(figure) / denominator : 0.0;
        goal.met = denominator > 0.0 && goal.value <= limit;
        m_result.goals.push_back(goal);
    };
    const auto absolute = [&](const std::string& figure, double limitSeconds) {
        LifecycleGoal goal{figure, {}, limitSeconds};
        goal.value = m_result.median(figure);
        goal.met = !m_result.samples[figure].empty() && goal.value <= limitSeconds;
        m_result.goals.push_back(goal);
    };
    ratio("snapshot_start_s", "floor_restore_s", 1.2);
    ratio("snapshot_start_s", "cold_boot_s", 0.3);
    absolute("pool_claim_s", 0.1);
    ratio("wake_s", "floor_restore_s", 1.2);
    ratio("sleep_s", "floor_save_s", 1.2);
    ratio("clone_s", "floor_snapshot_clone_s", 1.3);
    absolute("source_pause_s", 0.25);
    ratio("clone8_s", "clone_s", 3.0);
}

void LifecycleRun::cleanUp()
{
    if (!m_connection)
        return;
    // Clones first, then the source, so frozen images lose their readers in order.
    std::vector<std::string> remaining = m_domains;
    if (!m_source.empty())
        remaining.erase(std::remove(remaining.begin(), remaining.end(), m_source), remaining.end());
    for (const std::string& domain : remaining)
        m_connection->destroySandbox(domain);
    if (!m_source.empty())
        m_connection->destroySandbox(m_source);
    m_domains.clear();
    m_source.clear();
    if (auto* host = dynamic_cast<hypervisor::LibvirtHostConnection*>(m_connection.get()); host && !m_template.name.empty())
    {
        if (core::Result<int> warm = host->discardWarmStates(m_template.name); !warm)
            say(warm.error().detail);
        if (core::Result<int> volumes = host->discardTemplateVolumes(m_template.name); !volumes)
            say(volumes.error().detail);
    }
    m_connection->setPhaseObserver({});
    m_connection->disconnect();
    m_connection.reset();
}

core::Result<LifecycleBenchResult> LifecycleRun::run()
{
    for (auto step : {&LifecycleRun::open, &LifecycleRun::measureColdBoots, &LifecycleRun::prepareWarmState,
                      &LifecycleRun::measureRestoreFigures, &LifecycleRun::measurePoolClaims, &LifecycleRun::measureClones}) {
        if (core::Status done = (this->*step)(); !done)
            return tl::unexpected(done.error());
    }
    evaluateGoals();
    return m_result;
}

}  // namespace

double LifecycleBenchResult::median(const std::string& figure) const
{
    auto found = samples.find(figure);
    if (found == samples.end() || found->second.empty())
        return 0.0;
    std::vector<double> sorted = found->second;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
}

core::Result<LifecycleBenchResult> runLifecycleBench(const LifecycleBenchOptions& options,
                                                     const std::function<void(const std::string&)>& progress)
{
    if (options.runs < 1)
        return core::fail(core::ErrorCode::InvalidArgument, "Invalid number of runs " + std::to_string(options.runs) + ": use 1 or more");
    LifecycleRun run(options, progress);
    return run.run();
}

nlohmann::json toJson(const LifecycleBenchResult& result)
{
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [figure, values] : result.samples)
        json[figure] = result.median(figure);
    json["samples"] = result.samples;
    nlohmann::json goals = nlohmann::json::array();
    for (const LifecycleGoal& goal : result.goals) {
        nlohmann::json entry = {{"figure", goal.figure}, {"limit", goal.limit}, {"value", goal.value}, {"met", goal.met}};
        if (!goal.reference.empty())
            entry["reference"] = goal.reference;
        goals.push_back(entry);
    }
    json["goals"] = goals;
    json["host"] = result.options.hostUri;
    json["domain_type"] = result.domainType;
    json["runs"] = result.options.runs;
    return json;
}

}  // namespace shoal::bench
