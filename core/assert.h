#pragma once

#include <spdlog/spdlog.h>

// Guards a state that should be impossible. Instead of crashing, it logs the file, line and
// condition at error level on the default logger and runs `recovery` (e.g. `return {}`).
#define SHOAL_ASSERT(condition, recovery)                                                    \
    do {                                                                                     \
        if (!(condition)) {                                                                  \
            spdlog::error("Assertion \"{}\" failed at {}:{}", #condition, __FILE__, __LINE__); \
            recovery;                                                                        \
        }                                                                                    \
    } while (false)
