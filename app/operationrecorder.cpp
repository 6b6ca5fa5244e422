#include "app/operationrecorder.h"

namespace shoal::app {

namespace {

std::string_view stateName(core::OperationUpdate::State state)
{
    switch (state) {
    case core::OperationUpdate::State::Running:
        return "running";
    case core::OperationUpdate::State::Succeeded:
        return "succeeded";
    case core::OperationUpdate::State::Failed:
        return "failed";
    }
    return "running";
}

}  // namespace

void OperationRecorder::operationChanged(const core::OperationUpdate& operation)
{
    std::lock_guard lock(m_mutex);
    m_operations[operation.id] = operation;
}

nlohmann::json OperationRecorder::finishedOn(const std::string& target) const
{
    std::lock_guard lock(m_mutex);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [id, operation] : m_operations) {
        if (operation.target != target || operation.state == core::OperationUpdate::State::Running)
            continue;
        nlohmann::json phases = nlohmann::json::array();
        double totalMs = 0.0;
        for (const core::PhaseTiming& phase : operation.phases) {
            phases.push_back({{"name", phase.name}, {"ms", phase.durationMs}});
            totalMs += phase.durationMs;
        }
        nlohmann::json entry = {{"kind", operation.kind}, {"state", stateName(operation.state)}, {"total_ms", totalMs}, {"phases", phases}};
        if (!operation.message.empty())
            entry["message"] = operation.message;
        list.push_back(std::move(entry));
    }
    return list;
}

}  // namespace shoal::app
