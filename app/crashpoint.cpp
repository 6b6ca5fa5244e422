#include "app/crashpoint.h"

#include <csignal>
#include <cstdlib>

#include <fmt/format.h>

#include "core/log.h"

namespace shoal::app {

core::Result<core::JournalHook> parseCrashPoint(const std::string& text)
{
    if (text.empty())
        return core::JournalHook{};
    const std::size_t first = text.find(':');
    const std::size_t last = text.rfind(':');
    if (first == std::string::npos || first == last || first == 0 || last == first + 1 || last + 1 == text.size()) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Crash point \"{}\" is invalid; use <kind>:<phase>:<started|finished|failed>, "
                                      "for example \"sleep:save:started\"",
                                      text));
    }
    std::string kind = text.substr(0, first);
    std::string phase = text.substr(first + 1, last - first - 1);
    const std::string event = text.substr(last + 1);
    if (event != "started" && event != "finished" && event != "failed") {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Crash point \"{}\" has the invalid event \"{}\"; use started, finished or failed",
                                      text, event));
    }

    return core::JournalHook([kind, phase, event](std::string_view atKind, std::string_view atPhase,
                                                  core::PhaseEvent::Kind atEvent) {
        if (atKind != kind || atPhase != phase || core::toString(atEvent) != event)
            return;
        auto log = core::logger("app");
        log->warn("Crash point {}:{}:{} reached; killing the process", kind, phase, event);
        log->flush();
        std::raise(SIGKILL);
    });
}

core::Result<core::JournalHook> crashPointFromEnvironment()
{
    const char* value = std::getenv("SHOAL_CRASH_AT");
    core::Result<core::JournalHook> hook = parseCrashPoint(value ? value : "");
    if (!hook)
        hook.error().detail = "SHOAL_CRASH_AT: " + hook.error().detail;
    return hook;
}

core::Result<std::optional<std::chrono::seconds>> orphanSweepFromEnvironment(std::optional<std::chrono::seconds> defaultAge)
{
    const char* value = std::getenv("SHOAL_ORPHAN_SWEEP");
    if (!value || !*value)
        return defaultAge;
    const std::string text = value;
    if (text == "off")
        return std::optional<std::chrono::seconds>();
    char* end = nullptr;
    const long long seconds = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || seconds < 0) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("SHOAL_ORPHAN_SWEEP \"{}\" is invalid; use \"off\" or a minimum age in seconds",
                                      text));
    }
    return std::optional<std::chrono::seconds>(std::chrono::seconds(seconds));
}

}  // namespace shoal::app
