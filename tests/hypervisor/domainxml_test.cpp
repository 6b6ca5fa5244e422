#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "hypervisor/domainxml.h"
#include "hypervisor/eventloop.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/sandboxmetadataxml.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

DomainDefinition sampleDefinition()
{
    DomainDefinition definition;
    definition.name = "shoal-ab12cd";
    definition.type = "test";
    definition.vcpus = 2;
    definition.memoryMiB = 512;
    definition.kernelPath = "/var/lib/libvirt/shoal/tpl-tiny-kernel-0123456789abcdef";
    definition.initrdPath = "/var/lib/libvirt/shoal/tpl-tiny-initramfs-0123456789abcdef";
    definition.kernelCmdline = "console=ttyS0 panic=-1 quiet";
    definition.overlayPath = "/var/lib/libvirt/shoal/shoal-ab12cd.qcow2";
    definition.backingPath = "/var/lib/libvirt/shoal/tpl-tiny-base-0123456789abcdef";
    definition.consoleLogPath = "/var/lib/libvirt/shoal/shoal-ab12cd.log";
    definition.metadata.id = "ab12cd";
    definition.metadata.displayName = "agent";
    definition.metadata.templateName = "tiny";
    definition.metadata.parentId = "zz99yy";
    definition.metadata.zone = "az2";
    definition.metadata.pool = "serverless";
    definition.metadata.createdAtMs = 1764806400123;
    return definition;
}

std::string readFixture(const std::string& name)
{
    std::ifstream file(std::string(SHOAL_SOURCE_DIR) + "/tests/data/domain-xml/" + name);
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_FALSE(text.str().empty()) << "fixture " << name << " is missing";
    return text.str();
}

// Defines `xml` on a fresh test-driver host and returns what libvirt gives back.
std::string defineAndDump(const std::string& xml)
{
    EXPECT_TRUE(EventLoop::ensureRunning());
    testing::TemporaryDirectory directory;
    virConnectPtr connection = virConnectOpen(testing::writeEmptyHost(directory.path()).c_str());
    EXPECT_NE(connection, nullptr);
    DomainHandle domain(virDomainDefineXML(connection, xml.c_str()));
    EXPECT_TRUE(domain) << "define failed: " << (virGetLastErrorMessage());
    std::string dumped;
    if (domain) {
        LibvirtString text(virDomainGetXMLDesc(domain.get(), 0));
        dumped = text.get();
        domain.reset();
    }
    virConnectClose(connection);
    return dumped;
}

TEST(DomainXml, BuildsAndParsesBack)
{
    core::Result<std::string> xml = buildDomainXml(sampleDefinition());
    ASSERT_TRUE(xml.has_value()) << xml.error().detail;
    core::Result<DomainDescription> parsed = parseDomainXml(*xml);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;

    DomainDefinition expected = sampleDefinition();
    EXPECT_EQ(parsed->name, expected.name);
    EXPECT_EQ(parsed->type, "test");
    EXPECT_EQ(parsed->vcpus, 2);
    EXPECT_EQ(parsed->memoryMiB, 512u);
    EXPECT_EQ(parsed->kernelPath, expected.kernelPath);
    EXPECT_EQ(parsed->initrdPath, expected.initrdPath);
    EXPECT_EQ(parsed->kernelCmdline, expected.kernelCmdline);
    EXPECT_EQ(parsed->overlayPath, expected.overlayPath);
    EXPECT_EQ(parsed->backingPath, expected.backingPath);
    EXPECT_EQ(parsed->backingFormat, "raw");
    EXPECT_EQ(parsed->consoleLogPath, expected.consoleLogPath);
    ASSERT_TRUE(parsed->metadata.has_value());
    EXPECT_EQ(parsed->metadata->id, "ab12cd");
    EXPECT_EQ(parsed->metadata->parentId, "zz99yy");
    EXPECT_EQ(parsed->metadata->zone, "az2");
    EXPECT_EQ(parsed->metadata->pool, "serverless");
    EXPECT_EQ(parsed->metadata->templateName, "tiny");
    EXPECT_EQ(parsed->metadata->createdAtMs, 1764806400123);
}

TEST(DomainXml, EscapesExactlyOnce)
{
    DomainDefinition definition = sampleDefinition();
    definition.metadata.displayName = "a&b";
    definition.overlayPath = "/srv/x&y/disk.qcow2";
    core::Result<std::string> xml = buildDomainXml(definition);
    ASSERT_TRUE(xml.has_value());
    EXPECT_NE(xml->find("a&amp;b"), std::string::npos) << *xml;
    EXPECT_NE(xml->find("/srv/x&amp;y/disk.qcow2"), std::string::npos) << *xml;
    EXPECT_EQ(xml->find("&amp;amp;"), std::string::npos) << *xml;
}

