// Burst windows in the fleet: the burst applied when a sandbox starts, is restored or wakes, the
// stored deadline, and the revert to the baseline at the end of the window, also after a restart.

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"

namespace shoal::core {

namespace {

// A timer may fire a few milliseconds before the wall clock reaches the deadline, because it runs
// on the steady clock. Deadlines this close count as due.
constexpr std::int64_t kDueToleranceMs = 5;

}  // namespace

std::optional<Template> Fleet::Impl::templateOfLocked(const SandboxInfo& sandbox) const
{
    Result<Template> found = templates.find(sandbox.metadata.templateName);
    if (!found)
        return std::nullopt;
    return *found;
}

void Fleet::Impl::beginBurstOnWorker(const HostPointer& host, SandboxInfo& sandbox)
{
    std::optional<Template> sandboxTemplate;
    bool canApply = false;
    {
        std::lock_guard lock(mutex);
        sandboxTemplate = templateOfLocked(sandbox);
        canApply = host->capabilities.canSetSchedulerQuota;
    }
    if (!sandboxTemplate || !host->connection)
        return;
    const BurstPlan& plan = sandboxTemplate->burst;
    const SandboxQuota baseline = baselineQuota(*sandboxTemplate);

    if (!plan.enabled()) {
        // A cold boot has the baseline quota in its domain XML. A restored warm state or a woken
        // sandbox runs without it until it is set here.
        if (canApply && baseline.cpuPercent < kMaxBaselineCpuPercent) {
            if (Result<AppliedQuota> applied = host->connection->setSandboxQuota(sandbox.domainName, baseline); !applied)
                log->warn("Failed to set the baseline quota of sandbox \"{}\": {}", sandbox.metadata.displayName,
                          applied.error().detail);
        }
        return;
    }

    const std::int64_t startMs = unixTimeMs();
    const BurstDeadline deadline{sandbox.metadata.id, sandbox.hostUri, sandbox.domainName, startMs,
                                 startMs + std::int64_t{plan.windowSeconds} * 1000, baseline};
    const SandboxQuota burst = burstQuota(*sandboxTemplate);

    // The deadline is stored before the burst is applied, so a console that stops in between
    // still reverts it when it comes back.
    if (Status saved = store.saveBurstDeadline(deadline); !saved)
        log->error("Failed to store the burst deadline of sandbox \"{}\": {}", sandbox.metadata.displayName,
                   saved.error().detail);
    std::optional<AppliedQuota> applied;
    if (canApply) {
        Result<AppliedQuota> result = host->connection->setSandboxQuota(sandbox.domainName, burst);
        if (result)
            applied = *result;
        else
            log->warn("Failed to apply the burst of sandbox \"{}\": {}", sandbox.metadata.displayName,
                      result.error().detail);
    }
    sandbox.burst = burstStatusOf(deadline, burst, applied, true);
    {
        std::lock_guard lock(mutex);
        bursts.add(deadline);
        if (inventory.findById(sandbox.metadata.id)) {
            SandboxInfo known = *inventory.findById(sandbox.metadata.id);
            known.burst = sandbox.burst;
            inventory.put(known);
        }
    }
    log->info("Sandbox \"{}\" bursts to {} % CPU and {} MiB until {}; the host applied {}",
              sandbox.metadata.displayName, burst.cpuPercent, burst.memoryMiB, deadline.windowEndMs,
              applied ? fmt::format("{} % and {} MiB", applied->cpuPercent, applied->memoryMiB)
                      : std::string("nothing, because it cannot apply quotas"));
    armBurstRevert(host, deadline.windowEndMs);
}

void Fleet::Impl::armBurstRevert(const HostPointer& host, std::int64_t dueMs)
{
    const auto delay = std::chrono::milliseconds(std::max<std::int64_t>(0, dueMs - unixTimeMs()));
    timers.schedule(TimerQueue::Clock::now() + delay, [this, host] {
        host->worker->post([this, host] {
            revertDueBurstsOnWorker(host);
            return Status{};
        });
    });
}

void Fleet::Impl::revertDueBurstsOnWorker(const HostPointer& host)
{
    std::vector<BurstDeadline> due;
    bool canApply = false;
    {
        std::lock_guard lock(mutex);
        if (shuttingDown || host->connectionState != ConnectionState::Connected)
            return;
        due = bursts.takeDue(unixTimeMs() + kDueToleranceMs, host->spec.uri);
        canApply = host->capabilities.canSetSchedulerQuota;
    }
    for (const BurstDeadline& deadline : due)
        revertBurstOnWorker(*host, deadline, canApply);
}

void Fleet::Impl::revertBurstOnWorker(HostEntry& host, const BurstDeadline& deadline, bool canApply)
{
    std::optional<AppliedQuota> applied;
    if (canApply && host.connection) {
        Result<AppliedQuota> result = host.connection->setSandboxQuota(deadline.domainName, deadline.baseline);
        if (result) {
            applied = *result;
        } else if (result.error().code == ErrorCode::HostUnreachable || result.error().code == ErrorCode::HostError) {
            // The deadline stays stored and scheduled, so the next connect of the host retries it.
            log->warn("Failed to revert the burst of sandbox \"{}\", retrying when the host reconnects: {}",
                      deadline.domainName, result.error().detail);
            std::lock_guard lock(mutex);
            bursts.add(deadline);
            return;
        } else {
            // A sandbox that is gone or no longer running has nothing live to revert. Its next
            // start or wake applies a new burst and stores a new deadline.
            log->info("Dropped the burst revert of sandbox \"{}\": {}", deadline.domainName, result.error().detail);
        }
    }
    if (Status removed = store.removeBurstDeadline(deadline.sandboxId); !removed)
        log->error("Failed to remove the burst deadline of sandbox \"{}\": {}", deadline.domainName,
                   removed.error().detail);

    const std::int64_t lateMs = unixTimeMs() - deadline.windowEndMs;
    std::optional<SandboxInfo> updated = putBurstStatus(deadline.sandboxId, [&](const SandboxInfo&) {
        return burstStatusOf(deadline, deadline.baseline, applied, false);
    });
    if (!updated)
        return;
    log->info("Reverted the burst of sandbox \"{}\" to {} % CPU and {} MiB, {} ms after its deadline",
              updated->metadata.displayName, deadline.baseline.cpuPercent, deadline.baseline.memoryMiB, lateMs);
    publishSandbox(*updated);
}

void Fleet::Impl::resumeBurstsOnWorker(const HostPointer& host)
{
    std::vector<BurstDeadline> pending;
    bool canApply = false;
    {
        std::lock_guard lock(mutex);
        canApply = host->capabilities.canSetSchedulerQuota;
        for (const SandboxInfo& sandbox : inventory.onHost(host->spec.uri)) {
            if (std::optional<BurstDeadline> deadline = bursts.find(sandbox.metadata.id))
                pending.push_back(*deadline);
        }
    }
    // The deadlines that passed while the console or the host was away are reverted now, the
    // rest when they are due. Until then the sandbox shows its window again, with the quota the
    // host reports now.
    revertDueBurstsOnWorker(host);
    for (const BurstDeadline& deadline : pending) {
        if (deadline.windowEndMs <= unixTimeMs() + kDueToleranceMs)
            continue;
        showResumedBurstOnWorker(*host, deadline, canApply);
        armBurstRevert(host, deadline.windowEndMs);
    }
}

void Fleet::Impl::showResumedBurstOnWorker(HostEntry& host, const BurstDeadline& deadline, bool canApply)
{
    std::optional<AppliedQuota> applied;
    if (canApply && host.connection) {
        if (Result<AppliedQuota> read = host.connection->readSandboxQuota(deadline.domainName))
            applied = *read;
        else
            log->warn("Failed to read the burst quota of sandbox \"{}\": {}", deadline.domainName, read.error().detail);
    }
    std::optional<SandboxInfo> updated = putBurstStatus(deadline.sandboxId, [&](const SandboxInfo& sandbox) {
        std::optional<Template> sandboxTemplate = templateOfLocked(sandbox);
        const SandboxQuota planned = sandboxTemplate ? burstQuota(*sandboxTemplate) : deadline.baseline;
        return burstStatusOf(deadline, planned, applied, true);
    });
    if (updated)
        publishSandbox(*updated);
}

std::optional<SandboxInfo> Fleet::Impl::putBurstStatus(const std::string& sandboxId,
                                                       const std::function<BurstStatus(const SandboxInfo&)>& status)
{
    std::lock_guard lock(mutex);
    const SandboxInfo* known = inventory.findById(sandboxId);
    if (!known)
        return std::nullopt;
    SandboxInfo updated = *known;
    updated.burst = status(updated);
    inventory.put(updated);
    return updated;
}

Status Fleet::Impl::loadBurstDeadlines()
{
    Result<std::vector<BurstDeadline>> stored = store.burstDeadlines();
    if (!stored)
        return tl::unexpected(stored.error());
    std::lock_guard lock(mutex);
    bursts.restore(*stored);
    return {};
}

Result<Template> Fleet::setBurstPlan(const std::string& templateName, const BurstPlan& plan)
{
    Result<Template> sandboxTemplate = findTemplate(templateName);
    if (!sandboxTemplate)
        return sandboxTemplate;
    if (Status valid = validateBurstPlan(plan, *sandboxTemplate); !valid)
        return tl::unexpected(valid.error());
    sandboxTemplate->burst = plan;
    if (Status saved = m_impl->store.saveTemplate(*sandboxTemplate); !saved) {
        m_impl->log->error("Failed to store template \"{}\": {}", templateName, saved.error().detail);
        return tl::unexpected(saved.error());
    }
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->templates.put(*sandboxTemplate);
    }
    m_impl->log->info("Set the burst plan of template \"{}\": baseline {} % CPU, factor {}, window {} s, "
                      "burst memory {} MiB",
                      templateName, plan.baselineCpuPercent, plan.cpuFactor, plan.windowSeconds, plan.burstMemoryMiB);
    return sandboxTemplate;
}

