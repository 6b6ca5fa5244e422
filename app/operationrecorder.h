#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fleet.h"

namespace shoal::app {

// Keeps the last update of every operation the fleet reports, so that shoalctl's --json output
// can show each operation's phases and their durations (the latency waterfall).
class OperationRecorder : public core::FleetListener {
public:
    void operationChanged(const core::OperationUpdate& operation) override;

    // Returns the finished operations on `target` (a sandbox's display name), oldest first, as
    // JSON: kind, state, message, total_ms and the phases with their ms.
    nlohmann::json finishedOn(const std::string& target) const;

private:
    mutable std::mutex m_mutex;
    std::map<std::uint64_t, core::OperationUpdate> m_operations;  // keyed by id, so in start order
};

}  // namespace shoal::app
