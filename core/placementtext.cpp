#include "core/placementtext.h"

#include <spdlog/fmt/fmt.h>

namespace shoal::core {

std::string_view describeReason(RejectReason reason)
{
    switch (reason) {
    case RejectReason::Label: return "not selected by the unit";
    case RejectReason::OverflowNotEligible: return "overflow condition not met";
    case RejectReason::MaxReached: return "unit max reached";
    case RejectReason::Unhealthy: return "host disconnected or low on disk";
    case RejectReason::CpuIncompatible: return "CPU model not supported";
    case RejectReason::Capacity: return "not enough capacity";
    case RejectReason::Spread: return "zone spread limit";
    }
    return "unknown reason";
}

std::string_view reasonKey(RejectReason reason)
{
    switch (reason) {
    case RejectReason::Label: return "label";
    case RejectReason::OverflowNotEligible: return "overflow-not-eligible";
    case RejectReason::MaxReached: return "max-reached";
    case RejectReason::Unhealthy: return "unhealthy";
    case RejectReason::CpuIncompatible: return "cpu-incompatible";
    case RejectReason::Capacity: return "capacity";
    case RejectReason::Spread: return "spread";
    }
    return "unknown";
}

std::string describeRefusal(const std::vector<UnitRejections>& rejections)
{
    std::string text;
    for (const UnitRejections& unit : rejections) {
        std::string reasons;
        // Hosts outside the unit's selector are not a reason the unit rejected the request.
        for (std::size_t index = 1; index < kRejectReasonCount; ++index) {
            const std::int64_t hosts = unit.hosts[index];
            if (hosts == 0)
                continue;
            if (!reasons.empty())
                reasons += ", ";
            reasons += fmt::format("{} ({} host{})", describeReason(static_cast<RejectReason>(index)), hosts,
                                   hosts == 1 ? "" : "s");
        }
        if (reasons.empty())
            reasons = "no host matches its selector";
        if (!text.empty())
            text += "; ";
        text += fmt::format("{}: {}", unit.unit, reasons);
    }
    return text;
}

}  // namespace shoal::core
