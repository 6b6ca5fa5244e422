// Two real libvirtd daemons, each in its own mount namespace with its own socket, reached through
// qemu+unix:///system?socket=..., so Shoal uses libvirt's remote protocol as with a remote host.
// One daemon is killed and restarted while the other keeps running. Needs root, like the
// daemons that scripts/start-libvirtd starts.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "core/fleet.h"
#include "core/store.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirthypervisor.h"
#include "tests/integration/integrationenvironment.h"

namespace shoal::integration {
namespace {

using namespace std::chrono_literals;

// Guards every wait against a hang; none of the waits is meant to take this long.
constexpr auto kHangGuard = 120s;

// One libvirtd started by tests/integration/private-libvirtd. The script replaces itself with the
// daemon, so the PID of the child is the daemon's PID, and only that PID is ever killed.
class PrivateDaemon {
public:
    explicit PrivateDaemon(std::filesystem::path directory)
        : m_directory(std::move(directory))
    {
    }
    ~PrivateDaemon() { kill(); }

    std::string uri() const { return "qemu+unix:///system?socket=" + (m_directory / "sock/libvirt-sock").string(); }

    // Starts the daemon and waits until it accepts connections. Returns false on a hang.
    bool start()
    {
        const std::string script = std::string(SHOAL_SOURCE_DIR) + "/tests/integration/private-libvirtd";
        const std::string log = (m_directory.parent_path() / (m_directory.filename().string() + ".log")).string();
        // The fleet's threads may run during a restart, so the child makes only calls that are
        // safe after fork() in a threaded process before it execs.
        m_pid = fork();
        if (m_pid == 0) {
            const int logFile = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (logFile >= 0) {
                dup2(logFile, STDOUT_FILENO);
                dup2(logFile, STDERR_FILENO);
            }
            execl(script.c_str(), script.c_str(), m_directory.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        // Refused connections are expected until the daemon listens, so libvirt's default
        // handler, which prints every error, is silenced.
        virSetErrorFunc(nullptr, [](void*, virErrorPtr) {});
        const auto deadline = std::chrono::steady_clock::now() + kHangGuard;
        while (std::chrono::steady_clock::now() < deadline) {
            if (virConnectPtr connection = virConnectOpen(uri().c_str())) {
                virConnectClose(connection);
                return true;
            }
            std::this_thread::sleep_for(200ms);
        }
        return false;
    }

    // Kills the daemon as a crash would, with no chance to close its connections politely.
    void kill()
    {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }

private:
    std::filesystem::path m_directory;
    pid_t m_pid = -1;
};

// Keeps the latest status of every host and counts stats ticks per host.
class FleetRecorder : public core::FleetListener {
public:
    void hostChanged(const core::HostStatus& host) override
    {
        update([&] { m_hosts[host.spec.uri] = host; });
    }
    void sandboxChanged(const core::SandboxInfo& sandbox) override
    {
        update([&] { m_sandboxes[sandbox.domainName] = sandbox; });
    }
    void statsTick(const core::HostStatsTick& tick) override
    {
        update([&] { ++m_ticks[tick.hostUri]; });
    }

    core::ConnectionState connection(const std::string& uri)
    {
        std::lock_guard lock(m_mutex);
        auto found = m_hosts.find(uri);
        return found == m_hosts.end() ? core::ConnectionState::Connecting : found->second.connection;
    }
    long ticks(const std::string& uri)
    {
        std::lock_guard lock(m_mutex);
        return m_ticks[uri];
    }
    std::optional<core::SandboxState> sandboxState(const std::string& domainName)
    {
        std::lock_guard lock(m_mutex);
        auto found = m_sandboxes.find(domainName);
        return found == m_sandboxes.end() ? std::nullopt : std::optional(found->second.state);
    }

    // Waits until `condition`, called with the lock released, holds. Returns false on a hang.
    bool waitUntil(const std::function<bool()>& condition)
    {
        const auto deadline = std::chrono::steady_clock::now() + kHangGuard;
        while (!condition()) {
            std::unique_lock lock(m_mutex);
            if (m_changed.wait_until(lock, deadline) == std::cv_status::timeout)
                return condition();
        }
        return true;
    }

private:
    void update(const std::function<void()>& change)
    {
        {
            std::lock_guard lock(m_mutex);
            change();
        }
        m_changed.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, core::HostStatus> m_hosts;
    std::map<std::string, core::SandboxInfo> m_sandboxes;
    std::map<std::string, long> m_ticks;
};

// Defines a stopped Shoal domain on `uri` with a raw libvirt call, behind the fleet's back.
bool defineShoalDomain(const std::string& uri, const std::string& id)
{
    hypervisor::DomainDefinition definition;
    definition.name = "shoal-" + id;
    definition.kernelPath = "/nonexistent-shoal-test/vmlinuz";
    definition.initrdPath = "/nonexistent-shoal-test/initramfs.img";
    definition.overlayPath = "/nonexistent-shoal-test/" + id + ".qcow2";
    definition.backingPath = "/nonexistent-shoal-test/base.raw";
    definition.consoleLogPath = "/nonexistent-shoal-test/" + id + ".log";
    definition.metadata.id = id;
    definition.metadata.displayName = "two-daemons-" + id;
    definition.metadata.templateName = "tiny";
    core::Result<std::string> xml = hypervisor::buildDomainXml(definition);
    if (!xml)
        return false;
    virConnectPtr connection = virConnectOpen(uri.c_str());
    if (!connection)
        return false;
    virDomainPtr domain = virDomainDefineXML(connection, xml->c_str());
    if (domain)
        virDomainFree(domain);
    virConnectClose(connection);
    return domain != nullptr;
}

TEST(TwoDaemons, KilledHostReconnectsWhileOtherReports)
{
    TemporaryDirectory directory;
    ASSERT_FALSE(directory.path().empty());
    PrivateDaemon first(directory.path() / "a");
    PrivateDaemon second(directory.path() / "b");
    ASSERT_TRUE(first.start()) << "the first private libvirtd did not start; see " << directory.path();
    ASSERT_TRUE(second.start()) << "the second private libvirtd did not start; see " << directory.path();

    core::Result<std::unique_ptr<core::Store>> store = core::Store::open((directory.path() / "shoal.db").string());
    ASSERT_TRUE(store) << store.error().detail;
    hypervisor::LibvirtHypervisor hypervisor;
    FleetRecorder recorder;
    core::FleetOptions options;
    options.reconnectInitialDelay = 500ms;
    options.reconnectMaxDelay = 2s;
    auto fleet = std::make_unique<core::Fleet>(hypervisor, **store, options);
    fleet->setListener(&recorder);
    for (const std::string& uri : {first.uri(), second.uri()}) {
        core::HostSpec spec;
        spec.uri = uri;
        core::Result<core::HostStatus> added = fleet->addHost(spec, core::Fleet::Persistence::InMemory);
        ASSERT_TRUE(added) << added.error().detail;
    }
    ASSERT_TRUE(defineShoalDomain(first.uri(), "twodmn01"));
    ASSERT_TRUE(recorder.waitUntil([&] { return recorder.sandboxState("shoal-twodmn01") == core::SandboxState::Stopped; }));

    const auto killedAt = std::chrono::steady_clock::now();
    first.kill();
    ASSERT_TRUE(recorder.waitUntil([&] { return recorder.connection(first.uri()) == core::ConnectionState::Disconnected; }));
    const auto noticedAfter = std::chrono::steady_clock::now() - killedAt;
    RecordProperty("disconnect_noticed_ms",
                   static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(noticedAfter).count()));
    EXPECT_TRUE(recorder.waitUntil([&] { return recorder.sandboxState("shoal-twodmn01") == core::SandboxState::Unknown; }));

    // The other host keeps reporting while the first one is gone.
    const long secondTicks = recorder.ticks(second.uri());
    EXPECT_TRUE(recorder.waitUntil([&] { return recorder.ticks(second.uri()) >= secondTicks + 3; }));
    EXPECT_EQ(recorder.connection(first.uri()), core::ConnectionState::Disconnected);

    ASSERT_TRUE(first.start());
    EXPECT_TRUE(recorder.waitUntil([&] { return recorder.connection(first.uri()) == core::ConnectionState::Connected; }));
    EXPECT_TRUE(recorder.waitUntil([&] { return recorder.sandboxState("shoal-twodmn01") == core::SandboxState::Stopped; }));

    // Events and stats flow again on the new connection.
    const long firstTicks = recorder.ticks(first.uri());
    ASSERT_TRUE(defineShoalDomain(first.uri(), "twodmn02"));
    EXPECT_TRUE(recorder.waitUntil([&] { return recorder.sandboxState("shoal-twodmn02") == core::SandboxState::Stopped; }));
    EXPECT_TRUE(recorder.waitUntil([&] { return recorder.ticks(first.uri()) >= firstTicks + 3; }));

    fleet.reset();
}

}  // namespace
}  // namespace shoal::integration
