#include "hypervisor/guestcapabilities.h"

#include <pugixml.hpp>

namespace shoal::hypervisor {

GuestCapabilities GuestCapabilities::parse(std::string_view xml)
{
    GuestCapabilities result;
    pugi::xml_document document;
    if (!document.load_buffer(xml.data(), xml.size()))
        return result;

    pugi::xml_node capabilities = document.child("capabilities");
    result.m_hostArch = capabilities.child("host").child("cpu").child("arch").text().get();
    for (pugi::xml_node guest : capabilities.children("guest")) {
        if (std::string_view(guest.child("os_type").text().get()) != "hvm")
            continue;
        for (pugi::xml_node arch : guest.children("arch")) {
            for (pugi::xml_node domain : arch.children("domain"))
                result.m_archAndType.emplace_back(arch.attribute("name").value(), domain.attribute("type").value());
        }
    }
    return result;
}

bool GuestCapabilities::offersDomainType(std::string_view type) const
{
    for (const auto& [arch, domainType] : m_archAndType) {
        if (domainType == type)
            return true;
    }
    return false;
}

std::string GuestCapabilities::archFor(std::string_view type) const
{
    std::string first;
    for (const auto& [arch, domainType] : m_archAndType) {
        if (domainType != type)
            continue;
        if (arch == m_hostArch)
            return arch;
        if (first.empty())
            first = arch;
    }
    return first;
}

}  // namespace shoal::hypervisor
