#include <algorithm>
#include <cstring>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/domainstats.h"
#include "hypervisor/libvirthostconnection.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

using testing::TemporaryDirectory;

virTypedParameter parameter(const char* field, unsigned long long value)
{
    virTypedParameter result{};
    std::strncpy(result.field, field, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    result.type = VIR_TYPED_PARAM_ULLONG;
    result.value.ul = value;
    return result;
}

virTypedParameter intParameter(const char* field, int value)
{
    virTypedParameter result{};
    std::strncpy(result.field, field, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    result.type = VIR_TYPED_PARAM_INT;
    result.value.i = value;
    return result;
}

TEST(DomainStatsRecord, SumsDisksAndInterfaces)
{
    const virTypedParameter parameters[] = {
        intParameter("state.state", VIR_DOMAIN_PAUSED),
        intParameter("state.reason", VIR_DOMAIN_PAUSED_USER),
        parameter("cpu.time", 123456789),
        {.field = "vcpu.current", .type = VIR_TYPED_PARAM_UINT, .value = {.ui = 2}},
        parameter("balloon.current", 262144),
        parameter("balloon.maximum", 524288),
        parameter("balloon.unused", 100000),
        parameter("balloon.available", 250000),
        parameter("block.count", 2),
        parameter("block.0.rd.bytes", 1000),
        parameter("block.0.wr.bytes", 10),
        parameter("block.1.rd.bytes", 2000),
        parameter("block.1.rd.reqs", 99),
        parameter("net.0.rx.bytes", 70),
        parameter("net.0.tx.bytes", 80),
        parameter("net.count", 1),
    };
    core::SandboxStats stats;

    readStatsRecord(parameters, static_cast<int>(std::size(parameters)), stats);

    EXPECT_EQ(stats.state, core::SandboxState::Paused);
    EXPECT_EQ(stats.cpuTimeNs, 123456789u);
    EXPECT_EQ(stats.vcpus, 2);
    EXPECT_EQ(stats.balloonCurrentKiB, 262144u);
    EXPECT_EQ(stats.balloonMaximumKiB, 524288u);
    EXPECT_EQ(stats.guestUnusedKiB, 100000u);
    EXPECT_EQ(stats.guestAvailableKiB, 250000u);
    EXPECT_EQ(stats.blockReadBytes, 3000u);
    EXPECT_EQ(stats.blockWriteBytes, 10u);
    EXPECT_EQ(stats.netRxBytes, 70u);
    EXPECT_EQ(stats.netTxBytes, 80u);
}

TEST(DomainStatsRecord, MissingGroupsStayEmpty)
{
    const virTypedParameter parameters[] = {intParameter("state.state", VIR_DOMAIN_SHUTOFF)};
    core::SandboxStats stats;

    readStatsRecord(parameters, 1, stats);

    EXPECT_EQ(stats.state, core::SandboxState::Stopped);
    EXPECT_FALSE(stats.cpuTimeNs.has_value());
    EXPECT_FALSE(stats.blockReadBytes.has_value());
    EXPECT_FALSE(stats.netRxBytes.has_value());
}

class DomainStatsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_template = testing::writeTemplateFiles(m_files.path());
        m_host = testing::connectHost(testing::writeEmptyHost(m_hostDirectory.path()));
        ASSERT_TRUE(m_host->isConnected());
    }

    TemporaryDirectory m_files;
    TemporaryDirectory m_hostDirectory;
    core::Template m_template;
    std::unique_ptr<LibvirtHostConnection> m_host;
};

TEST_F(DomainStatsTest, TestDriverFallsBackPerDomain)
{
    ASSERT_TRUE(testing::succeeded(m_host->probe()));
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "aaaa2222", "running"))));
    ASSERT_TRUE(testing::succeeded(m_host->createSandbox(testing::sandboxSpec(m_template, "bbbb3333", "stopped"))));
    ASSERT_TRUE(m_host->stopSandbox("shoal-bbbb3333", core::StopMode::Force));
    // A domain that is not Shoal's is left out.
    const char* otherXml = "<domain type='test'><name>not-shoal</name><memory>65536</memory>"
                           "<os><type>hvm</type></os></domain>";
    virDomainPtr other = virDomainCreateXML(m_host->rawConnectionForTesting(), otherXml, 0);
    ASSERT_NE(other, nullptr);
    virDomainFree(other);

    core::Result<std::vector<core::SandboxStats>> stats = m_host->collectStats();

    ASSERT_TRUE(testing::succeeded(stats));
    ASSERT_EQ(stats->size(), 2u);
    auto running = std::find_if(stats->begin(), stats->end(), [](const auto& s) { return s.domainName == "shoal-aaaa2222"; });
    ASSERT_NE(running, stats->end());
    EXPECT_EQ(running->state, core::SandboxState::Running);
    EXPECT_GT(running->timestampMs, 0);
    EXPECT_TRUE(running->cpuTimeNs.has_value());
    EXPECT_EQ(running->vcpus, m_template.vcpus);
    EXPECT_TRUE(running->balloonCurrentKiB.has_value());
    EXPECT_TRUE(running->blockReadBytes.has_value());
    auto stopped = std::find_if(stats->begin(), stats->end(), [](const auto& s) { return s.domainName == "shoal-bbbb3333"; });
    ASSERT_NE(stopped, stats->end());
    EXPECT_EQ(stopped->state, core::SandboxState::Stopped);
    EXPECT_FALSE(stopped->cpuTimeNs.has_value());
}

TEST_F(DomainStatsTest, DisconnectedHostIsUnreachable)
{
    m_host->disconnect();

    core::Result<std::vector<core::SandboxStats>> stats = m_host->collectStats();

    ASSERT_FALSE(stats);
    EXPECT_EQ(stats.error().code, core::ErrorCode::HostUnreachable);
}

}  // namespace
}  // namespace shoal::hypervisor
