#include "core/sandboxstate.h"

#include <array>
#include <vector>

#include <spdlog/fmt/fmt.h>

namespace shoal::core {

namespace {

using S = SandboxState;

constexpr std::size_t kStateCount = static_cast<std::size_t>(S::Unknown) + 1;

struct Edges {
    S from;
    std::vector<S> to;
};

// Edges other than "any → destroying", "any → unknown" and "unknown → any", which
// isTransitionAllowed adds. Failure edges go to failed. The fallback edges: a graceful stop that
// the guest ignores returns to running, and a failed save leaves the sandbox running. A failed
// wake returns to asleep or falls back to a cold boot, and a guest that powers off is stopped.
const std::array<Edges, kStateCount> kEdges{{
    {S::Pending, {S::Placing, S::Failed}},
    {S::Placing, {S::Pending, S::Creating, S::Failed}},
    {S::Creating, {S::Booting, S::Running, S::Failed}},
    {S::Booting, {S::Running, S::Paused, S::Stopping, S::Stopped, S::Failed}},
    {S::Running, {S::Paused, S::Stopping, S::Stopped, S::Sleeping, S::Failed}},
    {S::Paused, {S::Running, S::Stopping, S::Stopped, S::Failed}},
    {S::Stopping, {S::Stopped, S::Running, S::Failed}},
    {S::Stopped, {S::Booting, S::Failed}},
    {S::Sleeping, {S::Asleep, S::Running, S::Failed}},
    {S::Asleep, {S::Waking, S::Failed}},
    {S::Waking, {S::Running, S::Asleep, S::Booting, S::Failed}},
    {S::Destroying, {S::Failed}},
    {S::Failed, {S::Booting, S::Stopped}},
    {S::Unknown, {}},
}};

bool hasEdge(S from, S to)
{
    for (const Edges& edges : kEdges) {
        if (edges.from != from)
            continue;
        for (S candidate : edges.to) {
            if (candidate == to)
                return true;
        }
    }
    return false;
}

// The advice appended to a rejected request, by action and state.
std::string_view adviceFor(SandboxAction action, S state)
{
    switch (state) {
    case S::Pending:
    case S::Placing:
    case S::Creating:
        return "wait until it is created";
    case S::Destroying:
        return "it is being destroyed already";
    case S::Sleeping:
    case S::Waking:
    case S::Stopping:
    case S::Booting:
        return "wait until the current operation finishes";
    case S::Asleep:
        return action == SandboxAction::Start || action == SandboxAction::Clone ? "wake it first"
                                                                               : "it is not running";
    default:
        break;
    }
    if (action == SandboxAction::Start)
        return "it is already started";
    if (action == SandboxAction::Wake)
        return "only an asleep sandbox can be woken";
    return "it is not running";
}

}  // namespace

bool isTransitionAllowed(SandboxState from, SandboxState to)
{
    if (from == to)
        return false;
    if (to == S::Destroying || to == S::Unknown || from == S::Unknown)
        return true;
    return hasEdge(from, to);
}

bool isActionAllowed(SandboxAction action, SandboxState state)
{
    switch (action) {
    case SandboxAction::Start:
        return state == S::Stopped || state == S::Failed;
    case SandboxAction::Stop:
        return state == S::Booting || state == S::Running || state == S::Paused;
    case SandboxAction::Destroy:
        // A pending sandbox is only in the queue, so destroying it takes it out of the queue.
        return state != S::Placing && state != S::Creating && state != S::Destroying && state != S::Unknown;
    case SandboxAction::Sleep:
    case SandboxAction::Clone:
        return state == S::Running;
    case SandboxAction::Wake:
        return state == S::Asleep;
    }
    return false;
}

SandboxState transientStateFor(SandboxAction action)
{
    switch (action) {
    case SandboxAction::Start: return S::Booting;
    case SandboxAction::Stop: return S::Stopping;
    case SandboxAction::Destroy: return S::Destroying;
    case SandboxAction::Sleep: return S::Sleeping;
    case SandboxAction::Wake: return S::Waking;
    case SandboxAction::Clone: return S::Running;
    }
    return S::Unknown;
}

Status checkAction(SandboxAction action, const SandboxInfo& sandbox)
{
    if (isActionAllowed(action, sandbox.state))
        return {};
    if (sandbox.state == S::Unknown) {
        return fail(ErrorCode::InvalidState,
                    fmt::format("Cannot {} sandbox \"{}\" because its host is disconnected; reconnect the host first",
                                toString(action), sandbox.metadata.displayName));
    }
    return fail(ErrorCode::InvalidState,
                fmt::format("Cannot {} sandbox \"{}\" because it is {}; {}", toString(action),
                            sandbox.metadata.displayName, toString(sandbox.state),
                            adviceFor(action, sandbox.state)));
}

std::string_view toString(SandboxAction action)
{
    switch (action) {
    case SandboxAction::Start: return "start";
    case SandboxAction::Stop: return "stop";
    case SandboxAction::Destroy: return "destroy";
    case SandboxAction::Sleep: return "sleep";
    case SandboxAction::Wake: return "wake";
    case SandboxAction::Clone: return "clone";
    }
    return "start";
}

}  // namespace shoal::core
