#include "samples.h"

namespace shoal::ui::test {

core::HostStatus makeHost(const std::string& uri, const std::string& zone, const std::string& pool,
                          int allocatedVcpus, int cpus)
{
    core::HostStatus host;
    host.spec.uri = uri;
    host.spec.labels.zone = zone;
    host.spec.labels.pool = pool;
    host.connection = core::ConnectionState::Connected;
    host.capacity.cpus = cpus;
    host.capacity.allocatedVcpus = allocatedVcpus;
    host.capacity.memoryMiB = 65536;
    host.capacity.allocatedMemoryMiB = std::uint64_t(allocatedVcpus) * 1024;
    return host;
}

core::SandboxInfo makeSandbox(const std::string& displayName, const std::string& hostUri, core::SandboxState state)
{
    core::SandboxInfo sandbox;
    sandbox.metadata.id = "id" + displayName;
    sandbox.metadata.displayName = displayName;
    sandbox.metadata.templateName = "tiny";
    sandbox.metadata.zone = "az1";
    sandbox.metadata.pool = "baseline";
    sandbox.domainName = "shoal-" + sandbox.metadata.id;
    sandbox.hostUri = hostUri;
    sandbox.state = state;
    sandbox.vcpus = 1;
    sandbox.memoryMiB = 256;
    return sandbox;
}

core::OperationUpdate makeOperation(std::uint64_t id, const std::string& kind, const std::string& target,
                                    core::OperationUpdate::State state)
{
    core::OperationUpdate operation;
    operation.id = id;
    operation.kind = kind;
    operation.target = target;
    operation.phase = "define";
    operation.state = state;
    return operation;
}

}  // namespace shoal::ui::test
