#include <string>

#include <gtest/gtest.h>

#include "core/inventory.h"
#include "core/names.h"

namespace shoal::core {
namespace {

struct NameCase {
    const char* label;
    std::string name;
    bool accepted;
    std::string messagePart;  // expected in the error detail when rejected
};

void PrintTo(const NameCase& nameCase, std::ostream* out)
{
    *out << nameCase.label;
}

class DisplayNameRule : public ::testing::TestWithParam<NameCase> {};

TEST_P(DisplayNameRule, AcceptsOrRejectsWithReason)
{
    const NameCase& nameCase = GetParam();
    Status result = validateDisplayName(nameCase.name);

    ASSERT_EQ(result.has_value(), nameCase.accepted) << (result ? "" : result.error().detail);
    if (!nameCase.accepted) {
        EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(result.error().detail.find(nameCase.messagePart), std::string::npos) << result.error().detail;
    }
}

std::string repeat(const std::string& text, int count)
{
    std::string out;
    for (int i = 0; i < count; ++i)
        out += text;
    return out;
}

INSTANTIATE_TEST_SUITE_P(
    FieldCases, DisplayNameRule,
    ::testing::Values(
        NameCase{"SpaceInside", "a b", true, ""},
        NameCase{"Slash", "a/b", true, ""},
        NameCase{"Ampersand", "a&b", true, ""},
        NameCase{"LessThan", "a<b", true, ""},
        NameCase{"Apostrophe", "it's", true, ""},
        NameCase{"DoubleQuotes", "\"q\"", true, ""},
        NameCase{"Chinese", "沙箱-1", true, ""},
        NameCase{"OneCharacter", "x", true, ""},
        NameCase{"SixtyFourAscii", repeat("a", 64), true, ""},
        NameCase{"SixtyFourChinese", repeat("沙", 64), true, ""},
        NameCase{"Emoji", "agent 🦀", true, ""},
        NameCase{"Empty", "", false, "empty"},
        NameCase{"LeadingSpace", " lead", false, "starts with white space (U+0020 at character 1)"},
        NameCase{"TrailingSpace", "trail ", false, "ends with white space (U+0020 at character 6)"},
        NameCase{"OnlySpace", " ", false, "starts with white space"},
        NameCase{"LeadingSpaceThenEscape", " a\x1b[31m", false, "control character U+001B at character 3"},
        NameCase{"TrailingNoBreakSpace", "a\u00A0", false, "ends with white space (U+00A0 at character 2)"},
        NameCase{"Tab", "a\tb", false, "control character U+0009 at character 2"},
        NameCase{"Newline", "ab\n", false, "control character U+000A at character 3"},
        NameCase{"Nul", std::string("a\0b", 3), false, "control character U+0000 at character 2"},
        NameCase{"Delete", "a\x7f", false, "control character U+007F at character 2"},
        NameCase{"C1Control", "a\u0085", false, "control character U+0085 at character 2"},
        NameCase{"BidiOverride", "a\u202Eb", false, "invisible format character U+202E at character 2"},
        NameCase{"InvalidByte", "ab\xff", false, "invalid UTF-8 at character 3 (byte 0xFF)"},
        NameCase{"TruncatedSequence", "沙\xe6\xb2", false, "invalid UTF-8 at character 2"},
        NameCase{"OverlongSlash", "\xc0\xaf", false, "invalid UTF-8 at character 1"},
        NameCase{"Surrogate", "\xed\xa0\x80", false, "invalid UTF-8 at character 1"},
        NameCase{"SixtyFiveCharacters", repeat("a", 65), false, "is 65 characters long; the maximum is 64"},
        NameCase{"ThreeHundredBytes", repeat("b", 300), false, "is 300 characters long; the maximum is 64"},
        NameCase{"SixtyFiveChinese", repeat("沙", 65), false, "is 65 characters long"}),
    [](const ::testing::TestParamInfo<NameCase>& info) { return std::string(info.param.label); });

TEST(DisplayNameFold, IgnoresLetterCase)
{
    EXPECT_TRUE(isSameDisplayName("Box1", "box1"));
    EXPECT_TRUE(isSameDisplayName("ÄRGER", "ärger"));
    EXPECT_TRUE(isSameDisplayName("ΩMEGA", "ωmega"));
    EXPECT_TRUE(isSameDisplayName("Привет", "привет"));
    EXPECT_TRUE(isSameDisplayName("Łódź", "łÓdŹ"));
    EXPECT_FALSE(isSameDisplayName("box1", "box2"));
    EXPECT_FALSE(isSameDisplayName("沙箱", "沙箱-1"));
}

TEST(DisplayNameUniqueness, RejectsNameDifferingOnlyInCase)
{
    Inventory inventory;
    SandboxInfo existing;
    existing.metadata.id = "abcd2345";
    existing.metadata.displayName = "Box1";
    inventory.put(existing);

    Status result = inventory.checkNameAvailable("box1");

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::AlreadyExists);
    EXPECT_NE(result.error().detail.find("\"box1\" is already used by sandbox \"Box1\""), std::string::npos)
        << result.error().detail;
    EXPECT_TRUE(inventory.checkNameAvailable("box2"));
}

TEST(SandboxId, IsLowerCaseBase32OfFixedLength)
{
    for (int i = 0; i < 200; ++i) {
        const std::string id = generateSandboxId();
        ASSERT_EQ(id.size(), kSandboxIdLength);
        for (char c : id)
            ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << id;
    }
    EXPECT_NE(generateSandboxId(), generateSandboxId());
}

TEST(SandboxId, MapsToAndFromDomainName)
{
    EXPECT_EQ(domainNameForId("k3x9q2ab"), "shoal-k3x9q2ab");
    EXPECT_EQ(sandboxIdFromDomainName("shoal-k3x9q2ab"), "k3x9q2ab");
    EXPECT_EQ(sandboxIdFromDomainName("shoal-"), "");
    EXPECT_EQ(sandboxIdFromDomainName("other-vm"), "");
}

TEST(GeneratedDisplayNames, UseTemplateAndIdWhenNoNameGiven)
{
    const std::vector<std::string> names = makeDisplayNames("", "tiny", {"aaaa2222", "bbbb3333"});

    ASSERT_EQ(names.size(), 2u);
    EXPECT_EQ(names[0], "tiny-aaaa2222");
    EXPECT_EQ(names[1], "tiny-bbbb3333");
}

TEST(GeneratedDisplayNames, NumberRequestedNameForSeveral)
{
    EXPECT_EQ(makeDisplayNames("demo", "tiny", {"aaaa2222"}), std::vector<std::string>{"demo"});
    EXPECT_EQ(makeDisplayNames("demo", "tiny", {"a", "b", "c"}),
              (std::vector<std::string>{"demo-1", "demo-2", "demo-3"}));
}

TEST(HostNameFromUri, TakesServerFileOrLocalhost)
{
    EXPECT_EQ(hostNameFromUri("qemu+ssh://root@h1/system"), "h1");
    EXPECT_EQ(hostNameFromUri("qemu+tcp://h2.example.org:16509/system"), "h2.example.org");
    EXPECT_EQ(hostNameFromUri("qemu:///system"), "localhost");
    EXPECT_EQ(hostNameFromUri("test:///tmp/fleet/host-3.xml"), "host-3");
    EXPECT_EQ(hostNameFromUri("test:///default"), "default");
}

}  // namespace
}  // namespace shoal::core
