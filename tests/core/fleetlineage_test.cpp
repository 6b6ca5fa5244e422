// The clone lineage of the fleet over the fake hypervisor: the tree and subtree destroy.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/lineage.h"
#include "tests/core/fleetfixture.h"

namespace shoal::tests {
namespace {

constexpr const char* kHost = "test:///host-a.xml";

class FleetLineageTest : public FleetTest {
protected:
    // Adds a host that can clone and makes the tree root → b-1 → leaf, root → b-2.
    void makeTree()
    {
        std::shared_ptr<FakeHost> added = m_hypervisor.addHost(kHost);
        core::HostCapabilities capabilities;
        capabilities.canUploadVolumes = true;
        capabilities.canReadConsole = true;
        capabilities.canClone = true;
        added->setCapabilities(capabilities);
        m_host = addConnectedHost(kHost);
        m_root = createOne("root", kHost);
        ASSERT_EQ(m_root.state, core::SandboxState::Running);
        core::Result<std::vector<core::SandboxInfo>> branches = m_fleet->cloneSandbox("root", 2, "b");
        ASSERT_TRUE(branches) << branches.error().detail;
        core::Result<std::vector<core::SandboxInfo>> leaf = m_fleet->cloneSandbox("b-1", 1, "leaf");
        ASSERT_TRUE(leaf) << leaf.error().detail;
    }

    // Returns the position of the first call that starts with `prefix`, or -1.
    long callIndex(const std::string& prefix) const
    {
        const std::vector<std::string> calls = m_host->calls();
        auto found = std::find_if(calls.begin(), calls.end(), [&](const std::string& call) { return call.rfind(prefix, 0) == 0; });
        return found == calls.end() ? -1 : long(found - calls.begin());
    }

    std::string domainOf(const std::string& displayName) const
    {
        core::Result<core::SandboxInfo> sandbox = m_fleet->findSandbox(displayName);
        return sandbox ? sandbox->domainName : std::string();
    }

