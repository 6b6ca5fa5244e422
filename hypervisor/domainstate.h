#pragma once

#include <string>
#include <string_view>

#include "core/model.h"

namespace shoal::hypervisor {

// Generated domain names of Shoal sandboxes start with this, and lifecycle events of other
// domains on a shared host are ignored.
inline constexpr std::string_view kDomainNamePrefix = "shoal-";

bool isShoalDomainName(std::string_view domainName);

// Returns true for the name that virConnectGetType reports for libvirt's test driver ("TEST" in
// libvirt 9.0), compared without case. Returns false for null.
bool isTestDriverName(const char* driverName);

// Maps virDomainGetState's state and reason to a sandbox state. A domain shut off after a
// save (managed or to a file) is Asleep, and a crashed one is Failed.
core::SandboxState sandboxStateFromDomainState(int state, int reason);

// A lifecycle event (virDomainEventType and its detail) as a sandbox state. Undefined maps to
// Destroying because the domain is gone, and callers send SandboxRemoved for it instead.
struct LifecycleChange {
    bool removed = false;
    core::SandboxState state = core::SandboxState::Unknown;
    std::string reason;  // e.g. "stopped: destroyed", for the log
};

LifecycleChange lifecycleChange(int event, int detail);

}  // namespace shoal::hypervisor
