#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace shoal::core {

struct LogOptions {
    std::string levels;          // SHOAL_LOG syntax: "info" or "hypervisor=debug,core=trace"
    std::string directory;       // rotating log file goes here; empty: XDG state directory
    bool toStderr = true;
    bool toFile = true;
};

// Creates the module loggers (shoal.core, shoal.hypervisor, shoal.ui, shoal.store, shoal.app)
// with shared thread-safe sinks. Call once from main before anything logs; later calls replace
// the levels only. Never fails: a log file that cannot be opened leaves stderr logging.
void setupLogging(const LogOptions& options);

// Returns the logger for `module` ("core", "hypervisor", "ui", "store", "app"), creating it with
// the default sinks if setupLogging has not run (as in tests). Thread-safe.
std::shared_ptr<spdlog::logger> logger(std::string_view module);

}  // namespace shoal::core
