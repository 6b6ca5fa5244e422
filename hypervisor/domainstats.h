#pragma once

#include <optional>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/stats.h"
#include "hypervisor/syntheticload.h"

namespace shoal::hypervisor {

// How a host's driver delivers domain stats, as the host probe found out.
enum class StatsSource {
    BulkAllGroups,     // virConnectGetAllDomainStats reports every group Shoal reads
    BulkStateOnly,     // the bulk call reports the state only (libvirt's test driver)
    Synthetic,         // a simulated fleet's test-driver host: state from the bulk call, made-up load
};

// Reads the counters of Shoal's sandboxes on one host. Runs on the host connection's worker.
class DomainStatsReader {
public:
    // `shapes` keeps the sizes of a Synthetic host's sandboxes between polls. It may be null, and
    // only one reader at a time may use it.
    DomainStatsReader(virConnectPtr connection, std::string hostUri, StatsSource source,
                      SyntheticShapeCache* shapes = nullptr);

    // Makes one bulk call and, for BulkStateOnly, per-domain calls for each active sandbox. With
    // Synthetic, the reader reads each active sandbox's size and fills its counters from
    // syntheticload.h. Given a cache, it takes the states from the cache instead of the bulk call
    // while the cache allows it (see SyntheticShapeCache).
    // Domains whose names lack Shoal's prefix are skipped. Fails with libvirt's error when the
    // bulk call fails; a failed per-domain call only leaves that sandbox's counters empty.
    core::Result<std::vector<core::SandboxStats>> collect();

private:
    bool canReuseStates() const;
    std::vector<core::SandboxStats> collectFromStates();
    void rememberStates(const std::vector<core::SandboxStats>& collected);
    void readPerDomain(virDomainPtr domain, core::SandboxStats& stats) const;
    void fillSynthetic(virDomainPtr domain, core::SandboxStats& stats) const;
    std::optional<SyntheticShape> syntheticShape(virDomainPtr domain, const std::string& domainName) const;
    void forgetInactiveShapes() const;

    virConnectPtr m_connection;
    std::string m_hostUri;
    StatsSource m_source;
    SyntheticShapeCache* m_shapes;
};

// Fills `stats` from one record of virConnectGetAllDomainStats. Public for tests.
void readStatsRecord(const virTypedParameter* parameters, int count, core::SandboxStats& stats);

}  // namespace shoal::hypervisor
