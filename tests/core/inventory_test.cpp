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

TEST(InventoryIndex, CountsFollowEveryChange)
{
    constexpr const char* kOtherHost = "test:///host-b.xml";
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("aaaa2222", "a")));
    inventory.put(onHost(makeListedSandbox("bbbb3333", "b")));
    EXPECT_EQ(inventory.countOnHost(kHost), 2);
    EXPECT_EQ(inventory.countOnHost(kOtherHost), 0);

    inventory.put(onHost(makeListedSandbox("bbbb3333", "b"), kOtherHost));
    EXPECT_EQ(inventory.countOnHost(kHost), 1);
    EXPECT_EQ(inventory.countOnHost(kOtherHost), 1);

    inventory.reconcile(kHost, {makeListedSandbox("cccc4444", "c")});
    EXPECT_EQ(inventory.countOnHost(kHost), 1);
    EXPECT_FALSE(inventory.hasId("aaaa2222"));
    EXPECT_TRUE(inventory.hasId("cccc4444"));

    inventory.remove("bbbb3333");
    EXPECT_EQ(inventory.countOnHost(kOtherHost), 0);
    EXPECT_EQ(inventory.removeHost(kHost).size(), 1u);
    EXPECT_EQ(inventory.countOnHost(kHost), 0);
    EXPECT_TRUE(inventory.all().empty());
}

TEST(InventoryIndex, FindsByIdAfterReplaceAndRemove)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("aaaa2222", "first")));
    inventory.put(onHost(makeListedSandbox("aaaa2222", "renamed", SandboxState::Paused)));

    const SandboxInfo* found = inventory.findById("aaaa2222");
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->metadata.displayName, "renamed");
    EXPECT_EQ(found->state, SandboxState::Paused);
    EXPECT_EQ(inventory.all().size(), 1u);

    inventory.remove("aaaa2222");
    EXPECT_EQ(inventory.findById("aaaa2222"), nullptr);
    EXPECT_FALSE(inventory.hasId("aaaa2222"));
}

TEST(InventoryIndex, FindsByDomainWithAnyName)
{
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("aaaa2222", "a")));
    SandboxInfo foreign = onHost(makeListedSandbox("bbbb3333", "b"));
    foreign.domainName = "imported-vm";
    inventory.put(foreign);
    // Its domain name contains another sandbox's id, as after an import that kept an old name.
    SandboxInfo renamed = onHost(makeListedSandbox("cccc4444", "c"));
    renamed.domainName = "shoal-dddd5555";
    inventory.put(renamed);

    ASSERT_NE(inventory.findByDomain(kHost, "shoal-aaaa2222"), nullptr);
    EXPECT_EQ(inventory.findByDomain(kHost, "shoal-aaaa2222")->metadata.id, "aaaa2222");
    ASSERT_NE(inventory.findByDomain(kHost, "imported-vm"), nullptr);
    EXPECT_EQ(inventory.findByDomain(kHost, "imported-vm")->metadata.id, "bbbb3333");
    ASSERT_NE(inventory.findByDomain(kHost, "shoal-dddd5555"), nullptr);
    EXPECT_EQ(inventory.findByDomain(kHost, "shoal-dddd5555")->metadata.id, "cccc4444");
    EXPECT_EQ(inventory.findByDomain("test:///host-b.xml", "shoal-aaaa2222"), nullptr);
}

TEST(InventoryIndex, HostCallsSeeOnlyThatHost)
{
    constexpr const char* kOtherHost = "test:///host-b.xml";
    Inventory inventory;
    inventory.put(onHost(makeListedSandbox("cccc4444", "c")));
    inventory.put(onHost(makeListedSandbox("aaaa2222", "a")));
    inventory.put(onHost(makeListedSandbox("bbbb3333", "b"), kOtherHost));

    std::vector<SandboxInfo> listed = inventory.onHost(kHost);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].metadata.id, "aaaa2222");
    EXPECT_EQ(listed[1].metadata.id, "cccc4444");

    std::vector<SandboxInfo> marked = inventory.markHostUnknown(kHost);
    ASSERT_EQ(marked.size(), 2u);
    EXPECT_EQ(marked[0].metadata.id, "aaaa2222");
    EXPECT_EQ(inventory.findById("cccc4444")->state, SandboxState::Unknown);
    EXPECT_EQ(inventory.findById("bbbb3333")->state, SandboxState::Running);

    Inventory::Changes changes = inventory.reconcile(kOtherHost, {});
    ASSERT_EQ(changes.removed.size(), 1u);
    EXPECT_EQ(changes.removed[0].metadata.id, "bbbb3333");
    EXPECT_EQ(inventory.countOnHost(kHost), 2);
    EXPECT_TRUE(inventory.onHost(kOtherHost).empty());
}

}  // namespace
}  // namespace shoal::core
