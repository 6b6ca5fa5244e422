// The placement commands of shoalctl: policy apply and show, sandbox explain, place --what-if and
// queue.

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "app/ctlcommands.h"
#include "app/ctloutput.h"
#include "core/placementtext.h"

namespace shoal::app {

namespace {

nlohmann::json rejectionsToJson(const std::vector<core::UnitRejections>& rejections)
{
    nlohmann::json units = nlohmann::json::array();
    for (const core::UnitRejections& unit : rejections) {
        nlohmann::json hosts = nlohmann::json::object();
        for (std::size_t index = 0; index < core::kRejectReasonCount; ++index) {
            if (unit.hosts[index] > 0)
                hosts[std::string(core::reasonKey(static_cast<core::RejectReason>(index)))] = unit.hosts[index];
        }
        units.push_back({{"unit", unit.unit}, {"rejectedHosts", hosts}});
    }
    return units;
}

nlohmann::json unitsToJson(const core::Policy& policy)
{
    nlohmann::json units = nlohmann::json::array();
    for (const core::PlacementUnit& unit : policy.units) {
        nlohmann::json entry = {{"name", unit.name}, {"overflow", unit.when.has_value()}};
        if (unit.max)
            entry["max"] = *unit.max;
        if (unit.when && unit.when->pendingAbove)
            entry["pendingAbove"] = *unit.when->pendingAbove;
        if (unit.when && unit.when->oldestWaitAbove)
            entry["oldestWaitAboveMs"] = unit.when->oldestWaitAbove->count();
        units.push_back(std::move(entry));
    }
    return units;
}

std::string unitNames(const core::Policy& policy)
{
    std::string names;
    for (const core::PlacementUnit& unit : policy.units)
        names += (names.empty() ? "" : ", ") + unit.name;
    return names;
}

}  // namespace

core::Result<CommandOutput> CtlCommands::applyPolicy(const std::string& path)
{
    std::ifstream file(path);
    if (!file) {
        return core::fail(core::ErrorCode::NotFound,
                          fmt::format("Failed to read policy file \"{}\": it does not exist or is unreadable", path));
    }
    std::stringstream text;
    text << file.rdbuf();
    if (core::Status applied = m_fleet.applyPolicy(text.str(), m_persistence); !applied) {
        core::Error error = applied.error();
        error.detail = fmt::format("{}: {}; the policy in force is unchanged", path, error.detail);
        return tl::unexpected(error);
    }
    const core::PolicyInfo policy = m_fleet.policy();
    nlohmann::json json = {{"file", path}, {"applied", true}, {"units", unitsToJson(policy.policy)}};
    return CommandOutput{json, [path, policy](std::ostream& out) {
                             out << fmt::format("Applied policy \"{}\": {} units ({})\n", path,
                                                policy.policy.units.size(), unitNames(policy.policy));
                         }};
}

core::Result<CommandOutput> CtlCommands::showPolicy()
{
    const core::PolicyInfo policy = m_fleet.policy();
    nlohmann::json json = {{"default", policy.isDefault}, {"text", policy.text}, {"units", unitsToJson(policy.policy)}};
    return CommandOutput{json, [policy](std::ostream& out) {
                             if (policy.isDefault)
                                 out << "# No policy has been applied; this is Shoal's default.\n";
                             out << policy.text;
                             if (!policy.text.empty() && policy.text.back() != '\n')
                                 out << '\n';
                         }};
}

core::Result<CommandOutput> CtlCommands::explainPlacement(const std::string& name)
{
    auto explanation = m_fleet.explainPlacement(name);
    if (!explanation)
        return tl::unexpected(explanation.error());
    const core::PlacementExplanation found = *explanation;

    nlohmann::json json = {{"name", found.displayName}, {"id", found.sandboxId}, {"pending", found.pending}};
    if (!found.cloneOf.empty())
        json["cloneOf"] = found.cloneOf;
    if (found.pending) {
        json["waitingMs"] = found.waitingMs;
        json["rejections"] = rejectionsToJson(found.rejections);
    } else if (found.record) {
        const core::PlacementRecord& record = *found.record;
        json["host"] = record.hostUri;
        json["chosenByUser"] = record.chosenByUser;
        json["unit"] = record.unit;
        json["score"] = record.score;
        json["spreadIgnored"] = record.spreadIgnored;
        json["pendingAtDecision"] = record.pendingAtDecision;
        json["oldestWaitMsAtDecision"] = record.oldestWaitMsAtDecision;
        json["waitedMs"] = record.waitedMs;
        json["decidedAtMs"] = record.decidedAtMs;
        if (!record.runnerUpHostUri.empty())
            json["runnerUp"] = {{"host", record.runnerUpHostUri}, {"score", record.runnerUpScore}};
    }

    return CommandOutput{json, [found](std::ostream& out) {
                             if (found.pending) {
                                 out << fmt::format("Sandbox \"{}\" has waited {:.1f} s in the queue.\n",
                                                    found.displayName, found.waitingMs / 1000.0);
                                 if (found.rejections.empty())
                                     out << "It has not been tried yet.\n";
                                 else
                                     out << "Why it waits: " << core::describeRefusal(found.rejections) << '\n';
                                 return;
                             }
                             if (!found.cloneOf.empty()) {
                                 out << fmt::format("Sandbox \"{}\" is a clone of \"{}\", made on its parent's host.\n",
                                                    found.displayName, found.cloneOf);
                                 return;
                             }
                             if (!found.record) {
                                 out << fmt::format("Sandbox \"{}\" has no placement record: it was made before "
                                                    "this database existed, or outside Shoal.\n",
                                                    found.displayName);
                                 return;
                             }
                             const core::PlacementRecord& record = *found.record;
                             if (record.chosenByUser) {
                                 out << fmt::format("Sandbox \"{}\" is on host \"{}\" because it was created there "
                                                    "with --host; no policy applied.\n",
                                                    found.displayName, record.hostUri);
                                 return;
                             }
                             out << fmt::format("Sandbox \"{}\" is on host \"{}\", placed by unit \"{}\" with score "
                                                "{:.3f}{}.\n",
                                                found.displayName, record.hostUri, record.unit, record.score,
                                                record.spreadIgnored ? " (zone spread could not be kept)" : "");
                             if (record.runnerUpHostUri.empty())
                                 out << "No other host of the unit had room.\n";
                             else
                                 out << fmt::format("Runner-up: \"{}\" with score {:.3f}.\n", record.runnerUpHostUri,
                                                    record.runnerUpScore);
                             out << fmt::format("It waited {} ms; at that moment {} sandboxes were pending and the "
                                                "oldest had waited {} ms.\n",
                                                record.waitedMs, record.pendingAtDecision,
                                                record.oldestWaitMsAtDecision);
                         }};
}

core::Result<CommandOutput> CtlCommands::whatIf(const std::string& templateName, int count)
{
    auto report = m_fleet.whatIf(templateName, count);
    if (!report)
        return tl::unexpected(report.error());
    const core::WhatIfReport found = *report;

    nlohmann::json landings = nlohmann::json::array();
    std::map<std::string, std::int64_t> perUnit;
    std::map<std::string, std::int64_t> perZone;
    for (const core::WhatIfReport::Landing& landing : found.landings) {
        landings.push_back({{"unit", landing.unit}, {"zone", landing.zone}, {"sandboxes", landing.sandboxes}});
        perUnit[landing.unit] += landing.sandboxes;
        perZone[landing.zone] += landing.sandboxes;
    }
    nlohmann::json json = {{"template", found.templateName},   {"count", found.count},
                           {"queuedBefore", found.queuedBefore}, {"landings", landings},
                           {"perUnit", perUnit},                 {"perZone", perZone},
                           {"stillPending", found.stillPending}, {"overflowUsed", found.overflowUsed}};
    if (!found.refusal.empty())
        json["refusal"] = rejectionsToJson(found.refusal);

    return CommandOutput{json, [found](std::ostream& out) {
                             out << fmt::format("What if {} more sandboxes of template \"{}\" were launched now "
                                                "({} already pending go first):\n",
                                                found.count, found.templateName, found.queuedBefore);
                             TextTable table({"UNIT", "ZONE", "SANDBOXES"});
                             for (const core::WhatIfReport::Landing& landing : found.landings)
                                 table.addRow({landing.unit, landing.zone, std::to_string(landing.sandboxes)});
                             table.print(out);
                             out << fmt::format("Still pending: {}. Overflow used: {}.\n", found.stillPending,
                                                found.overflowUsed ? "yes" : "no");
                             if (!found.refusal.empty())
                                 out << "Why the rest would wait: " << core::describeRefusal(found.refusal) << '\n';
                             out << "Nothing was changed.\n";
                         }};
}

core::Result<CommandOutput> CtlCommands::queueStatus()
{
    const core::QueueStatus status = m_fleet.queueStatus();
    nlohmann::json units = nlohmann::json::array();
    for (const core::QueueStatus::Unit& unit : status.units) {
        nlohmann::json entry = {{"name", unit.name},         {"sandboxes", unit.sandboxes}, {"overflow", unit.overflow},
                                {"eligible", unit.eligible}, {"hosts", unit.hosts}};
        if (unit.max)
            entry["max"] = *unit.max;
        units.push_back(std::move(entry));
    }
    nlohmann::json json = {{"pending", status.pending}, {"oldestWaitMs", status.oldestWait.count()}, {"units", units}};
    if (status.pendingThreshold)
        json["pendingThreshold"] = *status.pendingThreshold;
    if (status.waitThreshold)
        json["waitThresholdMs"] = status.waitThreshold->count();

    return CommandOutput{json, [status](std::ostream& out) {
                             out << fmt::format("Pending: {}, oldest waiting {:.1f} s\n", status.pending,
                                                status.oldestWait.count() / 1000.0);
                             TextTable table({"UNIT", "HOSTS", "SANDBOXES", "MAX", "OVERFLOW", "TAKING NEW"});
                             for (const core::QueueStatus::Unit& unit : status.units) {
                                 table.addRow({unit.name, std::to_string(unit.hosts), std::to_string(unit.sandboxes),
                                               unit.max ? std::to_string(*unit.max) : "-", unit.overflow ? "yes" : "no",
                                               unit.eligible ? "yes" : "no"});
                             }
                             table.print(out);
                         }};
}

core::Result<CommandOutput> CtlCommands::scaleIn(const std::string& templateName, int count)
{
    auto report = m_fleet.scaleIn(templateName, count);
    if (!report)
        return tl::unexpected(report.error());
    const core::ScaleInReport found = *report;

    nlohmann::json removed = nlohmann::json::array();
    for (const core::ScaleInReport::Removed& entry : found.removed)
        removed.push_back({{"name", entry.displayName}, {"unit", entry.unit}, {"wasPending", entry.wasPending}});
    nlohmann::json json = {{"removed", removed}, {"failed", found.failures.size()}};
    CommandOutput output{json, [found](std::ostream& out) {
                             TextTable table({"NAME", "UNIT"});
                             for (const core::ScaleInReport::Removed& entry : found.removed)
                                 table.addRow({entry.displayName, entry.wasPending ? "(pending)" : entry.unit});
                             table.print(out);
                             out << fmt::format("Removed {} sandboxes.\n", found.removed.size());
                         }};
    if (!found.failures.empty()) {
        output.warnings.push_back(fmt::format("{} chosen sandboxes were not destroyed; the first reason: {}",
                                              found.failures.size(), found.failures.front().detail));
    }
    return output;
}

}  // namespace shoal::app