TEST(DomainXml, NamesBackingFormatExplicitly)
{
    core::Result<std::string> xml = buildDomainXml(sampleDefinition());
    ASSERT_TRUE(xml.has_value());
    core::Result<DomainDescription> parsed = parseDomainXml(*xml);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->backingFormat, "raw");
    EXPECT_NE(xml->find("<driver name=\"qemu\" type=\"qcow2\""), std::string::npos) << *xml;
}

class DisplayNameRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(DisplayNameRoundTrip, SurvivesBuildDefineDumpParse)
{
    DomainDefinition definition = sampleDefinition();
    definition.metadata.displayName = GetParam();
    core::Result<std::string> xml = buildDomainXml(definition);
    ASSERT_TRUE(xml.has_value()) << xml.error().detail;

    core::Result<DomainDescription> local = parseDomainXml(*xml);
    ASSERT_TRUE(local.has_value());
    ASSERT_TRUE(local->metadata.has_value());
    EXPECT_EQ(local->metadata->displayName, GetParam());

    core::Result<DomainDescription> dumped = parseDomainXml(defineAndDump(*xml));
    ASSERT_TRUE(dumped.has_value());
    ASSERT_TRUE(dumped->metadata.has_value());
    EXPECT_EQ(dumped->metadata->displayName, GetParam());
}

INSTANTIATE_TEST_SUITE_P(AwkwardNames, DisplayNameRoundTrip,
                         ::testing::Values("a b", " lead", "trail ", "a/b", "a&b", "a<b", "it's", "\"q\"",
                                           "\xE6\xB2\x99\xE7\xAE\xB1-1", "x", std::string(300, 'n'), "", "Box1",
                                           "]]>", "&amp;", "tab\xC2\xA0nbsp"));

class HostPathRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(HostPathRoundTrip, SurvivesBuildDefineDumpParse)
{
    DomainDefinition definition = sampleDefinition();
    const std::string directory = "/srv/" + GetParam();
    definition.kernelPath = directory + "/vmlinuz";
    definition.initrdPath = directory + "/initramfs.img";
    definition.overlayPath = directory + "/shoal-ab12cd.qcow2";
    definition.backingPath = directory + "/base.raw";
    definition.consoleLogPath = directory + "/shoal-ab12cd.log";
    core::Result<std::string> xml = buildDomainXml(definition);
    ASSERT_TRUE(xml.has_value()) << xml.error().detail;

    core::Result<DomainDescription> dumped = parseDomainXml(defineAndDump(*xml));
    ASSERT_TRUE(dumped.has_value()) << dumped.error().detail;
    EXPECT_EQ(dumped->kernelPath, definition.kernelPath);
    EXPECT_EQ(dumped->initrdPath, definition.initrdPath);
    EXPECT_EQ(dumped->overlayPath, definition.overlayPath);
    EXPECT_EQ(dumped->backingPath, definition.backingPath);
    EXPECT_EQ(dumped->consoleLogPath, definition.consoleLogPath);
}

INSTANTIATE_TEST_SUITE_P(AwkwardPaths, HostPathRoundTrip,
                         ::testing::Values("a&b", "with space", "br[ack]ets", "it's", "q\"uote", "lt<gt>",
                                           "\xE6\xB2\x99\xE7\xAE\xB1", "semi;colon,comma", "per%20cent"));

