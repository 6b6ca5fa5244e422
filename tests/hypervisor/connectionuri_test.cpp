#include <gtest/gtest.h>

#include "hypervisor/connectionuri.h"

namespace shoal::hypervisor {
namespace {

TEST(ConnectionUri, SplitsRemoteUri)
{
    core::Result<ConnectionUri> uri = ConnectionUri::parse("qemu+ssh://root@h1.example:2222/system?keyfile=/k");
    ASSERT_TRUE(uri.has_value());
    EXPECT_EQ(uri->driver(), "qemu");
    EXPECT_EQ(uri->transport(), "ssh");
    EXPECT_EQ(uri->host(), "h1.example");
    EXPECT_EQ(uri->path(), "/system");
    EXPECT_EQ(uri->query(), "keyfile=/k");
    EXPECT_TRUE(uri->isRemote());
    EXPECT_FALSE(uri->isSession());
    EXPECT_FALSE(uri->isTestDriver());
}

TEST(ConnectionUri, LocalSystemUriIsNotRemote)
{
    core::Result<ConnectionUri> uri = ConnectionUri::parse("qemu:///system");
    ASSERT_TRUE(uri.has_value());
    EXPECT_FALSE(uri->isRemote());
    EXPECT_EQ(uri->openUri(), "qemu:///system");
}

TEST(ConnectionUri, RemoteUriGetsNoTty)
{
    EXPECT_EQ(ConnectionUri::parse("qemu+ssh://h1/system")->openUri(), "qemu+ssh://h1/system?no_tty=1");
    EXPECT_EQ(ConnectionUri::parse("qemu+ssh://h1/system?keyfile=/k")->openUri(),
              "qemu+ssh://h1/system?keyfile=/k&no_tty=1");
    EXPECT_EQ(ConnectionUri::parse("qemu://h1/system")->openUri(), "qemu://h1/system?no_tty=1");
}

TEST(ConnectionUri, KeepsExplicitNoTty)
{
    EXPECT_EQ(ConnectionUri::parse("qemu+ssh://h1/system?no_tty=0")->openUri(), "qemu+ssh://h1/system?no_tty=0");
}

TEST(ConnectionUri, SessionUriIsRecognised)
{
    EXPECT_TRUE(ConnectionUri::parse("qemu:///session")->isSession());
}

TEST(ConnectionUri, IPv6HostKeepsBrackets)
{
    EXPECT_EQ(ConnectionUri::parse("qemu+tcp://[fe80::1]:16509/system")->host(), "[fe80::1]");
}

class MalformedUri : public ::testing::TestWithParam<const char*> {};

TEST_P(MalformedUri, IsRejectedWithTheUriNamed)
{
    core::Result<ConnectionUri> uri = ConnectionUri::parse(GetParam());
    ASSERT_FALSE(uri.has_value());
    EXPECT_EQ(uri.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(uri.error().detail.find(std::string("\"") + GetParam() + "\""), std::string::npos) << uri.error().detail;
}

INSTANTIATE_TEST_SUITE_P(Forms, MalformedUri,
                         ::testing::Values("", "qemu", "qemu:/system", "qemu://", "qemu:///", "QEMU:///system",
                                           "qemu+:///system", "qemu:///sys tem", "qemu:///system\n", "1qemu:///system"));

TEST(ConnectionUri, DecodesTestDriverFile)
{
    EXPECT_EQ(ConnectionUri::parse(testDriverUri("/tmp/a b&c[1]/host.xml"))->testDriverFile(), "/tmp/a b&c[1]/host.xml");
    EXPECT_EQ(ConnectionUri::parse("test:///default")->testDriverFile(), "");
    EXPECT_EQ(ConnectionUri::parse("qemu:///system")->testDriverFile(), "");
}

TEST(TestDriverUri, PercentEncodesAwkwardCharacters)
{
    EXPECT_EQ(testDriverUri("/tmp/a b&c[1]/host.xml"), "test:///tmp/a%20b%26c%5B1%5D/host.xml");
    EXPECT_EQ(testDriverUri("/tmp/plain-name_1.xml"), "test:///tmp/plain-name_1.xml");
}

}  // namespace
}  // namespace shoal::hypervisor
