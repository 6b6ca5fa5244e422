#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/libvirthypervisor.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

SimulatedFleetOptions smallFleet(const std::filesystem::path& directory)
{
    SimulatedFleetOptions options;
    options.zones = 1;
    options.pools = {"baseline"};
    options.hostsPerPool = 2;
    options.sandboxesPerHost = 5;
    options.directory = directory.string();
    return options;
}

TEST(SimulatedFleet, WritesDefaultLayout)
{
    TemporaryDirectory directory;
    SimulatedFleetOptions options;
    options.directory = directory.path().string();
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(options);
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;
    ASSERT_EQ(hosts->size(), 24u);

    EXPECT_EQ(hosts->front().name, "az1-baseline-01");
    EXPECT_EQ(hosts->front().labels.zone, "az1");
    EXPECT_EQ(hosts->front().labels.pool, "baseline");
    EXPECT_EQ(hosts->back().name, "az3-serverless-04");
    EXPECT_EQ(hosts->back().labels.zone, "az3");
    EXPECT_EQ(hosts->back().labels.pool, "serverless");
    for (const core::HostSpec& host : *hosts) {
        EXPECT_EQ(host.uri.rfind("test:///", 0), 0u) << host.uri;
        EXPECT_TRUE(std::filesystem::exists(directory.path() / (host.name + ".simulated.xml"))) << host.name;
    }
}

TEST(SimulatedFleet, SameSeedWritesSameFiles)
{
    TemporaryDirectory first;
    TemporaryDirectory second;
    TemporaryDirectory third;
    SimulatedFleetOptions options = smallFleet(first.path());
    ASSERT_TRUE(createSimulatedFleet(options).has_value());
    options.directory = second.path().string();
    ASSERT_TRUE(createSimulatedFleet(options).has_value());
    options.directory = third.path().string();
    options.seed = 2;
    ASSERT_TRUE(createSimulatedFleet(options).has_value());

    const std::string file = "az1-baseline-01.simulated.xml";
    EXPECT_EQ(readFile(first.path() / file), readFile(second.path() / file));
    EXPECT_NE(readFile(first.path() / file), readFile(third.path() / file));
}

TEST(SimulatedFleet, HostsOpenListAndReportCapacity)
{
    TemporaryDirectory directory;
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(smallFleet(directory.path()));
    ASSERT_TRUE(hosts.has_value());

    LibvirtHypervisor hypervisor;
    std::set<std::string> displayNames;
    for (const core::HostSpec& spec : *hosts) {
        core::Result<std::unique_ptr<core::HostConnection>> host = hypervisor.open(spec);
        ASSERT_TRUE(host.has_value()) << host.error().detail;
        core::Status connected = (*host)->connect();
        ASSERT_TRUE(connected.has_value()) << connected.error().detail;

        core::Result<std::vector<core::SandboxInfo>> sandboxes = (*host)->listSandboxes();
        ASSERT_TRUE(sandboxes.has_value()) << sandboxes.error().detail;
        ASSERT_EQ(sandboxes->size(), 5u);
        int allocatedVcpus = 0;
        std::uint64_t allocatedMemoryMiB = 0;
        for (const core::SandboxInfo& sandbox : *sandboxes) {
            EXPECT_EQ(sandbox.metadata.zone, spec.labels.zone);
            EXPECT_EQ(sandbox.metadata.pool, spec.labels.pool);
            EXPECT_EQ(sandbox.domainName, "shoal-" + sandbox.metadata.id);
            EXPECT_FALSE(sandbox.metadata.displayName.empty());
            EXPECT_TRUE(displayNames.insert(sandbox.metadata.displayName).second)
                << "display name \"" << sandbox.metadata.displayName << "\" appears twice in the fleet";
            EXPECT_GT(sandbox.metadata.createdAtMs, 0);
            if (sandbox.state == core::SandboxState::Running || sandbox.state == core::SandboxState::Paused) {
                allocatedVcpus += sandbox.vcpus;
                allocatedMemoryMiB += sandbox.memoryMiB;
            }
        }

        core::Result<core::HostCapacity> capacity = (*host)->capacity();
        ASSERT_TRUE(capacity.has_value()) << capacity.error().detail;
        EXPECT_GE(capacity->cpus, 16);
        EXPECT_LE(capacity->cpus, 64);
        EXPECT_GE(capacity->memoryMiB, 64u * 1024);
        EXPECT_LE(capacity->memoryMiB, 256u * 1024);
        EXPECT_EQ(capacity->allocatedVcpus, allocatedVcpus);
        EXPECT_EQ(capacity->allocatedMemoryMiB, allocatedMemoryMiB);
        EXPECT_GT(capacity->storageCapacityBytes, 0u);
    }
}

