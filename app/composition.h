#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/fleet.h"
#include "core/model.h"

namespace shoal::core {
class Hypervisor;
class Store;
}  // namespace shoal::core

namespace shoal::app {

// Creates the module loggers with the levels from $SHOAL_LOG (e.g. "hypervisor=debug").
void setupLoggingFromEnvironment();

// Returns the database path: `option` when given, else $SHOAL_DB, else
// ${XDG_DATA_HOME:-~/.local/share}/shoal/shoal.db.
std::string resolveDatabasePath(const std::string& option);

// Returns $SHOAL_GUEST_DIR, else ${XDG_CACHE_HOME:-~/.cache}/shoal/guest.
std::string resolveGuestDirectory();

// Reads $SHOAL_DOMAIN_TYPE: "auto", "kvm" or "qemu", and auto when unset. Fails with
// InvalidArgument for any other value.
core::Result<core::DomainType> domainTypeFromEnvironment();

// Sizes of the simulated fleet. The hosts are spread over the zones and pools and the sandboxes
// over the hosts, as evenly as the totals divide.
struct SimulatedFleetSize {
    int zones = 3;
    int hosts = 24;
    int sandboxes = 72;
};


// The objects both executables need, built in dependency order and destroyed in reverse: the
// libvirt hypervisor, the store and the fleet.
class Composition {
public:
    struct Options {
        std::string databasePath;     // ":memory:" keeps nothing
        std::string guestDirectory;
        core::DomainType forcedDomainType = core::DomainType::Auto;
        bool refillWarmPools = true;  // see FleetOptions::refillWarmPools
    };

    // Builds everything. Fails with StorageError when the database cannot be opened.
    static core::Result<std::unique_ptr<Composition>> build(const Options& options);

    ~Composition();
    Composition(const Composition&) = delete;
    Composition& operator=(const Composition&) = delete;

    // Writes the simulated fleet's node files into a new temporary folder, which this object
    // removes when it goes, and returns the host specs (libvirt test driver URIs).
    core::Result<std::vector<core::HostSpec>> createSimulatedFleet(const SimulatedFleetSize& size);

    // Applies the example policy of resources/policy/default.yaml for this run only (baseline
    // pool first, serverless as overflow), unless the user has applied a policy of their own.
    core::Status applySimulatedFleetPolicy();

    core::Fleet& fleet() { return *m_fleet; }
    core::Store& store() { return *m_store; }

    // Destroys the fleet, and with it every host connection and worker, ahead of the rest. The
    // GUI calls it before destroying the fleet's listener.
    void destroyFleet();

private:
    Composition() = default;

    std::unique_ptr<core::Hypervisor> m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::Fleet> m_fleet;
    std::vector<std::string> m_simulatedFleetDirectories;
};

}  // namespace shoal::app
