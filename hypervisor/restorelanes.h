#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Extra connections to one host, one for each restore that runs beside the host connection's
// own. libvirtd 9.0 handles no other call on a connection while a restore runs on it. Measured on
// one host, a volume lookup, a volume upload or a domain lookup on the same connection waited
// until the restore ended, and on a second connection none did. Restores that run side by side,
// and the volume calls that prepare the next clone while another restores, therefore each get a
// connection of their own. The lanes stay open for later clones and close with this object,
// which the host connection destroys when it closes.
class RestoreLanes {
public:
    using Opener = std::function<core::Result<ConnectionHandle>()>;

    RestoreLanes(Opener open, std::string hostUri);

    RestoreLanes(const RestoreLanes&) = delete;
    RestoreLanes& operator=(const RestoreLanes&) = delete;

    // Returns `main` with the connection and pools of lane `index`, opening the lane on first
    // use. The lane has a pool of the same name for each pool of `main`. Fails when the
    // connection or a pool cannot be opened, and the caller may then use `main` itself.
    core::Result<CreateTarget> target(std::size_t index, const CreateTarget& main);

    // Returns the pool of lane `index` that has the name of `pool`, or null when the lane has
    // none. The lane must have been opened by target().
    StoragePool* matchingPool(std::size_t index, const StoragePool* pool);

private:
    // The pools are declared after the connection, so they are freed before it closes.
    struct Lane {
        ConnectionHandle connection;
        std::unique_ptr<StoragePool> pool;
        std::unique_ptr<StoragePool> scratch;
    };

    core::Result<std::unique_ptr<Lane>> open(std::size_t index, const CreateTarget& main);

    Opener m_open;
    std::string m_hostUri;
    std::vector<std::unique_ptr<Lane>> m_lanes;
};

}  // namespace shoal::hypervisor
