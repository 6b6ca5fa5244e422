#include <gtest/gtest.h>

#include "bench/placementbench.h"

namespace shoal::bench {
namespace {

PlacementBenchResult runSmallTrace(int hosts, int requests, std::uint32_t seed)
{
    PlacementTraceOptions options;
    options.hosts = hosts;
    options.requests = requests;
    options.seed = seed;
    return runPlacementBench(options);
}

// 8,000 requests are enough for the burst to push 200 hosts' queue past 500.
TEST(PlacementBench, SmallTraceMatchesReferenceAndOverflows)
{
    const PlacementBenchResult result = runSmallTrace(200, 8000, 1);

    EXPECT_GE(result.referenceSample, 2000u);
    EXPECT_EQ(result.referenceMismatches, 0u);
    EXPECT_TRUE(result.referenceMatch());
    EXPECT_TRUE(result.overflowUsed());
    EXPECT_GT(result.peakPending, 500);
    EXPECT_EQ(result.finalPending, 0);
    EXPECT_EQ(result.placements, 8000u);
    EXPECT_GT(result.refusals, 0u);
    EXPECT_GT(result.reusedRefusals, 0u);
}

TEST(PlacementBench, SameSeedGivesSameTrace)
{
    const PlacementBenchResult first = runSmallTrace(100, 2000, 7);
    const PlacementBenchResult second = runSmallTrace(100, 2000, 7);

    EXPECT_EQ(first.decisions, second.decisions);
    EXPECT_EQ(first.overflowPlacements, second.overflowPlacements);
    EXPECT_EQ(first.peakPending, second.peakPending);
    EXPECT_TRUE(second.referenceMatch());
}

TEST(PlacementBench, JsonCarriesEveryReportedFigure)
{
    const nlohmann::json json = toJson(runSmallTrace(100, 2000, 2));

    for (const char *key : {"decisions_per_s", "p50_us", "p99_us", "peak_rss_mb", "reference_match",
                            "reference_sample", "reference_decisions_per_s", "overflow_used",
                            "peak_pending", "trace"})
        EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_EQ(json["trace"]["hosts"], 100);
    EXPECT_EQ(json["trace"]["requests"], 2000);
}

}  // namespace
}  // namespace shoal::bench
