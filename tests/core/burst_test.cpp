#include <gtest/gtest.h>

#include "core/burst.h"

namespace shoal::core {
namespace {

// A settable clock in Unix milliseconds; the schedule reads no clock of its own.
struct FakeClock {
    std::int64_t nowMs = 1'700'000'000'000;
    void advanceSeconds(int seconds) { nowMs += std::int64_t{seconds} * 1000; }
};

Template templateWithPlan(BurstPlan plan)
{
    Template sandboxTemplate;
    sandboxTemplate.name = "agent";
    sandboxTemplate.vcpus = 2;
    sandboxTemplate.memoryMiB = 256;
    sandboxTemplate.burst = plan;
    return sandboxTemplate;
}

BurstDeadline deadlineFor(const std::string& id, const std::string& host, std::int64_t startMs, int windowSeconds)
{
    return BurstDeadline{id, host, "shoal-" + id, startMs, startMs + std::int64_t{windowSeconds} * 1000,
                         SandboxQuota{50.0, 256}};
}

struct PlanCase {
    BurstPlan plan;
    bool valid;
    const char* fieldInMessage;
};

class BurstPlanValidation : public ::testing::TestWithParam<PlanCase> {};

TEST_P(BurstPlanValidation, AcceptsOrRejectsWithRange)
{
    const PlanCase& planCase = GetParam();
    Status checked = validateBurstPlan(planCase.plan, templateWithPlan(planCase.plan));
    EXPECT_EQ(checked.has_value(), planCase.valid);
    if (!checked) {
        EXPECT_EQ(checked.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(checked.error().detail.find(planCase.fieldInMessage), std::string::npos) << checked.error().detail;
        EXPECT_NE(checked.error().detail.find("\"agent\""), std::string::npos) << checked.error().detail;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Plans, BurstPlanValidation,
    ::testing::Values(PlanCase{BurstPlan{50.0, 4.0, 10, 512}, true, ""},
                      PlanCase{BurstPlan{100.0, 1.0, 0, 0}, true, ""},
                      PlanCase{BurstPlan{1.0, 16.0, 3600, 256}, true, ""},
                      PlanCase{BurstPlan{0.5, 4.0, 10, 0}, false, "baseline CPU 0.5 % is outside the valid range 1 to 100 %"},
                      PlanCase{BurstPlan{150.0, 1.0, 10, 0}, false, "baseline CPU 150 %"},
                      PlanCase{BurstPlan{50.0, 0.5, 10, 0}, false, "burst factor 0.5 is outside the valid range 1 to 16"},
                      PlanCase{BurstPlan{50.0, 17.0, 10, 0}, false, "burst factor 17"},
                      PlanCase{BurstPlan{50.0, 4.0, -1, 0}, false, "window -1 s"},
                      PlanCase{BurstPlan{50.0, 4.0, 3601, 0}, false, "window 3601 s"},
                      PlanCase{BurstPlan{50.0, 4.0, 10, 128}, false, "burst memory 128 MiB is below"}));

TEST(BurstQuota, BurstMultipliesBaseline)
{
    const Template sandboxTemplate = templateWithPlan(BurstPlan{25.0, 4.0, 10, 512});
    EXPECT_EQ(baselineQuota(sandboxTemplate), (SandboxQuota{25.0, 256}));
    EXPECT_EQ(burstQuota(sandboxTemplate), (SandboxQuota{100.0, 512}));
    EXPECT_EQ(maximumMemoryMiB(sandboxTemplate), 512u);
}

TEST(BurstQuota, ZeroBurstMemoryKeepsTemplateMemory)
{
    const Template sandboxTemplate = templateWithPlan(BurstPlan{50.0, 2.0, 10, 0});
    EXPECT_EQ(burstQuota(sandboxTemplate).memoryMiB, 256u);
    EXPECT_EQ(maximumMemoryMiB(sandboxTemplate), 256u);
}

TEST(BurstSchedule, RevertIsDueAtWindowEnd)
{
    FakeClock clock;
    BurstSchedule schedule;
    schedule.add(deadlineFor("a", "qemu:///system", clock.nowMs, 10));
    EXPECT_EQ(schedule.nextDueMs(), clock.nowMs + 10'000);
    EXPECT_TRUE(schedule.isInWindow("a", clock.nowMs));

    clock.advanceSeconds(9);
    EXPECT_TRUE(schedule.takeDue(clock.nowMs).empty());
    EXPECT_TRUE(schedule.isInWindow("a", clock.nowMs));

    clock.advanceSeconds(1);
    std::vector<BurstDeadline> due = schedule.takeDue(clock.nowMs);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].sandboxId, "a");
    EXPECT_EQ(schedule.size(), 0u);
    EXPECT_FALSE(schedule.nextDueMs().has_value());
}

TEST(BurstSchedule, DueDeadlinesComeEarliestFirst)
{
    FakeClock clock;
    BurstSchedule schedule;
    schedule.add(deadlineFor("late", "h", clock.nowMs, 8));
    schedule.add(deadlineFor("early", "h", clock.nowMs, 2));
    schedule.add(deadlineFor("later", "h", clock.nowMs, 30));
    clock.advanceSeconds(10);
    std::vector<BurstDeadline> due = schedule.takeDue(clock.nowMs);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].sandboxId, "early");
    EXPECT_EQ(due[1].sandboxId, "late");
    EXPECT_EQ(schedule.nextDueMs(), clock.nowMs + 20'000);
}

TEST(BurstSchedule, WakeInsideWindowExtendsIt)
{
    FakeClock clock;
    BurstSchedule schedule;
    schedule.add(deadlineFor("a", "h", clock.nowMs, 10));
    clock.advanceSeconds(5);
    schedule.add(deadlineFor("a", "h", clock.nowMs, 10));
    clock.advanceSeconds(6);
    EXPECT_TRUE(schedule.takeDue(clock.nowMs).empty());
    clock.advanceSeconds(4);
    EXPECT_EQ(schedule.takeDue(clock.nowMs).size(), 1u);
}

TEST(BurstSchedule, TakeDueFiltersByHost)
{
    FakeClock clock;
    BurstSchedule schedule;
    schedule.add(deadlineFor("a", "host-a", clock.nowMs, 1));
    schedule.add(deadlineFor("b", "host-b", clock.nowMs, 1));
    clock.advanceSeconds(2);
    std::vector<BurstDeadline> due = schedule.takeDue(clock.nowMs, "host-b");
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].sandboxId, "b");
    EXPECT_TRUE(schedule.find("a").has_value());
}

