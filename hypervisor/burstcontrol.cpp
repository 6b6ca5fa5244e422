#include "hypervisor/burstcontrol.h"

#include <sys/statfs.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <libvirt/virterror.h>
#include <spdlog/fmt/fmt.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"

namespace shoal::hypervisor {

namespace {

// statfs magic of cgroup2fs, from linux/magic.h.
constexpr long kCgroup2SuperMagic = 0x63677270;

// The default weight of one task: 1024 cpu.shares on cgroup v1, cpu.weight 100 on v2.
constexpr double kDefaultSharesV1 = 1024.0;
constexpr double kDefaultWeightV2 = 100.0;

std::string_view nameOf(CgroupVersion version)
{
    switch (version) {
    case CgroupVersion::V1:
        return "cgroup v1";
    case CgroupVersion::V2:
        return "cgroup v2";
    case CgroupVersion::Unknown:
        break;
    }
    return "an unknown cgroup version";
}

}  // namespace

SchedulerRanges schedulerRangesFor(CgroupVersion version)
{
    SchedulerRanges ranges;
    if (version == CgroupVersion::V2)
        ranges.minShares = 1;
    if (version != CgroupVersion::V1)
        ranges.maxShares = 10000;
    return ranges;
}

CgroupVersion localCgroupVersion()
{
    struct statfs info {};
    if (statfs("/sys/fs/cgroup", &info) != 0)
        return CgroupVersion::Unknown;
    return static_cast<long>(info.f_type) == kCgroup2SuperMagic ? CgroupVersion::V2 : CgroupVersion::V1;
}

std::uint64_t cpuWeightFor(double cpuPercent, int vcpus, CgroupVersion version)
{
    const double perVcpu = version == CgroupVersion::V1 ? kDefaultSharesV1 : kDefaultWeightV2;
    return static_cast<std::uint64_t>(std::llround(perVcpu * cpuPercent / 100.0 * std::max(vcpus, 1)));
}

BurstControl::BurstControl(virDomainPtr domain, std::string hostUri, CgroupVersion version)
    : m_domain(domain)
    , m_domainName(virDomainGetName(domain))
    , m_hostUri(std::move(hostUri))
    , m_version(version)
    , m_ranges(schedulerRangesFor(version))
{
}

std::string BurstControl::context(const std::string& action) const
{
    return fmt::format("Failed to {} of sandbox \"{}\" on host \"{}\"", action, m_domainName, m_hostUri);
}

core::Result<BurstControl::CpuParameters> BurstControl::readCpu()
{
    int count = 0;
    logCall("virDomainGetSchedulerType(\"{}\")", m_domainName);
    LibvirtString type(virDomainGetSchedulerType(m_domain, &count));
    if (!type)
        return tl::unexpected(lastLibvirtError(context("read the scheduler parameters")));
    std::vector<virTypedParameter> parameters(static_cast<std::size_t>(std::max(count, 0)));
    logCall("virDomainGetSchedulerParametersFlags(\"{}\", LIVE)", m_domainName);
    if (virDomainGetSchedulerParametersFlags(m_domain, parameters.data(), &count, VIR_DOMAIN_AFFECT_LIVE) < 0)
        return tl::unexpected(lastLibvirtError(context("read the scheduler parameters")));

    CpuParameters cpu;
    bool hasQuota = false;
    for (int i = 0; i < count; ++i) {
        const virTypedParameter& parameter = parameters[static_cast<std::size_t>(i)];
        if (std::strcmp(parameter.field, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA) == 0) {
            cpu.quotaUs = parameter.value.l;
            hasQuota = true;
        } else if (std::strcmp(parameter.field, VIR_DOMAIN_SCHEDULER_VCPU_PERIOD) == 0) {
            cpu.periodUs = parameter.value.ul;
        } else if (std::strcmp(parameter.field, VIR_DOMAIN_SCHEDULER_CPU_SHARES) == 0) {
            cpu.shares = parameter.value.ul;
        }
    }
    if (!hasQuota) {
        return core::fail(core::ErrorCode::Unsupported,
                          context("read the CPU quota") + ": the scheduler reports no vcpu_quota");
    }
    return cpu;
}

core::Status BurstControl::writeCpu(const CpuParameters& cpu)
{
    virTypedParameterPtr parameters = nullptr;
    int count = 0;
    int capacity = 0;
    bool built = virTypedParamsAddLLong(&parameters, &count, &capacity, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, cpu.quotaUs) == 0 &&
                 virTypedParamsAddULLong(&parameters, &count, &capacity, VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, cpu.periodUs) == 0;
    if (built && cpu.shares != 0)
        built = virTypedParamsAddULLong(&parameters, &count, &capacity, VIR_DOMAIN_SCHEDULER_CPU_SHARES, cpu.shares) == 0;
    if (!built) {
        virTypedParamsFree(parameters, count);
        return tl::unexpected(lastLibvirtError(context("build the scheduler parameters")));
    }

    logCall("virDomainSetSchedulerParametersFlags(\"{}\", vcpu_quota={}, vcpu_period={}, cpu_shares={}, LIVE)", m_domainName,
            cpu.quotaUs, cpu.periodUs, cpu.shares);
    const int result = virDomainSetSchedulerParametersFlags(m_domain, parameters, count, VIR_DOMAIN_AFFECT_LIVE);
    core::Status status;
    if (result < 0)
        status = tl::unexpected(lastLibvirtError(context("set the CPU quota")));
    virTypedParamsFree(parameters, count);
    return status;
}

core::Result<core::AppliedQuota> BurstControl::read()
{
    core::Result<CpuParameters> cpu = readCpu();
    if (!cpu)
        return tl::unexpected(cpu.error());
    virDomainInfo info{};
    logCall("virDomainGetInfo(\"{}\")", m_domainName);
    if (virDomainGetInfo(m_domain, &info) < 0)
        return tl::unexpected(lastLibvirtError(context("read the memory")));

    core::AppliedQuota applied;
    if (cpu->quotaUs > 0 && cpu->periodUs > 0)
        applied.cpuPercent = 100.0 * static_cast<double>(cpu->quotaUs) / static_cast<double>(cpu->periodUs);
    applied.memoryMiB = info.memory / 1024;
    return applied;
}

core::Status BurstControl::checkRanges(const core::SandboxQuota& quota, std::uint64_t maximumMemoryMiB, int vcpus) const
{
    const std::int64_t quotaUs = cpuQuotaMicroseconds(quota.cpuPercent);
    if (!std::isfinite(quota.cpuPercent) || quotaUs < m_ranges.minQuotaUs || quotaUs > m_ranges.maxQuotaUs) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Invalid CPU quota {} % for sandbox \"{}\" on host \"{}\": the valid range is {} "
                                      "to {} µs per {} µs period",
                                      quota.cpuPercent, m_domainName, m_hostUri, m_ranges.minQuotaUs, m_ranges.maxQuotaUs,
                                      kCpuQuotaPeriodUs));
    }
    const std::uint64_t weight = cpuWeightFor(quota.cpuPercent, vcpus, m_version);
    if (weight < m_ranges.minShares || weight > m_ranges.maxShares) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Invalid CPU weight {} for sandbox \"{}\" on host \"{}\": {} accepts {} to {}; "
                                      "lower the CPU quota",
                                      weight, m_domainName, m_hostUri, nameOf(m_version), m_ranges.minShares,
                                      m_ranges.maxShares));
    }
    if (quota.memoryMiB != 0 && quota.memoryMiB > maximumMemoryMiB) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Invalid memory {} MiB for sandbox \"{}\" on host \"{}\": the domain's maximum is "
                                      "{} MiB; raise the template's burst memory and start the sandbox again",
                                      quota.memoryMiB, m_domainName, m_hostUri, maximumMemoryMiB));
    }
    return {};
}

