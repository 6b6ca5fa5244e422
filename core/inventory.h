#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace shoal::core {

// The fleet's view of every sandbox, keyed by sandbox id. Hosts are the truth about what exists,
// and reconcile() brings one host's part of the inventory in line with a listing from that host.
// findById, countOnHost and findByDomain for a domain named "shoal-<id>" take constant time, and
// the per-host calls visit only that host's sandboxes. The stats path looks up every sandbox of
// every host once a second, and each host's connect reconciles its own part.
// Not thread-safe, so the fleet guards it with its mutex.
class Inventory {
public:
    // The additions, changes and removals made by reconcile(), for the store and the listener.
    struct Changes {
        std::vector<SandboxInfo> added;    // listed by the host, unknown before
        std::vector<SandboxInfo> changed;  // known, with a new state or new details
        std::vector<SandboxInfo> removed;  // known on the host, no longer listed
    };

    Inventory() = default;
    // Not copyable, because the indexes point into the map. Moving keeps the map's nodes.
    Inventory(const Inventory&) = delete;
    Inventory& operator=(const Inventory&) = delete;
    Inventory(Inventory&&) = default;
    Inventory& operator=(Inventory&&) = default;

    // Finds a sandbox by display name (exact, then ignoring case), sandbox id or domain name,
    // in that order. Returns nullptr when none matches.
    const SandboxInfo* find(std::string_view nameOrId) const;
    const SandboxInfo* findById(const std::string& id) const;
    const SandboxInfo* findByDomain(std::string_view hostUri, std::string_view domainName) const;

    // Fails with AlreadyExists when a sandbox's display name equals `displayName` ignoring case,
    // naming that sandbox.
    Status checkNameAvailable(std::string_view displayName) const;

    bool hasId(const std::string& id) const;

    // Adds the sandbox, or replaces the one with the same id.
    void put(const SandboxInfo& sandbox);
    void remove(const std::string& id);

    // Sets the state of the sandbox with `id`. Returns false when there is no such sandbox.
    bool setState(const std::string& id, SandboxState state);

    std::vector<SandboxInfo> all() const;

    // Calls `visit` with each sandbox, without copying them.
    template <typename Visit>
    void forEach(Visit visit) const
    {
        for (const auto& [id, sandbox] : m_sandboxes)
            visit(sandbox);
    }
    std::vector<SandboxInfo> onHost(std::string_view hostUri) const;
    int countOnHost(std::string_view hostUri) const;

    // Applies a full listing of the sandboxes on `hostUri`. A listed sandbox without an id in its
    // metadata gets the id inside its domain name. Sandboxes still being placed or created are
    // kept even when the host does not list them yet.
    Changes reconcile(const std::string& hostUri, const std::vector<SandboxInfo>& listed);

    // Marks every sandbox on `hostUri` Unknown and returns the ones that changed.
    std::vector<SandboxInfo> markHostUnknown(std::string_view hostUri);

    // Removes every sandbox on `hostUri` and returns them.
    std::vector<SandboxInfo> removeHost(std::string_view hostUri);

private:
    using Entries = std::map<std::string, SandboxInfo>;

    std::set<std::string_view> idsOnHost(std::string_view hostUri) const;
    void addToIndexes(Entries::iterator entry);
    void removeFromIndexes(Entries::iterator entry);
    void replace(Entries::iterator entry, const SandboxInfo& sandbox);
    Entries::iterator erase(Entries::iterator entry);

    Entries m_sandboxes;  // ordered by id, so all() and forEach() visit sandboxes in a stable order
    // Indexes over m_sandboxes, updated by every insert, replace and erase. Their string views
    // point at the keys of m_sandboxes, whose nodes do not move while they exist. A host's ids
    // are ordered, so per-host results come in the same order as a walk over m_sandboxes.
    std::unordered_map<std::string_view, SandboxInfo*> m_byId;
    std::unordered_map<std::string, std::set<std::string_view>> m_idsByHost;
};

}  // namespace shoal::core
