#include <set>
#include <utility>

#include <gtest/gtest.h>

#include "core/sandboxstate.h"

namespace shoal::core {
namespace {

using S = SandboxState;

constexpr S kAllStates[] = {S::Pending, S::Placing, S::Creating, S::Booting,  S::Running,    S::Paused, S::Stopping,
                            S::Stopped, S::Sleeping, S::Asleep,  S::Waking,   S::Destroying, S::Failed, S::Unknown};

// The lifecycle written out edge by edge, independently of the implementation's table.
std::set<std::pair<S, S>> expectedTransitions()
{
    std::set<std::pair<S, S>> edges{
        {S::Pending, S::Placing},   {S::Pending, S::Failed},     {S::Placing, S::Pending},
        {S::Placing, S::Creating},  {S::Placing, S::Failed},     {S::Creating, S::Booting},
        {S::Creating, S::Running},  {S::Creating, S::Failed},    {S::Booting, S::Running},
        {S::Booting, S::Paused},    {S::Booting, S::Stopping},   {S::Booting, S::Stopped},
        {S::Booting, S::Failed},    {S::Running, S::Paused},     {S::Running, S::Stopping},
        {S::Running, S::Stopped},   {S::Running, S::Sleeping},   {S::Running, S::Failed},
        {S::Paused, S::Running},    {S::Paused, S::Stopping},    {S::Paused, S::Stopped},
        {S::Paused, S::Failed},     {S::Stopping, S::Stopped},   {S::Stopping, S::Running},
        {S::Stopping, S::Failed},   {S::Stopped, S::Booting},    {S::Stopped, S::Failed},
        {S::Sleeping, S::Asleep},   {S::Sleeping, S::Running},   {S::Sleeping, S::Failed},
        {S::Asleep, S::Waking},     {S::Asleep, S::Failed},      {S::Waking, S::Running},
        {S::Waking, S::Asleep},     {S::Waking, S::Booting},     {S::Waking, S::Failed},
        {S::Destroying, S::Failed}, {S::Failed, S::Booting},     {S::Failed, S::Stopped},
    };
    for (S state : kAllStates) {
        if (state != S::Destroying)
            edges.insert({state, S::Destroying});
        if (state != S::Unknown) {
            edges.insert({state, S::Unknown});
            edges.insert({S::Unknown, state});
        }
    }
    return edges;
}

TEST(SandboxStateTable, MatchesLifecycleForEveryPair)
{
    const std::set<std::pair<S, S>> expected = expectedTransitions();
    for (S from : kAllStates) {
        for (S to : kAllStates) {
            EXPECT_EQ(isTransitionAllowed(from, to), expected.contains({from, to}))
                << toString(from) << " -> " << toString(to);
        }
    }
}

TEST(SandboxStateTable, NoStateLoopsToItself)
{
    for (S state : kAllStates)
        EXPECT_FALSE(isTransitionAllowed(state, state)) << toString(state);
}

TEST(SandboxStateTable, EveryStateReachableFromPending)
{
    std::set<S> reached{S::Pending};
    bool grew = true;
    while (grew) {
        grew = false;
        for (S from : std::set<S>(reached)) {
            for (S to : kAllStates) {
                if (isTransitionAllowed(from, to) && reached.insert(to).second)
                    grew = true;
            }
        }
    }
    for (S state : kAllStates)
        EXPECT_TRUE(reached.contains(state)) << toString(state);
}

struct ActionCase {
    SandboxAction action;
    std::set<S> allowed;
};

TEST(SandboxActions, AllowedOnlyInListedStates)
{
    const ActionCase cases[] = {
        {SandboxAction::Start, {S::Stopped, S::Failed}},
        {SandboxAction::Stop, {S::Booting, S::Running, S::Paused}},
        {SandboxAction::Sleep, {S::Running}},
        {SandboxAction::Wake, {S::Asleep}},
        {SandboxAction::Clone, {S::Running}},
        {SandboxAction::Destroy,
         {S::Pending, S::Booting, S::Running, S::Paused, S::Stopping, S::Stopped, S::Sleeping, S::Asleep, S::Waking,
          S::Failed}},
    };
    for (const ActionCase& actionCase : cases) {
        for (S state : kAllStates) {
            EXPECT_EQ(isActionAllowed(actionCase.action, state), actionCase.allowed.contains(state))
                << toString(actionCase.action) << " in " << toString(state);
        }
    }
}

TEST(SandboxActions, TransientStateReachableWhenAllowed)
{
    for (SandboxAction action : {SandboxAction::Start, SandboxAction::Stop, SandboxAction::Destroy, SandboxAction::Sleep,
                                  SandboxAction::Wake}) {
        for (S state : kAllStates) {
            if (!isActionAllowed(action, state))
                continue;
            EXPECT_TRUE(isTransitionAllowed(state, transientStateFor(action)))
                << toString(action) << " from " << toString(state);
        }
    }
}

TEST(SandboxActions, RejectionNamesSandboxStateAndAdvice)
{
    SandboxInfo sandbox;
    sandbox.metadata.displayName = "demo";
    sandbox.state = S::Running;

    Status result = checkAction(SandboxAction::Start, sandbox);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::InvalidState);
    EXPECT_EQ(result.error().detail, "Cannot start sandbox \"demo\" because it is running; it is already started");
}

TEST(SandboxActions, RejectionOnLostHostSaysReconnect)
{
    SandboxInfo sandbox;
    sandbox.metadata.displayName = "demo";
    sandbox.state = S::Unknown;

    Status result = checkAction(SandboxAction::Stop, sandbox);

    ASSERT_FALSE(result);
    EXPECT_NE(result.error().detail.find("its host is disconnected"), std::string::npos) << result.error().detail;
}

}  // namespace
}  // namespace shoal::core
