#include "hypervisor/domainstate.h"

#include <strings.h>

#include <libvirt/libvirt.h>

namespace shoal::hypervisor {

namespace {

std::string stoppedDetail(int detail)
{
    switch (detail) {
    case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN: return "stopped: guest shut down";
    case VIR_DOMAIN_EVENT_STOPPED_DESTROYED: return "stopped: destroyed";
    case VIR_DOMAIN_EVENT_STOPPED_CRASHED: return "stopped: guest crashed";
    case VIR_DOMAIN_EVENT_STOPPED_MIGRATED: return "stopped: migrated away";
    case VIR_DOMAIN_EVENT_STOPPED_SAVED: return "stopped: saved";
    case VIR_DOMAIN_EVENT_STOPPED_FAILED: return "stopped: the emulator failed";
    case VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT: return "stopped: snapshot loaded";
    default: return "stopped";
    }
}

std::string suspendedDetail(int detail)
{
    switch (detail) {
    case VIR_DOMAIN_EVENT_SUSPENDED_IOERROR: return "paused: disk I/O error";
    case VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG: return "paused: watchdog fired";
    case VIR_DOMAIN_EVENT_SUSPENDED_RESTORED: return "paused: restored from a state file";
    case VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR: return "paused: a libvirt call failed";
    default: return "paused";
    }
}

std::string startedDetail(int detail)
{
    switch (detail) {
    case VIR_DOMAIN_EVENT_STARTED_RESTORED: return "started: restored from a state file";
    case VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT: return "started: from a snapshot";
    case VIR_DOMAIN_EVENT_STARTED_MIGRATED: return "started: migrated in";
    default: return "started: booted";
    }
}

}  // namespace

bool isShoalDomainName(std::string_view domainName)
{
    return domainName.size() > kDomainNamePrefix.size() && domainName.substr(0, kDomainNamePrefix.size()) == kDomainNamePrefix;
}

bool isTestDriverName(const char* driverName)
{
    return driverName && strcasecmp(driverName, "test") == 0;
}

core::SandboxState sandboxStateFromDomainState(int state, int reason)
{
    switch (state) {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
        return core::SandboxState::Running;
    case VIR_DOMAIN_PAUSED:
    case VIR_DOMAIN_PMSUSPENDED:
        return core::SandboxState::Paused;
    case VIR_DOMAIN_SHUTDOWN:
        return core::SandboxState::Stopping;
    case VIR_DOMAIN_SHUTOFF:
        return reason == VIR_DOMAIN_SHUTOFF_SAVED ? core::SandboxState::Asleep : core::SandboxState::Stopped;
    case VIR_DOMAIN_CRASHED:
        return core::SandboxState::Failed;
    default:
        return core::SandboxState::Unknown;
    }
}

LifecycleChange lifecycleChange(int event, int detail)
{
    switch (event) {
    case VIR_DOMAIN_EVENT_DEFINED:
        return {false, core::SandboxState::Stopped, "defined"};
    case VIR_DOMAIN_EVENT_UNDEFINED:
        return {true, core::SandboxState::Destroying, "undefined"};
    case VIR_DOMAIN_EVENT_STARTED:
        return {false, core::SandboxState::Running, startedDetail(detail)};
    case VIR_DOMAIN_EVENT_SUSPENDED:
        return {false, core::SandboxState::Paused, suspendedDetail(detail)};
    case VIR_DOMAIN_EVENT_RESUMED:
        return {false, core::SandboxState::Running, "resumed"};
    case VIR_DOMAIN_EVENT_STOPPED: {
        core::SandboxState state = detail == VIR_DOMAIN_EVENT_STOPPED_SAVED    ? core::SandboxState::Asleep
                                   : detail == VIR_DOMAIN_EVENT_STOPPED_CRASHED || detail == VIR_DOMAIN_EVENT_STOPPED_FAILED
                                       ? core::SandboxState::Failed
                                       : core::SandboxState::Stopped;
        return {false, state, stoppedDetail(detail)};
    }
    case VIR_DOMAIN_EVENT_SHUTDOWN:
        return {false, core::SandboxState::Stopping, "shutting down"};
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
        return {false, core::SandboxState::Paused, "suspended by the guest"};
    case VIR_DOMAIN_EVENT_CRASHED:
        return {false, core::SandboxState::Failed, "guest crashed"};
    default:
        return {false, core::SandboxState::Unknown, "unknown event " + std::to_string(event)};
    }
}

}  // namespace shoal::hypervisor
