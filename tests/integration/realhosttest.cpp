// Sandboxes on a real libvirtd booting the real guest under QEMU. Every test fails, instead of
// skipping, when the host or the guest is missing.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/fleet.h"
#include "core/store.h"
#include "core/templatecatalog.h"
#include "hypervisor/libvirthypervisor.h"
#include "hypervisor/storagepool.h"
#include "tests/integration/hostinspector.h"
#include "tests/integration/integrationenvironment.h"

namespace shoal::integration {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::seconds kReadyTimeout{90};
constexpr std::string_view kHeartbeatPrefix = "SHOAL-HEARTBEAT ";

// Returns the counter of the last complete heartbeat line in `console`, if there is one. The
// guest's tty turns each "\n" into "\r\n", so a line ends with either.
std::optional<long> lastHeartbeat(const std::string& console)
{
    std::size_t position = console.rfind(kHeartbeatPrefix);
    while (position != std::string::npos) {
        const std::size_t start = position + kHeartbeatPrefix.size();
        std::size_t end = start;
        while (end < console.size() && std::isdigit(static_cast<unsigned char>(console[end])))
            ++end;
        const bool complete = end < console.size() && (console[end] == '\r' || console[end] == '\n');
        if (end > start && complete)
            return std::stol(console.substr(start, end - start));
        if (position == 0)
            break;
        position = console.rfind(kHeartbeatPrefix, position - 1);
    }
    return std::nullopt;
}

// Returns true when `volumeName` is a volume of the domain `domainName`: its overlay, its console log
// or a rotated copy of the log, all named after the domain.
bool belongsToDomain(const std::string& volumeName, const std::string& domainName)
{
    return volumeName.size() > domainName.size() && volumeName.compare(0, domainName.size(), domainName) == 0 &&
           volumeName[domainName.size()] == '.';
}

class RealHostTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        core::Result<IntegrationSettings> settings = readIntegrationSettings();
        ASSERT_TRUE(settings) << settings.error().detail;
        m_settings = *settings;

        m_inspector = std::make_unique<HostInspector>(m_settings.libvirtUri);
        ASSERT_TRUE(m_inspector->isOpen()) << m_inspector->error()
                                           << "; start libvirtd with scripts/start-libvirtd";

        ASSERT_FALSE(m_directory.path().empty()) << "Failed to create a temporary directory";
        core::Result<std::unique_ptr<core::Store>> store = core::Store::open((m_directory.path() / "shoal.db").string());
        ASSERT_TRUE(store) << store.error().detail;
        m_store = std::move(*store);
    }

    void TearDown() override
    {
        // A test that failed half-way may have left sandboxes running. Remove them, so that the
        // next test and the next run start from a clean host.
        if (m_fleet != nullptr) {
            for (const std::string& name : m_createdNames) {
                if (m_fleet->findSandbox(name))
                    m_fleet->destroySandbox(name);
            }
        }
        m_fleet.reset();
    }

    // Starts a fleet on the private store and adds the real host. Templates that a test saves
    // in the store before this call are loaded with the built-in ones.
    void startFleet()
    {
        core::FleetOptions options;
        options.guestDirectory = m_settings.guestDirectory;
        m_fleet = std::make_unique<core::Fleet>(m_hypervisor, *m_store, options);

        core::Status loaded = m_fleet->load();
        ASSERT_TRUE(loaded) << loaded.error().detail;

        core::HostSpec host;
        host.uri = m_settings.libvirtUri;
        host.labels.zone = "local";
        host.labels.pool = "baseline";
        core::Result<core::HostStatus> added = m_fleet->addHost(host, core::Fleet::Persistence::InMemory);
        ASSERT_TRUE(added) << added.error().detail;
        ASSERT_EQ(added->connection, core::ConnectionState::Connected) << added->lastError;
    }

    // Returns a display name made unique with the process id and the current time, so that
    // leftovers of earlier runs on a shared libvirtd do not collide with it.
    std::string uniqueDisplayName(std::string_view purpose)
    {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        std::string name = "it-" + std::string(purpose) + "-" + std::to_string(getpid()) + "-" +
                           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count() % 100000000);
        m_createdNames.push_back(name);
        return name;
    }

    core::CreateRequest tinyRequest(const std::string& displayName, bool waitReady)
    {
        core::CreateRequest request;
        request.templateName = "tiny";
        request.hostUri = m_settings.libvirtUri;
        request.displayName = displayName;
        request.waitReady = waitReady;
        request.readyTimeout = kReadyTimeout;
        // These tests follow the cold boot: its console shows the ready line and the disk marker.
        request.startMode = core::StartMode::Cold;
        return request;
    }

    std::vector<std::string> shoalVolumes() { return m_inspector->volumeNames(hypervisor::kStoragePoolName); }

    // Returns the volumes in Shoal's pool that are named after a domain which does not exist,
    // among those not in `before`.
    std::vector<std::string> newOrphanVolumes(const std::vector<std::string>& before)
    {
        const std::vector<std::string> domains = m_inspector->domainNames();
        std::vector<std::string> orphans;
        for (const std::string& volume : shoalVolumes()) {
            if (std::find(before.begin(), before.end(), volume) != before.end())
                continue;
            const bool owned = std::any_of(domains.begin(), domains.end(),
                                           [&](const std::string& domain) { return belongsToDomain(volume, domain); });
            if (!owned)
                orphans.push_back(volume);
        }
        return orphans;
    }

    IntegrationSettings m_settings;
    TemporaryDirectory m_directory;
    std::unique_ptr<HostInspector> m_inspector;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::Fleet> m_fleet;
    std::vector<std::string> m_createdNames;
};

