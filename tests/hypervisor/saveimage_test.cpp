#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "hypervisor/saveimage.h"

namespace shoal::hypervisor {
namespace {

// Headers of real `virsh save` images of the guest (libvirt 9.0, QEMU 7.2), cut before the
// memory stream by tests/data/save-image/capture-fixtures. Each is 67867 bytes, mostly the 64 KiB
// of padding libvirt adds.
std::string readFixture(const std::string& name)
{
    std::ifstream file(std::string(SHOAL_SOURCE_DIR) + "/tests/data/save-image/" + name, std::ios::binary);
    EXPECT_TRUE(file) << "fixture " << name << " not found";
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

void writeWord(std::string& bytes, std::size_t offset, std::uint32_t value)
{
    for (std::size_t i = 0; i < 4; ++i) {
        bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xffU);
    }
}

constexpr std::size_t kVersionOffset = 16;
constexpr std::size_t kCookieOffsetOffset = 32;

std::string errorOf(std::string_view bytes)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(bytes);
    EXPECT_FALSE(header.has_value());
    return header ? std::string() : header.error().detail;
}

CloneIdentity cloneIdentity()
{
    CloneIdentity identity;
    identity.name = "shoal-clone01";
    identity.uuid = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    identity.macAddresses = {"52:54:00:12:34:56"};
    identity.diskSourcePaths = {"/var/lib/libvirt/shoal/shoal-clone01.qcow2"};
    identity.consoleLogPath = "/var/lib/libvirt/shoal/shoal-clone01.log";
    return identity;
}

TEST(SaveImageHeader, ParsesRunningFixture)
{
    const std::string bytes = readFixture("running.header");
    core::Result<SaveImageHeader> header = parseSaveImageHeader(bytes);
    ASSERT_TRUE(header) << header.error().detail;

    EXPECT_EQ(header->version, 2U);
    EXPECT_EQ(header->wasRunning, 1U);
    EXPECT_EQ(header->compressed, 0U);
    EXPECT_EQ(saveImageHeaderSize(*header), bytes.size());
    EXPECT_EQ(header->cookieOffset, header->domainXml.size() + 1);
    EXPECT_EQ(header->domainXml.rfind("<domain type='qemu'>", 0), 0U);
    EXPECT_NE(header->domainXml.find("<name>shoal-fixture-"), std::string::npos);
    EXPECT_EQ(header->cookie.rfind("<cookie>", 0), 0U);
    for (std::uint32_t word : header->reserved) {
        EXPECT_EQ(word, 0U);
    }
}

TEST(SaveImageHeader, PausedFixtureWasNotRunning)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("paused.header"));
    ASSERT_TRUE(header) << header.error().detail;

    EXPECT_EQ(header->wasRunning, 0U);
}

// libvirt 9.0 adds 64 KiB of padding after the cookie so that the XML can grow in place.
TEST(SaveImageHeader, FixturePaddingIs64KiB)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;

    EXPECT_EQ(header->dataLength, header->domainXml.size() + 1 + header->cookie.size() + 1 + 64 * 1024);
}

TEST(SaveImageHeader, ParseStopsAtMemoryStream)
{
    const std::string bytes = readFixture("running.header");
    core::Result<SaveImageHeader> header = parseSaveImageHeader(bytes + std::string("QEVM\x00\x00\x00\x03", 8));
    ASSERT_TRUE(header) << header.error().detail;

    EXPECT_EQ(saveImageHeaderSize(*header), bytes.size());
}

TEST(SaveImageHeader, RoundTripGivesIdenticalBytes)
{
    for (const char* name : {"running.header", "paused.header"}) {
        const std::string bytes = readFixture(name);
        core::Result<SaveImageHeader> header = parseSaveImageHeader(bytes);
        ASSERT_TRUE(header) << name << ": " << header.error().detail;

        core::Result<std::string> rewritten = rewriteSaveImageHeader(*header, header->domainXml);
        ASSERT_TRUE(rewritten) << name << ": " << rewritten.error().detail;
        EXPECT_EQ(*rewritten, bytes) << name;
    }
}

TEST(SaveImageHeader, RewriteKeepsCookieAndSize)
{
    const std::string bytes = readFixture("running.header");
    core::Result<SaveImageHeader> original = parseSaveImageHeader(bytes);
    ASSERT_TRUE(original) << original.error().detail;
    core::Result<std::string> cloneXml = rewriteDomainXmlForClone(original->domainXml, cloneIdentity());
    ASSERT_TRUE(cloneXml) << cloneXml.error().detail;

    core::Result<std::string> rewritten = rewriteSaveImageHeader(*original, *cloneXml);
    ASSERT_TRUE(rewritten) << rewritten.error().detail;
    core::Result<SaveImageHeader> reparsed = parseSaveImageHeader(*rewritten);
    ASSERT_TRUE(reparsed) << reparsed.error().detail;

    EXPECT_EQ(rewritten->size(), bytes.size());
    EXPECT_EQ(reparsed->domainXml, *cloneXml);
    EXPECT_EQ(reparsed->cookie, original->cookie);
    EXPECT_EQ(reparsed->cookieOffset, cloneXml->size() + 1);
    EXPECT_EQ(reparsed->dataLength, original->dataLength);
    EXPECT_EQ(reparsed->wasRunning, original->wasRunning);
    EXPECT_EQ(reparsed->compressed, original->compressed);
    EXPECT_EQ(reparsed->reserved, original->reserved);
}

