// LibvirtHostConnection: rewriting the Shoal metadata of a domain that exists, which a warm-pool
// claim uses to give a paused entry its user's name without redefining the domain.

#include <sstream>

#include <pugixml.hpp>

#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/sandboxinventory.h"
#include "hypervisor/sandboxmetadataxml.h"

namespace shoal::hypervisor {

core::Status LibvirtHostConnection::updateSandboxMetadata(const std::string& domainName,
                                                          const core::SandboxMetadata& metadata)
{
    if (auto connected = requireConnected(); !connected)
        return connected;

    pugi::xml_document document;
    pugi::xml_node holder = document.append_child("metadata");
    if (core::Status built = appendSandboxMetadata(holder, metadata); !built)
        return built;
    // libvirt declares the namespace on the element itself, under the key given below, and fails
    // with "failed to create a new XML namespace" when the element already declares that prefix.
    // So the element goes without prefixes or declaration.
    const std::string prefix(kSandboxNamespacePrefix);
    pugi::xml_node sandbox = holder.first_child();
    sandbox.remove_attribute(("xmlns:" + prefix).c_str());
    auto dropPrefix = [&prefix](pugi::xml_node node) {
        const std::string name = node.name();
        if (name.rfind(prefix + ":", 0) == 0)
            node.set_name(name.substr(prefix.size() + 1).c_str());
    };
    dropPrefix(sandbox);
    for (pugi::xml_node field : sandbox.children())
        dropPrefix(field);
    std::ostringstream xml;
    sandbox.print(xml, "", pugi::format_raw);

    core::Result<DomainHandle> domain = SandboxInventory(m_connection, m_uri.text(), *m_events).lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());

    // A transient domain has no stored definition, and libvirt rejects AFFECT_CONFIG for it.
    unsigned int flags = VIR_DOMAIN_AFFECT_LIVE;
    if (virDomainIsPersistent(domain->get()) == 1)
        flags |= VIR_DOMAIN_AFFECT_CONFIG;
    const std::string ns(kSandboxNamespace);
    logCall("virDomainSetMetadata(\"{}\", \"{}\", flags {}) on \"{}\"", domainName, xml.str(), flags, m_uri.text());
    if (virDomainSetMetadata(domain->get(), VIR_DOMAIN_METADATA_ELEMENT, xml.str().c_str(), prefix.c_str(), ns.c_str(),
                             flags) < 0) {
        return tl::unexpected(lastLibvirtError("Failed to update the metadata of sandbox \"" + domainName +
                                               "\" on host \"" + m_uri.text() + "\""));
    }
    return {};
}

}  // namespace shoal::hypervisor