TEST_F(RealHostTest, FleetSleepsWakesAndClonesSnapshotStartedSandbox)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    const std::string name = uniqueDisplayName("life");
    core::CreateRequest request = tinyRequest(name, true);
    request.startMode.reset();  // the host's fastest path: a warm-state restore

    core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);

    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(created->front().state, core::SandboxState::Running);
    core::Status slept = m_fleet->sleepSandbox(name);
    ASSERT_TRUE(slept) << slept.error().detail;
    EXPECT_EQ(m_fleet->findSandbox(name)->state, core::SandboxState::Asleep);
    EXPECT_TRUE(m_inspector->hasDomain(created->front().domainName)) << "an asleep sandbox stays defined";

    core::Status woken = m_fleet->wakeSandbox(name);
    ASSERT_TRUE(woken) << woken.error().detail;
    EXPECT_EQ(m_fleet->findSandbox(name)->state, core::SandboxState::Running);

    const std::string prefix = uniqueDisplayName("branch");
    m_createdNames.push_back(prefix + "-1");
    m_createdNames.push_back(prefix + "-2");
    core::Result<std::vector<core::SandboxInfo>> clones = m_fleet->cloneSandbox(name, 2, prefix);
    ASSERT_TRUE(clones) << clones.error().detail;
    ASSERT_EQ(clones->size(), 2u);
    for (const core::SandboxInfo& clone : *clones) {
        EXPECT_EQ(clone.state, core::SandboxState::Running) << clone.metadata.displayName;
        EXPECT_EQ(clone.metadata.parentId, created->front().metadata.id);
        EXPECT_TRUE(m_inspector->hasDomain(clone.domainName)) << clone.domainName;
    }
    EXPECT_EQ(m_fleet->findSandbox(name)->state, core::SandboxState::Running);
    core::Result<core::PlacementExplanation> explained = m_fleet->explainPlacement(prefix + "-1");
    ASSERT_TRUE(explained) << explained.error().detail;
    EXPECT_EQ(explained->cloneOf, name);

    for (const std::string& target : {prefix + "-1", prefix + "-2", name}) {
        core::Status destroyed = m_fleet->destroySandbox(target);
        EXPECT_TRUE(destroyed) << target << ": " << destroyed.error().detail;
    }
    EXPECT_FALSE(m_inspector->hasDomain(created->front().domainName));
}

