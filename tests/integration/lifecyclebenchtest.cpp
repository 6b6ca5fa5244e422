// The lifecycle benchmark, run once on the real host: every operation works, every figure and
// goal is reported, and nothing it made is left behind. The figures are printed for the log;
// a timing bound has no place in a test.

#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "bench/lifecyclebench.h"
#include "hypervisor/storagepool.h"
#include "tests/integration/hostinspector.h"
#include "tests/integration/integrationenvironment.h"

namespace shoal::integration {
namespace {

// Returns the domains and volumes of this process's benchmark run that are still on the host.
std::vector<std::string> benchLeftovers(HostInspector& inspector)
{
    const std::string tag = "bench-" + std::to_string(getpid()) + "-";
    std::vector<std::string> left;
    for (const std::string& domain : inspector.domainNames()) {
        if (domain.find(tag) != std::string::npos)
            left.push_back("domain " + domain);
    }
    for (const char* pool : {hypervisor::kStoragePoolName, hypervisor::kScratchPoolName}) {
        for (const std::string& volume : inspector.volumeNames(pool)) {
            if (volume.find(tag) != std::string::npos)
                left.push_back("volume " + volume);
        }
    }
    return left;
}

TEST(LifecycleBench, OneRunReportsEveryFigure)
{
    core::Result<IntegrationSettings> settings = readIntegrationSettings();
    ASSERT_TRUE(settings) << settings.error().detail;
    HostInspector inspector(settings->libvirtUri);
    ASSERT_TRUE(inspector.isOpen()) << inspector.error();

    bench::LifecycleBenchOptions options;
    options.hostUri = settings->libvirtUri;
    options.guestDirectory = settings->guestDirectory;
    options.runs = 1;
    core::Result<bench::LifecycleBenchResult> result =
        bench::runLifecycleBench(options, [](const std::string& line) { std::printf("%s\n", line.c_str()); });
    ASSERT_TRUE(result) << result.error().detail;

    for (const char* figure : {"cold_boot_s", "floor_restore_s", "floor_save_s", "floor_snapshot_clone_s", "snapshot_start_s",
                               "pool_claim_s", "sleep_s", "wake_s", "clone_s", "source_pause_s", "clone8_s"}) {
        EXPECT_GT(result->median(figure), 0.0) << figure;
    }
    EXPECT_EQ(result->goals.size(), 8u);
    std::printf("%s\n", bench::toJson(*result).dump(2).c_str());
    EXPECT_EQ(benchLeftovers(inspector), std::vector<std::string>{});
}

TEST(LifecycleBench, RejectsZeroRuns)
{
    bench::LifecycleBenchOptions options;
    options.runs = 0;
    core::Result<bench::LifecycleBenchResult> result = bench::runLifecycleBench(options);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, core::ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace shoal::integration
