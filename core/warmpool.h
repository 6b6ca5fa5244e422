#pragma once

// The warm pool: per template and host, sandboxes restored from the template's warm state and
// kept paused, so that a new sandbox of that template starts with a resume.

#include <cstdint>
#include <string>

namespace shoal::core {

// The largest target size of one pool. Each entry uses its template's memory on the host while
// it waits, so a mistyped size must not fill a host.
inline constexpr int kMaxWarmPoolSize = 64;

// How many paused entries an operator wants for one template on one host, as stored.
struct WarmPoolTarget {
    std::string templateName;
    std::string hostUri;
    int size = 0;
};

// One pool as the console and `shoalctl pool status` show it.
struct WarmPoolStatus {
    std::string templateName;
    std::string hostUri;
    int target = 0;
    int ready = 0;                     // paused entries that a claim can take now
    bool filling = false;              // an entry is being restored right now
    int failures = 0;                  // refill failures in a row; 0 after a success
    std::string lastError;             // the last refill failure, empty after a success
    std::int64_t nextRetryAtMs = 0;    // Unix time of the next refill after a failure, else 0
};

}  // namespace shoal::core
