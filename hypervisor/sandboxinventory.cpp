#include "hypervisor/sandboxinventory.h"

#include <cstdlib>

#include <libvirt/virterror.h>
#include <pugixml.hpp>

#include "core/log.h"
#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/sandboxmetadataxml.h"

namespace shoal::hypervisor {

SandboxInventory::SandboxInventory(virConnectPtr connection, std::string hostUri, const HostEventBridge& events)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_events(events)
{
}

core::Result<std::vector<core::SandboxInfo>> SandboxInventory::list(DomainFilter filter)
{
    unsigned flags = filter == DomainFilter::ActiveOnly ? VIR_CONNECT_LIST_DOMAINS_ACTIVE : 0;
    virDomainPtr* domains = nullptr;
    logCall("virConnectListAllDomains({:#x}) on \"{}\"", flags, m_hostUri);
    int count = virConnectListAllDomains(m_connection, &domains, flags);
    if (count < 0)
        return tl::unexpected(lastLibvirtError("Failed to list the domains of host \"" + m_hostUri + "\""));

    std::vector<DomainHandle> handles;
    for (int i = 0; i < count; ++i)
        handles.emplace_back(domains[i]);
    std::free(domains);

    std::vector<core::SandboxInfo> sandboxes;
    for (const DomainHandle& domain : handles) {
        core::Result<std::optional<core::SandboxInfo>> described = describe(domain.get());
        if (!described) {
            if (described.error().code != core::ErrorCode::NotFound)
                core::logger("hypervisor")->warn("Skipping a domain on host \"{}\": {}", m_hostUri, described.error().detail);
            continue;
        }
        if (*described)
            sandboxes.push_back(std::move(**described));
    }
    return sandboxes;
}

core::Result<std::optional<core::SandboxInfo>> SandboxInventory::describe(virDomainPtr domain)
{
    const std::string name = virDomainGetName(domain);
    const std::string context = "Failed to read domain \"" + name + "\" on host \"" + m_hostUri + "\"";
    const std::string ns(kSandboxNamespace);
    logCall("virDomainGetMetadata(\"{}\", \"{}\")", name, ns);
    LibvirtString xml(virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, ns.c_str(), 0));
    if (!xml) {
        core::Error error = lastLibvirtError(context);
        if (error.hypervisorCode == VIR_ERR_NO_DOMAIN_METADATA)
            return std::optional<core::SandboxInfo>();
        return tl::unexpected(error);
    }
    logXml("sandbox metadata of " + name, xml.get());

    core::Result<core::SandboxMetadata> metadata = parseSandboxMetadata(std::string_view(xml.get()));
    if (!metadata)
        return tl::unexpected(core::Error{metadata.error().code, "Domain \"" + name + "\": " + metadata.error().detail, 0, {}});

    int state = VIR_DOMAIN_NOSTATE;
    int reason = 0;
    virDomainInfo info{};
    logCall("virDomainGetState(\"{}\") and virDomainGetInfo(\"{}\")", name, name);
    if (virDomainGetState(domain, &state, &reason, 0) < 0 || virDomainGetInfo(domain, &info) < 0)
        return tl::unexpected(lastLibvirtError(context));

    core::SandboxInfo sandbox;
    sandbox.metadata = std::move(*metadata);
    sandbox.domainName = name;
    sandbox.hostUri = m_hostUri;
    sandbox.state = sandboxStateFromDomainState(state, reason);
    sandbox.vcpus = info.nrVirtCpu;
    // The current balloon target, so a sandbox counts its burst memory only while it bursts.
    sandbox.memoryMiB = info.memory / 1024;
    // libvirt keeps no start time: it is the time this process saw the domain start, else the
    // one a Shoal process stored in the live metadata, else 0 (started outside Shoal).
    if (sandbox.state == core::SandboxState::Running || sandbox.state == core::SandboxState::Paused) {
        sandbox.startedAtMs = m_events.startedAtMs(name);
        if (sandbox.startedAtMs == 0)
            sandbox.startedAtMs = readStartTime(domain, name);
    }
    if (sandbox.state == core::SandboxState::Failed)
        sandbox.failureReason = "the guest crashed";
    return std::optional<core::SandboxInfo>(std::move(sandbox));
}

void SandboxInventory::recordStartTime(virDomainPtr domain, std::int64_t unixMs)
{
    const std::string name = virDomainGetName(domain);
    const std::string ns(kRunNamespace);
    const std::string xml = "<run started=\"" + formatTimestamp(unixMs) + "\"/>";
    logCall("virDomainSetMetadata(\"{}\", \"{}\", live)", name, xml);
    if (virDomainSetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, xml.c_str(), "shoalrun", ns.c_str(),
                             VIR_DOMAIN_AFFECT_LIVE) < 0) {
        core::Error error = lastLibvirtError("Failed to record the start time of sandbox \"" + name + "\"");
        core::logger("hypervisor")->warn("{}", error.detail);
    }
}

std::int64_t SandboxInventory::readStartTime(virDomainPtr domain, const std::string& name)
{
    const std::string ns(kRunNamespace);
    logCall("virDomainGetMetadata(\"{}\", \"{}\", live)", name, ns);
    LibvirtString xml(virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, ns.c_str(), VIR_DOMAIN_AFFECT_LIVE));
    if (!xml) {
        // Usually VIR_ERR_NO_DOMAIN_METADATA: the domain was started outside Shoal.
        virResetLastError();
        return 0;
    }
    pugi::xml_document document;
    if (!document.load_string(xml.get()))
        return 0;
    const std::int64_t started = parseTimestamp(document.first_child().attribute("started").as_string());
    return started > 0 ? started : 0;
}

core::Result<DomainHandle> SandboxInventory::lookup(const std::string& domainName)
{
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, m_hostUri);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (!domain)
        return tl::unexpected(lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\""));
    return domain;
}

}  // namespace shoal::hypervisor