    std::shared_ptr<FakeHost> m_host;
    core::SandboxInfo m_root;
};

TEST_F(FleetLineageTest, LineageNestsClones)
{
    ASSERT_NO_FATAL_FAILURE(makeTree());

    core::Result<std::vector<core::LineageEntry>> tree = m_fleet->lineage();

    ASSERT_TRUE(tree) << tree.error().detail;
    ASSERT_EQ(tree->size(), 4u);
    EXPECT_EQ((*tree)[0].sandbox.metadata.displayName, "root");
    EXPECT_EQ((*tree)[0].descendants, 3);
    EXPECT_EQ((*tree)[1].sandbox.metadata.displayName, "b-1");
    EXPECT_EQ((*tree)[1].depth, 1);
    EXPECT_EQ((*tree)[2].sandbox.metadata.displayName, "leaf");
    EXPECT_EQ((*tree)[2].depth, 2);
    EXPECT_EQ((*tree)[3].sandbox.metadata.displayName, "b-2");
    EXPECT_FALSE((*tree)[0].parentMissing);
}

TEST_F(FleetLineageTest, SubtreeOfUnknownSandboxFails)
{
    ASSERT_NO_FATAL_FAILURE(makeTree());

    core::Result<std::vector<core::LineageEntry>> tree = m_fleet->lineage("no-such");

    ASSERT_FALSE(tree);
    EXPECT_EQ(tree.error().code, core::ErrorCode::NotFound);
}

TEST_F(FleetLineageTest, DestroySubtreeGoesDeepestFirst)
{
    ASSERT_NO_FATAL_FAILURE(makeTree());
    const std::string leafDomain = domainOf("leaf");
    const std::string branchDomain = domainOf("b-1");

    core::Result<core::SubtreeDestroyReport> report = m_fleet->destroySubtree("b-1");

    ASSERT_TRUE(report) << report.error().detail;
    EXPECT_TRUE(report->failures.empty());
    EXPECT_EQ(report->destroyed, (std::vector<std::string>{"leaf", "b-1"}));
    ASSERT_GE(callIndex("destroySandbox " + leafDomain), 0);
    EXPECT_LT(callIndex("destroySandbox " + leafDomain), callIndex("destroySandbox " + branchDomain));
    EXPECT_TRUE(m_fleet->findSandbox("root"));
    EXPECT_TRUE(m_fleet->findSandbox("b-2"));
    EXPECT_EQ(m_fleet->sandboxes().size(), 2u);
}

TEST_F(FleetLineageTest, FailedCloneKeepsItsAncestors)
{
    ASSERT_NO_FATAL_FAILURE(makeTree());
    // The host no longer has the leaf's domain, so destroying it fails.
    m_host->removeDomain(domainOf("leaf"));

    core::Result<core::SubtreeDestroyReport> report = m_fleet->destroySubtree("root");

    ASSERT_TRUE(report) << report.error().detail;
    EXPECT_EQ(report->destroyed, (std::vector<std::string>{"b-2"}));
    ASSERT_EQ(report->failures.size(), 3u);
    EXPECT_NE(report->failures[1].detail.find("Kept sandbox \"b-1\" because its clone \"leaf\""), std::string::npos)
        << report->failures[1].detail;
    EXPECT_NE(report->failures[2].detail.find("Kept sandbox \"root\" because its clone \"b-1\""), std::string::npos)
        << report->failures[2].detail;
    EXPECT_TRUE(m_fleet->findSandbox("root"));
}

TEST_F(FleetLineageTest, OrphanedCloneBecomesRoot)
{
    ASSERT_NO_FATAL_FAILURE(makeTree());
    core::Status destroyed = m_fleet->destroySandbox("b-1");
    ASSERT_TRUE(destroyed) << destroyed.error().detail;

    core::Result<std::vector<core::LineageEntry>> tree = m_fleet->lineage("leaf");

    ASSERT_TRUE(tree) << tree.error().detail;
    ASSERT_EQ(tree->size(), 1u);
    EXPECT_TRUE(tree->front().parentMissing);
}

TEST_F(FleetLineageTest, PromoteRunningSandboxIsRejected)
{
    ASSERT_NO_FATAL_FAILURE(makeTree());

    core::Result<core::Template> promoted = m_fleet->promoteToTemplate("root", "from-root");

    ASSERT_FALSE(promoted);
    EXPECT_EQ(promoted.error().code, core::ErrorCode::InvalidState);
    EXPECT_FALSE(m_fleet->findTemplate("from-root"));
}

TEST_F(FleetLineageTest, PromoteWithoutDiskExportLeavesNothing)
{
    core::FleetOptions options;
    options.templateDirectory = (m_guest.path() / "templates").string();
    makeFleet(options);
    ASSERT_NO_FATAL_FAILURE(makeTree());
    core::Status stopped = m_fleet->stopSandbox("b-2", core::StopMode::Force);
    ASSERT_TRUE(stopped) << stopped.error().detail;

    // The fake host keeps the interface's default, which cannot copy a disk out.
    core::Result<core::Template> promoted = m_fleet->promoteToTemplate("b-2", "from-b2");

    ASSERT_FALSE(promoted);
    EXPECT_EQ(promoted.error().code, core::ErrorCode::Unsupported) << promoted.error().detail;
    EXPECT_FALSE(m_fleet->findTemplate("from-b2"));
    core::Result<std::vector<core::Template>> stored = m_store->templates();
    ASSERT_TRUE(stored);
    EXPECT_TRUE(std::none_of(stored->begin(), stored->end(), [](const core::Template& entry) { return entry.name == "from-b2"; }));
    EXPECT_TRUE(std::filesystem::is_empty(options.templateDirectory));
}

TEST(LineageTree, SiblingsOrderedByCreationTime)
{
    core::SandboxInfo root;
    root.metadata.id = "r";
    root.metadata.displayName = "root";
    core::SandboxInfo late = root;
    late.metadata.id = "l";
    late.metadata.displayName = "late";
    late.metadata.parentId = "r";
    late.metadata.createdAtMs = 20;
    core::SandboxInfo early = late;
    early.metadata.id = "e";
    early.metadata.displayName = "early";
    early.metadata.createdAtMs = 10;

    const std::vector<core::LineageEntry> tree = core::lineageTree({late, root, early});

    ASSERT_EQ(tree.size(), 3u);
    EXPECT_EQ(tree[1].sandbox.metadata.displayName, "early");
    EXPECT_EQ(tree[2].sandbox.metadata.displayName, "late");
}

}  // namespace
}  // namespace shoal::tests
