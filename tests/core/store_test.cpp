#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/store.h"
#include "tests/core/testfiles.h"

namespace shoal::core {
namespace {

using tests::TemporaryDirectory;

std::unique_ptr<Store> openOrFail(const std::string& path)
{
    Result<std::unique_ptr<Store>> store = Store::open(path);
    EXPECT_TRUE(store) << (store ? "" : store.error().detail);
    return store ? std::move(*store) : nullptr;
}

HostSpec sampleHost()
{
    HostSpec host;
    host.uri = "qemu+ssh://root@h1/system";
    host.name = "h1";
    host.labels = HostLabels{"az1", "baseline", "m.large", 0.25};
    host.domainType = DomainType::Qemu;
    return host;
}

StoredSandbox sampleSandbox()
{
    StoredSandbox sandbox;
    sandbox.metadata.id = "k3x9q2ab";
    sandbox.metadata.displayName = "Robert'); DROP TABLE sandboxes;-- 沙箱";
    sandbox.metadata.templateName = "tiny";
    sandbox.metadata.parentId = "parent22";
    sandbox.metadata.zone = "az1";
    sandbox.metadata.pool = "baseline";
    sandbox.metadata.createdAtMs = 1733300000123;
    sandbox.domainName = "shoal-k3x9q2ab";
    sandbox.hostUri = "qemu+ssh://root@h1/system";
    return sandbox;
}

TEST(Store, HostRoundTrip)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->saveHost(sampleHost()));

    Result<std::vector<HostSpec>> hosts = store->hosts();

    ASSERT_TRUE(hosts);
    ASSERT_EQ(hosts->size(), 1u);
    const HostSpec& host = hosts->front();
    EXPECT_EQ(host.uri, "qemu+ssh://root@h1/system");
    EXPECT_EQ(host.name, "h1");
    EXPECT_EQ(host.labels.zone, "az1");
    EXPECT_EQ(host.labels.pool, "baseline");
    EXPECT_EQ(host.labels.instanceType, "m.large");
    EXPECT_DOUBLE_EQ(host.labels.costPerHour, 0.25);
    EXPECT_EQ(host.domainType, DomainType::Qemu);
}

TEST(Store, SavingHostAgainReplacesIt)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    HostSpec host = sampleHost();
    ASSERT_TRUE(store->saveHost(host));
    host.labels.zone = "az2";
    ASSERT_TRUE(store->saveHost(host));

    Result<std::vector<HostSpec>> hosts = store->hosts();

    ASSERT_TRUE(hosts);
    ASSERT_EQ(hosts->size(), 1u);
    EXPECT_EQ(hosts->front().labels.zone, "az2");
}

TEST(Store, TemplateRoundTrip)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    Template saved;
    saved.name = "big & [odd]";
    saved.vcpus = 4;
    saved.memoryMiB = 4096;
    saved.diskMiB = 2048;
    saved.kernelPath = "/srv/images/a & b/vmlinuz";
    saved.initrdPath = "/srv/images/[x]/initramfs.img";
    saved.baseImagePath = "/srv/images/base.raw";
    saved.kernelCmdline = "console=ttyS0 quiet";
    saved.readyMarker = "READY!";
    ASSERT_TRUE(store->saveTemplate(saved));

    Result<std::vector<Template>> templates = store->templates();

    ASSERT_TRUE(templates);
    ASSERT_EQ(templates->size(), 1u);
    const Template& loaded = templates->front();
    EXPECT_EQ(loaded.name, saved.name);
    EXPECT_EQ(loaded.vcpus, 4);
    EXPECT_EQ(loaded.memoryMiB, 4096u);
    EXPECT_EQ(loaded.diskMiB, 2048u);
    EXPECT_EQ(loaded.kernelPath, saved.kernelPath);
    EXPECT_EQ(loaded.initrdPath, saved.initrdPath);
    EXPECT_EQ(loaded.baseImagePath, saved.baseImagePath);
    EXPECT_EQ(loaded.kernelCmdline, saved.kernelCmdline);
    EXPECT_EQ(loaded.readyMarker, "READY!");

    ASSERT_TRUE(store->removeTemplate(saved.name));
    EXPECT_TRUE(store->templates()->empty());
}

TEST(Store, SandboxRoundTripKeepsQuotesAndUnicode)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    const StoredSandbox saved = sampleSandbox();
    ASSERT_TRUE(store->saveSandbox(saved));

    Result<std::vector<StoredSandbox>> sandboxes = store->sandboxes();

    ASSERT_TRUE(sandboxes);
    ASSERT_EQ(sandboxes->size(), 1u);
    const StoredSandbox& loaded = sandboxes->front();
    EXPECT_EQ(loaded.metadata.id, saved.metadata.id);
    EXPECT_EQ(loaded.metadata.displayName, saved.metadata.displayName);
    EXPECT_EQ(loaded.metadata.templateName, "tiny");
    EXPECT_EQ(loaded.metadata.parentId, "parent22");
    EXPECT_EQ(loaded.metadata.zone, "az1");
    EXPECT_EQ(loaded.metadata.pool, "baseline");
    EXPECT_EQ(loaded.metadata.createdAtMs, 1733300000123);
    EXPECT_EQ(loaded.domainName, "shoal-k3x9q2ab");
    EXPECT_EQ(loaded.hostUri, saved.hostUri);
    EXPECT_EQ(store->hasSandboxId("k3x9q2ab"), true);
    EXPECT_EQ(store->hasSandboxId("zzzzzzzz"), false);
}

