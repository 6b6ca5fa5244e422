#include "core/inventory.h"

#include <set>

#include <spdlog/fmt/fmt.h>

#include "core/names.h"

namespace shoal::core {

namespace {

bool isBeingCreated(SandboxState state)
{
    return state == SandboxState::Pending || state == SandboxState::Placing || state == SandboxState::Creating;
}

bool hasSameDetails(const SandboxInfo& left, const SandboxInfo& right)
{
    const SandboxMetadata& a = left.metadata;
    const SandboxMetadata& b = right.metadata;
    return left.state == right.state && left.vcpus == right.vcpus && left.memoryMiB == right.memoryMiB
        && left.domainName == right.domainName && left.startedAtMs == right.startedAtMs
        && a.displayName == b.displayName && a.templateName == b.templateName && a.parentId == b.parentId
        && a.zone == b.zone && a.pool == b.pool;
}

// Fills what a listing may lack: the id from the domain name and a display name.
SandboxInfo normalizeListed(const std::string& hostUri, const SandboxInfo& listed)
{
    SandboxInfo sandbox = listed;
    sandbox.hostUri = hostUri;
    if (sandbox.metadata.id.empty())
        sandbox.metadata.id = sandboxIdFromDomainName(sandbox.domainName);
    if (sandbox.metadata.id.empty())
        sandbox.metadata.id = sandbox.domainName;
    if (sandbox.metadata.displayName.empty())
        sandbox.metadata.displayName = sandbox.domainName;
    return sandbox;
}

}  // namespace

const SandboxInfo* Inventory::find(std::string_view nameOrId) const
{
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (sandbox.metadata.displayName == nameOrId)
            return &sandbox;
    }
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (isSameDisplayName(sandbox.metadata.displayName, nameOrId))
            return &sandbox;
    }
    if (const SandboxInfo* byId = findById(std::string(nameOrId)))
        return byId;
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (sandbox.domainName == nameOrId)
            return &sandbox;
    }
    return nullptr;
}

const SandboxInfo* Inventory::findById(const std::string& id) const
{
    auto found = m_sandboxes.find(id);
    return found == m_sandboxes.end() ? nullptr : &found->second;
}

const SandboxInfo* Inventory::findByDomain(std::string_view hostUri, std::string_view domainName) const
{
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (sandbox.hostUri == hostUri && sandbox.domainName == domainName)
            return &sandbox;
    }
    return nullptr;
}

Status Inventory::checkNameAvailable(std::string_view displayName) const
{
    const std::string folded = foldDisplayName(displayName);
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (foldDisplayName(sandbox.metadata.displayName) != folded)
            continue;
        return fail(ErrorCode::AlreadyExists,
                    fmt::format("Display name \"{}\" is already used by sandbox \"{}\" (id \"{}\"); "
                                "names are compared ignoring letter case",
                                displayName, sandbox.metadata.displayName, id));
    }
    return {};
}

bool Inventory::hasId(const std::string& id) const
{
    return m_sandboxes.contains(id);
}

void Inventory::put(const SandboxInfo& sandbox)
{
    m_sandboxes.insert_or_assign(sandbox.metadata.id, sandbox);
}

void Inventory::remove(const std::string& id)
{
    m_sandboxes.erase(id);
}

bool Inventory::setState(const std::string& id, SandboxState state)
{
    auto found = m_sandboxes.find(id);
    if (found == m_sandboxes.end())
        return false;
    found->second.state = state;
    return true;
}

std::vector<SandboxInfo> Inventory::all() const
{
    std::vector<SandboxInfo> sandboxes;
    sandboxes.reserve(m_sandboxes.size());
    for (const auto& [id, sandbox] : m_sandboxes)
        sandboxes.push_back(sandbox);
    return sandboxes;
}

std::vector<SandboxInfo> Inventory::onHost(std::string_view hostUri) const
{
    std::vector<SandboxInfo> sandboxes;
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (sandbox.hostUri == hostUri)
            sandboxes.push_back(sandbox);
    }
    return sandboxes;
}

int Inventory::countOnHost(std::string_view hostUri) const
{
    int count = 0;
    for (const auto& [id, sandbox] : m_sandboxes) {
        if (sandbox.hostUri == hostUri)
            ++count;
    }
    return count;
}

Inventory::Changes Inventory::reconcile(const std::string& hostUri, const std::vector<SandboxInfo>& listed)
{
    Changes changes;
    std::set<std::string> listedIds;
    for (const SandboxInfo& entry : listed) {
        SandboxInfo sandbox = normalizeListed(hostUri, entry);
        listedIds.insert(sandbox.metadata.id);

        auto known = m_sandboxes.find(sandbox.metadata.id);
        if (known == m_sandboxes.end()) {
            m_sandboxes.emplace(sandbox.metadata.id, sandbox);
            changes.added.push_back(sandbox);
            continue;
        }
        // The host does not report burst windows; the fleet keeps them.
        sandbox.burst = known->second.burst;
        // A sandbox waiting for its ready line stays booting while the host reports it running.
        if (known->second.state == SandboxState::Booting && sandbox.state == SandboxState::Running)
            sandbox.state = SandboxState::Booting;
        if (!hasSameDetails(known->second, sandbox)) {
            known->second = sandbox;
            changes.changed.push_back(sandbox);
        }
    }

    for (auto it = m_sandboxes.begin(); it != m_sandboxes.end();) {
        const SandboxInfo& sandbox = it->second;
        if (sandbox.hostUri != hostUri || listedIds.contains(it->first) || isBeingCreated(sandbox.state)) {
            ++it;
            continue;
        }
        changes.removed.push_back(sandbox);
        it = m_sandboxes.erase(it);
    }
    return changes;
}

std::vector<SandboxInfo> Inventory::markHostUnknown(std::string_view hostUri)
{
    std::vector<SandboxInfo> changed;
    for (auto& [id, sandbox] : m_sandboxes) {
        if (sandbox.hostUri != hostUri || sandbox.state == SandboxState::Unknown)
            continue;
        sandbox.state = SandboxState::Unknown;
        changed.push_back(sandbox);
    }
    return changed;
}

std::vector<SandboxInfo> Inventory::removeHost(std::string_view hostUri)
{
    std::vector<SandboxInfo> removed;
    for (auto it = m_sandboxes.begin(); it != m_sandboxes.end();) {
        if (it->second.hostUri != hostUri) {
            ++it;
            continue;
        }
        removed.push_back(it->second);
        it = m_sandboxes.erase(it);
    }
    return removed;
}

}  // namespace shoal::core
