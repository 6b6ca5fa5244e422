#pragma once

#include <ostream>
#include <string>

#include <QString>

#include "core/fleet.h"
#include "core/model.h"

namespace shoal::ui::test {

core::HostStatus makeHost(const std::string& uri, const std::string& zone, const std::string& pool,
                          int allocatedVcpus = 0, int cpus = 16);

core::SandboxInfo makeSandbox(const std::string& displayName, const std::string& hostUri,
                              core::SandboxState state = core::SandboxState::Running);

core::OperationUpdate makeOperation(std::uint64_t id, const std::string& kind, const std::string& target,
                                    core::OperationUpdate::State state = core::OperationUpdate::State::Running);

}  // namespace shoal::ui::test

// Lets GoogleTest print QString values in failure messages.
inline void PrintTo(const QString& text, std::ostream* out)
{
    *out << '"' << text.toStdString() << '"';
}
