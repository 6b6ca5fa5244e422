#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <libvirt/libvirt.h>
#include <pugixml.hpp>

#include "hypervisor/connectionuri.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/sandboxmetadataxml.h"
#include "hypervisor/libvirthypervisor.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/storagepool.h"
#include "hypervisor/syntheticload.h"

namespace shoal::hypervisor {

namespace {

constexpr const char* kSimulatedPoolPath = "/var/lib/libvirt/shoal";
constexpr std::uint64_t kKiBPerGiB = 1024 * 1024;
constexpr std::uint64_t kBytesPerMiB = 1024 * 1024;
// The test driver's XML namespace, in which <test:runstate> sets a domain's initial state.
constexpr const char* kTestDriverNamespace = "http://libvirt.org/schemas/domain/test/1.0";
// Creation times lie in the 30 days before 2026-01-01T00:00:00Z, so that the files depend on the
// seed only and not on the day they were written.
constexpr std::int64_t kCreationEpochMs = 1767225600000;
constexpr std::int64_t kCreationSpanMs = 30LL * 24 * 3600 * 1000;

constexpr std::array<int, 5> kCpuChoices{16, 24, 32, 48, 64};
constexpr std::array<const char*, 8> kNameWords{"crawler", "planner", "grader", "rollout",
                                                "indexer", "builder", "fuzzer", "tutor"};

struct SimulatedTemplate {
    const char* name;
    int vcpus;
    std::uint64_t memoryMiB;
    std::uint64_t diskMiB;
};
constexpr std::array<SimulatedTemplate, 2> kTemplates{{{"tiny", 1, 256, 64}, {"small", 2, 1024, 512}}};

// Writes the node files of one simulated fleet. std::mt19937 is specified exactly by the C++
// standard, and only its raw output is used (no std::uniform_int_distribution, whose results
// differ between standard libraries), so a seed gives the same files everywhere.
class SimulatedFleetWriter {
public:
    explicit SimulatedFleetWriter(const SimulatedFleetOptions& options) : m_options(options), m_random(options.seed) {}

    core::Result<std::vector<core::HostSpec>> write(const std::filesystem::path& directory);

private:
    int pick(int count) { return static_cast<int>(m_random() % static_cast<unsigned>(count)); }
    std::string newSandboxId();
    void appendCpu(pugi::xml_node node, int cpus);
    core::Status appendSandbox(pugi::xml_node node, pugi::xml_node pool, const core::HostSpec& host);
    core::Result<core::HostSpec> writeHost(const std::filesystem::path& directory, int zone, const std::string& poolName,
                                           int number, int sandboxes);
    int hostsInGroup(int group) const;
    int sandboxesOnHost(int host, int hostTotal) const;

