#pragma once

namespace CLI {
class App;
}

namespace shoal::app {

// Registers `bench burst` under the `bench` command. It prints one JSON object when `*json` is
// set at run time, otherwise a one-line summary, and sets `*exitCode` to 1 when any sample
// failed. Both pointers must outlive the parse.
void addBurstBenchCommand(CLI::App& bench, const bool* json, int* exitCode);

}  // namespace shoal::app
