#include "core/model.h"

#include <array>
#include <utility>

namespace shoal::core {

namespace {

constexpr std::array<std::pair<SandboxState, std::string_view>, 14> kStateNames{{
    {SandboxState::Pending, "pending"},
    {SandboxState::Placing, "placing"},
    {SandboxState::Creating, "creating"},
    {SandboxState::Booting, "booting"},
    {SandboxState::Running, "running"},
    {SandboxState::Paused, "paused"},
    {SandboxState::Stopping, "stopping"},
    {SandboxState::Stopped, "stopped"},
    {SandboxState::Sleeping, "sleeping"},
    {SandboxState::Asleep, "asleep"},
    {SandboxState::Waking, "waking"},
    {SandboxState::Destroying, "destroying"},
    {SandboxState::Failed, "failed"},
    {SandboxState::Unknown, "unknown"},
}};

}  // namespace

std::string_view toString(SandboxState state)
{
    for (const auto& [value, name] : kStateNames) {
        if (value == state)
            return name;
    }
    return "unknown";
}

std::optional<SandboxState> sandboxStateFromString(std::string_view text)
{
    for (const auto& [value, name] : kStateNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

std::string_view toString(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connecting: return "connecting";
    case ConnectionState::Connected: return "connected";
    case ConnectionState::Disconnected: return "disconnected";
    }
    return "disconnected";
}

std::string_view toString(DomainType type)
{
    switch (type) {
    case DomainType::Auto: return "auto";
    case DomainType::Kvm: return "kvm";
    case DomainType::Qemu: return "qemu";
    }
    return "auto";
}

std::optional<DomainType> domainTypeFromString(std::string_view text)
{
    if (text == "auto")
        return DomainType::Auto;
    if (text == "kvm")
        return DomainType::Kvm;
    if (text == "qemu" || text == "tcg")
        return DomainType::Qemu;
    return std::nullopt;
}

std::string_view toString(StartMode mode)
{
    switch (mode) {
    case StartMode::Cold: return "cold";
    case StartMode::Snapshot: return "snapshot";
    case StartMode::PoolPaused: return "pool";
    }
    return "cold";
}

std::optional<StartMode> startModeFromString(std::string_view text)
{
    if (text == "cold")
        return StartMode::Cold;
    if (text == "snapshot")
        return StartMode::Snapshot;
    if (text == "pool")
        return StartMode::PoolPaused;
    return std::nullopt;
}

}  // namespace shoal::core