TEST(BurstSchedule, RemovedSandboxIsNeverDue)
{
    FakeClock clock;
    BurstSchedule schedule;
    schedule.add(deadlineFor("a", "h", clock.nowMs, 1));
    schedule.remove("a");
    clock.advanceSeconds(5);
    EXPECT_TRUE(schedule.takeDue(clock.nowMs).empty());
}

TEST(BurstSchedule, RestartMidWindowRevertsOnTime)
{
    FakeClock clock;
    BurstSchedule before;
    before.add(deadlineFor("a", "h", clock.nowMs, 10));
    const std::vector<BurstDeadline> stored{*before.find("a")};

    clock.advanceSeconds(4);
    BurstSchedule after;
    after.restore(stored);
    EXPECT_TRUE(after.takeDue(clock.nowMs).empty());
    EXPECT_EQ(after.nextDueMs(), stored[0].windowEndMs);
    clock.advanceSeconds(6);
    EXPECT_EQ(after.takeDue(clock.nowMs).size(), 1u);
}

TEST(BurstSchedule, RestartAfterDeadlineRevertsAtOnce)
{
    FakeClock clock;
    const std::vector<BurstDeadline> stored{deadlineFor("a", "h", clock.nowMs, 10)};
    clock.advanceSeconds(60);
    BurstSchedule after;
    after.restore(stored);
    std::vector<BurstDeadline> due = after.takeDue(clock.nowMs);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].baseline, (SandboxQuota{50.0, 256}));
}

TEST(BurstStatus, PlannedOnlyWithoutHostReadBack)
{
    const BurstDeadline deadline = deadlineFor("a", "h", 1000, 10);
    BurstStatus planned = burstStatusOf(deadline, SandboxQuota{200.0, 512}, std::nullopt, true);
    EXPECT_FALSE(planned.appliedOnHost);
    EXPECT_FALSE(planned.appliedCpuPercent.has_value());
    EXPECT_EQ(planned.plannedCpuPercent, 200.0);
    EXPECT_EQ(planned.windowEndMs, 11'000);

    BurstStatus applied = burstStatusOf(deadline, SandboxQuota{200.0, 512}, AppliedQuota{199.0, 512}, true);
    EXPECT_TRUE(applied.appliedOnHost);
    EXPECT_EQ(applied.appliedCpuPercent, 199.0);
    EXPECT_EQ(applied.appliedMemoryMiB, 512u);
}

}  // namespace
}  // namespace shoal::core
