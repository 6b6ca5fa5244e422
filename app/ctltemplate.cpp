// The `template show` and `template set` commands.

#include <spdlog/fmt/fmt.h>

#include "app/ctlcommands.h"
#include "app/ctloutput.h"

namespace shoal::app {

namespace {

void printTemplate(std::ostream& out, const core::Template& sandboxTemplate)
{
    out << fmt::format("Template \"{}\": {} vCPU, {} MiB memory, {} MiB disk{}\n", sandboxTemplate.name,
                       sandboxTemplate.vcpus, sandboxTemplate.memoryMiB, sandboxTemplate.diskMiB,
                       sandboxTemplate.builtIn ? ", built in" : "");
    out << "Burst plan: " << describeBurstPlan(sandboxTemplate) << "\n";
}

}  // namespace

core::Result<CommandOutput> CtlCommands::showTemplate(const std::string& name)
{
    core::Result<core::Template> sandboxTemplate = m_fleet.findTemplate(name);
    if (!sandboxTemplate)
        return tl::unexpected(sandboxTemplate.error());
    const core::Template found = *sandboxTemplate;
    return CommandOutput{toJson(found), [found](std::ostream& out) { printTemplate(out, found); }};
}

core::Result<CommandOutput> CtlCommands::setTemplate(const TemplateSetArguments& arguments)
{
    core::Result<core::Template> current = m_fleet.findTemplate(arguments.name);
    if (!current)
        return tl::unexpected(current.error());
    core::BurstPlan plan = current->burst;
    if (arguments.baselineCpuPercent)
        plan.baselineCpuPercent = *arguments.baselineCpuPercent;
    if (arguments.burstFactor)
        plan.cpuFactor = *arguments.burstFactor;
    if (arguments.windowSeconds)
        plan.windowSeconds = *arguments.windowSeconds;
    if (arguments.burstMemoryMiB)
        plan.burstMemoryMiB = *arguments.burstMemoryMiB;

    core::Result<core::Template> updated = m_fleet.setBurstPlan(arguments.name, plan);
    if (!updated)
        return tl::unexpected(updated.error());
    const core::Template saved = *updated;
    return CommandOutput{toJson(saved), [saved](std::ostream& out) { printTemplate(out, saved); }};
}

}  // namespace shoal::app
