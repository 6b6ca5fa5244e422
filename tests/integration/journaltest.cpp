// Crashes of shoalctl at chosen phases of create, sleep, wake and clone on the real libvirtd,
// followed by the reconcile of the next shoalctl run. Each case runs shoalctl as a child process
// with SHOAL_CRASH_AT set, so the kill happens right after the journal stored that phase event.
// The sandboxes get display names "jt-<pid>-<case>" and their own database, so the reconcile
// touches only them. The orphan sweep is off in these runs, because the pool of the shared
// libvirtd may hold other people's volumes.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/store.h"
#include "hypervisor/libvirthypervisor.h"
#include "hypervisor/storagepool.h"
#include "tests/integration/hostinspector.h"
#include "tests/integration/integrationenvironment.h"

extern char** environ;

namespace shoal::integration {
namespace {

struct ChildResult {
    int exitCode = -1;      // -1 when the child ended by a signal
    int signal = 0;         // the signal that ended it, or 0
    std::string output;     // stdout
    std::string errors;     // stderr
};

std::string readFile(const std::string& path)
{
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// One crash case: the command that crashes, the crash point, and what the recovery must show.
struct CrashCase {
    const char* name;           // also the sandbox's display name suffix
    const char* kind;           // "create", "sleep", "wake" or "clone"
    const char* crashAt;
    int expectedSandboxes;      // sandboxes of this case listed after the reconcile
    const char* expectedState;  // state of the case's first sandbox after it, or "" when it is gone
};

std::ostream& operator<<(std::ostream& out, const CrashCase& crashCase)
{
    return out << crashCase.crashAt;
}

class JournalCrash : public ::testing::TestWithParam<CrashCase> {
protected:
    void SetUp() override
    {
        core::Result<IntegrationSettings> settings = readIntegrationSettings();
        ASSERT_TRUE(settings) << settings.error().detail;
        m_settings = *settings;
        ASSERT_FALSE(m_directory.path().empty());
        m_databasePath = (m_directory.path() / "shoal.db").string();
        m_inspector = std::make_unique<HostInspector>(m_settings.libvirtUri);
        ASSERT_TRUE(m_inspector->isOpen()) << m_inspector->error();
        m_name = "jt-" + std::to_string(::getpid()) + "-" + GetParam().name;

        const ChildResult added = run({"host", "add", m_settings.libvirtUri, "--zone", "z1", "--pool", "baseline",
                                       "--domain-type", "qemu"});
        ASSERT_EQ(added.exitCode, 0) << added.errors;
    }

    void TearDown() override
    {
        std::set<std::string> domains(m_domains.begin(), m_domains.end());
        for (const std::string& domain : m_inspector->domainsWithMetadataText(m_name))
            domains.insert(domain);
        if (domains.empty())
            return;

        hypervisor::LibvirtHypervisor hypervisor;
        core::HostSpec spec;
        spec.uri = m_settings.libvirtUri;
        core::Result<std::unique_ptr<core::HostConnection>> connection = hypervisor.open(spec);
        ASSERT_TRUE(connection) << connection.error().detail;
        ASSERT_TRUE((*connection)->connect());
        // Clones first, so their sources' frozen images are released in order.
        for (auto it = domains.rbegin(); it != domains.rend(); ++it)
            (*connection)->destroySandbox(*it);
        (*connection)->disconnect();
        for (const std::string& domain : domains) {
            for (const std::string& volume : volumesOf(domain))
                ADD_FAILURE() << "volume \"" << volume << "\" is left after destroying every test sandbox";
        }
    }

    // Runs shoalctl with this test's database, and with the crash point when it is not empty.
    ChildResult run(const std::vector<std::string>& arguments, const std::string& crashAt = {})
    {
        std::vector<std::string> environment{"SHOAL_DB=" + m_databasePath, "SHOAL_ORPHAN_SWEEP=off"};
        if (!crashAt.empty())
            environment.push_back("SHOAL_CRASH_AT=" + crashAt);
        for (char** variable = environ; *variable; ++variable) {
            const std::string entry = *variable;
            if (!entry.starts_with("SHOAL_DB=") && !entry.starts_with("SHOAL_CRASH_AT=") &&
                !entry.starts_with("SHOAL_ORPHAN_SWEEP="))
                environment.push_back(entry);
        }
        std::vector<std::string> argumentList{SHOAL_CTL_PATH};
        argumentList.insert(argumentList.end(), arguments.begin(), arguments.end());

        std::vector<char*> argv;
        for (std::string& argument : argumentList)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (std::string& variable : environment)
            envp.push_back(variable.data());
        envp.push_back(nullptr);

        const std::string outputPath = (m_directory.path() / "stdout").string();
        const std::string errorPath = (m_directory.path() / "stderr").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errorPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        pid_t child = 0;
        const int spawned = posix_spawn(&child, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        ChildResult result;
        if (spawned != 0) {
            result.errors = "posix_spawn of " + argumentList.front() + " failed with error " + std::to_string(spawned);
            return result;
        }
        int status = 0;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(status))
            result.exitCode = WEXITSTATUS(status);
        if (WIFSIGNALED(status))
            result.signal = WTERMSIG(status);
        result.output = readFile(outputPath);
        result.errors = readFile(errorPath);
        return result;
    }

    std::unique_ptr<core::Store> openStore()
    {
        core::Result<std::unique_ptr<core::Store>> store = core::Store::open(m_databasePath);
        EXPECT_TRUE(store) << (store ? "" : store.error().detail);
        return store ? std::move(*store) : nullptr;
    }

    // Returns the volumes of Shoal's pool and its scratch pool whose names start with "<domain>.".
    std::vector<std::string> volumesOf(const std::string& domain)
    {
        std::vector<std::string> volumes;
        for (const char* pool : {hypervisor::kStoragePoolName, hypervisor::kScratchPoolName}) {
            for (const std::string& volume : m_inspector->volumeNames(pool)) {
                if (volume.starts_with(domain + "."))
                    volumes.push_back(volume);
            }
        }
        return volumes;
    }

    // Returns this case's sandboxes as `shoalctl --json sandbox list` shows them.
    std::vector<nlohmann::json> listOwnSandboxes()
    {
        const ChildResult listed = run({"--json", "sandbox", "list"});
        EXPECT_EQ(listed.exitCode, 0) << listed.errors;
        std::vector<nlohmann::json> own;
        const nlohmann::json sandboxes = nlohmann::json::parse(listed.output, nullptr, false);
        EXPECT_TRUE(sandboxes.is_array()) << listed.output;
        if (!sandboxes.is_array())
            return own;
        for (const nlohmann::json& sandbox : sandboxes) {
            if (sandbox.value("name", "").starts_with(m_name))
                own.push_back(sandbox);
        }
        return own;
    }

    // Runs the steps before the crashing command, without a crash point.
    void prepare(const CrashCase& crashCase)
    {
        const std::string kind = crashCase.kind;
        if (kind == "create")
            return;
        const ChildResult created = run({"sandbox", "create", "--template", "tiny", "--host", m_settings.libvirtUri,
                                         "--name", m_name, "--wait-ready"});
        ASSERT_EQ(created.exitCode, 0) << created.errors;
        if (kind == "wake") {
            const ChildResult slept = run({"sandbox", "sleep", m_name});
            ASSERT_EQ(slept.exitCode, 0) << slept.errors;
        }
    }

    std::vector<std::string> crashingCommand(const CrashCase& crashCase) const
    {
        const std::string kind = crashCase.kind;
        if (kind == "create")
            return {"sandbox", "create", "--template", "tiny", "--host", m_settings.libvirtUri, "--name", m_name};
        if (kind == "clone")
            return {"sandbox", "clone", m_name, "--prefix", m_name + "-clone"};
        return {"sandbox", kind, m_name};
    }

    IntegrationSettings m_settings;
    TemporaryDirectory m_directory;
    std::string m_databasePath;
    std::unique_ptr<HostInspector> m_inspector;
    std::string m_name;
    std::vector<std::string> m_domains;   // every domain the journal named, for TearDown
};

TEST_P(JournalCrash, ReconcileLeavesNoOrphans)
{
    const CrashCase& crashCase = GetParam();
    ASSERT_NO_FATAL_FAILURE(prepare(crashCase));

    const ChildResult crashed = run(crashingCommand(crashCase), crashCase.crashAt);
    ASSERT_EQ(crashed.signal, SIGKILL) << "shoalctl did not reach crash point " << crashCase.crashAt
                                       << "; exit code " << crashed.exitCode << ": " << crashed.errors;

    // The journal names every domain the interrupted operation could have touched.
    std::vector<std::string> journalDomains;
    {
        std::unique_ptr<core::Store> store = openStore();
        ASSERT_TRUE(store);
        core::Result<std::vector<core::JournalEntry>> entries = store->openJournalEntries();
        ASSERT_TRUE(entries) << entries.error().detail;
        ASSERT_EQ(entries->size(), 1u);
        const core::JournalEntry& entry = entries->front();
        EXPECT_EQ(entry.kind, crashCase.kind);
        journalDomains.push_back(entry.domainName);
        journalDomains.insert(journalDomains.end(), entry.targetDomains.begin(), entry.targetDomains.end());
        m_domains = journalDomains;
    }

    const std::vector<nlohmann::json> listed = listOwnSandboxes();

    std::unique_ptr<core::Store> store = openStore();
    ASSERT_TRUE(store);
    core::Result<std::vector<core::JournalEntry>> open = store->openJournalEntries();
    ASSERT_TRUE(open) << open.error().detail;
    EXPECT_TRUE(open->empty()) << "the reconcile left " << open->size() << " journal entries open";
    core::Result<std::vector<core::StoredSandbox>> rows = store->sandboxes();
    ASSERT_TRUE(rows) << rows.error().detail;

    EXPECT_EQ(static_cast<int>(listed.size()), crashCase.expectedSandboxes);
    std::set<std::string> names;
    for (const nlohmann::json& sandbox : listed)
        EXPECT_TRUE(names.insert(sandbox.value("name", "")).second) << "sandbox listed twice: " << sandbox.dump();

    for (const std::string& domain : journalDomains) {
        const bool exists = m_inspector->hasDomain(domain);
        const auto listedCount = std::count_if(listed.begin(), listed.end(), [&](const nlohmann::json& sandbox) {
            return sandbox.value("domain", "") == domain;
        });
        const auto rowCount = std::count_if(rows->begin(), rows->end(), [&](const core::StoredSandbox& row) {
            return row.domainName == domain;
        });
        EXPECT_EQ(listedCount, exists ? 1 : 0) << domain;
        EXPECT_EQ(rowCount, exists ? 1 : 0) << domain;
        for (const std::string& volume : volumesOf(domain)) {
            EXPECT_TRUE(exists) << "volume \"" << volume << "\" of the removed domain \"" << domain << "\" is left";
            EXPECT_FALSE(volume.ends_with(".restore")) << volume;
            EXPECT_FALSE(volume.ends_with(".mem")) << volume;
        }
    }

    if (listed.empty())
        return;
    const nlohmann::json& first = listed.front();
    EXPECT_EQ(first.value("state", ""), crashCase.expectedState);
    const std::string domain = first.value("domain", "");
    const std::vector<std::string> volumes = volumesOf(domain);
    const bool hasImage = std::find(volumes.begin(), volumes.end(), domain + ".save") != volumes.end();
    EXPECT_EQ(hasImage, std::string(crashCase.expectedState) == "asleep");

    // A sandbox that the reconcile left asleep wakes from its kept image.
    if (std::string(crashCase.expectedState) == "asleep") {
        const ChildResult woken = run({"sandbox", "wake", m_name});
        EXPECT_EQ(woken.exitCode, 0) << woken.errors;
        const std::vector<std::string> after = volumesOf(domain);
        EXPECT_EQ(std::find(after.begin(), after.end(), domain + ".save"), after.end());
    }
}

// The phases that decide the outcome: before and after the domain or image exists. Skipped:
// the other create phases (overlay, console-log, copy-state, rewrite-header), which leave the
// same kind of volumes as "define"; check-space, which changes nothing; and a kill while
// libvirtd itself is still saving or restoring, which no phase event can time exactly.
INSTANTIATE_TEST_SUITE_P(
    Phases, JournalCrash,
    ::testing::Values(CrashCase{"create-row", "create", "create:save-row:finished", 0, ""},
                      CrashCase{"create-define", "create", "create:define:finished", 0, ""},
                      CrashCase{"create-restored", "create", "create:restore:finished", 1, "running"},
                      CrashCase{"sleep-before-save", "sleep", "sleep:save:started", 1, "running"},
                      CrashCase{"sleep-saved", "sleep", "sleep:save:finished", 1, "asleep"},
                      CrashCase{"wake-before-restore", "wake", "wake:restore:started", 1, "asleep"},
                      CrashCase{"wake-restored", "wake", "wake:restore:finished", 1, "running"},
                      CrashCase{"clone-snapshot", "clone", "clone:snapshot:finished", 1, "running"},
                      CrashCase{"clone-restore", "clone", "clone:restore:started", 1, "running"},
                      CrashCase{"clone-restored", "clone", "clone:save-rows:started", 2, "running"}),
    [](const ::testing::TestParamInfo<CrashCase>& info) {
        std::string name = info.param.name;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

}  // namespace
}  // namespace shoal::integration