TEST(Store, RemovingHostRemovesItsSandboxes)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->saveHost(sampleHost()));
    ASSERT_TRUE(store->saveSandbox(sampleSandbox()));
    StoredSandbox elsewhere = sampleSandbox();
    elsewhere.metadata.id = "other222";
    elsewhere.hostUri = "qemu:///system";
    ASSERT_TRUE(store->saveSandbox(elsewhere));

    ASSERT_TRUE(store->removeHost("qemu+ssh://root@h1/system"));

    EXPECT_TRUE(store->hosts()->empty());
    ASSERT_EQ(store->sandboxes()->size(), 1u);
    EXPECT_EQ(store->sandboxes()->front().metadata.id, "other222");
}

TEST(Store, PlacementRoundTripAndRemovalWithItsSandbox)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    const StoredSandbox sandbox = sampleSandbox();
    ASSERT_TRUE(store->saveSandbox(sandbox));
    PlacementRecord record;
    record.sandboxId = sandbox.metadata.id;
    record.unit = "serverless";
    record.hostUri = sandbox.hostUri;
    record.score = 0.625;
    record.runnerUpHostUri = "qemu:///system";
    record.runnerUpScore = 0.5;
    record.spreadIgnored = true;
    record.pendingAtDecision = 612;
    record.oldestWaitMsAtDecision = 31000;
    record.waitedMs = 1200;
    record.decidedAtMs = 1733300000456;
    ASSERT_TRUE(store->savePlacement(record));
    ASSERT_TRUE(store->saveSetting("placement-policy", "units:\n  - name: all\n"));

    ASSERT_EQ(store->placements()->size(), 1u);
    EXPECT_EQ(store->placements()->front(), record);
    EXPECT_EQ(store->setting("placement-policy")->value_or(""), "units:\n  - name: all\n");
    EXPECT_FALSE(store->setting("no-such-key")->has_value());

    ASSERT_TRUE(store->removeSandbox(sandbox.metadata.id));
    EXPECT_TRUE(store->placements()->empty());
}

TEST(Store, ConcurrentWritersKeepEveryRow)
{
    auto store = openOrFail(":memory:");
    ASSERT_TRUE(store);
    std::vector<std::thread> writers;
    for (int writer = 0; writer < 4; ++writer) {
        writers.emplace_back([&store, writer] {
            for (int i = 0; i < 50; ++i) {
                StoredSandbox sandbox = sampleSandbox();
                sandbox.metadata.id = "w" + std::to_string(writer) + "-" + std::to_string(i);
                EXPECT_TRUE(store->saveSandbox(sandbox));
            }
        });
    }
    for (std::thread& writer : writers)
        writer.join();

    Result<std::vector<StoredSandbox>> sandboxes = store->sandboxes();

    ASSERT_TRUE(sandboxes);
    EXPECT_EQ(sandboxes->size(), 200u);
}

TEST(Store, FreshFileMigratesToLatestInWalMode)
{
    TemporaryDirectory directory;
    const std::string path = directory.file("shoal.db");
    auto store = openOrFail(path);
    ASSERT_TRUE(store);

    EXPECT_EQ(store->schemaVersion(), Store::latestSchemaVersion());
    EXPECT_GE(Store::latestSchemaVersion(), 1);
    ASSERT_TRUE(store->saveSandbox(sampleSandbox()));
    EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
}

TEST(Store, ExistingFileKeepsDataAndVersion)
{
    TemporaryDirectory directory;
    const std::string path = directory.file("shoal.db");
    {
        auto first = openOrFail(path);
        ASSERT_TRUE(first);
        ASSERT_TRUE(first->saveHost(sampleHost()));
        ASSERT_TRUE(first->saveSandbox(sampleSandbox()));
    }

    auto reopened = openOrFail(path);

    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->schemaVersion(), Store::latestSchemaVersion());
    EXPECT_EQ(reopened->hosts()->size(), 1u);
    EXPECT_EQ(reopened->sandboxes()->size(), 1u);
}

TEST(Store, FileAtVersionZeroIsMigrated)
{
    TemporaryDirectory directory;
    const std::string path = directory.file("old.db");
    {
        sqlite3* database = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &database), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(database,
                               "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                               "INSERT INTO schema_version VALUES (0);",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(database);
    }

    auto store = openOrFail(path);

    ASSERT_TRUE(store);
    EXPECT_EQ(store->schemaVersion(), Store::latestSchemaVersion());
    EXPECT_TRUE(store->saveHost(sampleHost()));
}

TEST(Store, NewerSchemaIsRejected)
{
    TemporaryDirectory directory;
    const std::string path = directory.file("future.db");
    {
        sqlite3* database = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &database), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(database,
                               "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                               "INSERT INTO schema_version VALUES (999);",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(database);
    }

    Result<std::unique_ptr<Store>> store = Store::open(path);

    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::StorageError);
    EXPECT_NE(store.error().detail.find("schema version is 999"), std::string::npos) << store.error().detail;
}

TEST(Store, CorruptFileGivesClearError)
{
    TemporaryDirectory directory;
    const std::string path = directory.write("corrupt.db", std::string(4096, 'x'));

    Result<std::unique_ptr<Store>> store = Store::open(path);

    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::StorageError);
    EXPECT_NE(store.error().detail.find("Failed to open database \"" + path + "\""), std::string::npos)
        << store.error().detail;
    EXPECT_NE(store.error().detail.find("not a database"), std::string::npos) << store.error().detail;
}

TEST(Store, MissingDirectoryGivesClearError)
{
    TemporaryDirectory directory;
    const std::string path = directory.file("no-such-directory/shoal.db");

    Result<std::unique_ptr<Store>> store = Store::open(path);

    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::StorageError);
    EXPECT_NE(store.error().detail.find(path), std::string::npos) << store.error().detail;
}

}  // namespace
}  // namespace shoal::core
