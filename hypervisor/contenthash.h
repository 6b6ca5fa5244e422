#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace shoal::hypervisor {

// A local file's size and a hash of its content, used to name template volumes so that a
// changed file gets a new volume instead of silently reusing the old one.
struct FileFingerprint {
    std::uint64_t sizeBytes = 0;
    std::string hash;  // 16 lower-case hex digits of the XXH3 64-bit hash of the content
};

// Reads `path` and returns its fingerprint. Results are cached per path, size and modification
// time, so asking again for an unchanged file costs one stat(). Thread-safe. Fails with
// NotFound when the file is missing and StorageError when it cannot be read. `fileLabel` names the
// file in the error, e.g. `kernel of template "tiny"`.
core::Result<FileFingerprint> fingerprintFile(const std::string& path, const std::string& fileLabel);

}  // namespace shoal::hypervisor
