#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"

namespace shoal::hypervisor {

// The libvirt implementation of core::Hypervisor. Constructing the first instance registers
// libvirt's default event implementation and starts the event-loop thread, which then runs for
// the life of the process, so keepalive and lifecycle events work before any connection opens.
class LibvirtHypervisor : public core::Hypervisor {
public:
    LibvirtHypervisor();
    ~LibvirtHypervisor() override;

    core::Result<std::unique_ptr<core::HostConnection>> open(const core::HostSpec& spec) override;
};

struct SimulatedFleetOptions {
    int zones = 3;
    std::vector<std::string> pools{"baseline", "serverless"};
    int hostsPerPool = 4;                  // per zone and pool
    int sandboxesPerHost = 3;              // already defined on each host, most of them running
    // Exact totals. When set, they replace hostsPerPool and sandboxesPerHost: the hosts are
    // spread over the zone and pool groups and the sandboxes over the hosts, the first ones
    // getting one more where the division leaves a remainder.
    std::optional<int> hostCount;
    std::optional<int> sandboxCount;
    std::string directory;                 // where node XML files go; empty: a new temporary folder
    unsigned seed = 1;                     // same seed, same fleet
};

// Writes one libvirt test-driver node XML per simulated host (CPUs, memory, a storage pool and
// some Shoal sandboxes) and returns the host specs, each with a "test:///<file>" URI and zone and
// pool labels. Makes no libvirt call. Fails with StorageError when the files cannot be written.
core::Result<std::vector<core::HostSpec>> createSimulatedFleet(const SimulatedFleetOptions& options);

}  // namespace shoal::hypervisor
