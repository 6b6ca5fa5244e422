#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/burst.h"
#include "core/error.h"
#include "core/journal.h"
#include "core/model.h"
#include "core/placementrecord.h"
#include "core/warmpool.h"

struct sqlite3;

namespace shoal::core {

// A sandbox row: the metadata of its domain, and the domain name and host.
struct StoredSandbox {
    SandboxMetadata metadata;
    std::string domainName;
    std::string hostUri;
};

// A row of stats history: the encoded points of one series (a sandbox id or a host URI) from
// `bucketStartS` on. Seconds are kept in one row a minute, minutes in one row an hour.
struct StatsBucket {
    std::string series;
    int resolutionS = 1;               // 1 or 60
    std::int64_t bucketStartS = 0;     // Unix time
    std::string samples;               // encoded by statsencoding.h
};

// Shoal's SQLite database: hosts and their labels, templates, sandboxes, their placements and
// settings such as the placement policy. It opens the file in WAL mode and brings the schema up
// to date with numbered migrations recorded in the table schema_version. All methods are
// thread-safe; one mutex makes the store the only writer of its connection. Errors are
// StorageError with SQLite's message.
class Store {
public:
    // Opens or creates the database at `path` (":memory:" for a private in-memory database) and
    // migrates it. Fails with StorageError when the file cannot be opened, is not an SQLite
    // database, or has a schema newer than this build supports.
    static Result<std::unique_ptr<Store>> open(const std::string& path);

    // Returns the schema version this build migrates to.
    static int latestSchemaVersion();

    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const { return m_path; }
    Result<int> schemaVersion() const;

    // Inserts the host, or replaces the stored host with the same URI.
    Status saveHost(const HostSpec& host);
    // Removes the host and the sandbox rows on it. Removing an unknown host is not an error.
    Status removeHost(const std::string& uri);
    Result<std::vector<HostSpec>> hosts() const;

    // Inserts the template, or replaces the stored template with the same name.
    Status saveTemplate(const Template& sandboxTemplate);
    Status removeTemplate(const std::string& name);
    Result<std::vector<Template>> templates() const;

    // Inserts the sandbox, or replaces the stored sandbox with the same id.
    Status saveSandbox(const StoredSandbox& sandbox);
    // Removes the sandbox row. Removing an unknown id is not an error.
    Status removeSandbox(const std::string& id);
    Result<std::vector<StoredSandbox>> sandboxes() const;
    Result<bool> hasSandboxId(const std::string& id) const;

    // Named values such as the placement policy. A missing key reads as nothing.
    Status saveSetting(const std::string& key, const std::string& value);
    Result<std::optional<std::string>> setting(const std::string& key) const;

    // Inserts the placement of a sandbox, or replaces the one with the same sandbox id. Removing
    // the sandbox row removes its placement too.
    Status savePlacement(const PlacementRecord& record);
    // Saves many placements in one transaction, which is much faster than one by one.
    Status savePlacements(const std::vector<PlacementRecord>& records);
    Result<std::vector<PlacementRecord>> placements() const;

    // Appends each bucket's samples to the stored row with the same series, resolution and start,
    // or inserts it, all in one transaction.
    Status appendStatsBuckets(const std::vector<StatsBucket>& buckets);
    // Returns the rows of `series` at `resolutionS` that start at or after `sinceS`, oldest first.
    Result<std::vector<StatsBucket>> statsBuckets(const std::string& series, int resolutionS,
                                                  std::int64_t sinceS) const;
    // Deletes the rows at `resolutionS` that start before `beforeS`.
    Status pruneStats(int resolutionS, std::int64_t beforeS);

    // Burst windows not yet reverted, in storeburst.cpp. Saving replaces the sandbox's previous
    // deadline; removing the sandbox row removes its deadline too.
    Status saveBurstDeadline(const BurstDeadline& deadline);
    Status removeBurstDeadline(const std::string& sandboxId);
    Result<std::vector<BurstDeadline>> burstDeadlines() const;
    // Operation journal (storejournal.cpp). Stores the entry without its phases and returns its id.
    Result<std::int64_t> openJournalEntry(const JournalEntry& entry);
    Status appendJournalPhase(std::int64_t entryId, const JournalPhase& phase);
    // Deletes the entry and its phases. Closing an unknown id is not an error.
    Status closeJournalEntry(std::int64_t entryId);
    // Returns every open entry with its phases, oldest first.
    Result<std::vector<JournalEntry>> openJournalEntries() const;

    // Warm-pool target sizes (storewarmpool.cpp). A size of 0 is stored too, because the fleet
    // removes the entries of a pool with a row, while a pool without a row is another store's.
    Status saveWarmPoolTarget(const WarmPoolTarget& target);
    Result<std::vector<WarmPoolTarget>> warmPoolTargets() const;

private:
    Store(std::string path, sqlite3* database);

    Status migrate();
    Status execute(const char* sql);
    Status insertPlacementLocked(const PlacementRecord& record);

    std::string m_path;
    sqlite3* m_database = nullptr;
    mutable std::mutex m_mutex;
};

}  // namespace shoal::core