TEST(DomainXml, RejectsControlCharacterInDisplayName)
{
    DomainDefinition definition = sampleDefinition();
    definition.metadata.displayName = "line\nbreak";
    core::Result<std::string> xml = buildDomainXml(definition);
    ASSERT_FALSE(xml.has_value());
    EXPECT_EQ(xml.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(xml.error().detail.find("U+000A"), std::string::npos) << xml.error().detail;
}

TEST(DomainXml, RejectsInvalidUtf8InDisplayName)
{
    DomainDefinition definition = sampleDefinition();
    definition.metadata.displayName = "bad\xC3";
    core::Result<std::string> xml = buildDomainXml(definition);
    ASSERT_FALSE(xml.has_value());
    EXPECT_NE(xml.error().detail.find("UTF-8"), std::string::npos) << xml.error().detail;
}

TEST(DomainXml, RejectsRelativePath)
{
    DomainDefinition definition = sampleDefinition();
    definition.kernelPath = "images/vmlinuz";
    core::Result<std::string> xml = buildDomainXml(definition);
    ASSERT_FALSE(xml.has_value());
    EXPECT_EQ(xml.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(xml.error().detail.find("\"images/vmlinuz\""), std::string::npos) << xml.error().detail;
}

TEST(DomainXml, RejectsNewlineInPath)
{
    DomainDefinition definition = sampleDefinition();
    definition.consoleLogPath = "/srv/a\nb.log";
    EXPECT_FALSE(buildDomainXml(definition).has_value());
}

TEST(DomainXml, ParsesFixtureFromRealHost)
{
    core::Result<DomainDescription> parsed = parseDomainXml(readFixture("qemu-running.xml"));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
    ASSERT_TRUE(parsed->metadata.has_value());
    EXPECT_EQ(parsed->type, "qemu");
    EXPECT_EQ(parsed->memoryMiB, 256u);
    EXPECT_EQ(parsed->vcpus, 1);
    EXPECT_EQ(parsed->metadata->displayName, "a&b <\xE6\xB2\x99\xE7\xAE\xB1> it's");
    EXPECT_EQ(parsed->metadata->templateName, "tiny");
    EXPECT_EQ(parsed->backingFormat, "raw");
    EXPECT_FALSE(parsed->consoleLogPath.empty());
}

TEST(DomainXml, FindsMetadataUnderAnyPrefix)
{
    core::Result<DomainDescription> parsed = parseDomainXml(readFixture("other-prefix.xml"));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
    ASSERT_TRUE(parsed->metadata.has_value());
    EXPECT_EQ(parsed->metadata->id, "pfx001");
    EXPECT_EQ(parsed->metadata->zone, "az3");
}

TEST(DomainXml, IgnoresForeignMetadata)
{
    core::Result<DomainDescription> parsed = parseDomainXml(readFixture("foreign-metadata.xml"));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
    EXPECT_FALSE(parsed->metadata.has_value());
}

TEST(DomainXml, RejectsNonDomainDocument)
{
    EXPECT_FALSE(parseDomainXml("<network/>").has_value());
    EXPECT_FALSE(parseDomainXml("<domain").has_value());
}

TEST(SandboxMetadataXml, ParsesUnprefixedElementFromGetMetadata)
{
    core::Result<core::SandboxMetadata> metadata = parseSandboxMetadata(std::string_view(
        "<sandbox><id>abc</id><displayName>a&amp;b</displayName><created>2025-12-04T00:00:00.123Z</created></sandbox>"));
    ASSERT_TRUE(metadata.has_value()) << metadata.error().detail;
    EXPECT_EQ(metadata->displayName, "a&b");
    EXPECT_EQ(metadata->createdAtMs, 1764806400123);
}

TEST(SandboxMetadataXml, RejectsMissingId)
{
    core::Result<core::SandboxMetadata> metadata = parseSandboxMetadata(std::string_view("<sandbox><displayName>x</displayName></sandbox>"));
    ASSERT_FALSE(metadata.has_value());
    EXPECT_EQ(metadata.error().code, core::ErrorCode::InvalidArgument);
}

TEST(SandboxMetadataXml, RejectsMalformedCreationTime)
{
    EXPECT_FALSE(parseSandboxMetadata(std::string_view("<sandbox><id>a</id><created>yesterday</created></sandbox>")).has_value());
}

TEST(SandboxMetadataXml, WarmPoolFlagRoundTrips)
{
    core::SandboxMetadata entry;
    entry.id = "pool01";
    entry.displayName = "warm-pool-pool01";
    entry.warmPoolEntry = true;
    pugi::xml_document document;
    pugi::xml_node holder = document.append_child("metadata");
    ASSERT_TRUE(appendSandboxMetadata(holder, entry));

    core::Result<core::SandboxMetadata> parsed = parseSandboxMetadata(findSandboxMetadata(holder));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
    EXPECT_TRUE(parsed->warmPoolEntry);
    core::Result<core::SandboxMetadata> user = parseSandboxMetadata(std::string_view("<sandbox><id>abc</id></sandbox>"));
    ASSERT_TRUE(user.has_value()) << user.error().detail;
    EXPECT_FALSE(user->warmPoolEntry);
}

TEST(SandboxMetadataXml, TimestampRoundTrips)
{
    for (std::int64_t ms : {0LL, 1LL, 999LL, 1764806400123LL, 4102444799999LL})
        EXPECT_EQ(parseTimestamp(formatTimestamp(ms)), ms) << formatTimestamp(ms);
}

}  // namespace
}  // namespace shoal::hypervisor