SandboxRequest Fleet::Impl::requestFor(const Template& sandboxTemplate)
{
    SandboxRequest request;
    request.vcpus = sandboxTemplate.vcpus;
    request.memoryMiB = sandboxTemplate.memoryMiB;
    // A new sandbox bursts as soon as it runs, so its request includes the burst headroom.
    request.inBurstWindow = sandboxTemplate.burst.enabled();
    request.burstVcpus = burstExtraVcpus(sandboxTemplate);
    request.burstMemoryMiB = burstQuota(sandboxTemplate).memoryMiB - sandboxTemplate.memoryMiB;
    return request;
}

void Fleet::Impl::addBurstHeadroomLocked(FleetSnapshot& snapshot) const
{
    if (!policy.policy.burstHeadroom)
        return;
    const std::int64_t nowMs = unixTimeMs();
    inventory.forEach([&](const SandboxInfo& sandbox) {
        if (!bursts.isInWindow(sandbox.metadata.id, nowMs))
            return;
        std::optional<Template> sandboxTemplate = templateOfLocked(sandbox);
        if (!sandboxTemplate)
            return;
        for (PlacementHost& host : snapshot.hosts) {
            if (host.uri != sandbox.hostUri)
                continue;
            host.allocatedVcpus += burstExtraVcpus(*sandboxTemplate);
            // An applied memory burst is in the balloon size the host reports already.
            if (!sandbox.burst.appliedOnHost)
                host.allocatedMemoryMiB += burstQuota(*sandboxTemplate).memoryMiB - sandboxTemplate->memoryMiB;
        }
    });
}

}  // namespace shoal::core
