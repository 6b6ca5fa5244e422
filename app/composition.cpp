#include "app/composition.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "app/crashpoint.h"
#include "app/simulatedpolicy.h"
#include "core/log.h"
#include "core/store.h"
#include "hypervisor/libvirthypervisor.h"

namespace shoal::app {

namespace {

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

// Returns $variable, else $HOME/fallback, which is the XDG base directory rule.
std::string xdgDirectory(const char* variable, const char* fallback)
{
    const std::string value = environment(variable);
    if (!value.empty())
        return value;
    return environment("HOME") + "/" + fallback;
}

}  // namespace

void setupLoggingFromEnvironment()
{
    core::LogOptions options;
    options.levels = environment("SHOAL_LOG");
    core::setupLogging(options);
}

std::string resolveDatabasePath(const std::string& option)
{
    if (!option.empty())
        return option;
    const std::string fromEnvironment = environment("SHOAL_DB");
    if (!fromEnvironment.empty())
        return fromEnvironment;
    return xdgDirectory("XDG_DATA_HOME", ".local/share") + "/shoal/shoal.db";
}

std::string resolveGuestDirectory()
{
    const std::string fromEnvironment = environment("SHOAL_GUEST_DIR");
    if (!fromEnvironment.empty())
        return fromEnvironment;
    return xdgDirectory("XDG_CACHE_HOME", ".cache") + "/shoal/guest";
}

core::Result<core::DomainType> domainTypeFromEnvironment()
{
    const std::string value = environment("SHOAL_DOMAIN_TYPE");
    if (value.empty())
        return core::DomainType::Auto;
    if (auto type = core::domainTypeFromString(value))
        return *type;
    return core::fail(core::ErrorCode::InvalidArgument,
                      fmt::format("SHOAL_DOMAIN_TYPE \"{}\" is invalid; use auto, kvm or qemu", value));
}

core::Result<std::vector<core::HostSpec>> Composition::createSimulatedFleet(const SimulatedFleetSize& size)
{
    std::error_code error;
    std::string pattern = (std::filesystem::temp_directory_path(error) / "shoal-fleet-XXXXXX").string();
    if (error || !::mkdtemp(pattern.data())) {
        return core::fail(core::ErrorCode::StorageError,
                          fmt::format("Failed to create a folder for the simulated fleet from \"{}\"", pattern));
    }
    m_simulatedFleetDirectories.push_back(pattern);

    hypervisor::SimulatedFleetOptions options;
    options.directory = pattern;
    options.zones = std::max(1, size.zones);
    options.hostCount = std::max(1, size.hosts);
    options.sandboxCount = std::max(0, size.sandboxes);
    return hypervisor::createSimulatedFleet(options);
}

core::Result<std::unique_ptr<Composition>> Composition::build(const Options& options)
{
    auto log = core::logger("app");
    if (options.databasePath != ":memory:") {
        std::error_code error;
        std::filesystem::create_directories(std::filesystem::path(options.databasePath).parent_path(), error);
        if (error)
            log->warn("Failed to create the folder of database \"{}\": {}", options.databasePath, error.message());
    }

    std::unique_ptr<Composition> composition(new Composition);
    composition->m_hypervisor = std::make_unique<hypervisor::LibvirtHypervisor>();

    auto store = core::Store::open(options.databasePath);
    if (!store)
        return tl::unexpected(store.error());
    composition->m_store = std::move(*store);

    core::FleetOptions fleetOptions;
    fleetOptions.guestDirectory = options.guestDirectory;
    fleetOptions.forcedDomainType = options.forcedDomainType;
    fleetOptions.refillWarmPools = options.refillWarmPools;
    core::Result<core::JournalHook> crashPoint = crashPointFromEnvironment();
    if (!crashPoint)
        return tl::unexpected(crashPoint.error());
    fleetOptions.journalHook = std::move(*crashPoint);
    auto sweepAge = orphanSweepFromEnvironment(fleetOptions.orphanSweepMinAge);
    if (!sweepAge)
        return tl::unexpected(sweepAge.error());
    fleetOptions.orphanSweepMinAge = *sweepAge;
    composition->m_fleet = std::make_unique<core::Fleet>(*composition->m_hypervisor, *composition->m_store, fleetOptions);
    log->info("Opened database \"{}\", guest folder \"{}\"", options.databasePath, options.guestDirectory);
    return composition;
}

Composition::~Composition()
{
    destroyFleet();

    // The test driver read each node file when its connection opened, and the fleet is gone.
    for (const std::string& directory : m_simulatedFleetDirectories) {
        std::error_code error;
        std::filesystem::remove_all(directory, error);
    }
}

void Composition::destroyFleet()
{
    m_fleet.reset();
}

core::Status Composition::applySimulatedFleetPolicy()
{
    if (!m_fleet->policy().isDefault)
        return {};
    return m_fleet->applyPolicy(kSimulatedFleetPolicy, core::Fleet::Persistence::InMemory);
}

}  // namespace shoal::app
