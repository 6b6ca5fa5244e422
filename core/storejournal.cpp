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
    std::vector<JournalEntry> entries;
    for (;;) {
        Result<bool> row = query.step();
        if (!row)
            return tl::unexpected(row.error());
        if (!*row)
            break;
        JournalEntry entry;
        entry.id = query.integer(0);
        entry.kind = query.text(1);
        entry.hostUri = query.text(2);
        entry.sandboxId = query.text(3);
        entry.displayName = query.text(4);
        entry.domainName = query.text(5);
        entry.targetDomains = splitNames(query.text(6));
        entry.targetIds = splitNames(query.text(7));
        entry.owner.pid = query.integer(8);
        entry.owner.startTime = query.text(9);
        entry.startedAtMs = query.integer(10);
        entries.push_back(std::move(entry));
    }

    // rowid order is insertion order, so the phases come back in the order they were recorded.
    Statement phases(m_database,
                     "SELECT domain_name, phase, event, at_ms FROM journal_phases WHERE operation_id = ? ORDER BY rowid");
    for (JournalEntry& entry : entries) {
        phases.reset();
        phases.bind(entry.id);
        for (;;) {
            Result<bool> row = phases.step();
            if (!row)
                return tl::unexpected(row.error());
            if (!*row)
                break;
            entry.phases.push_back(
                JournalPhase{phases.text(0), phases.text(1), phaseEventFromString(phases.text(2)), phases.integer(3)});
        }
    }
    return entries;
}

}  // namespace shoal::core
