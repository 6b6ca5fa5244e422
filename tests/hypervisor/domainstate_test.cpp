#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/domainstate.h"

namespace shoal::hypervisor {
namespace {

TEST(DomainState, MapsLibvirtStates)
{
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_RUNNING, 0), core::SandboxState::Running);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_BLOCKED, 0), core::SandboxState::Running);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_PAUSED, 0), core::SandboxState::Paused);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_SHUTDOWN, 0), core::SandboxState::Stopping);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED), core::SandboxState::Stopped);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SAVED), core::SandboxState::Asleep);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_CRASHED, 0), core::SandboxState::Failed);
    EXPECT_EQ(sandboxStateFromDomainState(VIR_DOMAIN_NOSTATE, 0), core::SandboxState::Unknown);
}

TEST(DomainState, UndefinedEventMeansRemoved)
{
    LifecycleChange change = lifecycleChange(VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    EXPECT_TRUE(change.removed);
}

TEST(DomainState, StoppedEventDetailsPickState)
{
    EXPECT_EQ(lifecycleChange(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED).state, core::SandboxState::Stopped);
    EXPECT_EQ(lifecycleChange(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED).state, core::SandboxState::Asleep);
    EXPECT_EQ(lifecycleChange(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED).state, core::SandboxState::Failed);
    EXPECT_EQ(lifecycleChange(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED).reason, "stopped: destroyed");
}

TEST(DomainState, SuspendOnDiskErrorSaysSo)
{
    LifecycleChange change = lifecycleChange(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_IOERROR);
    EXPECT_EQ(change.state, core::SandboxState::Paused);
    EXPECT_EQ(change.reason, "paused: disk I/O error");
}

TEST(DomainState, RecognisesShoalDomainNames)
{
    EXPECT_TRUE(isShoalDomainName("shoal-ab12"));
    EXPECT_FALSE(isShoalDomainName("shoal-"));
    EXPECT_FALSE(isShoalDomainName("web-1"));
    EXPECT_FALSE(isShoalDomainName("Shoal-ab12"));
}

}  // namespace
}  // namespace shoal::hypervisor
