#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/fleet.h"

namespace shoal::core {

// Builds the OperationUpdate of one user-visible action: the current phase, the time each
// finished phase took, and the outcome. Not thread-safe; one thread drives an operation at a time.
class Operation {
public:
    Operation(std::uint64_t id, std::string kind, std::string target, std::string hostUri);

    // Ends the current phase, if any, and starts `name` at `progress` (0..1).
    void beginPhase(std::string name, double progress);

    // Ends the current phase and records how long it took.
    void endPhase();

    // Sets the host once placement has chosen it.
    void setHost(std::string hostUri) { m_update.hostUri = std::move(hostUri); }

    // Sets a note such as a fallback; it stays until the operation ends.
    void setMessage(std::string message);

    void succeed();
    void failWith(const Error& error);

    const OperationUpdate& update() const { return m_update; }
    bool isFinished() const { return m_update.state != OperationUpdate::State::Running; }

private:
    using Clock = std::chrono::steady_clock;

    OperationUpdate m_update;
    Clock::time_point m_phaseStart;
    bool m_inPhase = false;
};

}  // namespace shoal::core
