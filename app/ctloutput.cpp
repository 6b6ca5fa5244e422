#include "app/ctloutput.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "core/names.h"

namespace shoal::app {

namespace {

// Counts UTF-8 code points, so that names in other scripts pad about right.
std::size_t displayWidth(const std::string& text)
{
    return std::size_t(std::count_if(text.begin(), text.end(),
                                     [](char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }));
}

std::string hostName(const core::HostSpec& spec)
{
    return spec.name.empty() ? core::hostNameFromUri(spec.uri) : spec.name;
}

std::string formatUptime(const core::SandboxInfo& sandbox)
{
    if (sandbox.state != core::SandboxState::Running || sandbox.startedAtMs <= 0)
        return "-";
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count();
    const long long seconds = std::max<long long>(0, (now - sandbox.startedAtMs) / 1000);
    if (seconds < 3600)
        return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
    return fmt::format("{}h{:02}m", seconds / 3600, seconds % 3600 / 60);
}

}  // namespace

nlohmann::json toJson(const core::HostStatus& host)
{
    const auto& capacity = host.capacity;
    return {
        {"uri", host.spec.uri},
        {"name", hostName(host.spec)},
        {"zone", host.spec.labels.zone},
        {"pool", host.spec.labels.pool},
        {"instanceType", host.spec.labels.instanceType},
        {"domainType", std::string(core::toString(host.capabilities.domainType))},
        {"connection", std::string(core::toString(host.connection))},
        {"lastError", host.lastError},
        {"sandboxes", host.sandboxCount},
        {"cpus", capacity.cpus},
        {"allocatedVcpus", capacity.allocatedVcpus},
        {"memoryMiB", capacity.memoryMiB},
        {"allocatedMemoryMiB", capacity.allocatedMemoryMiB},
        {"gaps", host.capabilities.gaps},
    };
}

nlohmann::json toJson(const core::BurstPlan& plan)
{
    return {
        {"enabled", plan.enabled()},
        {"baselineCpuPercent", plan.baselineCpuPercent},
        {"burstFactor", plan.cpuFactor},
        {"windowSeconds", plan.windowSeconds},
        {"burstMemoryMiB", plan.burstMemoryMiB},
    };
}

nlohmann::json toJson(const core::BurstStatus& burst)
{
    nlohmann::json json{
        {"windowStartMs", burst.windowStartMs},
        {"windowEndMs", burst.windowEndMs},
        {"active", burst.active},
        {"appliedOnHost", burst.appliedOnHost},
        {"plannedCpuPercent", burst.plannedCpuPercent},
        {"plannedMemoryMiB", burst.plannedMemoryMiB},
    };
    if (burst.appliedCpuPercent)
        json["appliedCpuPercent"] = *burst.appliedCpuPercent;
    if (burst.appliedMemoryMiB)
        json["appliedMemoryMiB"] = *burst.appliedMemoryMiB;
    return json;
}

nlohmann::json toJson(const core::Template& sandboxTemplate)
{
    return {
        {"name", sandboxTemplate.name},
        {"vcpus", sandboxTemplate.vcpus},
        {"memoryMiB", sandboxTemplate.memoryMiB},
        {"diskMiB", sandboxTemplate.diskMiB},
        {"kernel", sandboxTemplate.kernelPath},
        {"initrd", sandboxTemplate.initrdPath},
        {"baseImage", sandboxTemplate.baseImagePath},
        {"builtIn", sandboxTemplate.builtIn},
        {"burst", toJson(sandboxTemplate.burst)},
    };
}

nlohmann::json toJson(const core::SandboxInfo& sandbox)
{
    const auto& metadata = sandbox.metadata;
    nlohmann::json json = {
        {"name", metadata.displayName},
        {"id", metadata.id},
        {"domain", sandbox.domainName},
        {"state", std::string(core::toString(sandbox.state))},
        {"host", sandbox.hostUri},
        {"zone", metadata.zone},
        {"pool", metadata.pool},
        {"template", metadata.templateName},
        {"vcpus", sandbox.vcpus},
        {"memoryMiB", sandbox.memoryMiB},
        {"createdAtMs", metadata.createdAtMs},
        {"startedAtMs", sandbox.startedAtMs},
    };
    if (!metadata.parentId.empty())
        json["parent"] = metadata.parentId;
    if (!sandbox.failureReason.empty())
        json["failureReason"] = sandbox.failureReason;
    if (sandbox.burst.windowEndMs != 0)
        json["burst"] = toJson(sandbox.burst);
    return json;
}

nlohmann::json toJson(const core::Error& error)
{
    nlohmann::json json = {{"code", std::string(core::toString(error.code))}, {"message", error.detail}};
    if (error.hypervisorCode != 0) {
        json["hypervisorCode"] = error.hypervisorCode;
        json["hypervisorMessage"] = error.hypervisorMessage;
    }
    return {{"error", json}};
}

TextTable::TextTable(std::vector<std::string> header)
{
    m_rows.push_back(std::move(header));
}

void TextTable::addRow(std::vector<std::string> row)
{
    row.resize(m_rows.front().size());
    m_rows.push_back(std::move(row));
}

void TextTable::print(std::ostream& out) const
{
    std::vector<std::size_t> widths(m_rows.front().size(), 0);
    for (const auto& row : m_rows) {
        for (std::size_t column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], displayWidth(row[column]));
    }

