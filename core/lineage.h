#pragma once

#include <string>
#include <vector>

#include "core/model.h"

namespace shoal::core {

// One sandbox in the clone lineage, as placed by lineageTree().
struct LineageEntry {
    SandboxInfo sandbox;
    int depth = 0;                     // 0 for a root
    // The sandbox is a clone whose parent is not among the sandboxes, because the parent was
    // destroyed. It is then shown as a root.
    bool parentMissing = false;
    int descendants = 0;               // clones of this sandbox, their clones, and so on
};

// Returns the sandboxes in depth-first pre-order: each root followed by its subtree, where a
// root is a sandbox without a parent or with a missing parent. Siblings are ordered by creation
// time, then by display name. With `rootId` set, returns only that sandbox's subtree with depths
// counted from it, and nothing when no sandbox has that id. A sandbox on a parent cycle (which
// only damaged metadata can produce) is listed as a root with parentMissing set.
std::vector<LineageEntry> lineageTree(const std::vector<SandboxInfo>& sandboxes, const std::string& rootId = {});

}  // namespace shoal::core
