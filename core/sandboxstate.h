#pragma once

#include <string_view>

#include "core/error.h"
#include "core/model.h"

namespace shoal::core {

// The operations a user can request on an existing sandbox.
enum class SandboxAction { Start, Stop, Destroy, Sleep, Wake, Clone };

// Returns true when the lifecycle table allows a sandbox to go from `from` to `to`. Staying in
// the same state is not a transition and returns false. The main paths of the table:
//   - pending → placing → creating → booting → running ⇄ paused
//   - running or paused → stopping → stopped → booting (start)
//   - running → sleeping → asleep → waking → running
//   - any state → destroying, any state → unknown (host lost), unknown → any state (host back)
// The failure and fallback edges are listed in sandboxstate.cpp.
bool isTransitionAllowed(SandboxState from, SandboxState to);

// Returns true when `action` may be requested while the sandbox is in `state`.
bool isActionAllowed(SandboxAction action, SandboxState state);

// Returns the state a sandbox enters while `action` runs: booting, stopping, destroying,
// sleeping or waking. A clone's source stays running.
SandboxState transientStateFor(SandboxAction action);

// Checks `action` against the sandbox's state and fails with InvalidState and a message naming
// the sandbox, its state and what the user can do instead, e.g.
// `Cannot start sandbox "demo" because it is running; it is already started`.
Status checkAction(SandboxAction action, const SandboxInfo& sandbox);

// Returns "start", "stop", "destroy", "sleep", "wake" or "clone".
std::string_view toString(SandboxAction action);

}  // namespace shoal::core
