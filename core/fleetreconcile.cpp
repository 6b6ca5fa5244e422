// The operation journal of the fleet, and the reconcile that runs when a host connects. Every open
// entry of an operation that no live process runs any more is rolled forward or back. Then the
// volumes of sandboxes that no longer exist are swept.

#include <spdlog/fmt/fmt.h>

#include "core/fleetimpl.h"

namespace shoal::core {

namespace {

bool isSameProcess(const ProcessIdentity& left, const ProcessIdentity& right)
{
    return left.pid == right.pid && left.startTime == right.startTime;
}

std::string joinText(const std::vector<std::string>& parts, std::string_view separator)
{
    std::string joined;
    for (const std::string& part : parts) {
        if (!joined.empty())
            joined += separator;
        joined += part;
    }
    return joined;
}

// Returns success for NotFound, because a removal that finds nothing has nothing left to do.
Status ignoreNotFound(Status status)
{
    if (!status && status.error().code == ErrorCode::NotFound)
        return {};
    return status;
}

}  // namespace

OperationJournal Fleet::Impl::newJournal()
{
    return OperationJournal(store, options.journalHook);
}

JournalEntry Fleet::Impl::journalEntryFor(std::string kind, const SandboxInfo& sandbox) const
{
    JournalEntry entry;
    entry.kind = std::move(kind);
    entry.hostUri = sandbox.hostUri;
    entry.sandboxId = sandbox.metadata.id;
    entry.displayName = sandbox.metadata.displayName;
    entry.domainName = sandbox.domainName;
    return entry;
}

// Returns an observer that journals every phase event and shows each phase start in the activity.
PhaseObserver Fleet::Impl::observePhases(Operation& operation, OperationJournal& journal)
{
    return [this, &operation, &journal](const PhaseEvent& event) {
        journal.record(event.domainName, event.phase, event.kind);
        if (event.kind == PhaseEvent::Kind::Started) {
            operation.beginPhase(event.phase, 0.5);
            publishOperation(operation);
        }
    };
}

// Runs on the host's worker once the host is connected and before its sandboxes are listed, so
// the listing shows the reconciled state. Every operation of this process on this host runs on
// this same worker, so none of them is in flight now. Entries of other live processes are theirs
// to finish; their domains are only kept out of the sweep.
void Fleet::Impl::reconcileOnWorker(const HostPointer& host)
{
    const std::string& uri = host->spec.uri;
    Result<std::vector<JournalEntry>> entries = store.openJournalEntries();
    if (!entries) {
        log->error("Failed to read the operation journal, so host \"{}\" is not reconciled: {}", uri,
                   entries.error().detail);
        return;
    }

    HostConnection& connection = *host->connection;
    const ProcessIdentity self = currentProcess();
    std::vector<std::string> actions;
    std::vector<std::string> protectedDomains;
    bool failed = false;
    for (const JournalEntry& entry : *entries) {
        // NOTE: two processes that start at once may both reconcile the same dead entry. Every
        // step is idempotent (a second destroy finds nothing), but both log the actions.
        const bool ownerGone = isSameProcess(entry.owner, self) || !isProcessAlive(entry.owner);
        bool settled = false;
        if (entry.hostUri == uri && ownerGone) {
            settled = reconcileEntry(connection, entry, actions);
            failed = failed || !settled;
        }
        if (!settled) {
            protectedDomains.push_back(entry.domainName);
            protectedDomains.insert(protectedDomains.end(), entry.targetDomains.begin(), entry.targetDomains.end());
        }
    }
    if (options.orphanSweepMinAge)
        sweepOrphansOnWorker(connection, uri, protectedDomains, actions);
    if (actions.empty() && !failed)
        return;

    Operation operation = beginOperation("reconcile", uri, uri);
    operation.setMessage(actions.empty() ? std::string("Nothing changed") : joinText(actions, "; "));
    if (failed) {
        operation.failWith(Error{ErrorCode::HostError,
                                 fmt::format("Some interrupted operations on host \"{}\" could not be reconciled yet; "
                                             "they are retried at the next connect. Done: {}",
                                             uri, operation.update().message),
                                 0, {}});
    } else {
        operation.succeed();
    }
    publishOperation(operation);
}

// Rolls one interrupted operation forward or back and closes its entry. Returns false when the
// entry stays open, because a job still runs or a host call failed.
bool Fleet::Impl::reconcileEntry(HostConnection& connection, const JournalEntry& entry,
                                 std::vector<std::string>& actions)
{
    std::vector<std::string> domains{entry.domainName};
    domains.insert(domains.end(), entry.targetDomains.begin(), entry.targetDomains.end());
    std::map<std::string, SandboxRemains> remains;
    for (const std::string& domain : domains) {
        Result<SandboxRemains> inspected = connection.inspectRemains(domain);
        if (!inspected) {
            log->error("Failed to reconcile the interrupted {} of sandbox \"{}\" on host \"{}\": {}", entry.kind,
                       entry.displayName, entry.hostUri, inspected.error().detail);
            return false;
        }
        remains[domain] = *inspected;
    }

    // NOTE: a restore that libvirtd still runs for a killed process may show no job yet, so an
    // entry reconciled within a second of the crash can roll a create back that would have run.
    const ReconcilePlan plan = planReconcile(entry, remains);
    const bool forward = plan.decision == ReconcileDecision::RollForward;
    if (plan.decision == ReconcileDecision::Wait) {
        log->warn("Leaving the interrupted {} of sandbox \"{}\" on host \"{}\" for a later reconcile: {}", entry.kind,
                  entry.displayName, entry.hostUri, plan.reason);
        return false;
    }
    log->info("Rolling the interrupted {} of sandbox \"{}\" on host \"{}\" {}: {}", entry.kind, entry.displayName,
              entry.hostUri, forward ? "forward" : "back", plan.reason);

    Status done;
    auto discard = [&](const std::string& domain) {
        Result<std::vector<std::string>> deleted = connection.discardLeftovers(domain);
        if (!deleted) {
            done = tl::unexpected(deleted.error());
            return;
        }
        for (const std::string& volume : *deleted)
            log->info("Deleted volume \"{}\" on host \"{}\", left by the interrupted {}", volume, entry.hostUri, entry.kind);
    };
    auto destroy = [&](const std::string& domain, const std::string& id) {
        if (Status removed = ignoreNotFound(connection.destroySandbox(domain)); !removed) {
            done = removed;
            return;
        }
        if (Status forgotten = store.removeSandbox(id); !forgotten)
            done = forgotten;
    };
    const SandboxRemains& domain = remains[entry.domainName];

    if (entry.kind == "create" || entry.kind == "claim") {
        forward ? discard(entry.domainName) : destroy(entry.domainName, entry.sandboxId);
    } else if (entry.kind == "destroy") {
        destroy(entry.domainName, entry.sandboxId);
    } else if (entry.kind == "wake" && forward && domain.hasStateVolume) {
        done = connection.deleteStateImage(entry.domainName);
    } else if (entry.kind == "sleep" && !forward && domain.defined && domain.hasStateVolume) {
        // Either the domain still runs, so the image is not the only copy of its state, or the
        // image is partial. A complete image beside a stopped domain rolls forward instead.
        done = connection.deleteStateImage(entry.domainName);
    } else if (entry.kind == "clone") {
        for (std::size_t i = 0; i < entry.targetDomains.size(); ++i) {
            if (forward)
                discard(entry.targetDomains[i]);
            else
                destroy(entry.targetDomains[i], i < entry.targetIds.size() ? entry.targetIds[i] : std::string());
        }
        if (domain.defined)
            discard(entry.domainName);
    }

    if (!done) {
        log->error("Failed to roll the interrupted {} of sandbox \"{}\" on host \"{}\" {}: {}", entry.kind,
                   entry.displayName, entry.hostUri, forward ? "forward" : "back", done.error().detail);
        return false;
    }
    if (Status closed = store.closeJournalEntry(entry.id); !closed) {
        log->error("Failed to close journal entry {} of sandbox \"{}\": {}", entry.id, entry.displayName,
                   closed.error().detail);
    }
    actions.push_back(fmt::format("{} of \"{}\" rolled {}: {}", entry.kind, entry.displayName,
                                  forward ? "forward" : "back", plan.reason));
    return true;
}

void Fleet::Impl::sweepOrphansOnWorker(HostConnection& connection, const std::string& hostUri,
                                       const std::vector<std::string>& protectedDomains,
                                       std::vector<std::string>& actions)
{
    Result<std::vector<std::string>> deleted = connection.sweepOrphanVolumes(protectedDomains, *options.orphanSweepMinAge);
    if (!deleted) {
        if (deleted.error().code == ErrorCode::Unsupported)
            log->debug("Host \"{}\" has no orphan sweep: {}", hostUri, deleted.error().detail);
        else
            log->error("Failed to sweep orphan volumes on host \"{}\": {}", hostUri, deleted.error().detail);
        return;
    }
    for (const std::string& volume : *deleted) {
        log->info("Deleted orphan volume \"{}\" on host \"{}\": no domain, journal entry or reader uses it", volume,
                  hostUri);
    }
    if (!deleted->empty())
        actions.push_back(fmt::format("deleted {} orphan volume(s): {}", deleted->size(), joinText(*deleted, ", ")));
}

}  // namespace shoal::core
