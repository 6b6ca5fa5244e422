#pragma once

namespace CLI {
class App;
}

namespace shoal::app {

// Registers `bench placement` under `parent`. The command prints one JSON object when `*json` is
// set at run time (the global --json flag), otherwise a short summary, and stores its exit
// status in `*exitCode`: 0 when the replay matched the reference, 1 otherwise. Both pointers must
// outlive the parse.
void addBenchCommands(CLI::App &parent, const bool *json, int *exitCode);

}  // namespace shoal::app
