#include "hypervisor/libvirthypervisor.h"

#include "hypervisor/connectionuri.h"
#include "hypervisor/eventloop.h"
#include "hypervisor/libvirthostconnection.h"

namespace shoal::hypervisor {

LibvirtHypervisor::LibvirtHypervisor()
{
    EventLoop::ensureRunning();
}

LibvirtHypervisor::~LibvirtHypervisor() = default;

core::Result<std::unique_ptr<core::HostConnection>> LibvirtHypervisor::open(const core::HostSpec& spec)
{
    core::Result<ConnectionUri> uri = ConnectionUri::parse(spec.uri);
    if (!uri)
        return tl::unexpected(uri.error());
    return std::unique_ptr<core::HostConnection>(std::make_unique<LibvirtHostConnection>(spec, std::move(*uri)));
}

}  // namespace shoal::hypervisor
