// The store's operation journal tables.

#include <sstream>

#include <sqlite3.h>

#include "core/sqlstatement.h"
#include "core/store.h"

namespace shoal::core {

namespace {

// Domain names and sandbox ids have no spaces, so a list of them is stored space-separated.
std::string joinNames(const std::vector<std::string>& names)
{
    std::string joined;
    for (const std::string& name : names) {
        if (!joined.empty())
            joined += ' ';
        joined += name;
    }
    return joined;
}

std::vector<std::string> splitNames(const std::string& joined)
{
    std::vector<std::string> names;
    std::istringstream words(joined);
    for (std::string name; words >> name;)
        names.push_back(name);
    return names;
}

PhaseEvent::Kind phaseEventFromString(const std::string& text)
{
    if (text == "finished")
        return PhaseEvent::Kind::Finished;
    if (text == "failed")
        return PhaseEvent::Kind::Failed;
    return PhaseEvent::Kind::Started;
}

}  // namespace

Result<std::int64_t> Store::openJournalEntry(const JournalEntry& entry)
{
    std::lock_guard lock(m_mutex);
    Status inserted = Statement(m_database,
                                "INSERT INTO journal_operations (kind, host_uri, sandbox_id, display_name, domain_name, "
                                "target_domains, target_ids, owner_pid, owner_start_time, started_at_ms) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                          .bind(entry.kind)
                          .bind(entry.hostUri)
                          .bind(entry.sandboxId)
                          .bind(entry.displayName)
                          .bind(entry.domainName)
                          .bind(joinNames(entry.targetDomains))
                          .bind(joinNames(entry.targetIds))
                          .bind(entry.owner.pid)
                          .bind(entry.owner.startTime)
                          .bind(entry.startedAtMs)
                          .run();
    if (!inserted)
        return tl::unexpected(inserted.error());
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(m_database));
}

Status Store::appendJournalPhase(std::int64_t entryId, const JournalPhase& phase)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database,
                     "INSERT INTO journal_phases (operation_id, domain_name, phase, event, at_ms) VALUES (?, ?, ?, ?, ?)")
        .bind(entryId)
        .bind(phase.domainName)
        .bind(phase.phase)
        .bind(toString(phase.event))
        .bind(phase.atMs)
        .run();
}

Status Store::closeJournalEntry(std::int64_t entryId)
{
    std::lock_guard lock(m_mutex);
    return Statement(m_database, "DELETE FROM journal_operations WHERE id = ?").bind(entryId).run();
}

Result<std::vector<JournalEntry>> Store::openJournalEntries() const
{
    std::lock_guard lock(m_mutex);
    Statement query(m_database,
                    "SELECT id, kind, host_uri, sandbox_id, display_name, domain_name, target_domains, target_ids, "
                    "owner_pid, owner_start_time, started_at_ms FROM journal_operations ORDER BY id");
    Result<std::vector<JournalEntry>> entries = query.readRows([](Statement& row) {
        JournalEntry entry;
        entry.id = row.integer(0);
        entry.kind = row.text(1);
        entry.hostUri = row.text(2);
        entry.sandboxId = row.text(3);
        entry.displayName = row.text(4);
        entry.domainName = row.text(5);
        entry.targetDomains = splitNames(row.text(6));
        entry.targetIds = splitNames(row.text(7));
        entry.owner.pid = row.integer(8);
        entry.owner.startTime = row.text(9);
        entry.startedAtMs = row.integer(10);
        return entry;
    });
    if (!entries)
        return entries;

    // rowid order is insertion order, so the phases come back in the order they were recorded.
    Statement phases(m_database,
                     "SELECT domain_name, phase, event, at_ms FROM journal_phases WHERE operation_id = ? ORDER BY rowid");
    for (JournalEntry& entry : *entries) {
        phases.reset();
        phases.bind(entry.id);
        Result<std::vector<JournalPhase>> recorded = phases.readRows([](Statement& row) {
            return JournalPhase{row.text(0), row.text(1), phaseEventFromString(row.text(2)), row.integer(3)};
        });
        if (!recorded)
            return tl::unexpected(recorded.error());
        entry.phases = std::move(*recorded);
    }
    return entries;
}

}  // namespace shoal::core