    const SimulatedFleetOptions& m_options;
    std::mt19937 m_random;
    int m_sandboxNumber = 0;  // counts over the whole fleet, so display names are unique in it
    std::set<std::string> m_usedIds;
};

void appendVolume(pugi::xml_node pool, const std::string& name, std::uint64_t capacityBytes)
{
    pugi::xml_node volume = pool.append_child("volume");
    volume.append_attribute("type") = "file";
    volume.append_child("name").text() = name.c_str();
    pugi::xml_node capacity = volume.append_child("capacity");
    capacity.append_attribute("unit") = "bytes";
    capacity.text() = static_cast<unsigned long long>(capacityBytes);
    volume.append_child("target").append_child("path").text() = (std::string(kSimulatedPoolPath) + "/" + name).c_str();
}

pugi::xml_node appendStoragePool(pugi::xml_node node)
{
    pugi::xml_node pool = node.append_child("pool");
    pool.append_attribute("type") = "dir";
    pool.append_child("name").text() = kStoragePoolName;
    pool.append_child("target").append_child("path").text() = kSimulatedPoolPath;
    for (const SimulatedTemplate& sandboxTemplate : kTemplates) {
        for (const char* role : {"kernel", "initramfs", "base"})
            appendVolume(pool, std::string("tpl-") + sandboxTemplate.name + "-" + role + "-simulated",
                         std::string_view(role) == "base" ? sandboxTemplate.diskMiB * kBytesPerMiB : 8 * kBytesPerMiB);
    }
    return pool;
}

// Appends a domain with only what the inventory and the stats read: name, metadata, memory,
// vCPUs and the test driver's initial state. The test driver parses every domain of a node file
// when the connection opens, and each running one a second time when it copies the definition for
// the live state. Without kernel, disk, console and controller elements a node file of 100
// domains opened in 68 ms instead of 113 ms (libvirt 9.0, measured in one run on a 2-vCPU VM).
// Sleep and clone are not offered on test-driver hosts, and destroy finds the volumes by their
// generated names, so nothing reads the elements left out.
core::Status appendSimulatedDomain(pugi::xml_node node, const std::string& domainName, const SimulatedTemplate& sandboxTemplate,
                                   int runState, const core::SandboxMetadata& metadata)
{
    pugi::xml_node domain = node.append_child("domain");
    domain.append_attribute("type") = "test";
    domain.append_attribute("xmlns:test") = kTestDriverNamespace;
    domain.append_child("name").text() = domainName.c_str();
    if (auto appended = appendSandboxMetadata(domain.append_child("metadata"), metadata); !appended) {
        node.remove_child(domain);
        return appended;
    }
    pugi::xml_node memory = domain.append_child("memory");
    memory.append_attribute("unit") = "MiB";
    memory.text() = static_cast<unsigned long long>(sandboxTemplate.memoryMiB);
    domain.append_child("vcpu").text() = sandboxTemplate.vcpus;
    domain.append_child("os").append_child("type").text() = "hvm";
    domain.append_child("test:runstate").text() = runState;
    return {};
}

std::string SimulatedFleetWriter::newSandboxId()
{
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    while (true) {
        std::string id;
        for (int i = 0; i < 6; ++i)
            id += kAlphabet[pick(36)];
        if (m_usedIds.insert(id).second)
            return id;
    }
}

void SimulatedFleetWriter::appendCpu(pugi::xml_node node, int cpus)
{
    const int sockets = cpus >= 32 ? 2 : 1;
    pugi::xml_node cpu = node.append_child("cpu");
    cpu.append_child("nodes").text() = sockets;
    cpu.append_child("sockets").text() = sockets;
    cpu.append_child("cores").text() = cpus / sockets / 2;
    cpu.append_child("threads").text() = 2;
    cpu.append_child("active").text() = cpus;
    cpu.append_child("mhz").text() = 2400 + 100 * pick(11);
    cpu.append_child("model").text() = "x86_64";
}

core::Status SimulatedFleetWriter::appendSandbox(pugi::xml_node node, pugi::xml_node pool, const core::HostSpec& host)
{
    const SimulatedTemplate& sandboxTemplate = kTemplates[static_cast<std::size_t>(pick(4) == 0 ? 1 : 0)];
    const std::string id = newSandboxId();
    const std::string domainName = std::string(kDomainNamePrefix) + id;

    // Most sandboxes run. About one in ten is paused and one in ten shut off.
    const int roll = pick(10);
    int runState = VIR_DOMAIN_RUNNING;
    if (roll == 0)
        runState = VIR_DOMAIN_SHUTOFF;
    else if (roll == 1)
        runState = VIR_DOMAIN_PAUSED;

    core::SandboxMetadata metadata;
    metadata.id = id;
    const std::string word = kNameWords[static_cast<std::size_t>(pick(kNameWords.size()))];
    metadata.displayName = word + "-" + std::to_string(++m_sandboxNumber);
    metadata.templateName = sandboxTemplate.name;
    metadata.zone = host.labels.zone;
    metadata.pool = host.labels.pool;
    metadata.createdAtMs = kCreationEpochMs - static_cast<std::int64_t>(m_random() % kCreationSpanMs);
    if (auto appended = appendSimulatedDomain(node, domainName, sandboxTemplate, runState, metadata); !appended)
        return appended;

    appendVolume(pool, overlayVolumeName(domainName), sandboxTemplate.diskMiB * kBytesPerMiB);
    appendVolume(pool, consoleVolumeName(domainName), 0);
    return {};
}

core::Result<core::HostSpec> SimulatedFleetWriter::writeHost(const std::filesystem::path& directory, int zone,
                                                             const std::string& poolName, int number, int sandboxes)
{
    char hostName[96];
    std::snprintf(hostName, sizeof hostName, "az%d-%s-%02d", zone, poolName.c_str(), number);
    const std::filesystem::path file = directory / (std::string(hostName) + std::string(kSimulatedNodeFileSuffix));

    core::HostSpec host;
    host.name = hostName;
    host.uri = testDriverUri(file.string());
    host.labels.zone = "az" + std::to_string(zone);
    host.labels.pool = poolName;

    const int cpus = kCpuChoices[static_cast<std::size_t>(pick(kCpuChoices.size()))];
    const std::uint64_t memoryGiB = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(cpus) * (pick(2) == 0 ? 4 : 8), 64, 256);
    host.labels.instanceType = "m." + std::to_string(cpus) + "x" + std::to_string(memoryGiB);
    host.labels.costPerHour = (poolName == "serverless" ? 0.09 : 0.05) * cpus;

