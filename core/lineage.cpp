#include "core/lineage.h"

#include <algorithm>
#include <map>
#include <set>

namespace shoal::core {

namespace {

bool isOlder(const SandboxInfo* left, const SandboxInfo* right)
{
    if (left->metadata.createdAtMs != right->metadata.createdAtMs)
        return left->metadata.createdAtMs < right->metadata.createdAtMs;
    return left->metadata.displayName < right->metadata.displayName;
}

class TreeBuilder {
public:
    explicit TreeBuilder(const std::vector<SandboxInfo>& sandboxes)
    {
        for (const SandboxInfo& sandbox : sandboxes)
            m_byId[sandbox.metadata.id] = &sandbox;
        for (const SandboxInfo& sandbox : sandboxes) {
            const std::string& parentId = sandbox.metadata.parentId;
            if (!parentId.empty() && parentId != sandbox.metadata.id && m_byId.count(parentId) != 0)
                m_children[parentId].push_back(&sandbox);
            else
                m_roots.push_back(&sandbox);
        }
        for (auto& [id, children] : m_children)
            std::sort(children.begin(), children.end(), isOlder);
        std::sort(m_roots.begin(), m_roots.end(), isOlder);
    }

    std::vector<LineageEntry> all()
    {
        for (const SandboxInfo* root : m_roots)
            visit(*root, 0);

        // Sandboxes on a parent cycle are reachable from no root; each becomes a root of its own.
        std::vector<const SandboxInfo*> unvisited;
        for (const auto& [id, sandbox] : m_byId) {
            if (m_visited.count(id) == 0)
                unvisited.push_back(sandbox);
        }
        std::sort(unvisited.begin(), unvisited.end(), isOlder);
        for (const SandboxInfo* sandbox : unvisited) {
            if (m_visited.count(sandbox->metadata.id) == 0)
                visit(*sandbox, 0, true);
        }
        return std::move(m_entries);
    }

    std::vector<LineageEntry> subtree(const std::string& rootId)
    {
        auto found = m_byId.find(rootId);
        if (found != m_byId.end())
            visit(*found->second, 0);
        return std::move(m_entries);
    }

private:
    // Appends the sandbox and its subtree, and returns the number of its descendants.
    int visit(const SandboxInfo& sandbox, int depth, bool forceParentMissing = false)
    {
        m_visited.insert(sandbox.metadata.id);
        const std::size_t index = m_entries.size();
        LineageEntry entry;
        entry.sandbox = sandbox;
        entry.depth = depth;
        entry.parentMissing = forceParentMissing
                              || (depth == 0 && !sandbox.metadata.parentId.empty()
                                  && m_byId.count(sandbox.metadata.parentId) == 0);
        m_entries.push_back(std::move(entry));

        int descendants = 0;
        auto children = m_children.find(sandbox.metadata.id);
        if (children != m_children.end()) {
            for (const SandboxInfo* child : children->second) {
                if (m_visited.count(child->metadata.id) == 0)
                    descendants += 1 + visit(*child, depth + 1);
            }
        }
        m_entries[index].descendants = descendants;
        return descendants;
    }

    std::map<std::string, const SandboxInfo*> m_byId;
    std::map<std::string, std::vector<const SandboxInfo*>> m_children;
    std::vector<const SandboxInfo*> m_roots;
    std::set<std::string> m_visited;
    std::vector<LineageEntry> m_entries;
};

}  // namespace

std::vector<LineageEntry> lineageTree(const std::vector<SandboxInfo>& sandboxes, const std::string& rootId)
{
    TreeBuilder builder(sandboxes);
    return rootId.empty() ? builder.all() : builder.subtree(rootId);
}

}  // namespace shoal::core
