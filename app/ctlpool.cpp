// The `pool set` and `pool status` commands, and the warm-pool note of `sandbox create`.

#include <spdlog/fmt/fmt.h>

#include "app/ctlcommands.h"
#include "app/ctloutput.h"

namespace shoal::app {

namespace {

nlohmann::json toJson(const core::WarmPoolStatus& pool)
{
    return {{"template", pool.templateName}, {"host", pool.hostUri},       {"target", pool.target},
            {"ready", pool.ready},           {"filling", pool.filling},    {"failures", pool.failures},
            {"lastError", pool.lastError},   {"nextRetryAtMs", pool.nextRetryAtMs}};
}

std::string describeFill(const core::WarmPoolStatus& pool)
{
    if (pool.filling)
        return "filling";
    if (pool.failures > 0)
        return "waiting to retry";
    if (pool.ready < pool.target)
        return "below target";
    if (pool.ready > pool.target)
        return "removing entries";
    return "full";
}

void printPools(std::ostream& out, const std::vector<core::WarmPoolStatus>& pools)
{
    if (pools.empty()) {
        out << "No warm pools; set one with: shoalctl pool set TEMPLATE --host URI --size N\n";
        return;
    }
    TextTable table({"TEMPLATE", "HOST", "TARGET", "READY", "STATE", "FAILURES", "LAST ERROR"});
    for (const core::WarmPoolStatus& pool : pools) {
        table.addRow({pool.templateName, pool.hostUri, std::to_string(pool.target), std::to_string(pool.ready),
                      describeFill(pool), std::to_string(pool.failures), pool.lastError});
    }
    table.print(out);
}

CommandOutput poolsOutput(std::vector<core::WarmPoolStatus> pools)
{
    nlohmann::json json = nlohmann::json::array();
    for (const core::WarmPoolStatus& pool : pools)
        json.push_back(toJson(pool));
    return CommandOutput{json, [pools](std::ostream& out) { printPools(out, pools); }};
}

}  // namespace

core::Result<CommandOutput> CtlCommands::setWarmPool(const WarmPoolSetArguments& arguments)
{
    if (arguments.waitSeconds < 0) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Wait {} s is invalid; give 0 or more", arguments.waitSeconds));
    }
    if (auto found = m_fleet.findTemplate(arguments.templateName); !found)
        return tl::unexpected(found.error());
    if (auto registered = registerHostIfUnknown(arguments.hostUri); !registered)
        return tl::unexpected(registered.error());
    core::Result<core::WarmPoolStatus> set = m_fleet.setWarmPoolSize(arguments.templateName, arguments.hostUri,
                                                                      arguments.size);
    if (!set)
        return tl::unexpected(set.error());

    // shoalctl refills nothing in the background, because it exits after the command. So the
    // entries are made here, while the command waits.
    std::vector<core::WarmPoolStatus> pools = m_fleet.settleWarmPools(std::chrono::seconds(arguments.waitSeconds));
    CommandOutput output = poolsOutput(pools);
    for (const core::WarmPoolStatus& pool : pools) {
        if (pool.templateName != arguments.templateName || pool.hostUri != arguments.hostUri)
            continue;
        if (pool.ready < pool.target) {
            output.warnings.push_back(fmt::format("Warm pool of template \"{}\" on host \"{}\" has {} of {} entries "
                                                  "ready{}",
                                                  pool.templateName, pool.hostUri, pool.ready, pool.target,
                                                  pool.lastError.empty() ? "" : "; last error: " + pool.lastError));
        }
    }
    return output;
}

core::Result<CommandOutput> CtlCommands::warmPoolStatus()
{
    return poolsOutput(m_fleet.warmPools());
}

std::optional<std::string> CtlCommands::warmPoolFallbackNote(const std::string& templateName,
                                                             const std::string& hostUri) const
{
    for (const core::WarmPoolStatus& pool : m_fleet.warmPools()) {
        if (pool.templateName == templateName && pool.hostUri == hostUri && pool.ready > 0)
            return std::nullopt;
    }
    return fmt::format("No warm-pool entry of template \"{}\" is ready on host \"{}\", so the sandbox starts from "
                       "the warm state",
                       templateName, hostUri);
}

}  // namespace shoal::app