TEST(SaveImageHeader, RewriteFillsDataLengthExactly)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;
    const std::size_t largestXml = header->dataLength - (header->cookie.size() + 1) - 1;

    core::Result<std::string> fits = rewriteSaveImageHeader(*header, std::string(largestXml, 'x'));
    ASSERT_TRUE(fits) << fits.error().detail;
    EXPECT_EQ(fits->size(), saveImageHeaderSize(*header));
    EXPECT_EQ(fits->back(), '\0');

    core::Result<std::string> tooLarge = rewriteSaveImageHeader(*header, std::string(largestXml + 1, 'x'));
    ASSERT_FALSE(tooLarge);
    EXPECT_EQ(tooLarge.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(tooLarge.error().detail.find("do not fit in the data length"), std::string::npos)
        << tooLarge.error().detail;
}

TEST(SaveImageHeader, RewriteRejectsNulInXml)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;

    core::Result<std::string> rewritten = rewriteSaveImageHeader(*header, std::string("<domain>\0</domain>", 18));
    ASSERT_FALSE(rewritten);
    EXPECT_NE(rewritten.error().detail.find("contains a NUL byte"), std::string::npos) << rewritten.error().detail;
}

// partial.header was read from the file while `virsh save` was still running.
TEST(SaveImageHeader, RejectsPartialImage)
{
    const std::string bytes = readFixture("partial.header");

    EXPECT_NE(errorOf(bytes).find("the image is incomplete"), std::string::npos) << errorOf(bytes);
}

// libvirt writes the whole header with the partial magic before the memory stream and, once the
// stream is complete, only replaces the magic.
TEST(SaveImageHeader, PartialFixtureDiffersOnlyInMagic)
{
    const std::string partial = readFixture("partial.header");
    const std::string complete = readFixture("running.header");
    ASSERT_EQ(partial.size(), complete.size());

    EXPECT_EQ(partial.substr(0, 16), "LibvirtQemudPart");
    EXPECT_EQ(partial.substr(16), complete.substr(16));
}

TEST(SaveImageHeader, RejectsOtherMagic)
{
    std::string bytes = readFixture("running.header");
    bytes.replace(0, 16, "QEVM\0\0\0\3xxxxxxxx");

    EXPECT_NE(errorOf(bytes).find("the magic is not \"LibvirtQemudSave\""), std::string::npos) << errorOf(bytes);
}

class SaveImageTruncation : public testing::TestWithParam<std::size_t> {};

TEST_P(SaveImageTruncation, RejectsTruncatedHeader)
{
    const std::string bytes = readFixture("running.header");
    ASSERT_LT(GetParam(), bytes.size());

    const std::string message = errorOf(std::string_view(bytes).substr(0, GetParam()));
    EXPECT_NE(message.find("truncated"), std::string::npos) << message;
}

// Lengths: empty, inside the magic, one byte short of the fixed header, the fixed header only,
// up to the XML's NUL, and one byte short of the whole header (67867 bytes in the fixture).
INSTANTIATE_TEST_SUITE_P(SaveImageHeader, SaveImageTruncation,
                         testing::Values(0U, 10U, 91U, 92U, 2112U, 67866U));

TEST(SaveImageHeader, RejectsUnknownVersions)
{
    for (std::uint32_t version : {0U, 1U, 3U, 0x02000000U}) {
        std::string bytes = readFixture("running.header");
        writeWord(bytes, kVersionOffset, version);

        const std::string message = errorOf(bytes);
        EXPECT_NE(message.find("version " + std::to_string(version) + " is not supported"), std::string::npos)
            << message;
    }
}

TEST(SaveImageHeader, RejectsCookieOffsetOutsideData)
{
    std::string bytes = readFixture("running.header");
    writeWord(bytes, kCookieOffsetOffset, static_cast<std::uint32_t>(bytes.size()));

    const std::string message = errorOf(bytes);
    EXPECT_NE(message.find("cookie offset " + std::to_string(bytes.size()) + " is outside the data length"),
              std::string::npos)
        << message;
}

TEST(SaveImageHeader, RejectsXmlWithoutNul)
{
    std::string bytes = readFixture("running.header");
    core::Result<SaveImageHeader> header = parseSaveImageHeader(bytes);
    ASSERT_TRUE(header) << header.error().detail;
    bytes[kSaveImageFixedHeaderSize + header->domainXml.size()] = '\n';

    const std::string message = errorOf(bytes);
    EXPECT_NE(message.find("the domain XML has no terminating NUL"), std::string::npos) << message;
}

