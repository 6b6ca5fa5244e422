#pragma once

#include <cstdint>
#include <string>

#include <libvirt/libvirt.h>

#include "core/burst.h"
#include "core/error.h"

namespace shoal::hypervisor {

// The cgroup hierarchy that carries a host's CPU controller. It decides the valid range of the
// CPU weight: cpu.shares on v1, cpu.weight on v2.
enum class CgroupVersion { V1, V2, Unknown };

// Valid values of the scheduler parameters Shoal sets: the kernel's cpu.shares range on cgroup v1
// and cpu.weight range on v2, and the CFS quota bounds.
// NOTE: the maximum quota is libvirt's limit as remembered, not checked against its source. A
// burst never comes near it, and libvirt rejects a larger value with its own error.
struct SchedulerRanges {
    std::int64_t minQuotaUs = 1000;              // CFS quota per period, both versions
    std::int64_t maxQuotaUs = 17592186044415;
    std::uint64_t minShares = 2;
    std::uint64_t maxShares = 262144;
};

// Returns the ranges of `version`. Unknown gives the intersection of v1 and v2, so whatever is
// accepted holds on either.
SchedulerRanges schedulerRangesFor(CgroupVersion version);

// Reads the cgroup version of the machine this process runs on from the file system type of
// /sys/fs/cgroup: cgroup2fs is v2, anything else with a cpu controller is v1.
CgroupVersion localCgroupVersion();

// Returns the CPU weight that matches a per-vCPU quota, scaled to the version's default weight
// (1024 shares on v1, 100 on v2) per whole vCPU.
std::uint64_t cpuWeightFor(double cpuPercent, int vcpus, CgroupVersion version);

// Sets the live CPU quota, CPU weight and balloon target of one running domain, and reads them back.
// It never takes ownership of the domain. Calls block; use it from the host's worker only.
class BurstControl {
public:
    BurstControl(virDomainPtr domain, std::string hostUri, CgroupVersion version);

    // Reads what the host applies now: vcpu_quota over vcpu_period, and the balloon size QEMU
    // reports, which follows a new target only as fast as the guest's balloon driver moves.
    // Fails with HostError when libvirt cannot read the scheduler parameters.
    core::Result<core::AppliedQuota> read();

    // Applies `quota` live and returns the read-back. Checks every value against the ranges and
    // the domain's maximum memory first, and fails with InvalidArgument naming the valid range
    // before anything changes. When the memory change fails after the CPU change, it puts the
    // CPU parameters back as they were, so nothing is half-applied.
    core::Result<core::AppliedQuota> apply(const core::SandboxQuota& quota);

private:
    struct CpuParameters {
        std::int64_t quotaUs = -1;
        std::uint64_t periodUs = 0;
        std::uint64_t shares = 0;
    };

    core::Result<CpuParameters> readCpu();
    core::Status writeCpu(const CpuParameters& parameters);
    core::Status checkRanges(const core::SandboxQuota& quota, std::uint64_t maximumMemoryMiB, int vcpus) const;
    std::string context(const std::string& action) const;

    virDomainPtr m_domain;
    std::string m_domainName;
    std::string m_hostUri;
    CgroupVersion m_version;
    SchedulerRanges m_ranges;
};

}  // namespace shoal::hypervisor
