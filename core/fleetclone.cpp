// Cloning a running sandbox into branches on its host.

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"
#include "core/names.h"

namespace shoal::core {

namespace {

// Clone ×N is bounded so that one click cannot exhaust a host.
constexpr int kMaxClones = 64;

}  // namespace

Result<std::vector<SandboxInfo>> Fleet::cloneSandbox(const std::string& nameOrId, int count, const std::string& prefix)
{
    Impl& impl = *m_impl;
    if (count < 1 || count > kMaxClones) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Clone count must be between 1 and {}, got {}", kMaxClones, count));
    }

    ActionTarget target;
    std::vector<CloneTarget> targets;
    std::vector<SandboxInfo> planned;
    {
        std::lock_guard lock(impl.mutex);
        Result<ActionTarget> found = impl.beginActionLocked(SandboxAction::Clone, nameOrId);
        if (!found)
            return tl::unexpected(found.error());
        target = *found;
        if (!target.host->capabilities.canClone) {
            return fail(ErrorCode::Unsupported,
                        fmt::format("Host \"{}\" cannot clone a running sandbox: {}", target.host->spec.uri,
                                    target.host->capabilities.isTestDriver
                                        ? "libvirt's test driver has no external snapshots with memory"
                                        : "its libvirt lacks external snapshots with memory"));
        }

        const SandboxInfo& source = target.sandbox;
        const std::vector<std::string> ids = impl.newSandboxIdsLocked(count);
        const std::string fallbackBase = source.metadata.displayName + "-clone";
        const std::vector<std::string> names = makeDisplayNames(prefix, fallbackBase, ids);
        if (Status checked = impl.checkNewNamesLocked(names); !checked)
            return tl::unexpected(checked.error());

        const std::int64_t createdAtMs = unixTimeMs();
        for (std::size_t i = 0; i < ids.size(); ++i) {
            SandboxMetadata metadata = source.metadata;
            metadata.id = ids[i];
            metadata.displayName = names[i];
            metadata.parentId = source.metadata.id;
            metadata.createdAtMs = createdAtMs;
            targets.push_back(CloneTarget{metadata, domainNameForId(ids[i])});

            SandboxInfo clone;
            clone.metadata = metadata;
            clone.domainName = domainNameForId(ids[i]);
            clone.hostUri = source.hostUri;
            clone.state = SandboxState::Creating;
            clone.vcpus = source.vcpus;
            clone.memoryMiB = source.memoryMiB;
            impl.inventory.put(clone);
            target.host->reserveLocked(clone.vcpus, clone.memoryMiB);
            planned.push_back(clone);
        }
    }
    for (const SandboxInfo& clone : planned)
        impl.publishSandbox(clone);

    const SandboxInfo& source = target.sandbox;
    impl.log->info("Cloning sandbox \"{}\" ({}) {} time(s) on host \"{}\"", source.metadata.displayName,
                   source.domainName, count, source.hostUri);
    Operation operation = impl.beginOperation("clone", source.metadata.displayName, source.hostUri);
    operation.beginPhase("clone", 0.1);
    impl.publishOperation(operation);

    // The journal names every clone before the host makes any, so a crash leaves no unnamed one.
    OperationJournal journal = impl.newJournal();
    JournalEntry journalEntry = impl.journalEntryFor("clone", source);
    for (const CloneTarget& clone : targets) {
        journalEntry.targetDomains.push_back(clone.domainName);
        journalEntry.targetIds.push_back(clone.metadata.id);
    }

    HostEntry* entry = target.host.get();
    Result<CloneResult> result = impl.runOn(*entry, [&impl, entry, &source, &targets, &planned, &operation, &journal,
                                                     &journalEntry] {
        HostConnection* connection = entry->connection.get();
        if (!connection || !connection->isConnected()) {
            return Result<CloneResult>(
                fail(ErrorCode::HostUnreachable, fmt::format("Host \"{}\" is not connected", entry->spec.uri)));
        }
        Result<CloneResult> cloned;
        if (Status opened = journal.open(journalEntry); opened) {
            connection->setPhaseObserver(impl.observePhases(operation, journal));
            cloned = connection->cloneSandbox(source.domainName, targets);
            connection->setPhaseObserver({});
        } else {
            cloned = tl::unexpected(opened.error());
        }
        operation.endPhase();
        // The clones run now (or are gone), so the host's own figures include them from here on.
        {
            std::lock_guard lock(impl.mutex);
            for (const SandboxInfo& clone : planned)
                entry->endReservationLocked(clone.vcpus, clone.memoryMiB);
        }
        impl.refreshCapacityOnWorker(*entry);
        return cloned;
    });

    // The source is running again in every case: the snapshot pauses it only for a moment.
    {
        std::lock_guard lock(impl.mutex);
        impl.inventory.setState(source.metadata.id, SandboxState::Running);
    }
    if (!result) {
        {
            std::lock_guard lock(impl.mutex);
            for (const SandboxInfo& clone : planned)
                impl.inventory.remove(clone.metadata.id);
        }
        for (const SandboxInfo& clone : planned)
            impl.publishSandboxRemoved(clone);
        journal.closeUnlessHostLost(result.error());
        operation.failWith(result.error());
        impl.publishOperation(operation);
        impl.log->error("Failed to clone sandbox \"{}\": {}", source.metadata.displayName, result.error().detail);
        return tl::unexpected(result.error());
    }

    std::vector<SandboxInfo> clones;
    journal.record(source.domainName, "save-rows", PhaseEvent::Kind::Started);
    for (std::size_t i = 0; i < result->clones.size() && i < planned.size(); ++i) {
        SandboxInfo clone = result->clones[i];
        clone.metadata = planned[i].metadata;
        clone.hostUri = source.hostUri;
        clone.domainName = planned[i].domainName;
        clone.startedAtMs = unixTimeMs();
        const StoredSandbox row{clone.metadata, clone.domainName, clone.hostUri};
        if (Status saved = impl.store.saveSandbox(row); !saved)
            impl.log->error("Failed to store clone \"{}\": {}", clone.metadata.displayName, saved.error().detail);
        clones.push_back(clone);
    }
    journal.record(source.domainName, "save-rows", PhaseEvent::Kind::Finished);
    journal.close();
    {
        std::lock_guard lock(impl.mutex);
        for (const SandboxInfo& clone : clones)
            impl.inventory.put(clone);
    }
    for (const SandboxInfo& clone : clones)
        impl.publishSandbox(clone);

    operation.setMessage(fmt::format("Source paused for {:.0f} ms; {} clone(s) running",
                                     result->sourcePauseSeconds * 1000.0, clones.size()));
    operation.succeed();
    impl.publishOperation(operation);
    impl.log->info("Cloned sandbox \"{}\" into {} sandbox(es); the source paused for {:.3f} s",
                   source.metadata.displayName, clones.size(), result->sourcePauseSeconds);
    return clones;
}

}  // namespace shoal::core
