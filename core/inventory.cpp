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
    auto found = m_byId.find(std::string_view(id));
    return found == m_byId.end() ? nullptr : found->second;
}

const SandboxInfo* Inventory::findByDomain(std::string_view hostUri, std::string_view domainName) const
{
    // Shoal names its domains "shoal-<id>", so the id index finds nearly every sandbox. A domain
    // named some other way, or one whose id differs from its name, needs the scan.
    if (const SandboxInfo* byName = findById(sandboxIdFromDomainName(domainName));
        byName && byName->hostUri == hostUri && byName->domainName == domainName)
        return byName;
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
    return m_byId.contains(std::string_view(id));
}

void Inventory::addToIndexes(Entries::iterator entry)
{
    m_byId.insert_or_assign(std::string_view(entry->first), &entry->second);
    m_idsByHost[entry->second.hostUri].insert(std::string_view(entry->first));
}

void Inventory::removeFromIndexes(Entries::iterator entry)
{
    m_byId.erase(std::string_view(entry->first));
    auto ids = m_idsByHost.find(entry->second.hostUri);
    if (ids == m_idsByHost.end())
        return;
    ids->second.erase(std::string_view(entry->first));
    if (ids->second.empty())
        m_idsByHost.erase(ids);
}

// Replaces the sandbox in `entry`, which may now be on another host.
void Inventory::replace(Entries::iterator entry, const SandboxInfo& sandbox)
{
    removeFromIndexes(entry);
    entry->second = sandbox;
    addToIndexes(entry);
}

Inventory::Entries::iterator Inventory::erase(Entries::iterator entry)
{
    removeFromIndexes(entry);
    return m_sandboxes.erase(entry);
}

void Inventory::put(const SandboxInfo& sandbox)
{
    auto known = m_sandboxes.find(sandbox.metadata.id);
    if (known != m_sandboxes.end()) {
        replace(known, sandbox);
        return;
    }
    addToIndexes(m_sandboxes.emplace(sandbox.metadata.id, sandbox).first);
}

void Inventory::remove(const std::string& id)
{
    auto known = m_sandboxes.find(id);
    if (known != m_sandboxes.end())
        erase(known);
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

std::set<std::string_view> Inventory::idsOnHost(std::string_view hostUri) const
{
    auto ids = m_idsByHost.find(std::string(hostUri));
    return ids == m_idsByHost.end() ? std::set<std::string_view>() : ids->second;
}

std::vector<SandboxInfo> Inventory::onHost(std::string_view hostUri) const
{
    std::vector<SandboxInfo> sandboxes;
    for (std::string_view id : idsOnHost(hostUri))
        sandboxes.push_back(*m_byId.at(id));
    return sandboxes;
}

int Inventory::countOnHost(std::string_view hostUri) const
{
    auto ids = m_idsByHost.find(std::string(hostUri));
    return ids == m_idsByHost.end() ? 0 : static_cast<int>(ids->second.size());
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
            addToIndexes(m_sandboxes.emplace(sandbox.metadata.id, sandbox).first);
            changes.added.push_back(sandbox);
            continue;
        }
        // The host does not report burst windows; the fleet keeps them.
        sandbox.burst = known->second.burst;
        // A sandbox waiting for its ready line stays booting while the host reports it running.
        if (known->second.state == SandboxState::Booting && sandbox.state == SandboxState::Running)
            sandbox.state = SandboxState::Booting;
        if (!hasSameDetails(known->second, sandbox)) {
            replace(known, sandbox);
            changes.changed.push_back(sandbox);
        }
    }

    // A copy of the host's ids, because erasing changes the index. Each view stays valid until
    // its own sandbox is erased.
    for (std::string_view id : idsOnHost(hostUri)) {
        const SandboxInfo& sandbox = *m_byId.at(id);
        if (listedIds.contains(sandbox.metadata.id) || isBeingCreated(sandbox.state))
            continue;
        changes.removed.push_back(sandbox);
        erase(m_sandboxes.find(std::string(id)));
    }
    return changes;
}

std::vector<SandboxInfo> Inventory::markHostUnknown(std::string_view hostUri)
{
    std::vector<SandboxInfo> changed;
    for (std::string_view id : idsOnHost(hostUri)) {
        SandboxInfo& sandbox = *m_byId.at(id);
        if (sandbox.state == SandboxState::Unknown)
            continue;
        sandbox.state = SandboxState::Unknown;
        changed.push_back(sandbox);
    }
    return changed;
}

std::vector<SandboxInfo> Inventory::removeHost(std::string_view hostUri)
{
    std::vector<SandboxInfo> removed;
    for (std::string_view id : idsOnHost(hostUri)) {
        removed.push_back(*m_byId.at(id));
        erase(m_sandboxes.find(std::string(id)));
    }
    return removed;
}

}  // namespace shoal::core