    pugi::xml_document document;
    pugi::xml_node node = document.append_child("node");
    appendCpu(node, cpus);
    node.append_child("memory").text() = static_cast<unsigned long long>(memoryGiB * kKiBPerGiB);
    pugi::xml_node pool = appendStoragePool(node);
    for (int index = 0; index < sandboxes; ++index) {
        if (auto appended = appendSandbox(node, pool, host); !appended)
            return tl::unexpected(appended.error());
    }

    if (!document.save_file(file.c_str(), "  "))
        return core::fail(core::ErrorCode::StorageError, "Failed to write simulated host file \"" + file.string() + "\": " + std::strerror(errno));
    return host;
}

int SimulatedFleetWriter::hostsInGroup(int group) const
{
    if (!m_options.hostCount)
        return m_options.hostsPerPool;
    const int groups = m_options.zones * static_cast<int>(m_options.pools.size());
    return *m_options.hostCount / groups + (group < *m_options.hostCount % groups ? 1 : 0);
}

int SimulatedFleetWriter::sandboxesOnHost(int host, int hostTotal) const
{
    if (!m_options.sandboxCount || hostTotal <= 0)
        return m_options.sandboxesPerHost;
    return *m_options.sandboxCount / hostTotal + (host < *m_options.sandboxCount % hostTotal ? 1 : 0);
}

core::Result<std::vector<core::HostSpec>> SimulatedFleetWriter::write(const std::filesystem::path& directory)
{
    const int groups = m_options.zones * static_cast<int>(m_options.pools.size());
    const int hostTotal = m_options.hostCount.value_or(groups * m_options.hostsPerPool);
    std::vector<core::HostSpec> hosts;
    int group = 0;
    for (int zone = 1; zone <= m_options.zones; ++zone) {
        for (const std::string& poolName : m_options.pools) {
            const int count = hostsInGroup(group++);
            for (int number = 1; number <= count; ++number) {
                const int sandboxes = sandboxesOnHost(static_cast<int>(hosts.size()), hostTotal);
                core::Result<core::HostSpec> host = writeHost(directory, zone, poolName, number, sandboxes);
                if (!host)
                    return tl::unexpected(host.error());
                hosts.push_back(std::move(*host));
            }
        }
    }
    return hosts;
}

core::Result<std::filesystem::path> prepareDirectory(const std::string& requested)
{
    std::error_code error;
    if (requested.empty()) {
        std::filesystem::path pattern = std::filesystem::temp_directory_path(error) / "shoal-fleet-XXXXXX";
        std::string buffer = pattern.string();
        if (error || !::mkdtemp(buffer.data()))
            return core::fail(core::ErrorCode::StorageError, "Failed to create a temporary folder for the simulated fleet: " + std::string(std::strerror(errno)));
        return std::filesystem::path(buffer);
    }

    std::filesystem::path directory = std::filesystem::absolute(requested, error);
    if (!error)
        std::filesystem::create_directories(directory, error);
    if (error)
        return core::fail(core::ErrorCode::StorageError, "Failed to create the simulated fleet folder \"" + requested + "\": " + error.message());
    return directory;
}

}  // namespace

core::Result<std::vector<core::HostSpec>> createSimulatedFleet(const SimulatedFleetOptions& options)
{
    if (options.zones < 1 || options.pools.empty() || options.hostsPerPool < 1 || options.sandboxesPerHost < 0)
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid simulated fleet: it needs at least 1 zone, 1 pool and 1 host per pool, and no negative sandbox count");
    if (options.hostCount.value_or(1) < 1 || options.sandboxCount.value_or(0) < 0)
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid simulated fleet: it needs a host count of at least 1 and no negative sandbox count");
    for (const std::string& pool : options.pools) {
        if (pool.empty() || !std::all_of(pool.begin(), pool.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }))
            return core::fail(core::ErrorCode::InvalidArgument,
                              "Invalid simulated pool name \"" + pool + "\": use letters, digits, '-' and '_'");
    }

    core::Result<std::filesystem::path> directory = prepareDirectory(options.directory);
    if (!directory)
        return tl::unexpected(directory.error());
    return SimulatedFleetWriter(options).write(*directory);
}

}  // namespace shoal::hypervisor