TEST(SaveImageHeader, RejectsCookieWithoutNul)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;
    const std::size_t cookieStart = kSaveImageFixedHeaderSize + header->cookieOffset;
    std::string bytes = readFixture("running.header");
    bytes.replace(cookieStart, bytes.size() - cookieStart, bytes.size() - cookieStart, ' ');

    const std::string message = errorOf(bytes);
    EXPECT_NE(message.find("the cookie at offset"), std::string::npos) << message;
}

TEST(CloneDomainXml, ReplacesIdentityAndPaths)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;

    core::Result<std::string> xml = rewriteDomainXmlForClone(header->domainXml, cloneIdentity());
    ASSERT_TRUE(xml) << xml.error().detail;

    EXPECT_NE(xml->find("<name>shoal-clone01</name>"), std::string::npos);
    EXPECT_NE(xml->find("<uuid>0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9</uuid>"), std::string::npos);
    EXPECT_NE(xml->find("<mac address='52:54:00:12:34:56'/>"), std::string::npos);
    EXPECT_NE(xml->find("<source file='/var/lib/libvirt/shoal/shoal-clone01.qcow2'/>"), std::string::npos);
    EXPECT_EQ(xml->find("<name>shoal-fixture-"), std::string::npos);
    EXPECT_EQ(xml->find("/disk.qcow2'"), std::string::npos);
    EXPECT_EQ(xml->find("/console.log'"), std::string::npos);
    // The kernel and initramfs belong to the template and stay shared.
    EXPECT_NE(xml->find("/vmlinuz</kernel>"), std::string::npos);
    EXPECT_EQ(xml->find("52:54:00:5a:00:01"), std::string::npos);

    const std::string consoleSource = "<source path='/var/lib/libvirt/shoal/shoal-clone01.log' append='on'/>";
    const std::size_t serialAt = xml->find(consoleSource);
    ASSERT_NE(serialAt, std::string::npos);
    EXPECT_NE(xml->find(consoleSource, serialAt + 1), std::string::npos) << "the <console> path was not replaced";
}

TEST(CloneDomainXml, KeepsUnrelatedElements)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;

    core::Result<std::string> xml = rewriteDomainXmlForClone(header->domainXml, cloneIdentity());
    ASSERT_TRUE(xml) << xml.error().detail;

    for (const char* unchanged :
         {"<memory unit='KiB'>262144</memory>", "<type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>",
          "<cmdline>console=ttyS0 ", "<model fallback='forbid'>qemu64</model>",
          "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>",
          "<target type='isa-serial' port='0'>", "<input type='mouse' bus='ps2'/>",
          "<on_reboot>destroy</on_reboot>"}) {
        EXPECT_NE(xml->find(unchanged), std::string::npos) << unchanged;
    }
}

TEST(CloneDomainXml, SameIdentityGivesSameXml)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;
    const std::string& original = header->domainXml;
    const std::size_t nameStart = original.find("<name>") + 6;
    const std::size_t uuidStart = original.find("<uuid>") + 6;
    const std::size_t diskStart = original.find("<source file='") + 14;
    const std::size_t consoleStart = original.find("<source path='") + 14;

    CloneIdentity identity;
    identity.name = original.substr(nameStart, original.find('<', nameStart) - nameStart);
    identity.uuid = original.substr(uuidStart, original.find('<', uuidStart) - uuidStart);
    identity.macAddresses = {"52:54:00:5a:00:01"};
    identity.diskSourcePaths = {original.substr(diskStart, original.find('\'', diskStart) - diskStart)};
    identity.consoleLogPath = original.substr(consoleStart, original.find('\'', consoleStart) - consoleStart);

    core::Result<std::string> xml = rewriteDomainXmlForClone(original, identity);
    ASSERT_TRUE(xml) << xml.error().detail;
    EXPECT_EQ(*xml, original);
}

TEST(CloneDomainXml, RejectsWrongMacCount)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;
    CloneIdentity identity = cloneIdentity();
    identity.macAddresses.push_back("52:54:00:12:34:57");

    core::Result<std::string> xml = rewriteDomainXmlForClone(header->domainXml, identity);
    ASSERT_FALSE(xml);
    EXPECT_NE(xml.error().detail.find("it has 1 interfaces but 2 MAC addresses"), std::string::npos)
        << xml.error().detail;
}

TEST(CloneDomainXml, RejectsWrongDiskCount)
{
    core::Result<SaveImageHeader> header = parseSaveImageHeader(readFixture("running.header"));
    ASSERT_TRUE(header) << header.error().detail;
    CloneIdentity identity = cloneIdentity();
    identity.diskSourcePaths.clear();

    core::Result<std::string> xml = rewriteDomainXmlForClone(header->domainXml, identity);
    ASSERT_FALSE(xml);
    EXPECT_NE(xml.error().detail.find("it has 1 file disks but 0 disk paths"), std::string::npos)
        << xml.error().detail;
}

TEST(CloneDomainXml, RejectsInvalidXml)
{
    core::Result<std::string> xml = rewriteDomainXmlForClone("<domain><name>x</domain>", cloneIdentity());
    ASSERT_FALSE(xml);
    EXPECT_NE(xml.error().detail.find("the XML is invalid"), std::string::npos) << xml.error().detail;
}

}  // namespace
}  // namespace shoal::hypervisor
