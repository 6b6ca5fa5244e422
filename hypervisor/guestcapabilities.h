#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shoal::hypervisor {

// The parts of virConnectGetCapabilities that Shoal uses: which domain types the host offers
// for hardware-virtualised (hvm) guests, and on which architectures.
class GuestCapabilities {
public:
    // Parses the capabilities XML. Malformed XML gives an empty result, which offers nothing.
    static GuestCapabilities parse(std::string_view xml);

    const std::string& hostArch() const { return m_hostArch; }
    bool offersDomainType(std::string_view type) const;

    // Returns the architecture to put in a domain of `type`: the host's own when it is offered
    // for that type, otherwise the first one offered, otherwise empty.
    std::string archFor(std::string_view type) const;

private:
    std::string m_hostArch;
    std::vector<std::pair<std::string, std::string>> m_archAndType;  // (arch, domain type)
};

}  // namespace shoal::hypervisor
