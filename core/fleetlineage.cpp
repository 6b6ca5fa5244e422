// The clone lineage of the fleet: the tree, destroying a subtree, and promoting a sandbox's disk
// to a new template.

#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <system_error>

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"
#include "core/names.h"

namespace shoal::core {

namespace {

// Returns the folder for promoted base images, or InvalidArgument when the store has no file.
Result<std::filesystem::path> promotedImageDirectory(const FleetOptions& options, const Store& store)
{
    if (!options.templateDirectory.empty())
        return std::filesystem::path(options.templateDirectory);
    if (store.path().empty() || store.path() == ":memory:") {
        return fail(ErrorCode::InvalidArgument,
                    "Cannot promote a sandbox to a template without a folder for its base image: the database is "
                    "in memory, so set a template folder");
    }
    return std::filesystem::path(store.path()).parent_path() / "templates";
}

// Checks a new template name with the display name rule and words the error for templates.
Status validateTemplateName(const std::string& name)
{
    Status valid = validateDisplayName(name);
    if (valid)
        return valid;
    Error error = valid.error();
    const std::string displayName = "Display name";
    if (error.detail.rfind(displayName, 0) == 0)
        error.detail.replace(0, displayName.size(), "Template name");
    return tl::unexpected(error);
}

// Destroys `sandboxes`, which are all on one host, one after another.
std::vector<std::pair<SandboxInfo, Status>> destroyInOrder(Fleet& fleet, const std::vector<SandboxInfo>& sandboxes)
{
    std::vector<std::pair<SandboxInfo, Status>> results;
    for (const SandboxInfo& sandbox : sandboxes)
        results.emplace_back(sandbox, fleet.destroySandbox(sandbox.metadata.id));
    return results;
}

}  // namespace

Result<std::vector<LineageEntry>> Fleet::lineage(const std::string& nameOrId) const
{
    std::lock_guard lock(m_impl->mutex);
    if (nameOrId.empty())
        return lineageTree(m_impl->inventory.all());
    Result<SandboxInfo> root = m_impl->findSandboxLocked(nameOrId);
    if (!root)
        return tl::unexpected(root.error());
    return lineageTree(m_impl->inventory.all(), root->metadata.id);
}

Result<SubtreeDestroyReport> Fleet::destroySubtree(const std::string& nameOrId)
{
    Result<std::vector<LineageEntry>> subtree = lineage(nameOrId);
    if (!subtree) {
        m_impl->log->error("Failed to destroy the subtree of sandbox \"{}\": {}", nameOrId, subtree.error().detail);
        return tl::unexpected(subtree.error());
    }
    const SandboxInfo& root = subtree->front().sandbox;
    m_impl->log->info("Destroying sandbox \"{}\" and its {} descendant(s)", root.metadata.displayName,
                      subtree->front().descendants);

    std::map<int, std::vector<const LineageEntry*>, std::greater<>> byDepth;
    for (const LineageEntry& entry : *subtree)
        byDepth[entry.depth].push_back(&entry);

    SubtreeDestroyReport report;
    std::set<std::string> keptIds;
    for (const auto& [depth, entries] : byDepth) {
        // Sandboxes whose clones all went are destroyed, grouped by host so hosts work in parallel.
        std::map<std::string, std::vector<SandboxInfo>> byHost;
        for (const LineageEntry* entry : entries) {
            const SandboxInfo& sandbox = entry->sandbox;
            std::string keptClone;
            for (const LineageEntry& other : *subtree) {
                if (other.sandbox.metadata.parentId == sandbox.metadata.id && keptIds.count(other.sandbox.metadata.id)) {
                    keptClone = other.sandbox.metadata.displayName;
                    break;
                }
            }
            if (keptClone.empty()) {
                byHost[sandbox.hostUri].push_back(sandbox);
                continue;
            }
            keptIds.insert(sandbox.metadata.id);
            report.failures.push_back(Error{ErrorCode::InvalidState,
                                            fmt::format("Kept sandbox \"{}\" because its clone \"{}\" was not destroyed",
                                                        sandbox.metadata.displayName, keptClone),
                                            0, {}});
        }

        std::vector<std::future<std::vector<std::pair<SandboxInfo, Status>>>> running;
        for (const auto& [hostUri, sandboxes] : byHost)
            running.push_back(std::async(std::launch::async, destroyInOrder, std::ref(*this), sandboxes));
        for (auto& hostResults : running) {
            for (const auto& [sandbox, status] : hostResults.get()) {
                if (status) {
                    report.destroyed.push_back(sandbox.metadata.displayName);
                    continue;
                }
                keptIds.insert(sandbox.metadata.id);
                report.failures.push_back(status.error());
            }
        }
    }

    m_impl->log->info("Destroyed {} sandbox(es) of the subtree of \"{}\"; {} kept", report.destroyed.size(),
                      root.metadata.displayName, report.failures.size());
    return report;
}

Result<Template> Fleet::promoteToTemplate(const std::string& nameOrId, const std::string& templateName)
{
    Impl& impl = *m_impl;
    auto failWith = [&](const Error& error) -> Result<Template> {
        impl.log->error("Failed to promote sandbox \"{}\" to template \"{}\": {}", nameOrId, templateName, error.detail);
        return tl::unexpected(error);
    };
    if (Status valid = validateTemplateName(templateName); !valid)
        return failWith(valid.error());

    SandboxInfo sandbox;
    Template sourceTemplate;
    HostPointer host;
    {
        std::lock_guard lock(impl.mutex);
        Result<SandboxInfo> found = impl.findSandboxLocked(nameOrId);
        if (!found)
            return failWith(found.error());
        sandbox = *found;
        if (sandbox.state != SandboxState::Stopped && sandbox.state != SandboxState::Asleep) {
            return failWith(Error{ErrorCode::InvalidState,
                                  fmt::format("Cannot promote sandbox \"{}\" to a template because it is {}; stop it or "
                                              "put it to sleep first, so its disk does not change during the copy",
                                              sandbox.metadata.displayName, toString(sandbox.state)),
                                  0, {}});
        }
        if (impl.templates.contains(templateName))
            return failWith(Error{ErrorCode::AlreadyExists, fmt::format("Template \"{}\" already exists", templateName), 0, {}});
        Result<Template> parent = impl.templates.find(sandbox.metadata.templateName);
        if (!parent)
            return failWith(parent.error());
        sourceTemplate = *parent;
        auto entry = impl.hosts.find(sandbox.hostUri);
        if (entry == impl.hosts.end() || entry->second->connectionState != ConnectionState::Connected) {
            return failWith(Error{ErrorCode::HostUnreachable,
                                  fmt::format("Cannot promote sandbox \"{}\" because its host \"{}\" is not connected",
                                              sandbox.metadata.displayName, sandbox.hostUri),
                                  0, {}});
        }
        host = entry->second;
    }

    Result<std::filesystem::path> directory = promotedImageDirectory(impl.options, impl.store);
    if (!directory)
        return failWith(directory.error());
    std::error_code error;
    std::filesystem::create_directories(*directory, error);
    if (error) {
        return failWith(Error{ErrorCode::StorageError,
                              fmt::format("Failed to create folder \"{}\": {}", directory->string(), error.message()), 0, {}});
    }
    // The file name is generated, never taken from the template name, so any valid name is safe.
    std::filesystem::path imagePath;
    do {
        imagePath = *directory / (generateSandboxId() + ".raw");
    } while (std::filesystem::exists(imagePath, error));

    impl.log->info("Promoting sandbox \"{}\" ({}) on host \"{}\" to template \"{}\"", sandbox.metadata.displayName,
                   sandbox.domainName, sandbox.hostUri, templateName);
    Operation operation = impl.beginOperation("promote", sandbox.metadata.displayName, sandbox.hostUri);
    operation.beginPhase("copy-disk", 0.1);
    impl.publishOperation(operation);
    HostEntry* entry = host.get();
    Status exported = impl.runOn(*entry, [entry, &sandbox, &imagePath] {
        HostConnection* connection = entry->connection.get();
        if (!connection || !connection->isConnected())
            return Status(fail(ErrorCode::HostUnreachable, fmt::format("Host \"{}\" is not connected", entry->spec.uri)));
        return connection->exportDisk(sandbox.domainName, imagePath.string());
    });
    operation.endPhase();

    Template promoted = sourceTemplate;
    promoted.name = templateName;
    promoted.baseImagePath = imagePath.string();
    promoted.builtIn = false;
    Status saved = exported;
    if (saved) {
        std::lock_guard lock(impl.mutex);
        if (impl.templates.contains(templateName))
            saved = fail(ErrorCode::AlreadyExists, fmt::format("Template \"{}\" already exists", templateName));
        else
            impl.templates.put(promoted);
    }
    if (saved) {
        saved = impl.store.saveTemplate(promoted);
        if (!saved) {
            std::lock_guard lock(impl.mutex);
            impl.templates.remove(templateName);
        }
    }
    if (!saved) {
        std::filesystem::remove(imagePath, error);
        operation.failWith(saved.error());
        impl.publishOperation(operation);
        return failWith(saved.error());
    }

    operation.setMessage(fmt::format("Template \"{}\" made from sandbox \"{}\"", templateName, sandbox.metadata.displayName));
    operation.succeed();
    impl.publishOperation(operation);
    impl.log->info("Promoted sandbox \"{}\" to template \"{}\" with base image \"{}\"", sandbox.metadata.displayName,
                   templateName, promoted.baseImagePath);
    return promoted;
}

}  // namespace shoal::core
