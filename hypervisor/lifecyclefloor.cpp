#include "hypervisor/lifecyclefloor.h"

#include <chrono>
#include <memory>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

core::Result<SaveRestoreFloor> measureSaveRestoreFloor(const std::string& uri, const std::string& domainName)
{
    const std::string context = "Failed to measure the save and restore of \"" + domainName + "\" on host \"" + uri + "\"";
    ConnectionHandle connection(virConnectOpen(uri.c_str()));
    if (!connection)
        return tl::unexpected(lastLibvirtError(context));
    StoragePool pool(connection.get(), uri);
    // The host connection made the pool when it connected, so no default path is needed here.
    if (auto found = pool.ensure({}); !found)
        return tl::unexpected(found.error());
    DomainHandle domain(virDomainLookupByName(connection.get(), domainName.c_str()));
    if (!domain)
        return tl::unexpected(lastLibvirtError(context));

    const std::string volumeName = domainName + ".floor";
    core::Result<StorageVolumeHandle> volume = pool.createRawVolume(volumeName, 0);
    if (!volume)
        return tl::unexpected(volume.error());
    const std::string path = pool.volumePath(volume->get());

    SaveRestoreFloor floor;
    core::Status measured = [&]() -> core::Status {
        logCall("virDomainSave(\"{}\", \"{}\") on \"{}\"", domainName, path, uri);
        Clock::time_point start = Clock::now();
        if (virDomainSave(domain.get(), path.c_str()) < 0)
            return tl::unexpected(lastLibvirtError(context));
        floor.saveSeconds = secondsSince(start);

        logCall("virDomainRestore(\"{}\") on \"{}\"", path, uri);
        start = Clock::now();
        if (virDomainRestore(connection.get(), path.c_str()) < 0)
            return tl::unexpected(lastLibvirtError(context + "; the domain is saved in \"" + path + "\", not running"));
        floor.restoreSeconds = secondsSince(start);
        return {};
    }();
    if (!measured)
        return tl::unexpected(measured.error());
    if (auto deleted = pool.deleteVolume(volumeName); !deleted)
        core::logger("hypervisor")->warn("{}", deleted.error().detail);
    return floor;
}

}  // namespace shoal::hypervisor
