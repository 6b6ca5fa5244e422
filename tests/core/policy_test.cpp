#include <gtest/gtest.h>

#include <string>

#include "core/policy.h"

namespace shoal::core {
namespace {

using namespace std::chrono_literals;

constexpr const char *kFullPolicy = R"(units:
  - name: baseline
    hosts: {pool: baseline}
    max: 4000
  - name: serverless
    hosts: {pool: serverless, zone: az2, instanceType: m.large}
    when:
      pendingAbove: 500
      oldestWaitAbove: 30s
spread: {by: zone, maxSkew: 2, whenUnsatisfiable: schedule-anyway}
score: most-allocated
overcommit: {cpu: 4.0, memory: 1.5}
burstHeadroom: true
)";

TEST(PolicyParse, FullPolicyReadsEveryField)
{
    const Result<Policy> policy = parsePolicy(kFullPolicy);
    ASSERT_TRUE(policy.has_value()) << policy.error().detail;
    ASSERT_EQ(policy->units.size(), 2u);

    const PlacementUnit &baseline = policy->units[0];
    EXPECT_EQ(baseline.name, "baseline");
    EXPECT_EQ(baseline.hosts.pool, "baseline");
    EXPECT_FALSE(baseline.hosts.zone.has_value());
    EXPECT_EQ(baseline.max, 4000);
    EXPECT_FALSE(baseline.when.has_value());

    const PlacementUnit &serverless = policy->units[1];
    EXPECT_EQ(serverless.hosts.zone, "az2");
    EXPECT_EQ(serverless.hosts.instanceType, "m.large");
    EXPECT_FALSE(serverless.max.has_value());
    ASSERT_TRUE(serverless.when.has_value());
    EXPECT_EQ(serverless.when->pendingAbove, 500);
    EXPECT_EQ(serverless.when->oldestWaitAbove, 30s);

    ASSERT_TRUE(policy->spread.has_value());
    EXPECT_EQ(policy->spread->maxSkew, 2);
    EXPECT_EQ(policy->spread->whenUnsatisfiable, WhenUnsatisfiable::ScheduleAnyway);
    EXPECT_EQ(policy->score, ScoreStrategy::MostAllocated);
    EXPECT_DOUBLE_EQ(policy->overcommit.cpu, 4.0);
    EXPECT_DOUBLE_EQ(policy->overcommit.memory, 1.5);
    EXPECT_TRUE(policy->burstHeadroom);
}

TEST(PolicyParse, MissingOptionalKeysTakeDefaults)
{
    const Result<Policy> policy = parsePolicy("units:\n  - name: all\n");
    ASSERT_TRUE(policy.has_value()) << policy.error().detail;
    ASSERT_EQ(policy->units.size(), 1u);
    EXPECT_FALSE(policy->units[0].hosts.pool.has_value());
    EXPECT_FALSE(policy->units[0].max.has_value());
    EXPECT_FALSE(policy->spread.has_value());
    EXPECT_EQ(policy->score, ScoreStrategy::LeastAllocated);
    EXPECT_DOUBLE_EQ(policy->overcommit.cpu, 1.0);
    EXPECT_DOUBLE_EQ(policy->overcommit.memory, 1.0);
    EXPECT_FALSE(policy->burstHeadroom);
}

TEST(PolicyParse, SpreadDefaultsToSkewOneDoNotSchedule)
{
    const Result<Policy> policy = parsePolicy("units: [{name: a}]\nspread: {by: zone}\n");
    ASSERT_TRUE(policy.has_value()) << policy.error().detail;
    ASSERT_TRUE(policy->spread.has_value());
    EXPECT_EQ(policy->spread->maxSkew, 1);
    EXPECT_EQ(policy->spread->whenUnsatisfiable, WhenUnsatisfiable::DoNotSchedule);
}

TEST(PolicyDuration, ParsesEachUnit)
{
    EXPECT_EQ(parseDuration("500ms"), 500ms);
    EXPECT_EQ(parseDuration("30s"), 30s);
    EXPECT_EQ(parseDuration("2m"), 2min);
    EXPECT_EQ(parseDuration("1h"), 1h);
    EXPECT_EQ(parseDuration("0s"), 0ms);
}

TEST(PolicyDuration, RejectsMalformedText)
{
    EXPECT_FALSE(parseDuration("").has_value());
    EXPECT_FALSE(parseDuration("30").has_value());
    EXPECT_FALSE(parseDuration("s").has_value());
    EXPECT_FALSE(parseDuration("-5s").has_value());
    EXPECT_FALSE(parseDuration("1.5s").has_value());
    EXPECT_FALSE(parseDuration("3 s").has_value());
    EXPECT_FALSE(parseDuration("2d").has_value());
    EXPECT_FALSE(parseDuration("99999999999999999999ms").has_value());
}

TEST(PolicyParse, OddInputReturnsErrorWithoutThrowing)
{
    const char *const inputs[] = {":",
                                  "- - -",
                                  "units: [{name: a, hosts: [zone]}]",
                                  "units: [{name: a}]\nscore: [x]",
                                  "units: [{name: a, max: {n: 1}}]",
                                  "units: [{name: a}]\nspread: {by: [zone]}",
                                  "units: [[name, a]]",
                                  "units:\n\t- name: a",
                                  "[units]",
                                  "units: [{name: a}]\nunits: [{name: b}]\n  bad: indent"};
    for (const char *input : inputs) {
        Result<Policy> policy;
        EXPECT_NO_THROW(policy = parsePolicy(input)) << input;
        EXPECT_FALSE(policy.has_value()) << input;
    }
}

struct BadPolicy {
    const char *name;
    const char *text;
    int line;
    int column;
    const char *reason;
};

void PrintTo(const BadPolicy &bad, std::ostream *out) { *out << bad.name; }

class PolicyRejects : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(PolicyRejects, ReportsLineColumnAndReason)
{
    const BadPolicy &bad = GetParam();
    const Result<Policy> policy = parsePolicy(bad.text);
    ASSERT_FALSE(policy.has_value());
    EXPECT_EQ(policy.error().code, ErrorCode::InvalidArgument);
    const std::string where = "at line " + std::to_string(bad.line) + ", column "
                              + std::to_string(bad.column) + ":";
    EXPECT_NE(policy.error().detail.find(where), std::string::npos) << policy.error().detail;
    EXPECT_NE(policy.error().detail.find(bad.reason), std::string::npos) << policy.error().detail;
}

INSTANTIATE_TEST_SUITE_P(
    BadFiles, PolicyRejects,
    ::testing::Values(
        BadPolicy{"UnknownTopKey", "units: [{name: a}]\nscroe: least-allocated\n", 2, 1,
                  "unknown key \"scroe\" in the policy, expected one of units, spread, score, "
                  "overcommit, burstHeadroom"},
        BadPolicy{"UnknownUnitKey", "units:\n  - name: a\n    maxx: 3\n", 3, 5,
                  "unknown key \"maxx\" in a unit, expected one of name, hosts, max, when"},
        BadPolicy{"UnknownSelectorKey", "units:\n  - name: a\n    hosts: {rack: r1}\n", 3, 13,
                  "unknown key \"rack\" in a host selector"},
        BadPolicy{"MaxNotNumber", "units:\n  - name: a\n    max: lots\n", 3, 10,
                  "\"max\" must be a whole number"},
        BadPolicy{"NegativeMax", "units:\n  - name: a\n    max: -4\n", 3, 10,
                  "\"max\" must not be negative, got -4"},
        BadPolicy{"DuplicateUnitName", "units:\n  - name: a\n  - name: a\n", 3, 11,
                  "duplicate unit name \"a\""},
        BadPolicy{"UnknownScore", "units: [{name: a}]\nscore: cheapest\n", 2, 8,
                  "unknown score \"cheapest\", expected least-allocated or most-allocated"},
        BadPolicy{"MalformedDuration",
                  "units:\n  - name: a\n    when: {oldestWaitAbove: 30 seconds}\n", 3, 29,
                  "\"oldestWaitAbove\" must be a duration"},
        BadPolicy{"EmptyUnits", "units: []\n", 1, 8, "\"units\" must list at least one unit"},
        BadPolicy{"MissingUnits", "score: least-allocated\n", 1, 1, "the policy needs \"units\""},
        BadPolicy{"EmptyDocument", "", 1, 1, "a policy must be a mapping"},
        BadPolicy{"SyntaxError", "units:\n  - name: [a\n", 3, 1, "YAML syntax error"},
        BadPolicy{"UnitsNotList", "units: {name: a}\n", 1, 8, "\"units\" must be a list"},
        BadPolicy{"UnitWithoutName", "units:\n  - max: 3\n", 2, 5, "a unit needs a \"name\""},
        BadPolicy{"NameNotString", "units:\n  - name: [a, b]\n", 2, 11,
                  "\"name\" must be a non-empty string"},
        BadPolicy{"EmptyWhen", "units:\n  - name: a\n    when: {}\n", 3, 11,
                  "\"when\" needs pendingAbove or oldestWaitAbove"},
        BadPolicy{"NegativePending", "units:\n  - name: a\n    when: {pendingAbove: -1}\n", 3, 26,
                  "\"pendingAbove\" must not be negative"},
        BadPolicy{"SpreadByPool", "units: [{name: a}]\nspread: {by: pool}\n", 2, 14,
                  "\"by\" must be zone, got \"pool\""},
        BadPolicy{"ZeroSkew", "units: [{name: a}]\nspread: {maxSkew: 0}\n", 2, 19,
                  "\"maxSkew\" must be between 1 and 1000000, got 0"},
        BadPolicy{"UnknownUnsatisfiable",
                  "units: [{name: a}]\nspread: {whenUnsatisfiable: maybe}\n", 2, 29,
                  "unknown whenUnsatisfiable \"maybe\""},
        BadPolicy{"ZeroOvercommit", "units: [{name: a}]\novercommit: {cpu: 0}\n", 2, 19,
                  "\"cpu\" must be greater than 0, got 0"},
        BadPolicy{"OvercommitNotNumber", "units: [{name: a}]\novercommit: {memory: much}\n", 2,
                  22, "\"memory\" must be a number"},
        BadPolicy{"BurstHeadroomNotBool", "units: [{name: a}]\nburstHeadroom: often\n", 2, 16,
                  "\"burstHeadroom\" must be true or false"},
        BadPolicy{"DuplicateKey", "units: [{name: a}]\nscore: least-allocated\nscore: most-allocated\n",
                  3, 1, "duplicate key \"score\" in the policy"},
        BadPolicy{"SpreadNotMap", "units: [{name: a}]\nspread: zone\n", 2, 9,
                  "\"spread\" must be a mapping"}),
    [](const ::testing::TestParamInfo<BadPolicy> &info) { return std::string(info.param.name); });

}  // namespace
}  // namespace shoal::core
