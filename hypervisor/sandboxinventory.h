#pragma once

#include <optional>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/model.h"
#include "hypervisor/hosteventbridge.h"
#include "hypervisor/libvirthandles.h"

namespace shoal::hypervisor {

// The set of domains that a listing covers.
enum class DomainFilter { All, ActiveOnly };

// Reads Shoal's sandboxes from one host: every domain whose <metadata> carries Shoal's
// namespace, whatever its name. Runs on the host connection's worker thread.
class SandboxInventory {
public:
    SandboxInventory(virConnectPtr connection, std::string hostUri, const HostEventBridge& events);

    // Lists the sandboxes with their state, vCPUs and memory. A domain that disappears while it
    // is being read is left out. A domain whose Shoal metadata does not parse is logged at warn
    // level and left out too, so that one bad domain never hides the rest.
    core::Result<std::vector<core::SandboxInfo>> list(DomainFilter filter);

    // Describes one domain, or returns nullopt when it carries no Shoal metadata.
    core::Result<std::optional<core::SandboxInfo>> describe(virDomainPtr domain);

    // Stores the start time in the running domain's live metadata, so that another Shoal process
    // (a later shoalctl call, a restarted console) reads the same uptime. The live metadata ends
    // with the QEMU process. A failure only costs the uptime, so it is logged and not returned.
    void recordStartTime(virDomainPtr domain, std::int64_t unixMs);

    // Finds a domain by name. Fails with NotFound naming the sandbox and the host.
    core::Result<DomainHandle> lookup(const std::string& domainName);

private:
    std::int64_t readStartTime(virDomainPtr domain, const std::string& name);

    virConnectPtr m_connection;
    std::string m_hostUri;
    const HostEventBridge& m_events;
};

}  // namespace shoal::hypervisor
