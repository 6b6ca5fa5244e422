#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "hypervisor/sandboxmetadataxml.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {
namespace {

// The domain XML inside a real save image of the guest (see tests/data/save-image).
std::string fixtureXml()
{
    std::ifstream file(std::string(SHOAL_SOURCE_DIR) + "/tests/data/save-image/running.header", std::ios::binary);
    EXPECT_TRUE(file) << "fixture running.header not found";
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    core::Result<SaveImageHeader> header = parseSaveImageHeader(bytes);
    EXPECT_TRUE(header) << header.error().detail;
    return header ? header->domainXml : std::string();
}

// Returns the fixture XML with Shoal metadata, a live start time and a backing chain, as libvirt
// writes them for a running sandbox.
std::string sandboxImageXml()
{
    std::string xml = fixtureXml();
    const std::string metadata =
        "<metadata><shoal:sandbox xmlns:shoal='http://shoal.dev/xmlns/sandbox/1'><shoal:id>old</shoal:id>"
        "<shoal:displayName>old name</shoal:displayName></shoal:sandbox>"
        "<shoalrun:run xmlns:shoalrun='http://shoal.dev/xmlns/run/1' started='2026-01-01T00:00:00.000Z'/></metadata>";
    xml.insert(xml.find("<memory"), metadata);
    const std::string backing = "<backingStore type='file'><format type='raw'/><source file='/base.raw'/></backingStore>";
    xml.insert(xml.find("<target dev='vda'"), backing);
    return xml;
}

RestoreIdentity cloneIdentity()
{
    RestoreIdentity identity;
    identity.domainName = "shoal-clone1";
    identity.overlayPath = "/var/lib/libvirt/shoal/shoal-clone1.qcow2";
    identity.consoleLogPath = "/var/lib/libvirt/shoal/shoal-clone1.log";
    identity.metadata.id = "clone1";
    identity.metadata.displayName = "clone of agent";
    identity.metadata.parentId = "old";
    identity.metadata.templateName = "tiny";
    return identity;
}

TEST(RestoreXml, NamesTheNewSandbox)
{
    core::Result<std::string> xml = buildRestoreXml(sandboxImageXml(), cloneIdentity());
    ASSERT_TRUE(xml) << xml.error().detail;
    pugi::xml_document document;
    ASSERT_TRUE(document.load_string(xml->c_str()));
    pugi::xml_node domain = document.child("domain");

    EXPECT_STREQ(domain.child("name").text().get(), "shoal-clone1");
    EXPECT_STRNE(domain.child("uuid").text().get(), "733670d2-e0a2-48bf-881b-731c001f6600");
    pugi::xml_node disk = domain.child("devices").child("disk");
    EXPECT_STREQ(disk.child("source").attribute("file").value(), "/var/lib/libvirt/shoal/shoal-clone1.qcow2");
    EXPECT_FALSE(disk.child("backingStore")) << "a backing chain from the image was kept";
    EXPECT_STREQ(domain.child("devices").child("serial").child("source").attribute("path").value(),
                 "/var/lib/libvirt/shoal/shoal-clone1.log");
    EXPECT_STRNE(domain.child("devices").child("interface").child("mac").attribute("address").value(), "52:54:00:5a:00:01");
}

TEST(RestoreXml, ReplacesShoalMetadata)
{
    core::Result<std::string> xml = buildRestoreXml(sandboxImageXml(), cloneIdentity());
    ASSERT_TRUE(xml) << xml.error().detail;
    pugi::xml_document document;
    ASSERT_TRUE(document.load_string(xml->c_str()));
    pugi::xml_node metadata = document.child("domain").child("metadata");

    int sandboxElements = 0;
    for (pugi::xml_node child : metadata.children())
        sandboxElements += std::string(child.name()).find("sandbox") != std::string::npos ? 1 : 0;
    EXPECT_EQ(sandboxElements, 1);
    EXPECT_EQ(xml->find("shoalrun"), std::string::npos) << "the source's start time was kept";
    core::Result<core::SandboxMetadata> parsed = parseSandboxMetadata(findSandboxMetadata(metadata));
    ASSERT_TRUE(parsed) << parsed.error().detail;
    EXPECT_EQ(parsed->id, "clone1");
    EXPECT_EQ(parsed->displayName, "clone of agent");
    EXPECT_EQ(parsed->parentId, "old");
}

TEST(RestoreXml, TwoClonesGetDifferentUuidAndMac)
{
    core::Result<std::string> first = buildRestoreXml(fixtureXml(), cloneIdentity());
    core::Result<std::string> second = buildRestoreXml(fixtureXml(), cloneIdentity());
    ASSERT_TRUE(first) << first.error().detail;
    ASSERT_TRUE(second) << second.error().detail;
    pugi::xml_document a;
    pugi::xml_document b;
    ASSERT_TRUE(a.load_string(first->c_str()));
    ASSERT_TRUE(b.load_string(second->c_str()));
    EXPECT_STRNE(a.child("domain").child("uuid").text().get(), b.child("domain").child("uuid").text().get());
    EXPECT_STRNE(a.child("domain").child("devices").child("interface").child("mac").attribute("address").value(),
                 b.child("domain").child("devices").child("interface").child("mac").attribute("address").value());
}

TEST(RestoreXml, RejectsXmlThatDoesNotParse)
{
    core::Result<std::string> xml = buildRestoreXml("<domain><name>", cloneIdentity());
    ASSERT_FALSE(xml);
    EXPECT_EQ(xml.error().code, core::ErrorCode::InvalidArgument);
}

TEST(ConsoleAppend, TurnsAppendOnForSerialAndConsole)
{
    std::string xml = fixtureXml();
    for (std::size_t at = xml.find("append='on'"); at != std::string::npos; at = xml.find("append='on'"))
        xml.replace(at, 11, "append='off'");
    core::Result<std::string> appended = withConsoleAppend(xml);
    ASSERT_TRUE(appended) << appended.error().detail;
    EXPECT_EQ(appended->find("append='off'"), std::string::npos) << *appended;
    pugi::xml_document document;
    ASSERT_TRUE(document.load_string(appended->c_str()));
    pugi::xml_node devices = document.child("domain").child("devices");
    EXPECT_STREQ(devices.child("serial").child("source").attribute("append").value(), "on");
    EXPECT_STREQ(devices.child("console").child("source").attribute("append").value(), "on");
}

TEST(RandomIdentity, UuidAndMacAreWellFormed)
{
    const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    const std::regex mac("52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}");
    for (int i = 0; i < 20; ++i) {
        const std::string uuidText = randomUuid();
        const std::string macText = randomMacAddress();
        EXPECT_TRUE(std::regex_match(uuidText, uuid)) << uuidText;
        EXPECT_TRUE(std::regex_match(macText, mac)) << macText;
    }
}

TEST(StateVolume, NameDerivesFromDomain)
{
    EXPECT_EQ(stateVolumeName("shoal-abc123"), "shoal-abc123.save");
}

}  // namespace
}  // namespace shoal::hypervisor
