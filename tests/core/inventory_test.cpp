#include <gtest/gtest.h>

#include "core/inventory.h"
#include "tests/core/fakehypervisor.h"

namespace shoal::core {
namespace {

using tests::makeListedSandbox;

constexpr const char* kHost = "test:///host-a.xml";

SandboxInfo onHost(SandboxInfo sandbox, const std::string& hostUri = kHost)
{
    sandbox.hostUri = hostUri;
    return sandbox;
}

TEST(InventoryReconcile, AddsChangesAndRemoves)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("keep2222", "kept")));
    inventory.put(onHost(makeListedSandbox("gone2222", "gone")));
    inventory.put(onHost(makeListedSandbox("else2222", "elsewhere"), "test:///host-b.xml"));

    Inventory::Changes changes = inventory.reconcile(
        kHost, {makeListedSandbox("keep2222", "kept", SandboxState::Paused), makeListedSandbox("new22222", "new")});

    ASSERT_EQ(changes.added.size(), 1u);
    EXPECT_EQ(changes.added[0].metadata.id, "new22222");
    EXPECT_EQ(changes.added[0].hostUri, kHost);
    ASSERT_EQ(changes.changed.size(), 1u);
    EXPECT_EQ(changes.changed[0].state, SandboxState::Paused);
    ASSERT_EQ(changes.removed.size(), 1u);
    EXPECT_EQ(changes.removed[0].metadata.id, "gone2222");
    EXPECT_TRUE(inventory.hasId("else2222"));
    EXPECT_EQ(inventory.all().size(), 3u);
}

TEST(InventoryReconcile, UnchangedListingReportsNothing)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("keep2222", "kept")));

    Inventory::Changes changes = inventory.reconcile(kHost, {makeListedSandbox("keep2222", "kept")});

    EXPECT_TRUE(changes.added.empty());
    EXPECT_TRUE(changes.changed.empty());
    EXPECT_TRUE(changes.removed.empty());
}

TEST(InventoryReconcile, KeepsSandboxesBeingCreated)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("make2222", "in progress", SandboxState::Creating)));

    Inventory::Changes changes = inventory.reconcile(kHost, {});

    EXPECT_TRUE(changes.removed.empty());
    EXPECT_TRUE(inventory.hasId("make2222"));
}

TEST(InventoryReconcile, KeepsBootingWhileHostSaysRunning)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("boot2222", "booting", SandboxState::Booting)));

    inventory.reconcile(kHost, {makeListedSandbox("boot2222", "booting", SandboxState::Running)});

    EXPECT_EQ(inventory.findById("boot2222")->state, SandboxState::Booting);
}

TEST(InventoryReconcile, DerivesMissingIdAndName)
{
    Inventory inventory;
    SandboxInfo bare;
    bare.domainName = "shoal-bare2222";
    bare.state = SandboxState::Stopped;

    Inventory::Changes changes = inventory.reconcile(kHost, {bare});

    ASSERT_EQ(changes.added.size(), 1u);
    EXPECT_EQ(changes.added[0].metadata.id, "bare2222");
    EXPECT_EQ(changes.added[0].metadata.displayName, "shoal-bare2222");
}

TEST(InventoryFind, PrefersDisplayNameThenIdThenDomain)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("aaaa2222", "Agent")));
    inventory.put(onHost(makeListedSandbox("bbbb3333", "aaaa2222")));

    ASSERT_NE(inventory.find("agent"), nullptr);
    EXPECT_EQ(inventory.find("agent")->metadata.id, "aaaa2222");
    ASSERT_NE(inventory.find("aaaa2222"), nullptr);
    EXPECT_EQ(inventory.find("aaaa2222")->metadata.id, "bbbb3333");
    ASSERT_NE(inventory.find("shoal-aaaa2222"), nullptr);
    EXPECT_EQ(inventory.find("shoal-aaaa2222")->metadata.id, "aaaa2222");
    EXPECT_EQ(inventory.find("nobody"), nullptr);
}

TEST(InventoryHost, MarkUnknownAndRemove)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("aaaa2222", "a")));
    inventory.put(onHost(makeListedSandbox("bbbb3333", "b"), "test:///host-b.xml"));

    std::vector<SandboxInfo> marked = inventory.markHostUnknown(kHost);

    ASSERT_EQ(marked.size(), 1u);
    EXPECT_EQ(inventory.findById("aaaa2222")->state, SandboxState::Unknown);
    EXPECT_EQ(inventory.findById("bbbb3333")->state, SandboxState::Running);
    EXPECT_TRUE(inventory.markHostUnknown(kHost).empty());
    EXPECT_EQ(inventory.removeHost(kHost).size(), 1u);
    EXPECT_FALSE(inventory.hasId("aaaa2222"));
    EXPECT_EQ(inventory.countOnHost("test:///host-b.xml"), 1);
}

}  // namespace
}  // namespace shoal::core
