#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/journal.h"

namespace shoal::app {

// Parses a crash point "<kind>:<phase>:<event>", such as "sleep:save:started", where the event is
// started, finished or failed. Returns a journal hook that kills the process with SIGKILL right
// after the journal stored that phase event, so tests can check the reconcile after a crash at an
// exact phase. An empty text returns an empty hook. Fails with InvalidArgument on another form.
core::Result<core::JournalHook> parseCrashPoint(const std::string& text);

// Reads the crash point from $SHOAL_CRASH_AT, for tests only.
core::Result<core::JournalHook> crashPointFromEnvironment();

// Reads $SHOAL_ORPHAN_SWEEP: unset keeps `defaultAge`, "off" turns the orphan sweep off, and a
// whole number sets the minimum age in seconds. Fails with InvalidArgument on another value.
core::Result<std::optional<std::chrono::seconds>> orphanSweepFromEnvironment(std::optional<std::chrono::seconds> defaultAge);

}  // namespace shoal::app
