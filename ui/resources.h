#pragma once

namespace shoal::ui {

// Registers the icons compiled into the shoal_ui static library. A static library's resource
// initializer is not linked in unless something refers to it, so the console calls this before
// it shows any icon. Safe to call more than once.
void initializeResources();

}  // namespace shoal::ui
