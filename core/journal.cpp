#include "core/journal.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <limits>
#include <sstream>

#include <signal.h>
#include <unistd.h>

#include <spdlog/fmt/fmt.h>

#include "core/log.h"
#include "core/store.h"

namespace shoal::core {

namespace {

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Returns field 22 of /proc/<pid>/stat, the start time in clock ticks after boot, or "".
std::string processStartTime(std::int64_t pid)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!file || !std::getline(file, line))
        return {};

    // The command name (field 2) is in parentheses and may contain spaces, so counting starts
    // after the last ')', which ends field 2.
    const std::size_t nameEnd = line.rfind(')');
    if (nameEnd == std::string::npos)
        return {};
    std::istringstream fields(line.substr(nameEnd + 1));
    std::string field;
    for (int index = 3; index <= 22 && fields >> field; ++index) {
        if (index == 22)
            return field;
    }
    return {};
}

tl::unexpected<Error> unsupported(std::string_view call)
{
    return fail(ErrorCode::Unsupported, fmt::format("This host connection has no {}", call));
}

bool isActive(const SandboxRemains& remains)
{
    return remains.defined && (remains.state == SandboxState::Running || remains.state == SandboxState::Paused);
}

SandboxRemains remainsOf(const std::map<std::string, SandboxRemains>& remains, const std::string& domainName)
{
    auto found = remains.find(domainName);
    return found == remains.end() ? SandboxRemains{} : found->second;
}

ReconcilePlan planSleep(const SandboxRemains& domain)
{
    if (!domain.defined)
        return {ReconcileDecision::RollBack, "the domain is gone, so there is nothing to put to sleep"};
    if (isActive(domain)) {
        return {ReconcileDecision::RollBack,
                "the save did not finish and the sandbox still runs, so a partial state image is deleted"};
    }
    if (domain.stateImageComplete)
        return {ReconcileDecision::RollForward, "the save finished, so the sandbox is asleep in its complete image"};
    return {ReconcileDecision::RollBack,
            "the domain stopped without a complete state image, so the sandbox is stopped with its disk"};
}

ReconcilePlan planWake(const SandboxRemains& domain)
{
    if (!domain.defined)
        return {ReconcileDecision::RollBack, "the domain is gone, so there is nothing to wake"};
    if (isActive(domain))
        return {ReconcileDecision::RollForward, "the domain runs, so its state image is no longer needed"};
    return {ReconcileDecision::RollBack, "the domain did not start, so the sandbox stays asleep with its image"};
}

ReconcilePlan planClone(const JournalEntry& entry, const std::map<std::string, SandboxRemains>& remains)
{
    if (entry.targetDomains.empty())
        return {ReconcileDecision::RollBack, "the entry names no clone"};
    const bool allRun = std::all_of(entry.targetDomains.begin(), entry.targetDomains.end(),
                                    [&](const std::string& target) { return isActive(remainsOf(remains, target)); });
    if (allRun)
        return {ReconcileDecision::RollForward, "every clone runs, so only the fork leftovers are deleted"};
    return {ReconcileDecision::RollBack,
            "not every clone runs, so the clones are removed and the source keeps running on its disk"};
}

}  // namespace

std::string_view toString(PhaseEvent::Kind event)
{
    switch (event) {
    case PhaseEvent::Kind::Started: return "started";
    case PhaseEvent::Kind::Finished: return "finished";
    case PhaseEvent::Kind::Failed: return "failed";
    }
    return "unknown";
}

ProcessIdentity currentProcess()
{
    const std::int64_t pid = ::getpid();
    return ProcessIdentity{pid, processStartTime(pid)};
}

bool isProcessAlive(const ProcessIdentity& process)
{
    // kill() with a PID cut down to pid_t could reach the whole process group (PID 0).
    if (process.pid <= 0 || process.pid > std::numeric_limits<pid_t>::max())
        return false;
    if (!process.startTime.empty()) {
        // A different start time means the PID was reused after the owner ended.
        const std::string startTime = processStartTime(process.pid);
        if (!startTime.empty())
            return startTime == process.startTime;
    }
    return ::kill(static_cast<pid_t>(process.pid), 0) == 0 || errno == EPERM;
}

