#include "hypervisor/restorelanes.h"

#include "core/log.h"

namespace shoal::hypervisor {

RestoreLanes::RestoreLanes(Opener open, std::string hostUri) : m_open(std::move(open)), m_hostUri(std::move(hostUri)) {}

core::Result<CreateTarget> RestoreLanes::target(std::size_t index, const CreateTarget& main)
{
    if (m_lanes.size() <= index)
        m_lanes.resize(index + 1);
    // A lane whose link died since its last clone is opened again.
    if (m_lanes[index] && virConnectIsAlive(m_lanes[index]->connection.get()) != 1) {
        core::logger("hypervisor")->info("Restore lane {} to host \"{}\" is closed; opening it again", index, m_hostUri);
        m_lanes[index].reset();
    }
    if (!m_lanes[index]) {
        core::Result<std::unique_ptr<Lane>> opened = open(index, main);
        if (!opened)
            return tl::unexpected(opened.error());
        m_lanes[index] = std::move(*opened);
    }

    const Lane& lane = *m_lanes[index];
    CreateTarget target = main;
    target.connection = lane.connection.get();
    target.pool = lane.pool.get();
    target.scratch = lane.scratch.get();
    return target;
}

StoragePool* RestoreLanes::matchingPool(std::size_t index, const StoragePool* pool)
{
    if (!pool || index >= m_lanes.size() || !m_lanes[index])
        return nullptr;
    Lane& lane = *m_lanes[index];
    if (lane.pool && lane.pool->name() == pool->name())
        return lane.pool.get();
    if (lane.scratch && lane.scratch->name() == pool->name())
        return lane.scratch.get();
    return nullptr;
}

core::Result<std::unique_ptr<RestoreLanes::Lane>> RestoreLanes::open(std::size_t index, const CreateTarget& main)
{
    core::Result<ConnectionHandle> connection = m_open();
    if (!connection)
        return tl::unexpected(connection.error());

    auto lane = std::make_unique<Lane>();
    lane->connection = std::move(*connection);
    // The host connection made both pools when it connected, so they are only looked up here.
    auto openPool = [&](const StoragePool* mainPool) -> core::Result<std::unique_ptr<StoragePool>> {
        auto pool = std::make_unique<StoragePool>(lane->connection.get(), m_hostUri, mainPool->name());
        if (core::Status found = pool->ensure(mainPool->path()); !found)
            return tl::unexpected(found.error());
        return pool;
    };
    core::Result<std::unique_ptr<StoragePool>> pool = openPool(main.pool);
    if (!pool)
        return tl::unexpected(pool.error());
    lane->pool = std::move(*pool);
    if (main.scratch) {
        core::Result<std::unique_ptr<StoragePool>> scratch = openPool(main.scratch);
        if (!scratch)
            return tl::unexpected(scratch.error());
        lane->scratch = std::move(*scratch);
    }
    core::logger("hypervisor")->debug("Opened restore lane {} to host \"{}\"", index, m_hostUri);
    return lane;
}

}  // namespace shoal::hypervisor
