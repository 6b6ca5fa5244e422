#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/placementengine.h"

namespace shoal::core {

// A short phrase for a rejection reason, e.g. "not enough capacity".
std::string_view describeReason(RejectReason reason);

// The machine-readable name of a reason for JSON, e.g. "capacity" or "max-reached".
std::string_view reasonKey(RejectReason reason);

// One line per unit saying how many hosts each reason rejected, e.g.
// `baseline: 12 hosts without enough capacity; serverless: overflow condition not met (12 hosts)`.
// A unit whose selector matches no host is described as such.
std::string describeRefusal(const std::vector<UnitRejections>& rejections);

}  // namespace shoal::core
