#pragma once

#include <string_view>

namespace shoal::hypervisor {

// Domain and volume names of warm states start with this. Such volumes belong to a template, so
// destroying a sandbox never deletes them.
inline constexpr std::string_view kWarmStatePrefix = "shoal-warm-";

}  // namespace shoal::hypervisor
