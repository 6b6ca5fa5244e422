#include "core/burst.h"

#include <algorithm>
#include <cmath>

#include <spdlog/fmt/fmt.h>

namespace shoal::core {

namespace {

Error invalidPlan(const Template& sandboxTemplate, std::string detail)
{
    return Error{ErrorCode::InvalidArgument,
                 fmt::format("Invalid burst plan for template \"{}\": {}", sandboxTemplate.name, detail), 0, {}};
}

}  // namespace

Status validateBurstPlan(const BurstPlan& plan, const Template& sandboxTemplate)
{
    if (!std::isfinite(plan.baselineCpuPercent) || plan.baselineCpuPercent < kMinBaselineCpuPercent ||
        plan.baselineCpuPercent > kMaxBaselineCpuPercent) {
        return tl::unexpected(invalidPlan(
            sandboxTemplate, fmt::format("baseline CPU {} % is outside the valid range {} to {} %",
                                         plan.baselineCpuPercent, kMinBaselineCpuPercent, kMaxBaselineCpuPercent)));
    }
    if (!std::isfinite(plan.cpuFactor) || plan.cpuFactor < 1.0 || plan.cpuFactor > kMaxBurstFactor) {
        return tl::unexpected(invalidPlan(
            sandboxTemplate,
            fmt::format("burst factor {} is outside the valid range 1 to {}", plan.cpuFactor, kMaxBurstFactor)));
    }
    if (plan.windowSeconds < 0 || plan.windowSeconds > kMaxBurstWindowSeconds) {
        return tl::unexpected(invalidPlan(
            sandboxTemplate, fmt::format("window {} s is outside the valid range 0 to {} s", plan.windowSeconds,
                                         kMaxBurstWindowSeconds)));
    }
    if (plan.burstMemoryMiB != 0 && plan.burstMemoryMiB < sandboxTemplate.memoryMiB) {
        return tl::unexpected(invalidPlan(
            sandboxTemplate, fmt::format("burst memory {} MiB is below the template's memory of {} MiB; use 0 to "
                                         "keep the memory or a value of at least {} MiB",
                                         plan.burstMemoryMiB, sandboxTemplate.memoryMiB, sandboxTemplate.memoryMiB)));
    }
    return {};
}

SandboxQuota baselineQuota(const Template& sandboxTemplate)
{
    return SandboxQuota{sandboxTemplate.burst.baselineCpuPercent, sandboxTemplate.memoryMiB};
}

SandboxQuota burstQuota(const Template& sandboxTemplate)
{
    const BurstPlan& plan = sandboxTemplate.burst;
    const std::uint64_t memory = plan.burstMemoryMiB != 0 ? plan.burstMemoryMiB : sandboxTemplate.memoryMiB;
    return SandboxQuota{plan.baselineCpuPercent * plan.cpuFactor, memory};
}

int burstExtraVcpus(const Template& sandboxTemplate)
{
    const BurstPlan& plan = sandboxTemplate.burst;
    if (!plan.enabled())
        return 0;
    const double burstPercent = std::min(plan.baselineCpuPercent * plan.cpuFactor, 100.0);
    const double extra = std::max(0.0, burstPercent - plan.baselineCpuPercent) / 100.0 * sandboxTemplate.vcpus;
    return static_cast<int>(std::ceil(extra - 1e-9));
}

std::uint64_t maximumMemoryMiB(const Template& sandboxTemplate)
{
    return std::max(sandboxTemplate.memoryMiB, sandboxTemplate.burst.burstMemoryMiB);
}

void BurstSchedule::add(BurstDeadline deadline)
{
    std::string id = deadline.sandboxId;
    m_deadlines[id] = std::move(deadline);
}

void BurstSchedule::restore(const std::vector<BurstDeadline>& stored)
{
    for (const BurstDeadline& deadline : stored)
        add(deadline);
}

void BurstSchedule::remove(const std::string& sandboxId)
{
    m_deadlines.erase(sandboxId);
}

std::vector<BurstDeadline> BurstSchedule::takeDue(std::int64_t nowMs, const std::string& hostUri)
{
    std::vector<BurstDeadline> due;
    for (auto it = m_deadlines.begin(); it != m_deadlines.end();) {
        const bool onHost = hostUri.empty() || it->second.hostUri == hostUri;
        if (onHost && it->second.windowEndMs <= nowMs) {
            due.push_back(std::move(it->second));
            it = m_deadlines.erase(it);
        } else {
            ++it;
        }
    }
    std::sort(due.begin(), due.end(), [](const BurstDeadline& left, const BurstDeadline& right) {
        return left.windowEndMs < right.windowEndMs;
    });
    return due;
}

std::optional<std::int64_t> BurstSchedule::nextDueMs() const
{
    std::optional<std::int64_t> earliest;
    for (const auto& [id, deadline] : m_deadlines) {
        if (!earliest || deadline.windowEndMs < *earliest)
            earliest = deadline.windowEndMs;
    }
    return earliest;
}

std::optional<BurstDeadline> BurstSchedule::find(const std::string& sandboxId) const
{
    auto found = m_deadlines.find(sandboxId);
    if (found == m_deadlines.end())
        return std::nullopt;
    return found->second;
}

bool BurstSchedule::isInWindow(const std::string& sandboxId, std::int64_t nowMs) const
{
    auto found = m_deadlines.find(sandboxId);
    return found != m_deadlines.end() && found->second.windowStartMs <= nowMs && nowMs < found->second.windowEndMs;
}

BurstStatus burstStatusOf(const BurstDeadline& deadline, const SandboxQuota& planned,
                          const std::optional<AppliedQuota>& applied, bool active)
{
    BurstStatus status;
    status.windowStartMs = deadline.windowStartMs;
    status.windowEndMs = deadline.windowEndMs;
    status.active = active;
    status.plannedCpuPercent = planned.cpuPercent;
    status.plannedMemoryMiB = planned.memoryMiB;
    status.appliedOnHost = applied.has_value();
    if (applied) {
        status.appliedCpuPercent = applied->cpuPercent;
        status.appliedMemoryMiB = applied->memoryMiB;
    }
    return status;
}

}  // namespace shoal::core
