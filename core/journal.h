#pragma once

// The operation journal: what a multi-step operation on a host intends and which of its phases
// started and ended, stored before each step runs so that a crash at any point leaves a record.
// The next start reconciles every open entry against what the host really has
// (fleetreconcile.cpp).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"

namespace shoal::core {

class Store;

// One phase event of a journaled operation, as stored.
struct JournalPhase {
    std::string domainName;  // the sandbox the phase worked on; a clone's phases name each clone
    std::string phase;       // e.g. "prepare-template", "save", "restore"
    PhaseEvent::Kind event = PhaseEvent::Kind::Started;
    std::int64_t atMs = 0;   // Unix time
};

// The process that runs an operation. The start time tells a live process from a later one
// that got the same PID.
struct ProcessIdentity {
    std::int64_t pid = 0;
    std::string startTime;   // field 22 of /proc/<pid>/stat; empty where /proc is missing
};

// One open operation of the journal. Finished operations are deleted from the journal, so every
// stored entry is either running in a live process or was interrupted.
struct JournalEntry {
    std::int64_t id = 0;
    std::string kind;                        // "create", "claim", "sleep", "wake", "clone" or "destroy"
    std::string hostUri;
    std::string sandboxId;                   // the sandbox acted on; for a clone, the source
    std::string displayName;
    std::string domainName;
    std::vector<std::string> targetDomains;  // a clone's new domains; empty for other kinds
    std::vector<std::string> targetIds;      // their sandbox ids, in the same order
    ProcessIdentity owner;
    std::int64_t startedAtMs = 0;
    std::vector<JournalPhase> phases;        // oldest first
};

// Called after the journal stored a phase event, with the operation kind, the phase and the
// event. Runs on the host's worker thread. Tests use it to stop the process at an exact phase.
using JournalHook = std::function<void(std::string_view kind, std::string_view phase, PhaseEvent::Kind event)>;

std::string_view toString(PhaseEvent::Kind event);

// Returns the identity of the calling process.
ProcessIdentity currentProcess();

// Returns true when the process still runs. Where /proc has no start time it trusts the PID.
bool isProcessAlive(const ProcessIdentity& process);

// Records one operation in the store: open() before its first step, record() at every phase
// event, close() when it ended and left nothing to reconcile. An operation that fails because
// its host went away stays open, so the reconcile after the reconnect checks what the host did.
// Not thread-safe; the host worker that runs the operation drives it.
class OperationJournal {
public:
    OperationJournal(Store& store, JournalHook hook);

    // Stores the entry with the calling process as owner. Fails with StorageError, and the
    // operation must then not start, because a crash would leave no record.
    Status open(JournalEntry entry);

    // Stores one phase event, then calls the hook. A store failure is logged and the operation
    // goes on, because the entry itself already names everything it may leave behind.
    void record(std::string_view domainName, std::string_view phase, PhaseEvent::Kind event);

    // Deletes the entry with its phases. Does nothing when open() failed or was not called.
    void close();

    // Closes the entry unless `error` says the host was lost, in which case what the host did
    // is unknown and the entry stays open for the reconcile.
    void closeUnlessHostLost(const Error& error);

    bool isOpen() const { return m_entry.id != 0; }

private:
    Store& m_store;
    JournalHook m_hook;
    JournalEntry m_entry;
};

// What reconciling one open entry does.
enum class ReconcileDecision {
    RollForward,   // the operation reached its goal on the host: keep the result, clear leftovers
    RollBack,      // undo what it made, keeping every complete save image and the source
    Wait,          // libvirtd still runs a job of it; check again at the next reconcile
};

struct ReconcilePlan {
    ReconcileDecision decision = ReconcileDecision::Wait;
    std::string reason;      // for the log and the reconcile operation
};

// Decides the fate of an interrupted operation from what is left on its host, keyed by domain
// name: the entry's domain and, for a clone, each target. A missing key counts as no domain.
ReconcilePlan planReconcile(const JournalEntry& entry, const std::map<std::string, SandboxRemains>& remains);

}  // namespace shoal::core
