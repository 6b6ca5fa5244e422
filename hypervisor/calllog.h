#pragma once

#include <string_view>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/log.h"

namespace shoal::hypervisor {

// Logs one libvirt call with its arguments at debug level, e.g.
// logCall("virDomainCreate(\"{}\")", name).
template <typename... Args>
void logCall(spdlog::format_string_t<Args...> format, Args&&... args)
{
    core::logger("hypervisor")->debug(format, std::forward<Args>(args)...);
}

// Logs an XML document sent to or read from libvirt at trace level.
inline void logXml(std::string_view description, std::string_view xml)
{
    core::logger("hypervisor")->trace("{}:\n{}", description, xml);
}

}  // namespace shoal::hypervisor
