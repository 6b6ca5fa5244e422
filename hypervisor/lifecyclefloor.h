#pragma once

#include <string>

#include "core/error.h"

namespace shoal::hypervisor {

// libvirt's own save and restore of one domain, timed without any of Shoal's steps.
struct SaveRestoreFloor {
    double saveSeconds = 0.0;
    double restoreSeconds = 0.0;
};

// Saves the running domain with a plain virDomainSave into a new raw volume of Shoal's pool,
// restores it with virDomainRestore, deletes the volume and returns both durations. Opens its own
// connection to `uri`, so it measures the calls alone. The domain runs again afterwards. When the
// restore fails, the error names the file that holds the saved domain.
core::Result<SaveRestoreFloor> measureSaveRestoreFloor(const std::string& uri, const std::string& domainName);

}  // namespace shoal::hypervisor
