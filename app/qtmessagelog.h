#pragma once

namespace shoal::app {

// Sends Qt's own warnings and debug messages to the "ui" logger, so they land in the same sinks
// and obey the same SHOAL_LOG levels as Shoal's messages.
void routeQtMessagesToLog();

}  // namespace shoal::app