core::Result<core::AppliedQuota> BurstControl::apply(const core::SandboxQuota& quota)
{
    virDomainInfo info{};
    logCall("virDomainGetInfo(\"{}\")", m_domainName);
    if (virDomainGetInfo(m_domain, &info) < 0)
        return tl::unexpected(lastLibvirtError(context("read the memory")));
    if (auto checked = checkRanges(quota, info.maxMem / 1024, info.nrVirtCpu); !checked)
        return tl::unexpected(checked.error());

    core::Result<CpuParameters> previous = readCpu();
    if (!previous)
        return tl::unexpected(previous.error());
    CpuParameters requested;
    requested.quotaUs = cpuQuotaMicroseconds(quota.cpuPercent);
    requested.periodUs = static_cast<std::uint64_t>(kCpuQuotaPeriodUs);
    requested.shares = cpuWeightFor(quota.cpuPercent, info.nrVirtCpu, m_version);
    if (auto written = writeCpu(requested); !written)
        return tl::unexpected(written.error());

    const std::uint64_t memoryKiB = quota.memoryMiB * 1024;
    if (quota.memoryMiB != 0 && memoryKiB != info.memory) {
        logCall("virDomainSetMemoryFlags(\"{}\", {} KiB, LIVE)", m_domainName, memoryKiB);
        if (virDomainSetMemoryFlags(m_domain, memoryKiB, VIR_DOMAIN_AFFECT_LIVE) < 0) {
            core::Error error = lastLibvirtError(context("set the memory"));
            if (auto undone = writeCpu(*previous); !undone) {
                core::logger("hypervisor")->error("Failed to put back the CPU quota of sandbox \"{}\" after a failed "
                                                  "memory change: {}",
                                                  m_domainName, undone.error().detail);
            }
            return tl::unexpected(error);
        }
    }
    return read();
}

}  // namespace shoal::hypervisor