OperationJournal::OperationJournal(Store& store, JournalHook hook)
    : m_store(store), m_hook(std::move(hook))
{
}

Status OperationJournal::open(JournalEntry entry)
{
    entry.owner = currentProcess();
    entry.startedAtMs = nowMs();
    Result<std::int64_t> id = m_store.openJournalEntry(entry);
    if (!id) {
        return fail(ErrorCode::StorageError,
                    fmt::format("Failed to journal the {} of sandbox \"{}\", so it did not start: {}", entry.kind,
                                entry.displayName, id.error().detail));
    }
    entry.id = *id;
    m_entry = std::move(entry);
    return {};
}

void OperationJournal::record(std::string_view domainName, std::string_view phase, PhaseEvent::Kind event)
{
    if (!isOpen())
        return;
    const JournalPhase row{std::string(domainName), std::string(phase), event, nowMs()};
    if (Status stored = m_store.appendJournalPhase(m_entry.id, row); !stored) {
        logger("store")->error("Failed to journal phase \"{}\" {} of the {} of sandbox \"{}\": {}", phase,
                               toString(event), m_entry.kind, m_entry.displayName, stored.error().detail);
    }
    if (m_hook)
        m_hook(m_entry.kind, phase, event);
}

void OperationJournal::close()
{
    if (!isOpen())
        return;
    if (Status closed = m_store.closeJournalEntry(m_entry.id); !closed) {
        logger("store")->error("Failed to close journal entry {} ({} of sandbox \"{}\"): {}", m_entry.id, m_entry.kind,
                               m_entry.displayName, closed.error().detail);
    }
    m_entry.id = 0;
}

void OperationJournal::closeUnlessHostLost(const Error& error)
{
    if (!isOpen())
        return;
    if (error.code == ErrorCode::HostUnreachable) {
        logger("core")->warn("Keeping journal entry {} ({} of sandbox \"{}\") open: host \"{}\" was lost during it",
                             m_entry.id, m_entry.kind, m_entry.displayName, m_entry.hostUri);
        m_entry.id = 0;
        return;
    }
    close();
}

ReconcilePlan planReconcile(const JournalEntry& entry, const std::map<std::string, SandboxRemains>& remains)
{
    const SandboxRemains domain = remainsOf(remains, entry.domainName);
    bool jobActive = domain.jobActive;
    for (const std::string& target : entry.targetDomains)
        jobActive = jobActive || remainsOf(remains, target).jobActive;
    if (jobActive)
        return {ReconcileDecision::Wait, "libvirtd still runs a job on the sandbox"};

    // A claim renames the entry before it resumes it, so a paused domain is either still a pool
    // entry or already the user's sandbox, and either is consistent to keep.
    if (entry.kind == "create" || entry.kind == "claim") {
        if (isActive(domain))
            return {ReconcileDecision::RollForward, "the domain runs, so the sandbox is kept"};
        return {ReconcileDecision::RollBack, "the domain never ran, so the domain and its volumes are removed"};
    }
    if (entry.kind == "sleep")
        return planSleep(domain);
    if (entry.kind == "wake")
        return planWake(domain);
    if (entry.kind == "clone")
        return planClone(entry, remains);
    if (entry.kind == "destroy")
        return {ReconcileDecision::RollForward, "a destroy was requested, so it is finished"};
    return {ReconcileDecision::Wait, fmt::format("operation kind \"{}\" is unknown to this Shoal", entry.kind)};
}

// The reconcile calls of HostConnection are optional for a connection, so they have defaults.

Result<SandboxRemains> HostConnection::inspectRemains(const std::string& /*domainName*/)
{
    return unsupported("inspectRemains");
}

Status HostConnection::deleteStateImage(const std::string& /*domainName*/)
{
    return unsupported("deleteStateImage");
}

Result<std::vector<std::string>> HostConnection::discardLeftovers(const std::string& /*domainName*/)
{
    return unsupported("discardLeftovers");
}

Result<std::vector<std::string>> HostConnection::sweepOrphanVolumes(const std::vector<std::string>& /*protectedDomains*/,
                                                                    std::chrono::seconds /*minAge*/)
{
    return unsupported("sweepOrphanVolumes");
}

}  // namespace shoal::core