TEST(SimulatedFleet, MostSandboxesRun)
{
    TemporaryDirectory directory;
    SimulatedFleetOptions options = smallFleet(directory.path());
    options.hostsPerPool = 4;
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(options);
    ASSERT_TRUE(hosts.has_value());

    int running = 0;
    int total = 0;
    for (const core::HostSpec& spec : *hosts) {
        auto host = testing::connectHost(spec.uri);
        core::Result<std::vector<core::SandboxInfo>> sandboxes = host->listSandboxes();
        ASSERT_TRUE(testing::succeeded(sandboxes));
        for (const core::SandboxInfo& sandbox : *sandboxes) {
            running += sandbox.state == core::SandboxState::Running ? 1 : 0;
            ++total;
        }
    }
    EXPECT_EQ(total, 20);
    EXPECT_GT(running, total / 2);
}

TEST(SimulatedFleet, AwkwardDirectoryStillOpens)
{
    TemporaryDirectory parent;
    std::filesystem::path directory = parent.path() / "my fleet & [test]";
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(smallFleet(directory));
    ASSERT_TRUE(hosts.has_value()) << hosts.error().detail;
    auto host = testing::connectHost(hosts->front().uri);
    ASSERT_TRUE(host->isConnected());
    EXPECT_EQ(host->listSandboxes()->size(), 5u);
}

TEST(SimulatedFleet, CreateAndDestroyWorkOnSimulatedHost)
{
    TemporaryDirectory directory;
    TemporaryDirectory files;
    core::Result<std::vector<core::HostSpec>> hosts = createSimulatedFleet(smallFleet(directory.path()));
    ASSERT_TRUE(hosts.has_value());
    auto host = testing::connectHost(hosts->front().uri);
    std::set<std::string> volumesBefore = testing::volumeNames(host->rawConnectionForTesting());

    core::Result<core::SandboxInfo> created =
        host->createSandbox(testing::sandboxSpec(testing::writeTemplateFiles(files.path()), "simnew"));
    ASSERT_TRUE(created.has_value()) << created.error().detail;
    EXPECT_EQ(host->listSandboxes()->size(), 6u);

    ASSERT_TRUE(testing::succeeded(host->destroySandbox("shoal-simnew")));
    EXPECT_EQ(host->listSandboxes()->size(), 5u);
    std::set<std::string> volumesAfter = testing::volumeNames(host->rawConnectionForTesting());
    EXPECT_FALSE(volumesAfter.count("shoal-simnew.qcow2"));
    EXPECT_TRUE(std::includes(volumesAfter.begin(), volumesAfter.end(), volumesBefore.begin(), volumesBefore.end()));
}

TEST(SimulatedFleet, RejectsInvalidOptions)
{
    SimulatedFleetOptions options;
    options.zones = 0;
    EXPECT_EQ(createSimulatedFleet(options).error().code, core::ErrorCode::InvalidArgument);
    options = {};
    options.pools = {"bad/pool"};
    EXPECT_EQ(createSimulatedFleet(options).error().code, core::ErrorCode::InvalidArgument);
}

TEST(SimulatedFleet, UnwritableDirectoryIsStorageError)
{
    SimulatedFleetOptions options;
    options.directory = "/proc/shoal-cannot-write-here";
    EXPECT_EQ(createSimulatedFleet(options).error().code, core::ErrorCode::StorageError);
}

}  // namespace
}  // namespace shoal::hypervisor