TEST_F(RealHostTest, TinyBootsBeatsAndIsDestroyed)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    const std::string name = uniqueDisplayName("tiny");

    const auto requested = std::chrono::steady_clock::now();
    core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(tinyRequest(name, true));
    const auto readyAfter = std::chrono::steady_clock::now() - requested;
    ASSERT_TRUE(created) << created.error().detail;
    ASSERT_EQ(created->size(), 1u);
    const core::SandboxInfo sandbox = created->front();
    EXPECT_EQ(sandbox.metadata.displayName, name);
    EXPECT_EQ(sandbox.state, core::SandboxState::Running);
    EXPECT_LT(readyAfter, kReadyTimeout);
    RecordProperty("create_to_ready_ms",
                   static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(readyAfter).count()));
    EXPECT_TRUE(m_inspector->hasDomain(sandbox.domainName)) << "domain \"" << sandbox.domainName << "\"";

    core::Result<std::string> console = m_fleet->readConsole(name, 64 * 1024);
    ASSERT_TRUE(console) << console.error().detail;
    EXPECT_NE(console->find("SHOAL-READY uptime="), std::string::npos) << *console;
    EXPECT_NE(console->find("SHOAL-DISK-MARKER none"), std::string::npos) << *console;

    // The guest prints a heartbeat every second, so wait for the counter to move on by two.
    const long firstHeartbeat = lastHeartbeat(*console).value_or(0);
    long latestHeartbeat = firstHeartbeat;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (latestHeartbeat < firstHeartbeat + 2 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(500ms);
        console = m_fleet->readConsole(name, 64 * 1024);
        ASSERT_TRUE(console) << console.error().detail;
        latestHeartbeat = lastHeartbeat(*console).value_or(latestHeartbeat);
    }
    EXPECT_GE(latestHeartbeat, firstHeartbeat + 2) << "console:\n" << *console;

    const std::vector<std::string> volumesBefore = shoalVolumes();
    const bool hadOverlay = std::any_of(volumesBefore.begin(), volumesBefore.end(), [&](const std::string& volume) {
        return volume == sandbox.domainName + ".qcow2";
    });
    EXPECT_TRUE(hadOverlay) << "no overlay volume \"" << sandbox.domainName << ".qcow2\" in pool \""
                            << hypervisor::kStoragePoolName << "\"";

    core::Status destroyed = m_fleet->destroySandbox(name);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;

    core::Result<core::SandboxInfo> found = m_fleet->findSandbox(name);
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().code, core::ErrorCode::NotFound);
    EXPECT_FALSE(m_inspector->hasDomain(sandbox.domainName)) << "domain \"" << sandbox.domainName << "\" is left";

    const std::vector<std::string> volumesAfter = shoalVolumes();
    for (const std::string& volume : volumesAfter)
        EXPECT_FALSE(belongsToDomain(volume, sandbox.domainName)) << "volume \"" << volume << "\" is left";
    for (const std::string& volume : volumesBefore) {
        if (belongsToDomain(volume, sandbox.domainName))
            continue;
        EXPECT_NE(std::find(volumesAfter.begin(), volumesAfter.end(), volume), volumesAfter.end())
            << "destroy deleted volume \"" << volume << "\", which is not the sandbox's";
    }
}

TEST_F(RealHostTest, MissingKernelFailsAndLeavesNothing)
{
    core::Template broken = core::TemplateCatalog::builtInTiny(m_settings.guestDirectory);
    broken.name = "it-missing-kernel";
    broken.builtIn = false;
    broken.kernelPath = (m_directory.path() / "no-such-guest" / "vmlinuz").string();
    core::Status saved = m_store->saveTemplate(broken);
    ASSERT_TRUE(saved) << saved.error().detail;
    ASSERT_NO_FATAL_FAILURE(startFleet());

    const std::string name = uniqueDisplayName("no-kernel");
    const std::vector<std::string> volumesBefore = shoalVolumes();

    core::CreateRequest request = tinyRequest(name, true);
    request.templateName = broken.name;
    core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);

    ASSERT_FALSE(created) << "create succeeded with kernel \"" << broken.kernelPath << "\"";
    EXPECT_EQ(created.error().code, core::ErrorCode::NotFound) << created.error().detail;
    EXPECT_NE(created.error().detail.find(broken.kernelPath), std::string::npos) << created.error().detail;
    EXPECT_FALSE(m_fleet->findSandbox(name));
    EXPECT_TRUE(m_inspector->domainsWithMetadataText(name).empty());
    EXPECT_TRUE(newOrphanVolumes(volumesBefore).empty());
}

