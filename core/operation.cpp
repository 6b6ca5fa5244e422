#include "core/operation.h"

#include <utility>

namespace shoal::core {

namespace {

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Operation::Operation(std::uint64_t id, std::string kind, std::string target, std::string hostUri)
{
    m_update.id = id;
    m_update.kind = std::move(kind);
    m_update.target = std::move(target);
    m_update.hostUri = std::move(hostUri);
    m_update.startedAtMs = nowMs();
}

void Operation::beginPhase(std::string name, double progress)
{
    endPhase();
    m_update.phase = std::move(name);
    m_update.progress = progress;
    m_phaseStart = Clock::now();
    m_inPhase = true;
}

void Operation::endPhase()
{
    if (!m_inPhase)
        return;
    const std::chrono::duration<double, std::milli> elapsed = Clock::now() - m_phaseStart;
    m_update.phases.push_back(PhaseTiming{m_update.phase, elapsed.count()});
    m_inPhase = false;
}

void Operation::setMessage(std::string message)
{
    m_update.message = std::move(message);
}

void Operation::succeed()
{
    endPhase();
    m_update.progress = 1.0;
    m_update.state = OperationUpdate::State::Succeeded;
}

void Operation::failWith(const Error& error)
{
    endPhase();
    m_update.state = OperationUpdate::State::Failed;
    m_update.message = error.detail;
}

}  // namespace shoal::core
