#pragma once

namespace CLI {
class App;
}

namespace shoal::app {

// Registers `bench placement` and `bench ui` under `parent`. `bench placement` prints one JSON
// object when `*json` is set at run time (the global --json flag), otherwise a short summary, and
// stores its exit status in `*exitCode`: 0 when the replay matched the reference, 1 otherwise.
// `bench ui` replaces the process with shoal_bench_ui, which always prints JSON, and stores 1
// only when that program cannot be started. Both pointers must outlive the parse.
void addBenchCommands(CLI::App &parent, const bool *json, int *exitCode);

}  // namespace shoal::app