TEST_F(RealHostTest, DuplicateDisplayNameIsRejected)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    const std::string name = uniqueDisplayName("twice");

    core::Result<std::vector<core::SandboxInfo>> first = m_fleet->createSandboxes(tinyRequest(name, false));
    ASSERT_TRUE(first) << first.error().detail;
    ASSERT_EQ(first->size(), 1u);
    const std::vector<std::string> volumesBefore = shoalVolumes();

    core::Result<std::vector<core::SandboxInfo>> second = m_fleet->createSandboxes(tinyRequest(name, false));
    ASSERT_FALSE(second) << "the second create with display name \"" << name << "\" succeeded";
    EXPECT_EQ(second.error().code, core::ErrorCode::AlreadyExists) << second.error().detail;
    EXPECT_NE(second.error().detail.find(name), std::string::npos) << second.error().detail;

    // Display names are compared ignoring letter case, so "IT-TWICE-..." is the same name.
    std::string upperCaseName = name;
    std::transform(upperCaseName.begin(), upperCaseName.end(), upperCaseName.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    core::Result<std::vector<core::SandboxInfo>> third = m_fleet->createSandboxes(tinyRequest(upperCaseName, false));
    ASSERT_FALSE(third) << "create with display name \"" << upperCaseName << "\" succeeded beside \"" << name << "\"";
    EXPECT_EQ(third.error().code, core::ErrorCode::AlreadyExists) << third.error().detail;

    const std::vector<std::string> domains = m_inspector->domainsWithMetadataText(name);
    ASSERT_EQ(domains.size(), 1u);
    EXPECT_EQ(domains.front(), first->front().domainName);
    EXPECT_TRUE(newOrphanVolumes(volumesBefore).empty());

    core::Status destroyed = m_fleet->destroySandbox(name);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
    EXPECT_FALSE(m_inspector->hasDomain(first->front().domainName));
}

// Returns the sample of `domainName` in `samples`, if the host reported it.
std::optional<core::SandboxStats> statsOf(const std::vector<core::SandboxStats>& samples, const std::string& domainName)
{
    for (const core::SandboxStats& stats : samples) {
        if (stats.domainName == domainName)
            return stats;
    }
    return std::nullopt;
}

TEST_F(RealHostTest, StatsShowCpuTimeRising)
{
    ASSERT_NO_FATAL_FAILURE(startFleet());
    const std::string name = uniqueDisplayName("stats");
    core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(tinyRequest(name, true));
    ASSERT_TRUE(created) << created.error().detail;
    const std::string domainName = created->front().domainName;

    // A connection of its own, so the samples are the hypervisor layer's answer alone.
    core::HostSpec spec;
    spec.uri = m_settings.libvirtUri;
    core::Result<std::unique_ptr<core::HostConnection>> opened = m_hypervisor.open(spec);
    ASSERT_TRUE(opened) << opened.error().detail;
    core::HostConnection& connection = **opened;
    ASSERT_TRUE(connection.connect());
    core::Result<core::HostCapabilities> capabilities = connection.probe();
    ASSERT_TRUE(capabilities) << capabilities.error().detail;
    EXPECT_TRUE(capabilities->canBulkStats);

    core::Result<std::vector<core::SandboxStats>> first = connection.collectStats();
    ASSERT_TRUE(first) << first.error().detail;
    std::optional<core::SandboxStats> before = statsOf(*first, domainName);
    ASSERT_TRUE(before.has_value()) << "no stats for \"" << domainName << "\"";
    EXPECT_EQ(before->state, core::SandboxState::Running);
    ASSERT_TRUE(before->cpuTimeNs.has_value());
    EXPECT_EQ(before->vcpus, created->front().vcpus);
    EXPECT_TRUE(before->balloonCurrentKiB.has_value());
    EXPECT_TRUE(before->blockReadBytes.has_value());

    // The guest prints a heartbeat every second, so its CPU time keeps rising. The deadline only
    // guards against a hang.
    std::optional<core::SandboxStats> after;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(500ms);
        core::Result<std::vector<core::SandboxStats>> next = connection.collectStats();
        ASSERT_TRUE(next) << next.error().detail;
        after = statsOf(*next, domainName);
        if (after && after->cpuTimeNs && *after->cpuTimeNs > *before->cpuTimeNs)
            break;
    }
    ASSERT_TRUE(after.has_value() && after->cpuTimeNs.has_value());
    EXPECT_GT(*after->cpuTimeNs, *before->cpuTimeNs);
    EXPECT_GT(after->timestampMs, before->timestampMs);
    connection.disconnect();

    // The fleet polls the same host once a second and turns the counters into a CPU rate.
    bool sawCpuRate = false;
    while (!sawCpuRate && std::chrono::steady_clock::now() < deadline + 60s) {
        std::this_thread::sleep_for(500ms);
        core::Result<core::StatsSeries> series = m_fleet->sandboxStats(name);
        ASSERT_TRUE(series) << series.error().detail;
        sawCpuRate = std::any_of(series->points.begin(), series->points.end(),
                                 [](const core::StatsPoint& point) { return point.cpuPercent > 0.0F; });
    }
    EXPECT_TRUE(sawCpuRate);

    core::Status destroyed = m_fleet->destroySandbox(name);
    ASSERT_TRUE(destroyed) << destroyed.error().detail;
}

}  // namespace
}  // namespace shoal::integration