    for (const auto& row : m_rows) {
        std::string line;
        for (std::size_t column = 0; column < row.size(); ++column) {
            line += row[column];
            if (column + 1 < row.size())
                line += std::string(widths[column] - displayWidth(row[column]) + 2, ' ');
        }
        out << line << '\n';
    }
}

void printHosts(std::ostream& out, const std::vector<core::HostStatus>& hosts)
{
    TextTable table({"NAME", "ZONE", "POOL", "STATE", "SANDBOXES", "VCPU", "MEMORY MIB", "URI"});
    for (const core::HostStatus& host : hosts) {
        const auto& capacity = host.capacity;
        table.addRow({hostName(host.spec), host.spec.labels.zone, host.spec.labels.pool,
                      std::string(core::toString(host.connection)), std::to_string(host.sandboxCount),
                      fmt::format("{}/{}", capacity.allocatedVcpus, capacity.cpus),
                      fmt::format("{}/{}", capacity.allocatedMemoryMiB, capacity.memoryMiB), host.spec.uri});
    }
    table.print(out);
}

std::string describeBurstPlan(const core::Template& sandboxTemplate)
{
    const core::BurstPlan& plan = sandboxTemplate.burst;
    const std::string baseline = fmt::format("baseline {:g} % CPU", plan.baselineCpuPercent);
    if (!plan.enabled())
        return baseline + ", no burst";
    const std::uint64_t memory = plan.burstMemoryMiB != 0 ? plan.burstMemoryMiB : sandboxTemplate.memoryMiB;
    return fmt::format("{}, {:g}x for {} s, {} MiB", baseline, plan.cpuFactor, plan.windowSeconds, memory);
}

void printTemplates(std::ostream& out, const std::vector<core::Template>& templates)
{
    TextTable table({"NAME", "VCPU", "MEMORY MIB", "DISK MIB", "BUILT-IN", "BURST PLAN"});
    for (const core::Template& sandboxTemplate : templates) {
        table.addRow({sandboxTemplate.name, std::to_string(sandboxTemplate.vcpus),
                      std::to_string(sandboxTemplate.memoryMiB), std::to_string(sandboxTemplate.diskMiB),
                      sandboxTemplate.builtIn ? "yes" : "no", describeBurstPlan(sandboxTemplate)});
    }
    table.print(out);
}

void printSandboxes(std::ostream& out, const std::vector<core::SandboxInfo>& sandboxes)
{
    TextTable table({"NAME", "STATE", "HOST", "ZONE", "POOL", "VCPU", "MEMORY MIB", "UPTIME", "DOMAIN"});
    for (const core::SandboxInfo& sandbox : sandboxes) {
        table.addRow({sandbox.metadata.displayName, std::string(core::toString(sandbox.state)),
                      core::hostNameFromUri(sandbox.hostUri), sandbox.metadata.zone, sandbox.metadata.pool,
                      std::to_string(sandbox.vcpus), std::to_string(sandbox.memoryMiB), formatUptime(sandbox),
                      sandbox.domainName});
    }
    table.print(out);
}

}  // namespace shoal::app
