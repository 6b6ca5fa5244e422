// The lineage commands of shoalctl: sandbox tree, sandbox destroy --subtree and template promote.

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "app/ctlcommands.h"
#include "app/ctloutput.h"
#include "core/names.h"

namespace shoal::app {

namespace {

// Formats Unix milliseconds as local "YYYY-MM-DD HH:MM:SS".
std::string formatLocalTime(std::int64_t unixMs)
{
    const std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

// Returns the entry at `index` with its subtree nested under "children", and moves `index` past it.
nlohmann::json nestEntries(const std::vector<core::LineageEntry>& entries, std::size_t& index)
{
    const core::LineageEntry& entry = entries[index];
    nlohmann::json json = toJson(entry.sandbox);
    json["branches"] = entry.descendants;
    json["parentDestroyed"] = entry.parentMissing;
    nlohmann::json children = nlohmann::json::array();
    ++index;
    while (index < entries.size() && entries[index].depth > entry.depth)
        children.push_back(nestEntries(entries, index));
    json["children"] = children;
    return json;
}

// Prints one line per sandbox, indented with box-drawing lines under its parent.
void printTree(std::ostream& out, const std::vector<core::LineageEntry>& entries)
{
    // A backward pass finds for each entry whether a later sibling follows it.
    std::vector<bool> isLast(entries.size(), true);
    std::vector<bool> siblingFollows;
    for (std::size_t i = entries.size(); i-- > 0;) {
        const std::size_t depth = static_cast<std::size_t>(entries[i].depth);
        // Deeper levels belong to another parent's subtree from here on, so they are dropped.
        siblingFollows.resize(depth + 1, false);
        isLast[i] = !siblingFollows[depth];
        siblingFollows[depth] = true;
    }

    std::vector<bool> ancestorIsLast;  // per depth of the current path
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const core::LineageEntry& entry = entries[i];
        const std::size_t depth = static_cast<std::size_t>(entry.depth);
        ancestorIsLast.resize(depth + 1);
        ancestorIsLast[depth] = isLast[i];

        std::string prefix;
        for (std::size_t level = 1; level < depth; ++level)
            prefix += ancestorIsLast[level] ? "   " : "│  ";
        if (depth > 0)
            prefix += isLast[i] ? "└─ " : "├─ ";

        const core::SandboxInfo& sandbox = entry.sandbox;
        std::string line = fmt::format("{}{}  {}  {}", prefix, sandbox.metadata.displayName, core::toString(sandbox.state),
                                       core::hostNameFromUri(sandbox.hostUri));
        if (!sandbox.metadata.parentId.empty() && sandbox.metadata.createdAtMs > 0)
            line += "  cloned " + formatLocalTime(sandbox.metadata.createdAtMs);
        if (entry.descendants > 0)
            line += fmt::format("  [{} branch{}]", entry.descendants, entry.descendants == 1 ? "" : "es");
        if (entry.parentMissing)
            line += "  (parent destroyed)";
        out << line << '\n';
    }
}

}  // namespace

core::Result<CommandOutput> CtlCommands::sandboxTree(const std::string& name)
{
    auto entries = m_fleet.lineage(name);
    if (!entries)
        return tl::unexpected(entries.error());

    nlohmann::json json = nlohmann::json::array();
    for (std::size_t index = 0; index < entries->size();)
        json.push_back(nestEntries(*entries, index));
    return CommandOutput{json, [entries = *entries](std::ostream& out) {
                             if (entries.empty())
                                 out << "No sandboxes\n";
                             printTree(out, entries);
                         }};
}

core::Result<CommandOutput> CtlCommands::destroySubtree(const std::string& name)
{
    auto report = m_fleet.destroySubtree(name);
    if (!report)
        return tl::unexpected(report.error());

    nlohmann::json failures = nlohmann::json::array();
    std::vector<std::string> warnings;
    for (const core::Error& error : report->failures) {
        failures.push_back(toJson(error));
        warnings.push_back(error.detail);
    }
    nlohmann::json json = {{"destroyed", report->destroyed}, {"failures", failures}};
    CommandOutput output{json, [destroyed = report->destroyed](std::ostream& out) {
                             out << fmt::format("Destroyed {} sandbox(es), the deepest first:\n", destroyed.size());
                             for (const std::string& sandbox : destroyed)
                                 out << "  " << sandbox << '\n';
                         }};
    output.warnings = warnings;
    return output;
}

core::Result<CommandOutput> CtlCommands::promoteTemplate(const std::string& sandboxName, const std::string& templateName)
{
    auto promoted = m_fleet.promoteToTemplate(sandboxName, templateName);
    if (!promoted)
        return tl::unexpected(promoted.error());
    return CommandOutput{toJson(*promoted), [promoted = *promoted, sandboxName](std::ostream& out) {
                             out << fmt::format("Created template \"{}\" from the disk of sandbox \"{}\"; base image \"{}\"\n",
                                                promoted.name, sandboxName, promoted.baseImagePath);
                         }};
}

}  // namespace shoal::app
